"""Real note shapes: anchors and wiki-links inside HTML blocks, a wiki-link as an anchor's display,
the From line over '---'. Each on both parsing paths, round trip byte-exact."""

from __future__ import annotations

import pytest

import seedparse
from seedparse.blocks import HtmlBlock, ThematicBreak, walk_blocks
from seedparse.timestamps import Timestamp
from seedparse.wikilinks import WikiLink

HEAD = "---\ntitle: T\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[chan]] <br/> \n\n"
ANCHOR = '<a class="yt-timestamp" data-t="00:01:02">[00:01:02]</a>'


def _parse(text: str, fast: bool) -> seedparse.TranscriptNote:
    note = seedparse.parse(text, format="transcript", fast=fast)
    assert seedparse.render(note) == text
    return note


def _html_blocks(note: seedparse.TranscriptNote) -> list[HtmlBlock]:
    blocks = [*note.intro, *(b for s in note.all_sections() for b in s.blocks)]
    return [b for b in walk_blocks(blocks) if isinstance(b, HtmlBlock)]


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize(
    "block",
    [
        f'<div class="callout-note">\n**Title**\nSaid by [[kelly_johnson | Kelly]] {ANCHOR} and [00:02:03].\n</div>',
        f"<br>\n> [!note] A callout\n> Said by [[kelly_johnson | Kelly]] {ANCHOR} and [00:02:03].",
        f"<p>Said by [[kelly_johnson | Kelly]] {ANCHOR} and [00:02:03].</p>",
    ],
    ids=["div-callout", "br-before-callout", "p"],
)
def test_nodes_inside_an_html_block(block: str, fast: bool) -> None:
    text = HEAD + "Intro.\n\n" + block + "\n\nAfter.\n"
    note = _parse(text, fast)
    (html,) = _html_blocks(note)
    assert html.html.rstrip("\n") == block
    kinds = [(type(node).__name__, str(node)) for node in html.children]
    assert kinds == [
        ("WikiLink", "[[kelly_johnson|Kelly]]"),
        ("Timestamp", "[00:01:02]"),
        ("Timestamp", "[00:02:03]"),
    ]
    assert [ts.seconds for ts in note.timestamps()] == [62, 123]
    assert [link.target for link in note.wikilinks()] == ["chan", "kelly_johnson"]  # the From line first
    lines = text.split("\n")
    for node in html.children:
        assert node.span is not None
        source = lines[node.span.line - 1][node.span.column - 1 : node.span.end_column - 1]
        assert source.startswith(("<a", "[")), source


@pytest.mark.parametrize("fast", [True, False])
def test_a_wiki_link_as_an_anchors_display_is_a_node(fast: bool) -> None:
    text = HEAD + 'See <a class="yt-timestamp" data-t="00:01:02">[[00:01:02]]</a> and '
    text += '<a class="yt-timestamp" data-t="00:03:04">[[some_note|a note]]</a>.'
    note = _parse(text, fast)
    first, second = note.timestamps()
    assert (first.display, first.bracketed, first.seconds) == ("[[00:01:02]]", False, 62)
    assert first.wikilink is not None
    assert first.wikilink.target == "00:01:02"
    assert second.wikilink is not None
    assert second.wikilink == WikiLink(target="some_note", alias="a note", span=second.wikilink.span)
    assert [str(link) for link in note.wikilinks()] == ["[[chan]]", "[[00:01:02]]", "[[some_note|a note]]"]
    line = text.split("\n")[7]
    span = second.wikilink.span
    assert span is not None
    assert line[span.column - 1 : span.end_column - 1] == "[[some_note|a note]]"


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("alias", ["", " | Founders"])
def test_the_from_line_over_a_rule(fast: bool, alias: str) -> None:
    text = f"---\ntitle: T\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[founders{alias}]] <br/> \n---\n\n\nText {ANCHOR}."
    result = seedparse.parse_lenient(text, fast=fast)
    note = result.document
    assert isinstance(note, seedparse.TranscriptNote)
    assert note.channel is not None
    assert note.channel.target == "founders"
    assert isinstance(note.intro[0], ThematicBreak)
    assert [d.code for d in result.diagnostics] == []
    assert seedparse.render(note) == text
    assert [ts.seconds for ts in note.timestamps()] == [62]


def test_a_bare_clock_is_not_read_in_code_or_links() -> None:
    text = HEAD + "Code `[00:01:02]`, a link [00:01:02](#), [[00:01:02]] and text [00:01:02].\n\n```\n[00:09:09]\n```\n"
    for fast in (True, False):
        note = _parse(text, fast)
        stamps = note.timestamps()
        assert [(ts.bare, ts.seconds) for ts in stamps] == [(True, 62)]
        assert isinstance(stamps[0], Timestamp)
