r"""``seedparse fix``: rewrite the generator's timestamp bugs in the files themselves.

Each fix edits the text of one timestamp (its anchor, or a bare clock) and nothing else, so
every other character of the note stays as written:

- ``data="00:12:00"`` (a typo for ``data-t``) becomes ``data-t="00:12:00"``;
- a value in the MM:SS:00 mode (``03:51:00``, and ``1:07:12:00`` past an hour) becomes the
  clock it means (``00:03:51``, ``01:07:12``), in ``data-t`` and in the display together;
- display brackets outside the anchor, ``[<a ...>02:42:19</a>]``, move inside it;
- an anchor that is not closed is closed after its display, when the display follows the tag
  at once and says what ``data-t`` says (the end is sure).

The fixed text is parsed again before it is returned: every timestamp must still mean the
seconds it meant, every wiki-link and word must be where it was, and no error may appear. If
that does not hold, the text is returned unchanged, with the reason. Fixing a fixed text
changes nothing.

Example:
    >>> note = '---\ntitle: T\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[c]] <br/> \n\nA <a class="yt-timestamp" '
    >>> note += 'data-t="03:51:00">[03:51:00]</a> and <a class="yt-timestamp" data-t="04:02:00">[04:02:00]</a>.'
    >>> result = fix_text(note)
    >>> [str(fix) for fix in result.fixes]
    ['8:3: 03:51:00 read as MM:SS:00: written 00:03:51', '8:64: 04:02:00 read as MM:SS:00: written 00:04:02']
    >>> fix_text(result.text).fixes
    []
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence

from seedparse.api import Format, parse_lenient
from seedparse.diagnostics import Diagnostic
from seedparse.documents import Document
from seedparse.parsing.rules import ANCHOR_DATA_T, ANCHOR_OPEN
from seedparse.spans import LineIndex, Span
from seedparse.timestamps import Timestamp, candidate_readings, clean_value, read_value, sure_clock

__all__ = ["Fix", "FixResult", "fix_text"]

_DATA_TYPO = re.compile(r"\bdata(\s*=\s*[\"'])")
_DATA_T_VALUE = re.compile(r"""(\bdata-t\s*=\s*)(["'])([^"']*)\2""")
_DISPLAY = re.compile(r">(\[?)([^<\[\]\n]*)(\]?)</a\s*>$")
_FOLLOWING_DISPLAY = re.compile(r"\[([^\[\]<\n]{1,200})\]")


@dataclasses.dataclass(frozen=True)
class Fix:
    """One repair: where (the timestamp's start) and what was done."""

    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message}"


@dataclasses.dataclass(frozen=True)
class FixResult:
    """The fixed text, the fixes made, and why nothing was done when a fix was refused."""

    text: str
    fixes: list[Fix]
    refused: str | None = None

    @property
    def changed(self) -> bool:
        """Whether the text differs from the input."""
        return bool(self.fixes)


@dataclasses.dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str
    fixes: tuple[Fix, ...]


def fix_text(text: str, *, format: Format = "auto") -> FixResult:
    """Fix the generator's timestamp bugs in ``text`` (see the module's docs).

    Args:
        text: A seed file's text (a BOM and CRLF line ends are kept).
        format: The document kind; ``"auto"`` detects it.

    Returns:
        The fixed text and the fixes made; the text unchanged when there is nothing to
        fix, when the text has errors (``refused`` says so), or when a fix would change
        what the note means.
    """
    result = parse_lenient(text, format=format)
    document = result.document
    if document is None or result.errors:
        return FixResult(text, [], None if document is not None or not result.errors else "the file has errors")
    # A repair can make another possible (an anchor closed round a clock just repaired, whose
    # data-t then needs the same repair): rounds until none is left, each checked against the
    # original's meaning, so that fixing a fixed text changes nothing.
    fixes: list[Fix] = []
    current = text
    for _ in range(_ROUNDS):
        done = _fix_round(current, document, format)
        if done.refused is not None:
            return done if not fixes else FixResult(current, fixes)
        if not done.fixes:
            break
        current, fixes = done.text, [*fixes, *done.fixes]
    return FixResult(current, fixes)


#: How many rounds of repairs a text gets; each repair removes one defect, and none adds one.
_ROUNDS = 4


def _fix_round(text: str, original: Document, format: Format) -> FixResult:
    """One round of repairs on ``text``, verified against the meaning of ``original``."""
    result = parse_lenient(text, format=format)
    document = result.document
    if document is None or result.errors:
        return FixResult(text, [], "the file has errors")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    index = LineIndex(body)
    # First the repairs alone; if the note would then read a value it did not touch another way
    # (a repaired value is a new neighbour), also write its ambiguous values unambiguously.
    problem = None
    for every in (False, True):
        edits = _edits(document, result.diagnostics, body, index, every)
        if not edits:
            return FixResult(text, [])
        fixed = bom + _apply(body, edits)
        problem = _changed_meaning(original, fixed, format)
        if problem is None:
            return FixResult(fixed, [fix for edit in edits for fix in edit.fixes])
    return FixResult(text, [], f"a fix would change what the note means ({problem})")


def _edits(
    document: Document, diagnostics: Sequence[Diagnostic], body: str, index: LineIndex, every: bool
) -> list[_Edit]:
    edits = [edit for ts in document.timestamps() if (edit := _fix_timestamp(ts, body, index, every)) is not None]
    edits.extend(_close_anchors(diagnostics, body, index))
    edits.sort(key=lambda edit: edit.start)
    kept: list[_Edit] = []
    for edit in edits:
        if not kept or edit.start >= kept[-1].end:
            kept.append(edit)
    return kept


def _apply(body: str, edits: list[_Edit]) -> str:
    out: list[str] = []
    cursor = 0
    for edit in edits:
        out.append(body[cursor : edit.start])
        out.append(edit.text)
        cursor = edit.end
    out.append(body[cursor:])
    return "".join(out)


def _offsets(span: Span, index: LineIndex) -> tuple[int, int]:
    return index.offset(span.line, span.column), index.offset(span.end_line, span.end_column)


def _fix_timestamp(ts: Timestamp, body: str, index: LineIndex, every: bool) -> _Edit | None:
    if ts.span is None:
        return None
    start, end = _offsets(ts.span, index)
    piece = body[start:end]
    fixes: list[Fix] = []
    at = (ts.span.line, ts.span.column)
    seconds = ts.seconds
    value = ts.display if ts.data_t is None else ts.data_t
    ambiguous = every and ts.reading == "clock" and len(candidate_readings(value)) > 1
    if (ts.reading in ("mmss00", "hmmss00") or ambiguous) and seconds is not None and ts.reading is not None:
        old = clean_value(value)
        new = sure_clock(seconds)
        form = {"mmss00": "MM:SS:00", "hmmss00": "H:MM:SS:00"}.get(
            ts.reading, "a clock (the note's other values made it ambiguous)"
        )
        if ts.bare:
            piece = piece.replace(ts.display, new, 1)
        else:
            piece = _DATA_T_VALUE.sub(lambda m: f"{m[1]}{m[2]}{new}{m[2]}", piece, count=1)
            if read_value(ts.display, ts.reading) == seconds:
                piece = _replace_display(piece, clean_value(ts.display), new)
        fixes.append(Fix(*at, f"{old} read as {form}: written {new}"))
    if not ts.bare and ts.data_t is None and _DATA_TYPO.search(_tag(piece)) is not None:
        piece = _DATA_TYPO.sub(r"data-t\1", piece, count=1)
        fixes.append(Fix(*at, "data= written data-t="))
    outside = start > 0 and body[start - 1] == "[" and body[end : end + 1] == "]"
    if outside and not ts.bare and not ts.bracketed and ts.display and ts.wikilink is None:
        piece = _replace_display(piece, ts.display, f"[{ts.display}]")
        start, end = start - 1, end + 1
        fixes.append(Fix(*at, "the display's brackets moved inside the anchor"))
    if not fixes:
        return None
    return _Edit(start, end, piece, tuple(fixes))


def _tag(piece: str) -> str:
    match = ANCHOR_OPEN.match(piece)
    return "" if match is None else match[0]


def _replace_display(piece: str, old: str, new: str) -> str:
    """``piece`` (an anchor) with ``old`` in its display replaced by ``new``."""
    match = _DISPLAY.search(piece)
    if match is None or old not in match[2]:
        return piece
    display = match[2].replace(old, new, 1)
    return piece[: match.start(2)] + display + piece[match.end(2) :]


def _close_anchors(diagnostics: Sequence[Diagnostic], body: str, index: LineIndex) -> Iterator[_Edit]:
    """``</a>`` after the display of an anchor that is not closed, when the display says what data-t says."""
    for diagnostic in diagnostics:
        if diagnostic.code != "SP208":
            continue
        span = diagnostic.span
        start, end = _offsets(span, index)
        data_t = ANCHOR_DATA_T.search(body, start, end)
        display = _FOLLOWING_DISPLAY.match(body, end)
        if data_t is None or display is None:
            continue
        value = data_t[1] if data_t[1] is not None else data_t[2]
        if clean_value(value) != clean_value(display[1]):
            continue
        yield _Edit(
            display.end(), display.end(), "</a>", (Fix(span.line, span.column, "closed the anchor after its display"),)
        )


def _meaning(document: Document) -> tuple[list[int | None], list[str], list[str]]:
    """What a fix must keep: each timestamp's seconds, each wiki-link, the words."""
    seconds = [ts.seconds for ts in document.timestamps()]
    links = [str(link) for link in document.wikilinks()]
    words = re.findall(r"\w+", re.sub(r"<[^<>]*>|\d", " ", document.source or ""))
    return seconds, links, words


def _changed_meaning(document: Document, fixed: str, format: Format) -> str | None:
    again = parse_lenient(fixed, format=format)
    if again.document is None or again.errors:
        return "the fixed text has errors"
    before, after = _meaning(document), _meaning(again.document)
    for what, old, new in zip(("timestamp seconds", "wiki-links", "words"), before, after, strict=True):
        if old != new:
            return f"its {what} differ"
    return None
