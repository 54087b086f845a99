"""markdown-it-py, set up for seed files.

- CommonMark plus GitHub tables and ``$...$`` math (mdit-py-plugins' dollarmath).
- Our inline rules for wiki-links and ``yt-timestamp`` anchors (see :mod:`.rules`).
- A table rule whose cell split skips a ``|`` inside ``[[...]]``.
- Link destinations kept as written (:class:`SeedMarkdownIt`): escapes and entities read,
  never percent-encoded or punycoded.
- An inline tokenizer that records where each inline token came from:
  ``token.meta["sp"] = (start, end)``, offsets into the inline token's content.
  markdown-it's own source maps are line ranges of blocks only.
"""

from __future__ import annotations

import functools
import importlib
import re
import types
from collections.abc import Callable, Iterator

from markdown_it import MarkdownIt
from markdown_it.common import normalize_url
from markdown_it.parser_inline import ParserInline
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

from seedparse.parsing.rules import bare_clock_rule, math_rule, timestamp_rule, wikilink_rule

__all__ = ["MAX_BLOCK_DEPTH", "SeedMarkdownIt", "markdown_parser", "row_cells"]


class SeedMarkdownIt(MarkdownIt):
    """markdown-it, with link destinations and autolink text kept as written.

    Upstream percent-encodes a destination (``a b`` -> ``a%20b``, ``é`` -> ``%C3%A9``,
    ``[[x]]`` -> ``%5B%5Bx%5D%5D``) and punycodes its host, for HTML output; a model of the
    source keeps the destination's text: ``<...>`` removed, backslash escapes and entities
    read (as CommonMark reads them), nothing else changed. Which destinations are refused
    (``javascript:`` and the like) is upstream's rule, applied to upstream's normalised form,
    so what is a link and what stays text does not change.
    """

    def normalizeLink(self, url: str) -> str:  # noqa: N802 - upstream's name
        """Return ``url`` unchanged (upstream percent-encodes it)."""
        return url

    def normalizeLinkText(self, link: str) -> str:  # noqa: N802 - upstream's name
        """Return an autolink's text unchanged (upstream decodes it for display)."""
        return link

    def validateLink(self, url: str) -> bool:  # noqa: N802 - upstream's name
        """Whether upstream accepts ``url`` as a destination, judged on its normalised form."""
        return normalize_url.validateLink(normalize_url.normalizeLink(url))


class PositionedParserInline(ParserInline):
    """markdown-it's inline tokenizer, recording each new token's source offsets.

    The loop is upstream's (``ParserInline.tokenize``); it adds bookkeeping only.
    Tokens a rule pushes get the range the rule consumed, unless a nested
    tokenize (a link's label) already gave them a finer one; the text flushed
    from ``pending`` gets the range the pending characters came from.
    """

    def tokenize(self, state: StateInline) -> None:
        """Generate tokens for ``state.src[state.pos:state.posMax]``, with offsets."""
        rules = self.ruler.getRules("")
        end = state.posMax
        max_nesting = state.md.options["maxNesting"]
        tokens = state.tokens
        pending_start = state.pos
        while state.pos < end:
            pos = state.pos
            had_pending = bool(state.pending)
            if not had_pending:
                pending_start = pos
            count = len(tokens)
            ok = False
            if state.level < max_nesting:
                for rule in rules:
                    ok = rule(state, False)
                    if ok:
                        if state.pos <= pos:  # pragma: no cover - upstream's own guard
                            raise RuntimeError("inline rule didn't increment state.pos")
                        break
            if ok:
                if len(tokens) > count:
                    _mark(state.src, tokens, count, had_pending, pending_start, pos, state.pos)
                if state.pos >= end:
                    break
                continue
            state.append_pending(state.src[state.pos])
            state.pos += 1
        if state.pending:
            token = state.pushPending()
            token.meta["sp"] = (pending_start, pending_start + len(token.content))


def _mark(
    src: str, tokens: list[Token], first: int, had_pending: bool, pending_start: int, start: int, end: int
) -> None:
    """Give the tokens pushed by one rule call their source offsets."""
    new = tokens[first:]
    if had_pending and new[0].type == "text" and "sp" not in new[0].meta:
        # Pending text is literal source (escapes and entities are tokens of
        # their own); the newline rule may have dropped its trailing spaces.
        new[0].meta["sp"] = (pending_start, pending_start + len(new[0].content))
        new = new[1:]
    unmarked = [token for token in new if "sp" not in token.meta]
    if not unmarked:
        return
    # Delimiter runs (``**``) come as one text token per character: place each.
    if all(token.type == "text" for token in unmarked) and "".join(t.content for t in unmarked) == src[start:end]:
        offset = start
        for token in unmarked:
            token.meta["sp"] = (offset, offset + len(token.content))
            offset += len(token.content)
        return
    for token in unmarked:
        token.meta["sp"] = (start, end)
    if len(new) == 3 and new[0].markup == "autolink":
        new[1].meta["sp"] = (start + 1, end - 1)  # the URL inside ``<...>``


def _pipes(line: str) -> Iterator[tuple[int, bool]]:
    """Each ``|`` of a table row outside ``[[...]]``, and whether a backslash escapes it.

    A ``|`` between ``[[`` and the next ``]]`` on the line belongs to a wiki-link.
    """
    pos = 0
    length = len(line)
    escaped = False
    close = 0  # the next ``]]`` at or after pos + 2, found once per closing bracket: linear
    while pos < length:
        ch = line[pos]
        if ch == "[" and not escaped and line.startswith("[[", pos):
            if 0 <= close < pos + 2:
                close = line.find("]]", pos + 2)
            if close >= 0:
                pos = close + 2
                escaped = False
                continue
        if ch == "|":
            yield pos, escaped
        escaped = ch == "\\"
        pos += 1


def row_cells(line: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each cell of a table row, as :func:`_split_row` splits it.

    Enclosing pipes are left out, as upstream's table rule leaves them out.
    """
    cells: list[tuple[int, int]] = []
    start = 0
    for pos, escaped in _pipes(line):
        if not escaped:
            cells.append((start, pos))
            start = pos + 1
    cells.append((start, len(line)))
    if cells and not line[cells[0][0] : cells[0][1]].strip():
        cells.pop(0)
    if cells and not line[cells[-1][0] : cells[-1][1]].strip():
        cells.pop()
    return cells


def _split_row(line: str) -> list[str]:
    """Split a table row at unescaped ``|``, except inside ``[[...]]``.

    Upstream's ``escapedSplit`` with one change: a ``|`` between ``[[`` and the
    next ``]]`` on the line belongs to a wiki-link, so it does not split. As
    upstream, an escaped pipe becomes a plain ``|``.
    """
    result: list[str] = []
    current: list[str] = []
    last = 0
    for pos, escaped in _pipes(line):
        if escaped:
            current.append(line[last : pos - 1])
            last = pos
        else:
            current.append(line[last:pos])
            result.append("".join(current))
            current = []
            last = pos + 1
    current.append(line[last:])
    result.append("".join(current))
    return result


def _table_rule() -> Callable[[StateBlock, int, int, bool], bool]:
    """Upstream's table rule, with :func:`_split_row` in place of its split."""
    # The package re-exports the function under the module's name, so ask for the module itself.
    upstream = importlib.import_module("markdown_it.rules_block.table").table
    if "escapedSplit" not in upstream.__code__.co_names:  # pragma: no cover - guards an upstream rename
        raise RuntimeError("markdown-it-py's table rule no longer calls escapedSplit")
    namespace = dict(upstream.__globals__)
    namespace["escapedSplit"] = _split_row
    rule = types.FunctionType(upstream.__code__, namespace, "table", upstream.__defaults__, upstream.__closure__)

    def table(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        # Upstream wants a '|' on the header line; one inside a wiki-link does not count (it
        # splits no cell), so ``From: [[chan | Name]]`` over ``---`` stays a line and a rule.
        line = state.src[state.bMarks[start_line] + state.tShift[start_line] : state.eMarks[start_line]]
        if "[[" in line and "|" not in _WIKILINK_TEXT.sub("", line):
            return False
        return bool(rule(state, start_line, end_line, silent))

    return table


#: A wiki-link's text, for :func:`_table_rule`'s header check.
_WIKILINK_TEXT = re.compile(r"\[\[[^\[\]\n]*\]\]")


#: How deeply quotes and lists may nest (a list level counts two: list and item).
#: Deeper content is kept verbatim as a raw block, with a warning.
MAX_BLOCK_DEPTH = 40


def _depth_guard(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Keep content nested deeper than :data:`MAX_BLOCK_DEPTH` as one raw token.

    markdown-it silently skips what lies beyond its ``maxNesting``; this rule
    runs first and takes it whole instead, so nothing is lost.
    """
    if state.level < MAX_BLOCK_DEPTH or silent:
        return False
    token = state.push("seedparse_too_deep", "", 0)
    token.map = [start_line, end_line]
    token.content = state.getLines(start_line, end_line, state.blkIndent, False)
    state.line = end_line
    return True


@functools.cache
def markdown_parser() -> MarkdownIt:
    """Return the shared, configured parser (it is stateless between parses)."""
    md = SeedMarkdownIt("commonmark", {"maxNesting": MAX_BLOCK_DEPTH + 10})
    # A link reference definition would vanish into markdown-it's env; without
    # the rule it stays in the document as the text it is.
    md.block.ruler.disable("reference")
    inline = PositionedParserInline()
    inline.ruler = md.inline.ruler
    inline.ruler2 = md.inline.ruler2
    md.inline = inline
    md.block.ruler.before("table", "seedparse_table", _table_rule(), {"alt": ["paragraph", "reference"]})
    md.block.ruler.before("seedparse_table", "seedparse_depth_guard", _depth_guard)
    # Display math ``$$...$$`` from the plugin; inline math from our rule (see math_rule).
    dollarmath_plugin(md, allow_labels=False, allow_space=False, allow_digits=False, double_inline=False)
    md.inline.ruler.at("math_inline", math_rule)
    md.inline.ruler.before("link", "seedparse_wikilink", wikilink_rule)
    md.inline.ruler.before("link", "seedparse_bare_clock", bare_clock_rule)
    md.inline.ruler.before("html_inline", "seedparse_timestamp", timestamp_rule)
    # Text tokens are joined by our builder, which also joins their offsets.
    md.inline.ruler2.disable("fragments_join")
    md.core.ruler.disable("text_join")
    return md
