"""Shared paths and helpers for the test suite."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
#: The real files of both kinds, in ../shared beside the checkout (as in CI).
CORPUS = ROOT.parent / "shared" / "corpus"

SEED_FILES = sorted(SEEDS.glob("*.txt"))
CORPUS_FILES = sorted(p for p in CORPUS.rglob("*.md") if p.name not in {"MANIFEST.md", "SOURCES.md"})


def read_source(path: Path) -> str:
    """A file's text as the parser sees it: exact UTF-8 (line breaks kept), without a leading BOM."""
    return path.read_bytes().decode("utf-8").removeprefix("\ufeff")
