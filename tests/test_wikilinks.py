"""The wiki-link grammar, through split_wikilink and through the public parser."""

from __future__ import annotations

import pytest

import seedparse
from seedparse.blocks import Callout, Paragraph, Table, TableCell, walk_blocks
from seedparse.diagnostics import Diagnostic
from seedparse.documents import TranscriptNote
from seedparse.inlines import Code, Inline, LineBreak, Text
from seedparse.spans import LineIndex
from seedparse.wikilinks import WikiLink, WikiLinkParts, split_wikilink

HEAD = "---\ntitle: T\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[chan]] <br/> \n\n"
#: The line of the body's first line in a note built by :func:`_parse`.
BODY_LINE = 8


def _parse(body: str) -> tuple[TranscriptNote, tuple[Diagnostic, ...]]:
    result = seedparse.parse_lenient(HEAD + body + "\n")
    document = result.document
    assert isinstance(document, TranscriptNote)
    assert document.channel is not None
    assert document.channel.target == "chan"
    return document, result.diagnostics


def _inlines(body: str) -> list[Inline]:
    """The inline content of the one paragraph ``body`` makes."""
    document, _ = _parse(body)
    assert document.sections == []
    (paragraph,) = document.intro
    assert isinstance(paragraph, Paragraph)
    return paragraph.children


def _link(body: str) -> WikiLink:
    """The one node of a body that is a single wiki-link."""
    (node,) = _inlines(body)
    assert isinstance(node, WikiLink)
    return node


def _codes(body: str) -> list[str]:
    _, diagnostics = _parse(body)
    return [d.code for d in diagnostics]


def _source_at(body: str, node: Inline) -> str:
    assert node.span is not None
    text = HEAD + body + "\n"
    index = LineIndex(text)
    return text[index.offset(node.span.line, node.span.column) : index.offset(node.span.end_line, node.span.end_column)]


# -- split_wikilink ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        ("t", WikiLinkParts("t", (), None, None)),
        ("t|a", WikiLinkParts("t", (), None, "a")),
        ("t | a", WikiLinkParts("t", (), None, "a")),
        ("t\\|a", WikiLinkParts("t", (), None, "a")),
        ("t \\| a", WikiLinkParts("t", (), None, "a")),
        ("a|b|c", WikiLinkParts("a", (), None, "b|c")),
        ("Note#H", WikiLinkParts("Note", ("H",), None, None)),
        ("Note#H#Sub", WikiLinkParts("Note", ("H", "Sub"), None, None)),
        ("Note # H # Sub | Shown", WikiLinkParts("Note", ("H", "Sub"), None, "Shown")),
        ("#H", WikiLinkParts("", ("H",), None, None)),
        ("Note#^blk", WikiLinkParts("Note", (), "blk", None)),
        ("Note#^blk-1|x", WikiLinkParts("Note", (), "blk-1", "x")),
        ("#^blk", WikiLinkParts("", (), "blk", None)),
        ("img.png|100x145", WikiLinkParts("img.png", (), None, "100x145")),
        ("Note.md", WikiLinkParts("Note.md", (), None, None)),
        ("folder/Note", WikiLinkParts("folder/Note", (), None, None)),
        ("Пушкин (поэт)", WikiLinkParts("Пушкин (поэт)", (), None, None)),
        ("t|**bold** it's", WikiLinkParts("t", (), None, "**bold** it's")),
        ("t|", WikiLinkParts("t", (), None, None)),
        ("t| ", WikiLinkParts("t", (), None, None)),
    ],
)
def test_split_wikilink(inner: str, expected: WikiLinkParts) -> None:
    assert split_wikilink(inner) == expected


@pytest.mark.parametrize("inner", ["", " ", "|x", " | x", "\t", "#", "# ", "#^"])
def test_split_wikilink_empty_is_none(inner: str) -> None:
    assert split_wikilink(inner) is None


# -- the display property ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "display"),
    [
        (WikiLink(target="t"), "t"),
        (WikiLink(target="t", alias="Shown"), "Shown"),
        (WikiLink(target="Note", heading=("H",)), "Note > H"),
        (WikiLink(target="Note", heading=("H", "Sub")), "Note > H > Sub"),
        (WikiLink(target="", heading=("H",)), "H"),
        (WikiLink(target="Note", heading=("H",), alias="x"), "x"),
        (WikiLink(target="Note", block_id="blk"), "Note > ^blk"),
    ],
)
def test_display(link: WikiLink, display: str) -> None:
    assert link.display == display
    assert link.model_dump()["display"] == display


def test_kind_and_size() -> None:
    assert WikiLink(target="n").kind == "note"
    assert WikiLink(target="n", heading=("h",)).kind == "heading"
    assert WikiLink(target="n", block_id="b").kind == "block"
    assert WikiLink(target="i.png", alias="100x145", embed=True).size == "100x145"
    assert WikiLink(target="i.png", alias="100", embed=True).size == "100"
    assert WikiLink(target="i.png", alias="100x145").size is None  # not an embed
    assert WikiLink(target="i.png", alias="big", embed=True).size is None


# -- through the parser -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "target", "alias"),
    [
        ("[[t]]", "t", None),
        ("[[t|a]]", "t", "a"),
        ("[[t | a]]", "t", "a"),
        ("[[t\\|a]]", "t", "a"),
        ("[[a|b|c]]", "a", "b|c"),
        ("[[Note.md]]", "Note.md", None),
        ("[[Ünïcödé ноте (東京)]]", "Ünïcödé ноте (東京)", None),
        (
            "[[opposition_dynamics | Russian **political** immigration]]",
            "opposition_dynamics",
            "Russian **political** immigration",
        ),
    ],
)
def test_parse_simple_links(body: str, target: str, alias: str | None) -> None:
    link = _link(body)
    assert (link.target, link.alias, link.heading, link.block_id, link.embed) == (target, alias, (), None, False)
    assert link.span is not None
    assert (link.span.line, link.span.column, link.span.end_line, link.span.end_column) == (
        BODY_LINE,
        1,
        BODY_LINE,
        len(body) + 1,
    )
    assert _codes(body) == []


def test_parse_heading_links() -> None:
    assert _link("[[Note#H]]").heading == ("H",)
    sub = _link("[[Note#H#Sub]]")
    assert (sub.target, sub.heading, sub.display) == ("Note", ("H", "Sub"), "Note > H > Sub")
    same = _link("[[#H]]")
    assert (same.target, same.heading, same.display, same.kind) == ("", ("H",), "H", "heading")
    block = _link("[[Note#^blk]]")
    assert (block.target, block.heading, block.block_id, block.kind) == ("Note", (), "blk", "block")
    aliased = _link("[[Note#H|Shown]]")
    assert (aliased.target, aliased.heading, aliased.display) == ("Note", ("H",), "Shown")


def test_parse_embed() -> None:
    image = _link("![[img.png|100x145]]")
    assert (image.target, image.embed, image.alias, image.size) == ("img.png", True, "100x145", "100x145")
    note = _link("![[Note]]")
    assert (note.target, note.embed, note.size) == ("Note", True, None)
    assert _source_at("![[Note]]", note) == "![[Note]]"


def test_text_right_after_the_link() -> None:
    body = "See [[channel_slug]]'s view"
    nodes = _inlines(body)
    assert [type(n) for n in nodes] == [Text, WikiLink, Text]
    before, link, after = nodes
    assert isinstance(before, Text)
    assert isinstance(link, WikiLink)
    assert isinstance(after, Text)
    assert (before.text, link.target, after.text) == ("See ", "channel_slug", "'s view")
    assert _source_at(body, link) == "[[channel_slug]]"


def test_triple_brackets() -> None:
    nodes = _inlines("[[[a]]]")
    assert [type(n) for n in nodes] == [Text, WikiLink, Text]
    first, link, last = nodes
    assert isinstance(first, Text)
    assert isinstance(link, WikiLink)
    assert isinstance(last, Text)
    assert (first.text, link.target, last.text) == ("[", "a", "]")
    assert _source_at("[[[a]]]", link) == "[[a]]"


def test_escaped_bracket_is_not_a_link() -> None:
    nodes = _inlines("\\[[x]]")
    assert not any(isinstance(n, WikiLink) for n in nodes)
    assert "".join(n.text for n in nodes if isinstance(n, Text)) == "[[x]]"
    assert _codes("\\[[x]]") == []


@pytest.mark.parametrize("body", ["[[]]", "[[ ]]", "[[|x]]"])
def test_empty_links_are_text_with_a_warning(body: str) -> None:
    nodes = _inlines(body)
    assert len(nodes) == 1
    assert isinstance(nodes[0], Text)
    assert nodes[0].text == body
    _, diagnostics = _parse(body)
    assert [d.code for d in diagnostics] == ["SP302"]
    (diagnostic,) = diagnostics
    assert diagnostic.severity is seedparse.Severity.WARNING
    assert (diagnostic.span.line, diagnostic.span.column) == (BODY_LINE, 1)


def test_unclosed_link_is_text_with_a_warning() -> None:
    body = "before [[x and after"
    nodes = _inlines(body)
    assert len(nodes) == 1
    assert isinstance(nodes[0], Text)
    assert nodes[0].text == body
    _, diagnostics = _parse(body)
    assert [d.code for d in diagnostics] == ["SP301"]
    assert (diagnostics[0].span.line, diagnostics[0].span.column) == (BODY_LINE, len("before ") + 1)


def test_link_does_not_span_a_line_break() -> None:
    body = "a [[x\ny]] b"
    nodes = _inlines(body)
    assert not any(isinstance(n, WikiLink) for n in nodes)
    assert any(isinstance(n, LineBreak) for n in nodes)
    texts = [n.text for n in nodes if isinstance(n, Text)]
    assert texts == ["a [[x", "y]] b"]
    assert _codes(body) == ["SP301"]


def test_link_ends_at_the_first_closing_brackets() -> None:
    nodes = _inlines("[[a]] and [[b]]")
    links = [n for n in nodes if isinstance(n, WikiLink)]
    assert [link.target for link in links] == ["a", "b"]


def test_link_in_inline_code_is_code() -> None:
    nodes = _inlines("use `[[x|y]]` here")
    assert not any(isinstance(n, WikiLink) for n in nodes)
    codes = [n for n in nodes if isinstance(n, Code)]
    assert [c.code for c in codes] == ["[[x|y]]"]


def test_link_in_fenced_code_is_code() -> None:
    document, diagnostics = _parse("```\n[[x|y]]\n```")
    assert document.wikilinks() == [document.channel]
    assert [d.code for d in diagnostics] == []


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        ("## [[t|Alias Here]] at the start", "Alias Here at the start"),
        ("## About [[t|Alias Here]] now", "About Alias Here now"),
        ("## At the end [[t | Alias Here]]", "At the end Alias Here"),
        ("### [[plain_target]]", "plain_target"),
    ],
)
def test_links_in_headings(heading: str, title: str) -> None:
    document, _ = _parse(heading + "\ntext right after")
    (section,) = document.sections
    links = [n for n in section.heading if isinstance(n, WikiLink)]
    assert len(links) == 1
    assert links[0].target in ("t", "plain_target")
    assert section.title == title
    assert "[[" not in section.title
    assert _source_at(heading, links[0]).startswith("[[")


def test_link_in_callout_title() -> None:
    document, _ = _parse("> [!info] See [[x | Y]]\n> body")
    (callout,) = document.intro
    assert isinstance(callout, Callout)
    assert callout.callout == "info"
    links = [n for n in callout.title if isinstance(n, WikiLink)]
    assert [(link.target, link.alias) for link in links] == [("x", "Y")]
    assert links[0].span is not None
    assert (links[0].span.line, links[0].span.column) == (BODY_LINE, len("> [!info] See ") + 1)


def test_link_in_quote_and_list() -> None:
    document, _ = _parse("> quoted [[q|Q]]\n\n* item [[i]]\n   * nested [[n#h]]")
    targets = [link.target for link in document.wikilinks()]
    assert targets == ["chan", "q", "i", "n"]


def _table(body: str) -> Table:
    document, _ = _parse(body)
    tables = [block for block in walk_blocks(document.intro) if isinstance(block, Table)]
    assert len(tables) == 1
    return tables[0]


def _cell_links(cell: TableCell) -> list[WikiLink]:
    return [n for n in cell.children if isinstance(n, WikiLink)]


@pytest.mark.parametrize(
    ("row", "alias"),
    [
        ("| [[t|a]] | z |", "a"),
        ("| [[t\\|a]] | z |", "a"),
        ("| [[t | a b]] | z |", "a b"),
        ("| [[a|b|c]] | z |", "b|c"),
    ],
)
def test_pipe_inside_a_link_does_not_split_a_table_cell(row: str, alias: str) -> None:
    table = _table("| A | B |\n|---|---|\n" + row)
    assert len(table.header) == 2
    assert len(table.rows) == 1
    (cells,) = table.rows
    assert len(cells) == 2
    links = _cell_links(cells[0])
    assert [(link.target, link.alias) for link in links] == [("a" if alias == "b|c" else "t", alias)]
    assert [n.text for n in cells[1].children if isinstance(n, Text)] == ["z"]


def test_table_cell_with_text_around_a_link() -> None:
    table = _table("| A | B |\n|---|---|\n| x [[Note#H|Shown]] y | z |")
    (cells,) = table.rows
    assert len(cells) == 2
    kinds = [type(n) for n in cells[0].children]
    assert kinds == [Text, WikiLink, Text]
    (link,) = _cell_links(cells[0])
    assert (link.target, link.heading, link.alias) == ("Note", ("H",), "Shown")


def test_two_links_in_one_table_row() -> None:
    table = _table("| A | B | C |\n|---|---|---|\n| [[a|1]] | [[b|2]] | [[c\\|3]] |")
    (cells,) = table.rows
    assert [[(link.target, link.alias) for link in _cell_links(cell)] for cell in cells] == [
        [("a", "1")],
        [("b", "2")],
        [("c", "3")],
    ]


def test_from_line_older_form() -> None:
    result = seedparse.parse_lenient("---\ntitle: T\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[slug | Display Name]]\n")
    document = result.document
    assert isinstance(document, TranscriptNote)
    assert document.channel is not None
    assert (document.channel.target, document.channel.alias, document.channel.display) == (
        "slug",
        "Display Name",
        "Display Name",
    )
