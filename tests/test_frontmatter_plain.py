"""Plain ``key: value`` front matter is read without PyYAML, exactly as PyYAML's loader reads it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from seedparse.parsing import frontmatter
from seedparse.parsing.context import Context
from tests.conftest import CORPUS_FILES, SEED_FILES

_PLAIN = frontmatter._read_plain


def _both(text: str) -> tuple[object, object, bool]:
    """What the reader gives, what PyYAML alone gives, and whether the plain reader took it."""
    taken: list[bool] = []

    def spy(*args: Any) -> bool:
        taken.append(_PLAIN(*args))
        return taken[-1]

    def read(reader: Any) -> object:
        context = Context(text)
        frontmatter._read_plain = reader
        try:
            front = frontmatter.read_front_matter(context)
        finally:
            frontmatter._read_plain = _PLAIN
        return (front.data, front.key_spans, front.value_spans, front.ok, front.end_line, list(context.diagnostics))

    fast, reference = read(spy), read(lambda *args: False)
    return fast, reference, any(taken)


@pytest.mark.parametrize("path", SEED_FILES + CORPUS_FILES, ids=lambda p: p.name)
def test_real_front_matter_reads_the_same(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast, reference, _ = _both(text)
    assert fast == reference


def test_real_notes_take_the_plain_reader() -> None:
    notes = [p for p in CORPUS_FILES if "transcripts" in p.parts]
    assert notes
    taken = [_both(p.read_text(encoding="utf-8"))[2] for p in notes]
    assert sum(taken) / len(taken) >= 0.9


_VALUE = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=0, max_size=30)
_KEY = st.sampled_from(["title", "videoId", "tags", "a-b", "x_1", "Title"])


@settings(max_examples=400, deadline=None)
@given(lines=st.lists(st.tuples(_KEY, st.sampled_from([" ", "  "]), _VALUE, st.sampled_from(["", " "])), max_size=4))
@example(lines=[("title", " ", "12:00", "")])
@example(lines=[("title", " ", "a: b", "")])
@example(lines=[("title", " ", "a #b", "")])
@example(lines=[("title", " ", "a#b", "")])
@example(lines=[("title", " ", "...", "")])
@example(lines=[("title", " ", "x", ""), ("title", " ", "y", "")])
@example(lines=[("title", " ", "Note: yes", "  ")])
def test_generated_front_matter_reads_the_same(lines: list[tuple[str, str, str, str]]) -> None:
    body = "".join(f"{key}:{space}{value}{tail}\n" for key, space, value, tail in lines)
    text = f"---\n{body}---\n\nFrom: [[c]]\n"
    fast, reference, _ = _both(text)
    assert fast == reference
