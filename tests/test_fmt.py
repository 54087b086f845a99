"""``seedparse fmt``: rewrite into canonical form, or --check; and its pre-commit hook."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import yaml
from click.testing import CliRunner

import seedparse
from seedparse.cli import main
from tests.conftest import CORPUS_FILES, ROOT, SEED_FILES

BIN = Path(sys.executable).parent


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _copy(files: list[Path], folder: Path) -> list[Path]:
    folder.mkdir(exist_ok=True)
    copies = []
    for path in files:
        target = folder / path.name
        target.write_bytes(path.read_bytes())
        copies.append(target)
    return copies


def test_check_lists_the_files_that_would_change_and_touches_nothing(tmp_path: Path) -> None:
    copies = _copy(SEED_FILES, tmp_path / "notes")
    before = [path.read_bytes() for path in copies]
    code, out, _ = run("fmt", "--check", str(tmp_path / "notes"))
    assert code == 1
    assert out.splitlines() == [f"would reformat {path}" for path in copies]
    assert [path.read_bytes() for path in copies] == before


def test_fmt_rewrites_into_the_canonical_form_which_then_checks_clean(tmp_path: Path) -> None:
    copies = _copy(SEED_FILES + CORPUS_FILES, tmp_path / "notes")
    originals = {path.name: seedparse.parse(path.read_bytes().decode("utf-8")) for path in copies}
    code, out, _ = run("fmt", str(tmp_path / "notes"))
    assert code == 0
    rewritten = {line.removeprefix("reformatted ") for line in out.splitlines()}
    assert rewritten <= {str(path) for path in copies}
    for path in copies:
        text = path.read_bytes().decode("utf-8")
        document = seedparse.parse(text)
        assert text == seedparse.render(document, canonical=True)
        assert seedparse.to_json(document).count('"type"') == seedparse.to_json(originals[path.name]).count('"type"')
    assert run("fmt", "--check", str(tmp_path / "notes"))[0] == 0


def test_a_canonical_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(seedparse.render(seedparse.parse_file(SEED_FILES[0]), canonical=True), encoding="utf-8")
    stamp = path.stat().st_mtime_ns
    assert run("fmt", str(path)) == (0, "", "")
    assert path.stat().st_mtime_ns == stamp


def test_a_file_with_an_error_is_reported_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text("just text\n", encoding="utf-8")
    code, out, err = run("fmt", str(path))
    assert code == 1
    assert out == ""
    assert f"{path}:1:1: SP001 " in err
    assert path.read_text(encoding="utf-8") == "just text\n"


def test_the_fmt_hook_runs_as_pre_commit_runs_it(tmp_path: Path) -> None:
    (good,) = _copy(SEED_FILES[:1], tmp_path / "notes")
    good.write_text(seedparse.render(seedparse.parse_file(good), canonical=True), encoding="utf-8")
    (tmp_path / "notes" / "messy.md").write_bytes(SEED_FILES[1].read_bytes())
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    hook = hooks["seedparse-fmt"]
    command = [*shlex.split(hook["entry"]), *hook.get("args", []), "notes/000_9e40aab2472b4316.txt", "notes/messy.md"]
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, text=True, check=False)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines() == ["would reformat notes/messy.md"]
