"""Article shapes the converter leaves: a related callout glued to a paragraph, a caption without a credit."""

from __future__ import annotations

import datetime as dt

import pytest

import seedparse
from seedparse.blocks import Paragraph, RelatedArticle
from seedparse.documents import Article, Caption
from seedparse.inlines import Link, Strong, Text
from seedparse.render import render
from seedparse.spans import LineIndex, Span
from tests.conftest import without_spans
from tests.test_differential import assert_same

_URL = "https://www.themoscowtimes.com/2024/01/02/what-can-russias-opposition-do-in-2024-a83602"


def _article(body: str, *, caption: str = "", date_gap: int = 1) -> str:
    """An article as the converter writes it: leading blank lines, title, byline, date, body, footer."""
    head = "\n\n# What Can Russia's Opposition Do in 2024?\n\nBy [Alexander Finiarel](#)\n\nJanuary 02, 2024\n"
    gap = "\n" * date_gap
    return head + gap + (caption + "\n\n" if caption else "") + body + f"\n\nOriginal url:\n\n<{_URL}>"


def _parse(text: str, fast: bool = True) -> Article:
    document = seedparse.parse(text, fast=fast)
    assert isinstance(document, Article)
    return document


def _source(text: str, span: Span | None) -> str:
    assert span is not None
    index = LineIndex(text)
    return text[index.offset(span.line, span.column) : index.offset(span.end_line, span.end_column)]


def _round_trips(text: str, document: Article) -> None:
    """Byte for byte, the same on both paths, and the canonical form reads back to the same document."""
    assert render(document) == text
    assert_same(text)
    canonical = render(document, canonical=True)
    assert without_spans(seedparse.parse(canonical)) == without_spans(document)


_PARAGRAPH = (
    "Russia's opposition fulfills all of the above functions. Their media outlets continue to fight "
    "Kremlin propaganda and connect Russians to each other and the outside world."
)


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "markdown-it"])
@pytest.mark.parametrize(
    ("line", "label", "separator"),
    [
        ("**Related article:** [Maxim Katz Wants to Unite Russia's Splintered Opposition](#)", "Related article:", " "),
        ("**Related article**: [Maxim Katz Wants to Unite Russia's Splintered Opposition](#)", "Related article", ": "),
    ],
    ids=["colon-inside", "colon-outside"],
)
def test_a_related_callout_glued_to_the_paragraph_before_is_still_a_callout(
    line: str, label: str, separator: str, fast: bool
) -> None:
    text = _article(f"{_PARAGRAPH}\n{line}\n\nThe Kremlin has its own plans.")
    document = _parse(text, fast)
    paragraph, related, after = document.intro
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text == _PARAGRAPH
    assert _source(text, paragraph.span) == _PARAGRAPH
    assert isinstance(related, RelatedArticle)
    assert (related.label, related.separator) == (label, separator)
    assert related.title == "Maxim Katz Wants to Unite Russia's Splintered Opposition"
    assert _source(text, related.span) == line
    assert related.span is not None
    assert paragraph.span is not None
    assert related.span.line == paragraph.span.end_line + 1
    assert isinstance(after, Paragraph)
    assert [r.title for r in document.related] == [related.title]
    _round_trips(text, document)


def test_a_glued_callout_after_a_hard_break_and_crlf_line_ends() -> None:
    # 009.md has CRLF line ends (the fast path declines them); a hard break ends the paragraph's line.
    line = "**Related article**: [Ukraine's Donbas Drifts Into 'Alternative Peace'](#)"
    text = _article(f"He said they haven't come from Russia.  \n{line}").replace("\n", "\r\n")
    document = _parse(text)
    paragraph, related = document.intro
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text == "He said they haven't come from Russia."
    assert isinstance(related, RelatedArticle)
    assert _source(text, related.span) == line
    _round_trips(text, document)


def test_a_glued_callout_keeps_its_own_link_span_and_edits_render_on_its_line() -> None:
    line = "**Related article:** [Russia's Civil Society in 2023](#)"
    text = _article(f"{_PARAGRAPH}\n{line}")
    document = _parse(text)
    related = document.intro[1]
    assert isinstance(related, RelatedArticle)
    assert _source(text, related.link.span) == "[Russia's Civil Society in 2023](#)"
    changed = related.model_copy(update={"link": Link(href="https://example.com/a", children=[Text(text="New")])})
    edited = document.model_copy(update={"intro": [document.intro[0], changed]})
    assert render(edited) == text.replace(line, "**Related article:** [New](https://example.com/a)")


@pytest.mark.parametrize(
    "body",
    [
        # A callout in the middle of a paragraph is not split off: only a paragraph's last line is.
        f"{_PARAGRAPH}\n**Related article:** [Maxim Katz](#)\nand the text goes on.",
        # Bold that is not the label, glued on.
        f"{_PARAGRAPH}\n**Read more:** [Maxim Katz](#)",
        # The label without a link after it.
        f"{_PARAGRAPH}\n**Related article:** Maxim Katz",
    ],
    ids=["mid-paragraph", "other-label", "no-link"],
)
def test_a_paragraph_without_a_callout_on_its_last_line_stays_whole(body: str) -> None:
    text = _article(body)
    document = _parse(text)
    assert document.related == []
    (paragraph,) = document.intro
    assert isinstance(paragraph, Paragraph)
    _round_trips(text, document)


_CAPTION = "Russians in Prague protesting against the war in Ukraine."


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "markdown-it"])
def test_a_caption_without_a_credit_right_under_the_date_is_a_caption(fast: bool) -> None:
    text = _article("As a new year dawns, the prospects for the war look bleak.", caption=_CAPTION, date_gap=3)
    document = _parse(text, fast)
    assert document.caption is not None
    assert plain(document.caption) == _CAPTION
    assert (document.caption.credit, document.caption.licence) == (None, None)
    assert _source(text, document.caption.span) == _CAPTION
    (first,) = document.intro
    assert isinstance(first, Paragraph)
    assert first.text.startswith("As a new year dawns")
    _round_trips(text, document)


def plain(caption: Caption) -> str:
    """The caption's text as plain text."""
    return "".join(node.text for node in caption.text if isinstance(node, Text))


def test_a_credited_caption_is_read_as_before() -> None:
    caption = "Russians in Prague protesting against the war in Ukraine. [Jan Beránek](#) (CC BY-SA 3.0)"
    document = _parse(_article("Body.", caption=caption, date_gap=3))
    assert document.caption is not None
    assert (document.caption.credit_text, document.caption.licence) == ("Jan Beránek", "CC BY-SA 3.0")


@pytest.mark.parametrize(
    ("body", "date_gap"),
    [
        # One blank line under the date: no image was removed, so the first paragraph is body.
        (f"{_CAPTION}\n\nMore body.", 1),
        # 003.md: an intro before the photo; the paragraph after the photo's gap is body, not a caption.
        ("This month, several officials were reshuffled.\n\n\n\nHarold Chambers joins us to explain.", 1),
        # A caption is one line.
        ("Russians in Prague\nprotesting against the war.\n\nMore body.", 3),
    ],
    ids=["no-gap", "intro-before-photo", "two-lines"],
)
def test_a_paragraph_that_is_not_a_caption_stays_in_the_body(body: str, date_gap: int) -> None:
    text = _article(body, date_gap=date_gap)
    document = _parse(text)
    assert document.caption is None
    assert len(document.intro) == 2
    _round_trips(text, document)


def test_the_footer_right_under_the_date_is_not_a_caption() -> None:
    text = _article("", date_gap=3).replace("\n\n\n\n\n\nOriginal url:", "\n\n\n\nOriginal url:")
    document = _parse(text)
    assert document.caption is None
    assert document.url == _URL


def test_a_built_caption_without_a_credit_renders_and_reads_back() -> None:
    article = Article(
        title="What Can Russia's Opposition Do in 2024?",
        published=dt.date(2024, 1, 2),
        caption=Caption(text=[Text(text=_CAPTION)]),
        intro=[Paragraph(children=[Text(text="Body.")]), Paragraph(children=[Strong(children=[Text(text="b")])])],
        url=_URL,
    )
    again = seedparse.parse(render(article))
    assert isinstance(again, Article)
    assert again.caption is not None
    assert plain(again.caption) == _CAPTION
    assert again.caption.credit is None
