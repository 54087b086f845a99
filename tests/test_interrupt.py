"""Runs that are stopped: SIGINT, SIGTERM and SIGKILL sent to the installed script while it works.

Each test starts ``seedparse`` over a folder big enough to still be running when
the signal comes (about 5 seconds of work on 2 cores), waits until it has started
its workers, signals it, and checks what is left: the exit status, one line on
stderr, no temporary file, no worker process.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from seedparse.batch import format_files
from seedparse.writing import remove_stale_temporaries
from tests.conftest import SEED_FILES

SEEDPARSE = Path(sys.executable).parent / "seedparse"
TRANSCRIPT = SEED_FILES[0]
#: Enough notes that every command is still working a second after it starts.
NOTES = 1500


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big") / "notes"
    folder.mkdir()
    data = TRANSCRIPT.read_bytes()
    for i in range(NOTES):
        (folder / f"{i:04d}.txt").write_bytes(data)
    return folder


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (pgrep works on Linux and macOS)."""
    proc = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False)
    return [int(line) for line in proc.stdout.split()]


def _gone(pid: int) -> bool:
    """Whether a process has ended (a zombie waiting to be reaped has ended too)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    state = subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True, check=False)
    return state.stdout.strip().startswith("Z") or not state.stdout.strip()


def _wait_for(condition: object, timeout: float = 20.0) -> None:
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def _temporaries(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))


@pytest.fixture
def started() -> Iterator[list[subprocess.Popen[str]]]:
    """Processes a test starts; killed at the end if a test failed before they ended."""
    processes: list[subprocess.Popen[str]] = []
    yield processes
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()  # reaps it and closes its pipes


def _start(started: list[subprocess.Popen[str]], *args: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [str(SEEDPARSE), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a shell's job is: killpg is Ctrl-C
    )
    started.append(process)
    return process


def _working(process: subprocess.Popen[str], jobs: int = 2) -> list[int]:
    """Wait until the command runs its workers; return their ids."""
    _wait_for(lambda: len(_children(process.pid)) >= jobs or process.poll() is not None)
    assert process.poll() is None, "the command ended before it could be stopped: make the folder bigger"
    return _children(process.pid)


@pytest.mark.parametrize(("number", "status", "group"), [(signal.SIGINT, 130, True), (signal.SIGTERM, 143, False)])
def test_export_stops_on_a_signal_with_one_line_and_no_temporary_file(
    big: Path, tmp_path: Path, started: list[subprocess.Popen[str]], number: int, status: int, group: bool
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("the previous export\n", encoding="utf-8")
    process = _start(started, "export", "--jobs", "2", str(big), "-o", str(out))
    workers = _working(process)
    assert _temporaries(tmp_path), "the export writes into a temporary file first"
    (os.killpg if group else os.kill)(process.pid, number)
    stdout, stderr = process.communicate(timeout=10)
    assert process.returncode == status
    assert stderr == f"Interrupted by {signal.Signals(number).name}.\n"  # one line: no worker traceback
    assert stdout == ""
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    assert _temporaries(tmp_path) == []
    _wait_for(lambda: all(_gone(pid) for pid in workers), timeout=5)


def test_ctrl_c_during_validate_prints_no_traceback(big: Path, started: list[subprocess.Popen[str]]) -> None:
    process = _start(started, "validate", "--jobs", "2", str(big))
    workers = _working(process)
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=10)
    assert (process.returncode, stderr) == (130, "Interrupted by SIGINT.\n")
    assert "Traceback" not in stdout
    _wait_for(lambda: all(_gone(pid) for pid in workers), timeout=5)


def test_fmt_stopped_leaves_each_file_whole_and_no_temporary_file(
    tmp_path: Path, started: list[subprocess.Popen[str]]
) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    messy = TRANSCRIPT.read_text(encoding="utf-8").replace("\n\n", "\n\n\n")
    for i in range(NOTES):
        (folder / f"{i:04d}.txt").write_text(messy, encoding="utf-8")
    (canonical,) = [result.canonical for result in format_files([folder / "0000.txt"], jobs=1)]
    assert canonical is not None
    process = _start(started, "fmt", "--jobs", "2", str(folder))
    assert process.stdout is not None
    _working(process)
    line = process.stdout.readline()
    while not line.startswith("reformatted "):  # until it has rewritten a file
        assert line, "fmt ended before it could be stopped"
        line = process.stdout.readline()
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=10)
    assert (process.returncode, stderr) == (130, "Interrupted by SIGINT.\n")
    assert _temporaries(folder) == []
    texts = [path.read_text(encoding="utf-8") for path in folder.iterdir()]
    assert messy in texts  # not every file was reached
    assert canonical in texts
    assert set(texts) == {messy, canonical}  # and each file is either as it was or wholly rewritten


def test_workers_end_when_their_parent_is_killed(
    big: Path, tmp_path: Path, started: list[subprocess.Popen[str]]
) -> None:
    out = tmp_path / "out.jsonl"
    process = _start(started, "export", "--jobs", "2", str(big), "-o", str(out))
    workers = _working(process)
    os.kill(process.pid, signal.SIGKILL)  # as the OOM killer or a supervisor does: the workers are not told
    process.communicate(timeout=5)
    _wait_for(lambda: all(_gone(pid) for pid in workers), timeout=3)
    # The killed run left its temporary file; the next run removes it (and writes its own).
    (left,) = _temporaries(tmp_path)
    assert f".{process.pid}." in left
    small = tmp_path / "small"
    small.mkdir()
    (small / "note.txt").write_bytes(TRANSCRIPT.read_bytes())
    done = subprocess.run([str(SEEDPARSE), "export", str(small), "-o", str(out)], capture_output=True, check=False)
    assert done.returncode == 0
    assert _temporaries(tmp_path) == []
    assert out.read_text(encoding="utf-8").count("\n") == 1


def test_only_the_temporary_files_of_ended_runs_are_removed(tmp_path: Path) -> None:
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(ended.stdout)
    stale = tmp_path / f".note.md.{dead}.k3j2h1.tmp"
    live = tmp_path / f".note.md.{os.getpid()}.a1b2c3.tmp"  # a run still writing (this one)
    other = tmp_path / f".other.md.{dead}.zz.tmp"
    mine = tmp_path / ".note.md.tmp"  # not our pattern
    for path in (stale, live, other, mine):
        path.write_text("half", encoding="utf-8")
    assert remove_stale_temporaries(tmp_path, "note.md".__eq__) == [stale]
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(p.name for p in (live, other, mine))
    # fmt cleans the folders it formats
    note = tmp_path / "note.md"
    note.write_bytes(TRANSCRIPT.read_bytes())
    stale.write_text("half", encoding="utf-8")
    done = subprocess.run([str(SEEDPARSE), "fmt", str(tmp_path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert not stale.exists()
    assert not other.exists()
    assert live.exists()
    assert mine.exists()


@pytest.mark.parametrize("command", ["export", "validate --output-format json-lines --select SP2,SP3"])
def test_a_reader_that_stops_early_ends_the_run_quietly(
    big: Path, tmp_path: Path, started: list[subprocess.Popen[str]], command: str
) -> None:
    # `seedparse export vault | head`: the pipe closes while the workers still have chunks in flight.
    noisy = tmp_path / "noisy"
    shutil.copytree(big, noisy)
    for path in list(noisy.iterdir())[::3]:
        path.write_text(path.read_text(encoding="utf-8").replace("]]", "", 5), encoding="utf-8")
    process = _start(started, *command.split(), "--jobs", "2", str(noisy))
    assert process.stdout is not None
    process.stdout.read(100)
    process.stdout.close()
    assert process.wait(timeout=10) == 1
    assert process.stderr is not None
    assert "Traceback" not in process.stderr.read()
