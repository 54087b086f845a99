"""Writing files safely: whole or not at all, with the user's permissions, and no temporary file left behind.

:func:`atomic_writer` writes to a hidden temporary file beside the target
(``.NAME.PID.RANDOM.tmp``) and renames it over the target at the end, so the
target is never half-written. A run killed before the rename (``SIGKILL``, a
power cut) leaves its temporary file; :func:`remove_stale_temporaries` removes
those of processes that are no longer running, and the commands call it on
their next run.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

__all__ = ["WriteError", "atomic_writer", "remove_stale_temporaries"]

#: A temporary file of :func:`atomic_writer`: ``.NAME.PID.RANDOM.tmp``.
_TEMPORARY = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)\.[A-Za-z0-9_]+\.tmp")


class WriteError(OSError):
    """A file could not be written; ``str()`` of it is one line naming the file and the reason.

    Example:
        >>> str(WriteError("out/x.jsonl", FileNotFoundError(2, "No such file or directory")))
        'cannot write out/x.jsonl: No such file or directory'
    """

    def __init__(self, path: str | os.PathLike[str], cause: OSError) -> None:
        """Name the file that could not be written, and the error that stopped it."""
        super().__init__(cause.errno, cause.strerror or str(cause))
        self.path = os.fspath(path)
        self.reason = cause.strerror or type(cause).__name__

    def __str__(self) -> str:
        return f"cannot write {self.path}: {self.reason}"


def _umask() -> int:
    """The process's umask (read by setting it and putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[IO[str]]:
    r"""A UTF-8 text file that replaces ``path`` when the block ends normally, and vanishes if it raises.

    A new file gets the permissions any new file of the user gets (``0o666``
    less the umask); a file replaced keeps its permissions, its owner and group.
    Line ends are written as given. The new text is on disk (``fsync``) before it
    takes the old one's place, and the rename is synced too. Failing to create,
    write or rename raises :class:`WriteError`, and the old file is left as it was.

    A symbolic link is written through: the file it points to is replaced, and
    the link stays. A file with other hard links, or whose owner or group a new
    file could not be given, is written in place once the whole new text is safe
    in the temporary file (so its links and its owner stay; a crash during that
    copy can leave it part-written, but the temporary file then still holds the
    text). (click's ``open_file(atomic=True)`` renames its temporary file over
    the target even when the block raised, so a half-written file would replace
    a good one.)

    Example:
        >>> import tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     target = pathlib.Path(folder, "out.txt")
        ...     with atomic_writer(target) as sink:
        ...         _ = sink.write("hello\n")
        ...     target.read_text(), sorted(p.name for p in target.parent.iterdir())
        ('hello\n', ['out.txt'])
    """
    target = Path(os.path.realpath(path))  # through a symbolic link: the link stays, its target is replaced
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp")
    except OSError as exc:
        raise WriteError(path, exc) from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as sink:
            yield sink
            sink.flush()
            os.fsync(sink.fileno())
        try:
            old: os.stat_result | None = target.stat()
        except OSError:
            old = None
        if old is not None and (old.st_nlink > 1 or not _same_owner(temporary, old)):
            _copy_in_place(temporary, target)
            _unlink(temporary)
            return
        os.chmod(temporary, 0o666 & ~_umask() if old is None else old.st_mode & 0o7777)
        os.replace(temporary, target)
        _sync_folder(target.parent)
    except OSError as exc:
        _unlink(temporary)
        if isinstance(exc, WriteError):
            raise
        raise WriteError(path, exc) from exc
    except BaseException:
        _unlink(temporary)
        raise


def _same_owner(temporary: str, old: os.stat_result) -> bool:
    """Give the temporary file the old file's owner and group; ``False`` if it cannot have them."""
    new = os.stat(temporary)
    if (new.st_uid, new.st_gid) == (old.st_uid, old.st_gid):
        return True
    try:
        os.chown(temporary, old.st_uid, old.st_gid)
    except OSError:
        return False
    return True


def _copy_in_place(temporary: str, target: Path) -> None:
    """Write the temporary file's bytes into ``target`` itself (its inode, links, owner and mode stay), synced."""
    with open(temporary, "rb") as source, open(target, "r+b") as sink:
        shutil.copyfileobj(source, sink)
        sink.truncate()
        sink.flush()
        os.fsync(sink.fileno())


def _sync_folder(folder: Path) -> None:
    """Sync a folder's entries, so that a rename in it is on disk (where the system allows it)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _running(pid: int) -> bool:
    """Whether a process with this id runs on this machine (one we may not signal counts)."""
    if pid == os.getpid() or os.name == "nt":  # (on Windows, os.kill would end the process, not test it)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, but is someone else's
    return True


def remove_stale_temporaries(
    folder: str | os.PathLike[str], targets: Callable[[str], bool] | None = None
) -> list[Path]:
    """Remove the temporary files :func:`atomic_writer` left in ``folder`` in runs that were killed.

    Only files named ``.NAME.PID.RANDOM.tmp`` whose process is no longer
    running are removed (a concurrent run's files are left alone), and with
    ``targets`` only those for which ``targets(NAME)`` is true. Return the
    files removed; a folder that cannot be listed removes nothing.

    Example:
        >>> import tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     _ = pathlib.Path(folder, ".note.md.999999999.abc.tmp").write_text("half")
        ...     [path.name for path in remove_stale_temporaries(folder)]
        ['.note.md.999999999.abc.tmp']
    """
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        match = _TEMPORARY.fullmatch(name)
        if match is None or (targets is not None and not targets(match["name"])) or _running(int(match["pid"])):
            continue
        path = Path(folder, name)
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed
