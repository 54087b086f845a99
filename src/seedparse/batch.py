"""Many files at once: parse, export, check or format an iterable of paths, in order, on several cores.

Results stream: at most a few chunks per worker are in flight, so memory stays flat
however many paths there are, and results come back in the order of the paths.

Worker processes never outlive the process that started them, however it ends:
each watches its parent and exits when the parent is gone (killed with
``SIGKILL``, say). They ignore ``SIGINT`` (Ctrl-C reaches the whole process
group: the parent handles it, and stops its workers itself) and end quietly on
``SIGTERM``.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Any, TypeVar

from seedparse.api import Format, Limits, ParseResult, parse_file_lenient, parse_lenient
from seedparse.diagnostics import Diagnostic
from seedparse.export import export_record, without_spans
from seedparse.files import Selection, read_text
from seedparse.render import canonical_form
from seedparse.spans import LineIndex

__all__ = [
    "CheckedFile",
    "FormattedFile",
    "check_files",
    "export_lines",
    "format_files",
    "parse_files",
    "without_spans",
]

#: Paths handed to a worker at once: big enough to pay for the round trip.
_CHUNK = 32
#: Chunks in flight per worker: enough to keep it busy, few enough to keep memory flat.
_AHEAD = 4
#: The signals the parent handles for its workers.
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)

T = TypeVar("T")
ExportRow = tuple[str, str | None, tuple[Diagnostic, ...]]


@dataclass(frozen=True)
class CheckedFile:
    """One file as ``seedparse validate`` checks it: its diagnostics and the source lines they point at.

    Attributes:
        path: The path, as given.
        diagnostics: Every diagnostic, sorted by position.
        lines: The text of each source line a diagnostic starts on, by line number.
    """

    path: str
    diagnostics: tuple[Diagnostic, ...]
    lines: dict[int, str]


@dataclass(frozen=True)
class FormattedFile:
    """One file as ``seedparse fmt`` sees it.

    Attributes:
        path: The path, as given.
        errors: Why the file cannot be formatted (it is then left alone); empty if it can.
        canonical: The file's canonical text when it differs from the file's; ``None`` when the
            file is already canonical or has an error.
        refused: Why the canonical text must not replace the file (it would not read back as the
            same document, with the same diagnostics, or is not a fixed point); ``None`` if it may.
        original: The file's text when ``canonical`` is set (for a diff); ``None`` otherwise.
    """

    path: str
    errors: tuple[Diagnostic, ...]
    canonical: str | None
    refused: str | None = None
    original: str | None = None


def _jobs(jobs: int | None) -> int:
    """``jobs``, or every core for ``None`` or 0."""
    return jobs if jobs else (os.cpu_count() or 1)


# -- what a worker does with a chunk of paths ---------------------------------------------


def _parse_chunk(paths: list[str], format_: Format, limits: Limits | None, fast: bool) -> list[ParseResult]:
    return [parse_file_lenient(path, format=format_, limits=limits, fast=fast) for path in paths]


def _skips(selection: Selection | None, path: str) -> bool:
    """Whether a file that is not a seed document is skipped (SP007): it was found in a folder of ``selection``."""
    return selection is not None and selection.found_in_folder(path)


def _export_chunk(
    paths: list[str],
    format_: Format,
    limits: Limits | None,
    fast: bool,
    keep_errors: bool,
    spans: bool,
    selection: Selection | None = None,
) -> list[ExportRow]:
    rows: list[ExportRow] = []
    for path in paths:
        result = parse_file_lenient(path, format=format_, limits=limits, fast=fast, skip_other=_skips(selection, path))
        # A skipped file (not a seed document: no document, no error) has no line, and brings its
        # SP007 warning so that it is said once.
        skipped = result.document is None and not result.errors
        line = (
            None
            if skipped
            else export_record(result.document, result.diagnostics, keep_errors=keep_errors, spans=spans)
        )
        problems = result.diagnostics if skipped else result.errors
        rows.append((path, None if line is None else line + "\n", problems))
    return rows


def _check_chunk(
    paths: list[str], format_: Format, limits: Limits | None, fast: bool, selection: Selection | None = None
) -> list[CheckedFile]:
    checked: list[CheckedFile] = []
    for path in paths:
        text, problem = read_text(path, limits)
        if text is None:
            assert problem is not None
            checked.append(CheckedFile(path=path, diagnostics=(problem,), lines={}))
            continue
        skip = _skips(selection, path)
        result = parse_lenient(text, format=format_, path=path, limits=limits, fast=fast, skip_other=skip)
        index = LineIndex(text.removeprefix("\ufeff"))  # positions count from after a BOM, as the parser's do
        numbers = {d.span.line for d in result.diagnostics if 1 <= d.span.line <= index.line_count}
        lines = {number: index.line_text(number) for number in sorted(numbers)}
        checked.append(CheckedFile(path=path, diagnostics=result.diagnostics, lines=lines))
    return checked


def _format_chunk(
    paths: list[str], format_: Format, limits: Limits | None, fast: bool, selection: Selection | None = None
) -> list[FormattedFile]:
    formatted: list[FormattedFile] = []
    for path in paths:
        text, problem = read_text(path, limits)
        if text is None:
            assert problem is not None
            formatted.append(FormattedFile(path=path, errors=(problem,), canonical=None))
            continue
        skip = _skips(selection, path)
        result = parse_lenient(text, format=format_, path=path, limits=limits, fast=fast, skip_other=skip)
        if result.document is None or result.errors:
            # A skipped file (no document, no error) brings its SP007 warning, so that it is said once.
            problems = result.errors or result.diagnostics
            formatted.append(FormattedFile(path=path, errors=problems, canonical=None))
            continue
        canonical, refused = canonical_form(result.document, warnings=result.diagnostics)
        if canonical == text:
            formatted.append(FormattedFile(path=path, errors=(), canonical=None))
        else:
            formatted.append(FormattedFile(path=path, errors=(), canonical=canonical, refused=refused, original=text))
    return formatted


# -- the workers ----------------------------------------------------------------------------


#: In a worker process: the event its pool sets to stop (see :func:`_run_chunk`).
_stopping: Any = None


def _worker_start(stopping: Any) -> None:
    """Run in each worker first: leave Ctrl-C to the parent, die quietly on SIGTERM, exit when the parent is gone."""
    global _stopping
    _stopping = stopping
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the pool stops a broken pool's workers with it
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), name="seedparse-parent-watch", daemon=True).start()
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)


def _run_chunk(function: Callable[..., list[T]], paths: list[str], *args: object) -> list[T]:
    """``function(paths, *args)`` a path at a time, in a worker: it stops between two files when the pool stops.

    (Killing a worker instead could cut a result it is sending in half, and the
    pool's own thread would then wait for the rest of it forever.)
    """
    results: list[T] = []
    for path in paths:
        if _stopping is not None and _stopping.is_set():
            break
        results.extend(function([path], *args))
    return results


def _exit_with(sentinel: int) -> None:
    """Wait until the parent process ends (its sentinel becomes ready), then end this one at once."""
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


@contextlib.contextmanager
def _signals_blocked() -> Iterator[None]:
    """Hold off the stop signals while workers may be forked, so none starts with the parent's handlers."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _stream(
    function: Callable[..., list[T]], paths: Iterable[str | os.PathLike[str]], jobs: int, args: tuple[object, ...]
) -> Iterator[T]:
    """Run ``function(chunk, *args)`` over chunks of ``paths``; yield the results in order."""
    names = (os.fspath(path) for path in paths)
    first = list(islice(names, _CHUNK))
    if jobs <= 1 or len(first) < _CHUNK:
        # One process (or too few paths to be worth starting others).
        chunk = first
        while chunk:
            yield from function(chunk, *args)
            chunk = list(islice(names, _CHUNK))
        return
    context = multiprocessing.get_context()
    stopping = context.Event()
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_start, initargs=(stopping,))
    try:
        with _signals_blocked():
            pending: deque[Future[list[T]]] = deque([pool.submit(_run_chunk, function, first, *args)])
        while True:
            while len(pending) < jobs * _AHEAD and (chunk := list(islice(names, _CHUNK))):
                with _signals_blocked():
                    pending.append(pool.submit(_run_chunk, function, chunk, *args))
            if not pending:
                break
            yield from pending.popleft().result()
    except BaseException:
        # Interrupted, or the consumer stopped reading: the workers stop after the file they are on,
        # and what has not started is cancelled.
        stopping.set()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def parse_files(
    paths: Iterable[str | os.PathLike[str]],
    *,
    format: Format = "auto",
    limits: Limits | None = None,
    fast: bool = True,
    jobs: int | None = None,
) -> Iterator[ParseResult]:
    """Parse files like :func:`seedparse.parse_file_lenient`, on ``jobs`` processes (all cores by default).

    Results come in the order of ``paths``, which may be any iterable (a generator of
    millions of paths is fine: it is read as the results are consumed).

    Example:
        >>> from seedparse.batch import parse_files
        >>> [r.document.kind for r in parse_files(["seeds/000_9e40aab2472b4316.txt"], jobs=1)]
        ['transcript']
    """
    return _stream(_parse_chunk, paths, _jobs(jobs), (format, limits, fast))


def export_lines(
    paths: Iterable[str | os.PathLike[str]],
    *,
    format: Format = "auto",
    limits: Limits | None = None,
    fast: bool = True,
    jobs: int | None = None,
    keep_errors: bool = False,
    spans: bool = True,
    selection: Selection | None = None,
) -> Iterator[ExportRow]:
    """For each path in order: ``(path, JSON line or None, errors)``, as ``seedparse export`` writes them.

    The line is ``None`` when the file has an error (the errors say why). With
    ``keep_errors`` every file has a line, with a ``diagnostics`` member last (all
    of the file's diagnostics) and ``"kind": null`` when there is no document at
    all; with ``spans=False`` the nodes have no ``span`` (see :func:`without_spans`).
    A file found in one of ``selection``'s folders that is not a seed document
    is skipped: no line, and its ``SP007`` warning in place of the errors.

    Example:
        >>> from seedparse.batch import export_lines
        >>> path, line, errors = next(export_lines(["seeds/000_9e40aab2472b4316.txt"], jobs=1))
        >>> line.startswith('{"span"'), errors
        (True, ())
    """
    return _stream(_export_chunk, paths, _jobs(jobs), (format, limits, fast, keep_errors, spans, selection))


def check_files(
    paths: Iterable[str | os.PathLike[str]],
    *,
    format: Format = "auto",
    limits: Limits | None = None,
    fast: bool = True,
    jobs: int | None = None,
    selection: Selection | None = None,
) -> Iterator[CheckedFile]:
    """Check files as ``seedparse validate`` does, in order, on ``jobs`` processes (all cores by default).

    A file found in one of ``selection``'s folders that is not a seed document
    has one ``SP007`` warning (skipped).

    Example:
        >>> from seedparse.batch import check_files
        >>> checked = next(check_files(["seeds/001_8ff56b00d9d811b8.txt"], jobs=1))
        >>> checked.diagnostics[0].code, checked.lines[5]
        ('SP303', 'By [Alexander Finiarel](#)')
    """
    return _stream(_check_chunk, paths, _jobs(jobs), (format, limits, fast, selection))


def format_files(
    paths: Iterable[str | os.PathLike[str]],
    *,
    format: Format = "auto",
    limits: Limits | None = None,
    fast: bool = True,
    jobs: int | None = None,
    selection: Selection | None = None,
) -> Iterator[FormattedFile]:
    """Each file's canonical text if it is not canonical, as ``seedparse fmt`` finds it; nothing is written.

    A file found in one of ``selection``'s folders that is not a seed document
    is left alone, with its ``SP007`` warning in ``errors``.

    Example:
        >>> from seedparse.batch import format_files
        >>> next(format_files(["seeds/000_9e40aab2472b4316.txt"], jobs=1)).errors
        ()
    """
    return _stream(_format_chunk, paths, _jobs(jobs), (format, limits, fast, selection))
