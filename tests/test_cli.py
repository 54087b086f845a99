"""The seedparse command: parse, export, validate, and python -m seedparse (run as the installed script)."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import seedparse
import seedparse.batch
from seedparse.diagnostics import CODES
from tests.conftest import CORPUS_FILES, SEED_FILES, SEEDS

TRANSCRIPT, ARTICLE = SEED_FILES
#: The console script the package installs, beside this interpreter.
SEEDPARSE = Path(sys.executable).parent / "seedparse"


def run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> tuple[int, str, str]:
    """Run the installed ``seedparse`` with standard output and error piped: ``(status, stdout, stderr)``."""
    proc = subprocess.run(
        [str(SEEDPARSE), *args], input=stdin, capture_output=True, text=True, check=False, cwd=cwd, timeout=120
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_parse_prints_the_documents_json() -> None:
    code, out, err = run("parse", str(TRANSCRIPT), "--indent", "2")
    assert code == 0
    assert err == ""
    assert seedparse.from_json(out) == seedparse.parse_file(TRANSCRIPT)
    assert out.startswith("{\n  ")


def test_parse_prints_warnings_to_stderr_and_still_succeeds() -> None:
    code, out, err = run("parse", str(ARTICLE))
    assert code == 0
    assert json.loads(out)["kind"] == "article"
    assert f"{ARTICLE}:33:" in err
    assert "SP402 warning: " in err


def test_parse_exits_1_with_diagnostics_on_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("just some text\n", encoding="utf-8")
    code, out, err = run("parse", str(bad))
    assert code == 1
    assert out == ""
    assert err.strip() == f"{bad}:1:1: SP001 error: " + seedparse.parse_lenient("x").diagnostics[0].message


# -- validate ---------------------------------------------------------------------------


def test_validate_clean_seeds_exits_0_with_a_summary() -> None:
    code, out, err = run("validate", "--output-format", "concise", str(SEEDS))
    assert code == 0
    assert err == ""
    *lines, summary = out.splitlines()
    assert lines
    assert all(line.startswith(str(ARTICLE) + ":") for line in lines)
    assert any(": SP402 warning: " in line for line in lines)
    assert summary == f"Found 0 errors and {len(lines)} warning{'s' if len(lines) > 1 else ''} in 1 of 2 files."
    # Placeholder links (SP303) are off by default: converted articles have them by the dozen.
    assert not any(": SP303 " in line for line in lines)
    code, out, _ = run("validate", "--output-format", "concise", "--select", "SP303", str(SEEDS))
    assert out.count(": SP303 warning: ") == 29


def test_validate_says_so_when_all_checks_pass() -> None:
    code, out, err = run("validate", str(TRANSCRIPT))
    assert (code, out, err) == (0, "All checks passed: no errors or warnings in 1 file.\n", "")


def _inject(tmp_path: Path, old: str, new: str, name: str = "note.md") -> Path:
    text = TRANSCRIPT.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _bad_video_id(tmp_path: Path, name: str = "note.md") -> Path:
    return _inject(tmp_path, "videoId: KL4O_d7AlvQ", "videoId: 12:00", name)


def test_validate_names_the_line_and_column_of_an_injected_fault(tmp_path: Path) -> None:
    # Line 12 starts "China maintains a pragmatic stance regarding [[russian_..."; the
    # injected fault is the closing brackets of that link, removed.
    path = _inject(tmp_path, "opposition dynamics]]. The Chinese", "opposition dynamics. The Chinese")
    code, out, _ = run("validate", "--output-format", "concise", str(path))
    assert code == 0  # an unclosed wiki-link is a warning
    assert out.splitlines() == [
        f"{path}:12:46: SP301 warning: unclosed wiki-link: no ']]' on this line; kept as text",
        "Found 0 errors and 1 warning in 1 of 1 file.",
    ]


def test_validate_exits_1_on_an_error_and_points_at_it(tmp_path: Path) -> None:
    path = _bad_video_id(tmp_path)
    code, out, _ = run("validate", "--output-format", "concise", str(path))
    assert code == 1
    assert [line.split(" ")[0:3] for line in out.splitlines()[:-1]] == [[f"{path}:3:10:", "SP105", "error:"]]
    assert out.splitlines()[-1] == "Found 1 error and 0 warnings in 1 of 1 file."


def test_validate_text_output_shows_each_severity_and_the_source(tmp_path: Path) -> None:
    path = _inject(tmp_path, "videoId: KL4O_d7AlvQ", "videoId: 12:00")
    path.write_text(
        path.read_text(encoding="utf-8").replace("opposition dynamics]]. The", "opposition dynamics. The"), "utf-8"
    )
    code, out, _ = run("validate", str(path))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{path}:3:10: SP105 error: videoId '12:00' is not an 11-character YouTube id ([A-Za-z0-9_-])"
    assert lines[1:3] == [" 3 | videoId: 12:00", "   |          ^^^^^"]
    assert lines[3].startswith(f"{path}:12:46: SP301 warning: ")
    assert lines[-1] == "Found 1 error and 1 warning in 1 of 1 file."
    assert len(lines) == 2 * 3 + 1


def test_validate_strict_says_warnings_fail(tmp_path: Path) -> None:
    path = _inject(tmp_path, "opposition dynamics]]. The Chinese", "opposition dynamics. The Chinese")
    code, out, _ = run("validate", "--strict", "--output-format", "concise", str(path))
    assert code == 1
    assert out.splitlines()[-1] == "Found 0 errors and 1 warning in 1 of 1 file. (--strict: warnings count as errors.)"


def test_validate_quiet_prints_the_diagnostics_only(tmp_path: Path) -> None:
    path = _bad_video_id(tmp_path)
    code, out, err = run("validate", "--quiet", "--output-format", "concise", str(path))
    assert code == 1
    assert err == ""
    assert out.splitlines() == [
        f"{path}:3:10: SP105 error: videoId '12:00' is not an 11-character YouTube id ([A-Za-z0-9_-])"
    ]
    assert run("validate", "-q", str(TRANSCRIPT)) == (0, "", "")


def test_validate_statistics_counts_each_code(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    _bad_video_id(tmp_path, "b.md")
    _bad_video_id(tmp_path, "c.md")
    code, out, _ = run("validate", "--statistics", "--select", "SP,SP303", str(tmp_path))
    assert code == 1
    *rows, summary = out.splitlines()
    table = [re.split(r"\t", row.strip()) for row in rows]
    expected: dict[str, int] = {}
    for path in sorted(tmp_path.glob("*.md")):
        for diagnostic in seedparse.parse_file_lenient(path).diagnostics:
            if diagnostic.code != "SP207":  # off by default, and not selected by SP
                expected[diagnostic.code] = expected.get(diagnostic.code, 0) + 1
    assert {row[1]: int(row[0]) for row in table} == expected
    assert [int(row[0]) for row in table] == sorted((int(row[0]) for row in table), reverse=True)
    assert all(row[2].strip() == CODES[row[1]].severity.value and row[3] == CODES[row[1]].summary for row in table)
    assert table[0][:2] == [str(expected["SP303"]), "SP303"]
    assert summary == f"Found 2 errors and {sum(expected.values()) - 2} warnings in 3 of 3 files."
    code, out, err = run("validate", "--statistics", "--select", "SP,SP303", "--output-format", "json", str(tmp_path))
    assert {row["code"]: row["count"] for row in json.loads(out)} == expected
    assert err == summary + "\n"


def test_validate_json_output_is_one_document(tmp_path: Path) -> None:
    path = _bad_video_id(tmp_path)
    code, out, err = run("validate", "--output-format", "json", str(path))
    assert code == 1
    assert json.loads(out) == [
        {
            "path": str(path),
            "code": "SP105",
            "severity": "error",
            "message": "videoId '12:00' is not an 11-character YouTube id ([A-Za-z0-9_-])",
            "span": {"line": 3, "column": 10, "end_line": 3, "end_column": 15},
        }
    ]
    assert err == "Found 1 error and 0 warnings in 1 of 1 file.\n"  # the summary stays off stdout
    code, out, _ = run("validate", "--output-format", "json", "--select", "SP,SP303", str(SEEDS))
    assert len(json.loads(out)) == len(seedparse.parse_file_lenient(ARTICLE).diagnostics)
    assert run("validate", "--output-format", "json", "-q", str(TRANSCRIPT)) == (0, "[]\n", "")


def test_validate_json_lines_output(tmp_path: Path) -> None:
    path = _bad_video_id(tmp_path)
    code, out, _ = run("validate", "--output-format", "json-lines", "--select", "SP,SP303", str(SEEDS), str(path))
    assert code == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert records[-1]["code"] == "SP105"
    assert {record["path"] for record in records} == {str(ARTICLE), str(path)}
    assert len(records) == len(seedparse.parse_file_lenient(ARTICLE).diagnostics) + 1


def test_validate_github_output(tmp_path: Path) -> None:
    path = _bad_video_id(tmp_path)
    code, out, err = run("validate", "--output-format", "github", str(path))
    assert code == 1
    assert out.startswith(f"::error file={path},line=3,col=10,endLine=3,endColumn=15,title=SP105::videoId '12:00'")
    assert err.startswith("Found 1 error")


def test_github_annotations_are_escaped_as_github_documents(tmp_path: Path) -> None:
    folder = tmp_path / "a,b:c"
    folder.mkdir()
    path = _bad_video_id(folder)
    code, out, _ = run("validate", "--output-format", "github", str(path))
    assert code == 1
    (line,) = out.splitlines()
    escaped = str(path).replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
    assert line.startswith(f"::error file={escaped},line=3,")
    assert "a,b:c" not in line
    from seedparse.report import github_annotation, github_data

    assert github_data("100%\r\ndone") == "100%25%0D%0Adone"
    diagnostic = seedparse.parse_lenient("just text").diagnostics[0].model_copy(update={"message": "50%\nmore"})
    assert github_annotation("x.md", diagnostic).endswith("::50%25%0Amore")


def test_validate_usage_error_exits_2(tmp_path: Path) -> None:
    code, _, err = run("validate", str(tmp_path / "missing.md"))
    assert code == 2
    assert "does not exist" in err


def _many(tmp_path: Path, count: int = 70) -> Path:
    """A folder of ``count`` notes (more than one chunk of paths), some with errors and warnings."""
    folder = tmp_path / "many"
    folder.mkdir()
    sources = [*SEED_FILES, *CORPUS_FILES]
    for i in range(count):
        text = sources[i % len(sources)].read_text(encoding="utf-8")
        if i % 7 == 3:
            text = text.replace("videoId: ", "videoId: 12:00 ", 1).replace("](#)", "](", 1)
        (folder / f"{i:03d}.md").write_text(text, encoding="utf-8")
    (folder / "broken.md").write_bytes(b"\xff\xfe not text")
    return folder


def test_validate_jobs_1_and_2_print_the_same(tmp_path: Path) -> None:
    folder = _many(tmp_path)
    outputs = {jobs: run("validate", "--jobs", jobs, str(folder)) for jobs in ("1", "2")}
    assert outputs["1"] == outputs["2"]
    code, out, _ = outputs["1"]
    assert code == 1
    assert "broken.md:1:1: SP002 error: " in out
    assert out.splitlines()[-1].startswith("Found ")
    assert f"of {len(list(folder.iterdir()))} files." in out.splitlines()[-1]
    assert (
        run("validate", "--jobs", "2", "--output-format", "json", str(folder))[1]
        == run("validate", "--jobs", "1", "--output-format", "json", str(folder))[1]
    )


def test_no_progress_bar_in_a_pipe(tmp_path: Path) -> None:
    folder = _many(tmp_path, 40)
    code, out, err = run("validate", "--output-format", "concise", str(folder))
    assert "\r" not in out + err
    assert "validating" not in out + err
    assert err == ""
    assert code == 1


def test_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    folder = _many(tmp_path, 40)
    primary, secondary = pty.openpty()
    try:
        proc = subprocess.run(
            [str(SEEDPARSE), "validate", "--output-format", "concise", str(folder)],
            stdout=subprocess.PIPE,
            stderr=secondary,
            check=False,
            timeout=120,
        )
        os.close(secondary)
        shown = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # the terminal's other end is closed: all read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(primary)
    assert proc.returncode == 1
    assert b"validating" in shown
    assert b"100%" in shown
    assert b"validating" not in proc.stdout  # stdout is a pipe here: only the diagnostics and the summary
    assert proc.stdout.decode().splitlines()[-1].startswith("Found ")
    # -q: no bar even on a terminal
    primary, secondary = pty.openpty()
    try:
        subprocess.run(
            [str(SEEDPARSE), "validate", "-q", str(folder)], stdout=subprocess.PIPE, stderr=secondary, check=False
        )
        os.close(secondary)
        try:
            quiet = os.read(primary, 65536)
        except OSError:
            quiet = b""
    finally:
        os.close(primary)
    assert b"validating" not in quiet


# -- export -----------------------------------------------------------------------------


def test_export_writes_json_lines(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    code, _, err = run("export", str(SEEDS), *map(str, CORPUS_FILES), "-o", str(out))
    assert code == 0, err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(SEED_FILES) + len(CORPUS_FILES)
    documents = [seedparse.from_json(line) for line in lines]
    assert documents[0] == seedparse.parse_file(SEED_FILES[0])
    assert {d.kind for d in documents} == {"transcript", "article"}


def test_export_leaves_out_files_with_errors_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(TRANSCRIPT.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "bad.md").write_text("---\ntitle: t\n---\n\nFrom: [[c]]\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("nothing to see\n", encoding="utf-8")  # not a seed document: skipped
    (tmp_path / "ignored.json").write_text("{}", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = run("export", str(tmp_path), "-o", str(out))
    assert code == 1
    assert "bad.md:1:1: SP104 error: " in err
    assert "notes.md:1:1: SP007 warning: " in err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1


def test_export_to_stdout() -> None:
    code, out, _ = run("export", str(TRANSCRIPT))
    assert code == 0
    assert seedparse.from_json(out.strip()) == seedparse.parse_file(TRANSCRIPT)


def test_python_dash_m() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "seedparse", "validate", "-q", str(TRANSCRIPT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0
    assert proc.stdout == ""
    help_text = subprocess.run(
        [sys.executable, "-m", "seedparse", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "Usage: seedparse" in help_text


def test_links_jobs_1_and_2_print_the_same(tmp_path: Path) -> None:
    folder = _many(tmp_path)
    one, two = (run("links", "--jobs", jobs, str(folder)) for jobs in ("1", "2"))
    assert one == two
    assert one[0] == 0
    assert one[1].startswith(f"{len(list(folder.iterdir()))} files, ")
    assert one[1].endswith("broken.md: unknown, 1 error, 0 links\n")


def test_the_summary_counts_the_files_skipped(tmp_path: Path) -> None:
    (tmp_path / "note.md").write_text(TRANSCRIPT.read_text(encoding="utf-8"), encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text("# My notes\n\nWhat this folder holds.\n", encoding="utf-8")
    (skipped,) = seedparse.parse_file_lenient(readme, skip_other=True).diagnostics
    assert skipped.code == "SP007"
    code, out, _ = run("validate", "--output-format", "concise", str(tmp_path))
    assert code == 0
    assert out.splitlines() == [
        f"{readme}:1:1: SP007 warning: {skipped.message}",
        "Found 0 errors and 1 warning in 1 of 2 files (1 skipped).",
    ]
