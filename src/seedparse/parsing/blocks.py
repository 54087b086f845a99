"""markdown-it block tokens -> seedparse blocks, with spans."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Literal

from markdown_it.token import Token

from seedparse.blocks import (
    Block,
    Callout,
    CodeBlock,
    Heading,
    HtmlBlock,
    List,
    ListItem,
    MathBlock,
    Paragraph,
    Quote,
    RawBlock,
    Table,
    TableCell,
    ThematicBreak,
)
from seedparse.inlines import Inline, LineBreak, Text
from seedparse.nodes import build_trusted
from seedparse.parsing.context import Context, InlineLocator
from seedparse.parsing.inline import build_inlines, html_inlines, join_spans
from seedparse.parsing.markdown import MAX_BLOCK_DEPTH, row_cells
from seedparse.spans import Span

__all__ = ["build_blocks", "paragraph_of", "slice_text", "split_at_break", "strip_prefix"]

#: ``[!type]`` or ``[!type]+`` / ``[!type]-`` opening a callout's first line.
_CALLOUT = re.compile(r"\[!(?P<type>[^\]\s]+)\](?P<fold>[+-]?)[ \t]*")
_ALIGN = {"text-align:left": "left", "text-align:center": "center", "text-align:right": "right"}


def build_blocks(tokens: Sequence[Token], context: Context) -> list[Block]:
    """Build the blocks of a whole token stream (top-level headings included)."""
    blocks, _ = _Builder(tokens, context).blocks(0, None)
    return blocks


def split_at_break(nodes: list[Inline]) -> tuple[list[Inline], list[Inline]]:
    """Split inline nodes at the first line break (which is dropped)."""
    for i, node in enumerate(nodes):
        if isinstance(node, LineBreak):
            return nodes[:i], nodes[i + 1 :]
    return nodes, []


def slice_text(node: Text, start: int, end: int | None = None) -> Text | None:
    """``node.text[start:end]`` as a text node with its span narrowed to match; ``None`` if empty.

    Text nodes never cross a line break, so the span moves by columns.
    """
    length = len(node.text)
    stop = length if end is None else (end if end >= 0 else length + end)
    text = node.text[start:stop]
    if not text:
        return None
    span = node.span
    if span is not None and span.line == span.end_line and span.end_column - span.column == length:
        span = dataclasses.replace(span, column=span.column + start, end_column=span.column + stop)
    return Text(text=text, span=span)


def strip_prefix(nodes: list[Inline], length: int) -> list[Inline]:
    """Remove the first ``length`` characters of a leading text node."""
    first = nodes[0]
    assert isinstance(first, Text)
    rest = slice_text(first, length)
    return ([rest] if rest is not None else []) + nodes[1:]


def paragraph_of(nodes: list[Inline]) -> Paragraph | None:
    """A paragraph of the given inline nodes spanning them, or ``None`` if empty."""
    nodes = _trim(nodes)
    if not nodes:
        return None
    return Paragraph(children=nodes, span=join_spans(nodes[0].span, nodes[-1].span))


def _trim(nodes: list[Inline]) -> list[Inline]:
    """Drop whitespace-only text at the start of inline nodes."""
    while nodes and isinstance(nodes[0], Text) and not nodes[0].text.strip():
        nodes = nodes[1:]
    return nodes


class _Builder:
    def __init__(self, tokens: Sequence[Token], context: Context) -> None:
        self.tokens = tokens
        self.context = context

    def span(self, token: Token) -> Span:
        if token.map is None:
            return self.context.point(1)
        return self.context.lines_span(token.map[0], token.map[1])

    def blocks(self, i: int, closer: str | None) -> tuple[list[Block], int]:
        tokens = self.tokens
        blocks: list[Block] = []
        while i < len(tokens):
            token = tokens[i]
            if closer is not None and token.type == closer:
                return blocks, i + 1
            block, i = self.block(i)
            blocks.append(block)
        return blocks, i

    def block(self, i: int) -> tuple[Block, int]:
        token = self.tokens[i]
        kind = token.type
        span = self.span(token)
        if kind == "paragraph_open":
            children = build_inlines(self.tokens[i + 1], self.context)
            first = children[0].span if children else None
            if first is not None and first.line == span.line:
                # start where the text starts, after any list marker
                span = dataclasses.replace(span, column=first.column)
            return build_trusted(Paragraph, children=children, span=span), i + 3
        if kind == "heading_open":
            children = build_inlines(self.tokens[i + 1], self.context)
            return Heading(level=int(token.tag[1:]), children=children, span=span), i + 3
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self.list_block(i)
        if kind == "blockquote_open":
            blocks, j = self.blocks(i + 1, "blockquote_close")
            return self.quote(blocks, span), j
        if kind in ("fence", "code_block"):
            return CodeBlock(info=token.info.strip(), code=token.content, fenced=kind == "fence", span=span), i + 1
        if kind == "hr":
            return ThematicBreak(span=span), i + 1
        if kind == "html_block":
            first_line = token.map[0] if token.map else 0
            children = html_inlines(token.content, InlineLocator(self.context, token.content, first_line), self.context)
            return HtmlBlock(html=token.content, children=children, span=span), i + 1
        if kind == "math_block":
            return MathBlock(tex=token.content, span=span), i + 1
        if kind == "table_open":
            return self.table(i, span)
        return self.raw(i, span)

    def raw(self, i: int, span: Span) -> tuple[Block, int]:
        """Keep a block we do not understand verbatim, and skip past its closer."""
        token = self.tokens[i]
        j = i + 1
        if token.nesting == 1:
            depth = 1
            while j < len(self.tokens) and depth:
                depth += self.tokens[j].nesting
                j += 1
        if token.map is not None:
            text = "\n".join(self.context.index.line_text(n + 1) for n in range(token.map[0], token.map[1]))
        else:
            text = token.content
        if token.type == "seedparse_too_deep":
            reason = f"content nested more than {MAX_BLOCK_DEPTH} quote or list levels deep"
        else:
            reason = f"markdown block {token.type!r} is not modelled"
        self.context.report("SP401", f"{reason}; kept as a raw block", span)
        return RawBlock(text=text, reason=reason, span=span), j

    def list_block(self, i: int) -> tuple[Block, int]:
        token = self.tokens[i]
        ordered = token.type == "ordered_list_open"
        closer = "ordered_list_close" if ordered else "bullet_list_close"
        items: list[ListItem] = []
        tight = True
        marker = token.markup
        j = i + 1
        while j < len(self.tokens) and self.tokens[j].type != closer:
            item_token = self.tokens[j]
            if ordered and item_token.markup:
                marker = item_token.markup
            # markdown-it hides the paragraphs of tight lists
            k = j + 1
            if k < len(self.tokens) and self.tokens[k].type == "paragraph_open" and not self.tokens[k].hidden:
                tight = False
            blocks, j = self.blocks(j + 1, "list_item_close")
            items.append(ListItem(blocks=blocks, span=self.span(item_token)))
        start: int | None = None
        if ordered:
            start = int(str(token.attrs.get("start", 1)))
        return List(ordered=ordered, start=start, marker=marker, tight=tight, items=items, span=self.span(token)), j + 1

    def quote(self, blocks: list[Block], span: Span) -> Block:
        first = blocks[0] if blocks else None
        if not (isinstance(first, Paragraph) and first.children and isinstance(first.children[0], Text)):
            return Quote(blocks=blocks, span=span)
        match = _CALLOUT.match(first.children[0].text)
        if match is None:
            return Quote(blocks=blocks, span=span)
        title, rest = split_at_break(strip_prefix(first.children, match.end()))
        body = paragraph_of(rest)
        fold: Literal["+", "-"] | None = "+" if match["fold"] == "+" else "-" if match["fold"] == "-" else None
        return Callout(
            callout=match["type"],
            fold=fold,
            title=_trim(title),
            blocks=([body] if body is not None else []) + blocks[1:],
            span=span,
        )

    def table(self, i: int, span: Span) -> tuple[Block, int]:
        rows: list[list[TableCell]] = []
        align: list[Literal["left", "center", "right"] | None] = []
        j = i + 1
        while j < len(self.tokens) and self.tokens[j].type != "table_close":
            token = self.tokens[j]
            if token.type == "tr_open":
                row, j = self.table_row(j, align)
                rows.append(row)
            j += 1
        header = rows[0] if rows else []
        return Table(align=align, header=header, rows=rows[1:], span=span), j + 1

    def table_row(self, i: int, align: list[Literal["left", "center", "right"] | None]) -> tuple[list[TableCell], int]:
        """Build one row; cells are placed by splitting the source line as markdown-it did."""
        row_token = self.tokens[i]
        line_number = (row_token.map[0] + 1) if row_token.map else 1
        source = self.context.index.line_text(line_number)
        prefix = len(source) - len(source.lstrip(" \t>"))
        raw = [(start + prefix, end + prefix) for start, end in row_cells(source[prefix:])]
        cells: list[TableCell] = []
        j = i + 1
        while j < len(self.tokens) and self.tokens[j].type != "tr_close":
            token = self.tokens[j]
            if token.type in ("th_open", "td_open"):
                if token.type == "th_open":
                    align.append(_ALIGN.get(str(token.attrs.get("style", ""))))  # type: ignore[arg-type]
                column, skips = _cell_position(source, raw[len(cells)] if len(cells) < len(raw) else None)
                inline = self.tokens[j + 1]
                children = build_inlines(inline, self.context, first_column=column, skips=skips)
                width = len(inline.content) + len(skips)
                cell_span = Span(
                    line=line_number, column=column + 1, end_line=line_number, end_column=column + width + 1
                )
                cells.append(TableCell(children=children, span=cell_span))
            j += 1
        if len(raw) > len(cells) and cells:
            # markdown-it drops cells beyond the header's count; keep them as text.
            start, end = raw[len(cells)][0], raw[-1][1]
            extra = source[start:end].strip()
            column = start + len(source[start:end]) - len(source[start:end].lstrip())
            extra_span = Span(
                line=line_number, column=column + 1, end_line=line_number, end_column=column + len(extra) + 1
            )
            self.context.report(
                "SP401", "table row has more cells than its header; the extra cells are kept as text", extra_span
            )
            cells.append(TableCell(children=[Text(text=extra, span=extra_span)], span=extra_span))
        return cells, j


def _cell_position(source: str, raw: tuple[int, int] | None) -> tuple[int, tuple[int, ...]]:
    """A cell's 0-based start column, and the content offsets where a backslash before ``|`` was dropped."""
    if raw is None:
        return len(source), ()
    start, end = raw
    text = source[start:end]
    column = start + len(text) - len(text.lstrip())
    text = text.strip()
    skips: list[int] = []
    pos = 0
    while pos < len(text):
        if text.startswith("[[", pos):
            close = text.find("]]", pos + 2)
            if close >= 0:
                pos = close + 2
                continue
        if text.startswith("\\|", pos):
            skips.append(pos - len(skips))
            pos += 2
            continue
        pos += 1
    return column, tuple(skips)
