"""News articles: title, subtitle, byline, date, caption, body, disclaimer, url."""

from __future__ import annotations

import datetime as dt
import re

from seedparse.blocks import Block, Heading, Paragraph, RelatedArticle
from seedparse.documents import Article, Author, Caption, Disclaimer
from seedparse.inlines import Emphasis, Inline, LineBreak, Link, Strong, Text, plain_text
from seedparse.parsing.blocks import build_blocks, slice_text
from seedparse.parsing.context import Context
from seedparse.parsing.fast import fast_blocks
from seedparse.parsing.inline import join_spans
from seedparse.parsing.markdown import markdown_parser
from seedparse.parsing.sections import sectionize
from seedparse.spans import Span

__all__ = ["header_spans", "parse_article"]

#: A date line's shape: ``January 02, 2024`` (``Jan. 2, 2024`` too).
_DATE_SHAPE = re.compile(r"[A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]+\.? \d{4}")
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%d %b. %Y")
#: Names in a byline's text are separated by commas and "and".
_NAME_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
#: A licence in parentheses closing a caption: ``(CC BY-SA 3.0)``.
_LICENCE = re.compile(r"\s*\((?P<licence>CC[ -][^()]*|Public [Dd]omain|[^()]*[Ll]icen[cs]e[^()]*)\)\s*$")
_RELATED = re.compile(r"Related articles?:?")
_URL = re.compile(r"https?://\S+")
#: How many blank lines a removed header image leaves, at least.
_IMAGE_GAP = 2


def parse_article(context: Context) -> Article:
    """Parse an article, reporting problems to ``context``."""
    blocks = fast_blocks(context) if context.fast else None
    if blocks is None:
        blocks = build_blocks(markdown_parser().parse(context.text), context)
    header = _Header(context, blocks)
    body = header.read()
    body, url = _footer(context, body)
    body, disclaimer = _disclaimer(body)
    intro, sections = sectionize([piece for block in body for piece in _related(block)])
    return Article(
        title=header.title,
        subtitle=header.subtitle,
        authors=header.authors,
        published=header.published,
        caption=header.caption,
        disclaimer=disclaimer,
        url=url,
        intro=intro,
        sections=sections,
        span=context.index.span(0, len(context.text)),
    )


def header_spans(text: str) -> dict[str, Span]:
    """Where an article's title, subtitle, byline, date and url are in ``text`` (BOM removed)."""
    context = Context(text)
    parse_article(context)
    return context.layout


class _Header:
    """Reads the header blocks off the front of the body, in order."""

    def __init__(self, context: Context, blocks: list[Block]) -> None:
        self.context = context
        self.blocks = blocks
        self.title: str | None = None
        self.subtitle: str | None = None
        self.authors: list[Author] = []
        self.published: dt.date | None = None
        self.caption: Caption | None = None

    def read(self) -> list[Block]:
        blocks = self.blocks
        first = blocks[0] if blocks else None
        after_title: Span | None = None
        if isinstance(first, Heading) and first.level == 1:
            blocks = blocks[1:]
            after_title = first.span
            self.title = plain_text(first.children) or None
            self._place("title", first.span)
        if self.title is None:
            where = first.span if first is not None and first.span is not None else self.context.point(1)
            self.context.report("SP501", "article has no '# title' line (with text) before its body", where)
        if blocks and isinstance(blocks[0], Heading) and blocks[0].level == 2:
            self.subtitle = plain_text(blocks[0].children)
            self._place("subtitle", blocks[0].span)
            blocks = blocks[1:]
        if blocks and isinstance(blocks[0], Paragraph) and _is_byline(blocks[0]):
            self.authors = _authors(blocks[0])
            self._place("byline", blocks[0].span)
            blocks = blocks[1:]
        date_block = blocks[0] if blocks and isinstance(blocks[0], Paragraph) else None
        if date_block is not None and _DATE_SHAPE.fullmatch(date_block.text):
            self.published = self._date(date_block)
            self._place("date", date_block.span)
            blocks = blocks[1:]
            return self._caption(blocks, date_block.span)
        line = (after_title.end_line + 1) if after_title is not None else 1
        self.context.report(
            "SP502",
            "article has no date line (like 'January 02, 2024') after its title and byline",
            self.context.point(line),
        )
        return blocks

    def _place(self, part: str, span: Span | None) -> None:
        if span is not None:
            self.context.layout[part] = span

    def _date(self, block: Paragraph) -> dt.date | None:
        for fmt in _DATE_FORMATS:
            try:
                return dt.datetime.strptime(block.text, fmt).date()
            except ValueError:
                continue
        where = block.span or self.context.point(1)
        self.context.report("SP503", f"date {block.text!r} cannot be read as a calendar date", where)
        return None

    def _caption(self, blocks: list[Block], previous: Span | None) -> list[Block]:
        """The caption is the first paragraph after the image gap, if it ends with a credit.

        Right under the date (the image gap between them), a one-line paragraph with no
        credit is a caption too, as long as more of the article follows it.
        """
        for i, block in enumerate(blocks[:3]):
            gap = (block.span.line - previous.end_line - 1) if block.span and previous else 0
            previous = block.span
            if gap < _IMAGE_GAP:
                continue
            if isinstance(block, Paragraph):
                caption = _caption_of(block, uncredited=i == 0 and i + 1 < len(blocks))
                if caption is not None:
                    self.caption = caption
                    return blocks[:i] + blocks[i + 1 :]
            break
        return blocks


def _is_byline(block: Paragraph) -> bool:
    first = block.children[0] if block.children else None
    return isinstance(first, Text) and first.text.startswith("By ") and "\n" not in block.text


def _authors(block: Paragraph) -> list[Author]:
    authors: list[Author] = []
    for i, node in enumerate(block.children):
        if isinstance(node, Link):
            authors.append(Author(name=node.text, href=node.href, span=node.span))
        elif isinstance(node, Text):
            text = node.text[3:] if i == 0 else node.text
            column = (node.span.column + (3 if i == 0 else 0)) if node.span else 1
            for match in re.finditer(r"[^,]+", text):
                for name in _NAME_SEPARATOR.split(match[0]):
                    name = name.strip()
                    if name and name != "and":
                        offset = text.find(name, match.start())
                        line = node.span.line if node.span else 1
                        span = Span(
                            line=line, column=column + offset, end_line=line, end_column=column + offset + len(name)
                        )
                        authors.append(Author(name=name, span=span))
    return authors


def _caption_of(block: Paragraph, *, uncredited: bool = False) -> Caption | None:
    """A caption: text, then a credit (link, bold, or plain before a licence), then ``(licence)``.

    With ``uncredited``, a one-line paragraph without a credit is a caption of text alone
    (not the ``Original url:`` footer).
    """
    nodes = list(block.children)
    licence: str | None = None
    last = nodes[-1] if nodes else None
    if isinstance(last, Text):
        match = _LICENCE.search(last.text)
        if match is not None:
            licence = match["licence"].strip()
            head = slice_text(last, 0, len(last.text[: match.start()].rstrip()))
            nodes = nodes[:-1] + ([head] if head is not None else [])
    last = nodes[-1] if nodes else None
    credit: Link | Strong | Text | None
    if isinstance(last, (Link, Strong)):
        credit, text = last, nodes[:-1]
    elif isinstance(last, Text) and licence is not None:
        # A plain credit: the words after the caption's last sentence.
        cut = max(last.text.rfind(". "), last.text.rfind("\u2019 "), last.text.rfind('" '))
        credit = slice_text(last, cut + 2) if cut >= 0 else last
        head = slice_text(last, 0, cut + 1) if cut >= 0 else None
        text = nodes[:-1] + ([head] if head is not None else [])
    elif uncredited and _is_uncredited_caption(block):
        credit, text = None, nodes
    else:
        return None
    return Caption(text=_rstrip(text), credit=credit, licence=licence, span=block.span)


def _is_uncredited_caption(block: Paragraph) -> bool:
    """Whether a paragraph can be a caption with no credit: one line of text, not the footer."""
    return (
        bool(block.children)
        and not any(isinstance(node, LineBreak) for node in block.children)
        and not block.text.startswith("Original url:")
    )


def _rstrip(nodes: list[Inline]) -> list[Inline]:
    """Drop trailing whitespace of the last text node."""
    last = nodes[-1] if nodes else None
    if isinstance(last, Text):
        stripped = slice_text(last, 0, len(last.text.rstrip()))
        nodes = nodes[:-1] + ([stripped] if stripped is not None else [])
    return nodes


def _footer(context: Context, blocks: list[Block]) -> tuple[list[Block], str | None]:
    """Take ``Original url:`` and its URL (same paragraph or the next) off the end."""
    for i in range(len(blocks) - 1, -1, -1):
        block = blocks[i]
        if isinstance(block, Paragraph) and block.text.startswith("Original url:"):
            found = _url_in(block, skip=len("Original url:"))
            used = 1
            if found is None and i + 1 < len(blocks) and isinstance(blocks[i + 1], Paragraph):
                following = blocks[i + 1]
                assert isinstance(following, Paragraph)
                found = _url_in(following)
                used = 2 if found is not None else 1
            rest = blocks[:i] + blocks[i + used :]
            if found is not None:
                url, span = found
                if span is not None:
                    context.layout["url"] = span
                return rest, url
            context.report("SP504", "'Original url:' is not followed by a URL", block.span or context.point(1))
            return rest, None
    line = context.index.line_count
    context.report("SP504", "article has no 'Original url:' footer", context.point(line))
    return blocks, None


def _url_in(block: Paragraph, skip: int = 0) -> tuple[str, Span | None] | None:
    """The first http(s) URL of a paragraph (a link's, or bare in its text), and where its text is."""
    seen = 0
    for node in block.children:
        if isinstance(node, Link) and _URL.match(node.href):
            inner = node.children[0].span if len(node.children) == 1 and node.children[0].span else None
            is_url_text = (
                isinstance(node.children[0], Text) and node.children[0].text == node.href if node.children else False
            )
            return node.href, inner if is_url_text else None
        if isinstance(node, Text):
            start = max(0, skip - seen)
            seen += len(node.text)
            match = _URL.search(node.text, start)
            if match is not None:
                piece = slice_text(node, match.start(), match.end())
                return match[0], piece.span if piece is not None else None
    return None


def _disclaimer(blocks: list[Block]) -> tuple[list[Block], Disclaimer | None]:
    """Take a closing paragraph that is all italics off the end."""
    last = blocks[-1] if blocks else None
    if isinstance(last, Paragraph) and len(last.children) == 1 and isinstance(last.children[0], Emphasis):
        return blocks[:-1], Disclaimer(children=last.children[0].children, span=last.span)
    return blocks, None


def _related(block: Block) -> list[Block]:
    """``**Related article:** [Title](#)`` -> a :class:`RelatedArticle` block.

    A callout glued to the end of the paragraph before it (on the next line, no blank line
    between) is split off: the paragraph, then the callout.
    """
    if not isinstance(block, Paragraph):
        return [block]
    span = block.span
    related = _related_of(block.children, span)
    if related is not None:
        return [related]
    cut = next((i for i in range(len(block.children) - 1, -1, -1) if isinstance(block.children[i], LineBreak)), -1)
    if cut <= 0:
        return [block]
    head, tail = block.children[:cut], block.children[cut + 1 :]
    tail_span = join_spans(tail[0].span, span) if tail and span is not None else None
    related = _related_of(tail, tail_span)
    if related is None:
        return [block]
    head_span = join_spans(span, head[-1].span) if span is not None else None
    return [Paragraph(children=head, span=head_span), related]


def _related_of(children: list[Inline], span: Span | None) -> RelatedArticle | None:
    """The callout that ``children`` (one paragraph's, or its last line's) make, if they make one."""
    nodes = [node for node in children if not (isinstance(node, Text) and not node.text.strip())]
    if len(nodes) < 2 or not isinstance(nodes[0], Strong) or not isinstance(nodes[-1], Link):
        return None
    if any(not isinstance(node, Text) for node in nodes[1:-1]):
        return None
    label = plain_text(nodes[0].children)
    between = "".join(node.text for node in nodes[1:-1] if isinstance(node, Text))
    if not _RELATED.fullmatch(label) or len(nodes) > 3 or between.strip() not in ("", ":"):
        return None
    separator = "".join(node.text for node in children[1:-1] if isinstance(node, Text))
    return RelatedArticle(label=label, separator=separator, link=nodes[-1], span=span)
