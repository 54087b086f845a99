"""Per-parse state: the source, its line index, the diagnostics found so far."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator

from seedparse.diagnostics import CODES, Diagnostic, make
from seedparse.nodes import build_trusted
from seedparse.parsing.clocks import ClockReader
from seedparse.spans import LineIndex, Span, make_span
from seedparse.timestamps import Timestamp
from seedparse.wikilinks import WikiLink

__all__ = ["MAX_PER_CODE", "Context", "Diagnostics", "InlineLocator"]

#: At most this many diagnostics of one code are kept per parse; the others are counted in
#: one more diagnostic of that code, whose ``count`` says how many it stands for (docs:
#: Diagnostics). Memory stays bounded (400 KB of ``[[`` is 200,000 SP301) and the totals
#: stay exact. SP208 is never capped: ``seedparse fix`` closes the anchors it points at.
MAX_PER_CODE = 100
_UNCAPPED = frozenset({"SP208"})


class Diagnostics:
    """The diagnostics of one parse: up to :data:`MAX_PER_CODE` of a code, the others counted."""

    __slots__ = ("_left_out", "_seen", "kept")

    def __init__(self) -> None:
        self.kept: list[Diagnostic] = []
        self._seen: dict[str, int] = {}
        #: Per code past the cap: how many were left out, and where the first of them is.
        self._left_out: dict[str, tuple[int, Span]] = {}

    def _keep(self, code: str, span: Span, count: int = 1) -> bool:
        seen = self._seen[code] = self._seen.get(code, 0) + 1
        if seen <= MAX_PER_CODE or code in _UNCAPPED:
            return True
        left, first = self._left_out.get(code, (0, span))
        self._left_out[code] = (left + count, first)
        return False

    def report(self, code: str, message: str, span: Span) -> None:
        """Record a diagnostic (built only when it is kept)."""
        if self._keep(code, span):
            self.kept.append(make(code, message, span))

    def append(self, diagnostic: Diagnostic) -> None:
        """Record a diagnostic already built."""
        if self._keep(diagnostic.code, diagnostic.span, diagnostic.count):
            self.kept.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Record each of ``diagnostics`` (another collector's summaries included, with their counts)."""
        for diagnostic in diagnostics:
            self.append(diagnostic)

    def __iter__(self) -> Iterator[Diagnostic]:
        """The diagnostics kept, then one per code past the cap (its ``count``: how many it stands for)."""
        yield from self.kept
        for code, (count, span) in self._left_out.items():
            info = CODES[code]
            message = (
                f"and {count:,} more {code} {info.severity.value}s in this file, not listed one by one "
                f"(at most {MAX_PER_CODE} of a code are); the first of them is here"
            )
            yield Diagnostic(code=code, severity=info.severity, message=message, span=span, count=count)

    def __len__(self) -> int:
        return len(self.kept) + len(self._left_out)


class Context:
    """What every stage of one parse shares."""

    def __init__(self, text: str, *, fast: bool = True) -> None:
        self.text = text
        #: Whether the parsers may try the fast path (:mod:`.fast`) before markdown-it-py.
        self.fast = fast
        self.index = LineIndex(text)
        self.diagnostics = Diagnostics()
        #: Where the parts of a document that are not nodes are (an article's
        #: title line, date line, url...), for the renderer.
        self.layout: dict[str, Span] = {}
        self._clocks: ClockReader | None = None

    @property
    def clocks(self) -> ClockReader:
        """The note's clock reading (:mod:`.clocks`), made the first time a timestamp is built."""
        if self._clocks is None:
            self._clocks = ClockReader(self.text)
        return self._clocks

    def timestamp(
        self,
        data_t: str | None,
        display: str,
        span: Span,
        *,
        bare: bool = False,
        bracketed: bool = True,
        wikilink: WikiLink | None = None,
    ) -> Timestamp:
        """A timestamp node read in the note's clock mode; both parsing paths build them here."""
        reading = self.clocks.reading(self.index.offset(span.line, span.column), data_t, display)
        # Trusted: every field is a string, bool or node made by the parser.
        return build_trusted(
            Timestamp,
            data_t=data_t,
            display=display,
            reading=reading,
            bare=bare,
            bracketed=bracketed,
            wikilink=wikilink,
            span=span,
        )

    def report(self, code: str, message: str, span: Span) -> None:
        """Record a diagnostic; its severity comes from the code table (past :data:`MAX_PER_CODE`, counted)."""
        self.diagnostics.report(code, message, span)

    def lines_span(self, first: int, end: int) -> Span:
        """Span of 0-based source lines ``[first, end)``, blank edges trimmed.

        It starts at the first non-blank character and ends after the last one.
        """
        index = self.index
        last = max(first, min(end, index.line_count) - 1)
        while last > first and not index.line_text(last + 1).strip():
            last -= 1
        head = index.line_text(first + 1)
        column = len(head) - len(head.lstrip()) + 1
        tail = index.line_text(last + 1).rstrip()
        return make_span(first + 1, column, last + 1, len(tail) + 1)

    def point(self, line: int, column: int = 1) -> Span:
        """An empty span at a 1-based line and column, clamped into the text."""
        line = max(1, min(line, self.index.line_count))
        column = max(1, min(column, len(self.index.line_text(line)) + 1))
        return make_span(line, column, line, column)


class InlineLocator:
    """Maps offsets in an inline token's content to source line:column.

    markdown-it strips block markers (``>``, list markers, indentation) from the
    lines of a block before inline parsing; line ``i`` of the content is the end
    of source line ``first_line + i``, so each line's start column is found once.
    """

    __slots__ = ("_columns", "_first_line", "_skips", "_starts")

    def __init__(
        self,
        context: Context,
        content: str,
        first_line: int,
        first_column: int | None = None,
        skips: tuple[int, ...] = (),
    ) -> None:
        self._first_line = first_line
        # Content offsets before which the source has one more character than
        # the content (a table cell's ``\|`` becomes ``|``); single-line only.
        self._skips = skips
        lines = content.split("\n")
        starts = [0]
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        self._starts = starts
        columns: list[int] = []
        for i, line in enumerate(lines):
            if i == 0 and first_column is not None:
                columns.append(first_column)
                continue
            source = context.index.line_text(first_line + i + 1)
            have, want = source.rstrip(), line.rstrip()
            if want and have.endswith(want):
                columns.append(len(have) - len(want))
            else:
                # markdown-it expands tabs into spaces: place the first visible
                # character, and let the synthesized spaces fall before it.
                found = source.find(line.strip()) if line.strip() else -1
                columns.append(max(found, 0) - (len(line) - len(line.lstrip())))
        self._columns = columns

    def position(self, offset: int) -> tuple[int, int]:
        """1-based ``(line, column)`` of a content offset."""
        i = bisect.bisect_right(self._starts, offset) - 1
        shift = bisect.bisect_right(self._skips, offset) if self._skips else 0
        return self._first_line + i + 1, max(0, self._columns[i] + offset - self._starts[i] + shift) + 1

    def span(self, start: int, end: int) -> Span:
        """Span of the content range ``[start, end)``."""
        line, column = self.position(start)
        end_line, end_column = self.position(max(start, end))
        return make_span(line, column, end_line, end_column)
