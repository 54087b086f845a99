"""Link destinations are kept as written, on both parsing paths, and render back as written."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import seedparse
from seedparse.blocks import Paragraph
from seedparse.documents import TranscriptNote
from seedparse.inlines import Image, Link, Text
from seedparse.parsing.detect import takes_fast_path
from seedparse.render import render
from tests.conftest import without_spans
from tests.test_differential import assert_same

_HEAD = "---\ntitle: Shard allocation\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[Elastic]]\n\n"

#: (the body line, the href it gives, whether the fast path reads it)
_LINKS = [
    # Not ASCII: markdown-it would give https://ru.wikipedia.org/wiki/%D0%9C%D0%BE...
    ("See [Moscow](https://ru.wikipedia.org/wiki/Москва) for more.", "https://ru.wikipedia.org/wiki/Москва", True),
    (
        "[Tchaikovsky](https://ru.wikipedia.org/wiki/Чайковский,_Пётр_Ильич) wrote it.",
        "https://ru.wikipedia.org/wiki/Чайковский,_Пётр_Ильич",
        True,
    ),
    # A wiki-link written as a destination: markdown-it would give %5B%5BShard%20...
    ("As in [the note]([[Shard-Allocation]]) above.", "[[Shard-Allocation]]", True),
    ("Read [it](notes/[[Shard-Allocation]].md).", "notes/[[Shard-Allocation]].md", True),
    # Spaces need <...>; they are not percent-encoded.
    ("The [slides](<Talk Slides/part 1.pdf>) are online.", "Talk Slides/part 1.pdf", False),
    # A host not in ASCII is not punycoded.
    ("Try [the shop](https://münchen.de/öffnungszeiten) first.", "https://münchen.de/öffnungszeiten", True),
    # Percent-encoding already in the source stays as written.
    ("[encoded](https://example.com/a%20b) link", "https://example.com/a%20b", True),
    # Escapes and entities are read, as CommonMark reads them.
    ("[escaped](https://example.com/a\\_b) link", "https://example.com/a_b", False),
    ("[query](https://example.com/?a=1&amp;b=2) link", "https://example.com/?a=1&b=2", False),
    # Balanced parentheses in a bare destination.
    ("[Foo](https://en.wikipedia.org/wiki/Foo_(bar)) link", "https://en.wikipedia.org/wiki/Foo_(bar)", False),
]


def _first_link(text: str, fast: bool) -> Link:
    document = seedparse.parse(text, fast=fast)
    assert isinstance(document, TranscriptNote)
    paragraph = document.intro[-1]
    assert isinstance(paragraph, Paragraph)
    links = [node for node in paragraph.children if isinstance(node, Link)]
    assert len(links) == 1, paragraph.children
    return links[0]


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "markdown-it"])
@pytest.mark.parametrize(("body", "href", "on_fast_path"), _LINKS, ids=[case[1] for case in _LINKS])
def test_a_link_destination_is_kept_as_written(body: str, href: str, on_fast_path: bool, fast: bool) -> None:
    text = _HEAD + body + "\n"
    assert _first_link(text, fast).href == href
    assert takes_fast_path(text) is on_fast_path
    assert_same(text)


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "markdown-it"])
def test_an_autolink_keeps_its_url_as_written_in_href_and_text(fast: bool) -> None:
    url = "https://ru.wikipedia.org/wiki/Москва"
    text = _HEAD + f"Source: <{url}>\n"
    link = _first_link(text, fast)
    assert link.href == url
    assert link.children == [Text(text=url, span=link.children[0].span)]
    assert link.children[0].span is not None
    assert link.children[0].span.column == len("Source: <") + 1
    assert_same(text)


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "markdown-it"])
def test_a_refused_destination_is_still_text(fast: bool) -> None:
    text = _HEAD + "[x](javascript:alert(1)) and [y](JAVASCRIPT:alert(1))\n"
    document = seedparse.parse(text, fast=fast)
    paragraph = document.intro[-1]
    assert isinstance(paragraph, Paragraph)
    assert not any(isinstance(node, Link) for node in paragraph.children)
    assert_same(text)


def test_an_image_source_is_kept_as_written() -> None:
    text = _HEAD + '![the shard map](<images/shard map ü.png> "Shards")\n'
    paragraph = seedparse.parse(text).intro[-1]
    assert isinstance(paragraph, Paragraph)
    (image,) = paragraph.children
    assert isinstance(image, Image)
    assert (image.src, image.title) == ("images/shard map ü.png", "Shards")
    assert_same(text)


def test_an_article_footer_url_is_kept_as_written() -> None:
    url = "https://www.themoscowtimes.com/ru/2024/01/02/оппозиция-a1"
    text = f"\n\n# A title\n\nJanuary 02, 2024\n\nBody.\n\nOriginal url:\n\n<{url}>\n"
    document = seedparse.parse(text)
    assert isinstance(document, seedparse.Article)
    assert document.url == url


@pytest.mark.parametrize(("body", "href", "on_fast_path"), _LINKS, ids=[case[1] for case in _LINKS])
def test_a_parsed_link_renders_back_byte_for_byte_and_canonically(body: str, href: str, on_fast_path: bool) -> None:
    text = _HEAD + body + "\n"
    document = seedparse.parse(text)
    assert render(document) == text
    canonical = render(document, canonical=True)
    assert "%" not in canonical or "%" in body
    again = seedparse.parse(canonical)
    assert without_spans(again) == without_spans(document)
    assert _first_link(canonical, fast=True).href == href


def _note_with(node: Link | Image) -> TranscriptNote:
    return TranscriptNote(title="T", video_id="KL4O_d7AlvQ", intro=[Paragraph(children=[Text(text="a "), node])])


@pytest.mark.parametrize(
    ("href", "written"),
    [
        ("a b", "<a b>"),
        ("Talk Slides/part 1.pdf", "<Talk Slides/part 1.pdf>"),
        ("https://ru.wikipedia.org/wiki/Москва", "https://ru.wikipedia.org/wiki/Москва"),
        ("[[Shard-Allocation]]", "[[Shard-Allocation]]"),
        ("https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("a)b(c", "<a)b(c>"),
        ("a(b", "<a(b>"),
        ("", "<>"),
        ("x<y>", "<x\\<y\\>>"),
        ("?a=1&b=2", "?a=1&b=2"),
        ("?a=1&amp;b", "?a=1\\&amp;b"),
        ("C:\\dir\\", "C:\\dir\\\\"),
        ("a\\_b", "a\\\\_b"),
        ("line\nbreak", "<line&#10;break>"),
    ],
)
def test_a_destination_is_written_so_that_it_reads_back(href: str, written: str) -> None:
    canonical = render(_note_with(Link(href=href, children=[Text(text="t")])))
    assert f"[t]({written})" in canonical
    assert _first_link(canonical, fast=True).href == href
    assert _first_link(canonical, fast=False).href == href


_HREF_PIECES = st.one_of(
    st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
    st.sampled_from(["(", ")", "<", ">", "\\", "&", "&amp;", "&#10;", " ", "\n", "\r", "[[n]]", "%20", '"']),
)


@given(
    st.lists(_HREF_PIECES, max_size=12).map("".join),
    st.none() | st.lists(_HREF_PIECES, min_size=1, max_size=6).map("".join),
    st.booleans(),
)
def test_any_destination_and_title_round_trip_through_canonical_rendering(
    href: str, title: str | None, image: bool
) -> None:
    node: Link | Image = (
        Image(src=href, alt="i", title=title) if image else Link(href=href, title=title, children=[Text(text="t")])
    )
    parsed = seedparse.parse(render(_note_with(node)))
    paragraph = parsed.intro[-1]
    assert isinstance(paragraph, Paragraph)
    assert len(paragraph.children) == 2, paragraph.children
    back = paragraph.children[1]
    if isinstance(back, Image):
        assert (back.src, back.title) == (href, title)
    else:
        assert isinstance(back, Link)
        assert (back.href, back.title) == (href, title)
