"""seedparse.edit: one call replaces, updates or transforms nodes, validated, and render keeps the rest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import seedparse
from seedparse import edit
from seedparse.nodes import Node
from seedparse.render import render
from tests.conftest import CORPUS_FILES, SEED_FILES, without_spans

ALL_FILES = SEED_FILES + CORPUS_FILES
NOTE = "---\ntitle: t\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[chan]]\n\n# One\n\nSee [[a]] and **[[b]]**.\n"


def changed_lines(before: str, after: str) -> set[int]:
    old, new = before.split("\n"), after.split("\n")
    assert len(old) == len(new)
    return {i + 1 for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b}


def test_update_edits_a_timestamp_in_one_call() -> None:
    text = SEED_FILES[0].read_text(encoding="utf-8")
    note = seedparse.parse(text, format="transcript")
    stamp = note.timestamps()[5]
    assert stamp.span is not None
    edited = edit.update(note, stamp, data_t="01:02:03", display="01:02:03")
    assert edited.source == note.source
    assert edited.timestamps()[5].seconds == 3723
    assert note.timestamps()[5] is stamp  # the original is left as it was
    output = render(edited)
    assert changed_lines(text, output) == {stamp.span.line}
    assert 'data-t="01:02:03">[01:02:03]</a>' in output.split("\n")[stamp.span.line - 1]
    again = seedparse.parse(output)
    assert without_spans(again) == without_spans(edited)
    # The sections that do not hold it are the same objects: nothing else was rebuilt.
    kept = 0
    for old, new in zip(note.sections, edited.sections, strict=True):
        assert old.span is not None
        holds = old.span.line <= stamp.span.line <= old.span.end_line
        assert (new is old) is not holds
        kept += not holds
    assert kept == len(note.sections) - 1


LINKED_FILES = [path for path in ALL_FILES if "[[" in path.read_text(encoding="utf-8")]


@pytest.mark.parametrize("path", LINKED_FILES, ids=lambda p: p.name)
def test_replacing_any_wikilink_changes_only_its_line_and_reads_back(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    document = seedparse.parse(text)
    links = [link for link in document.wikilinks() if link.span is not None]
    assert links
    link = links[len(links) // 2]
    assert link.span is not None
    edited = edit.replace(document, link, seedparse.WikiLink(target="Replaced Target", alias="shown"))
    output = render(edited)
    assert changed_lines(text, output) <= set(range(link.span.line, link.span.end_line + 1))
    assert "[[Replaced Target | shown]]" in output
    assert without_spans(seedparse.parse_lenient(output).document) == without_spans(edited)


def test_a_node_of_the_wrong_type_is_an_edit_error_naming_where() -> None:
    note = seedparse.parse(NOTE, format="transcript")
    paragraph = note.sections[0].blocks[0]
    with pytest.raises(edit.EditError) as caught:
        edit.replace(note, paragraph, seedparse.Text(text="not a block"))
    message = str(caught.value)
    assert message.startswith("invalid edit at sections[0].blocks[0]: Input tag 'text' found using 'type' ")
    assert "'paragraph'" in message
    assert message.endswith("(got Text)")
    assert isinstance(caught.value, ValueError)
    # A block where an inline goes: the wiki-link inside the bold text.
    inner = note.wikilinks()[2]
    where = r"^invalid edit at sections\[0\]\.blocks\[0\]\.children\[3\]\.children\[0\]: "
    with pytest.raises(edit.EditError, match=where):
        edit.replace(note, inner, paragraph)


def test_a_field_of_the_wrong_type_is_caught_before_render() -> None:
    note = seedparse.parse(NOTE, format="transcript")
    link = note.wikilinks()[1]
    with pytest.raises(edit.EditError) as caught:
        edit.update(note, link, alias=42)
    assert str(caught.value) == (
        "invalid edit at sections[0].blocks[0].children[1].alias: Input should be a valid string (got int)"
    )
    with pytest.raises(edit.EditError, match="has no field 'aliass'"):
        edit.update(note, link, aliass="x")
    # A bad value deep inside a replacement built with model_copy (which validates nothing) is found too.
    bad_text = seedparse.Text(text="ok").model_copy(update={"text": ["not", "a", "string"]})
    paragraph = note.sections[0].blocks[0]
    new = paragraph.model_copy(update={"children": [bad_text]})
    with pytest.raises(edit.EditError, match=r"^invalid edit at sections\[0\]\.blocks\[0\]\.children\[0\]\.text: "):
        edit.replace(note, paragraph, new)
    with pytest.raises(TypeError, match="not by str"):
        edit.replace(note, link, "[[x]]")  # type: ignore[arg-type]


def test_a_node_not_in_the_document_is_a_value_error() -> None:
    note = seedparse.parse(NOTE, format="transcript")
    lookalike = seedparse.WikiLink(target="a")
    with pytest.raises(ValueError, match="not in this document"):
        edit.replace(note, lookalike, seedparse.WikiLink(target="z"))
    other = seedparse.parse(NOTE, format="transcript")
    with pytest.raises(ValueError, match="found by identity"):
        edit.update(note, other.wikilinks()[1], target="z")


def test_transform_maps_every_node_children_first() -> None:
    text = SEED_FILES[0].read_text(encoding="utf-8")
    note = seedparse.parse(text, format="transcript")
    seen: list[str] = []

    def rename(node: Node) -> Node:
        seen.append(type(node).__name__)
        if isinstance(node, seedparse.WikiLink) and node.target != "bonus_professor":
            return node.model_copy(update={"target": node.target.upper()})
        return node

    edited = edit.transform(note, rename)
    assert [link.target for link in edited.wikilinks()] == [
        link.target if link.target == "bonus_professor" else link.target.upper() for link in note.wikilinks()
    ]
    assert edited.source == text
    output = render(edited)
    link_lines = {link.span.line for link in note.wikilinks()[1:] if link.span is not None}
    assert changed_lines(text, output) == link_lines
    assert without_spans(seedparse.parse(output)) == without_spans(edited)
    # Each node once, the document itself not; a paragraph after its children.
    count = sum(1 for _ in _nodes(note)) - 1
    assert len(seen) == count
    assert "TranscriptNote" not in seen
    assert seen.index("Text") < seen.index("Paragraph")


def test_transform_that_changes_nothing_returns_the_document_itself() -> None:
    note = seedparse.parse(NOTE, format="transcript")
    assert edit.transform(note, lambda node: node) is note


def test_transform_returning_a_non_node_is_an_edit_error() -> None:
    note = seedparse.parse(NOTE, format="transcript")

    def bad(node: Node) -> Node:
        return "text" if isinstance(node, seedparse.Text) else node  # type: ignore[return-value]

    with pytest.raises(edit.EditError, match=r"^at sections\[0\]\.heading\[0\]: str is not a node"):
        edit.transform(note, bad)


def test_a_replacement_may_reuse_the_documents_own_nodes() -> None:
    # The case tests/test_render.py builds with three nested model_copy calls, in one call.
    text = "---\ntitle: t\nvideoId: KL4O_d7AlvQ\n---\n\n- a\n  - b\n"
    note = seedparse.parse(text, format="transcript")
    (outer,) = note.intro
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
    edited = edit.replace(note, item, new_item)
    assert without_spans(seedparse.parse(render(edited))) == without_spans(edited)
    assert render(edited).splitlines()[-3:] == ["- A", "  - b", "  - b"]


def test_the_document_itself_can_be_updated() -> None:
    note = seedparse.parse(NOTE, format="transcript")
    edited = edit.update(note, note, title="New title")
    assert edited.title == "New title"
    assert edited.source == NOTE
    assert render(edited).splitlines()[1] == "title: New title"
    with pytest.raises(edit.EditError, match="title: Input should be a valid string"):
        edit.update(note, note, title=["x"])
    article = seedparse.Article(title="Title")
    with pytest.raises(edit.EditError, match="can only be replaced by another"):
        edit.replace(note, note, article)


def test_edited_documents_are_valid_models() -> None:
    article = seedparse.parse_file(SEED_FILES[1], format="article")
    author = article.authors[0]
    edited = edit.update(article, author, name="Someone Else")
    assert edited.authors[0].name == "Someone Else"
    assert seedparse.from_json(seedparse.to_json(edited)) == edited
    assert type(edited).model_validate(edited.model_dump()) == edited
    output = render(edited)
    assert re.search(r"^By \[Someone Else\]", output, re.MULTILINE), output[:300]


def _nodes(value: object) -> list[Node]:
    found: list[Node] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Node):
            found.append(item)
            stack.extend(item.__dict__.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return found


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_update_equals_rebuilding_by_hand(path: Path) -> None:
    # What tests/test_render.py does with a model_copy per level, in one validated call.
    from tests.test_render import replace_node

    document = seedparse.parse_file(path)
    links = [node for node in document.iter_inlines() if isinstance(node, seedparse.Link)]
    nodes: list[Node] = [*document.timestamps(), *document.wikilinks(), *links]
    assert nodes
    for node in nodes[:: max(1, len(nodes) // 5)]:
        changes: dict[str, str] = (
            {"display": "00:00:01"}
            if isinstance(node, seedparse.Timestamp)
            else {"href": "https://example.org"}
            if isinstance(node, seedparse.Link)
            else {"alias": "edited"}
        )
        by_hand = replace_node(document, node, node.model_copy(update=changes))
        assert edit.update(document, node, **changes) == by_hand
