"""``seedparse export`` for pipelines, and the write side of every command (run as the installed script)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import seedparse
import seedparse.batch
from seedparse.export import without_spans as strip_spans
from tests.conftest import CORPUS_FILES, SEED_FILES, without_spans

SEEDPARSE = Path(sys.executable).parent / "seedparse"
TRANSCRIPT, ARTICLE = SEED_FILES


def run(*args: str, stdin: str | bytes | None = None, cwd: Path | None = None) -> tuple[int, str, str]:
    """Run the installed ``seedparse``: ``(status, stdout, stderr)``."""
    data = stdin.encode() if isinstance(stdin, str) else stdin
    proc = subprocess.run([str(SEEDPARSE), *args], input=data, capture_output=True, check=False, cwd=cwd, timeout=120)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def _records(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """A folder of notes in sub-folders, one with an error and one that is not text."""
    root = tmp_path / "vault"
    (root / "people").mkdir(parents=True)
    (root / "news").mkdir()
    shutil.copy(TRANSCRIPT, root / "people" / "alice.md")
    shutil.copy(ARTICLE, root / "news" / "story.md")
    text = TRANSCRIPT.read_text(encoding="utf-8").replace("videoId: KL4O_d7AlvQ", "videoId: 12:00", 1)
    (root / "people" / "bad.md").write_text(text, encoding="utf-8")
    (root / "people" / "binary.md").write_bytes(b"---\n\xff\n")
    return root


# -- paths ------------------------------------------------------------------------------


def test_every_line_says_which_file_it_came_from(vault: Path, tmp_path: Path) -> None:
    code, out, err = run("export", str(vault), str(TRANSCRIPT))
    assert code == 1  # bad.md and binary.md have errors
    records = _records(out)
    assert [record["path"] for record in records] == ["news/story.md", "people/alice.md", str(TRANSCRIPT)]
    assert next(iter(records[0])) == "path"  # the first member, so a reader finds it at once
    assert "people/bad.md:3:10: SP105 error: " in err
    # Relative to the folder named, however it was named.
    code, out, _ = run("export", "vault/people", cwd=tmp_path)
    assert [record["path"] for record in _records(out)] == ["alice.md"]
    # The rest of the line is the document's JSON, as to_json writes it.
    line = out.splitlines()[0]
    document = seedparse.parse_file(TRANSCRIPT)
    assert line == '{"path":"alice.md",' + seedparse.to_json(document)[1:]
    assert seedparse.from_json(line) == document


def test_the_same_file_under_two_arguments_is_relative_to_each(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    shutil.copy(TRANSCRIPT, tmp_path / "a" / "b" / "n.md")
    code, out, _ = run("export", "a", "a/b", cwd=tmp_path)
    assert code == 0
    assert [record["path"] for record in _records(out)] == ["b/n.md", "n.md"]


# -- --keep-errors ----------------------------------------------------------------------


def test_keep_errors_writes_every_file_with_its_diagnostics(vault: Path) -> None:
    code, out, err = run("export", "--keep-errors", str(vault))
    assert code == 1  # the errors still fail the run, and are still printed
    assert "people/bad.md:3:10: SP105 error: " in err
    records = {record["path"]: record for record in _records(out)}
    assert list(records) == ["news/story.md", "people/alice.md", "people/bad.md", "people/binary.md"]
    bad = records["people/bad.md"]
    assert bad["kind"] == "transcript"
    assert [d["code"] for d in bad["diagnostics"]] == ["SP105"]
    assert bad["diagnostics"][0]["span"] == {"line": 3, "column": 10, "end_line": 3, "end_column": 15}
    assert list(bad)[-1] == "diagnostics"
    binary = records["people/binary.md"]
    assert binary == {
        "path": "people/binary.md",
        "kind": None,
        "diagnostics": [
            d.model_dump(mode="json") for d in seedparse.parse_file_lenient(vault / "people/binary.md").diagnostics
        ],
    }
    story = records["news/story.md"]
    expected = seedparse.parse_file_lenient(ARTICLE)
    assert story["diagnostics"] == [d.model_dump(mode="json") for d in expected.diagnostics]  # warnings too
    assert records["people/alice.md"]["diagnostics"] == []
    assert seedparse.from_json(json.dumps(story)) == expected.document
    # --jobs 2 writes the same lines
    many = vault / "many"
    many.mkdir()
    for i in range(40):
        shutil.copy(vault / "people" / ("bad.md" if i % 3 else "alice.md"), many / f"{i:02d}.md")
    assert run("export", "--keep-errors", "--jobs", "1", str(vault)) == run(
        "export", "--keep-errors", "--jobs", "2", str(vault)
    )


# -- --no-spans -------------------------------------------------------------------------


def test_no_spans_leaves_out_every_span_and_nothing_else(tmp_path: Path) -> None:
    paths = [*SEED_FILES, *CORPUS_FILES]
    code, full, _ = run("export", *map(str, paths))
    assert code == 0
    code, compact, _ = run("export", "--no-spans", *map(str, paths))
    assert code == 0
    assert len(compact) < 0.7 * len(full)
    for line, path in zip(compact.splitlines(), paths, strict=True):
        record = json.loads(line)
        assert record.pop("path") == str(path)
        assert record == without_spans(seedparse.parse_file(path))
        assert '"span"' not in line


def test_strip_spans_keeps_a_span_written_as_text() -> None:
    text = (
        '{"span":null,"a":"\\"span\\":{\\"line\\":1}","b":[{"span":{"line":1,"column":2,"end_line":3,"end_column":4}}]}'
    )
    assert json.loads(strip_spans(text)) == {"a": '"span":{"line":1}', "b": [{}]}


# -- standard input ---------------------------------------------------------------------


def test_standard_input_as_dash() -> None:
    code, out, err = run("export", "-", stdin=TRANSCRIPT.read_bytes())
    assert (code, err) == (0, "")
    (record,) = _records(out)
    assert record["path"] == "-"
    assert seedparse.from_json(out) == seedparse.parse_file(TRANSCRIPT)
    code, out, err = run("export", "-", stdin=b"---\n\xff\n")
    assert (code, out) == (1, "")
    assert err.startswith("-:2:1: SP002 error: not UTF-8 text")
    code, out, _ = run("export", "--keep-errors", "--no-spans", "-", stdin="# Title only\n")
    assert code == 1
    (record,) = _records(out)
    assert (record["path"], record["kind"]) == ("-", "article")
    assert "span" not in record
    code, _, err = run("export", "-", str(TRANSCRIPT))
    assert code == 2
    assert "cannot be mixed" in err
    code, out, _ = run("export", "--max-size", "10", "-", stdin="x" * 50)
    assert code == 1


# -- permissions ------------------------------------------------------------------------


def test_a_new_output_file_gets_the_users_umask(tmp_path: Path) -> None:
    for umask, mode in ((0o022, 0o644), (0o077, 0o600), (0o002, 0o664)):
        out = tmp_path / f"out-{umask:o}.jsonl"
        proc = subprocess.run(
            [
                "sh",
                "-c",
                f'umask {umask:03o} && exec "$0" "$@"',
                str(SEEDPARSE),
                "export",
                str(TRANSCRIPT),
                "-o",
                str(out),
            ],
            capture_output=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        assert out.stat().st_mode & 0o777 == mode
    # a file replaced keeps its own permissions
    out = tmp_path / "kept.jsonl"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    assert run("export", str(TRANSCRIPT), "-o", str(out))[0] == 0
    assert out.stat().st_mode & 0o777 == 0o640


def test_export_through_a_symbolic_link_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.jsonl"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    assert run("export", str(TRANSCRIPT), "-o", str(link))[0] == 0
    assert link.is_symlink()
    assert seedparse.from_json(real.read_text(encoding="utf-8")) == seedparse.parse_file(TRANSCRIPT)


def test_export_refuses_to_overwrite_one_of_its_inputs(tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    shutil.copy(TRANSCRIPT, note)
    code, _, err = run("export", str(note), "-o", str(note))
    assert code == 2
    assert "is one of the inputs" in err
    assert note.read_bytes() == TRANSCRIPT.read_bytes()


# -- errors on the write side -----------------------------------------------------------


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """A folder nobody can add files to: chmod for a user; for root (whom chmod does not stop), chattr +i."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(folder)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)


def _one_error_line(err: str, path: Path) -> None:
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"Error: cannot write {path}: ")
    assert "Traceback" not in err


def test_export_into_a_missing_folder_is_one_line_and_status_2(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "out.jsonl"
    code, stdout, err = run("export", str(TRANSCRIPT), "-o", str(out))
    assert (code, stdout) == (2, "")
    _one_error_line(err, out)
    assert err.strip().endswith("No such file or directory")


def test_export_into_a_read_only_folder_is_one_line_and_keeps_the_old_file(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "all.jsonl"
    out.write_text("the previous export\n", encoding="utf-8")
    with read_only(folder):
        code, _, err = run("export", str(TRANSCRIPT), "-o", str(out))
    assert code == 2
    _one_error_line(err, out)
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    assert sorted(p.name for p in folder.iterdir()) == ["all.jsonl"]


def test_schema_write_into_a_read_only_folder_is_one_line_and_status_2(tmp_path: Path) -> None:
    folder = tmp_path / "schemas"
    assert run("schema", "--write", str(folder))[0] == 0
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert len(before) == 8
    (folder / "any.validation.json").write_text("old", encoding="utf-8")
    with read_only(folder):
        code, out, err = run("schema", "--write", str(folder))
    assert (code, out) == (2, "")
    _one_error_line(err, folder / "any.validation.json")
    assert (folder / "any.validation.json").read_text(encoding="utf-8") == "old"
    (tmp_path / "plain").write_text("a file, not a folder", encoding="utf-8")
    code, _, err = run("schema", "--write", str(tmp_path / "plain" / "sub"))
    assert code == 2
    assert err.startswith(f"Error: cannot write {tmp_path / 'plain' / 'sub'}: ")
    assert len(err.splitlines()) == 1


def test_fmt_in_a_read_only_folder_reports_each_file_and_goes_on(tmp_path: Path) -> None:
    messy = TRANSCRIPT.read_text(encoding="utf-8").replace("\n\n", "\n\n\n")
    locked = tmp_path / "locked"
    free = tmp_path / "free"
    for folder in (locked, free):
        folder.mkdir()
        (folder / "a.md").write_text(messy, encoding="utf-8")
        (folder / "b.md").write_text(messy, encoding="utf-8")
    with read_only(locked):
        code, out, err = run("fmt", str(locked), str(free))
    assert code == 2
    errors = [line for line in err.splitlines() if line.startswith("Error: ")]
    assert [line.rsplit(": ", 1)[0] for line in errors] == [
        f"Error: cannot write {locked / 'a.md'}",
        f"Error: cannot write {locked / 'b.md'}",
    ]
    assert "Traceback" not in err
    assert _reports(out) == [f"reformatted {free / 'a.md'}", f"reformatted {free / 'b.md'}"]
    assert (locked / "a.md").read_text(encoding="utf-8") == messy  # left as it was
    assert (free / "a.md").read_text(encoding="utf-8") != messy
    assert sorted(p.name for p in locked.iterdir()) == ["a.md", "b.md"]


# -- fmt --jobs -------------------------------------------------------------------------


def test_fmt_jobs_1_and_2_do_the_same(tmp_path: Path) -> None:
    messy = TRANSCRIPT.read_text(encoding="utf-8").replace("\n\n", "\n\n\n")
    results = []
    for jobs in ("1", "2"):
        folder = tmp_path / f"notes{jobs}"
        folder.mkdir()
        for i in range(70):
            (folder / f"{i:02d}.md").write_text(messy if i % 2 else TRANSCRIPT.read_text("utf-8"), encoding="utf-8")
        (folder / "bad.md").write_bytes(b"---\n\xff\n")
        code, out, err = run("fmt", "--check", "--jobs", jobs, str(folder))
        checked = (code, out.replace(str(folder), "F"), err.replace(str(folder), "F"))
        code, out, err = run("fmt", "--jobs", jobs, str(folder))
        written = (code, out.replace(str(folder), "F"), err.replace(str(folder), "F"))
        results.append((checked, written, sorted((p.name, p.read_bytes()) for p in folder.iterdir())))
    assert results[0] == results[1]
    (check_code, check_out, _), (code, out, err), _ = results[0]
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    for i in range(70):
        (fresh / f"{i:02d}.md").write_text(messy if i % 2 else TRANSCRIPT.read_text("utf-8"), encoding="utf-8")
    found = seedparse.batch.format_files(sorted(fresh.iterdir()), jobs=1)
    changing = [f"F/{Path(r.path).name}" for r in found if r.canonical is not None]
    assert changing
    assert check_code == 1
    assert _reports(check_out) == [f"would reformat {name}" for name in changing]
    assert code == 1  # bad.md has an error: left alone, said on stderr
    assert [line for line in err.splitlines() if " SP" in line] == [
        "F/bad.md:2:1: SP002 error: not UTF-8 text: byte 0xff at byte offset 4 cannot be decoded"
    ]
    assert _reports(out) == [f"reformatted {name}" for name in changing]


def _reports(out: str) -> list[str]:
    """fmt's line for each file it changed (or would change), without its closing count."""
    return [line for line in out.splitlines() if line.startswith(("reformatted ", "would reformat "))]
