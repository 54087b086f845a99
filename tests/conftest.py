"""Shared paths and helpers for the test suite."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings

import seedparse

# Hypothesis profiles: a quick default for `make test`; `thorough` (selected with
# SEEDPARSE_HYPOTHESIS_PROFILE=thorough, as `make test-thorough` does) runs many more
# examples. Tests that set max_examples themselves keep their own count.
settings.register_profile("default", max_examples=60, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("SEEDPARSE_HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
#: The real files of both kinds, kept in the repository (tests/data/corpus/README: sources, licences).
CORPUS = ROOT / "tests" / "data" / "corpus"

SEED_FILES = sorted(SEEDS.glob("*.txt"))
CORPUS_FILES = sorted(p for p in CORPUS.rglob("*.md") if p.name not in {"MANIFEST.md", "SOURCES.md"})


def without_spans(document: Any) -> Any:
    """A document's JSON as data, with every ``span`` left out (to compare content only)."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "span"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(json.loads(seedparse.to_json(document)))


def read_source(path: Path) -> str:
    """A file's text as the parser sees it: exact UTF-8 (line breaks kept), without a leading BOM."""
    return path.read_bytes().decode("utf-8").removeprefix("\ufeff")
