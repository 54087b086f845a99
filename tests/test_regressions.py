"""Plain regression tests for bugs found while building the parser, one per bug."""

from __future__ import annotations

from pathlib import Path

import pytest

import seedparse
from seedparse.blocks import Paragraph, Table

HEAD = "---\ntitle: T\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[chan]] <br/> \n\n"


@pytest.mark.parametrize(
    ("data", "line", "column"),
    [
        (b"caf\xc3\xa9 \xff", 1, 6),  # columns count code points, not bytes
        (b"\xef\xbb\xbfab\xff", 1, 3),  # and start after a BOM
        (b"a\r\nb\rc\xff", 3, 2),  # a lone CR ends a line too
    ],
)
def test_sp002_points_at_the_bad_byte_in_code_points(tmp_path: Path, data: bytes, line: int, column: int) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(data)
    (diagnostic,) = seedparse.parse_file_lenient(path).diagnostics
    assert diagnostic.code == "SP002"
    assert (diagnostic.span.line, diagnostic.span.column) == (line, column)
    assert f"byte offset {len(data) - 1}" in diagnostic.message


def test_empty_front_matter_does_not_crash() -> None:
    result = seedparse.parse_lenient("---\n---\n\nFrom: [[chan]] <br/> \n\nText.\n")
    assert [d.code for d in result.errors] == ["SP103", "SP104"]
    assert result.document is not None


def test_link_reference_definitions_stay_as_text() -> None:
    document = seedparse.parse(HEAD + "[id]: https://example.com\n")
    (paragraph,) = document.intro
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text == "[id]: https://example.com"


def test_extra_table_cells_are_kept() -> None:
    result = seedparse.parse_lenient(HEAD + "| A | B |\n|---|---|\n| a | b | c | d |\n")
    assert result.document is not None
    (table,) = result.document.intro
    assert isinstance(table, Table)
    assert [seedparse.inlines.plain_text(cell.children) for cell in table.rows[0]] == ["a", "b", "c | d"]
    assert [d.code for d in result.warnings] == ["SP401"]


def test_content_nested_too_deep_is_kept_raw() -> None:
    result = seedparse.parse_lenient(HEAD + "> " * 45 + "deep text\n")
    assert result.document is not None
    texts = [block.text for _, block in result.document.blocks_in_order() if isinstance(block, seedparse.RawBlock)]
    assert len(texts) == 1
    assert texts[0].endswith("deep text")


def test_unclosed_front_matter_leaves_no_body_and_no_from_warning() -> None:
    result = seedparse.parse_lenient("---\ntitle: A\nvideoId: KL4O_d7AlvQ\n\nFrom: [[chan]] <br/> \n\nText.\n")
    assert [str(d) for d in result.diagnostics] == ["1:1: SP102 front matter opened with '---' is never closed"]


def test_a_wikilink_inside_link_text_keeps_every_character() -> None:
    # A link may not hold a link, so markdown-it gives up the outer one; the text stays.
    document = seedparse.parse(HEAD + "[see [[x]]](#) end\n")
    (paragraph,) = document.intro
    assert isinstance(paragraph, Paragraph)
    assert [node.type for node in paragraph.children] == ["text", "wikilink", "text"]
    assert paragraph.text == "[see x](#) end"


def test_original_url_must_be_a_url() -> None:
    text = "# T\n\nJanuary 02, 2024\n\nBody.\n\nOriginal url: [here](#)\n"
    result = seedparse.parse_lenient(text)
    assert result.document is not None
    assert result.document.kind == "article"
    assert isinstance(result.document, seedparse.Article)
    assert result.document.url is None
    assert "SP504" in {d.code for d in result.errors}


def test_text_after_the_channel_link_is_kept_as_intro() -> None:
    note = seedparse.parse("---\ntitle: T\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[c]] <br/> Valery says.\nMore text.\n")
    assert isinstance(note, seedparse.TranscriptNote)
    assert note.channel is not None
    assert note.channel.target == "c"
    (paragraph,) = note.intro
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text == "Valery says. More text."
    assert paragraph.span is not None
    assert (paragraph.span.line, paragraph.span.column) == (6, 19)
    assert seedparse.render(note) == note.source


def test_an_image_embed_displays_its_target_not_its_size() -> None:
    link = seedparse.WikiLink(target="diagram.png", alias="100x145", embed=True)
    assert link.size == "100x145"
    assert link.display == "diagram.png"
    assert seedparse.WikiLink(target="note", alias="100", embed=False).display == "100"


def test_a_bug_in_the_parser_becomes_sp004_not_an_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(context: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(seedparse.api, "parse_transcript", broken)
    result = seedparse.parse_lenient(HEAD + "Text.\n")
    assert result.document is None
    assert [(d.code, d.span.line) for d in result.errors] == [("SP004", 1)]
    assert "KeyError" in result.errors[0].message
    with pytest.raises(seedparse.ParseError):
        seedparse.parse(HEAD + "Text.\n")


@pytest.mark.parametrize("ending", ["0", "\\\\"])
def test_math_that_starts_a_paragraph_ending_in_a_digit_or_backslash(ending: str) -> None:
    # found by test_parse_of_render_is_the_document: the plugin read src[-1] at position 0
    document = seedparse.parse(HEAD + f"$x_i$ is {ending}\n")
    (paragraph,) = document.intro
    assert isinstance(paragraph, Paragraph)
    assert [node.type for node in paragraph.children] == ["math", "text"]


def test_a_nul_in_the_front_matter_is_sp002() -> None:
    # found by test_mutated_real_files_never_raise: PyYAML's reader raised before parsing;
    # since issue 6 a NUL anywhere makes the input binary (SP002), refused before parsing
    result = seedparse.parse_lenient("---\n\x00itle: x\n---\n")
    assert [(d.code, d.span.line) for d in result.errors] == [("SP002", 2)]


def test_a_heading_ending_in_a_hash_renders_back() -> None:
    # a closing '#' run would be read as markup: the canonical form escapes it
    note = seedparse.TranscriptNote(
        title="t",
        video_id="KL4O_d7AlvQ",
        sections=[seedparse.Section(level=2, heading=[seedparse.Text(text="C #")], blocks=[])],
    )
    text = seedparse.render(note)
    assert "## C \\#" in text
    again = seedparse.parse(text)
    assert isinstance(again, seedparse.TranscriptNote)
    assert again.sections[0].title == "C #"


def test_an_image_alt_is_its_plain_text() -> None:
    document = seedparse.parse(HEAD + "![a \\*b\\* c](x.png)\n")
    (paragraph,) = document.intro
    assert isinstance(paragraph, Paragraph)
    (image,) = paragraph.children
    assert isinstance(image, seedparse.Image)
    assert image.alt == "a *b* c"
