"""fmt keeps meaning, always (issue 15): each reproducer, and properties over real, generated and mutated notes.

What fmt writes is :func:`seedparse.render.canonical_form` of the parsed file, and only when it
says the text is sure; these tests check what it writes with their own eyes: the words, the
attributes of every ``<a>`` tag as written, the wiki-links, the headings, the timestamps' seconds,
and that a second run changes nothing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import seedparse
from seedparse.render import canonical_form, render
from seedparse.testing import documents
from tests.conftest import CORPUS_FILES, SEED_FILES, without_spans
from tests.test_properties import mutated

HEAD = "---\ntitle: t\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[chan]] <br/> \n\n"

_SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)


def fmt(text: str) -> str | None:
    """What ``seedparse fmt`` writes for a file's text: its canonical form, or ``None`` if it leaves it alone."""
    result = seedparse.parse_lenient(text)
    if result.document is None or result.errors:
        return None
    canonical, problem = canonical_form(result.document, warnings=result.diagnostics)
    return canonical if problem is None else None


# -- what a reader sees, read independently of the model where it can be -------------------


def anchor_tags(text: str) -> list[str]:
    """Every ``<a ...>`` opening tag as written, in order (attributes, quotes, typos and all).

    A tag broken over lines is one tag: the indentation of its continuation line is the
    layout's (a paragraph's continuation lines are indented to their list item), not the tag's.
    """
    body = re.sub(r"\A\ufeff?---\r?\n.*?\n---[ \t]*(?:\r?\n|\Z)", "", text, count=1, flags=re.DOTALL)
    tags = re.findall(r"<a\b[^>]*>", body)  # the front matter is YAML, not tags; a tag holds no blank line
    tags = [re.sub(r"\r\n?", "\n", tag) for tag in tags]  # a file's line ends are one kind once formatted
    return [re.sub(r"\n[ \t>]*", "\n", tag) for tag in tags if not re.search(r"\n[ \t>]*\n", tag)]


def words(document: Any) -> list[str]:
    """The words of every string the document's JSON holds, in order (spans aside)."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key not in ("type", "schema_version", "kind", "reading"):
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            found.extend(re.findall(r"[^\W_]+", value))

    walk(without_spans(document))
    return found


def facts(document: Any) -> dict[str, Any]:
    """What must survive fmt: words, wiki-links, headings and timestamp seconds."""
    sections = list(document.all_sections()) if hasattr(document, "all_sections") else []
    return {
        "words": words(document),
        "wikilinks": [
            (link.target, link.alias, tuple(link.heading), link.block_id, link.embed) for link in document.wikilinks()
        ],
        "headings": [(section.level, section.title) for section in sections],
        "seconds": [(stamp.data_t, stamp.display, stamp.seconds) for stamp in document.timestamps()],
    }


def assert_keeps_meaning(text: str, *, must_format: bool = False) -> str | None:
    """fmt of ``text`` keeps what it means, and a second run changes nothing; return what fmt writes."""
    written = fmt(text)
    if written is None:
        assert not must_format, "fmt left the file alone"
        return None
    before = seedparse.parse_lenient(text)
    after = seedparse.parse_lenient(written)
    assert before.document is not None
    assert after.document is not None
    assert without_spans(after.document) == without_spans(before.document)
    assert facts(after.document) == facts(before.document)
    assert anchor_tags(written) == anchor_tags(text)
    assert sorted(d.code for d in after.diagnostics) == sorted(d.code for d in before.diagnostics)
    assert fmt(written) == written  # a second run changes nothing
    return written


# -- the reproducers of issue 15 ------------------------------------------------------------------

#: Minimal reproducers: each was rewritten into something else (or something that grew) before.
REPRODUCERS = {
    "footnote href on an anchor": 'See <a class="yt-timestamp" href="#fn:1" data-t="00:01:02">[00:01:02]</a> x.\n',
    "data= for data-t=": 'See <a class="yt-timestamp" data="00:01:02">[00:01:02]</a> x.\n',
    "data=t=": 'See <a class="yt-timestamp" data=t="00:01:02">[00:01:02]</a> x.\n',
    "data-timestamp": 'See <a class="yt-timestamp" data-timestamp="62" data-t="00:01:02">[00:01:02]</a> x.\n',
    "a typo in class": 'See <a clas="yt-timestamp" data-t="00:01:02">[00:01:02]</a> x.\n',
    "single quotes": "See <a class='yt-timestamp' data-t='00:01:02'>[00:01:02]</a> x.\n",
    "a multi-line setext heading": "## H\n\nLine one\nline two\n---\n\nText.\n",
    "a multi-line setext heading, level 1": "Line one\nline two\n===\n\nText.\n",
    "an unclosed fence at the end, no final newline": "Text.\n\n```py\nx = 1",
    "a stray ] in an anchor display": 'See <a class="yt-timestamp" data-t="00:01:02">[01:02]]</a> x.\n',
    "a table row with an extra cell": "| a | b |\n|---|---|\n| 1 | 2 | 3 \\\\ |\n",
    "emphasis in strong": "**Kapil Dev's 175* vs Zimbabwe (1983)**\n",
    "an item holding a break": "3. ---\n",
    "math after a bracket": "[$n $s$\n",
    "an unclosed wiki-link": "See [[unclosed and more.\n",
    "entities": "A &ndash; B &amp; C &#8212; D.\n",
    "an angle-bracket destination": "[t](<a b>)\n",
    "a non-ASCII destination": "[t](https://example.com/é)\n",
    "emphasis with underscores": "This is _creating_ new snake_case_words and **bold**.\n",
    "escapes and brackets as written": "Text \\[with\\] brackets [form] and $44 and & and moscowtimes_en.\n",
    "inline html": "A <span class='x'>span</span> and <br> here.\n",
    "a setext heading whose emphasis spans its lines": "*x\nb*\n---\n\nText.\n",
    "a quote 40 deep before a dash, and a lazy line": ">" * 40 + "-\nl\n",
    "a quote 60 deep": "> " * 60 + "deep\n",
    "a lazy line that would be an underline in its item": "1.  item\nlazy\n--\n\nText.\n",
    "lazy lines in a quote": "> quoted\nlazy\n> again\n",
    "an indented '* e' continuation line": "t\n    * e\n",
    "an indented '1. e' continuation line in an item": "*   t\n        1. e\n",
}


@pytest.mark.parametrize("body", REPRODUCERS.values(), ids=REPRODUCERS.keys())
def test_a_reproducer_keeps_its_meaning_and_is_a_fixed_point(body: str) -> None:
    text = HEAD + body
    written = assert_keeps_meaning(text, must_format=True)
    assert written == text  # each is already written the canonical way: nothing to change


def test_the_anchor_attributes_survive_a_layout_change() -> None:
    """The paragraph moves (blank lines go), its anchors' attributes stay as written."""
    body = (
        'See <a class="yt-timestamp" href="#fn:1" data-t="00:01:02">[00:01:02]</a> and'
        ' <a class="yt-timestamp" data="00:00:05">[00:00:05]</a>.\n\n\n\nNext.\n'
    )
    written = assert_keeps_meaning(HEAD + body, must_format=True)
    assert written == HEAD + body.replace("\n\n\n\n", "\n\n")


def test_a_channel_page_keeps_its_video_titles_as_written() -> None:
    text = (
        "---\ntitle: chan\n---\n\n### [2*3*4 and `code` and <b>bold</b> **x**](https://youtu.be/KL4O_d7AlvQ)\n"
        "- [[a note]]\n\n\n\n### [Second](https://youtu.be/AAAAAAAAAAA)\n- [[another]]\n"
    )
    written = assert_keeps_meaning(text, must_format=True)
    assert written is not None
    assert "### [2*3*4 and `code` and <b>bold</b> **x**](https://youtu.be/KL4O_d7AlvQ)" in written
    assert "\n\n\n" not in written


def test_a_multi_line_setext_heading_stays_one_heading_when_moved() -> None:
    body = "Line one\nline two\n===\n\n\n\nText.\n"
    written = assert_keeps_meaning(HEAD + body, must_format=True)
    assert written == HEAD + "Line one\nline two\n===\n\nText.\n"


def test_a_setext_heading_built_in_code_is_written_as_setext() -> None:
    heading = [seedparse.Text(text="one"), seedparse.LineBreak(), seedparse.Text(text="two")]
    section = seedparse.Section(
        level=2, heading=heading, blocks=[seedparse.Paragraph(children=[seedparse.Text(text="x")])]
    )
    note = seedparse.TranscriptNote(title="t", video_id="KL4O_d7AlvQ", sections=[section])
    text = render(note)
    assert text.endswith("\n\none\ntwo\n---\n\nx\n")
    assert without_spans(seedparse.parse(text))["sections"] == without_spans(note)["sections"]


def test_an_unclosed_fence_built_in_code_gets_its_closing_fence_on_its_own_line() -> None:
    block = seedparse.CodeBlock(info="py", code="x = 1")
    note = seedparse.TranscriptNote(title="t", video_id="KL4O_d7AlvQ", intro=[block])
    assert render(note).endswith("```py\nx = 1\n```\n")


def test_an_unclosed_wiki_link_keeps_its_warning() -> None:
    text = HEAD + "See [[unclosed and more.\n\n\n\nNext.\n"
    written = assert_keeps_meaning(text, must_format=True)
    assert written is not None
    assert "SP301" in {d.code for d in seedparse.parse_lenient(written).diagnostics}
    assert "[[unclosed" in written


def test_a_file_whose_canonical_form_would_change_its_meaning_is_left_alone() -> None:
    """A document edited so that its canonical text cannot read back the same is refused, not written."""
    document = seedparse.parse(HEAD + "Text.\n")
    broken = document.model_copy(update={"intro": [seedparse.CodeBlock(code="x = 1")]})  # no final newline
    _, problem = canonical_form(broken)
    assert problem is not None
    assert "would not read back" in problem


@pytest.mark.parametrize("depth", [39, 40, 41, 60])
def test_a_deep_quote_keeps_its_depth(depth: int) -> None:
    """A quote past the parser's depth (its rest kept raw) gained a level per run, and then failed validate."""
    text = HEAD + "> " * depth + "deep\n" + "> " * depth + "more\n\n\n\nNext.\n"
    written = assert_keeps_meaning(text, must_format=True)
    assert written == text.replace("\n\n\n\n", "\n\n")
    assert written.count(">") == text.count(">")


# -- the properties ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SEED_FILES + CORPUS_FILES, ids=lambda p: p.name)
def test_fmt_of_a_real_note_keeps_its_meaning(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    assert_keeps_meaning(text, must_format=True)
    assert_keeps_meaning(text.replace("\n\n", "\n\n\n"), must_format=True)


@_SLOW
@given(documents())
def test_fmt_of_a_generated_note_keeps_its_meaning(document: seedparse.TranscriptNote | seedparse.Article) -> None:
    text = render(document)
    written = assert_keeps_meaning(text, must_format=True)
    assert written == text  # a generated note is written in canonical form


@_SLOW
@given(mutated())
def test_fmt_of_a_mutated_note_keeps_its_meaning(text: str) -> None:
    assert_keeps_meaning(text)


def test_emphasis_inside_emphasis_built_in_code_reads_back() -> None:
    """``**Kapil Dev's 175* vs Zimbabwe (1983)**`` parses to emphasis in emphasis; written from the model, it
    read back with other emphasis (``**`` is strong)."""
    text = HEAD + REPRODUCERS["emphasis in strong"]
    document = seedparse.parse(text)
    plain = render(document.model_copy(update={"source": None}))
    assert plain.endswith("*_Kapil Dev's 175_ vs Zimbabwe (1983)*\\*\n")
    assert without_spans(seedparse.parse(plain)) == without_spans(document)
    assert render(seedparse.parse(plain).model_copy(update={"source": None})) == plain
