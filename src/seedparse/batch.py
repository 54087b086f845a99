"""Many files at once: parse or export an iterable of paths, in order, on several cores.

Results stream: at most a few chunks per worker are in flight, so memory stays flat
however many paths there are, and results come back in the order of the paths.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import TypeVar

from seedparse.api import Format, Limits, ParseResult, parse_file_lenient
from seedparse.diagnostics import Diagnostic
from seedparse.export import to_json

__all__ = ["export_lines", "parse_files"]

#: Paths handed to a worker at once: big enough to pay for the round trip.
_CHUNK = 32
#: Chunks in flight per worker: enough to keep it busy, few enough to keep memory flat.
_AHEAD = 4

T = TypeVar("T")
ExportRow = tuple[str, str | None, tuple[Diagnostic, ...]]


def _jobs(jobs: int | None) -> int:
    """``jobs``, or every core for ``None`` or 0."""
    return jobs if jobs else (os.cpu_count() or 1)


def _parse_chunk(paths: list[str], format_: Format, limits: Limits | None, fast: bool) -> list[ParseResult]:
    return [parse_file_lenient(path, format=format_, limits=limits, fast=fast) for path in paths]


def _export_chunk(paths: list[str], format_: Format, limits: Limits | None, fast: bool) -> list[ExportRow]:
    rows: list[ExportRow] = []
    for path in paths:
        result = parse_file_lenient(path, format=format_, limits=limits, fast=fast)
        ok = result.document is not None and not result.errors
        line = to_json(result.document) + "\n" if ok and result.document is not None else None
        rows.append((path, line, result.errors))
    return rows


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
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: deque[Future[list[T]]] = deque([pool.submit(function, first, *args)])
        while True:
            while len(pending) < jobs * _AHEAD and (chunk := list(islice(names, _CHUNK))):
                pending.append(pool.submit(function, chunk, *args))
            if not pending:
                return
            yield from pending.popleft().result()


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
) -> Iterator[ExportRow]:
    """For each path in order: ``(path, JSON line or None, errors)``, as ``seedparse export`` writes them.

    The line is ``None`` when the file has an error (the errors say why).

    Example:
        >>> from seedparse.batch import export_lines
        >>> path, line, errors = next(export_lines(["seeds/000_9e40aab2472b4316.txt"], jobs=1))
        >>> line.startswith('{"span"'), errors
        (True, ())
    """
    return _stream(_export_chunk, paths, _jobs(jobs), (format, limits, fast))
