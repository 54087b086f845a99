"""Which kind of seed document a text is: the one place the kinds are told apart.

The entry points (:mod:`seedparse.api`), the fast path and the tests all ask here.
"""

from __future__ import annotations

import re
from typing import Literal

from seedparse.parsing.channel import VIDEO_HEADING
from seedparse.parsing.context import Context
from seedparse.parsing.fast import fast_blocks
from seedparse.parsing.frontmatter import read_front_matter

__all__ = ["BOM", "detect_format", "is_seed_document", "takes_fast_path"]

#: The byte-order mark a file may start with; positions count from after it.
BOM = "\ufeff"
_BOM = BOM
_FIRST_LINES = re.compile(r"\A(?:[ \t]*(?:\r\n|\r|\n))*(?P<line>[^\r\n]*)")
_FROM_LINE = re.compile(r"^From:[ \t]*\[\[", re.MULTILINE)
_LINE = re.compile(r"(?P<text>[^\r\n]*)(?:\r\n|\r|\n|\Z)")
_CLOSE = re.compile(r"(?:---|\.\.\.)[ \t]*")
_VIDEO_ID_KEY = re.compile(r"[\"']?videoId[\"']?[ \t]*:")
#: How far into a text :func:`detect_format` looks for the end of front matter.
_DETECT_LIMIT = 1 << 16


def detect_format(text: str) -> Literal["transcript", "article", "channel"] | None:
    r"""Tell which kind of seed document ``text`` is, or ``None`` if none.

    A document starting with a ``---`` front-matter line is a channel page when
    its front matter has no ``videoId`` and the first non-blank line after it
    is a heading linking a YouTube video (``### [Title](https://www.youtube.com/watch?v=ID)``);
    otherwise it is a transcript note. Lacking front matter, a text with a
    ``From: [[...]]`` line is a transcript note. An article's first non-blank
    line is a ``# `` title.

    Example:
        >>> detect_format("---\ntitle: x\n---\n"), detect_format("\n\n# Title\n"), detect_format("hi")
        ('transcript', 'article', None)
        >>> detect_format("---\ntitle: chan\n---\n### [T](https://www.youtube.com/watch?v=KL4O_d7AlvQ)\n")
        'channel'
    """
    text = text.removeprefix(_BOM)
    match = _FIRST_LINES.match(text)
    first = match["line"] if match is not None else ""
    if first.rstrip() == "---" and text.startswith("---"):
        return "channel" if _is_channel_page(text) else "transcript"
    if first.startswith("# "):
        return "article"
    if _FROM_LINE.search(text, 0, 4096):
        return "transcript"
    return None


def _is_channel_page(text: str) -> bool:
    """Whether text that opens with ``---`` is a channel page (see :func:`detect_format`)."""
    lines = (match["text"] for match in _LINE.finditer(text, 0, _DETECT_LIMIT))
    next(lines)  # the opening '---'
    for line in lines:
        if _CLOSE.fullmatch(line):
            break
        if _VIDEO_ID_KEY.match(line):
            return False
    else:
        return False  # never closed: a broken transcript note
    body = next((line for line in lines if line.strip()), "")
    return VIDEO_HEADING.fullmatch(body) is not None


#: An article's date line (``January 02, 2024``, ``2 January 2024``) and its ``Original url:`` footer.
_ARTICLE_DATE = re.compile(
    r"^[ \t]*(?:[A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]+\.? \d{4})[ \t]*$", re.MULTILINE
)
_ORIGINAL_URL = re.compile(r"^Original url:", re.MULTILINE)
#: How far into an article :func:`is_seed_document` looks for its date line.
_HEADER_LIMIT = 4096


def is_seed_document(text: str) -> bool:
    r"""Whether ``text`` has the shape of a seed document, so that a folder walk parses it.

    A transcript note or a channel page: front matter, or a ``From: [[...]]``
    line (as :func:`detect_format` finds them). An article: a ``# `` title
    first, and a date line near the top or an ``Original url:`` line. Anything
    else (a vault's ``README.md``, a site's ``index.md``, an empty file) is not
    one: the commands skip such files found in folders with an ``SP007`` warning.

    Example:
        >>> is_seed_document("# Notes\n\nMy vault.\n"), is_seed_document("# T\n\nJanuary 02, 2024\n\nBody.\n")
        (False, True)
    """
    kind = detect_format(text)
    if kind != "article":
        return kind is not None
    return _ARTICLE_DATE.search(text, 0, _HEADER_LIMIT) is not None or _ORIGINAL_URL.search(text) is not None


def takes_fast_path(text: str) -> bool:
    """Whether :func:`seedparse.parse_lenient` reads ``text`` on the fast path."""
    text = text.removeprefix("\ufeff")
    kind = detect_format(text)
    context = Context(text)
    if kind == "transcript":
        return fast_blocks(context, read_front_matter(context).end_line) is not None
    if kind == "article":
        return fast_blocks(context) is not None
    return False
