"""Source positions: 1-based line and column spans, and offset <-> line:column mapping."""

from __future__ import annotations

import bisect
import re
from itertools import accumulate

from pydantic import ConfigDict, Field
from pydantic.dataclasses import dataclass

__all__ = ["LineIndex", "Span"]

# Line breaks as markdown-it counts them: CRLF, a lone CR and LF each end one line.
_NEWLINE = re.compile(r"\r\n|\r|\n")


# A frozen, slotted pydantic dataclass rather than a model: four integers and no
# per-instance dictionary or fields-set (a model costs ~490 bytes, this ~120), and
# documents hold one per node. `dataclasses.replace` changes one, `dataclasses.asdict`
# gives its fields; its JSON and JSON Schema are those of the model it replaced.
@dataclass(frozen=True, slots=True, config=ConfigDict(extra="forbid"))
class Span:
    """Where a node came from in its source text.

    Lines and columns are 1-based and count Unicode code points. The end is
    exclusive: ``end_column`` is the column just after the node's last character,
    so a one-character node at line 3, column 5 has ``end_column == 6``.

    Example:
        >>> Span(line=3, column=5, end_line=3, end_column=6)
        Span(line=3, column=5, end_line=3, end_column=6)
        >>> str(Span(line=3, column=5, end_line=3, end_column=6))
        '3:5'
    """

    line: int = Field(ge=1, description="1-based line where the node starts.")
    column: int = Field(ge=1, description="1-based column where the node starts.")
    end_line: int = Field(ge=1, description="1-based line where the node ends.")
    end_column: int = Field(ge=1, description="1-based column just after the node's last character.")

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"


def _next_line_start(start: int, length: int) -> int:
    return start + length + 1


_new = object.__new__
_set = object.__setattr__


def make_span(line: int, column: int, end_line: int, end_column: int) -> Span:
    """A :class:`Span` from positions the parser computed (all >= 1), without re-validating them.

    The parsers build one span per node; validating four integers they have just
    computed from a :class:`LineIndex` would double what a span costs.
    """
    span: Span = _new(Span)
    _set(span, "line", line)
    _set(span, "column", column)
    _set(span, "end_line", end_line)
    _set(span, "end_column", end_column)
    return span


class LineIndex:
    r"""Maps between character offsets and 1-based line:column positions of one text.

    Example:
        >>> index = LineIndex("ab\ncd")
        >>> index.position(4)
        (2, 2)
        >>> index.line_text(2)
        'cd'
    """

    __slots__ = ("_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        if "\r" in text:
            starts = [0]
            starts.extend(match.end() for match in _NEWLINE.finditer(text))
        else:  # LF only, the common case: the starts are running sums of the line lengths
            starts = list(accumulate(map(len, text.split("\n")), _next_line_start, initial=0))
            starts.pop()
        self._starts = starts

    @property
    def line_count(self) -> int:
        """How many lines the text has (an empty text has one empty line)."""
        return len(self._starts)

    def position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based ``(line, column)`` of a character offset."""
        offset = max(0, min(offset, len(self._text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        """Return the character offset of a 1-based ``line`` and ``column``."""
        line = max(1, min(line, len(self._starts)))
        return self._starts[line - 1] + column - 1

    def line_text(self, line: int) -> str:
        """Return the text of a 1-based line, without its line break."""
        if not 1 <= line <= len(self._starts):
            return ""
        start = self._starts[line - 1]
        end = self._starts[line] if line < len(self._starts) else len(self._text)
        return self._text[start:end].rstrip("\r\n")

    def span(self, start: int, end: int) -> Span:
        """Return the span of the character range ``[start, end)``."""
        line, column = self.position(start)
        end_line, end_column = self.position(max(start, end))
        return make_span(line, column, end_line, end_column)
