"""The fast path against the markdown-it-py path: the same documents, spans and diagnostics.

Every comparison runs both paths on one text (``Context(text, fast=...)``) and compares the
whole document (spans included) and the sorted diagnostics. The fast path may decline a
text (it then falls back to markdown-it-py); the tests also check that it does not decline
the real files.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seedparse.api import detect_format
from seedparse.diagnostics import Diagnostic, sort_diagnostics
from seedparse.documents import Article, TranscriptNote
from seedparse.parsing.article import parse_article
from seedparse.parsing.checks import check_document
from seedparse.parsing.context import Context
from seedparse.parsing.detect import takes_fast_path
from seedparse.parsing.fast import fast_blocks
from seedparse.parsing.transcript import parse_transcript
from seedparse.render import render
from seedparse.testing import documents
from tests.conftest import CORPUS_FILES, ROOT, SEED_FILES

REAL_FILES = SEED_FILES + CORPUS_FILES
REAL_TEXTS = [path.read_bytes().decode("utf-8") for path in REAL_FILES]

_SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)

#: Pieces of markdown inserted into real files: each is something the fast path either reads
#: exactly as markdown-it-py does or must decline.
FRAGMENTS = [
    "*",
    "**",
    "***",
    "_",
    "__",
    "`",
    "``",
    "\\",
    "\\*",
    "\\\n",
    "[",
    "]",
    "[[",
    "]]",
    "![[",
    "![",
    "<",
    ">",
    "&",
    "&amp;",
    "&#35;",
    "$",
    "$x$",
    "$$",
    "|",
    "#",
    "# ",
    "## x",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "2. ",
    "1) ",
    "> ",
    ">",
    "> [!note] T",
    "```",
    "```py\nx = 1\n```",
    "~~~",
    "---",
    "***",
    "===",
    "  ",
    "    ",
    "\t",
    "\r",
    "\n",
    "\n\n",
    "\u00a0",
    "<br/>",
    "<div>",
    "<!-- c -->",
    "<https://example.com/a_b>",
    "<a@b.co>",
    "[a](#)",
    '[a](b "t")',
    "[a]",
    "[a][b]",
    "[]()",
    "[x](javascript:y)",
    "*a*",
    "**a**",
    "_a_",
    "*a **b** c*",
    "**a*",
    "a*b*c",
    "_a_b",
    '<a class="yt-timestamp" data-t="00:01:00">[00:01:00]</a>',
    '<a class="yt-timestamp" data-t="00:01:00">',
    "[[a|b]]",
    "[[]]",
    "[[a#b^c]]",
    "[[a\nb]]",
    "From: [[c]]",
    "| a | b |\n| - | - |",
    "    code",
    "x\n===",
    "1. a\n2. b",
    "- a\n  - b\n- c",
    "- a\n\n- b",
    "> a\nb",
    "- a\nb",
    "\n- a\n\n  b\n",
    "10. x",
    "-\n",
    "- \n",
]


def _run(text: str, fast: bool) -> tuple[TranscriptNote | Article | None, list[Diagnostic]]:
    """Parse ``text`` as :func:`seedparse.parse_lenient` does, on one path."""
    context = Context(text, fast=fast)
    kind = detect_format(text)
    document: TranscriptNote | Article | None = None
    if kind == "transcript":
        document = parse_transcript(context)
    elif kind == "article":
        document = parse_article(context)
    if document is not None:
        check_document(document, context)
    return document, sort_diagnostics(context.diagnostics)


def assert_same(text: str) -> None:
    """Both paths give equal documents and diagnostics for ``text``."""
    text = text.removeprefix("\ufeff")
    try:
        reference = _run(text, fast=False)
    except RecursionError:
        return  # the reference path cannot parse it: parse_lenient reports SP003 either way
    fast = _run(text, fast=True)
    assert fast[0] == reference[0], text
    assert fast[1] == reference[1], text


def test_every_real_file_is_the_same_on_both_paths() -> None:
    assert REAL_FILES
    for text in REAL_TEXTS:
        assert_same(text)


def test_every_test_case_file_is_the_same_on_both_paths() -> None:
    cases = sorted((ROOT / "tests" / "data").rglob("*.txt"))
    assert cases
    for path in cases:
        assert_same(path.read_bytes().decode("utf-8", errors="replace"))


def test_the_fast_path_reads_both_seeds_and_most_of_the_corpus() -> None:
    assert SEED_FILES
    assert CORPUS_FILES
    assert all(takes_fast_path(path.read_text(encoding="utf-8")) for path in SEED_FILES)
    declined = [path for path in CORPUS_FILES if not takes_fast_path(path.read_text(encoding="utf-8"))]
    # The corpus holds notes chosen for their rare constructs (an HTML block, a '---' line, a
    # table, brackets round an anchor): the markdown-it-py path reads those, and only those.
    assert len(declined) / len(CORPUS_FILES) <= 0.15, [path.name for path in declined]
    for path in declined:
        text = path.read_text(encoding="utf-8")
        assert _LEFT_TO_MARKDOWN_IT.search(text) is not None, path.name


#: What the fast path leaves to markdown-it-py, as real notes write it: an HTML block, a line of
#: dashes or a table row, a bracket opening a label that holds markup.
_LEFT_TO_MARKDOWN_IT = re.compile(r"^<(?:div|p|br)\b|^-{3,}\s*$|^\|.*\|\s*$|\[<a ", re.MULTILINE)


def test_the_fast_path_declines_what_it_does_not_read() -> None:
    for text in ["# T\n\n| a | b |\n| - | - |\n", "# T\n\n    code\n", "# T\n\nx\n===\n", "# T\n\n<div>\nx\n</div>\n"]:
        assert not takes_fast_path(text)
        assert fast_blocks(Context(text)) is None


def test_the_fast_path_reports_what_markdown_it_reports() -> None:
    text = (
        "# T\n\nJanuary 02, 2024\n\nA [[ b.\n\n"
        'C [[]] and <a class="yt-timestamp" data-t="00:01:00"> c.\n\nOriginal url: <https://x.y/z>\n'
    )
    assert takes_fast_path(text)
    fast = _run(text, fast=True)
    assert {d.code for d in fast[1]} >= {"SP301", "SP302", "SP208"}
    assert_same(text)


@pytest.mark.slow
@_SLOW
@given(documents())
def test_generated_documents_are_the_same_on_both_paths(document: TranscriptNote | Article) -> None:
    assert_same(render(document))


@pytest.mark.slow
@_SLOW
@given(documents())
def test_generated_documents_in_canonical_form_are_the_same_on_both_paths(document: TranscriptNote | Article) -> None:
    assert_same(render(document, canonical=True))


@_SLOW
@given(
    st.sampled_from(REAL_TEXTS),
    st.lists(st.tuples(st.floats(0, 1), st.sampled_from(FRAGMENTS), st.booleans()), min_size=1, max_size=4),
)
def test_mutated_real_files_are_the_same_on_both_paths(text: str, edits: list[tuple[float, str, bool]]) -> None:
    for where, fragment, at_line_start in edits:
        cut = int(where * len(text))
        if at_line_start:
            cut = text.rfind("\n", 0, cut) + 1
        text = text[:cut] + fragment + text[cut:]
    assert_same(text)


@_SLOW
@given(st.sampled_from(REAL_TEXTS), st.integers(0, 10_000), st.integers(1, 3))
def test_real_files_with_lines_removed_are_the_same_on_both_paths(text: str, start: int, count: int) -> None:
    lines = text.split("\n")
    start %= len(lines)
    assert_same("\n".join(lines[:start] + lines[start + count :]))
