"""The ``seedparse`` command: parse, export, validate, fmt, schema and links."""

from __future__ import annotations

import contextlib
import functools
import json
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from itertools import product
from pathlib import Path
from types import FrameType
from typing import IO, Any, TypeVar, get_args

import click
from click.core import ParameterSource

from seedparse.api import Format, Limits, ParseResult, iter_seed_files, parse_file_lenient, parse_lenient
from seedparse.batch import check_files, export_lines, format_files
from seedparse.config import Config, Settings, resolve
from seedparse.diagnostics import CODES, make
from seedparse.export import export_record, to_json
from seedparse.files import Selection
from seedparse.graph import Corpus, LinkSite
from seedparse.report import Progress, Reporter, Tally, diagnostic_line, source_context
from seedparse.schema import SchemaKind, SchemaMode, schema_file_name, schema_text
from seedparse.spans import LineIndex, Span
from seedparse.writing import WriteError, atomic_writer, remove_stale_temporaries

__all__ = ["is_selected", "main", "source_context"]

T = TypeVar("T")

_FORMAT = click.option(
    "--format",
    "format_",
    type=click.Choice(["auto", "transcript", "article", "channel"]),
    default="auto",
    show_default=True,
    help="Document kind; auto detects it.",
)

_JOBS = click.option(
    "-j", "--jobs", type=click.IntRange(min=0), default=0, help="Worker processes; 0 (the default) uses every core."
)

_DEFAULT_LIMITS = Limits()

#: Exit statuses: a signal's is 128 + its number, as shells report it.
_EXIT_WRITE = 2
_SIGNAL_NAMES: dict[int, str] = {signal.SIGINT: "SIGINT", signal.SIGTERM: "SIGTERM"}


# -- stopping cleanly -----------------------------------------------------------------


class _Stopped(BaseException):
    """Raised in the main thread when SIGINT or SIGTERM arrives (so that ``finally`` blocks and temp files clean up)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


#: The stop signal received, if any.
_STOPPING: list[int] = []


def _on_signal(signum: int, frame: FrameType | None) -> None:
    _STOPPING.append(signum)
    # A second signal while cleaning up must not cut the clean-up short.
    for number in _SIGNAL_NAMES:
        signal.signal(number, signal.SIG_IGN)
    raise _Stopped(signum)


class _Main(click.Group):
    """The command group: SIGINT and SIGTERM end a run with one line and status 130 or 143, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the subcommand with the stop signals handled (in the main thread only, where signals arrive)."""
        _STOPPING.clear()
        if threading.current_thread() is threading.main_thread():
            previous = {number: signal.signal(number, _on_signal) for number in _SIGNAL_NAMES}
        else:
            previous = {}
        try:
            return super().invoke(ctx)
        except (KeyboardInterrupt, _Stopped) as exc:
            signum = exc.signum if isinstance(exc, _Stopped) else int(signal.SIGINT)
            click.echo(f"Interrupted by {_SIGNAL_NAMES.get(signum, str(signum))}.", err=True)
            ctx.exit(128 + signum)
        except WriteError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(_EXIT_WRITE)
        except BrokenProcessPool:
            if _STOPPING:  # the stop signal reached the workers first (sent to the whole group)
                signum = _STOPPING[0]
                click.echo(f"Interrupted by {_SIGNAL_NAMES.get(signum, str(signum))}.", err=True)
                ctx.exit(128 + signum)
            click.echo("Error: a worker process died (killed, or out of memory?); try fewer --jobs.", err=True)
            ctx.exit(_EXIT_WRITE)
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)


def _closing(iterator: Iterator[T]) -> contextlib.closing[Any]:
    """Close a result stream when the block ends, however it ends (so its workers stop at once)."""
    return contextlib.closing(iterator)


# -- options shared by commands ---------------------------------------------------------


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


class _ConfigError(click.ClickException):
    """A configuration file that cannot be used: one line, exit status 2."""

    exit_code = 2


#: The command's options whose defaults the [tool.seedparse] table gives, and where in the table.
_FROM_TABLE: dict[str, Callable[[Config], object]] = {
    "select": lambda table: table.select,
    "ignore": lambda table: table.ignore or None,
    "strict": lambda table: table.strict,
    "max_size": lambda table: table.limits.max_size,
    "max_depth": lambda table: table.limits.max_depth,
}


def _selection_options(function: Any) -> Any:
    """Add which-files and configuration options to a command; it is called with ``settings`` too.

    The options: ``--exclude``, ``--extend-exclude``, ``--respect-gitignore``,
    ``--force-exclude``, ``--config`` and ``--isolated`` (see docs/configuration.md). The
    ``[tool.seedparse]`` table's ``select``, ``ignore``, ``strict`` and limits become
    the values of the command's options of those names that the command line
    does not give. ``settings`` is a :class:`seedparse.config.Settings`.
    """

    @functools.wraps(function)
    def command(**kwargs: Any) -> Any:
        ctx = click.get_current_context()
        paths = kwargs.get("paths") or ((kwargs["file"],) if kwargs.get("file") else ())
        try:
            settings = resolve(
                [path for path in paths if path != "-"],
                config=kwargs.pop("config_file"),
                isolated=kwargs.pop("isolated"),
                exclude=kwargs.pop("exclude") or None,
                extend_exclude=kwargs.pop("extend_exclude"),
                respect_gitignore=kwargs.pop("respect_gitignore"),
                force_exclude=kwargs.pop("force_exclude"),
            )
        except ValueError as exc:
            raise _ConfigError(str(exc)) from None
        for name, value in _FROM_TABLE.items():
            given = ctx.get_parameter_source(name) not in (None, ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP)
            if name in kwargs and not given and (configured := value(settings.config)) is not None:
                kwargs[name] = configured
        return function(**kwargs, settings=settings)

    options = [
        click.option(
            "--exclude",
            multiple=True,
            metavar="PATTERN",
            help="Leave out what this gitignore-style pattern matches in folders (repeatable); replaces the "
            "default excludes and the configured ones. Files named on the command line are always read.",
        ),
        click.option(
            "--extend-exclude", multiple=True, metavar="PATTERN", help="Like --exclude, but added to the excludes."
        ),
        click.option(
            "--respect-gitignore/--no-respect-gitignore",
            default=None,
            help="Leave out what .gitignore files ignore, in a git repository (the default).",
        ),
        click.option(
            "--force-exclude/--no-force-exclude",
            default=None,
            help="Apply these rules to the files named too, and skip those that are not seed documents "
            "(SP007): for hooks that pass file names, such as pre-commit.",
        ),
        click.option(
            "--config",
            "config_file",
            type=click.Path(exists=True, dir_okay=False),
            default=None,
            help="Read the [tool.seedparse] table of this TOML file instead of the nearest pyproject.toml.",
        ),
        click.option("--isolated", is_flag=True, help="Read no configuration file."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


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


def _shown_paths(arguments: Sequence[str], files: Iterable[Path]) -> Iterator[tuple[Path, str]]:
    """Each file with the name a record shows: its path relative to the folder argument it was found under.

    A file named as an argument shows as given. ``files`` come argument by
    argument, in the order of ``arguments``, each argument's in sorted order (as
    :func:`iter_seed_files` yields them), so a file under two arguments shows
    relative to each in turn.
    """
    roots = [Path(argument) for argument in arguments]
    at = 0
    last: Path | None = None
    for path in files:
        if last is not None and not last < path:
            at += 1  # each argument's files come in sorted order: this one starts the next argument's
        last = path
        for index in range(at, len(roots)):
            root = roots[index]
            if path == root:
                at = index
                yield path, str(path)
                break
            if path.is_relative_to(root) and root.is_dir():
                at = index
                yield path, path.relative_to(root).as_posix()
                break
        else:
            yield path, str(path)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="seedparse")
def main() -> None:
    """Parse, validate and export seed documents (transcript notes, articles and channel pages)."""


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--indent", type=click.IntRange(0, 16), default=None, help="Pretty-print with this indent.")
@_FORMAT
@_limit_options
@_fast_path_option
@_selection_options
def parse(file: str, indent: int | None, format_: Format, max_size: int, max_depth: int, settings: Settings) -> None:
    """Print FILE's document as JSON; on an error, print diagnostics to stderr and exit 1."""
    result = parse_file_lenient(file, format=format_, limits=_limits(max_size, max_depth), fast=_fast())
    for diagnostic in result.diagnostics:
        click.echo(diagnostic_line(file, diagnostic), err=True)
    if result.document is None or result.errors:
        sys.exit(1)
    click.echo(to_json(result.document, indent=indent))


# -- export ---------------------------------------------------------------------------


def _with_path(line: str, shown: str) -> str:
    """An exported line with the file's path as its first member."""
    return '{"path":' + json.dumps(shown, ensure_ascii=False) + ("," if line[1] != "}" else "") + line[1:]


def _export(
    files: Iterable[Path],
    sink: IO[str],
    format_: Format,
    limits: Limits,
    jobs: int = 1,
    *,
    arguments: Sequence[str] = (),
    keep_errors: bool = False,
    spans: bool = True,
    progress: Progress | None = None,
    selection: Selection | None = None,
) -> bool:
    """Write the documents of ``files`` to ``sink`` (in order, on ``jobs`` processes); return whether any failed."""
    failed = False
    names: deque[str] = deque()

    def paths() -> Iterator[Path]:
        for path, shown in _shown_paths(arguments, files):
            names.append(shown)
            yield path

    rows = export_lines(
        paths(),
        format=format_,
        limits=limits,
        fast=_fast(),
        jobs=jobs,
        keep_errors=keep_errors,
        spans=spans,
        selection=selection,
    )
    with _closing(rows):
        for path, line, errors in rows:
            shown = names.popleft()
            if progress is not None:
                progress.advance()
            for diagnostic in errors:
                click.echo(diagnostic_line(path, diagnostic), err=True)
            failed = failed or any(diagnostic.is_error for diagnostic in errors)  # a skipped file: SP007
            if line is not None:
                sink.write(_with_path(line, shown))
    return failed


def _read_stdin(limits: Limits, format_: Format) -> ParseResult:
    """Parse standard input as one document (decoded and limited as a file is)."""
    data = sys.stdin.buffer.read(limits.max_size + 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if len(data) > limits.max_size:  # cut inside a character: the size limit is what fails
            text = data.decode("utf-8", errors="replace")
        else:
            before = data[: exc.start].decode("utf-8", errors="replace").removeprefix("\ufeff")
            line, column = LineIndex(before).position(len(before))
            span = Span(line=line, column=column, end_line=line, end_column=column)
            message = f"not UTF-8 text: byte 0x{data[exc.start]:02x} at byte offset {exc.start} cannot be decoded"
            return ParseResult(document=None, diagnostics=(make("SP002", message, span),), path="-")
    return parse_lenient(text, format=format_, path="-", limits=limits, fast=_fast())


def _export_stdin(sink: IO[str], format_: Format, limits: Limits, keep_errors: bool, spans: bool) -> bool:
    """Export standard input's document; return whether it had an error."""
    result = _read_stdin(limits, format_)
    for diagnostic in result.errors:
        click.echo(diagnostic_line("-", diagnostic), err=True)
    line = export_record(result.document, result.diagnostics, keep_errors=keep_errors, spans=spans)
    if line is not None:
        sink.write(_with_path(line + "\n", "-"))
    return bool(result.errors)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True))
@click.option("-o", "--output", default="-", show_default=True, help="JSON Lines file to write; - for stdout.")
@click.option(
    "--keep-errors",
    is_flag=True,
    help='Write files with errors too: every line then ends with "diagnostics" (all of the file\'s), '
    'and a file with no document at all is {"path": ..., "kind": null, "diagnostics": [...]}.',
)
@click.option("--no-spans", "no_spans", is_flag=True, help="Compact: leave out every node's span (about 40% smaller).")
@_FORMAT
@_limit_options
@_fast_path_option
@_JOBS
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@_selection_options
def export(
    paths: tuple[str, ...],
    output: str,
    keep_errors: bool,
    no_spans: bool,
    format_: Format,
    max_size: int,
    max_depth: int,
    jobs: int,
    quiet: bool,
    settings: Settings,
) -> None:
    """Write one JSON line per document in PATHS (files, or folders of *.txt and *.md; - reads standard input).

    Each line starts with "path": the file's path relative to the folder named
    on the command line (a file named itself keeps the path as given; standard
    input is "-"). Files with errors (unreadable, not UTF-8, past a limit...) are
    left out unless --keep-errors, and their errors printed to stderr; the exit
    status is then 1. The output file is written whole or not at all: to a
    temporary file, renamed over OUTPUT at the end (a new file gets the
    permissions your umask gives); if it cannot be written, one line on stderr
    says why, and the exit status is 2.
    """
    limits = _limits(max_size, max_depth)
    stdin = "-" in paths
    if stdin and len(paths) > 1:
        raise click.UsageError("- (standard input) cannot be mixed with other paths")
    if output != "-":
        _refuse_input_as_output(paths, output, settings.selection)
        remove_stale_temporaries(Path(output).parent, Path(output).name.__eq__)
    opened = click.open_file("-", "w", encoding="utf-8") if output == "-" else atomic_writer(output)
    with opened as sink:
        if stdin:
            failed = _export_stdin(sink, format_, limits, keep_errors, not no_spans)
        else:
            files = iter_seed_files(paths, settings.selection)
            with Progress(files, "exporting", not quiet and output != "-") as progress:
                failed = _export(
                    progress.files,
                    sink,
                    format_,
                    limits,
                    jobs,
                    arguments=paths,
                    keep_errors=keep_errors,
                    spans=not no_spans,
                    progress=progress,
                    selection=settings.selection,
                )
    if failed:
        sys.exit(1)


def _refuse_input_as_output(paths: Sequence[str], output: str, selection: Selection | None = None) -> None:
    """A usage error if OUTPUT is one of the files named or found in a folder named (it would be replaced by JSON)."""
    target = Path(output)
    if not target.exists():
        return
    for name in paths:
        with contextlib.suppress(OSError):
            if name != "-" and Path(name).samefile(target):
                raise click.UsageError(f"the output {output} is one of the inputs")
    resolved = target.resolve()
    folders = [name for name in paths if name != "-" and Path(name).is_dir()]
    if not any(resolved.is_relative_to(Path(folder).resolve()) for folder in folders):
        return
    for path in iter_seed_files(folders, selection):
        with contextlib.suppress(OSError):
            if path.samefile(target):
                raise click.UsageError(f"the output {output} is one of the inputs (a file the folders named hold)")


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


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--output-format",
    type=click.Choice(["text", "concise", "json", "json-lines", "github"]),
    default="text",
    show_default=True,
    help="text: path:line:col: CODE severity: message, then the source line and a caret; concise: the first line "
    "only; json: one JSON array of diagnostics; json-lines: one JSON object per line; github: workflow annotations.",
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
@click.option(
    "--strict/--no-strict",
    default=False,
    help="Warnings count as errors: any reported diagnostic fails (--no-strict overrides strict = true in the "
    "configuration).",
)
@click.option(
    "--statistics", is_flag=True, help="Print how many times each code was reported instead of each diagnostic."
)
@click.option("-q", "--quiet", is_flag=True, help="Print the diagnostics only: no summary line, no progress bar.")
@_FORMAT
@_limit_options
@_fast_path_option
@_JOBS
@_selection_options
def validate(
    paths: tuple[str, ...],
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    strict: bool,
    statistics: bool,
    quiet: bool,
    format_: Format,
    max_size: int,
    max_depth: int,
    jobs: int,
    settings: Settings,
) -> None:
    """Check seed files; print each diagnostic, then a summary; exit 1 if any reported diagnostic is an error.

    Diagnostics left out by --select/--ignore neither print nor fail; with
    --strict a reported warning fails too. The summary line ("Found N errors
    and M warnings in K of F files.") goes to stdout after text and concise
    output, to stderr after json, json-lines and github output. On a terminal a
    progress bar shows on stderr. The exit status is 2 on a usage error.
    """
    limits = _limits(max_size, max_depth)
    tally = Tally()
    files = iter_seed_files(paths, settings.selection)
    with Progress(files, "validating", not quiet) as progress:
        reporter = Reporter(output_format, strict, statistics, progress)
        checked_files = check_files(
            progress.files, format=format_, limits=limits, fast=_fast(), jobs=jobs, selection=settings.selection
        )
        with _closing(checked_files):
            for checked in checked_files:
                progress.advance()
                ignored = (*ignore, *settings.ignored_codes(checked.path))  # and per-file-ignores
                reported = [d for d in checked.diagnostics if is_selected(d.code, select, ignored)]
                tally.add_file(reported, skipped=any(d.code == "SP007" for d in checked.diagnostics))
                reporter.file(checked, reported)
    reporter.close(tally, quiet)
    failed = tally.errors > 0 or (strict and tally.warnings > 0)
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
    """Print the JSON Schema (draft 2020-12) of the documents' JSON.

    With --write, each file is written whole or not at all; a folder that
    cannot be created or written is one line on stderr and exit status 2.
    """
    if folder is None:
        click.echo(schema_text(kind, mode), nl=False)
        return
    target = Path(folder)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(target, exc) from exc
    names = {schema_file_name(k, m) for k, m in product(get_args(SchemaKind), get_args(SchemaMode))}
    remove_stale_temporaries(target, names.__contains__)
    for each_kind, each_mode in product(get_args(SchemaKind), get_args(SchemaMode)):
        path = target / schema_file_name(each_kind, each_mode)
        with atomic_writer(path) as sink:
            sink.write(schema_text(each_kind, each_mode))
        click.echo(str(path))


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
@_JOBS
@_selection_options
def links(paths: tuple[str, ...], output_format: str, indent: int | None, jobs: int, settings: Settings) -> None:
    """Show the wiki-link graph of the notes and channel pages in PATHS (files or folders).

    Links resolve by file name or by slug, case-insensitively (see the docs'
    linking page). Dangling links do not fail: the exit status is 0. The files
    are parsed on --jobs processes (every core by default).
    """
    corpus = Corpus.load(list(paths), settings.selection, settings.limits(), jobs=jobs)
    if output_format == "json":
        click.echo(corpus.model_dump_json(indent=indent))
    elif output_format == "dot":
        click.echo(corpus.to_dot())
    else:
        for line in _links_text(corpus):
            click.echo(line)


# -- fmt ------------------------------------------------------------------------


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--check", is_flag=True, help="Change nothing: list the files that are not canonical and exit 1 if any.")
@click.option("--diff", is_flag=True, help="Change nothing: print what would change as a unified diff; exit 1 if any.")
@_FORMAT
@_limit_options
@_fast_path_option
@_JOBS
@_selection_options
def fmt(
    paths: tuple[str, ...],
    check: bool,
    diff: bool,
    format_: Format,
    max_size: int,
    max_depth: int,
    jobs: int,
    settings: Settings,
) -> None:
    """Rewrite seed files in seedparse's canonical form, and say how many changed.

    The canonical form keeps what a file means: each new text is parsed back
    first, and a file whose canonical form would not read back as the same
    document (with the same diagnostics), or would change again on a second run,
    is left alone and said on stderr. A file with an error (unreadable, not
    UTF-8, past a limit...) is left alone (its diagnostics go to stderr), the
    rest are still formatted, and the exit status is 1; with --check or --diff,
    so is any file that would change. A file that cannot be written is left as
    it was, said on stderr, and the run goes on; the exit status is then 2. The
    last line counts the files, as ruff format does ("1 file reformatted, 2
    files left unchanged"; on stderr with --diff, so that stdout is the diff).
    """
    changed = unchanged = refused = 0
    failed = False
    unwritten = False
    dry = check or diff
    limits = _limits(max_size, max_depth)
    cleaned: set[Path] = set()
    files = iter_seed_files(paths, settings.selection)
    results = format_files(files, format=format_, limits=limits, fast=_fast(), jobs=jobs, selection=settings.selection)
    with _closing(results):
        for result in results:
            for diagnostic in result.errors:
                click.echo(diagnostic_line(result.path, diagnostic), err=True)
            if any(diagnostic.is_error for diagnostic in result.errors):  # a skipped file has only SP007
                failed = True
                refused += 1
                continue
            if result.errors:
                continue
            path = Path(result.path)
            if not dry and path.parent not in cleaned:
                cleaned.add(path.parent)  # once a folder: what runs killed before left there
                remove_stale_temporaries(path.parent, _is_seed_name)
            if result.canonical is None:
                unchanged += 1
                continue
            if result.refused is not None:
                click.echo(f"{result.path}: not formatted: {result.refused}", err=True)
                failed = True
                refused += 1
                continue
            changed += 1
            if diff:
                click.echo(_unified_diff(result.path, result.original or "", result.canonical), nl=False)
                continue
            if check:
                click.echo(f"would reformat {result.path}")
                continue
            if not _write_file(path, result.canonical):
                unwritten = True
                changed -= 1
                refused += 1
                continue
            click.echo(f"reformatted {result.path}")
    click.echo(_fmt_summary(changed, unchanged, refused, dry), err=diff)
    sys.exit(_EXIT_WRITE if unwritten else 1 if failed or (dry and changed) else 0)


def _fmt_summary(changed: int, unchanged: int, refused: int, dry: bool) -> str:
    """The closing line of fmt, in ruff format's words."""
    if dry:
        parts = [f"{_count(changed, 'file')} would be reformatted", f"{_count(unchanged, 'file')} already formatted"]
    else:
        parts = [f"{_count(changed, 'file')} reformatted", f"{_count(unchanged, 'file')} left unchanged"]
    if refused:
        parts.append(f"{_count(refused, 'file')} left alone (see above)")
    return ", ".join(parts)


def _write_file(path: Path, text: str) -> bool:
    """Replace ``path`` with ``text`` whole (:func:`~seedparse.writing.atomic_writer`); say why on stderr if not."""
    try:
        with atomic_writer(path) as sink:
            sink.write(text)
    except WriteError as exc:
        click.echo(f"Error: {exc}", err=True)
        return False
    return True


def _is_seed_name(name: str) -> bool:
    return name.endswith((".md", ".txt"))


# -- fix ------------------------------------------------------------------------


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--diff", is_flag=True, help="Change nothing: print what would change as a unified diff; exit 1 if any.")
@_FORMAT
@_limit_options
@_selection_options
def fix(paths: tuple[str, ...], diff: bool, format_: Format, max_size: int, max_depth: int, settings: Settings) -> None:
    """Rewrite the generator's timestamp bugs in seed files, changing nothing else.

    MM:SS:00 values (and H:MM:SS:00 past an hour) become the clock they mean in
    data-t and display together; data= becomes data-t=; display brackets outside
    an anchor move inside it; an anchor that is not closed is closed after its
    display when the end is sure. Each fixed text is parsed again first: a fix
    that would change what a timestamp means, a wiki-link or a word is refused
    and said on stderr. Exit status: 0; with --diff, 1 if a file would change;
    1 when a file cannot be read or a fix is refused; 2 when a file cannot be
    written (it is left as it was).
    """
    from seedparse.files import read_text
    from seedparse.fix import fix_text

    limits = _limits(max_size, max_depth)
    fixes = files_changed = files_seen = 0
    failed = unwritten = False
    for path in iter_seed_files(paths, settings.selection):
        files_seen += 1
        text, problem = read_text(path, limits)
        if text is None:
            assert problem is not None
            click.echo(diagnostic_line(str(path), problem), err=True)
            failed = True
            continue
        result = fix_text(text, format=format_)
        if result.refused is not None and result.refused != "the file has errors":
            click.echo(f"{path}: not fixed: {result.refused}", err=True)
            failed = True
        if not result.changed:
            continue
        files_changed += 1
        fixes += len(result.fixes)
        if diff:
            click.echo(_unified_diff(str(path), text, result.text), nl=False)
            continue
        if not _write_file(path, result.text):
            unwritten = True
            continue
        for item in result.fixes:
            click.echo(f"{path}:{item}")
    if files_changed:
        count = "1 fix" if fixes == 1 else f"{fixes} fixes"
        made = f"{'Would make' if diff else 'Made'} {count} in {_count(files_changed, 'file')}"
        click.echo(f"{made} (of {files_seen}).")
    else:
        click.echo(f"Nothing to fix in {_count(files_seen, 'file')}.")
    sys.exit(_EXIT_WRITE if unwritten else 1 if failed or (diff and files_changed) else 0)


def _unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of a file's text, as ``diff -u`` writes it (a newline closing every line)."""
    import difflib

    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile=path, tofile=path
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
