"""The ``seedparse`` command: parse, export and validate seed files."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO

import click

from seedparse.api import Format, ParseResult, parse_file_lenient
from seedparse.diagnostics import Diagnostic
from seedparse.export import diagnostic_json, to_json

__all__ = ["main"]

#: The file names ``export`` and ``validate`` pick up inside folders.
SEED_SUFFIXES = (".txt", ".md")

_FORMAT = click.option(
    "--format",
    "format_",
    type=click.Choice(["auto", "transcript", "article"]),
    default="auto",
    show_default=True,
    help="Document kind; auto detects it.",
)


def iter_seed_files(paths: Sequence[str]) -> Iterator[Path]:
    """Yield the files named, and the seed files inside folders named, in sorted order."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.suffix in SEED_SUFFIXES and p.is_file())
            yield from sorted(found)
        else:
            yield path


def _echo_diagnostic(result: ParseResult, diagnostic: Diagnostic, output_format: str) -> None:
    path = result.path or "<stdin>"
    span = diagnostic.span
    if output_format == "json":
        click.echo(json.dumps(diagnostic_json(diagnostic, path), ensure_ascii=False))
    elif output_format == "github":
        level = "error" if diagnostic.is_error else "warning"
        message = diagnostic.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        click.echo(
            f"::{level} file={path},line={span.line},col={span.column},"
            f"endLine={span.end_line},endColumn={span.end_column},title={diagnostic.code}::{message}"
        )
    else:
        click.echo(f"{path}:{span.line}:{span.column}: {diagnostic.code} {diagnostic.message}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="seedparse")
def main() -> None:
    """Parse, validate and export seed documents (transcript notes and articles)."""


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--indent", type=click.IntRange(0, 16), default=None, help="Pretty-print with this indent.")
@_FORMAT
def parse(file: str, indent: int | None, format_: Format) -> None:
    """Print FILE's document as JSON; on an error, print diagnostics to stderr and exit 1."""
    result = parse_file_lenient(file, format=format_)
    for diagnostic in result.diagnostics:
        click.echo(f"{file}:{diagnostic}", err=True)
    if result.document is None or result.errors:
        sys.exit(1)
    click.echo(to_json(result.document, indent=indent))


def _export(files: Iterable[Path], sink: IO[str], format_: Format) -> bool:
    """Write the documents of ``files`` to ``sink``; return whether any file failed."""
    failed = False
    for path in files:
        result = parse_file_lenient(path, format=format_)
        for diagnostic in result.errors:
            click.echo(f"{path}:{diagnostic}", err=True)
        if result.document is None or result.errors:
            failed = True
            continue
        sink.write(result.document.model_dump_json() + "\n")
    return failed


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("-o", "--output", default="-", show_default=True, help="JSON Lines file to write; - for stdout.")
@_FORMAT
def export(paths: tuple[str, ...], output: str, format_: Format) -> None:
    """Write one JSON line per document in PATHS (files, or folders of *.txt and *.md).

    Files with errors are left out and their diagnostics printed to stderr;
    the exit status is then 1.
    """
    files = list(iter_seed_files(paths))
    with click.open_file(output, "w", encoding="utf-8", atomic=output != "-") as sink:
        if output != "-" and sys.stderr.isatty():
            with click.progressbar(files, label="exporting", file=sys.stderr) as bar:
                failed = _export(bar, sink, format_)
        else:
            failed = _export(files, sink, format_)
    if failed:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--output-format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text: path:line:col: CODE message; json: one object per line; github: workflow annotations.",
)
@_FORMAT
def validate(paths: tuple[str, ...], output_format: str, format_: Format) -> None:
    """Check seed files; print each diagnostic; exit 1 if any file has an error."""
    failed = False
    for path in iter_seed_files(paths):
        result = parse_file_lenient(path, format=format_)
        for diagnostic in result.diagnostics:
            _echo_diagnostic(result, diagnostic, output_format)
        failed = failed or not result.ok
    sys.exit(1 if failed else 0)
