"""The fast path: a line scanner for the markdown real seed files use, building the same blocks.

markdown-it-py tokenizes every character through a chain of rules and then we walk its
tokens; this module reads the lines once and the inline text of each paragraph in one
compiled pass, and builds the very nodes :mod:`.blocks` and :mod:`.inline` build (spans
and diagnostics included), reusing their helpers (:class:`~.context.InlineLocator`,
``lines_span``, the callout and range logic) so the two paths cannot drift apart there.

It understands ATX headings, paragraphs, bullet and ordered lists (nested), block
quotes and callouts, and inline text, wiki-links, ``yt-timestamp`` anchors, ``*``
emphasis, ``[text](url)`` links, autolinks, inline HTML and ``$math$``. For anything
else (tables, code, HTML blocks, setext headings, thematic breaks, escapes, entities,
lazy continuation lines, tabs, ...) :func:`fast_blocks` returns ``None`` and the caller
uses the markdown-it-py path for the whole document: correctness never depends on the
fast path, and ``tests/test_differential.py`` checks that both give the same documents.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from markdown_it.common.entities import entities
from markdown_it.common.html_re import HTML_TAG_RE
from markdown_it.common.utils import isLinkClose, isLinkOpen, isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_block.html_block import HTML_SEQUENCES
from markdown_it.rules_inline.autolink import AUTOLINK_RE, EMAIL_RE
from markdown_it.rules_inline.escape import _ESCAPED

from seedparse.blocks import Block, CodeBlock, Heading, List, ListItem, Paragraph
from seedparse.inlines import Code, Emphasis, Html, Inline, LineBreak, Link, Math, Strong, Text
from seedparse.nodes import build_trusted
from seedparse.parsing.blocks import _Builder
from seedparse.parsing.context import Context, Diagnostics, InlineLocator
from seedparse.parsing.inline import group_ranges
from seedparse.parsing.markdown import markdown_parser
from seedparse.parsing.rules import ANCHOR_BODY, ANCHOR_CLASS, ANCHOR_DATA_T, ANCHOR_OPEN, BARE_CLOCK, anchor_wikilink
from seedparse.spans import make_span
from seedparse.wikilinks import WikiLink, split_wikilink

__all__ = ["fast_blocks"]


class FallbackError(Exception):
    """Raised inside the scanner for input it does not fully understand."""


#: Characters the scanner leaves to markdown-it: tabs, CR and control characters, around
#: which lines and spaces are not what they seem.
_UNSUPPORTED = re.compile(r"[\t\r\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")
#: Lines it leaves to markdown-it (after quote markers): a table delimiter row, a setext
#: underline, a thematic break.
_UNSUPPORTED_LINE = re.compile(r"[|:\-][ |:\-]*|=+[ ]*|(?:[*_][ ]*){3,}")
_LINE_SHAPES = frozenset("|:-=*_")
_FENCE = re.compile(r"(`{3,}|~{3,})(.*)")
_HEADING = re.compile(r"(#{1,6})(?:[ ]+|$)")
_BULLET = re.compile(r"([-*+])([ ]+|$)")
_ORDERED = re.compile(r"(\d{1,9})([.)])([ ]+|$)")
#: Where the inline scanner has something to decide; everything else is text.
_SPECIAL = re.compile(r"[\n\[!<*_`\\&$]")
_ANGLE = re.compile(r"[<>]")
_LABEL_STOP = re.compile(r"[\[\]\\`<*&$\n]|!\[")
_DEST = re.compile(r"\]\(([^\s()<>\\&]*)\)")  # no escapes or entities: markdown-it decodes those
_ENTITY_NAMED = re.compile(r"&([a-z][a-z0-9]{1,31});", re.IGNORECASE)
_MAX_DEPTH = 12
#: The longest run of indentation and '>' a line may start with on the fast path.
_MAX_PREFIX = 2 * _MAX_DEPTH


def fast_blocks(context: Context, first_line: int = 0) -> list[Block] | None:
    """The blocks of ``context.text`` from 0-based line ``first_line`` on, or ``None`` to fall back.

    Diagnostics found on the way reach ``context`` only when the fast path succeeds.
    """
    if "\r" in context.text:
        return None  # CR line ends: LineIndex and markdown-it split lines differently from us
    lines = context.text.split("\n")
    body = lines[first_line:]
    joined = "\n".join(body)
    if "$$" in joined or _UNSUPPORTED.search(joined) is not None:
        return None  # display math, or characters lines and spaces are unclear around
    for line in body:
        if line.strip() != line.strip(" "):
            return None  # Unicode spaces at a line's edge: markdown-it's blank and strip rules differ
        rest = line.lstrip(" >")
        if rest[:1] in _LINE_SHAPES and _UNSUPPORTED_LINE.fullmatch(rest):
            return None
        if len(line) - len(rest) > _MAX_PREFIX:
            return None  # nested deeper than the scanner goes: found here, before any work
    scanner = _Scanner(context)
    try:
        blocks, _ = scanner.blocks([(n, lines[n]) for n in range(first_line, len(lines))], 0)
    except (FallbackError, RecursionError):
        return None
    context.diagnostics.extend(scanner.diagnostics)
    return blocks


VLine = tuple[int, str]


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _marker(text: str) -> tuple[str, int, int] | None:
    """A list marker at the start of ``text`` (no indentation): ``(kind, width, spaces)``.

    ``kind`` is the bullet character or ``"1."``-style ``digits+delimiter``.
    """
    match = _BULLET.match(text) or _ORDERED.match(text)
    if match is None:
        return None
    spaces = match.group(match.lastindex or 0)
    return match.group(0)[: len(match.group(0)) - len(spaces)], len(match.group(0)) - len(spaces), len(spaces)


def _same_list(first: str, other: str) -> bool:
    """Whether two markers belong to one list (same bullet, or same ordered delimiter)."""
    if first[-1] in "-*+" or other[-1] in "-*+":
        return first == other
    return first[-1] == other[-1]


class _Scanner:
    def __init__(self, context: Context) -> None:
        self.context = context
        self.diagnostics = Diagnostics()  # capped per code, as the context's
        self.builder = _Builder((), context)

    # -- blocks ---------------------------------------------------------------

    def starts_block(self, text: str, in_paragraph: bool) -> bool:
        """Whether a non-blank line starts a block (so it ends a paragraph); raise on unclear cases."""
        ind = _indent(text)
        if ind >= 4:
            if in_paragraph:
                return False
            raise FallbackError
        rest = text[ind:]
        if rest.startswith("<") and any(sequence[0].search(rest) for sequence in HTML_SEQUENCES):
            raise FallbackError  # an HTML block
        if rest.startswith(">") or _HEADING.match(rest) or _FENCE.match(rest):
            return True
        marker = _marker(rest)
        if marker is None:
            return False
        kind, _, spaces = marker
        if not in_paragraph:
            return True
        empty = spaces == 0
        if empty or (kind[-1] in ".)" and int(kind[:-1]) != 1):
            raise FallbackError  # a marker that may or may not interrupt a paragraph
        return True

    def blocks(self, lines: list[VLine], depth: int) -> tuple[list[Block], bool]:
        """Blocks of container-relative lines; also whether a blank line stood between two of them."""
        if depth > _MAX_DEPTH:
            raise FallbackError
        blocks: list[Block] = []
        blank_between = False
        i = 0
        n = len(lines)
        while i < n:
            number, text = lines[i]
            if not text.strip(" "):
                i += 1
                continue
            if blocks and not lines[i - 1][1].strip(" "):
                blank_between = True  # a blank line before this block (maybe eaten by the one before)
            self.starts_block(text, in_paragraph=False)
            ind = _indent(text)
            rest = text[ind:]
            if (fence := _FENCE.match(rest)) is not None:
                block, i = self.fence(lines, i, ind, fence)
            elif rest.startswith(">"):
                block, i = self.quote(lines, i, depth)
            elif (heading := _HEADING.match(rest)) is not None:
                block = self.heading(number, rest, heading)
                i += 1
            elif (marker := _marker(rest)) is not None:
                block, i = self.list_block(lines, i, marker, depth)
            else:
                block, i = self.paragraph(lines, i)
            blocks.append(block)
        return blocks, blank_between

    def fence(self, lines: list[VLine], i: int, ind: int, match: re.Match[str]) -> tuple[Block, int]:
        """A fenced code block (upstream's fence rule); an unclosed one falls back."""
        marker, info = match[1], match[2]
        if marker[0] == "`" and "`" in info:
            raise FallbackError  # a code span, not a fence
        start = i
        i += 1
        code: list[str] = []
        while i < len(lines):
            text = lines[i][1]
            close_indent = _indent(text)
            closing = text[close_indent:].rstrip(" ")
            if close_indent < 4 and closing.startswith(marker) and closing == marker[0] * len(closing):
                break
            strip = min(close_indent, ind)
            code.append(text[strip:] + "\n")
            i += 1
        else:
            raise FallbackError  # runs to the end of its container
        span = self.context.lines_span(lines[start][0], lines[i][0] + 1)
        return build_trusted(CodeBlock, info=info.strip(), code="".join(code), fenced=True, span=span), i + 1

    def heading(self, number: int, rest: str, match: re.Match[str]) -> Block:
        content = rest[match.end() :].strip()
        if content.endswith("#"):
            raise FallbackError  # a closing sequence, or a '#' that may be one
        children = self.inlines(content, number)
        return build_trusted(
            Heading, level=len(match[1]), children=children, span=self.context.lines_span(number, number + 1)
        )

    def paragraph(self, lines: list[VLine], i: int) -> tuple[Block, int]:
        start = i
        i += 1
        while i < len(lines) and lines[i][1].strip(" ") and not self.starts_block(lines[i][1], in_paragraph=True):
            i += 1
        first = lines[start][0]
        if lines[i - 1][0] - first != i - 1 - start:
            raise FallbackError  # pragma: no cover - container lines are consecutive
        content = "\n".join(text for _, text in lines[start:i]).strip()
        children = self.inlines(content, first)
        span = self.context.lines_span(first, lines[i - 1][0] + 1)
        head = children[0].span if children else None
        if head is not None and head.line == span.line:
            span = make_span(span.line, head.column, span.end_line, span.end_column)
        return build_trusted(Paragraph, children=children, span=span), i

    def quote(self, lines: list[VLine], i: int, depth: int) -> tuple[Block, int]:
        start = i
        inner: list[VLine] = []
        while i < len(lines):
            number, text = lines[i]
            ind = _indent(text)
            if ind < 4 and text[ind:].startswith(">"):
                body = text[ind + 1 :]
                inner.append((number, body[1:] if body.startswith(" ") else body))
                i += 1
                continue
            # A line without '>' right after quoted text: lazy continuation (declined), or the end.
            if text.strip(" ") and inner and inner[-1][1].strip(" ") and not self.starts_block(text, False):
                raise FallbackError
            break
        blocks, _ = self.blocks(inner, depth + 1)
        span = self.context.lines_span(lines[start][0], lines[i - 1][0] + 1)
        return self.builder.quote(blocks, span), i

    def list_block(self, lines: list[VLine], i: int, marker: tuple[str, int, int], depth: int) -> tuple[Block, int]:
        kind = marker[0]
        ordered = kind[-1] in ".)"
        start_line = lines[i][0]
        items: list[ListItem] = []
        item_starts_paragraph: list[bool] = []
        loose = False
        last_line = start_line
        while True:
            number, text = lines[i]
            ind = _indent(text)
            _, width, spaces = marker
            if spaces == 0 or spaces > 4:
                raise FallbackError  # an empty item, or one starting with indented code
            content_indent = ind + width + spaces
            inner: list[VLine] = [(number, text[content_indent:])]
            i += 1
            blank_run = False
            while i < len(lines):
                number, text = lines[i]
                if not text.strip(" "):
                    inner.append((number, text[content_indent:]))
                    blank_run = True
                    i += 1
                    continue
                if _indent(text) >= content_indent:
                    inner.append((number, text[content_indent:]))
                    blank_run = False
                    i += 1
                    continue
                if not blank_run and not self.starts_block(text, in_paragraph=False):
                    raise FallbackError  # a lazy continuation line
                break
            blocks, blank_between = self.blocks(inner, depth + 2)
            if blank_between:
                loose = True
            # Like markdown-it's, an item runs to the next line with content (a quote's '>' has some).
            item_end = lines[i][0] if i < len(lines) else lines[-1][0] + 1
            last_line = item_end
            items.append(build_trusted(ListItem, blocks=blocks, span=self.context.lines_span(inner[0][0], item_end)))
            item_starts_paragraph.append(bool(blocks) and isinstance(blocks[0], Paragraph))
            if i >= len(lines):
                break
            number, text = lines[i]
            ind = _indent(text)
            following = _marker(text[ind:]) if ind < 4 else None
            if following is None or not _same_list(kind, following[0]):
                break
            if blank_run:
                loose = True
            marker = following
        tight = not (loose and any(item_starts_paragraph))
        first_kind = kind
        start: int | None = int(first_kind[:-1]) if ordered else None
        return (
            build_trusted(
                List,
                ordered=ordered,
                start=start,
                marker=first_kind[-1],
                tight=tight,
                items=items,
                span=self.context.lines_span(start_line, last_line),
            ),
            i,
        )

    # -- inlines --------------------------------------------------------------

    def inlines(self, content: str, first_line: int) -> list[Inline]:
        """The inline nodes of a paragraph's or heading's content, as :func:`.inline.build_inlines` builds them."""
        if not content:
            return []
        locator = InlineLocator(self.context, content, first_line)
        return _Inline(content, locator, self.context, self.diagnostics).run()


#: One entry of the flat inline stream: text ``(start, end, text)``, a finished node,
#: or an emphasis delimiter run ``[start, length, can_open, can_close]``.
_Item = tuple[int, int, str] | Inline | list[int]


class _Inline:
    """One pass over a paragraph's content, then emphasis pairing."""

    def __init__(self, src: str, locator: InlineLocator, context: Context, diagnostics: Diagnostics) -> None:
        self.src = src
        self.context = context
        self.link_level = 0
        self.locator = locator
        self.diagnostics = diagnostics
        self.items: list[_Item] = []
        # Searches forward are remembered, as upstream's rules remember theirs, so that a
        # paragraph of thousands of '[[' or backticks stays linear.
        self.found: dict[str, int] = {}
        self.backticks: dict[int, int] = {}
        self.backticks_scanned = False
        self.last_gt = src.rfind(">")

    def next(self, needle: str, pos: int) -> int:
        """``self.src.find(needle, pos)``, remembered."""
        found = self.found.get(needle)
        if found is None or (found != -1 and found < pos):
            found = self.src.find(needle, pos)
            self.found[needle] = found
        return found

    def report(self, code: str, message: str, start: int, end: int) -> None:
        self.diagnostics.report(code, message, self.locator.span(start, end))

    def text(self, start: int, end: int) -> None:
        if end > start:
            self.items.append((start, end, self.src[start:end]))

    def run(self) -> list[Inline]:
        src = self.src
        length = len(src)
        pos = 0
        handlers: dict[str, Callable[[int], int]] = {
            "\n": self.newline,
            "[": self.bracket,
            "!": self.bang,
            "<": self.angle,
            "*": self.star,
            "_": self.underscore,
            "&": self.ampersand,
            "$": self.dollar,
            "`": self.backtick,
            "\\": self.escape,
        }
        while pos < length:
            match = _SPECIAL.search(src, pos)
            if match is None:
                self.text(pos, length)
                break
            at = match.start()
            self.text(pos, at)
            pos = handlers[src[at]](at)
        return self.pair()

    def newline(self, at: int) -> int:
        # markdown-it drops the spaces before a line break (two or more make it hard).
        items = self.items
        spaces = 0
        if items and isinstance(items[-1], tuple):
            start, end, text = items[-1]
            stripped = text.rstrip(" ")
            spaces = len(text) - len(stripped)
            if spaces:
                items.pop()
                self.text(start, end - spaces)
        pos = at + 1
        while pos < len(self.src) and self.src[pos] == " ":
            pos += 1
        items.append(build_trusted(LineBreak, hard=spaces >= 2, span=self.locator.span(at, pos)))
        return pos

    def wikilink(self, at: int, open_end: int) -> int:
        src = self.src
        close = self.next("]]", open_end)
        newline = self.next("\n", open_end)
        if close < 0 or (0 <= newline < close):
            self.report("SP301", "unclosed wiki-link: no ']]' on this line; kept as text", at, open_end)
            self.text(at, open_end)
            return open_end
        inner = src[open_end:close]
        if "[" in inner or "]" in inner:
            raise FallbackError
        parts = split_wikilink(inner)
        end = close + 2
        if parts is None:
            self.report("SP302", f"empty wiki-link {src[at:end]!r}; kept as text", at, end)
            self.text(at, end)
            return end
        self.items.append(
            build_trusted(
                WikiLink,
                target=parts.target,
                heading=parts.heading,
                block_id=parts.block_id,
                alias=parts.alias,
                embed=open_end - at == 3,
                span=self.locator.span(at, end),
            )
        )
        return end

    def bracket(self, at: int) -> int:
        src = self.src
        if src.startswith("[[", at):
            return self.wikilink(at, at + 2)
        bare = BARE_CLOCK.match(src, at) if self.link_level <= 0 else None
        if bare is not None:
            self.items.append(self.context.timestamp(None, bare[1], self.locator.span(at, bare.end()), bare=True))
            return bare.end()
        stop = _LABEL_STOP.search(src, at + 1)
        if stop is None:
            # No ']' after it: the bracket is text.
            self.text(at, at + 1)
            return at + 1
        if src[stop.start()] != "]" or stop.start() == at + 1:
            raise FallbackError  # a label with markup in it, or an empty one
        underscore = src.find("_", at + 1, stop.start())
        while underscore >= 0:
            length, can_open, can_close = self.delimiters(underscore)
            if can_open or can_close:
                raise FallbackError  # maybe emphasis inside the label
            underscore = src.find("_", underscore + length, stop.start())
        dest = _DEST.match(src, stop.start())
        if dest is None:
            if src.startswith("](", stop.start()) or src.startswith("][", stop.start()):
                raise FallbackError  # a link form the scanner does not read
            self.text(at, at + 1)
            return at + 1
        href = _normalize_link(dest[1])
        if href is None:
            raise FallbackError
        label_end = stop.start()
        end = dest.end()
        children: list[Inline] = [
            build_trusted(Text, text=src[at + 1 : label_end], span=self.locator.span(at + 1, label_end))
        ]
        self.items.append(
            build_trusted(Link, href=href, title=None, children=children, span=self.locator.span(at, end))
        )
        return end

    def bang(self, at: int) -> int:
        if self.src.startswith("![[", at):
            return self.wikilink(at, at + 3)
        if self.src.startswith("![", at):
            raise FallbackError  # an image
        self.text(at, at + 1)
        return at + 1

    def angle(self, at: int) -> int:
        src = self.src
        # Autolink: upstream's rule, which comes first.
        found = _ANGLE.search(src, at + 1)
        close = found.start() if found is not None else len(src)
        if close < len(src) and src[close] == ">":
            url = src[at + 1 : close]
            if AUTOLINK_RE.search(url) is not None:
                href = _normalize_link(url)
                if href is None:
                    raise FallbackError
                end = close + 1
                child = build_trusted(Text, text=url, span=self.locator.span(at + 1, close))
                self.items.append(
                    build_trusted(Link, href=href, title=None, children=[child], span=self.locator.span(at, end))
                )
                return end
            if EMAIL_RE.search(url) is not None:
                raise FallbackError
        # A yt-timestamp anchor: our rule.
        tag = ANCHOR_OPEN.match(src, at)
        if tag is not None and ANCHOR_CLASS.search(tag["attrs"]) is not None:
            body = ANCHOR_BODY.match(src, tag.end())
            if body is None:
                self.report(
                    "SP208", "yt-timestamp anchor without a closing '</a>' on its line; kept as HTML", at, tag.end()
                )
                self.items.append(build_trusted(Html, html=tag[0], span=self.locator.span(at, tag.end())))
                return tag.end()
            data_t = ANCHOR_DATA_T.search(tag["attrs"])
            bracketed = body["bracketed"]
            display = bracketed if bracketed is not None else body["bare"]
            link = None
            if bracketed is None and (shown := anchor_wikilink(display)) is not None:
                link = build_trusted(
                    WikiLink,
                    target=shown[0].target,
                    heading=shown[0].heading,
                    block_id=shown[0].block_id,
                    alias=shown[0].alias,
                    embed=shown[1],
                    span=self.locator.span(tag.end(), tag.end() + len(display)),
                )
            self.items.append(
                self.context.timestamp(
                    None if data_t is None else (data_t[1] if data_t[1] is not None else data_t[2]),
                    display,
                    self.locator.span(at, body.end()),
                    bracketed=bracketed is not None,
                    wikilink=link,
                )
            )
            return body.end()
        # Inline HTML: upstream's rule.
        if src.startswith(("<!", "<?"), at):
            raise FallbackError  # a comment, declaration or instruction: upstream bounds its search
        if self.last_gt >= at + 2 and (src[at + 1] == "/" or (src[at + 1].isascii() and src[at + 1].isalpha())):
            html = HTML_TAG_RE.match(src, at)
            if html is not None:
                end = html.end()
                # Inside an HTML ``<a>`` link a bracketed clock is the link's text, as upstream counts it.
                self.link_level += isLinkOpen(html[0]) - isLinkClose(html[0])
                self.items.append(build_trusted(Html, html=html[0], span=self.locator.span(at, end)))
                return end
        self.text(at, at + 1)
        return at + 1

    def delimiters(self, at: int) -> tuple[int, bool, bool]:
        """Upstream's ``scanDelims``: the run's length and whether it can open or close."""
        src = self.src
        marker = src[at]
        end = at
        while end < len(src) and src[end] == marker:
            end += 1
        last = src[at - 1] if at > 0 else " "
        following = src[end] if end < len(src) else " "
        last_punct = isMdAsciiPunct(ord(last)) or isPunctChar(last)
        next_punct = isMdAsciiPunct(ord(following)) or isPunctChar(following)
        last_space = isWhiteSpace(ord(last))
        next_space = isWhiteSpace(ord(following))
        left = not (next_space or (next_punct and not (last_space or last_punct)))
        right = not (last_space or (last_punct and not (next_space or next_punct)))
        if marker == "_":
            return end - at, left and (not right or last_punct), right and (not left or next_punct)
        return end - at, left, right

    def star(self, at: int) -> int:
        length, can_open, can_close = self.delimiters(at)
        if can_open or can_close:
            if length > 2:
                raise FallbackError
            self.items.append([at, length, int(can_open), int(can_close), ord(self.src[at])])
        else:
            self.text(at, at + length)
        return at + length

    underscore = star

    def backtick(self, at: int) -> int:
        """Upstream's code span rule: the next run of exactly as many backticks closes it."""
        src = self.src
        end = at
        while end < len(src) and src[end] == "`":
            end += 1
        length = end - at
        if self.backticks_scanned and self.backticks.get(length, 0) <= at:
            self.text(at, end)  # no closing run of this length further on
            return end
        search = end
        while True:
            close = src.find("`", search)
            if close < 0:
                self.backticks_scanned = True
                self.text(at, end)
                return end
            close_end = close
            while close_end < len(src) and src[close_end] == "`":
                close_end += 1
            if close_end - close == length:
                break
            self.backticks[close_end - close] = close
            search = close_end
        code = src[end:close].replace("\n", " ")
        if code.startswith(" ") and code.endswith(" ") and code.strip():
            code = code[1:-1]
        self.items.append(build_trusted(Code, code=code, span=self.locator.span(at, close_end)))
        return close_end

    def escape(self, at: int) -> int:
        """Upstream's escape rule: a backslash before punctuation, or before a line end (a hard break)."""
        src = self.src
        if at + 1 >= len(src):
            self.text(at, at + 1)
            return at + 1
        escaped = src[at + 1]
        if escaped == "\n":
            pos = at + 2
            while pos < len(src) and src[pos] == " ":
                pos += 1
            self.items.append(build_trusted(LineBreak, hard=True, span=self.locator.span(at, pos)))
            return pos
        if 0xD800 <= ord(escaped) <= 0xDFFF:
            raise FallbackError  # pragma: no cover - a lone surrogate
        self.items.append((at, at + 2, escaped if escaped in _ESCAPED else "\\" + escaped))
        return at + 2

    def ampersand(self, at: int) -> int:
        src = self.src
        if src.startswith("&#", at):
            raise FallbackError
        named = _ENTITY_NAMED.match(src, at)
        if named is not None and named[1] in entities:
            raise FallbackError
        self.text(at, at + 1)
        return at + 1

    def dollar(self, at: int) -> int:
        """Our inline math rule (:func:`.rules.math_rule`), read the same way."""
        src = self.src
        length = len(src)
        if at + 1 >= length or src[at + 1] in " \t\n$" or (at > 0 and (src[at - 1].isdigit() or _escaped(src, at))):
            self.text(at, at + 1)
            return at + 1
        end = src.find("$", at + 1)
        while end >= 0 and _escaped(src, end):
            end = src.find("$", end + 1)
        if end < 0 or src[end - 1] in " \t\n" or (end + 1 < length and src[end + 1].isdigit()):
            self.text(at, at + 1)
            return at + 1
        self.items.append(build_trusted(Math, tex=src[at + 1 : end], span=self.locator.span(at, end + 1)))
        return end + 1

    # -- emphasis and text joining -----------------------------------------------

    def pair(self) -> list[Inline]:
        """Pair ``*`` runs as upstream does for the runs the scanner keeps, then build the nodes."""
        items = self.items
        stack: list[int] = []
        closes: dict[int, int] = {}
        for index, item in enumerate(items):
            if not isinstance(item, list):
                continue
            _, length, can_open, can_close, marker = item
            if can_close:
                if stack:
                    opener = stack[-1]
                    opening = items[opener]
                    assert isinstance(opening, list)
                    if opening[1] != length or opening[4] != marker:
                        raise FallbackError
                    stack.pop()
                    closes[opener] = index
                    item[3] = 2  # matched
                    continue
                if not can_open:
                    continue
            stack.append(index)
        nodes, _ = self.build(0, len(items), closes)
        return nodes

    def build(self, i: int, stop: int, closes: dict[int, int]) -> tuple[list[Inline], int]:
        items = self.items
        nodes: list[Inline] = []
        parts: list[str] = []
        first = last = 0
        while i < stop:
            item = items[i]
            if isinstance(item, list) and i in closes:
                if parts:
                    nodes.append(build_trusted(Text, text="".join(parts), span=self.locator.span(first, last)))
                    parts = []
                close = closes[i]
                children, _ = self.build(i + 1, close, closes)
                start, length = item[0], item[1]
                closing = items[close]
                assert isinstance(closing, list)
                span = self.locator.span(start, closing[0] + length)
                nodes.append(
                    build_trusted(Strong, children=children, span=span)
                    if length == 2
                    else build_trusted(Emphasis, children=children, span=span)
                )
                i = close + 1
                continue
            if isinstance(item, list):  # a run that pairs with nothing: text
                item = (item[0], item[0] + item[1], self.src[item[0] : item[0] + item[1]])
            if isinstance(item, tuple):
                if not parts:
                    first = item[0]
                parts.append(item[2])
                last = item[1]
                i += 1
                continue
            if parts:
                nodes.append(build_trusted(Text, text="".join(parts), span=self.locator.span(first, last)))
                parts = []
            nodes.append(item)
            i += 1
        if parts:
            nodes.append(build_trusted(Text, text="".join(parts), span=self.locator.span(first, last)))
        return group_ranges(nodes), i


def _escaped(src: str, index: int) -> bool:
    count = 0
    while index - count - 1 >= 0 and src[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


@functools.lru_cache(maxsize=4096)
def _normalize_link(url: str) -> str | None:
    """The href the markdown-it path gives ``url`` (as written), or ``None`` when it refuses the link."""
    md = markdown_parser()
    href = md.normalizeLink(url)
    return href if md.validateLink(href) else None
