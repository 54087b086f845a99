"""markdown-it inline tokens -> seedparse inline nodes, with spans."""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it.token import Token

from seedparse.inlines import Code, Emphasis, Html, Image, Inline, LineBreak, Link, Math, Strong, Text
from seedparse.nodes import build_trusted
from seedparse.parsing.context import Context, InlineLocator
from seedparse.parsing.rules import (
    ANCHOR_BODY,
    ANCHOR_CLASS,
    ANCHOR_DATA_T,
    ANCHOR_OPEN,
    BARE_CLOCK,
    anchor_wikilink,
)
from seedparse.spans import Span
from seedparse.timestamps import Timestamp, TimestampRange
from seedparse.wikilinks import WikiLink, WikiLinkParts, split_wikilink

__all__ = ["build_inlines", "group_ranges", "html_inlines", "join_spans"]

#: What may stand between two anchors for them to form a range: a dash
#: (hyphen, en or em dash) or the word "to", with optional spaces around.
_RANGE_SEPARATOR = re.compile(r"\s*(?:-|\u2013|\u2014|to)\s*")

_ALT_TEXT = frozenset({"text", "text_special", "code_inline", "softbreak", "hardbreak"})

_CLOSERS = {"em_open": "em_close", "strong_open": "strong_close", "link_open": "link_close"}


def join_spans(first: Span | None, last: Span | None) -> Span | None:
    """The span from the start of ``first`` to the end of ``last``."""
    if first is None or last is None:
        return first or last
    return Span(line=first.line, column=first.column, end_line=last.end_line, end_column=last.end_column)


def build_inlines(
    token: Token, context: Context, first_column: int | None = None, skips: tuple[int, ...] = ()
) -> list[Inline]:
    """Build the inline nodes of one ``inline`` token (see :class:`InlineLocator` for the options).

    The token's children are consumed: they are dropped once built, so that a long
    document never holds its inline tokens and its nodes at the same time.
    """
    if not token.children:
        return []
    first_line = token.map[0] if token.map else 0
    locator = InlineLocator(context, token.content, first_line, first_column, skips)
    nodes, _ = _build(token.children, 0, None, locator, context)
    token.children = None
    return nodes


#: Where something may start inside an HTML block: an anchor, a wiki-link, a bare clock.
_HTML_STARTS = re.compile(r"<a\b|!?\[\[|\[\d")


def html_inlines(content: str, locator: InlineLocator, context: Context) -> list[Inline]:
    """The timestamps, bare clocks and wiki-links inside an HTML block's ``content``, in order.

    The same grammar as in markdown (:mod:`.rules`), over HTML that is kept as written:
    only these nodes are read, the rest is the block's text. Ranges are not grouped
    (the text between two anchors is not a node here).
    """
    nodes: list[Inline] = []
    pos = 0
    while (found := _HTML_STARTS.search(content, pos)) is not None:
        at = found.start()
        pos = at + 1
        if content.startswith("<a", at):
            tag = ANCHOR_OPEN.match(content, at)
            if tag is None or ANCHOR_CLASS.search(tag["attrs"]) is None:
                continue
            body = ANCHOR_BODY.match(content, tag.end())
            if body is None:
                continue
            data_t = ANCHOR_DATA_T.search(tag["attrs"])
            bracketed = body["bracketed"]
            display = bracketed if bracketed is not None else body["bare"]
            link = None
            if bracketed is None and (parts := anchor_wikilink(display)) is not None:
                link = _wikilink(parts[0], parts[1], locator.span(tag.end(), tag.end() + len(display)))
            value = None if data_t is None else (data_t[1] if data_t[1] is not None else data_t[2])
            span = locator.span(at, body.end())
            nodes.append(context.timestamp(value, display, span, bracketed=bracketed is not None, wikilink=link))
            pos = body.end()
        elif (bare := BARE_CLOCK.match(content, at)) is not None:
            nodes.append(context.timestamp(None, bare[1], locator.span(at, bare.end()), bare=True))
            pos = bare.end()
        elif content.startswith(("[[", "![["), at):
            open_end = content.index("[[", at) + 2
            close = content.find("]]", open_end)
            newline = content.find("\n", open_end)
            if close < 0 or 0 <= newline < close or "[" in content[open_end:close]:
                continue
            wiki = split_wikilink(content[open_end:close])
            if wiki is not None:
                nodes.append(_wikilink(wiki, content[at] == "!", locator.span(at, close + 2)))
                pos = close + 2
    return nodes


def _offsets(token: Token) -> tuple[int, int]:
    start, end = token.meta.get("sp", (0, 0))
    return int(start), int(end)


def _build(
    tokens: Sequence[Token], i: int, closer: str | None, locator: InlineLocator, context: Context
) -> tuple[list[Inline], int]:
    nodes: list[Inline] = []
    text_parts: list[str] = []
    text_start = text_end = 0

    def flush() -> None:
        if text_parts:
            # Trusted, as on the fast path: the most numerous node, from strings and spans made here.
            nodes.append(build_trusted(Text, text="".join(text_parts), span=locator.span(text_start, text_end)))
            text_parts.clear()

    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        start, end = _offsets(token)
        diag = token.meta.get("diag")
        if diag is not None:
            context.report(diag[0], diag[1], locator.span(start, end))
        if closer is not None and kind == closer:
            flush()
            return group_ranges(nodes), i
        if kind in ("text", "text_special"):
            if token.content:  # emphasis leaves empty tokens where its delimiters were
                if not text_parts:
                    text_start = start
                text_end = end
                text_parts.append(token.content)
            i += 1
            continue
        flush()
        span = locator.span(start, end)
        if kind in _CLOSERS:
            children, j = _build(tokens, i + 1, _CLOSERS[kind], locator, context)
            close = tokens[j] if j < len(tokens) else token
            close_start, close_end = _offsets(close)
            if kind == "link_open":
                outer = locator.span(start, close_end)
                href = str(token.attrs.get("href", ""))
                title = token.attrs.get("title")
                nodes.append(
                    Link(href=href, title=None if title is None else str(title), children=children, span=outer)
                )
            else:
                width = len(token.markup)
                outer = locator.span(end - width, close_start + width)
                container = Emphasis if kind == "em_open" else Strong
                nodes.append(container(children=children, span=outer))
            i = j + 1
            continue
        nodes.append(_leaf(token, span, context, locator))
        i += 1
    flush()
    return group_ranges(nodes), i


def _leaf(token: Token, span: Span, context: Context, locator: InlineLocator) -> Inline:
    kind = token.type
    if kind in ("softbreak", "hardbreak"):
        return LineBreak(hard=kind == "hardbreak", span=span)
    if kind == "code_inline":
        return Code(code=token.content, span=span)
    if kind == "html_inline":
        return Html(html=token.content, span=span)
    if kind == "math_inline":
        return Math(tex=token.content, span=span)
    if kind == "wikilink":
        return _wikilink(token.meta["parts"], bool(token.meta["embed"]), span)
    if kind == "yt_timestamp":
        meta = token.meta
        display = meta["display"]
        link = None
        if not meta["bare"] and (found := anchor_wikilink(display)) is not None:
            start = _offsets(token)[0] + meta["display_at"]
            link = _wikilink(found[0], found[1], locator.span(start, start + len(display)))
        return context.timestamp(
            meta["data_t"], display, span, bare=meta["bare"], bracketed=meta["bracketed"], wikilink=link
        )
    if kind == "image":
        title = token.attrs.get("title")
        # The alt text is the label's plain text (escapes read), not its source.
        alt = "".join(child.content for child in token.children or () if child.type in _ALT_TEXT)
        return Image(
            src=str(token.attrs.get("src", "")),
            alt=alt,
            title=None if title is None else str(title),
            span=span,
        )
    # A token type this builder does not know (a markdown-it rule we did not
    # expect): keep its text so nothing is lost, and say so.
    context.report("SP401", f"inline markdown {kind!r} not understood; kept as text", span)
    return Text(text=token.content or token.markup, span=span)


def _wikilink(parts: WikiLinkParts, embed: bool, span: Span) -> WikiLink:
    return WikiLink(
        target=parts.target,
        heading=parts.heading,
        block_id=parts.block_id,
        alias=parts.alias,
        embed=embed,
        span=span,
    )


def group_ranges(nodes: list[Inline]) -> list[Inline]:
    """Join ``anchor, separator, anchor`` runs into :class:`TimestampRange` nodes."""
    if sum(isinstance(node, Timestamp) for node in nodes) < 2:
        return nodes
    grouped: list[Inline] = []
    i = 0
    while i < len(nodes):
        node = nodes[i]
        if (
            isinstance(node, Timestamp)
            and i + 2 < len(nodes)
            and isinstance(nodes[i + 1], Text)
            and isinstance(nodes[i + 2], Timestamp)
        ):
            separator = nodes[i + 1]
            end = nodes[i + 2]
            assert isinstance(separator, Text)
            assert isinstance(end, Timestamp)
            if _RANGE_SEPARATOR.fullmatch(separator.text):
                span = join_spans(node.span, end.span)
                grouped.append(TimestampRange(start=node, end=end, separator=separator.text, span=span))
                i += 3
                continue
        grouped.append(node)
        i += 1
    return grouped
