"""``seedparse validate`` in other people's CI: pre-commit, code selection, strict mode, source context."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from seedparse.cli import is_selected, main, source_context
from tests.conftest import CORPUS_FILES, ROOT, SEED_FILES

TRANSCRIPT, ARTICLE = SEED_FILES
HOOKS = ROOT / ".pre-commit-hooks.yaml"
#: Where pre-commit would have installed the package's console script.
BIN = Path(sys.executable).parent


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout


def _hooks() -> dict[str, dict[str, Any]]:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    return {hook["id"]: hook for hook in hooks}


def _bad_transcript() -> str:
    text = TRANSCRIPT.read_text(encoding="utf-8")
    # An error (a videoId that is not one) and a warning (an unclosed wiki-link).
    text = text.replace("videoId: KL4O_d7AlvQ", "videoId: 12:00", 1)
    return text.replace("opposition dynamics]]. The Chinese", "opposition dynamics. The Chinese", 1)


# -- pre-commit -----------------------------------------------------------------------


def test_the_hooks_are_defined() -> None:
    hooks = _hooks()
    assert set(hooks) == {"seedparse-validate", "seedparse-fmt", "seedparse-fix"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert re.search(hook["files"], "notes/a_note.md")
        assert re.search(hook["files"], "seeds/000.txt")
        assert not re.search(hook["files"], "notes/image.png")
    assert hooks["seedparse-validate"]["entry"] == "seedparse validate --force-exclude"
    assert hooks["seedparse-fmt"]["entry"] == "seedparse fmt --check --force-exclude"
    assert hooks["seedparse-fix"]["entry"] == "seedparse fix --force-exclude"


def test_the_validate_hook_runs_as_pre_commit_runs_it(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "good.md").write_text(TRANSCRIPT.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "notes" / "bad.md").write_text(_bad_transcript(), encoding="utf-8")
    hook = _hooks()["seedparse-validate"]
    # pre-commit runs entry + args + the staged file names, from the repository's root,
    # with the hook's environment (where the package is installed) first on PATH.
    command = [*shlex.split(hook["entry"]), *hook.get("args", []), "notes/good.md", "notes/bad.md"]
    assert (BIN / command[0]).exists()
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, text=True, check=False)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == ""
    headers = [line for line in proc.stdout.splitlines() if re.match(r"\S+:\d+:\d+: SP\d{3} ", line)]
    assert [line.split(" ")[:2] for line in headers] == [
        ["notes/bad.md:3:10:", "SP105"],
        ["notes/bad.md:12:46:", "SP301"],
    ]
    assert "good.md" not in proc.stdout
    assert len(proc.stdout.splitlines()) == 3 * len(headers) + 1  # each with its source line and caret line
    assert proc.stdout.splitlines()[-1] == "Found 1 error and 1 warning in 1 of 2 files."


def test_the_validate_hook_passes_good_files(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(TRANSCRIPT.read_text(encoding="utf-8"), encoding="utf-8")
    hook = _hooks()["seedparse-validate"]
    command = [str(BIN / shlex.split(hook["entry"])[0]), *shlex.split(hook["entry"])[1:], "good.md"]
    proc = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        0,
        "All checks passed: no errors or warnings in 1 file.\n",
        "",
    )


# -- text output: the source line and a caret --------------------------------------------


def test_text_output_shows_the_line_and_a_caret(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text(_bad_transcript(), encoding="utf-8")
    code, out = run("validate", str(path))
    assert code == 1
    assert out.splitlines()[:3] == [
        f"{path}:3:10: SP105 error: videoId '12:00' is not an 11-character YouTube id ([A-Za-z0-9_-])",
        " 3 | videoId: 12:00",
        "   |          ^^^^^",
    ]
    header, shown, carets = out.splitlines()[3:6]
    assert header == f"{path}:12:46: SP301 warning: unclosed wiki-link: no ']]' on this line; kept as text"
    # Line 12 is over 100 characters: a window of it, with the caret under '[['.
    assert (
        shown == " 12 | ... maintains a pragmatic stance regarding "
        "[[russian_government_and_opposition_dynamics | Russian gover..."
    )
    assert carets == "    |                                            ^^"
    assert shown[carets.index("^") : carets.index("^") + 2] == "[["


def _triples(out: str) -> list[tuple[str, str, str]]:
    *lines, summary = out.splitlines()
    assert summary.startswith(("Found ", "All checks passed")), summary
    assert len(lines) % 3 == 0, out
    return [(lines[i], lines[i + 1], lines[i + 2]) for i in range(0, len(lines), 3)]


def test_every_caret_is_under_its_column() -> None:
    checked = 0
    for path in [ARTICLE, *CORPUS_FILES]:
        code, out = run("validate", "--select", "SP,SP207,SP303", str(path))  # every code: more carets to check
        assert code == 0
        source = path.read_bytes().decode("utf-8").removeprefix("\ufeff").splitlines()
        for header, shown, carets in _triples(out):
            match = re.fullmatch(rf"{re.escape(str(path))}:(\d+):(\d+): SP\d{{3}} .*", header)
            assert match is not None, header
            line, column = int(match[1]), int(match[2])
            gutter = f" {line} | "
            assert shown.startswith(gutter)
            assert carets.startswith(" " * (len(gutter) - 2) + "| ")
            text = shown[len(gutter) :]
            written = source[line - 1]
            assert "\t" not in written
            assert text.removeprefix("...").removesuffix("...") in written
            # The caret stands under the diagnostic's column: the same text follows both.
            after = text[carets.index("^") - len(gutter) :].removesuffix("...")[:12]
            assert written[column - 1 :].startswith(after), (header, shown, carets)
            assert after or column == len(written) + 1
            checked += 1
    assert checked > 40


@pytest.mark.parametrize(
    ("line", "column", "end", "shown", "carets"),
    [
        ("abc [[x def", 5, 7, "abc [[x def", "    ^^"),
        ("abc", 4, 4, "abc", "   ^"),  # the end of the line
        ("\tx [[y", 4, None, "    x [[y", "      ^"),  # a tab shows as four spaces
        ("日本 [[x", 4, 6, "日本 [[x", "     ^^"),  # wide characters take two cells
        ("e\u0301 [[x", 4, 6, "e\u0301 [[x", "  ^^"),  # a combining accent takes none
        ("x" * 1000, 1, 2, "x" * 100 + "...", "^"),
        ("x" * 1000, 1000, 1001, "..." + "x" * 100, "   " + " " * 99 + "^"),
    ],
)
def test_source_context(line: str, column: int, end: int | None, shown: str, carets: str) -> None:
    assert source_context(line, column, end) == (shown, carets)


def test_a_long_line_is_cut_around_the_column() -> None:
    line = "a" * 499 + "[[broken" + "b" * 493
    assert len(line) == 1000
    shown, carets = source_context(line, 500, 502)
    assert shown == "..." + "a" * 40 + "[[broken" + "b" * 52 + "..."
    assert carets == " " * 43 + "^^"


def test_an_unreadable_file_has_no_source_line(tmp_path: Path) -> None:
    path = tmp_path / "binary.md"
    path.write_bytes(b"---\n\xff\n")
    code, out = run("validate", str(path))
    assert code == 1
    assert out.splitlines() == [
        f"{path}:2:1: SP002 error: not UTF-8 text: byte 0xff at byte offset 4 cannot be decoded",
        "Found 1 error and 0 warnings in 1 of 1 file.",
    ]


# -- --select, --ignore, --strict ----------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "select", "ignore", "kept"),
    [
        ("SP301", [], [], True),
        ("SP301", ["SP3"], [], True),
        ("SP105", ["SP3"], [], False),
        ("SP301", [], ["SP3"], False),
        ("SP301", ["SP3"], ["SP301"], False),  # the more specific wins
        ("SP302", ["SP3"], ["SP301"], True),
        ("SP301", ["SP301"], ["SP3"], True),
        ("SP301", ["SP3"], ["SP3"], False),  # a tie goes to ignore
        ("SP301", ["SP"], ["SP1", "SP2"], True),
    ],
)
def test_is_selected(code: str, select: list[str], ignore: list[str], kept: bool) -> None:
    assert is_selected(code, select, ignore) is kept


def _codes(out: str) -> list[str]:
    return [record["code"] for record in map(json.loads, out.splitlines())]


def test_select_and_ignore_choose_what_is_reported_and_what_fails(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text(_bad_transcript(), encoding="utf-8")
    assert _codes(run("validate", "--output-format", "json-lines", str(path))[1]) == ["SP105", "SP301"]
    code, out = run("validate", "--output-format", "json-lines", "--select", "sp3", str(path))
    assert (code, _codes(out)) == (0, ["SP301"])  # the error is not selected: it does not fail
    code, out = run("validate", "--output-format", "json-lines", "--ignore", "SP301,SP2", str(path))
    assert (code, _codes(out)) == (1, ["SP105"])
    code, out = run("validate", "--output-format", "json-lines", "--select", "SP1", "--select", "SP3", str(path))
    assert (code, _codes(out)) == (1, ["SP105", "SP301"])
    code, out = run("validate", "--output-format", "json-lines", "--select", "SP3", "--ignore", "SP301", str(path))
    assert (code, out) == (0, "")


def test_strict_makes_warnings_fail(tmp_path: Path) -> None:
    assert run("validate", "--output-format", "concise", str(ARTICLE))[0] == 0  # warnings only
    code, out = run("validate", "--output-format", "concise", "--strict", str(ARTICLE))
    assert code == 1
    assert out.splitlines()[:-1] == run("validate", "--output-format", "concise", str(ARTICLE))[1].splitlines()[:-1]
    assert run("validate", "--strict", "--ignore", "SP3,SP4", str(ARTICLE)) == (
        0,
        "All checks passed: no errors or warnings in 1 file.\n",
    )
    code, out = run("validate", "--output-format", "github", "--strict", "--select", "SP402", str(ARTICLE))
    assert code == 1
    assert out.startswith(f"::error file={ARTICLE},line=33,col=279,")  # a failing warning is shown as an error
    code, out = run("validate", "--output-format", "github", "--select", "SP402", str(ARTICLE))
    assert (code, out.startswith("::warning ")) == (0, True)


def test_json_lines_output_is_one_object_per_diagnostic(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text(_bad_transcript(), encoding="utf-8")
    records = [json.loads(line) for line in run("validate", "--output-format", "json-lines", str(path))[1].splitlines()]
    assert [sorted(record) for record in records] == [["code", "message", "path", "severity", "span"]] * 2
    assert [(r["path"], r["severity"], r["span"]["line"], r["span"]["column"]) for r in records] == [
        (str(path), "error", 3, 10),
        (str(path), "warning", 12, 46),
    ]


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_an_unknown_code_is_a_usage_error(option: str) -> None:
    result = CliRunner().invoke(main, ["validate", option, "SP9", str(TRANSCRIPT)])
    assert result.exit_code == 2
    assert "'SP9' is not a diagnostic code or a prefix of one" in result.stderr


def test_the_hooks_skip_a_readme_pre_commit_passes_them(tmp_path: Path) -> None:
    # pre-commit passes every staged name; a vault's README.md is not a seed document.
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "good.md").write_text(TRANSCRIPT.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "notes" / "README.md").write_text("# My vault\n\nNotes on videos.\n", encoding="utf-8")
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    for hook_id in ("seedparse-validate", "seedparse-fmt", "seedparse-fix"):
        hook = _hooks()[hook_id]
        command = [*shlex.split(hook["entry"]), *hook.get("args", []), "notes/good.md", "notes/README.md"]
        proc = subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, text=True, check=False)
        assert proc.returncode == 0, (hook_id, proc.stdout, proc.stderr)
    assert (tmp_path / "notes" / "README.md").read_text(encoding="utf-8") == "# My vault\n\nNotes on videos.\n"
