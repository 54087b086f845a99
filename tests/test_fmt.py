"""``seedparse fmt``: rewrite into canonical form, --check, --diff, the summary line; its pre-commit hook; and how
it writes (through links, keeping hard links, owner and group)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

import seedparse
from tests.conftest import CORPUS, CORPUS_FILES, ROOT, SEED_FILES

BIN = Path(sys.executable).parent
#: The console script the package installs, beside this interpreter.
SEEDPARSE = BIN / "seedparse"


def run(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    """Run the installed ``seedparse``: ``(status, stdout, stderr)``."""
    proc = subprocess.run([str(SEEDPARSE), *args], capture_output=True, text=True, check=False, cwd=cwd, timeout=300)
    return proc.returncode, proc.stdout, proc.stderr


def messy(text: str) -> str:
    """A text with the same meaning and a layout that is not canonical: five blank lines between two paragraphs."""
    newline = "\r\n" if "\r\n" in text else "\n"
    middle = text.index(newline * 2, len(text) // 2)
    return text[:middle] + newline * 6 + text[middle + 2 * len(newline) :]


def _copy(files: list[Path], folder: Path, change: bool = True) -> list[Path]:
    folder.mkdir(exist_ok=True)
    copies = []
    for path in files:
        target = folder / path.name
        text = path.read_bytes().decode("utf-8")
        target.write_bytes((messy(text) if change else text).encode("utf-8"))
        copies.append(target)
    return copies


def test_most_real_notes_are_already_canonical() -> None:
    """Issue 14: the canonical form is the form real notes are written in (at least 90% of them)."""
    code, out, _ = run("fmt", "--check", str(CORPUS))
    would = [line for line in out.splitlines() if line.startswith("would reformat ")]
    assert len(CORPUS_FILES) >= 18
    assert len(would) <= len(CORPUS_FILES) // 10, would
    assert out.splitlines()[-1] == (
        f"{len(would)} file{'' if len(would) == 1 else 's'} would be reformatted, "
        f"{len(CORPUS_FILES) - len(would)} files already formatted"
    )
    assert code == (1 if would else 0)


def test_the_seed_files_are_canonical() -> None:
    for path in SEED_FILES:
        text = path.read_bytes().decode("utf-8")
        assert seedparse.render(seedparse.parse(text), canonical=True) == text, path


def test_check_lists_the_files_that_would_change_and_touches_nothing(tmp_path: Path) -> None:
    copies = _copy(SEED_FILES, tmp_path / "notes")
    before = [path.read_bytes() for path in copies]
    code, out, _ = run("fmt", "--check", str(tmp_path / "notes"))
    assert code == 1
    assert out.splitlines() == [
        *(f"would reformat {path}" for path in copies),
        "2 files would be reformatted, 0 files already formatted",
    ]
    assert [path.read_bytes() for path in copies] == before


def test_diff_prints_a_unified_diff_and_touches_nothing(tmp_path: Path) -> None:
    (path,) = _copy(SEED_FILES[:1], tmp_path / "notes")
    before = path.read_bytes()
    code, out, err = run("fmt", "--diff", str(path))
    assert code == 1
    assert out.startswith(f"--- {path}\n+++ {path}\n@@ ")
    removed = [line for line in out.splitlines() if line.startswith("-") and not line.startswith("---")]
    assert set(removed) == {"-"}  # only the extra blank lines go
    assert not [line for line in out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert err.splitlines()[-1] == "1 file would be reformatted, 0 files already formatted"
    assert path.read_bytes() == before
    # The diff applies: patch(1) turns the file into its canonical form.
    proc = subprocess.run(["patch", "-s", str(path)], input=out, text=True, capture_output=True, check=False)
    if proc.returncode == 0:
        assert path.read_bytes().decode("utf-8") == seedparse.render(seedparse.parse_file(path), canonical=True)


def test_diff_of_a_canonical_file_is_empty_and_exits_0(tmp_path: Path) -> None:
    (path,) = _copy(SEED_FILES[:1], tmp_path / "notes", change=False)
    assert run("fmt", "--diff", str(path)) == (0, "", "0 files would be reformatted, 1 file already formatted\n")


def test_fmt_rewrites_into_the_canonical_form_which_then_checks_clean(tmp_path: Path) -> None:
    copies = _copy(SEED_FILES + CORPUS_FILES, tmp_path / "notes")
    originals = {path.name: seedparse.parse(path.read_bytes().decode("utf-8")) for path in copies}
    code, out, _ = run("fmt", str(tmp_path / "notes"))
    assert code == 0
    *lines, summary = out.splitlines()
    rewritten = {line.removeprefix("reformatted ") for line in lines}
    assert rewritten <= {str(path) for path in copies}
    assert summary == f"{len(rewritten)} files reformatted, {len(copies) - len(rewritten)} files left unchanged"
    for path in copies:
        text = path.read_bytes().decode("utf-8")
        document = seedparse.parse(text)
        assert text == seedparse.render(document, canonical=True)
        assert seedparse.to_json(document).count('"type"') == seedparse.to_json(originals[path.name]).count('"type"')
    code, out, _ = run("fmt", "--check", str(tmp_path / "notes"))
    assert code == 0
    assert out == f"0 files would be reformatted, {len(copies)} files already formatted\n"


def test_a_canonical_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(seedparse.render(seedparse.parse_file(SEED_FILES[0]), canonical=True), encoding="utf-8")
    stamp = path.stat().st_mtime_ns
    assert run("fmt", str(path)) == (0, "0 files reformatted, 1 file left unchanged\n", "")
    assert path.stat().st_mtime_ns == stamp


def test_a_file_with_an_error_is_reported_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text("just text\n", encoding="utf-8")
    code, out, err = run("fmt", str(path))
    assert code == 1
    assert out == "0 files reformatted, 0 files left unchanged, 1 file left alone (see above)\n"
    assert f"{path}:1:1: SP001 " in err
    assert path.read_text(encoding="utf-8") == "just text\n"


def test_the_fmt_hook_runs_as_pre_commit_runs_it(tmp_path: Path) -> None:
    (good,) = _copy(SEED_FILES[:1], tmp_path / "notes", change=False)
    (tmp_path / "notes" / "messy.md").write_text(messy(SEED_FILES[0].read_text(encoding="utf-8")), encoding="utf-8")
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    hook = hooks["seedparse-fmt"]
    command = [*shlex.split(hook["entry"]), *hook.get("args", []), f"notes/{good.name}", "notes/messy.md"]
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, text=True, check=False)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines() == [
        "would reformat notes/messy.md",
        "1 file would be reformatted, 1 file already formatted",
    ]


# -- how fmt writes ------------------------------------------------------------------------


def _messy_note(path: Path) -> Path:
    path.write_text(messy(SEED_FILES[0].read_text(encoding="utf-8")), encoding="utf-8")
    return path


def test_fmt_writes_through_a_symbolic_link_and_the_link_stays(tmp_path: Path) -> None:
    real = _messy_note(tmp_path / "real.md")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    assert run("fmt", str(link))[0] == 0
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    text = real.read_text(encoding="utf-8")
    assert text == seedparse.render(seedparse.parse(text), canonical=True)
    assert text != messy(SEED_FILES[0].read_text(encoding="utf-8"))


def test_fmt_keeps_hard_links_and_the_mode(tmp_path: Path) -> None:
    note = _messy_note(tmp_path / "note.md")
    note.chmod(0o640)
    other = tmp_path / "other.md"
    os.link(note, other)
    inode = note.stat().st_ino
    assert run("fmt", str(note))[0] == 0
    assert note.stat().st_ino == inode
    assert note.stat().st_nlink == 2
    assert other.read_bytes() == note.read_bytes() == SEED_FILES[0].read_bytes()
    assert note.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_fmt_keeps_the_owner_and_group(tmp_path: Path) -> None:
    note = _messy_note(tmp_path / "note.md")
    if os.geteuid() == 0:
        os.chown(note, 12345, 23456)  # root: another owner and group, which the rewrite must keep
        tmp_path.chmod(0o777)
    before = note.stat()
    assert run("fmt", str(note))[0] == 0
    after = note.stat()
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    assert note.read_bytes() == SEED_FILES[0].read_bytes()


def test_a_file_named_twice_by_links_is_formatted_once_correctly(tmp_path: Path) -> None:
    real = _messy_note(tmp_path / "real.md")
    (tmp_path / "link.md").symlink_to(real)
    assert run("fmt", str(tmp_path))[0] == 0
    assert real.read_bytes() == SEED_FILES[0].read_bytes()


def test_export_refuses_an_output_that_a_folder_named_holds(tmp_path: Path) -> None:
    """``export DIR -o DIR/note.md`` would replace a note with JSON: refused, one line, exit 2."""
    note = tmp_path / "note.md"
    note.write_bytes(SEED_FILES[0].read_bytes())
    code, out, err = run("export", str(tmp_path), "-o", str(note))
    assert code == 2
    assert out == ""
    assert f"the output {note} is one of the inputs" in err
    assert "Traceback" not in err
    assert note.read_bytes() == SEED_FILES[0].read_bytes()
    # A new file in the folder, or one the walk leaves out, is a fine output.
    assert run("export", str(tmp_path), "-o", str(tmp_path / "out.jsonl"))[0] == 0
    assert run("export", str(tmp_path), "-o", str(tmp_path / "out.jsonl"))[0] == 0
