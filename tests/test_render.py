"""render: lossless for parsed documents, canonical otherwise, and edits stay local."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import seedparse
from seedparse.nodes import Node
from seedparse.render import render
from seedparse.spans import Span
from tests.conftest import CORPUS_FILES, SEED_FILES, without_spans

ALL_FILES = SEED_FILES + CORPUS_FILES


def replace_node(value: Any, old: Node, new: Node) -> Any:
    """``value`` with the node ``old`` (by identity) replaced by ``new``, containers rebuilt."""
    if value is old:
        return new
    if isinstance(value, list):
        items = [replace_node(item, old, new) for item in value]
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if isinstance(value, Node):
        updates = {}
        for name in type(value).model_fields:
            current = getattr(value, name)
            replaced = replace_node(current, old, new)
            if replaced is not current:
                updates[name] = replaced
        return value.model_copy(update=updates) if updates else value
    return value


def raw_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_render_of_a_parsed_file_is_byte_for_byte(path: Path) -> None:
    text = raw_text(path)
    assert render(seedparse.parse(text)) == text


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("variant", ["crlf", "bom", "no-final-newline", "final-newline", "trailing-spaces"])
def test_render_keeps_line_endings_bom_and_whitespace(path: Path, variant: str) -> None:
    text = raw_text(path)
    if variant == "crlf":
        text = text.replace("\n", "\r\n")
    elif variant == "bom":
        text = "\ufeff" + text
    elif variant == "no-final-newline":
        text = text.rstrip("\n")
    elif variant == "final-newline":
        text = text.rstrip("\n") + "\n"
    else:
        text = text.replace("\n", "   \n")
    assert render(seedparse.parse(text)) == text


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_canonical_form_parses_back_and_is_a_fixed_point(path: Path) -> None:
    document = seedparse.parse(raw_text(path))
    canonical = render(document, canonical=True)
    again = seedparse.parse(canonical)
    assert without_spans(again) == without_spans(document)
    assert render(again, canonical=True) == canonical
    assert render(again) == canonical  # a canonical file is its own lossless rendering


def test_a_document_built_in_code_renders_canonically() -> None:
    note = seedparse.TranscriptNote(
        title="Built",
        video_id="KL4O_d7AlvQ",
        channel=seedparse.WikiLink(target="chan"),
        intro=[seedparse.Paragraph(children=[seedparse.Text(text="Hello *world* [x]")])],
    )
    text = render(note)
    assert text == (
        "---\ntitle: Built\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[chan]] <br/> \n\nHello \\*world\\* \\[x\\]\n"
    )
    assert without_spans(seedparse.parse(text)) == without_spans(note)


def _changed_lines(before: str, after: str) -> set[int]:
    """1-based line numbers of ``before`` that ``after`` does not keep (same line count assumed)."""
    old, new = before.split("\n"), after.split("\n")
    assert len(old) == len(new)
    return {i + 1 for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b}


def _without_readings(value: Any) -> Any:
    """JSON-shaped data without timestamps' readings and seconds (a note decides them as a whole)."""
    if isinstance(value, dict):
        return {k: _without_readings(v) for k, v in value.items() if k not in ("reading", "seconds")}
    if isinstance(value, list):
        return [_without_readings(v) for v in value]
    return value


def _check_edit(text: str, document: Any, old: Node, new: Node, *, readings: bool = True) -> None:
    edited = replace_node(document, old, new)
    assert edited != document
    output = render(edited)
    assert old.span is not None
    assert _changed_lines(text, output) <= set(range(old.span.line, old.span.end_line + 1))
    # An edit may make a document invalid (a reversed range): it still reads back as edited.
    again = seedparse.parse_lenient(output).document
    assert again is not None
    if readings:
        assert without_spans(again) == without_spans(edited)
    else:
        assert _without_readings(without_spans(again)) == _without_readings(without_spans(edited))


_ALIAS = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters="[]|\\#^"),
    min_size=1,
    max_size=20,
).filter(lambda s: s.strip() == s and bool(s))


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
@settings(max_examples=5, deadline=None)
@given(data=st.data())
def test_editing_an_alias_changes_only_its_lines(path: Path, data: st.DataObject) -> None:
    text = raw_text(path)
    document = seedparse.parse(text)
    links = [link for link in document.wikilinks() if link.span is not None]
    if not links:
        return
    link = data.draw(st.sampled_from(links))
    alias = data.draw(_ALIAS.filter(lambda a: a != link.alias))
    _check_edit(text, document, link, link.model_copy(update={"alias": alias}))


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
@settings(max_examples=5, deadline=None)
@given(data=st.data(), seconds=st.integers(0, 5 * 3600))
def test_editing_a_timestamp_changes_only_its_lines(path: Path, data: st.DataObject, seconds: int) -> None:
    text = raw_text(path)
    document = seedparse.parse(text)
    anchors = [ts for ts in document.timestamps() if ts.span is not None]
    if not anchors:
        return
    anchor = data.draw(st.sampled_from(anchors))
    # MM:SS reads as a clock in every clock mode; the note may read its other values anew
    # (a new neighbour), so the edited anchor's meaning is checked on its own.
    value = f"{seconds // 60:02d}:{seconds % 60:02d}"
    new = anchor.model_copy(update={"data_t": None if anchor.bare else value, "display": value, "reading": "clock"})
    if new == anchor:
        return
    _check_edit(text, document, anchor, new, readings=False)
    again = seedparse.parse_lenient(render(replace_node(document, anchor, new))).document
    assert again is not None
    assert anchor.span is not None
    (found,) = [
        ts
        for ts in again.timestamps()
        if ts.span and ts.span.line == anchor.span.line and ts.display == value and ts.span.column == anchor.span.column
    ]
    assert found.seconds == seconds
    assert found.reading == "clock"


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_editing_the_title_changes_only_its_line(path: Path) -> None:
    text = raw_text(path)
    document = seedparse.parse(text)
    edited = document.model_copy(update={"title": "A Changed Title"})
    output = render(edited)
    changed = _changed_lines(text, output)
    assert len(changed) == 1
    (line,) = changed
    assert "A Changed Title" in output.split("\n")[line - 1]
    assert without_spans(seedparse.parse(output)) == without_spans(edited)


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_editing_a_section_heading_changes_only_its_line(path: Path) -> None:
    text = raw_text(path)
    document = seedparse.parse(text)
    sections = list(document.all_sections())
    if not sections:
        return
    section = sections[-1]
    new = section.model_copy(update={"heading": [seedparse.Text(text="Renamed [section]")]})
    edited = replace_node(document, section, new)
    output = render(edited)
    assert section.span is not None
    assert _changed_lines(text, output) <= set(range(section.span.line, section.span.end_line + 1))
    assert without_spans(seedparse.parse(output)) == without_spans(edited)


def test_source_is_not_part_of_the_json_or_of_equality() -> None:
    text = raw_text(SEED_FILES[0])
    document = seedparse.parse(text)
    assert document.source == text
    assert "source" not in json.loads(seedparse.to_json(document))
    assert document == document.model_copy(update={"source": None})
    assert seedparse.from_json(seedparse.to_json(document)) == document


def test_spans_of_replaced_nodes_are_not_needed() -> None:
    # A node built in code (no span) in place of a parsed one renders canonically.
    document = seedparse.parse(raw_text(SEED_FILES[0]))
    link = document.wikilinks()[1]
    edited = replace_node(document, link, seedparse.WikiLink(target="x", alias="y"))
    assert "[[x | y]]" in render(edited)
    assert isinstance(Span, type)


def test_a_child_edit_and_a_shape_change_in_one_item_render_and_read_back() -> None:
    # The first item's text changes and the nested list gains an item.
    text = "---\ntitle: t\nvideoId: KL4O_d7AlvQ\n---\n\n- a\n  - b\n"
    document = seedparse.parse(text)
    (outer,) = document.intro
    assert isinstance(outer, seedparse.List)
    item = outer.items[0]
    first, nested = item.blocks
    assert isinstance(first, seedparse.Paragraph)
    assert isinstance(nested, seedparse.List)
    new_item = item.model_copy(
        update={
            "blocks": [
                first.model_copy(update={"children": [seedparse.Text(text="A")]}),
                nested.model_copy(update={"items": [*nested.items, nested.items[0]]}),
            ]
        }
    )
    edited = replace_node(document, item, new_item)
    output = render(edited)
    again = seedparse.parse(output)
    assert without_spans(again) == without_spans(edited), output


# -- issue 14's two render bugs, and edits that keep what the model does not hold ------------------

_HEAD = "---\ntitle: t\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[c]] <br/> \n\n"


def _edit_timestamps(document: Any, data_t: str, display: str) -> Any:
    """``document`` with every timestamp of its first paragraph given a new data-t and display."""
    (paragraph,) = document.intro
    children = [
        child.model_copy(update={"data_t": data_t, "display": display})
        if isinstance(child, seedparse.Timestamp)
        else child
        for child in paragraph.children
    ]
    return document.model_copy(update={"intro": [paragraph.model_copy(update={"children": children})]})


@pytest.mark.parametrize("value", [4, 2.5, True, None, [1, 2], {"a": 1}, "text"])
def test_a_last_front_matter_value_that_is_not_a_string_gets_no_document_end_marker(value: Any) -> None:
    text = _HEAD.replace("videoId: KL4O_d7AlvQ\n", "videoId: KL4O_d7AlvQ\nn: 3\n") + "x\n"
    document = seedparse.parse(text, format="transcript")
    edited = document.model_copy(update={"front_matter": {**document.front_matter, "n": value}})
    built = seedparse.TranscriptNote(title="t", video_id="KL4O_d7AlvQ", front_matter={"n": value})
    for output in (render(edited), render(edited, canonical=True), render(built)):
        front = output.split("\n---\n")[0]
        assert "..." not in front
        assert front.splitlines()[-1].startswith("n: ")
        # The front matter reads back as YAML with the value given (the parser keeps scalars as text).
        assert yaml.safe_load(front.removeprefix("---\n"))["n"] == value
        assert "n" in seedparse.parse(output, format="transcript").front_matter


def test_an_edited_timestamp_with_brackets_outside_its_anchor_gains_no_brackets() -> None:
    text = _HEAD + 'See [<a class="yt-timestamp" data-t="02:42:19">02:42:19</a>] here.\n'
    document = seedparse.parse(text)
    (stamp,) = document.timestamps()
    assert stamp.bracketed is False
    edited = _edit_timestamps(document, "02:42:20", "02:42:20")
    expected = _HEAD + 'See [<a class="yt-timestamp" data-t="02:42:20">02:42:20</a>] here.\n'
    assert render(edited) == expected
    canonical = render(edited, canonical=True)
    assert "[02:42:20]" not in canonical
    assert '<a class="yt-timestamp" data-t="02:42:20">02:42:20</a>' in canonical
    assert seedparse.parse(canonical).timestamps()[0].seconds == 2 * 3600 + 42 * 60 + 20


def test_a_bracketed_display_is_written_in_brackets_and_an_unbracketed_one_without() -> None:
    for bracketed, display in ((True, "[00:01:02]"), (False, "00:01:02")):
        stamp = seedparse.Timestamp(data_t="00:01:02", display="00:01:02", bracketed=bracketed)
        paragraph = seedparse.Paragraph(children=[seedparse.Text(text="At "), stamp])
        note = seedparse.TranscriptNote(title="t", video_id="KL4O_d7AlvQ", intro=[paragraph])
        text = render(note)
        assert f'<a class="yt-timestamp" data-t="00:01:02">{display}</a>' in text
        (again,) = seedparse.parse(text).timestamps()
        assert again.bracketed is bracketed
        assert again.seconds == 62


def test_an_edited_timestamp_keeps_the_anchors_other_attributes() -> None:
    text = _HEAD + "See <a class='yt-timestamp' href=\"#fn:1\" data-t='00:01:02' title=x>[00:01:02]</a> now.\n"
    document = seedparse.parse(text)
    edited = _edit_timestamps(document, "00:01:05", "00:01:05")
    output = render(edited)
    assert output == text.replace("00:01:02", "00:01:05")
    (stamp,) = seedparse.parse(output).timestamps()
    assert stamp.seconds == 65


def test_canonical_form_keeps_what_the_source_writes_and_the_model_does_not_hold() -> None:
    body = (
        "This is _creating_ and \\[x\\] and &ndash; and $44 and "
        '<a class="yt-timestamp" href="#fn:1" data-t="00:01:02">[00:01:02]</a>.\n'
        "\n## Heading\n"
        "Right under it.\n"
        "*   one\n"
        "*   two"
    )
    text = _HEAD.replace("title: t", "title: 't'  # a comment") + body
    assert render(seedparse.parse(text), canonical=True) == text
    crlf = text.replace("\n", "\r\n")
    assert render(seedparse.parse(crlf), canonical=True) == crlf
    # What is not canonical goes: extra blank lines, markers spaced unlike the list's first item.
    messy = text.replace("Right under it.\n", "Right under it.\n\n\n\n").replace("*   two", "*  two")
    assert render(seedparse.parse(messy), canonical=True) == text.replace("Right under it.\n", "Right under it.\n\n")
