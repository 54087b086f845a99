r"""Which files seedparse reads, and reading them: folder walks and :func:`read_text`.

A walk of a folder yields the seed files (``*.txt``, ``*.md``) under it, in
sorted path order, leaving out:

- hidden files and folders (a name starting with ``.``: ``.obsidian/``,
  ``.trash/``, ``.git/``);
- what ``.gitignore`` files ignore, as git reads them (inside a git repository
  only: the ``.gitignore`` of every folder from the repository's top down, the
  deeper one deciding, and ``.git/info/exclude``);
- what the :class:`Selection`'s exclude patterns match (gitignore-style:
  ``drafts/``, ``*.tmp.md``, ``archive/2020``); :data:`DEFAULT_EXCLUDE` unless
  other patterns are given.

A path named explicitly (an argument of :func:`iter_seed_files`) is always
read, whatever the rules say. Symbolic links to folders are not followed (a
link loop cannot trap the walk). A sub-folder that cannot be listed is
yielded itself, so that reading it reports why (an ``SP002`` error), and
special files named like seed files (a named pipe, or a link to one) are
yielded too: :func:`read_text` refuses them from their type, unopened.

Example:
    >>> [path.name for path in iter_seed_files(["seeds"])]
    ['000_9e40aab2472b4316.txt', '001_8ff56b00d9d811b8.txt']
"""

from __future__ import annotations

import dataclasses
import functools
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pathspec

from seedparse.diagnostics import Diagnostic, Severity, make
from seedparse.spans import LineIndex, Span

if TYPE_CHECKING:
    from seedparse.api import Limits

__all__ = [
    "DEFAULT_EXCLUDE",
    "SEED_SUFFIXES",
    "Patterns",
    "Selection",
    "iter_other_files",
    "iter_seed_files",
    "read_text",
]

#: The file names :func:`iter_seed_files` picks up inside folders.
SEED_SUFFIXES = (".txt", ".md")

#: The exclude patterns of a walk unless others are given (``--exclude``, ``exclude =``):
#: folders of installed packages and build output, wherever they are. Hidden folders
#: (``.git``, ``.venv``) are left out anyway.
DEFAULT_EXCLUDE = ("__pycache__", "__pypackages__", "node_modules", "site-packages", "venv")

_BOM = "\ufeff"
#: Opening a file never waits (a named pipe swapped in after the type check); Windows has no such flag.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def _spec(lines: Iterable[str]) -> pathspec.GitIgnoreSpec:
    return pathspec.GitIgnoreSpec.from_lines(lines)


@dataclass(frozen=True)
class Patterns:
    """Gitignore-style patterns and the folder they are relative to.

    A pattern without a ``/`` (``drafts``, ``*.tmp.md``) matches a name at any
    depth; one with a ``/`` (``notes/drafts``, ``/README.md``) is anchored at
    ``root``; a trailing ``/`` matches folders only; ``!`` re-includes.

    Attributes:
        lines: The patterns.
        root: The folder anchored patterns are relative to (a config file's folder,
            the current directory for ``--exclude``); ``None`` for each walked folder.

    Example:
        >>> Patterns(("drafts/",)).matches("drafts", is_dir=True), Patterns(("drafts/",)).matches("drafts")
        (True, False)
    """

    lines: tuple[str, ...]
    root: str | None = None
    _compiled: pathspec.GitIgnoreSpec = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_compiled", _spec(self.lines))

    def __getstate__(self) -> dict[str, object]:
        return {"lines": self.lines, "root": self.root}  # compiled again where it is unpickled

    def __setstate__(self, state: dict[str, object]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        self.__post_init__()

    def matches(self, relative: str, is_dir: bool = False) -> bool:
        """Whether the patterns leave out ``relative`` (a ``/``-separated path relative to the root)."""
        return self._compiled.match_file(relative + "/" if is_dir else relative)


@dataclass(frozen=True)
class Selection:
    """Which files a folder walk picks up, and which files count as found in a folder.

    Attributes:
        exclude: Pattern sets; an entry any of them matches is left out (a folder is not entered).
        respect_gitignore: Leave out what ``.gitignore`` files ignore (in a git repository).
        hidden: Walk hidden files and folders too.
        folders: The folders the paths were named under (set by :meth:`for_paths`): a file
            found under one that is not a seed document is skipped (``SP007``), not failed.
        force_exclude: Apply the rules to the paths named too (ruff's ``--force-exclude``):
            for a hook that passes file names (pre-commit), a named file that the rules
            leave out is left out, and one that is not a seed document is skipped.

    Example:
        >>> selection = Selection(exclude=(Patterns(("drafts/",)),)).for_paths(["seeds", "README.md"])
        >>> selection.found_in_folder("seeds/a.md"), selection.found_in_folder("README.md")
        (True, False)
    """

    exclude: tuple[Patterns, ...] = (Patterns(DEFAULT_EXCLUDE),)
    respect_gitignore: bool = True
    hidden: bool = False
    folders: tuple[str, ...] = ()
    force_exclude: bool = False

    def for_paths(self, paths: Iterable[str | os.PathLike[str]]) -> Selection:
        """This selection, knowing which of ``paths`` are folders (see :meth:`found_in_folder`)."""
        folders = tuple(os.path.abspath(path) for path in paths if os.path.isdir(path))
        return dataclasses.replace(self, folders=folders)

    def found_in_folder(self, path: str | os.PathLike[str]) -> bool:
        """Whether ``path`` is under one of the :attr:`folders` (so was found by a walk, not named).

        With :attr:`force_exclude`, every path counts as found.
        """
        if self.force_exclude:
            return True
        absolute = os.path.abspath(path)
        return any(absolute.startswith(folder.rstrip(os.sep) + os.sep) for folder in self.folders)


# -- walking ----------------------------------------------------------------------------------

#: The ``.gitignore`` rules in force in a folder: ``(folder, spec)``, outermost first; ``None``
#: outside a git repository (or with gitignore off).
_Chain = tuple[tuple[str, pathspec.GitIgnoreSpec], ...] | None


def iter_seed_files(paths: Sequence[str | os.PathLike[str]], selection: Selection | None = None) -> Iterator[Path]:
    """Yield the files named, and the seed files (``*.txt``, ``*.md``) inside folders named, each folder sorted.

    Args:
        paths: Files (always yielded, whatever the rules) and folders (walked).
        selection: What a walk leaves out (:class:`Selection`); by default hidden files and
            folders, what ``.gitignore`` ignores and :data:`DEFAULT_EXCLUDE`.

    A link named like a seed file is yielded even when it is broken or loops, and
    so is a special file (a named pipe): reading them reports the problem. A
    sub-folder that cannot be listed is yielded too, for the same reason.

    Example:
        >>> [path.name for path in iter_seed_files(["seeds"])]
        ['000_9e40aab2472b4316.txt', '001_8ff56b00d9d811b8.txt']
    """
    selection = selection or Selection()
    _read_lines.cache_clear()  # a .gitignore may have changed since the last walk
    for name in paths:
        path = Path(name)
        if selection.force_exclude and _named_excluded(path, selection):
            continue
        if path.is_dir():
            yield from _walk(path, selection, seeds=True)
        else:
            yield path


def iter_other_files(paths: Sequence[str | os.PathLike[str]], selection: Selection | None = None) -> Iterator[Path]:
    """Yield the regular files that are not seed files inside the folders of ``paths``, as a walk finds them.

    The files a note can link to besides notes (images, PDFs): the same rules as
    :func:`iter_seed_files`, in sorted path order; files named in ``paths`` are not yielded.

    Example:
        >>> list(iter_other_files(["seeds"]))
        []
    """
    selection = selection or Selection()
    _read_lines.cache_clear()  # a .gitignore may have changed since the last walk
    for name in paths:
        path = Path(name)
        if path.is_dir() and not (selection.force_exclude and _named_excluded(path, selection)):
            yield from _walk(path, selection, seeds=False)


def _named_excluded(path: Path, selection: Selection) -> bool:
    """Whether the rules of a walk leave out a path named (for :attr:`Selection.force_exclude`).

    Its name is checked for being hidden, its path against the exclude patterns
    (relative to each set's root, else the current directory), and against the
    ``.gitignore`` files from its repository's top down to its folder.
    """
    if not selection.hidden and path.name.startswith(".") and path.name != "..":
        return True
    absolute = os.path.abspath(path)
    try:
        is_dir = path.is_dir()
    except OSError:
        is_dir = False
    here = os.getcwd()
    for patterns in selection.exclude:
        base = patterns.root if patterns.root is not None else here
        # Outside the root the path is matched from the file system's top: unanchored patterns still apply.
        relative = _below(absolute, base) if _is_under(absolute, base) else Path(absolute).as_posix().lstrip("/")
        if relative != "." and patterns.matches(relative, is_dir):
            return True
    if not selection.respect_gitignore:
        return False
    chain = _repository_chain(os.path.dirname(absolute))
    return chain is not None and _ignored(chain, absolute, is_dir)


def _repository_chain(folder: str) -> _Chain:
    """The ``.gitignore`` rules in force in ``folder`` (absolute): from its repository's top down to it."""
    outer = [folder]
    while not os.path.exists(os.path.join(outer[-1], ".git")):
        parent = os.path.dirname(outer[-1])
        if parent == outer[-1]:
            return None
        outer.append(parent)
    top = outer[-1]
    specs = [(top, _read_patterns(os.path.join(top, ".git", "info", "exclude")))]
    specs += [(ancestor, _read_patterns(os.path.join(ancestor, ".gitignore"))) for ancestor in reversed(outer)]
    return tuple((ancestor, spec) for ancestor, spec in specs if spec is not None)


class _Rules:
    """The exclude patterns and ``.gitignore`` files of one walk, from its top folder."""

    def __init__(self, top: Path, selection: Selection) -> None:
        self.top = os.path.abspath(top)
        self.selection = selection
        # A pattern that matches the top itself would leave out all of it: it was named, so such a
        # pattern does not apply inside it (the others do).
        self.exclude = [self._not_matching_top(patterns) for patterns in selection.exclude]
        self.chain: _Chain = None
        if selection.respect_gitignore:
            self.chain = self._outer_chain()

    def _relative(self, absolute: str, root: str | None) -> str:
        base = root if root is not None and _is_under(absolute, root) else self.top
        return _below(absolute, base) if _is_under(absolute, base) else Path(os.path.relpath(absolute, base)).as_posix()

    def _not_matching_top(self, patterns: Patterns) -> Patterns:
        if not self._excluded_by(patterns, self.top, is_dir=True):
            return patterns
        kept = [
            line for line in patterns.lines if not self._excluded_by(Patterns((line,), patterns.root), self.top, True)
        ]
        return Patterns(tuple(kept), patterns.root)

    def _excluded_by(self, patterns: Patterns, absolute: str, is_dir: bool) -> bool:
        relative = self._relative(absolute, patterns.root)
        return relative != "." and patterns.matches(relative, is_dir)

    def _outer_chain(self) -> _Chain:
        """The rules from the repository's top down to the walk's top (excluded); ``None`` outside a repository."""
        folder = self.top
        outer: list[str] = []
        while not os.path.exists(os.path.join(folder, ".git")):
            parent = os.path.dirname(folder)
            if parent == folder:
                return None  # not in a git repository: git reads no .gitignore
            folder = parent
            outer.append(folder)
        chain: list[tuple[str, pathspec.GitIgnoreSpec]] = []
        exclude = _read_patterns(os.path.join(folder, ".git", "info", "exclude"))
        if exclude is not None:
            chain.append((folder, exclude))
        for ancestor in reversed(outer):
            lines = _read_lines(os.path.join(ancestor, ".gitignore"))
            if lines is None:
                continue
            # As for exclude patterns: a rule that ignores the named top itself does not apply inside it.
            spec = _spec(lines)
            if _ignored(((ancestor, spec),), self.top, is_dir=True):
                spec = _spec(line for line in lines if not _ignored(((ancestor, _spec((line,))),), self.top, True))
            chain.append((ancestor, spec))
        return tuple(chain)

    def enter(self, folder: str, names: Sequence[str], chain: _Chain) -> _Chain:
        """The rules in force inside ``folder`` (absolute), whose entries are ``names``."""
        if chain is None or ".gitignore" not in names:
            return chain
        spec = _read_patterns(os.path.join(folder, ".gitignore"))
        return chain if spec is None else (*chain, (folder, spec))

    def excluded(self, absolute: str, is_dir: bool, chain: _Chain) -> bool:
        """Whether the walk leaves out the entry at ``absolute``."""
        if any(self._excluded_by(patterns, absolute, is_dir) for patterns in self.exclude):
            return True
        return chain is not None and _ignored(chain, absolute, is_dir)


def _is_under(absolute: str, folder: str) -> bool:
    return absolute == folder or absolute.startswith(folder.rstrip(os.sep) + os.sep)


def _below(absolute: str, folder: str) -> str:
    """``absolute`` relative to ``folder`` (which holds it), ``/``-separated; ``.`` for the folder itself."""
    if absolute == folder:
        return "."
    relative = absolute[len(folder.rstrip(os.sep)) + 1 :]
    return relative if os.sep == "/" else relative.replace(os.sep, "/")


def _ignored(chain: Sequence[tuple[str, pathspec.GitIgnoreSpec]], absolute: str, is_dir: bool) -> bool:
    """Whether ``.gitignore`` rules ignore ``absolute``: the deepest file with a matching pattern decides."""
    for folder, spec in reversed(chain):
        if not _is_under(absolute, folder):
            continue
        relative = _below(absolute, folder)
        decision = spec.check_file(relative + "/" if is_dir else relative).include
        if decision is not None:
            return decision
    return False


def _read_patterns(path: str) -> pathspec.GitIgnoreSpec | None:
    """The patterns of a ``.gitignore``-style file; ``None`` if it is missing or unreadable (as git skips it)."""
    lines = _read_lines(path)
    return None if lines is None else _spec(lines)


@functools.lru_cache(maxsize=256)
def _read_lines(path: str) -> tuple[str, ...] | None:
    """The lines of a ``.gitignore``-style file, read as :func:`read_text` reads (never waiting on a pipe)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with os.fdopen(os.open(path, _OPEN_FLAGS), "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                return None
            data = file.read(1 << 20)
    except OSError:
        return None
    return tuple(data.decode("utf-8", errors="replace").splitlines())


def _walk(top: Path, selection: Selection, seeds: bool) -> Iterator[Path]:
    """The files under ``top`` in sorted order, depth first: seed files (``seeds``) or the other regular files.

    Visiting each folder's names sorted, sub-folders in place, gives the order of
    the sorted paths while holding the names of one folder per level (not the
    tree's paths; names, not directory entries: a folder of many files costs the
    least it can). A stack, not recursion: a tree of any depth is walked.
    """
    rules = _Rules(top, selection)
    names = _sorted_names(top)
    if names is None:
        if seeds:
            yield top  # reading it says why it cannot be listed
        return
    top_abs = rules.top
    stack: list[tuple[Path, str, Iterator[str], _Chain]] = [
        (top, top_abs, iter(names), rules.enter(top_abs, names, rules.chain))
    ]
    while stack:
        parent, parent_abs, rest, chain = stack[-1]
        name = next(rest, None)
        if name is None:
            stack.pop()
            continue
        if name.startswith(".") and not selection.hidden:
            continue
        path = parent / name
        absolute = os.path.join(parent_abs, name)
        try:
            is_dir = path.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            if path.is_symlink() or rules.excluded(absolute, True, chain):
                continue
            sub = _sorted_names(path)
            if sub is None:
                if seeds:
                    yield path
                continue
            stack.append((path, absolute, iter(sub), rules.enter(absolute, sub, chain)))
        elif seeds:
            if path.suffix in SEED_SUFFIXES and not rules.excluded(absolute, False, chain):
                yield path
        elif path.suffix not in SEED_SUFFIXES and path.is_file() and not rules.excluded(absolute, False, chain):
            yield path


def _sorted_names(folder: Path) -> list[str] | None:
    """The names in ``folder``, sorted; ``None`` when it cannot be listed."""
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return None


# -- reading ----------------------------------------------------------------------------------


def read_text(path: str | os.PathLike[str], limits: Limits | None = None) -> tuple[str | None, Diagnostic | None]:
    """Read a file as UTF-8 text, or say why it cannot be read (SP002) or is too big to (SP005).

    The file's type is checked before it is opened: a folder, a named pipe, a
    socket or a device is refused unopened (reading a pipe could wait forever),
    and the file is opened without waiting in any case. A file over
    ``limits.max_size`` bytes is refused from its size, unread.

    Example:
        >>> text, problem = read_text("seeds")
        >>> text, str(problem)
        (None, '1:1: SP002 cannot read the file: it is a folder')
    """
    max_size = _max_size(limits)
    try:
        info = os.stat(path)
    except OSError as exc:
        return None, _file_error(f"cannot read the file: {_reason(exc)}")
    if not stat.S_ISREG(info.st_mode):
        return None, _not_regular(path, info.st_mode)
    if info.st_size > max_size:
        return None, size_error(info.st_size, max_size)
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        return None, _file_error(f"cannot read the file: {_reason(exc)}")
    try:
        with os.fdopen(descriptor, "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):  # replaced since the check above
                return None, _not_regular(path, info.st_mode)
            if info.st_size > max_size:
                return None, size_error(info.st_size, max_size)
            data = file.read(max_size + 1)  # the size on disk may be wrong (a file being written, /proc)
    except OSError as exc:
        return None, _file_error(f"cannot read the file: {_reason(exc)}")
    if len(data) > max_size:
        return None, size_error(len(data), max_size)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        # Place the bad byte as the parser would: in code points, after a BOM.
        before = data[: exc.start].decode("utf-8", errors="replace").removeprefix(_BOM)
        line, column = LineIndex(before).position(len(before))
        message = f"not UTF-8 text: byte 0x{data[exc.start]:02x} at byte offset {exc.start} cannot be decoded"
        return None, _file_error(message, line, column)


def _max_size(limits: Limits | None) -> int:
    if limits is None:
        from seedparse.api import Limits  # here: api imports this module

        limits = Limits()
    return limits.max_size


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _not_regular(path: str | os.PathLike[str], mode: int) -> Diagnostic:
    """Why a path that is not a regular file is not read."""
    if stat.S_ISDIR(mode):
        try:
            os.listdir(path)
        except OSError as exc:
            return _file_error(f"cannot read the folder: {_reason(exc)}; its files are left out")
        return _file_error("cannot read the file: it is a folder")
    kinds = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"))
    kind = next((name for test, name in kinds if test(mode)), "a special file")
    return _file_error(f"cannot read the file: it is {kind}, not a regular file (skipped unopened)")


def _file_error(message: str, line: int = 1, column: int = 1) -> Diagnostic:
    span = Span(line=line, column=column, end_line=line, end_column=column)
    return Diagnostic(code="SP002", severity=Severity.ERROR, message=message, span=span)


def size_error(size: int, limit: int) -> Diagnostic:
    """The ``SP005`` error of an input of ``size`` bytes over a ``limit``."""
    span = Span(line=1, column=1, end_line=1, end_column=1)
    return make("SP005", f"the input is {size} bytes, over the size limit of {limit} bytes", span)
