"""How the commands show diagnostics: one line each, source context, GitHub annotations, the closing summary."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from seedparse.batch import CheckedFile
from seedparse.diagnostics import CODES, Diagnostic
from seedparse.export import diagnostic_json

__all__ = [
    "Progress",
    "Reporter",
    "Tally",
    "diagnostic_line",
    "github_annotation",
    "github_data",
    "github_property",
    "source_context",
]

#: How many characters of a long source line the text output shows, and how
#: many of them come before the diagnostic's column.
_CONTEXT_WIDTH = 100
_CONTEXT_BEFORE = 40
_TAB = "    "


def diagnostic_line(path: str, diagnostic: Diagnostic) -> str:
    """``path:line:column: CODE severity: message``, the line every command prints for a diagnostic.

    Example:
        >>> import seedparse
        >>> diagnostic_line("x.md", seedparse.parse_lenient("just text").diagnostics[0])[:22]
        'x.md:1:1: SP001 error:'
    """
    span = diagnostic.span
    return f"{path}:{span.line}:{span.column}: {diagnostic.code} {diagnostic.severity.value}: {diagnostic.message}"


def github_data(text: str) -> str:
    r"""Escape a workflow command's message as GitHub documents it (``%``, CR and LF).

    Example:
        >>> github_data("100% sure\nreally")
        '100%25 sure%0Areally'
    """
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """Escape a workflow command's property value (as a message, and ``:`` and ``,`` too).

    Example:
        >>> github_property("a,b:c.md")
        'a%2Cb%3Ac.md'
    """
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(path: str, diagnostic: Diagnostic, strict: bool = False) -> str:
    """A GitHub Actions workflow command that shows ``diagnostic`` as an annotation on ``path``.

    An error is an ``::error``; a warning is a ``::warning``, or an ``::error`` with
    ``strict`` (where warnings fail the run).

    Example:
        >>> import seedparse
        >>> github_annotation("a,b.md", seedparse.parse_lenient("just text").diagnostics[0])[:62]
        '::error file=a%2Cb.md,line=1,col=1,endLine=1,endColumn=1,title'
    """
    span = diagnostic.span
    level = "error" if diagnostic.is_error or strict else "warning"
    return (
        f"::{level} file={github_property(path)},line={span.line},col={span.column},"
        f"endLine={span.end_line},endColumn={span.end_column},title={github_property(diagnostic.code)}"
        f"::{github_data(diagnostic.message)}"
    )


def _width(text: str) -> int:
    """How many terminal cells ``text`` takes: wide characters two, combining marks none."""
    cells = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        cells += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return cells


def source_context(line_text: str, column: int, end_column: int | None = None) -> tuple[str, str]:
    """The source line to show under a diagnostic, and the caret line under its column.

    A line longer than 100 characters is cut to a window around the column,
    with ``...`` where text was left out; tabs show as four spaces. The carets
    run to ``end_column`` (exclusive) on the same line, at least one.

    Example:
        >>> source_context("abc [[x def", 5, 7)
        ('abc [[x def', '    ^^')
    """
    start = column - 1
    stop = max(start + 1, (end_column or column) - 1)
    first, last = 0, len(line_text)
    if last > _CONTEXT_WIDTH:
        first = max(0, min(start - _CONTEXT_BEFORE, last - _CONTEXT_WIDTH))
        last = first + _CONTEXT_WIDTH
    head = "..." if first > 0 else ""
    tail = "..." if last < len(line_text) else ""
    shown = line_text[first:last].replace("\t", _TAB)
    before = line_text[first : min(start, last)].replace("\t", _TAB)
    marked = line_text[min(start, last) : min(stop, last)].replace("\t", _TAB)
    carets = "^" * max(1, _width(marked))
    return head + shown + tail, " " * (len(head) + _width(before)) + carets


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@dataclass
class Tally:
    """What a ``validate`` run reported: counts for its closing line and for ``--statistics``.

    Example:
        >>> import seedparse
        >>> tally = Tally()
        >>> tally.add_file(seedparse.parse_lenient("just text").diagnostics)
        >>> tally.add_file(())
        >>> tally.summary()
        'Found 1 error and 0 warnings in 1 of 2 files.'
        >>> tally.add_file((), skipped=True)
        >>> tally.summary()
        'Found 1 error and 0 warnings in 1 of 3 files (1 skipped).'
    """

    files: int = 0
    skipped: int = 0
    files_with_diagnostics: int = 0
    errors: int = 0
    warnings: int = 0
    by_code: Counter[str] = field(default_factory=Counter)

    def add_file(self, reported: tuple[Diagnostic, ...] | list[Diagnostic], skipped: bool = False) -> None:
        """Count one file found (``skipped`` if it is not a seed document), and the diagnostics reported for it."""
        self.files += 1
        self.skipped += skipped
        if reported:
            self.files_with_diagnostics += 1
        for diagnostic in reported:  # one past the per-file cap stands for `count` of its code
            self.by_code[diagnostic.code] += diagnostic.count
            if diagnostic.is_error:
                self.errors += diagnostic.count
            else:
                self.warnings += diagnostic.count

    def summary(self, strict: bool = False) -> str:
        """The closing line: ``Found N errors and M warnings in K of F files.``, or that all passed.

        Files skipped (not seed documents, SP007) are said too: ``... in 3 of 10 files (2 skipped).``
        """
        skipped = f" ({self.skipped} skipped)" if self.skipped else ""
        if not self.errors and not self.warnings:
            return f"All checks passed: no errors or warnings in {_count(self.files, 'file')}{skipped}."
        found = (
            f"Found {_count(self.errors, 'error')} and {_count(self.warnings, 'warning')} "
            f"in {self.files_with_diagnostics} of {_count(self.files, 'file')}{skipped}."
        )
        return found + (" (--strict: warnings count as errors.)" if strict and self.warnings else "")

    def statistics(self) -> list[tuple[int, str, str, str]]:
        """``(count, code, severity, summary)`` for each code reported: the most frequent first, then by code."""
        rows = [(count, code, CODES[code].severity.value, CODES[code].summary) for code, count in self.by_code.items()]
        return sorted(rows, key=lambda row: (-row[0], row[1]))


class Progress:
    """A progress bar on standard error when it is a terminal; nothing at all otherwise (in a pipe, in CI).

    To show how far it is, the bar needs the number of files: they are listed
    first (only when the bar shows; otherwise they stream).
    """

    def __init__(self, files: Iterable[Path], label: str, enabled: bool) -> None:
        """Show a bar labelled ``label`` over ``files`` if ``enabled`` and standard error is a terminal."""
        self.enabled = enabled and sys.stderr.isatty()
        self.files: Iterable[Path] = list(files) if self.enabled else files
        self._bar: Any = None
        if self.enabled:
            assert isinstance(self.files, list)
            self._bar = click.progressbar(length=len(self.files), label=label, file=sys.stderr)
        self._clears = self.enabled and sys.stdout.isatty()

    def __enter__(self) -> Progress:
        if self._bar is not None:
            self._bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)

    def advance(self) -> None:
        """One more file done."""
        if self._bar is not None:
            self._bar.update(1)

    def echo(self, line: str) -> None:
        """Print a line on standard output, above the bar if both share the terminal."""
        if self._clears:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
        click.echo(line)
        if self._clears and self._bar is not None:
            self._bar._last_line = None  # click draws only a changed bar: this one was just wiped
            self._bar.render_progress()


class Reporter:
    """Prints a validate run's diagnostics in one output format, and closes the run (JSON array, statistics).

    Formats: ``text`` (each diagnostic's line, its source line and a caret line),
    ``concise`` (the first line only), ``json`` (one array, streamed),
    ``json-lines`` (an object a line) and ``github`` (workflow commands).
    """

    def __init__(self, output_format: str, strict: bool, statistics: bool, progress: Progress) -> None:
        """Print in ``output_format``; ``statistics`` only counts; lines go through ``progress``."""
        self.output_format = output_format
        self.strict = strict
        self.statistics = statistics
        self.progress = progress
        self.held: str | None = None

    def file(self, checked: CheckedFile, reported: list[Diagnostic]) -> None:
        """Print one file's reported diagnostics (nothing with --statistics: they are counted only)."""
        if self.statistics:
            return
        echo = self.progress.echo
        for diagnostic in reported:
            if self.output_format == "json":
                # One array, streamed: each item is printed when the next one comes (it then needs a comma).
                if self.held is None:
                    echo("[")
                else:
                    echo(self.held + ",")
                self.held = json.dumps(diagnostic_json(diagnostic, checked.path), ensure_ascii=False)
            elif self.output_format == "json-lines":
                echo(json.dumps(diagnostic_json(diagnostic, checked.path), ensure_ascii=False))
            elif self.output_format == "github":
                echo(github_annotation(checked.path, diagnostic, self.strict))
            else:
                echo(diagnostic_line(checked.path, diagnostic))
                span = diagnostic.span
                if self.output_format == "text" and span.line in checked.lines:
                    end = span.end_column if span.end_line == span.line else None
                    shown, carets = source_context(checked.lines[span.line], span.column, end)
                    gutter = str(span.line)
                    echo(f" {gutter} | {shown}".rstrip())
                    echo(f" {' ' * len(gutter)} | {carets}")

    def close(self, tally: Tally, quiet: bool) -> None:
        """End the output: the JSON array's close, the statistics, and the summary line unless quiet."""
        machine = self.output_format in ("json", "json-lines")
        if self.statistics:
            rows = tally.statistics()
            if self.output_format == "json":
                fields = ("count", "code", "severity", "summary")
                click.echo(json.dumps([dict(zip(fields, row, strict=True)) for row in rows], ensure_ascii=False))
            elif self.output_format == "json-lines":
                for count, code, severity, summary in rows:
                    record = {"count": count, "code": code, "severity": severity, "summary": summary}
                    click.echo(json.dumps(record, ensure_ascii=False))
            else:
                width = max((len(str(row[0])) for row in rows), default=1)
                for count, code, severity, summary in rows:
                    click.echo(f"{count:>{width}}\t{code}\t{severity:<7}\t{summary}")
        elif self.output_format == "json":
            if self.held is None:
                click.echo("[]")
            else:
                click.echo(self.held)
                click.echo("]")
        if not quiet:
            # Machine-read formats keep standard output for the data: the summary goes to stderr.
            click.echo(tally.summary(self.strict), err=machine or self.output_format == "github")
