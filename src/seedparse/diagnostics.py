"""Diagnostics: stable codes in one table, severities, and the error type."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from seedparse.spans import Span

__all__ = ["CODES", "RETIRED", "CodeInfo", "Diagnostic", "ParseError", "Severity"]


class Severity(str, enum.Enum):
    """How bad a diagnostic is: an error makes :func:`seedparse.parse` raise.

    Example:
        >>> Severity("warning") is Severity.WARNING, Severity.ERROR.value
        (True, 'error')
    """

    ERROR = "error"
    WARNING = "warning"


class CodeInfo(NamedTuple):
    """One row of the diagnostic code table.

    A code that is not ``default`` is found but reported only when selected by
    name (``--select SP207``): it is there for those who want it, not noise for
    everyone else.
    """

    severity: Severity
    summary: str
    default: bool = True


_E = Severity.ERROR
_W = Severity.WARNING

#: Every diagnostic code seedparse emits. Codes are stable: a code's meaning
#: never changes and a retired code is never reused. The catalogue in the docs
#: explains each one with a minimal bad input and how to fix it.
CODES: dict[str, CodeInfo] = {
    # -- the file as a whole -------------------------------------------------
    "SP001": CodeInfo(_E, "unknown format: not a transcript note, an article or a channel page"),
    "SP002": CodeInfo(_E, "the file cannot be read or is not UTF-8 text"),
    "SP003": CodeInfo(_E, "the document nests too deeply to parse"),
    "SP004": CodeInfo(_E, "internal error: the parser failed (a bug in seedparse)"),
    "SP005": CodeInfo(_E, "the input is bigger than the size limit"),
    "SP006": CodeInfo(_E, "the input nests quotes and lists deeper than the depth limit"),
    "SP007": CodeInfo(_W, "not a seed document: a file found in a folder is skipped"),
    # -- front matter (transcript notes) --------------------------------------
    "SP101": CodeInfo(_E, "no front matter"),
    "SP102": CodeInfo(_E, "broken front matter (unclosed, invalid YAML, or not a mapping)"),
    "SP103": CodeInfo(_E, "front matter has no title"),
    "SP104": CodeInfo(_E, "front matter has no videoId"),
    "SP105": CodeInfo(_E, "videoId is not an 11-character YouTube id"),
    "SP106": CodeInfo(_W, "no `From: [[channel]]` line"),
    "SP107": CodeInfo(_W, "front-matter key given twice (the last value wins)"),
    "SP108": CodeInfo(_E, "front matter uses a YAML alias (refused: aliases can expand without bound)"),
    # -- timestamps -------------------------------------------------------------
    "SP201": CodeInfo(_W, "timestamp with no sure reading: its seconds are null"),
    "SP202": CodeInfo(_W, "timestamp range that ends before it starts"),
    "SP203": CodeInfo(_W, "timestamp data-t disagrees with its display text"),
    "SP204": CodeInfo(_W, "timestamp with an empty display text"),
    # SP205 (a value of 10 hours or more, read as hours) is retired: such values are read as
    # the MM:SS:00 mode they are written in, and SP209 reports that once per note.
    "SP206": CodeInfo(_W, "timestamp data-t unreadable; seconds read from the display text"),
    "SP207": CodeInfo(_W, "timestamps go backwards within a section (off unless selected)", default=False),
    "SP208": CodeInfo(_W, "yt-timestamp markup that is not closed, kept as text"),
    "SP209": CodeInfo(_W, "timestamp values read in a repaired form (once per note and form, with a count)"),
    # -- wiki-links and links ---------------------------------------------------
    "SP301": CodeInfo(_W, "unclosed wiki-link, kept as text"),
    "SP302": CodeInfo(_W, "empty wiki-link, kept as text"),
    # Off by default: converted articles strip most links to '#' (the format's own shape).
    "SP303": CodeInfo(_W, "placeholder link (href '#'; off unless selected)", default=False),
    # -- blocks -----------------------------------------------------------------
    "SP401": CodeInfo(_W, "content not understood, kept as a raw block"),
    "SP402": CodeInfo(_W, "paragraph looks split in two (ends mid-sentence, next starts in lower case)"),
    # -- articles ---------------------------------------------------------------
    "SP501": CodeInfo(_E, "article has no `# title`"),
    "SP502": CodeInfo(_E, "article has no date line"),
    "SP503": CodeInfo(_E, "article date cannot be read"),
    "SP504": CodeInfo(_E, "article has no `Original url:`"),
}
"""Every diagnostic code seedparse emits, mapped to its severity and a one-line summary.

Codes are stable: a code's meaning never changes and a retired code is never
reused. The docs' diagnostics catalogue explains each code.
"""

#: Codes seedparse no longer emits. They stay out of :data:`CODES` and are never given
#: another meaning; the catalogue keeps an entry for each, saying why it went and what
#: reports the case now (tests/test_docs.py and tests/test_diagnostics.py check both).
RETIRED: tuple[str, ...] = (
    "SP205",  # implausible timestamp (10 hours or more): read in the MM:SS:00 mode now, SP209 (0.2.0)
)


class Diagnostic(BaseModel):
    """One problem found in a source text, with a stable code and where it is.

    Example:
        >>> from seedparse.spans import Span
        >>> d = Diagnostic(code="SP301", severity=Severity.WARNING,
        ...                message="unclosed wiki-link", span=Span(line=2, column=5, end_line=2, end_column=7))
        >>> str(d)
        '2:5: SP301 unclosed wiki-link'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(description="Stable code from the table in seedparse.diagnostics.CODES, e.g. SP301.")
    severity: Severity = Field(description="error or warning.")
    message: str = Field(description="What is wrong, in one sentence.")
    span: Span = Field(description="Where in the source the problem is.")
    count: int = Field(
        default=1,
        ge=1,
        exclude_if=lambda count: count == 1,
        description="How many diagnostics this one stands for: 1 (left out of the JSON), or, for the one that "
        "sums up a code reported more than 100 times in a file, how many it leaves out.",
    )

    @property
    def is_error(self) -> bool:
        """Whether this diagnostic is an error."""
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        return f"{self.span.line}:{self.span.column}: {self.code} {self.message}"


def make(code: str, message: str, span: Span) -> Diagnostic:
    """Build a diagnostic whose severity comes from the code table."""
    return Diagnostic(code=code, severity=CODES[code].severity, message=message, span=span)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sort diagnostics by position, then code, dropping exact duplicates."""
    unique = {(d.span.line, d.span.column, d.code, d.message): d for d in diagnostics}
    return [unique[key] for key in sorted(unique)]


class ParseError(ValueError):
    """Raised by :func:`seedparse.parse` when the source has at least one error.

    It carries every diagnostic (errors and warnings) in ``diagnostics``; the
    message names the first error and where it is.

    Example:
        >>> import seedparse
        >>> try:
        ...     seedparse.parse("no format here")
        ... except seedparse.ParseError as exc:
        ...     print(exc.errors[0].code)
        SP001
    """

    def __init__(self, diagnostics: Sequence[Diagnostic], path: str | None = None) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        self.path = path
        errors = self.errors
        first = errors[0] if errors else (self.diagnostics[0] if self.diagnostics else None)
        where = f"{path}:" if path else ""
        if first is None:
            message = "parse failed"
        else:
            total = sum(error.count for error in errors)
            more = f" (and {total - 1} more errors)" if total > 1 else ""
            message = f"{where}{first.span.line}:{first.span.column}: {first.code} {first.message}{more}"
        super().__init__(message)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """The diagnostics of error severity."""
        return tuple(d for d in self.diagnostics if d.is_error)
