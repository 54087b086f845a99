"""Document -> seed text: the inverse of parsing.

Two ways to write a document:

- **Lossless.** A parsed document keeps its source text (``document.source``,
  not part of its JSON). :func:`render` writes that text back byte for byte,
  except for the nodes that differ from what the source parses to: each such
  node's span is replaced by its canonical form, and every other byte stays.
  So ``render(parse(x)) == x``, and a document changed with
  ``model_copy(update=...)`` renders its change and nothing stale.
- **Canonical.** A document built in code (no source), or any document with
  ``canonical=True``, is written in one canonical form: the docs' format pages
  describe it, and ``seedparse fmt`` rewrites files into it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, cast, get_args

import yaml

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
    Section,
    Table,
    TableCell,
    ThematicBreak,
)
from seedparse.channels import ChannelPage, ChannelVideo
from seedparse.diagnostics import Diagnostic
from seedparse.documents import Article, Author, Caption, Disclaimer, TranscriptNote
from seedparse.inlines import Code, Emphasis, Html, Image, Inline, LineBreak, Link, Math, Strong, Text, walk_inlines
from seedparse.nodes import Node
from seedparse.spans import LineIndex, Span
from seedparse.timestamps import Timestamp, TimestampRange
from seedparse.wikilinks import WikiLink

if TYPE_CHECKING:
    from seedparse.api import ParseResult

__all__ = ["canonical_form", "render"]


def render(document: TranscriptNote | Article | ChannelPage, *, canonical: bool = False) -> str:
    """Write a document back as seed text.

    Args:
        document: A parsed document, or one built or changed in code.
        canonical: Write the canonical form even when the document has a source.

    Returns:
        The text: the source itself where nothing changed, the canonical form
        of each changed node in place, or the whole canonical form.

    Example:
        >>> import seedparse
        >>> from pathlib import Path
        >>> text = Path("seeds/000_9e40aab2472b4316.txt").read_text(encoding="utf-8")
        >>> note = seedparse.parse(text)
        >>> seedparse.render(note) == text
        True
        >>> edited = seedparse.render(note.model_copy(update={"title": "A new title"}))
        >>> [line for line in edited.splitlines() if line not in text.splitlines()]
        ['title: A new title']
    """
    if canonical or document.source is None:
        return _canonical(document)[0]
    from seedparse.api import parse_lenient  # the parser imports the models, not this module

    original = parse_lenient(document.source, format=document.kind).document
    if original is None or type(original) is not type(document):
        return _canonical_document(document)
    if original == document:
        return document.source
    bom = "\ufeff" if document.source.startswith("\ufeff") else ""
    return bom + _Splicer(document.source.removeprefix(bom)).document(document, original)


def canonical_form(
    document: TranscriptNote | Article | ChannelPage, *, warnings: Sequence[Diagnostic] | None = None
) -> tuple[str, str | None]:
    """The canonical form of a parsed document, checked as ``seedparse fmt`` checks it before writing.

    Args:
        document: A document as parsed (its ``source`` set, nothing edited).
        warnings: The diagnostics its source gave: the canonical text must give the same codes.

    Returns:
        The canonical text, and ``None`` when it is sure: it parses to the same document
        (spans aside), with the same diagnostic codes, and is its own canonical form. Otherwise
        the text and why it must not replace the source.

    Example:
        >>> import seedparse
        >>> note = seedparse.parse_file("seeds/000_9e40aab2472b4316.txt")
        >>> text, problem = canonical_form(note)
        >>> problem is None and seedparse.parse(text).title == note.title
        True
    """
    text, problem, again = _canonical(document, trusted=True)
    if problem is not None or document.source is None or again is None:
        return text, problem  # again is None: the text is the source (already canonical)
    assert again.document is not None  # _canonical checked that it parses
    if warnings is not None:
        before = sorted(d.code for d in warnings)
        after = sorted(d.code for d in again.diagnostics)
        if before != after:
            return text, f"its canonical form would change its diagnostics ({_codes(before)} -> {_codes(after)})"
    if _canonical_document(again.document) != text and _canonical(again.document, trusted=True)[0] != text:
        return text, "its canonical form is not a fixed point (a second run would change it again)"
    return text, None


def _codes(codes: Sequence[str]) -> str:
    return ", ".join(codes) or "none"


def _meaning(document: TranscriptNote | Article | ChannelPage) -> str:
    """A document's JSON without spans: what it means, wherever its nodes stand."""
    from seedparse.batch import without_spans
    from seedparse.export import to_json

    return without_spans(to_json(document))


def _canonical(
    document: TranscriptNote | Article | ChannelPage, *, trusted: bool = False
) -> tuple[str, str | None, ParseResult | None]:
    """The canonical text, why it is not sure to mean what the document means (``None``: it is), and its parse.

    A document with a source is written keeping what its source writes (see below), and
    parsed back: if that changes it, it is written again without the source's writing.
    ``trusted``: the document is its source's parse (not edited), which need not be parsed
    again; its canonical text is then often the source itself, which is not parsed either
    (the parse returned is then ``None``).
    """
    if document.source is None:
        return _canonical_document(document), None, None
    from seedparse.api import parse_lenient

    original: Any | None = None
    if not trusted:
        original = parse_lenient(document.source, format=document.kind).document
        if original is None or type(original) is not type(document):
            original = _NO_ORIGINAL
    text = _canonical_document(document, original)
    if trusted and text == document.source:
        return text, None, None
    meaning = _meaning(document)
    again = parse_lenient(text, format=document.kind)
    if again.document is not None and _meaning(again.document) == meaning:
        return text, None, again
    plain = _canonical_document(document, _NO_ORIGINAL)
    again = parse_lenient(plain, format=document.kind)
    if again.document is not None and _meaning(again.document) == meaning:
        return plain, None, again
    return text, "its canonical form would not read back as the same document", None


# --------------------------------------------------------------------------
# The canonical form
# --------------------------------------------------------------------------
#
# The canonical form is the layout of the notes the generator writes (and most real
# notes are written in): ``*   `` bullets and ``1.  `` numbers (content at column 5),
# ``- `` for ``-`` lists, ATX headings (setext for a heading of two or more lines),
# one blank line between blocks, none where a list, a quote or a fence may start right
# under a paragraph or a block right under a heading and the file has none. A parsed
# document keeps what its source writes and the model does not hold: the text of each
# unchanged inline run (escapes, entities, emphasis markers, the attributes of a
# timestamp's anchor), unchanged front matter, tables, fences, From line and article
# header lines as written, whether a blank line stands where either is allowed, the
# line ends, the byte order mark and whether the file ends with a newline. So a
# parsed file is rewritten only where its layout is not canonical, and the canonical
# form of a canonical file is itself.


class _Source:
    """The source of a document rendered canonically: what it writes that the model does not hold."""

    def __init__(self, source: str, document: Any, original: Any | None) -> None:
        self.bom = "\ufeff" if source.startswith("\ufeff") else ""
        self.text = source.removeprefix(self.bom)
        self.index = LineIndex(self.text)
        found = re.search(r"\r\n|\r|\n", self.text)
        self.newline = "\n" if found is None else found[0]
        self.final_newline = found is None or self.text.endswith(("\n", "\r"))
        self.original = document if original is None else original
        #: The original's nodes by (type, span), to tell an unchanged node from an edited one;
        #: ``None`` when the document is the original (every node with a span is unchanged).
        self.nodes: dict[tuple[type, Span], Any] | None = None
        if original is not None and original != document:
            self.nodes = {}
            self._collect(original)

    def _collect(self, value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                self._collect(item)
        elif isinstance(value, Node):
            if value.span is not None:
                self.nodes.setdefault((type(value), value.span), value)  # type: ignore[union-attr]
            for name in type(value).model_fields:
                if name != "span":
                    self._collect(getattr(value, name))

    def unchanged(self, node: Any) -> bool:
        """Whether ``node`` is a node of the source, as parsed (not built or edited in code)."""
        return bool(self.as_parsed(node) == node)

    def as_parsed(self, node: Any) -> Any | None:
        """The source's node of the same kind where ``node`` is (``None``: none, or ``node`` was built in code)."""
        if not isinstance(node, Node) or node.span is None:
            return None
        if self.nodes is None:
            return node
        return self.nodes.get((type(node), node.span))

    def slice(self, span: Span) -> str:
        """The source text of a span, with LF line ends."""
        start = self.index.offset(span.line, span.column)
        end = self.index.offset(span.end_line, span.end_column)
        return _LINE_END.sub("\n", self.text[start:end])

    def line(self, number: int) -> str:
        return self.index.line_text(number)

    def container_prefix(self, span: Span) -> str:
        """The prefix of a node's continuation lines in the source (list markers become spaces)."""
        head = self.line(span.line)[: span.column - 1]
        return re.sub(r"(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)", lambda m: " " * len(m[0]), head)

    def inline(self, nodes: Sequence[Inline], ctx: _Ctx) -> str | None:
        """The source text of a run of unchanged inline nodes, its continuation lines under ``ctx``'s prefix."""
        if not nodes or not all(self.unchanged(node) for node in nodes):
            return None
        run = _run_span(nodes)
        if run is None:
            return None
        lines = self.slice(run).split("\n")
        if len(lines) == 1:
            return lines[0]
        prefix = self.container_prefix(run)
        out = [lines[0]]
        for line in lines[1:]:
            rest = _continuation(line, prefix)
            # A lazy line (short of its container's prefix) stays lazy: under the prefix, a line
            # like "--" would be a setext underline, not the paragraph's text.
            out.append(line if rest is None else ctx.prefix + rest)
        return "\n".join(out)

    def block(self, node: Any, ctx: _Ctx) -> str | None:
        """The source text of an unchanged leaf block, its lines moved under ``ctx``'s prefix."""
        if not self.unchanged(node):
            return None
        if ">" in ctx.prefix and node.span.column == 1:
            return None  # in a quote, a leaf block's span starts at the line's start, markers and all
        lines = self.slice(node.span).split("\n")
        prefix = self.container_prefix(node.span)
        out = [lines[0]]
        for line in lines[1:]:
            if line.startswith(prefix):
                rest = line[len(prefix) :]
            elif not line.strip(" \t>") and prefix.startswith(line):
                rest = ""
            else:
                return None  # a lazy line: its place under another prefix is not sure
            out.append(ctx.prefix + rest if rest else ctx.prefix.rstrip())
        return "\n".join(out)

    def blank_lines(self, before: Span | None, after: Span | None, ctx: _Ctx) -> int | None:
        """How many blank lines the source has between two nodes (``None`` if it cannot say)."""
        if before is None or after is None:
            return None
        last = before.end_line if before.end_column > 1 else before.end_line - 1
        if after.line <= last or after.line > self.index.line_count:
            return None
        count = 0
        for number in range(after.line - 1, last, -1):
            if self.line(number).strip(" \t>" if ">" in ctx.prefix else " \t"):
                break
            count += 1
        return count


#: A line end as markdown-it counts them.
_LINE_END = re.compile(r"\r\n|\r")


def _continuation(line: str, prefix: str) -> str | None:
    """A paragraph's continuation line without its container's ``prefix`` (quote markers, indentation).

    ``None`` for a lazy line: one without all the quote markers or indentation of the prefix.
    Indentation past the prefix's is kept: it keeps a line like ``    * e`` text.
    """
    quotes = prefix.count(">")
    indent = len(prefix.rsplit(">", 1)[-1].expandtabs(4))
    for _ in range(quotes):
        found = re.match(r"[ \t]{0,3}>", line)
        if found is None:
            return None
        line = line[found.end() :]
    if quotes and indent and line.startswith((" ", "\t")):
        line, indent = line[1:], indent - 1  # the optional space after the last ">"
    elif quotes and indent:
        indent -= 1
    if len(line.expandtabs(4)) - len(line.lstrip(" \t").expandtabs(4)) < indent and line.strip():
        return None
    # Only the prefix's indentation goes: more is the line's own ("    * e" is text, "* e" an item).
    line = line.expandtabs(4) if line[: indent + 1].count("\t") else line
    return line[indent:]


@dataclass(frozen=True)
class _Ctx:
    """Where a node is written: the prefix of its continuation lines, whether in a table, and its source."""

    prefix: str = ""
    in_table: bool = False
    keep: _Source | None = None
    #: At most this many blank lines between blocks as written (an article's page leaves runs of three).
    blank_max: int = 1


#: Characters that may start markup anywhere in a line (``|`` makes tables);
#: a backslash keeps them text.
_SPECIAL = re.compile(r"[\\`*_\[\]<&$|]")
#: What a line may not start with to stay a paragraph line (headings, quotes,
#: list items, setext underlines, fences, table delimiter rows).
_LINE_START = re.compile(r"[#>+=~:-]|\d{1,9}(?=[.)])")


def _escape(text: str, *, line_start: bool, ctx: _Ctx) -> str:
    escaped = _SPECIAL.sub(lambda m: "\\" + m[0], text)
    if line_start:
        match = _LINE_START.match(escaped)
        if match is not None:
            if match[0][0].isdigit():
                end = match.end()
                escaped = escaped[:end] + "\\" + escaped[end:]
            else:
                escaped = "\\" + escaped
    return escaped


def _inlines(nodes: Sequence[Inline], ctx: _Ctx, *, line_start: bool = True) -> str:
    if ctx.keep is not None:
        kept = ctx.keep.inline(nodes, ctx)
        if kept is not None:
            return kept
    parts: list[str] = []
    for node in nodes:
        parts.append(_inline(node, ctx, line_start=line_start))
        line_start = isinstance(node, LineBreak)
    return "".join(parts)


def _emphasis_inside(children: Sequence[Inline], ctx: _Ctx) -> str:
    """What an emphasis holds; emphasis at its very start or end is written with ``_`` (``**`` reads as strong)."""
    if ctx.keep is not None:
        kept = ctx.keep.inline(children, ctx)
        if kept is not None:
            return kept
    nodes = list(children)
    head = tail = ""
    first = nodes[0] if nodes else None
    if isinstance(first, Emphasis):
        head = "_" + _inlines(first.children, ctx, line_start=False) + "_"
        nodes = nodes[1:]
    last = nodes[-1] if nodes else None
    if isinstance(last, Emphasis):
        tail = "_" + _inlines(last.children, ctx, line_start=False) + "_"
        nodes = nodes[:-1]
    return head + _inlines(nodes, ctx, line_start=False) + tail


def _code_span(code: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * (longest + 1)
    pad = code.startswith("`") or code.endswith("`") or (code.startswith(" ") and code.endswith(" ") and code.strip())
    return f"{fence} {code} {fence}" if pad else f"{fence}{code}{fence}"


#: A backslash the parser would read as an escape: before ASCII punctuation, last (before the
#: ``)``), or before a line break (written as an entity, which starts with ``&``).
_ESCAPING_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~\n\r]|$)")
#: An ``&`` the parser would read as the start of an entity (markdown-it's pattern).
_ENTITY_AMPERSAND = re.compile(r"&(?=[A-Za-z#][A-Za-z0-9]{1,31};)")
#: What a destination written bare cannot hold: whitespace, control characters, ``<`` and ``>``.
_NOT_BARE = re.compile(r"[\s\x00-\x1f\x7f<>]")
#: Deeper parentheses than this end a bare destination (markdown-it's limit).
_MAX_BARE_PARENS = 32


def _balanced(href: str) -> bool:
    """Whether the parentheses of ``href`` close in order, no deeper than markdown-it reads bare."""
    level = 0
    for char in href:
        if char == "(":
            level += 1
            if level > _MAX_BARE_PARENS:
                return False
        elif char == ")":
            level -= 1
            if level < 0:
                return False
    return level == 0


def _destination(href: str) -> str:
    """``href`` written so that it reads back as itself: bare, or in ``<...>`` when it must be.

    The parser reads backslash escapes and entities in a destination, so a backslash or an
    ``&`` that would be read as one is escaped. Empty, spaced, unbalanced-parenthesis
    destinations go in ``<...>``, where a line break can only be an entity.
    """
    text = _ENTITY_AMPERSAND.sub(r"\\&", _ESCAPING_BACKSLASH.sub(r"\\\\", href))
    if href and _NOT_BARE.search(href) is None and _balanced(href):
        return text
    return "<" + _line_breaks(text.replace("<", "\\<").replace(">", "\\>")) + ">"


def _line_breaks(text: str) -> str:
    """Line break characters as entities, which a destination or title reads back as themselves."""
    return text.replace("\n", "&#10;").replace("\r", "&#13;")


def _link_tail(href: str, title: str | None) -> str:
    tail = _destination(href)
    if title is not None:
        title = _ENTITY_AMPERSAND.sub(r"\\&", title.replace("\\", "\\\\").replace('"', '\\"'))
        tail += ' "' + _line_breaks(title) + '"'
    return f"({tail})"


def _wikilink(node: WikiLink, ctx: _Ctx) -> str:
    inner = node.target
    if node.heading:
        inner += "#" + "#".join(node.heading)
    if node.block_id is not None:
        inner += "#^" + node.block_id
    if node.alias is not None:
        inner += (" \\| " if ctx.in_table else " | ") + node.alias
    return ("!" if node.embed else "") + f"[[{inner}]]"


def _timestamp(node: Timestamp) -> str:
    if node.bare:
        return f"[{node.display}]"
    attrs = ' class="yt-timestamp"' + ("" if node.data_t is None else f' data-t="{node.data_t}"')
    display = f"[{node.display}]" if node.bracketed else node.display  # an empty display too: "[]"
    return f"<a{attrs}>{display}</a>"


def _inline(node: Inline, ctx: _Ctx, *, line_start: bool = False) -> str:
    if ctx.keep is not None and not isinstance(node, LineBreak):
        kept = ctx.keep.inline([node], ctx)
        if kept is not None:
            return kept
    if isinstance(node, Text):
        return _escape(node.text, line_start=line_start, ctx=ctx)
    if isinstance(node, Emphasis):
        return "*" + _emphasis_inside(node.children, ctx) + "*"
    if isinstance(node, Strong):
        return "**" + _inlines(node.children, ctx, line_start=False) + "**"
    if isinstance(node, Code):
        return _code_span(node.code)
    if isinstance(node, LineBreak):
        return ("\\\n" if node.hard else "\n") + ctx.prefix
    if isinstance(node, Link):
        return "[" + _inlines(node.children, ctx, line_start=False) + "]" + _link_tail(node.href, node.title)
    if isinstance(node, Image):
        alt = _escape(node.alt, line_start=False, ctx=ctx)
        return "![" + alt + "]" + _link_tail(node.src, node.title)
    if isinstance(node, Html):
        return node.html
    if isinstance(node, Math):
        return f"${node.tex}$"
    if isinstance(node, WikiLink):
        return _wikilink(node, ctx)
    if isinstance(node, Timestamp):
        return _timestamp(node)
    return _timestamp(node.start) + node.separator + _timestamp(node.end)


def _lines(text: str, prefix: str) -> str:
    """Put ``prefix`` at the start of every line of ``text`` after the first."""
    if not prefix:
        return text
    return "\n".join(
        line if i == 0 else (prefix + line if line else prefix.rstrip()) for i, line in enumerate(text.split("\n"))
    )


def _blocks(blocks: Sequence[Block], ctx: _Ctx, *, tight: bool = False) -> str:
    return _join(blocks, [_block(block, ctx) for block in blocks], ctx, tight=tight)


def _join(nodes: Sequence[Any], texts: Sequence[str], ctx: _Ctx, *, tight: bool = False, low: int | None = None) -> str:
    """Blocks one after another: no blank line in a tight list item, else one (none where allowed and written so)."""
    if not texts:
        return ""
    out = [texts[0]]
    for before, after, text in zip(nodes, nodes[1:], texts[1:], strict=False):
        blank = 0 if tight else _blank_lines(before, after, ctx, low=low, high=ctx.blank_max)
        out.append("\n" + (ctx.prefix.rstrip() + "\n") * blank + ctx.prefix + text)
    return "".join(out)


def _blank_lines(before: Any, after: Any, ctx: _Ctx, *, low: int | None = None, high: int = 1) -> int:
    """Blank lines between two blocks: one, or as the source has them within what keeps their meaning."""
    if low is None:
        low = 0 if _may_touch(before, after) else 1
    written = None
    if ctx.keep is not None and isinstance(before, Node) and isinstance(after, Node):
        written = ctx.keep.blank_lines(before.span, after.span, ctx)
    return min(max(1 if written is None else written, low), high)


def _may_touch(before: Any, after: Any) -> bool:
    """Whether ``after`` may start on the line right under ``before`` and stay the block it is."""
    if isinstance(after, Section):
        return False
    if isinstance(before, Heading):
        return True
    if not isinstance(before, Paragraph):
        return False
    if isinstance(after, (Quote, Callout)):
        return True
    if isinstance(after, Heading):
        return not _multiline(after.children)
    if isinstance(after, CodeBlock):
        return after.fenced
    if isinstance(after, List):
        # A list may interrupt a paragraph only if it is a bullet list or starts at 1, with a first item.
        return bool(after.items and after.items[0].blocks) and (not after.ordered or after.start == 1)
    return False


_ALIGN_MARKS = {None: "---", "left": ":---", "center": ":---:", "right": "---:"}


def _row(cells: Sequence[TableCell], ctx: _Ctx) -> str:
    cell_ctx = replace(ctx, in_table=True)
    return "| " + " | ".join(_inlines(cell.children, cell_ctx, line_start=False) for cell in cells) + " |"


def _fence(code: str) -> str:
    longest = max((len(run) for run in re.findall(r"^[ \t]*(`{3,})", code, re.MULTILINE)), default=2)
    return "`" * (longest + 1)


def _block(block: Block, ctx: _Ctx) -> str:
    if ctx.keep is not None and (
        isinstance(block, (Table, MathBlock, ThematicBreak)) or (isinstance(block, CodeBlock) and block.fenced)
    ):
        kept = ctx.keep.block(block, ctx)
        if kept is not None:
            return kept  # as written: a table's padding, a fence's characters, a break's
    if isinstance(block, Paragraph):
        return _inlines(block.children, ctx)
    if isinstance(block, Heading):
        return _heading(block.level, block.children, ctx)
    if isinstance(block, List):
        return _list(block, ctx)
    if isinstance(block, Callout):
        inner = replace(ctx, prefix=ctx.prefix + "> ")
        head = f"> [!{block.callout}]{block.fold or ''}"
        if block.title:
            head += " " + _inlines(block.title, inner, line_start=False)
        if not block.blocks:
            return head
        # A first paragraph continues the title's paragraph (the parser splits it
        # off at the line break); anything else needs a blank line to start.
        blank = 0 if isinstance(block.blocks[0], Paragraph) else 1
        if blank == 0 and ctx.keep is not None and block.span is not None:
            title_line = Span(line=block.span.line, column=1, end_line=block.span.line, end_column=2)
            blank = min(ctx.keep.blank_lines(title_line, block.blocks[0].span, inner) or 0, 1)
        joint = "\n" + (inner.prefix.rstrip() + "\n") * blank + inner.prefix
        return head + joint + _blocks(block.blocks, inner)
    if isinstance(block, Quote):
        raw = _raw_in_quotes(block)
        if raw is not None and not ctx.prefix:
            # Quotes holding only quotes and, past the parser's depth, a raw block: the raw block's
            # lines hold every quote's markers as written, so they are the whole quote.
            return raw.text
        inner = replace(ctx, prefix=ctx.prefix + "> ")
        return "> " + _blocks(block.blocks, inner)
    if isinstance(block, Table):
        header = _row(block.header, ctx)
        marks = "| " + " | ".join(_ALIGN_MARKS[a] for a in block.align) + " |"
        rows = [header, marks, *(_row(row, ctx) for row in block.rows)]
        return ("\n" + ctx.prefix).join(rows)
    if isinstance(block, CodeBlock):
        if not block.fenced:
            body = "\n".join("    " + line if line else "" for line in block.code.removesuffix("\n").split("\n"))
            return _lines(body, ctx.prefix)
        fence = _fence(block.code)
        code = block.code if not block.code or block.code.endswith("\n") else block.code + "\n"
        return _lines(f"{fence}{block.info}\n{code}{fence}", ctx.prefix)
    if isinstance(block, ThematicBreak):
        return "***"
    if isinstance(block, HtmlBlock):
        return _lines(block.html.removesuffix("\n"), ctx.prefix)
    if isinstance(block, MathBlock):
        return _lines(f"$${block.tex}$$", ctx.prefix)
    if isinstance(block, RawBlock):
        return _raw(block.text, ctx)
    return f"**{block.label}**{block.separator}" + _inline(block.link, ctx)


def _raw_in_quotes(quote: Quote) -> RawBlock | None:
    """The raw block at the end of a chain of quotes that each hold only the next (``None`` if it is not that)."""
    block: Block = quote
    while isinstance(block, Quote) and len(block.blocks) == 1:
        block = block.blocks[0]
    if not isinstance(block, RawBlock) or block.span is None:
        return None
    return block


def _raw(text: str, ctx: _Ctx) -> str:
    """A raw block's text under ``ctx``'s quote markers.

    A raw block in a quote holds its lines whole, with the markers of the quotes it is in:
    those are the prefix's, so they are written once.
    """
    depth = ctx.prefix.count(">")
    if not depth:
        return text
    marker = re.compile(r"[ \t]{0,3}>[ \t]?")
    lines = []
    for line in text.split("\n"):
        rest = line
        for _ in range(depth):
            found = marker.match(rest)
            if found is None:
                return text  # not the shape this expects: as it is
            rest = rest[found.end() :]
        lines.append(rest)
    return _lines("\n".join(lines), ctx.prefix)


def _marker(block: List, number: int, spaces: int | None) -> str:
    """An item's marker with the spaces before its content.

    The spaces are those of the list's first item as written, or the generator's
    (``*   ``, ``1.  ``: content at column 5; ``- ``).
    """
    marker = f"{number}{block.marker}" if block.ordered else block.marker
    if spaces is None:
        spaces = 1 if block.marker == "-" else max(1, 4 - len(marker))
    return marker + " " * spaces


def _written_spaces(block: List, ctx: _Ctx) -> int | None:
    """The spaces between the first item's marker and its content in the source (1 to 4), if known."""
    if ctx.keep is None or not block.items or not block.items[0].blocks:
        return None
    item, first = block.items[0], block.items[0].blocks[0]
    if item.span is None or first.span is None or first.span.line != item.span.line:
        return None
    head = ctx.keep.line(item.span.line)[item.span.column - 1 : first.span.column - 1]
    match = re.fullmatch(r"(?:[-*+]|\d{1,9}[.)])( {1,4})", head)
    return None if match is None else len(match[1])


def _list(block: List, ctx: _Ctx) -> str:
    items: list[str] = []
    spaces = _written_spaces(block, ctx)
    for i, item in enumerate(block.items):
        marker = _marker(block, (block.start or 0) + i, spaces)
        inner = replace(ctx, prefix=ctx.prefix + " " * len(marker))
        body = _blocks(item.blocks, inner, tight=block.tight)
        items.append(marker + body if body else marker.rstrip())
    if block.tight:
        return ("\n" + ctx.prefix).join(items)
    # A loose list: a blank line between items, or none where the source has none (another makes it loose).
    return _join(block.items, items, ctx, low=0)


def _heading(level: int, nodes: Sequence[Inline], ctx: _Ctx) -> str:
    setext = level <= 2 and _multiline(nodes)
    text = _inlines(nodes, ctx, line_start=setext)
    if setext:
        # A heading of two or more lines is a setext heading: as ATX, its second line would be a paragraph.
        return text + "\n" + ctx.prefix + ("===" if level == 1 else "---")
    # A heading's closing ``#`` run would be read as markup: keep a final ``#`` text.
    text = re.sub(r"(^|[ \t])(#+)$", lambda m: m[1] + "\\" + m[2], text)
    return "#" * level + " " + text


def _multiline(nodes: Sequence[Inline]) -> bool:
    """Whether inline nodes hold a line break (in emphasis or a link too)."""
    return any(isinstance(node, LineBreak) for node in walk_inlines(nodes))


def _section(section: Section, ctx: _Ctx | None = None) -> str:
    ctx = ctx or _Ctx()
    text = _heading(section.level, section.heading, ctx)
    children: list[Block | Section] = [*section.blocks, *section.sections]
    if not children:
        return text
    first = children[0]
    blank = 1
    if ctx.keep is not None and section.span is not None and first.span is not None:
        heading_end = Span(line=section.span.line, column=1, end_line=section.span.line, end_column=2)
        written = ctx.keep.blank_lines(heading_end, first.span, ctx)
        if written is not None:
            blank = min(written, 1)
    texts = [_section(child, ctx) if isinstance(child, Section) else _block(child, ctx) for child in children]
    return text + "\n" * (blank + 1) + _join(children, texts, ctx)


def _top_level(node: Block | Section | ChannelVideo, ctx: _Ctx | None = None) -> str:
    ctx = ctx or _Ctx()
    if isinstance(node, Section):
        return _section(node, ctx)
    if isinstance(node, ChannelVideo):
        return _video(node, ctx)
    return _block(node, ctx)


def _body(document: TranscriptNote | Article, ctx: _Ctx | None = None) -> list[str]:
    ctx = ctx or _Ctx()
    return [_block(block, ctx) for block in document.intro] + [_section(s, ctx) for s in document.sections]


def _yaml_value(value: Any) -> str:
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, sort_keys=False, width=1_000_000)
    # A scalar is dumped as a document with an end marker (``...``); it is no part of the value.
    return str(dumped).removesuffix("\n").removesuffix("\n...")


def _front_matter(document: TranscriptNote | ChannelPage) -> dict[str, Any]:
    return dict(document.all_front_matter)


def _canonical_front_matter(data: dict[str, Any]) -> str:
    lines = [f"{_yaml_key(key)}: {_yaml_value(value)}" for key, value in data.items()]
    return "---\n" + "".join(line + "\n" for line in lines) + "---"


def _yaml_key(key: str) -> str:
    return _yaml_value(key)


def _from_line(channel: WikiLink, ctx: _Ctx | None = None) -> str:
    ctx = ctx or _Ctx()
    if ctx.keep is not None and ctx.keep.unchanged(channel) and channel.span is not None:
        line = ctx.keep.line(channel.span.line)
        if _FROM_LINE.fullmatch(line):
            return line  # as written: with or without the <br/>
    return f"From: {_wikilink(channel, _Ctx())} <br/> "


#: A From line the canonical form keeps as written: the channel's wiki-link, then a ``<br/>`` or nothing.
_FROM_LINE = re.compile(r"From: \[\[[^\n]*\]\](?: <br/> ?)?")


def _byline(authors: Sequence[Author]) -> str:
    names = [
        f"[{_escape(a.name, line_start=False, ctx=_Ctx())}]{_link_tail(a.href, None)}" if a.href is not None else a.name
        for a in authors
    ]
    if len(names) == 1:
        return "By " + names[0]
    return "By " + ", ".join(names[:-1]) + " and " + names[-1]


def _date(value: dt.date) -> str:
    return value.strftime("%B %d, %Y")


def _caption(caption: Caption, ctx: _Ctx | None = None) -> str:
    ctx = ctx or _Ctx()
    if ctx.keep is not None:
        kept = ctx.keep.block(caption, ctx)
        if kept is not None:
            return kept
    parts = [_inlines(caption.text, ctx)]
    if caption.credit is not None:
        parts.append(_inline(caption.credit, ctx, line_start=not caption.text))
    if caption.licence is not None:
        parts.append(f"({caption.licence})")
    return " ".join(part for part in parts if part)


def _disclaimer(disclaimer: Disclaimer, ctx: _Ctx | None = None) -> str:
    ctx = ctx or _Ctx()
    if ctx.keep is not None:
        kept = ctx.keep.block(disclaimer, ctx)
        if kept is not None:
            return kept
    return "*" + _inlines(disclaimer.children, ctx, line_start=False) + "*"


def _video(video: ChannelVideo, ctx: _Ctx | None = None) -> str:
    ctx = ctx or _Ctx()
    heading = None
    parsed = None if ctx.keep is None else ctx.keep.as_parsed(video)
    if ctx.keep is not None and isinstance(parsed, ChannelVideo) and video.span is not None:
        same = (parsed.title, parsed.url) == (video.title, video.url)
        line = ctx.keep.line(video.span.line) if same else ""
        if line.startswith("### ["):
            heading = line  # the title as written: its markup is no part of the model's plain title
    if heading is None:
        link = Link(href=video.url, children=[Text(text=video.title)])
        heading = "### " + _inline(link, _Ctx())
    lines = [heading]
    lines.extend("- " + _inline(note, ctx) for note in video.notes)
    parts = ["\n".join(lines)]
    parts.extend(_block(block, ctx) for block in video.blocks)
    return "\n\n".join(parts)


# -- whole documents ------------------------------------------------------------


def _canonical_document(document: TranscriptNote | Article | ChannelPage, original: Any | None = None) -> str:
    """The canonical form; a document with a source keeps what the source writes that the model does not hold.

    ``original`` is the document its source parses to (``None``: ``document`` is that document).
    """
    if document.source is None:
        return _write(document, _Ctx(), "\n")
    keep = _Source(document.source, document, None if original is _NO_ORIGINAL else original)
    end = "\n" if keep.final_newline else ""
    text = _write(document, _Ctx() if original is _NO_ORIGINAL else _Ctx(keep=keep), end)
    if keep.newline != "\n":
        text = text.replace("\n", keep.newline)
    return keep.bom + text


#: ``original`` for a document whose source's writing is not kept (only its line ends and final newline).
_NO_ORIGINAL: Any = object()


def _write(document: TranscriptNote | Article | ChannelPage, ctx: _Ctx, end: str) -> str:
    if isinstance(document, Article):
        return _article(document, ctx) + end
    parts = [_document_front_matter(document, ctx)]
    nodes: list[Any] = [None]
    if isinstance(document, TranscriptNote) and document.channel is not None:
        parts.append(_from_line(document.channel, ctx))
        nodes.append(None)
    body: list[Any] = (
        [*document.intro, *document.videos]
        if isinstance(document, ChannelPage)
        else [*document.intro, *document.sections]
    )
    texts = [_top_level(node, ctx) for node in body]
    if not texts:
        return "\n\n".join(parts) + end
    joint = "\n\n"
    channel = document.channel if isinstance(document, TranscriptNote) else None
    if ctx.keep is not None and channel is not None and isinstance(body[0], Node):
        # A note may start right under its From line (a paragraph, or a ``---`` break).
        joint = "\n" * (min(ctx.keep.blank_lines(channel.span, body[0].span, ctx) or 0, 1) + 1)
    return "\n\n".join(parts) + joint + _join(body, texts, ctx) + end


def _document_front_matter(document: TranscriptNote | ChannelPage, ctx: _Ctx) -> str:
    keep = ctx.keep
    if keep is not None and _front_matter(document) == _front_matter(keep.original):
        from seedparse.parsing.context import Context
        from seedparse.parsing.frontmatter import read_front_matter

        front = read_front_matter(Context(keep.text))
        if front.span is not None:
            return keep.slice(front.span)  # as written: quoting, order and comments kept
    return _canonical_front_matter(_front_matter(document))


def _article(document: Article, ctx: _Ctx) -> str:
    keep = ctx.keep
    original = keep.original if keep is not None else None
    spans: dict[str, Span] = {}
    if keep is not None:
        from seedparse.parsing.article import header_spans

        spans = header_spans(keep.text)

    def written(part: str, unchanged: bool) -> str | None:
        if keep is None or not unchanged or part not in spans:
            return None
        return keep.slice(spans[part])

    head: list[tuple[str, Span | None]] = []
    if document.title is not None:
        same = original is not None and document.title == original.title
        text = written("title", same) or _heading(1, [Text(text=document.title)], _Ctx())
        head.append((text, spans.get("title") if same else None))
    if document.subtitle is not None:
        same = original is not None and document.subtitle == original.subtitle
        text = written("subtitle", same) or _heading(2, [Text(text=document.subtitle)], _Ctx())
        head.append((text, spans.get("subtitle") if same else None))
    if document.authors:
        same = original is not None and document.authors == original.authors
        head.append((written("byline", same) or _byline(document.authors), spans.get("byline") if same else None))
    if document.published is not None:
        same = original is not None and document.published == original.published
        head.append((written("date", same) or _date(document.published), spans.get("date") if same else None))
    # The seed article opens with two blank lines (where the page's header image was).
    leading = 2
    if keep is not None and head and head[0][1] is not None:
        first = head[0][1]
        leading = min(first.line - 1, 2) if all(not keep.line(n).strip() for n in range(1, first.line)) else 0
    text = "\n" * leading + "\n\n".join(part for part, _ in head)
    last = head[-1][1] if head else None
    body: list[Any] = [*document.intro, *document.sections]
    if document.caption is not None:
        # A removed header image leaves blank lines: the parser needs two to see a caption.
        blank = _between(keep, last, document.caption.span, ctx, low=2, high=3, default=3)
        text += "\n" * (blank + 1) + _caption(document.caption, ctx)
        last = document.caption.span
    elif body and head:
        first_span = body[0].span if isinstance(body[0], Node) else None
        text += "\n" * (_between(keep, last, first_span, ctx, low=1, high=3, default=1) - 1)
    tail: list[str] = []
    ctx = replace(ctx, blank_max=3)
    if body:
        tail.append(_join(body, [_top_level(node, ctx) for node in body], ctx))
    if document.disclaimer is not None:
        tail.append(_disclaimer(document.disclaimer, ctx))
    if document.url is not None:
        same = original is not None and document.url == original.url
        tail.append((_url_as_written(keep, spans) if same else None) or f"Original url:\n\n<{document.url}>")
    return "\n\n".join([text, *tail]) if text else "\n\n".join(tail)


def _between(keep: _Source | None, before: Span | None, after: Span | None, ctx: _Ctx, **bounds: int) -> int:
    written = None if keep is None else keep.blank_lines(before, after, ctx)
    low, high = bounds["low"], bounds["high"]
    return min(max(bounds["default"] if written is None else written, low), high)


def _url_as_written(keep: _Source | None, spans: dict[str, Span]) -> str | None:
    """The article's ``Original url:`` and its address as the source writes them."""
    if keep is None or "url" not in spans:
        return None
    span = spans["url"]
    end = keep.index.offset(span.end_line, span.end_column)
    start = keep.text.rfind("Original url:", 0, end)
    if start < 0:
        return None
    if keep.text.startswith(">", end):
        end += 1
    return _LINE_END.sub("\n", keep.text[start:end])


# --------------------------------------------------------------------------
# Lossless: the source, with changed nodes replaced in place
# --------------------------------------------------------------------------

#: Fields that hold a node's children; a container whose other fields are
#: unchanged keeps its own markup and only its changed children are replaced.
_CHILD_FIELDS = ("children", "heading", "blocks", "sections", "items", "title", "header", "rows", "text")


_INLINE_FIELDS = ("children", "heading", "title", "text")
#: The block node classes, read off the Block union.
_BLOCK_TYPES: tuple[type, ...] = get_args(get_args(Block)[0])


def _run_span(nodes: Sequence[Any]) -> Span | None:
    """The span from the first to the last of a run of nodes, if they all have spans."""
    spans = [node.span for node in nodes if isinstance(node, Node)]
    if not spans or any(span is None for span in spans) or len(spans) != len(nodes):
        return None
    first, last = spans[0], spans[-1]
    assert first is not None
    assert last is not None
    return Span(line=first.line, column=first.column, end_line=last.end_line, end_column=last.end_column)


#: An anchor as written: its opening tag's attributes, its display, its closing tag.
_ANCHOR = re.compile(r"(?s)(<a\b)([^>]*)(>)(.*)(</a\s*>)")


def _edit_anchor(written: str, old: Timestamp, new: Timestamp) -> str | None:
    """``written`` (an anchor's source) with ``old``'s data-t and display changed to ``new``'s, all else as written.

    ``None`` when that cannot be done surely (a bare clock, a wiki-link display, a display
    written with markup, a data-t written twice): the timestamp is then written canonically.
    """
    if old.bare or new.bare or old.wikilink is not None or new.wikilink is not None:
        return None
    match = _ANCHOR.fullmatch(written)
    if match is None:
        return None
    attrs, inner = match[2], match[4]
    if inner != (f"[{old.display}]" if old.bracketed else old.display) or any(c in new.display for c in "<&[]\\"):
        return None
    if new.data_t != old.data_t:
        if new.data_t is not None and any(c in new.data_t for c in '"&<>'):
            return None
        found = list(re.finditer(r"(\sdata-t\s*=\s*)([\"'])(.*?)\2", attrs))
        if old.data_t is None and not found and new.data_t is not None:
            attrs += f' data-t="{new.data_t}"'
        elif len(found) == 1 and found[0][3] == old.data_t:
            if new.data_t is None:
                attrs = attrs[: found[0].start()] + attrs[found[0].end() :]
            else:
                quote = found[0][2]
                attrs = attrs[: found[0].start()] + found[0][1] + quote + new.data_t + quote + attrs[found[0].end() :]
        else:
            return None
    display = f"[{new.display}]" if new.bracketed else new.display
    return match[1] + attrs + match[3] + display + match[5]


class _Splicer:
    """Collects (start, end, text) replacements of changed nodes, then applies them."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.index = LineIndex(source)
        self.edits: list[tuple[int, int, str]] = []

    def offsets(self, span: Span) -> tuple[int, int]:
        return self.index.offset(span.line, span.column), self.index.offset(span.end_line, span.end_column)

    def ctx_at(self, span: Span) -> _Ctx:
        """The context of a node: its continuation-line prefix, read off its first line."""
        head = self.index.line_text(span.line)[: span.column - 1]
        # List markers become spaces on continuation lines; quote markers stay.
        prefix = re.sub(r"(?:[-*+]|\d{1,9}[.)])(?=[ \t])", lambda m: " " * len(m[0]), head)
        return _Ctx(prefix=prefix)

    def replace(self, span: Span | None, text: str) -> None:
        if span is None:
            return
        start, end = self.offsets(span)
        self.edits.append((start, end, text))

    def apply(self) -> str:
        out: list[str] = []
        cursor = 0
        # Outer replacements first where two start together: what lies inside one
        # (a child edited before its container turned out to change shape) is skipped.
        for start, end, text in sorted(self.edits, key=lambda edit: (edit[0], -edit[1])):
            if start < cursor:
                continue
            out.append(self.source[cursor:start])
            out.append(text)
            cursor = end
        out.append(self.source[cursor:])
        return "".join(out)

    # -- walking new against original --------------------------------------

    def node(self, new: Any, old: Any, *, in_table: bool = False) -> None:
        if new == old:
            return
        span = old.span if isinstance(old, Node) else None
        if span is None:
            return
        if isinstance(new, Timestamp) and isinstance(old, Timestamp):
            start, end = self.offsets(span)
            edited = _edit_anchor(self.source[start:end], old, new)
            if edited is not None:
                self.replace(span, edited)  # the anchor's other attributes, as written, stay
                return
        if type(new) is not type(old) or not isinstance(new, Node):
            self.replace(span, self.canonical(new, span, in_table))
            return
        fields = type(new).model_fields
        own = [n for n in fields if n not in _CHILD_FIELDS and n != "span"]
        lists = [n for n in fields if n in _CHILD_FIELDS and isinstance(getattr(new, n), list)]
        if isinstance(new, TimestampRange) and new.separator == old.separator:
            self.node(new.start, old.start, in_table=in_table)
            self.node(new.end, old.end, in_table=in_table)
            return
        if not lists or any(getattr(new, n) != getattr(old, n) for n in own):
            self.replace(span, self.canonical(new, span, in_table))
            return
        table = in_table or isinstance(new, Table)
        for name in lists:
            new_list, old_list = getattr(new, name), getattr(old, name)
            if self.children(new_list, old_list, in_table=table):
                continue
            run = _run_span(old_list)
            if run is not None and name in _INLINE_FIELDS:
                # Only this run of inline nodes changed shape: rewrite just the run.
                ctx = replace(self.ctx_at(run), in_table=table)
                line_start = not self.index.line_text(run.line)[: run.column - 1].strip(" \t>#")
                self.replace(run, _inlines(new_list, ctx, line_start=line_start))
            elif run is not None and name in ("blocks", "sections") and new_list:
                ctx = self.ctx_at(run)
                texts = [_section(b) if isinstance(b, Section) else _block(b, ctx) for b in new_list]
                self.replace(run, ("\n" + ctx.prefix.rstrip() + "\n" + ctx.prefix).join(texts))
            else:
                self.replace(span, self.canonical(new, span, in_table))
                return

    def children(self, new: list[Any], old: list[Any], *, in_table: bool) -> bool:
        """Walk two child lists of the same length; ``False`` if their shapes differ."""
        if len(new) != len(old):
            return False
        for new_child, old_child in zip(new, old, strict=True):
            if isinstance(new_child, list):
                if not self.children(new_child, old_child, in_table=in_table):
                    return False
            else:
                self.node(new_child, old_child, in_table=in_table)
        return True

    def canonical(self, node: Any, span: Span, in_table: bool) -> str:
        ctx = replace(self.ctx_at(span), in_table=in_table)
        if isinstance(node, (Section, ChannelVideo)):
            return _top_level(node)
        if isinstance(node, Author):
            return _byline([node])[3:]
        if isinstance(node, Caption):
            return _caption(node)
        if isinstance(node, Disclaimer):
            return _disclaimer(node)
        if isinstance(node, ListItem):
            return _list(List(ordered=False, marker="-", items=[node]), ctx)
        if isinstance(node, TableCell):
            return _inlines(node.children, replace(ctx, in_table=True), line_start=False)
        if isinstance(node, _BLOCK_TYPES):
            return _block(cast("Block", node), ctx)
        line_start = not self.index.line_text(span.line)[: span.column - 1].strip(" \t>")
        return _inline(node, ctx, line_start=line_start)

    # -- the documents ----------------------------------------------------

    def document(self, new: TranscriptNote | Article | ChannelPage, old: TranscriptNote | Article | ChannelPage) -> str:
        if isinstance(new, (TranscriptNote, ChannelPage)) and isinstance(old, (TranscriptNote, ChannelPage)):
            self.front_matter(new, old)
        if isinstance(new, TranscriptNote) and isinstance(old, TranscriptNote):
            self.transcript(new, old)
        elif isinstance(new, Article) and isinstance(old, Article):
            self.article(new, old)
        self.body(new, old)
        return self.apply()

    def body(self, new: TranscriptNote | Article | ChannelPage, old: TranscriptNote | Article | ChannelPage) -> None:
        names = ("intro", "videos") if isinstance(new, ChannelPage) else ("intro", "sections")
        for name in names:
            if not self.children(getattr(new, name), getattr(old, name), in_table=False):
                self.replace_run(
                    getattr(old, name),
                    [_block(b, _Ctx()) if not isinstance(b, Section) else _section(b) for b in getattr(new, name)],
                )

    def replace_run(self, old: Sequence[Node], texts: list[str]) -> None:
        """Replace the source of a run of top-level nodes by new text, joined by blank lines."""
        spans = [node.span for node in old if node.span is not None]
        if not spans:
            return
        first, last = spans[0], spans[-1]
        self.replace(
            Span(line=first.line, column=first.column, end_line=last.end_line, end_column=last.end_column),
            "\n\n".join(texts),
        )

    def transcript(self, new: TranscriptNote, old: TranscriptNote) -> None:
        if new.channel != old.channel and old.channel is not None and new.channel is not None:
            self.node(new.channel, old.channel)

    def front_matter(self, new: TranscriptNote | ChannelPage, old: TranscriptNote | ChannelPage) -> None:
        data_new, data_old = _front_matter(new), _front_matter(old)
        if data_new == data_old:
            return
        from seedparse.parsing.context import Context
        from seedparse.parsing.frontmatter import read_front_matter

        front = read_front_matter(Context(self.source))
        if front.span is None:
            return
        if list(data_new) == list(data_old) and all(key in front.value_spans for key in data_new):
            for key, value in data_new.items():
                if value != data_old[key]:
                    self.replace(front.value_spans[key], _yaml_value(value))
        else:
            self.replace(front.span, _canonical_front_matter(data_new))

    def article(self, new: Article, old: Article) -> None:
        from seedparse.parsing.article import header_spans

        spans = header_spans(self.source)
        if new.title != old.title and "title" in spans:
            self.replace(spans["title"], _heading(1, [Text(text=new.title or "")], _Ctx()))
        if new.subtitle != old.subtitle and "subtitle" in spans:
            self.replace(spans["subtitle"], _heading(2, [Text(text=new.subtitle or "")], _Ctx()))
        byline_changed = new.authors != old.authors and "byline" in spans
        if byline_changed and not self.children(new.authors, old.authors, in_table=False):
            self.replace(spans["byline"], _byline(new.authors))
        if new.published != old.published and "date" in spans and new.published is not None:
            self.replace(spans["date"], _date(new.published))
        if new.caption != old.caption and new.caption is not None and old.caption is not None:
            self.node(new.caption, old.caption)
        if new.disclaimer != old.disclaimer and new.disclaimer is not None and old.disclaimer is not None:
            self.node(new.disclaimer, old.disclaimer)
        if new.url != old.url and new.url is not None and "url" in spans:
            self.replace(spans["url"], new.url)
