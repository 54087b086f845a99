"""Our markdown-it inline rules: wiki-links, ``yt-timestamp`` anchors, inline math.

Each rule reads at ``state.pos`` only, and each search forward is remembered
per inline state, so a paragraph of thousands of ``[[`` stays linear.
Problems become a ``diag`` entry in the token's meta; the builder turns them
into diagnostics once it knows where the token is in the file.
"""

from __future__ import annotations

import re

from markdown_it.rules_inline import StateInline

from seedparse.wikilinks import WikiLinkParts, split_wikilink

__all__ = [
    "ANCHOR_BODY",
    "ANCHOR_CLASS",
    "ANCHOR_DATA_T",
    "ANCHOR_OPEN",
    "BARE_CLOCK",
    "anchor_wikilink",
    "bare_clock_rule",
    "math_rule",
    "timestamp_rule",
    "wikilink_rule",
]


def _next(state: StateInline, needle: str, pos: int) -> int:
    """``state.src.find(needle, pos)``, remembered so repeated calls stay linear."""
    cache: dict[str, int] = state.__dict__.setdefault("_seedparse_find", {})
    found = cache.get(needle)
    if found is None or (found != -1 and found < pos):
        found = state.src.find(needle, pos)
        cache[needle] = found
    return found


def wikilink_rule(state: StateInline, silent: bool) -> bool:
    """Read ``[[...]]`` or ``![[...]]`` at ``state.pos``."""
    src = state.src
    pos = state.pos
    embed = src.startswith("![[", pos)
    if not embed and not src.startswith("[[", pos):
        return False
    open_end = pos + (3 if embed else 2)
    close = _next(state, "]]", open_end)
    newline = _next(state, "\n", open_end)
    if close < 0 or close > state.posMax - 2 or (0 <= newline < close):
        # No ``]]`` on this line: the brackets are text, with a warning.
        if not silent:
            token = state.push("text", "", 0)
            token.content = src[pos:open_end]
            token.meta["diag"] = ("SP301", "unclosed wiki-link: no ']]' on this line; kept as text")
        state.pos = open_end
        return True
    inner = src[open_end:close]
    if "[" in inner or "]" in inner:
        return False  # ``[[[a]]]``: the outer bracket is text, the inner link is read next
    parts = split_wikilink(inner)
    if not silent:
        token = state.push("text" if parts is None else "wikilink", "", 0)
        token.content = src[pos : close + 2]
        if parts is None:
            token.meta["diag"] = ("SP302", f"empty wiki-link {token.content!r}; kept as text")
        else:
            token.meta["parts"] = parts
            token.meta["embed"] = embed
    state.pos = close + 2
    return True


ANCHOR_OPEN = re.compile(
    r"""
    <a\b                 # an anchor ...
    (?P<attrs>[^<>]{0,1000})  # ... its attributes (bounded, so a stray "<a" costs little)
    >
    """,
    re.VERBOSE,
)
ANCHOR_CLASS = re.compile(r"""\bclass\s*=\s*(["'])(?:[^"']*\s)?yt-timestamp(?:\s[^"']*)?\1""")
ANCHOR_DATA_T = re.compile(r"""\bdata-t\s*=\s*(?:"([^"]*)"|'([^']*)')""")
ANCHOR_BODY = re.compile(
    r"""
    (?:\[(?P<bracketed>[^\[\]<\n]{0,200})\]   # [DISPLAY], the usual form
      |(?P<bare>[^<\n]{0,200}))        # or a display without brackets (maybe empty)
    </a\s*>
    """,
    re.VERBOSE,
)
#: A clock written as plain text, ``[00:00:17]``, ``[1:02]``, ``[01:07:12:00]``: fields after
#: the first have two digits; not the label of a link (``[01:02](#)``).
BARE_CLOCK = re.compile(r"\[(\d{1,3}(?::\d{2}){1,3})\](?!\()", re.ASCII)
#: A wiki-link written as an anchor's display: ``<a ...>[[00:01:02]]</a>``, ``<a ...>[[note]]</a>``.
_DISPLAY_LINK = re.compile(r"!?\[\[([^\[\]\n]+)\]\]")


def anchor_wikilink(display: str) -> tuple[WikiLinkParts, bool] | None:
    """The parts of a wiki-link that is an anchor's whole display, and whether it is an embed."""
    match = _DISPLAY_LINK.fullmatch(display)
    if match is None:
        return None
    parts = split_wikilink(match[1])
    return None if parts is None else (parts, display.startswith("!"))


def bare_clock_rule(state: StateInline, silent: bool) -> bool:
    """Read a bare clock ``[00:00:17]`` at ``state.pos`` (not inside a link's label)."""
    src = state.src
    pos = state.pos
    if src[pos] != "[" or state.linkLevel > 0:
        return False
    match = BARE_CLOCK.match(src, pos, state.posMax)
    if match is None:
        return False
    if not silent:
        token = state.push("yt_timestamp", "", 0)
        token.content = match[0]
        token.meta.update(data_t=None, display=match[1], bracketed=True, bare=True)
    state.pos = match.end()
    return True


def timestamp_rule(state: StateInline, silent: bool) -> bool:
    """Read ``<a class="yt-timestamp" data-t="...">[...]</a>`` at ``state.pos``."""
    src = state.src
    pos = state.pos
    if not src.startswith("<a", pos):
        return False
    tag = ANCHOR_OPEN.match(src, pos, state.posMax)
    if tag is None or ANCHOR_CLASS.search(tag["attrs"]) is None:
        return False
    body = ANCHOR_BODY.match(src, tag.end(), state.posMax)
    if body is None:
        # An anchor that is not closed on its line: keep the tag as HTML, warn.
        if not silent:
            token = state.push("html_inline", "", 0)
            token.content = tag[0]
            token.meta["diag"] = ("SP208", "yt-timestamp anchor without a closing '</a>' on its line; kept as HTML")
        state.pos = tag.end()
        return True
    if not silent:
        data_t = ANCHOR_DATA_T.search(tag["attrs"])
        token = state.push("yt_timestamp", "a", 0)
        token.content = src[pos : body.end()]
        token.meta["data_t"] = None if data_t is None else (data_t[1] if data_t[1] is not None else data_t[2])
        bracketed = body["bracketed"]
        token.meta["display"] = bracketed if bracketed is not None else body["bare"]
        token.meta["bracketed"] = bracketed is not None
        token.meta["bare"] = False
        token.meta["display_at"] = tag.end() - pos + (1 if bracketed is not None else 0)
    state.pos = body.end()
    return True


def _escaped(src: str, index: int) -> bool:
    """Whether ``src[index]`` follows an odd run of backslashes."""
    count = 0
    while index - count - 1 >= 0 and src[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def math_rule(state: StateInline, silent: bool) -> bool:
    """Read inline math ``$...$`` at ``state.pos``, as mdit-py-plugins' dollarmath reads it.

    Same rules as dollarmath with ``allow_space=False, allow_digits=False``: no
    space just inside the dollars, no digit just outside them (``$5 and $10``
    is money), an escaped dollar is text. Ours because the plugin's rule reads
    ``src[pos - 1]`` at position 0, which wraps round to the paragraph's last
    character and so drops math that starts a paragraph ending in a digit or
    a backslash.
    """
    src = state.src
    start = state.pos
    if src[start] != "$" or start + 1 >= state.posMax or src[start + 1] in " \t\n$":
        return False
    if start > 0 and (src[start - 1].isdigit() or _escaped(src, start)):
        return False
    pos = start + 1
    while True:
        end = _next(state, "$", pos)
        if end < 0 or end >= state.posMax:
            return False
        if not _escaped(src, end):
            break
        pos = end + 1
    if src[end - 1] in " \t\n" or (end + 1 < state.posMax and src[end + 1].isdigit()):
        return False
    if not silent:
        token = state.push("math_inline", "math", 0)
        token.markup = "$"
        token.content = src[start + 1 : end]
    state.pos = end + 1
    return True
