"""The entry points: detect_format, parse, parse_file and their lenient forms."""

from __future__ import annotations

import contextlib
import errno
import functools
import gc
import os
import re
import stat
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, overload

from pydantic import BaseModel, ConfigDict, Field

from seedparse.channels import ChannelPage
from seedparse.diagnostics import Diagnostic, ParseError, Severity, make, sort_diagnostics
from seedparse.documents import Article, TranscriptNote
from seedparse.files import SEED_SUFFIXES, iter_seed_files, read_text, size_error
from seedparse.parsing.article import parse_article
from seedparse.parsing.channel import parse_channel
from seedparse.parsing.checks import check_document
from seedparse.parsing.context import Context
from seedparse.parsing.detect import BOM as _BOM
from seedparse.parsing.detect import detect_format, is_seed_document
from seedparse.parsing.transcript import parse_transcript
from seedparse.spans import LineIndex, Span

__all__ = [
    "SEED_SUFFIXES",
    "Format",
    "Limits",
    "ParseResult",
    "detect_format",
    "is_seed_document",
    "iter_seed_files",
    "parse",
    "parse_file",
    "parse_file_lenient",
    "parse_lenient",
    "read_text",
]

Format = Literal["auto", "transcript", "article", "channel"]
"""The ``format`` argument: a document kind, or ``"auto"`` to detect it."""

#: A line that opens with a quote or list marker (after any indentation), for the depth limit.
_CONTAINER_LINE = re.compile(r"(?:\A|(?<=[\r\n]))[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t\r\n]|\Z))")
_CONTAINER_PREFIX = re.compile(
    r"""
    (?P<indent>[ \t]*)                          # indentation before the first marker
    (?P<markers>(?:
        (?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t\r\n]|\Z))  # a quote marker, or a list marker with a space after it
        [ \t]*                                  # the spaces after the marker
    )*)
    """,
    re.VERBOSE,
)
_MARKER = re.compile(r">|[-+*]|\d{1,9}[.)]")
#: A UTF-16 surrogate code point on its own (a str can hold one; UTF-8 text cannot).
_SURROGATE = re.compile("[\ud800-\udfff]")


class Limits(BaseModel):
    r"""Bounds on the input that the parse functions check before any expensive work.

    An input past a limit gets one error diagnostic and no document: ``SP005``
    for its size, ``SP006`` for its nesting depth. The defaults let any real
    seed file through; lower them for untrusted input, raise them for a
    bigger file.

    Example:
        >>> import seedparse
        >>> result = seedparse.parse_lenient("# T\n\n" + "x" * 100, limits=seedparse.Limits(max_size=50))
        >>> [(d.code, d.message) for d in result.diagnostics]
        [('SP005', 'the input is 105 bytes, over the size limit of 50 bytes')]
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_size: int = Field(
        default=16 * 1024 * 1024,
        ge=1,
        description="The largest input, in bytes of UTF-8 (a file's size on disk); 16 MiB by default.",
    )
    max_depth: int = Field(
        default=100,
        ge=1,
        description="The most quote and list markers a line may open with, counting one more per two columns "
        "of indentation before them; 100 by default.",
    )


_DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class ParseResult:
    r"""What :func:`parse_lenient` returns: the document it could build, and every diagnostic.

    Example:
        >>> import seedparse
        >>> result = seedparse.parse_lenient("---\ntitle: t\n---\n\nFrom: [[c]]\n")
        >>> result.document.title, [d.code for d in result.errors]
        ('t', ['SP104'])
    """

    document: TranscriptNote | Article | ChannelPage | None
    diagnostics: tuple[Diagnostic, ...]
    path: str | None = None

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """The diagnostics of error severity."""
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        """The diagnostics of warning severity."""
        return tuple(d for d in self.diagnostics if d.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        """Whether there is a document and no error."""
        return self.document is not None and not self.errors


def _skipped() -> Diagnostic:
    message = (
        "not a seed document, skipped: no front matter, no 'From: [[...]]' line, "
        "and no article shape (a '# title' with a date line or an 'Original url:')"
    )
    return make("SP007", message, Span(line=1, column=1, end_line=1, end_column=1))


class _PausedGC(contextlib.ContextDecorator):
    """The cyclic garbage collector held off while any thread parses; back on after the last parse.

    A parse makes hundreds of thousands of objects and no cyclic garbage: the collector's passes
    over them took a fifth to a third of the CPU time of dense inputs (``*_``, headings, short
    lines), and holding it off leaves the peak memory the same (benchmarks/hostile.py measures both).
    """

    _lock = threading.Lock()
    _depth = 0
    _was_enabled = False

    def __enter__(self) -> None:
        with self._lock:
            if _PausedGC._depth == 0:
                _PausedGC._was_enabled = gc.isenabled()
                gc.disable()
            _PausedGC._depth += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            _PausedGC._depth -= 1
            if _PausedGC._depth == 0 and _PausedGC._was_enabled:
                gc.enable()


@_PausedGC()
def parse_lenient(
    text: str,
    *,
    format: Format = "auto",
    path: str | os.PathLike[str] | None = None,
    limits: Limits | None = None,
    fast: bool = True,
    skip_other: bool = False,
) -> ParseResult:
    r"""Parse as much as possible and return it with every diagnostic; never raises.

    Args:
        text: The document's text. CRLF, a lone CR, a UTF-8 BOM and trailing
            spaces are all accepted; positions count from after a BOM.
        format: ``"transcript"``, ``"article"``, ``"channel"``, or ``"auto"`` to detect it.
        path: Where the text came from, for messages.
        limits: The size and depth bounds (:class:`Limits`); the defaults when ``None``.
        fast: Try the fast path first (a line scanner that gives the same document and
            diagnostics, and hands what it does not read to markdown-it-py); ``False``
            parses with markdown-it-py only.
        skip_other: With ``format="auto"``, a text that is not a seed document (see
            :func:`is_seed_document`) gets one ``SP007`` warning and no document,
            instead of an error: for files found in a folder (a vault's ``README.md``).

    Returns:
        A :class:`ParseResult`; its ``document`` is ``None`` when the format is
        unknown, or the input is past a limit (``SP005``, ``SP006``) or is not
        text (a NUL character: ``SP002``), or is skipped (``SP007``).

    Example:
        >>> import seedparse
        >>> result = seedparse.parse_lenient("# T\n\nJanuary 02, 2024\n\nBody.\n")
        >>> [d.code for d in result.errors]
        ['SP504']
    """
    name = None if path is None else os.fspath(path)
    refused = _refuse(text, limits or _DEFAULT_LIMITS)
    if refused is not None:
        return ParseResult(document=None, diagnostics=(refused,), path=name)
    if skip_other and format == "auto" and not is_seed_document(text):
        return ParseResult(document=None, diagnostics=(_skipped(),), path=name)
    source = text
    text = text.removeprefix(_BOM)
    context = Context(text, fast=fast)
    document: TranscriptNote | Article | ChannelPage | None = None
    try:
        kind = detect_format(text) if format == "auto" else format
        if kind == "transcript":
            document = parse_transcript(context)
        elif kind == "article":
            document = parse_article(context)
        elif kind == "channel":
            document = parse_channel(context)
        else:
            context.report(
                "SP001",
                "unknown format: a transcript note starts with '---' front matter, an article with a '# title' "
                "line, a channel page with front matter and '### [title](video url)' headings",
                context.point(1),
            )
        if document is not None and _too_deep(document, text):
            message = f"the document nests too deeply to parse: its tree is more than {_MAX_TREE_DEPTH} levels deep"
            context.report("SP003", message, context.point(1))
            document = None
        if isinstance(document, (TranscriptNote, Article)):
            check_document(document, context)
        if document is not None:
            document = document.model_copy(update={"source": source})
    except RecursionError:
        context.report("SP003", "the document nests too deeply to parse", context.point(1))
        document = None
    except Exception as exc:  # the lenient parser never raises: a bug of ours becomes an error
        message = f"internal error while parsing ({type(exc).__name__}: {exc}); please report it with the file"
        context.report("SP004", message, context.point(1))
        document = None
    return ParseResult(document=document, diagnostics=tuple(sort_diagnostics(context.diagnostics)), path=name)


#: How deep a document's tree may be, counting each node, list and mapping on the way down.
#: pydantic stops exporting JSON at 255, and rendering and comparing recurse as deep; blocks
#: alone reach about 90 (markdown.MAX_BLOCK_DEPTH), so inline markup keeps some 50 levels.
_MAX_TREE_DEPTH = 200
#: A paragraph needs one of these characters per level of inline nesting (emphasis, links,
#: images); while no paragraph has more than this many, no tree can pass the depth above.
_MAX_OPENERS = 50
_OPENERS = ("*", "_", "[")
#: The end of a paragraph: a line that is blank, or holds only quote markers.
_PARAGRAPH_BREAK = re.compile(r"(?:\r\n|\r|\n)[ \t>]*(?=\r|\n|\Z)")


def _too_deep(document: BaseModel, text: str) -> bool:
    """Whether ``document``'s tree is deeper than :data:`_MAX_TREE_DEPTH`; linear, and mostly free.

    The front matter is always walked (YAML nests without markup characters);
    the rest only when some paragraph has more than :data:`_MAX_OPENERS`
    characters that open inline markup.
    """
    front_matter = getattr(document, "front_matter", None)
    if _depth(front_matter, 2) > _MAX_TREE_DEPTH:
        return True
    if sum(text.count(char) for char in _OPENERS) <= _MAX_OPENERS:
        return False
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if sum(text.count(char, start, match.start()) for char in _OPENERS) > _MAX_OPENERS:
            return _depth(document, 1) > _MAX_TREE_DEPTH
        start = match.end()
    if sum(text.count(char, start) for char in _OPENERS) > _MAX_OPENERS:
        return _depth(document, 1) > _MAX_TREE_DEPTH
    return False


def _depth(root: object, depth: int) -> int:
    """The depth of the tree of models, lists and mappings under ``root`` (iterative: no recursion)."""
    stack = [(root, depth)]
    deepest = 0
    while stack:
        value, depth = stack.pop()
        if depth > deepest:
            deepest = depth
            if deepest > _MAX_TREE_DEPTH:
                break
        if isinstance(value, BaseModel):
            children: Iterable[object] = value.__dict__.values()
        elif isinstance(value, dict):
            children = value.values()
        elif isinstance(value, (list, tuple)):
            children = value
        else:
            continue
        stack.extend((child, depth + 1) for child in children if isinstance(child, (BaseModel, dict, list, tuple)))
    return deepest


def _utf8_size(text: str) -> int:
    """How many bytes ``text`` takes in UTF-8 (a lone surrogate counts three)."""
    return len(text.encode("utf-8", "surrogatepass"))


def _refuse(text: str, limits: Limits) -> Diagnostic | None:
    """The diagnostic that keeps ``text`` from being parsed at all, if any; linear, and cheap.

    Checked in this order: the size (``SP005``), a NUL character (``SP002``,
    a binary file), a lone surrogate (``SP002``: no UTF-8 text holds one, and
    no JSON export could), the nesting depth (``SP006``).
    """
    # Each character takes one to four bytes: encode only when the count is in doubt.
    if len(text) > limits.max_size or (len(text) * 4 > limits.max_size and _utf8_size(text) > limits.max_size):
        return size_error(_utf8_size(text), limits.max_size)
    nul = text.find("\0")
    if nul >= 0:
        line, column = _position(text, nul)
        message = f"not text: a NUL character at byte offset {_utf8_size(text[:nul])} (a binary file?)"
        return make("SP002", message, Span(line=line, column=column, end_line=line, end_column=column + 1))
    surrogate = None if text.isascii() else _SURROGATE.search(text)
    if surrogate is not None:  # a str from Python, never from a file read as UTF-8: JSON could not hold it
        line, column = _position(text, surrogate.start())
        offset = _utf8_size(text[: surrogate.start()])
        message = f"not text: a lone surrogate U+{ord(surrogate[0]):04X} at byte offset {offset}, not UTF-8"
        return make("SP002", message, Span(line=line, column=column, end_line=line, end_column=column + 1))
    if not _may_nest_too_deep(text, limits.max_depth):
        return None
    return _too_deep_line(text, limits.max_depth)


def _too_deep_line(text: str, max_depth: int) -> Diagnostic | None:
    """``SP006`` for the first line of ``text`` that opens with more than ``max_depth`` levels, if any."""
    for start in _CONTAINER_LINE.finditer(text):
        prefix = _CONTAINER_PREFIX.match(text, start.start())
        assert prefix is not None  # the pattern matches the empty string
        indent = prefix["indent"]
        depth = (indent.count(" ") + 4 * indent.count("\t")) // 2 + len(_MARKER.findall(prefix["markers"]))
        if depth > max_depth:
            line, column = _position(text, start.start())
            end = prefix.end() - len(prefix["markers"]) + len(prefix["markers"].rstrip(" \t"))
            end_column = column + end - start.start()
            message = f"a line nests {depth} quotes and lists deep, over the depth limit of {max_depth}"
            return make("SP006", message, Span(line=line, column=column, end_line=line, end_column=end_column))
    return None


@functools.lru_cache(maxsize=8)
def _prefix_runs(max_depth: int) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A run of the characters a container prefix is made of, long enough to pass ``max_depth``.

    The run at the start of the text, after a LF, after a CR. Each character of a
    prefix counts at most two levels (a tab), so a line whose prefix is shorter than
    ``(max_depth + 2) // 2`` characters cannot pass the limit. Led by a literal line
    break, the search skips from break to break.
    """
    run = rf"[ \t>+*.)0-9-]{{{(max_depth + 2) // 2}}}"
    return re.compile(run), re.compile("\n" + run), re.compile("\r" + run)


def _may_nest_too_deep(text: str, max_depth: int) -> bool:
    """Whether a line of ``text`` may open with more than ``max_depth`` levels (cheap, never a false no)."""
    at_start, after_lf, after_cr = _prefix_runs(max_depth)
    return (
        at_start.match(text) is not None
        or after_lf.search(text) is not None
        or ("\r" in text and after_cr.search(text) is not None)
    )


def _position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of ``offset`` in ``text``, counted as the parser counts (after a BOM)."""
    before = text[:offset]
    stripped = before.removeprefix(_BOM)
    return LineIndex(stripped).position(len(stripped))


@overload
def parse(
    text: str,
    *,
    format: Literal["transcript"],
    path: str | os.PathLike[str] | None = None,
    limits: Limits | None = None,
    fast: bool = True,
) -> TranscriptNote: ...
@overload
def parse(
    text: str,
    *,
    format: Literal["article"],
    path: str | os.PathLike[str] | None = None,
    limits: Limits | None = None,
    fast: bool = True,
) -> Article: ...
@overload
def parse(
    text: str,
    *,
    format: Literal["channel"],
    path: str | os.PathLike[str] | None = None,
    limits: Limits | None = None,
    fast: bool = True,
) -> ChannelPage: ...
@overload
def parse(
    text: str,
    *,
    format: Format = "auto",
    path: str | os.PathLike[str] | None = None,
    limits: Limits | None = None,
    fast: bool = True,
) -> TranscriptNote | Article | ChannelPage: ...
def parse(
    text: str,
    *,
    format: Format = "auto",
    path: str | os.PathLike[str] | None = None,
    limits: Limits | None = None,
    fast: bool = True,
) -> TranscriptNote | Article | ChannelPage:
    r"""Parse a seed document; raise :class:`~seedparse.ParseError` if it has an error.

    Warnings never raise: use :func:`parse_lenient` to see them.

    Args:
        text: The document's text.
        format: ``"transcript"``, ``"article"``, ``"channel"``, or ``"auto"`` to detect it.
        path: Where the text came from, for messages.
        limits: The size and depth bounds (:class:`Limits`); the defaults when ``None``.
        fast: Try the fast path first (a line scanner that gives the same document and
            diagnostics, and hands what it does not read to markdown-it-py); ``False``
            parses with markdown-it-py only.

    Returns:
        A :class:`~seedparse.TranscriptNote`, an :class:`~seedparse.Article` or a
        :class:`~seedparse.ChannelPage`; a type checker knows which from a
        ``format`` other than ``"auto"``.

    Raises:
        ParseError: the text has at least one error; it carries all diagnostics.

    Example:
        >>> import seedparse
        >>> note = seedparse.parse("---\ntitle: T\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[chan]] <br/> \n")
        >>> note.kind, note.channel.target
        ('transcript', 'chan')
    """
    result = parse_lenient(text, format=format, path=path, limits=limits, fast=fast)
    if result.document is None or result.errors:
        raise ParseError(result.diagnostics, result.path)
    return result.document


def parse_file_lenient(
    path: str | os.PathLike[str],
    *,
    format: Format = "auto",
    limits: Limits | None = None,
    fast: bool = True,
    skip_other: bool = False,
) -> ParseResult:
    """Read and parse a file like :func:`parse_lenient`; an unreadable file is an SP002 error.

    A file bigger than ``limits.max_size`` is refused (SP005) before it is read.
    With ``skip_other``, a file that is not a seed document is skipped (one
    ``SP007`` warning, no document): for files found in folders.

    Example:
        >>> import seedparse
        >>> seedparse.parse_file_lenient("seeds/001_8ff56b00d9d811b8.txt").document.kind
        'article'
    """
    text, problem = read_text(path, limits)
    if text is None:
        assert problem is not None
        return ParseResult(document=None, diagnostics=(problem,), path=os.fspath(path))
    return parse_lenient(text, format=format, path=path, limits=limits, fast=fast, skip_other=skip_other)


@overload
def parse_file(
    path: str | os.PathLike[str], *, format: Literal["transcript"], limits: Limits | None = None, fast: bool = True
) -> TranscriptNote: ...
@overload
def parse_file(
    path: str | os.PathLike[str], *, format: Literal["article"], limits: Limits | None = None, fast: bool = True
) -> Article: ...
@overload
def parse_file(
    path: str | os.PathLike[str], *, format: Literal["channel"], limits: Limits | None = None, fast: bool = True
) -> ChannelPage: ...
@overload
def parse_file(
    path: str | os.PathLike[str], *, format: Format = "auto", limits: Limits | None = None, fast: bool = True
) -> TranscriptNote | Article | ChannelPage: ...
def parse_file(
    path: str | os.PathLike[str], *, format: Format = "auto", limits: Limits | None = None, fast: bool = True
) -> TranscriptNote | Article | ChannelPage:
    """Read and parse a UTF-8 file; raise :class:`~seedparse.ParseError` on any error in its content.

    With ``format="transcript"`` (``"article"``, ``"channel"``) a type checker
    knows the document's class.

    Raises:
        OSError: there is no such file (``FileNotFoundError``; ``PermissionError``
            when a folder on the way cannot be searched), or it is a folder
            (``IsADirectoryError``); :func:`parse_file_lenient` reports these as
            ``SP002`` diagnostics instead.
        ParseError: the file cannot be read (no permission to, a named pipe...), is not
            UTF-8 text, is over the size limit, or its text has an error.

    Example:
        >>> import seedparse
        >>> seedparse.parse_file("seeds/000_9e40aab2472b4316.txt").video_id
        'KL4O_d7AlvQ'
        >>> seedparse.parse_file("seeds/missing.txt")
        Traceback (most recent call last):
        ...
        FileNotFoundError: [Errno 2] No such file or directory: 'seeds/missing.txt'
    """
    # A file that is not there (or a folder) is an OSError of its own, not a ParseError. Only
    # stat it: opening a named pipe could wait forever (read_text refuses one unopened).
    if stat.S_ISDIR(os.stat(path).st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), os.fspath(path))
    result = parse_file_lenient(path, format=format, limits=limits, fast=fast)
    if result.document is None or result.errors:
        raise ParseError(result.diagnostics, result.path)
    return result.document
