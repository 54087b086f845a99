"""The seedparse command: parse, export, validate, and python -m seedparse."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

import seedparse
from seedparse.cli import main
from tests.conftest import CORPUS_FILES, SEED_FILES, SEEDS

TRANSCRIPT, ARTICLE = SEED_FILES


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


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
    assert "SP402" in err


def test_parse_exits_1_with_diagnostics_on_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("just some text\n", encoding="utf-8")
    code, out, err = run("parse", str(bad))
    assert code == 1
    assert out == ""
    assert err.strip() == f"{bad}:1:1: SP001 " + seedparse.parse_lenient("x").diagnostics[0].message


def test_validate_clean_seeds_exits_0() -> None:
    code, out, _ = run("validate", "--output-format", "concise", str(SEEDS))
    assert code == 0
    lines = out.splitlines()
    assert lines
    assert all(line.startswith(str(ARTICLE) + ":") for line in lines)
    assert any(": SP402 " in line for line in lines)


def _inject(tmp_path: Path, old: str, new: str) -> Path:
    text = TRANSCRIPT.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "note.md"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_validate_names_the_line_and_column_of_an_injected_fault(tmp_path: Path) -> None:
    # Line 12 starts "China maintains a pragmatic stance regarding [[russian_..."; the
    # injected fault is the closing brackets of that link, removed.
    path = _inject(tmp_path, "opposition dynamics]]. The Chinese", "opposition dynamics. The Chinese")
    code, out, _ = run("validate", "--output-format", "concise", str(path))
    assert code == 0  # an unclosed wiki-link is a warning
    assert out.splitlines() == [f"{path}:12:46: SP301 unclosed wiki-link: no ']]' on this line; kept as text"]


def test_validate_exits_1_on_an_error_and_points_at_it(tmp_path: Path) -> None:
    path = _inject(tmp_path, 'data-t="00:12:21">[00:12:21]', 'data-t="00:02:21">[00:02:21]')
    code, out, _ = run("validate", "--output-format", "concise", str(path))
    assert code == 1
    assert [line.split(" ")[0:2] for line in out.splitlines()] == [[f"{path}:20:341:", "SP202"]]


def test_validate_json_output(tmp_path: Path) -> None:
    path = _inject(tmp_path, "videoId: KL4O_d7AlvQ", "videoId: 12:00")
    code, out, _ = run("validate", "--output-format", "json", str(path))
    assert code == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert records == [
        {
            "path": str(path),
            "code": "SP105",
            "severity": "error",
            "message": "videoId '12:00' is not an 11-character YouTube id ([A-Za-z0-9_-])",
            "span": {"line": 3, "column": 10, "end_line": 3, "end_column": 15},
        }
    ]


def test_validate_github_output(tmp_path: Path) -> None:
    path = _inject(tmp_path, "videoId: KL4O_d7AlvQ", "videoId: 12:00")
    code, out, _ = run("validate", "--output-format", "github", str(path))
    assert code == 1
    assert out.startswith(f"::error file={path},line=3,col=10,endLine=3,endColumn=15,title=SP105::videoId '12:00'")


def test_validate_usage_error_exits_2(tmp_path: Path) -> None:
    code, _, err = run("validate", str(tmp_path / "missing.md"))
    assert code == 2
    assert "does not exist" in err


def test_export_writes_json_lines(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    # The corpus folders also hold MANIFEST.md and SOURCES.md, which are not seed files.
    code, _, err = run("export", str(SEEDS), *map(str, CORPUS_FILES), "-o", str(out))
    assert code == 0, err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(SEED_FILES) + len(CORPUS_FILES)
    documents = [seedparse.from_json(line) for line in lines]
    assert documents[0] == seedparse.parse_file(SEED_FILES[0])
    assert {d.kind for d in documents} == {"transcript", "article"}


def test_export_leaves_out_files_with_errors_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(TRANSCRIPT.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "bad.md").write_text("nothing to see\n", encoding="utf-8")
    (tmp_path / "ignored.json").write_text("{}", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = run("export", str(tmp_path), "-o", str(out))
    assert code == 1
    assert "bad.md:1:1: SP001" in err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1


def test_export_to_stdout() -> None:
    code, out, _ = run("export", str(TRANSCRIPT))
    assert code == 0
    assert seedparse.from_json(out.strip()) == seedparse.parse_file(TRANSCRIPT)


def test_python_dash_m() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "seedparse", "validate", str(TRANSCRIPT)],
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
