"""The ``seedparse`` command: parse, export, validate, fmt, schema and links."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, get_args

import click

from seedparse.api import Format, Limits, ParseResult, iter_seed_files, parse_file_lenient, parse_lenient, read_text
from seedparse.batch import export_lines
from seedparse.diagnostics import CODES, Diagnostic
from seedparse.export import diagnostic_json, to_json
from seedparse.graph import Corpus, LinkSite
from seedparse.render import render
from seedparse.schema import SchemaKind, SchemaMode, schema_text, write_schemas
from seedparse.spans import LineIndex

__all__ = ["main"]

_FORMAT = click.option(
    "--format",
    "format_",
    type=click.Choice(["auto", "transcript", "article", "channel"]),
    default="auto",
    show_default=True,
    help="Document kind; auto detects it.",
)

_DEFAULT_LIMITS = Limits()


@contextlib.contextmanager
def _atomic_writer(path: str | os.PathLike[str]) -> Iterator[IO[str]]:
    """A text file that replaces ``path`` when the block ends normally, and vanishes if it raises.

    (click's ``open_file(atomic=True)`` renames its temporary file over the
    target even when the block raised, so a half-written file would replace
    a good one.)
    """
    target = Path(path)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as sink:
            yield sink
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _limit_options(function: Any) -> Any:
    """Add ``--max-size`` and ``--max-depth`` (see :class:`~seedparse.Limits`) to a command."""
    function = click.option(
        "--max-depth",
        type=click.IntRange(min=1),
        default=_DEFAULT_LIMITS.max_depth,
        show_default=True,
        help="Refuse a file whose lines nest more quote and list markers than this (SP006).",
    )(function)
    return click.option(
        "--max-size",
        type=click.IntRange(min=1),
        default=_DEFAULT_LIMITS.max_size,
        show_default=True,
        help="Refuse a file bigger than this many bytes, unread (SP005).",
    )(function)


def _limits(max_size: int, max_depth: int) -> Limits:
    return Limits(max_size=max_size, max_depth=max_depth)


def _fast_path_option(function: Any) -> Any:
    """Add ``--no-fast-path`` (parse with markdown-it-py only) to a command; :func:`_fast` reads it."""
    return click.option(
        "--no-fast-path",
        is_flag=True,
        expose_value=False,
        callback=_set_fast,
        help="Parse with markdown-it-py only, not the fast path first (both give the same documents).",
    )(function)


def _set_fast(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    ctx.meta["seedparse.fast"] = not value


def _fast() -> bool:
    """Whether the running command may try the fast path (no ``--no-fast-path``)."""
    ctx = click.get_current_context(silent=True)
    return True if ctx is None else bool(ctx.meta.get("seedparse.fast", True))


#: How many characters of a long source line the text output shows, and how
#: many of them come before the diagnostic's column.
_CONTEXT_WIDTH = 100
_CONTEXT_BEFORE = 40
_TAB = "    "


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="seedparse")
def main() -> None:
    """Parse, validate and export seed documents (transcript notes, articles and channel pages)."""


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--indent", type=click.IntRange(0, 16), default=None, help="Pretty-print with this indent.")
@_FORMAT
@_limit_options
@_fast_path_option
def parse(file: str, indent: int | None, format_: Format, max_size: int, max_depth: int) -> None:
    """Print FILE's document as JSON; on an error, print diagnostics to stderr and exit 1."""
    result = parse_file_lenient(file, format=format_, limits=_limits(max_size, max_depth), fast=_fast())
    for diagnostic in result.diagnostics:
        click.echo(f"{file}:{diagnostic}", err=True)
    if result.document is None or result.errors:
        sys.exit(1)
    click.echo(to_json(result.document, indent=indent))


def _export(files: Iterable[Path], sink: IO[str], format_: Format, limits: Limits, jobs: int = 1) -> bool:
    """Write the documents of ``files`` to ``sink`` (in order, on ``jobs`` processes); return whether any failed."""
    failed = False
    for path, line, errors in export_lines(files, format=format_, limits=limits, fast=_fast(), jobs=jobs):
        for diagnostic in errors:
            click.echo(f"{path}:{diagnostic}", err=True)
        if line is None:
            failed = True
            continue
        sink.write(line)
    return failed


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("-o", "--output", default="-", show_default=True, help="JSON Lines file to write; - for stdout.")
@_FORMAT
@_limit_options
@_fast_path_option
@click.option(
    "-j", "--jobs", type=click.IntRange(min=0), default=0, help="Worker processes; 0 (the default) uses every core."
)
def export(paths: tuple[str, ...], output: str, format_: Format, max_size: int, max_depth: int, jobs: int) -> None:
    """Write one JSON line per document in PATHS (files, or folders of *.txt and *.md).

    Files with errors (unreadable, not UTF-8, past a limit...) are left out and
    their diagnostics printed to stderr; the rest are written and the exit
    status is then 1. The output file is written whole or not at all: to a
    temporary file, renamed over OUTPUT at the end.
    """
    limits = _limits(max_size, max_depth)
    opened = click.open_file("-", "w", encoding="utf-8") if output == "-" else _atomic_writer(output)
    with opened as sink:
        if output != "-" and sys.stderr.isatty():
            # A progress bar needs the count: the paths are listed first (a path each).
            with click.progressbar(list(iter_seed_files(paths)), label="exporting", file=sys.stderr) as bar:
                failed = _export(bar, sink, format_, limits, jobs)
        else:
            # Streamed: paths are found as the workers take them, so memory stays flat.
            failed = _export(iter_seed_files(paths), sink, format_, limits, jobs)
    if failed:
        sys.exit(1)


# -- validate -------------------------------------------------------------------


def _codes(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """Split comma-separated code prefixes and check that each selects at least one code."""
    prefixes = tuple(part.strip().upper() for item in value for part in item.split(",") if part.strip())
    for prefix in prefixes:
        if not any(code.startswith(prefix) for code in CODES):
            raise click.BadParameter(f"{prefix!r} is not a diagnostic code or a prefix of one (e.g. SP3, SP301)")
    return prefixes


def _longest(code: str, prefixes: Sequence[str]) -> int:
    """The length of the longest prefix of ``code`` among ``prefixes``; -1 if none."""
    return max((len(prefix) for prefix in prefixes if code.startswith(prefix)), default=-1)


def is_selected(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """Whether ``--select``/``--ignore`` code prefixes keep a code, as ruff decides it.

    With no ``select`` every code is selected but those off by default
    (:attr:`~seedparse.diagnostics.CodeInfo.default`), which only their full
    code selects. The more specific (longer) matching prefix wins; at equal
    length ``ignore`` wins.

    Example:
        >>> is_selected("SP301", ["SP3"], ["SP301"]), is_selected("SP301", ["SP301"], ["SP3"])
        (False, True)
        >>> is_selected("SP207", [], []), is_selected("SP207", ["SP2"], []), is_selected("SP207", ["SP207"], [])
        (False, False, True)
    """
    info = CODES.get(code)
    if info is not None and not info.default and code not in select:
        return False
    chosen = _longest(code, select) if select else 0
    return chosen >= 0 and chosen > _longest(code, ignore)


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


def _echo_diagnostic(
    path: str, diagnostic: Diagnostic, output_format: str, index: LineIndex | None, strict: bool
) -> None:
    span = diagnostic.span
    if output_format == "json":
        click.echo(json.dumps(diagnostic_json(diagnostic, path), ensure_ascii=False))
    elif output_format == "github":
        level = "error" if diagnostic.is_error or strict else "warning"
        message = diagnostic.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        click.echo(
            f"::{level} file={path},line={span.line},col={span.column},"
            f"endLine={span.end_line},endColumn={span.end_column},title={diagnostic.code}::{message}"
        )
    else:
        click.echo(f"{path}:{span.line}:{span.column}: {diagnostic.code} {diagnostic.message}")
        if output_format == "text" and index is not None and span.line <= index.line_count:
            end = span.end_column if span.end_line == span.line else None
            shown, carets = source_context(index.line_text(span.line), span.column, end)
            gutter = str(span.line)
            click.echo(f" {gutter} | {shown}".rstrip())
            click.echo(f" {' ' * len(gutter)} | {carets}")


def _check(path: Path, format_: Format, limits: Limits) -> tuple[ParseResult, LineIndex | None]:
    """Parse one file, keeping its text's line index for the source context."""
    text, problem = read_text(path, limits)
    if text is None:
        assert problem is not None
        return ParseResult(document=None, diagnostics=(problem,), path=str(path)), None
    result = parse_lenient(text, format=format_, path=path, limits=limits, fast=_fast())
    text = text.removeprefix("\ufeff")  # positions count from after a BOM, as the parser's do
    return result, LineIndex(text)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--output-format",
    type=click.Choice(["text", "concise", "json", "github"]),
    default="text",
    show_default=True,
    help="text: path:line:col: CODE message, then the source line and a caret; concise: the first line only; "
    "json: one object per line; github: workflow annotations.",
)
@click.option(
    "--select",
    multiple=True,
    callback=_codes,
    metavar="CODES",
    help="Report only these codes; comma-separated, prefixes select families (SP3 is SP301, SP302...).",
)
@click.option(
    "--ignore", multiple=True, callback=_codes, metavar="CODES", help="Do not report these codes (prefixes too)."
)
@click.option("--strict", is_flag=True, help="Warnings count as errors: any reported diagnostic fails.")
@_FORMAT
@_limit_options
@_fast_path_option
def validate(
    paths: tuple[str, ...],
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    strict: bool,
    format_: Format,
    max_size: int,
    max_depth: int,
) -> None:
    """Check seed files; print each diagnostic; exit 1 if any reported diagnostic is an error.

    Diagnostics left out by --select/--ignore neither print nor fail; with
    --strict a reported warning fails too. The exit status is 2 on a usage error.
    """
    failed = False
    limits = _limits(max_size, max_depth)
    for path in iter_seed_files(paths):
        result, index = _check(path, format_, limits)
        for diagnostic in result.diagnostics:
            if not is_selected(diagnostic.code, select, ignore):
                continue
            _echo_diagnostic(str(path), diagnostic, output_format, index, strict)
            failed = failed or strict or diagnostic.is_error
    sys.exit(1 if failed else 0)


# -- schema ---------------------------------------------------------------------


@main.command()
@click.option(
    "--kind",
    type=click.Choice(get_args(SchemaKind)),
    default="any",
    show_default=True,
    help="Document kind; any is the union of all three.",
)
@click.option(
    "--mode",
    type=click.Choice(get_args(SchemaMode)),
    default="validation",
    show_default=True,
    help="validation: the JSON seedparse reads (and writes); serialization: exactly the JSON it writes.",
)
@click.option(
    "--write",
    "folder",
    type=click.Path(file_okay=False),
    default=None,
    help="Write every kind's schema in both modes into this folder instead of printing one.",
)
def schema(kind: SchemaKind, mode: SchemaMode, folder: str | None) -> None:
    """Print the JSON Schema (draft 2020-12) of the documents' JSON."""
    if folder is not None:
        for path in write_schemas(folder):
            click.echo(str(path))
        return
    click.echo(schema_text(kind, mode), nl=False)


# -- links ----------------------------------------------------------------------


def _site(site: LinkSite, with_path: bool = True) -> str:
    where = f"{site.path}:{site.line}:{site.column}" if with_path else f"{site.line}:{site.column}"
    return f"{where}: {site.written}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _links_text(corpus: Corpus) -> Iterable[str]:
    links = [site for note in corpus.notes for site in note.links]
    resolved = sum(site.resolved is not None for site in links)
    yield (
        f"{_count(len(corpus.notes), 'file')}, {_count(len(links), 'link')}: {resolved} resolved, "
        f"{len(links) - resolved} dangling to {_count(len(corpus.dangling), 'target')}"
    )
    yield ""
    yield f"== backlinks ({_count(len(corpus.targets), 'target')})"
    for target in corpus.targets:
        yield f"{target.path} <- {len(target.backlinks)}"
        yield from (f"  {_site(site)}" for site in target.backlinks)
    yield ""
    yield f"== channels ({len(corpus.channels)})"
    for channel in corpus.channels:
        yield f"{channel.path}: {channel.title or '(no title)'}, {_count(len(channel.videos), 'video')}"
        for video in channel.videos:
            yield f"  {video.video_id or '(no id)'} {video.title}"
            yield from (f"    {_site(site, False)} -> {site.resolved or '(dangling)'}" for site in video.notes)
    yield ""
    yield f"== dangling ({_count(len(corpus.dangling), 'target')})"
    for dangling in corpus.dangling:
        yield f"{dangling.target} <- {len(dangling.links)}"
        yield from (f"  {_site(site)}" for site in dangling.links)
    yield ""
    yield f"== notes ({len(corpus.notes)})"
    for note in corpus.notes:
        errors = f", {_count(note.errors, 'error')}" if note.errors else ""
        yield f"{note.path}: {note.kind or 'unknown'}{errors}, {_count(len(note.links), 'link')}"
        yield from (f"  {_site(site, False)} -> {site.resolved or '(dangling)'}" for site in note.links)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--output-format",
    type=click.Choice(["text", "json", "dot"]),
    default="text",
    show_default=True,
    help="text: backlinks, channels, dangling targets and notes; json: the whole graph; dot: Graphviz.",
)
@click.option("--indent", type=click.IntRange(0, 16), default=None, help="Pretty-print the JSON with this indent.")
def links(paths: tuple[str, ...], output_format: str, indent: int | None) -> None:
    """Show the wiki-link graph of the notes and channel pages in PATHS (files or folders).

    Links resolve by file name or by slug, case-insensitively (see the docs'
    linking page). Dangling links do not fail: the exit status is 0.
    """
    corpus = Corpus.load(list(paths))
    if output_format == "json":
        click.echo(corpus.model_dump_json(indent=indent))
    elif output_format == "dot":
        click.echo(corpus.to_dot())
    else:
        for line in _links_text(corpus):
            click.echo(line)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--check", is_flag=True, help="Change nothing: list the files that are not canonical and exit 1 if any.")
@_FORMAT
@_limit_options
@_fast_path_option
def fmt(paths: tuple[str, ...], check: bool, format_: Format, max_size: int, max_depth: int) -> None:
    """Rewrite seed files in seedparse's canonical form.

    A file with an error (unreadable, not UTF-8, past a limit...) is left alone
    (its diagnostics go to stderr), the rest are still formatted, and the exit
    status is 1; with --check, so is any file that would change.
    """
    changed = 0
    failed = False
    limits = _limits(max_size, max_depth)
    for path in iter_seed_files(paths):
        text, problem = read_text(path, limits)
        if text is None:
            click.echo(f"{path}:{problem}", err=True)
            failed = True
            continue
        result = parse_lenient(text, format=format_, path=path, limits=limits, fast=_fast())
        if result.document is None or result.errors:
            for diagnostic in result.errors:
                click.echo(f"{path}:{diagnostic}", err=True)
            failed = True
            continue
        canonical = render(result.document, canonical=True)
        if canonical == text:
            continue
        changed += 1
        if check:
            click.echo(f"would reformat {path}")
            continue
        with _atomic_writer(path) as sink:
            sink.write(canonical)
        click.echo(f"reformatted {path}")
    sys.exit(1 if failed or (check and changed) else 0)
