"""Properties over generated documents and mutated real files (strategies: seedparse.testing)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import seedparse
from seedparse.render import render
from seedparse.spans import LineIndex
from seedparse.testing import documents, inline_runs, tables, wikilinks
from tests.conftest import CORPUS_FILES, SEED_FILES, without_spans

REAL_TEXTS = [path.read_bytes().decode("utf-8") for path in SEED_FILES + CORPUS_FILES]

# Generating whole documents is slow-ish: let the health check allow it.
_SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)


@pytest.mark.slow
@_SLOW
@given(documents())
def test_parse_of_render_is_the_document(document: seedparse.TranscriptNote | seedparse.Article) -> None:
    text = render(document)
    result = seedparse.parse_lenient(text)
    assert not result.errors, (text, [str(d) for d in result.errors])
    assert result.document is not None
    assert without_spans(result.document) == without_spans(document), text


@pytest.mark.slow
@_SLOW
@given(documents())
def test_canonical_form_is_a_fixed_point(document: seedparse.TranscriptNote | seedparse.Article) -> None:
    text = render(document)
    again = seedparse.parse(text)
    assert render(again, canonical=True) == text
    assert render(again) == text


@pytest.mark.slow
@_SLOW
@given(documents())
def test_json_round_trip(document: seedparse.TranscriptNote | seedparse.Article) -> None:
    assert seedparse.from_json(seedparse.to_json(document)) == document


@given(wikilinks())
def test_a_wikilink_alone_round_trips(link: seedparse.WikiLink) -> None:
    note = seedparse.TranscriptNote(title="t", video_id="KL4O_d7AlvQ", channel=link.model_copy(update={"embed": False}))
    parsed = seedparse.parse(render(note))
    assert isinstance(parsed, seedparse.TranscriptNote)
    channel = parsed.channel
    assert channel is not None
    assert channel.model_copy(update={"span": None}) == note.channel


@pytest.mark.slow
@_SLOW
@given(st.lists(inline_runs(), min_size=1, max_size=3), tables())
def test_inline_runs_and_tables_round_trip(runs: list[list[seedparse.Inline]], table: seedparse.Table) -> None:
    blocks: list[seedparse.Block] = [seedparse.Paragraph(children=run) for run in runs]
    note = seedparse.TranscriptNote(title="t", video_id="KL4O_d7AlvQ", intro=[*blocks, table])
    parsed = seedparse.parse_lenient(render(note)).document
    assert parsed is not None
    assert without_spans(parsed)["intro"] == without_spans(note)["intro"]


def _check_never_raises(text: str) -> None:
    result = seedparse.parse_lenient(text)
    index = LineIndex(text.removeprefix("\ufeff"))
    for diagnostic in result.diagnostics:
        span = diagnostic.span
        assert 1 <= span.line <= span.end_line <= index.line_count, str(diagnostic)
        assert 1 <= span.column <= len(index.line_text(span.line)) + 1, str(diagnostic)
        assert 1 <= span.end_column <= len(index.line_text(span.end_line)) + 1, str(diagnostic)
    if result.document is not None:
        assert isinstance(render(result.document), str)


@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    _check_never_raises(text)


_BRACKETS = [
    "[[",
    "]]",
    "[",
    "]",
    '<a class="yt-timestamp" data-t="',
    "</a>",
    "<",
    ">",
    "|",
    "---\n",
    "\n",
    "`",
    "$",
    "*",
]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A seed or corpus file with a few random mutations."""
    text = draw(st.sampled_from(REAL_TEXTS))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "delete-line", "duplicate-line", "cut", "insert"]))
        lines = text.split("\n")
        if kind == "flip" and text:
            at = draw(st.integers(0, len(text) - 1))
            text = text[:at] + chr(draw(st.integers(0, 0x2FF))) + text[at + 1 :]
        elif kind == "delete-line" and lines:
            del lines[draw(st.integers(0, len(lines) - 1))]
            text = "\n".join(lines)
        elif kind == "duplicate-line" and lines:
            at = draw(st.integers(0, len(lines) - 1))
            lines.insert(at, lines[at])
            text = "\n".join(lines)
        elif kind == "cut":
            text = text[: draw(st.integers(0, len(text)))]
        else:
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.sampled_from(_BRACKETS)) + text[at:]
    return text


@settings(deadline=None)
@given(mutated())
def test_mutated_real_files_never_raise(text: str) -> None:
    _check_never_raises(text)
    assert render(seedparse.parse_lenient(text).document or seedparse.TranscriptNote()) is not None


@settings(deadline=None)
@given(mutated())
def test_mutated_real_files_still_render_byte_for_byte(text: str) -> None:
    document = seedparse.parse_lenient(text).document
    if document is not None:
        assert render(document) == text
