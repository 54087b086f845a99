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
from typing import Any, cast, get_args

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
from seedparse.documents import Article, Author, Caption, Disclaimer, TranscriptNote
from seedparse.inlines import Code, Emphasis, Html, Image, Inline, LineBreak, Link, Math, Strong, Text
from seedparse.nodes import Node
from seedparse.spans import LineIndex, Span
from seedparse.timestamps import Timestamp, TimestampRange
from seedparse.wikilinks import WikiLink

__all__ = ["render"]


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
        return _canonical_document(document)
    from seedparse.api import parse_lenient  # the parser imports the models, not this module

    original = parse_lenient(document.source, format=document.kind).document
    if original is None or type(original) is not type(document):
        return _canonical_document(document)
    if original == document:
        return document.source
    bom = "\ufeff" if document.source.startswith("\ufeff") else ""
    return bom + _Splicer(document.source.removeprefix(bom)).document(document, original)


# --------------------------------------------------------------------------
# The canonical form
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ctx:
    """Where a node is written: the prefix of its continuation lines, and whether in a table."""

    prefix: str = ""
    in_table: bool = False


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
    parts: list[str] = []
    for node in nodes:
        parts.append(_inline(node, ctx, line_start=line_start))
        line_start = isinstance(node, LineBreak)
    return "".join(parts)


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
    display = f"[{node.display}]" if node.bracketed and node.display else node.display
    return f"<a{attrs}>{display}</a>"


def _inline(node: Inline, ctx: _Ctx, *, line_start: bool = False) -> str:
    if isinstance(node, Text):
        return _escape(node.text, line_start=line_start, ctx=ctx)
    if isinstance(node, Emphasis):
        return "*" + _inlines(node.children, ctx, line_start=False) + "*"
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
    separator = "\n" + ctx.prefix if tight else "\n" + ctx.prefix.rstrip() + "\n" + ctx.prefix
    return separator.join(_block(block, ctx) for block in blocks)


_ALIGN_MARKS = {None: "---", "left": ":---", "center": ":---:", "right": "---:"}


def _row(cells: Sequence[TableCell], ctx: _Ctx) -> str:
    cell_ctx = replace(ctx, in_table=True)
    return "| " + " | ".join(_inlines(cell.children, cell_ctx, line_start=False) for cell in cells) + " |"


def _fence(code: str) -> str:
    longest = max((len(run) for run in re.findall(r"^[ \t]*(`{3,})", code, re.MULTILINE)), default=2)
    return "`" * (longest + 1)


def _block(block: Block, ctx: _Ctx) -> str:
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
        joint = (
            "\n" + inner.prefix
            if isinstance(block.blocks[0], Paragraph)
            else "\n" + inner.prefix.rstrip() + "\n" + inner.prefix
        )
        return head + joint + _blocks(block.blocks, inner)
    if isinstance(block, Quote):
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
        return _lines(f"{fence}{block.info}\n{block.code}{fence}", ctx.prefix)
    if isinstance(block, ThematicBreak):
        return "***"
    if isinstance(block, HtmlBlock):
        return _lines(block.html.removesuffix("\n"), ctx.prefix)
    if isinstance(block, MathBlock):
        return _lines(f"$${block.tex}$$", ctx.prefix)
    if isinstance(block, RawBlock):
        return block.text
    return f"**{block.label}**{block.separator}" + _inline(block.link, ctx)


def _list(block: List, ctx: _Ctx) -> str:
    items: list[str] = []
    for i, item in enumerate(block.items):
        marker = f"{(block.start or 0) + i}{block.marker}" if block.ordered else block.marker
        inner = replace(ctx, prefix=ctx.prefix + " " * (len(marker) + 1))
        body = _blocks(item.blocks, inner, tight=block.tight)
        items.append(marker + (" " + body if body else ""))
    separator = "\n" + ctx.prefix if block.tight else "\n" + ctx.prefix.rstrip() + "\n" + ctx.prefix
    return separator.join(items)


def _heading(level: int, nodes: Sequence[Inline], ctx: _Ctx) -> str:
    text = _inlines(nodes, ctx, line_start=False)
    # A heading's closing ``#`` run would be read as markup: keep a final ``#`` text.
    text = re.sub(r"(^|[ \t])(#+)$", lambda m: m[1] + "\\" + m[2], text)
    return "#" * level + " " + text


def _section(section: Section) -> str:
    parts = [_heading(section.level, section.heading, _Ctx())]
    parts.extend(_block(block, _Ctx()) for block in section.blocks)
    parts.extend(_section(child) for child in section.sections)
    return "\n\n".join(parts)


def _top_level(node: Block | Section | ChannelVideo) -> str:
    if isinstance(node, Section):
        return _section(node)
    if isinstance(node, ChannelVideo):
        return _video(node)
    return _block(node, _Ctx())


def _body(document: TranscriptNote | Article) -> list[str]:
    return [_block(block, _Ctx()) for block in document.intro] + [_section(s) for s in document.sections]


def _yaml_value(value: Any) -> str:
    if isinstance(value, str):
        dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1_000_000)
        return str(dumped).removesuffix("\n...\n").removesuffix("\n")
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, sort_keys=False, width=1_000_000)
    return str(dumped).removesuffix("\n")


def _front_matter(document: TranscriptNote | ChannelPage) -> dict[str, Any]:
    return dict(document.all_front_matter)


def _canonical_front_matter(data: dict[str, Any]) -> str:
    lines = [f"{_yaml_key(key)}: {_yaml_value(value)}" for key, value in data.items()]
    return "---\n" + "".join(line + "\n" for line in lines) + "---"


def _yaml_key(key: str) -> str:
    return _yaml_value(key)


def _from_line(channel: WikiLink) -> str:
    return f"From: {_wikilink(channel, _Ctx())} <br/> "


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


def _caption(caption: Caption) -> str:
    parts = [_inlines(caption.text, _Ctx())]
    if caption.credit is not None:
        parts.append(_inline(caption.credit, _Ctx(), line_start=not caption.text))
    if caption.licence is not None:
        parts.append(f"({caption.licence})")
    return " ".join(part for part in parts if part)


def _disclaimer(disclaimer: Disclaimer) -> str:
    return "*" + _inlines(disclaimer.children, _Ctx(), line_start=False) + "*"


def _video(video: ChannelVideo) -> str:
    link = Link(href=video.url, children=[Text(text=video.title)])
    lines = ["### " + _inline(link, _Ctx())]
    lines.extend("- " + _wikilink(note, _Ctx()) for note in video.notes)
    parts = ["\n".join(lines)]
    parts.extend(_block(block, _Ctx()) for block in video.blocks)
    return "\n\n".join(parts)


def _canonical_document(document: TranscriptNote | Article | ChannelPage) -> str:
    if isinstance(document, ChannelPage):
        parts = [_canonical_front_matter(_front_matter(document))]
        parts.extend(_block(block, _Ctx()) for block in document.intro)
        parts.extend(_video(video) for video in document.videos)
        return "\n\n".join(parts) + "\n"
    if isinstance(document, TranscriptNote):
        parts = [_canonical_front_matter(_front_matter(document))]
        if document.channel is not None:
            parts.append(_from_line(document.channel))
        parts.extend(_body(document))
        return "\n\n".join(parts) + "\n"
    head: list[str] = []
    if document.title is not None:
        head.append(_heading(1, [Text(text=document.title)], _Ctx()))
    if document.subtitle is not None:
        head.append(_heading(2, [Text(text=document.subtitle)], _Ctx()))
    if document.authors:
        head.append(_byline(document.authors))
    if document.published is not None:
        head.append(_date(document.published))
    text = "\n\n".join(head)
    if document.caption is not None:
        # A removed header image leaves blank lines: the parser needs two to see a caption.
        text += "\n\n\n" + _caption(document.caption)
    tail = _body(document)
    if document.disclaimer is not None:
        tail.append(_disclaimer(document.disclaimer))
    if document.url is not None:
        tail.append(f"Original url:\n\n<{document.url}>")
    return "\n\n".join([text, *tail]) + "\n"


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
