"""Golden JSON for the seeds: the whole document, compared as data.

Regenerate with ``SEEDPARSE_UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and
read every changed line before committing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import seedparse
from tests.conftest import ROOT, SEED_FILES

GOLDEN = ROOT / "tests" / "golden"


def compact_json(value: object, indent: str = "") -> str:
    """JSON with one member per line, but small flat objects (spans) on one line."""
    inner = indent + " "
    if isinstance(value, dict):
        if not value:
            return "{}"
        if all(not isinstance(v, (dict, list)) for v in value.values()) and len(value) <= 4:
            return json.dumps(value, ensure_ascii=False)
        items = [f"{inner}{json.dumps(k)}: {compact_json(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + compact_json(v, inner) for v in value) + "\n" + indent + "]"
    return json.dumps(value, ensure_ascii=False)


def test_seeds_exist() -> None:
    assert len(SEED_FILES) == 2


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_golden(path: Path) -> None:
    document = seedparse.parse_file(path)
    actual = json.loads(seedparse.to_json(document))
    golden = GOLDEN / f"{path.stem}.json"
    if os.environ.get("SEEDPARSE_UPDATE_GOLDEN"):
        golden.write_text(compact_json(actual) + "\n", encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert actual == expected


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_golden_round_trips_through_the_models(path: Path) -> None:
    golden = (GOLDEN / f"{path.stem}.json").read_text(encoding="utf-8")
    document = seedparse.from_json(golden)
    assert document == seedparse.parse_file(path)
