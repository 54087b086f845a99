"""Spans of inline nodes point at the source text they came from."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import seedparse
from seedparse.blocks import Callout, Heading, Paragraph, Table, walk_blocks
from seedparse.channels import ChannelPage
from seedparse.documents import Article, TranscriptNote
from seedparse.inlines import Code, Emphasis, Inline, Link, Strong, Text, walk_inlines
from seedparse.spans import LineIndex, Span
from seedparse.timestamps import Timestamp, TimestampRange
from seedparse.wikilinks import WikiLink
from tests.conftest import CORPUS_FILES, SEED_FILES, read_source

FILES = SEED_FILES + CORPUS_FILES
FILE_IDS = [path.name for path in FILES]

# A markdown escape (``\_``) or an entity (``&amp;``) makes the text differ from its source.
_ESCAPE_OR_ENTITY = re.compile(r"\\|&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def _document(path: Path) -> tuple[str, TranscriptNote | Article | ChannelPage]:
    text = read_source(path)
    result = seedparse.parse_lenient(text, path=path)
    assert result.document is not None, [str(d) for d in result.diagnostics]
    return text, result.document


def _all_inlines(document: TranscriptNote | Article | ChannelPage) -> Iterator[Inline]:
    yield from document.iter_inlines()
    if isinstance(document, Article):
        if document.caption is not None:
            yield from walk_inlines(document.caption.text)
        if document.disclaimer is not None:
            yield from walk_inlines(document.disclaimer.children)


def _start(span: Span) -> tuple[int, int]:
    return span.line, span.column


def _end(span: Span) -> tuple[int, int]:
    return span.end_line, span.end_column


class _Index(LineIndex):
    """A line index that also cuts out the text at a span, checking first that the span lies inside the text."""

    __slots__ = ("_source",)

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._source = text

    def text_of(self, span: Span) -> str:
        assert _start(span) <= _end(span), span
        for line, column in (_start(span), _end(span)):
            assert 1 <= line <= self.line_count, span
            assert 1 <= column <= len(self.line_text(line)) + 1, span
        return self._source[self.offset(span.line, span.column) : self.offset(span.end_line, span.end_column)]


def _spanned(document: TranscriptNote | Article | ChannelPage) -> list[tuple[Inline, Span]]:
    nodes: list[tuple[Inline, Span]] = []
    for node in _all_inlines(document):
        assert node.span is not None, node
        nodes.append((node, node.span))
    return nodes


@pytest.mark.parametrize("path", FILES, ids=FILE_IDS)
def test_every_inline_span_lies_inside_the_source(path: Path) -> None:
    text, document = _document(path)
    index = _Index(text)
    nodes = _spanned(document)
    assert nodes
    for _, span in nodes:
        index.text_of(span)


@pytest.mark.parametrize("path", FILES, ids=FILE_IDS)
def test_wikilink_spans_cover_the_brackets(path: Path) -> None:
    text, document = _document(path)
    index = _Index(text)
    for node, span in _spanned(document):
        if isinstance(node, WikiLink):
            source = index.text_of(span)
            assert source.startswith("![[" if node.embed else "[["), (source, span)
            assert source.endswith("]]"), (source, span)
            assert node.target in source, (source, node.target)


@pytest.mark.parametrize("path", FILES, ids=FILE_IDS)
def test_timestamp_spans_cover_the_anchor(path: Path) -> None:
    text, document = _document(path)
    index = _Index(text)
    for node, span in _spanned(document):
        if isinstance(node, (Timestamp, TimestampRange)):
            source = index.text_of(span)
            first = node if isinstance(node, Timestamp) else node.start
            last = node if isinstance(node, Timestamp) else node.end
            assert source.startswith("[" if first.bare else "<a"), (source, span)
            assert source.endswith("]" if last.bare else "</a>"), (source, span)
        if isinstance(node, Timestamp) and node.bare:
            assert index.text_of(span) == f"[{node.display}]", (span, node.display)
        elif isinstance(node, Timestamp):
            source = index.text_of(span)
            assert source.count("</a>") == 1, (source, span)
            assert "yt-timestamp" in source, (source, span)
            assert f"[{node.display}]" in source or f">{node.display}</a>" in source, (source, node.display)
            if node.data_t is not None:
                assert node.data_t in source, (source, node.data_t)
        if isinstance(node, TimestampRange):
            source = index.text_of(span)
            assert node.separator in source, (source, node.separator)
            assert node.start.span is not None
            assert node.end.span is not None
            assert _start(node.start.span) == _start(span)
            assert _end(node.end.span) == _end(span)
            assert _end(node.start.span) <= _start(node.end.span)


@pytest.mark.parametrize("path", FILES, ids=FILE_IDS)
def test_link_spans_start_at_the_bracket(path: Path) -> None:
    text, document = _document(path)
    index = _Index(text)
    for node, span in _spanned(document):
        if isinstance(node, Link):
            source = index.text_of(span)
            assert source[:1] in ("[", "<"), (source, span)
            assert source[-1:] in (")", ">", "]"), (source, span)


@pytest.mark.parametrize("path", FILES, ids=FILE_IDS)
def test_code_spans_hold_their_code(path: Path) -> None:
    text, document = _document(path)
    index = _Index(text)
    for node, span in _spanned(document):
        if isinstance(node, Code):
            source = index.text_of(span)
            assert source.startswith("`"), (source, span)
            assert source.endswith("`"), (source, span)
            if span.line == span.end_line:
                assert node.code in source, (source, node.code)


@pytest.mark.parametrize("path", FILES, ids=FILE_IDS)
def test_plain_text_spans_match_their_text(path: Path) -> None:
    text, document = _document(path)
    index = _Index(text)
    checked = 0
    for node, span in _spanned(document):
        if isinstance(node, Text) and span.line == span.end_line:
            source = index.text_of(span)
            if _ESCAPE_OR_ENTITY.search(source) is None:
                assert source == node.text, (span, source, node.text)
                checked += 1
    assert checked > 0


@pytest.mark.parametrize("path", FILES, ids=FILE_IDS)
def test_container_spans_enclose_their_children(path: Path) -> None:
    text, document = _document(path)
    index = _Index(text)
    for node, span in _spanned(document):
        if isinstance(node, (Emphasis, Strong, Link)):
            for child in node.children:
                assert child.span is not None
                assert _start(span) <= _start(child.span), (node.type, span, child.span)
                assert _end(child.span) <= _end(span), (node.type, span, child.span)
            if isinstance(node, (Emphasis, Strong)):
                source = index.text_of(span)
                assert source[:1] in ("*", "_"), (source, span)
                assert source[-1:] == source[:1], (source, span)


@pytest.mark.parametrize("path", FILES, ids=FILE_IDS)
def test_siblings_are_in_order_and_do_not_overlap(path: Path) -> None:
    _, document = _document(path)
    groups: list[list[Inline]] = []
    for _, block in document.blocks_in_order():
        if isinstance(block, Table):
            groups.extend(cell.children for row in [block.header, *block.rows] for cell in row)
        elif isinstance(block, Callout):
            groups.append(block.title)
        elif isinstance(block, (Paragraph, Heading)):
            groups.append(block.children)
    groups.extend(section.heading for section in document.all_sections())
    assert groups
    for group in groups:
        for before, after in itertools.pairwise(group):
            assert before.span is not None
            assert after.span is not None
            assert _end(before.span) <= _start(after.span), (before, after)


@pytest.mark.parametrize("path", FILES, ids=FILE_IDS)
def test_table_cell_spans_enclose_their_content(path: Path) -> None:
    text, document = _document(path)
    index = _Index(text)
    for _, block in document.blocks_in_order():
        if not isinstance(block, Table):
            continue
        assert block.span is not None
        for row in [block.header, *block.rows]:
            for cell in row:
                assert cell.span is not None
                assert _start(block.span) <= _start(cell.span)
                assert _end(cell.span) <= _end(block.span)
                for child in cell.children:
                    assert child.span is not None
                    assert _start(cell.span) <= _start(child.span), (cell.span, child.span)
                    assert _end(child.span) <= _end(cell.span), (cell.span, child.span)
                if cell.children:
                    assert index.text_of(cell.span).strip(), cell.span


def test_corpus_is_present() -> None:
    # The span tests above would pass vacuously without files.
    assert len(SEED_FILES) == 2
    assert len(CORPUS_FILES) >= 10


def test_table_body_cells_are_on_their_own_lines() -> None:
    text = (
        "---\ntitle: T\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[chan]]\n\n"
        "| A | B |\n|---|---|\n| [[t|a]] | z |\n| [[u\\|b]] | w |\n"
    )
    document = seedparse.parse_lenient(text).document
    assert document is not None
    (table,) = [block for block in walk_blocks(document.intro) if isinstance(block, Table)]
    index = _Index(text)
    assert [[index.text_of(c.span) for c in row if c.span is not None] for row in [table.header, *table.rows]] == [
        ["A", "B"],
        ["[[t|a]]", "z"],
        ["[[u\\|b]]", "w"],
    ]
    assert [[c.span.line for c in row if c.span is not None] for row in table.rows] == [[10, 10], [11, 11]]


# -- the same span rules on small snippets that exercise one construct each ---------------------

_NOTE_HEAD = "---\ntitle: T\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[chan]]\n\n"
_ANCHOR = '<a class="yt-timestamp" data-t="00:01:00">[00:01:00]</a>'


def _span_problems(text: str) -> list[str]:
    """Every inline node of ``text`` whose span does not show what the node is."""
    result = seedparse.parse_lenient(text)
    assert result.document is not None
    index = _Index(text)
    problems: list[str] = []
    for node, span in _spanned(result.document):
        try:
            source = index.text_of(span)
        except AssertionError:
            problems.append(f"{node.type} span {span!r} lies outside the text")
            continue
        ok = True
        if isinstance(node, WikiLink):
            ok = source.startswith("![[" if node.embed else "[[") and source.endswith("]]")
        elif isinstance(node, Timestamp):
            ok = source.startswith("<a") and source.endswith("</a>")
        elif isinstance(node, Link):
            ok = source[:1] in ("[", "<")
        elif isinstance(node, Code):
            ok = node.code in source
        elif isinstance(node, (Emphasis, Strong)):
            ok = source[:1] in ("*", "_") and source[-1:] == source[:1]
        elif isinstance(node, Text) and span.line == span.end_line and _ESCAPE_OR_ENTITY.search(source) is None:
            ok = source == node.text
        if not ok:
            problems.append(f"{node.type} {node!r} has span text {source!r}")
    return problems


@pytest.mark.parametrize(
    "body",
    [
        "a [[x]] \\*b\\*\r\nb [[y]] *c*\r\n",
        "1.  item [[x]]\n    more `code` [l](#)",
        f"> [!info] T [[x]]\n> body {_ANCHOR}",
        "> quoted [[x|y]]\n> > nested `c`",
        f"## Heading [[x]] {_ANCHOR}\n\ntext",
        "| h | k |\n|---|---|\n| [[a|b]] | [[c\\|d]] |",
        "plain [[x]]'s text",
        "a **b** c",
        "a __b__ c",
        "* a\n   * b [[x|y]] **z**",
        "abc \ndef",
        "see <https://x.y> now",
        "- a\n\tb [[x]]",
        "| h | k |\n|---|---|\n| a \\| b [[x]] | z |",
    ],
    ids=repr,
)
def test_snippet_spans_show_their_nodes(body: str) -> None:
    assert _span_problems(_NOTE_HEAD + body) == []


def test_body_after_unclosed_front_matter_has_spans_inside_the_file() -> None:
    assert _span_problems("---\n\nx") == []


# -- parse_lenient never raises, and its diagnostics point inside the input --------------------

_FRAGMENTS = [
    "[[",
    "]]",
    "|",
    "\\|",
    '<a class="yt-timestamp" data-t="',
    "00:12:00",
    "71:12",
    '">',
    ">",
    "[",
    "]",
    "</a>",
    "---",
    "#",
    "## ",
    "> ",
    "> [!info] ",
    "*   ",
    "- ",
    "1. ",
    "\n",
    "\r\n",
    "\n\n",
    "$",
    "`",
    "```",
    "*",
    "_",
    "\\",
    " ",
    "\t",
    "word",
    "From: ",
    "title: t",
    "videoId: KL4O_d7AlvQ",
    "![[",
    "#^",
    "(#)",
    "&amp;",
    "\ufeff",
    "é",
    "| --- |",
]
_PREFIXES = [
    "",
    "---\ntitle: T\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[chan]] <br/> \n\n",
    "# Title\n\nBy [Name](#)\n\nJanuary 02, 2024\n\n",
]

_markdownish = st.builds(
    lambda prefix, parts: prefix + "".join(parts),
    st.sampled_from(_PREFIXES),
    st.lists(st.sampled_from(_FRAGMENTS), max_size=40),
)


_any_text = st.one_of(st.text(), _markdownish)


@given(st.text())
def test_parse_lenient_never_raises_on_any_text(text: str) -> None:
    result = seedparse.parse_lenient(text)
    assert isinstance(result.diagnostics, tuple)


@given(_markdownish)
def test_parse_lenient_never_raises_on_markdownish_text(text: str) -> None:
    result = seedparse.parse_lenient(text)
    # Every prefix makes a document; only the bare one may leave the format unknown.
    assert result.document is not None or not text.startswith(("---\n", "# "))


@given(_any_text)
@example("---")  # front matter that is never closed
@example("---\ntitle: x\n---")  # the file ends with the front matter
@example("# T")  # an article that is only a title
def test_diagnostic_spans_lie_inside_the_input(text: str) -> None:
    result = seedparse.parse_lenient(text)
    index = _Index(text.removeprefix("\ufeff"))
    for diagnostic in result.diagnostics:
        try:
            index.text_of(diagnostic.span)
        except AssertionError:
            pytest.fail(f"{diagnostic.code} at {diagnostic.span!r} lies outside {text!r}")


@given(_markdownish)
@example("---\n\nx")
def test_inline_spans_of_markdownish_text_lie_inside_it(text: str) -> None:
    result = seedparse.parse_lenient(text)
    if result.document is None:
        return
    index = _Index(text.removeprefix("\ufeff"))
    for node, span in _spanned(result.document):
        source = index.text_of(span)
        if isinstance(node, WikiLink):
            assert source.startswith("![[" if node.embed else "[["), (source, span)
            assert source.endswith("]]"), (source, span)
        if isinstance(node, Timestamp):
            assert source.startswith("<a"), (source, span)
            assert source.endswith("</a>"), (source, span)
