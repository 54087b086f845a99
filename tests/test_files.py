"""Which files seedparse reads (seedparse.files): hidden names, .gitignore, excludes, skipped non-seed files,
special files and unreadable folders, for the library and for every command (run as the installed script)."""

from __future__ import annotations

import inspect
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import seedparse
import seedparse.api
from seedparse import files
from seedparse.files import Patterns, Selection, iter_other_files, iter_seed_files, read_text
from seedparse.graph import Corpus

#: The installed console script.
SEEDPARSE = str(Path(sys.executable).parent / "seedparse")
NOTE = "---\ntitle: A note\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[chan]] <br/>\n\nSome text.\n"
README = "# My vault\n\nNotes on the talks I watched.\n"
#: Every command that walks folders, as run on one folder.
COMMANDS = [["validate"], ["export"], ["fmt", "--check"], ["links"]]


def cli(
    *args: str, cwd: Path, timeout: float = 60, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SEEDPARSE, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False, env=env
    )


def checked(stdout: str) -> int:
    """How many files validate's summary line says it checked."""
    match = re.search(r"in (?:\d+ of )?(\d+) files?\.$", stdout.strip())
    assert match is not None, stdout
    return int(match[1])


def write(root: Path, files_: dict[str, str]) -> None:
    for name, text in files_.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def names(root: Path, selection: Selection | None = None) -> list[str]:
    return [path.relative_to(root).as_posix() for path in iter_seed_files([root], selection)]


# -- the moved names ---------------------------------------------------------------------


def test_api_still_exports_the_moved_names() -> None:
    assert seedparse.api.iter_seed_files is files.iter_seed_files
    assert seedparse.api.read_text is files.read_text
    assert seedparse.api.SEED_SUFFIXES is files.SEED_SUFFIXES == (".txt", ".md")


# -- hidden names ------------------------------------------------------------------------


def test_hidden_files_and_folders_are_skipped_but_a_named_one_is_read(tmp_path: Path) -> None:
    write(tmp_path, {"a.md": NOTE, ".hidden.md": NOTE, ".trash/old.md": NOTE, ".obsidian/x.md": NOTE, "s/.b.md": NOTE})
    assert names(tmp_path) == ["a.md"]
    assert names(tmp_path, Selection(hidden=True)) == [
        ".hidden.md",
        ".obsidian/x.md",
        ".trash/old.md",
        "a.md",
        "s/.b.md",
    ]
    # Named on the command line: a hidden folder is walked, a hidden file read.
    assert [p.name for p in iter_seed_files([tmp_path / ".trash", tmp_path / ".hidden.md"])] == ["old.md", ".hidden.md"]
    result = cli("validate", "--output-format", "concise", ".", ".trash", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert checked(result.stdout) == 2  # a.md and .trash/old.md, nothing else


# -- .gitignore ----------------------------------------------------------------------------


def test_gitignore_is_read_as_git_reads_it(tmp_path: Path) -> None:
    (tmp_path / ".git" / "info").mkdir(parents=True)
    (tmp_path / ".git" / "info" / "exclude").write_text("secret.md\n", encoding="utf-8")
    write(
        tmp_path,
        {
            ".gitignore": "drafts/\n*.tmp.md\n",
            "a.md": NOTE,
            "a.tmp.md": NOTE,
            "secret.md": NOTE,
            "drafts/d.md": NOTE,
            "drafts/d.tmp.md": NOTE,
            "notes/.gitignore": "!keep.tmp.md\nlocal.md\n",
            "notes/keep.tmp.md": NOTE,
            "notes/other.tmp.md": NOTE,
            "notes/local.md": NOTE,
            "notes/n.md": NOTE,
            "notes/deeper/local.md": NOTE,
        },
    )
    assert names(tmp_path) == ["a.md", "notes/keep.tmp.md", "notes/n.md"]
    assert len(names(tmp_path, Selection(respect_gitignore=False))) == 10
    # Walking a sub-folder: the .gitignore files above it still apply.
    assert names(tmp_path / "notes") == ["keep.tmp.md", "n.md"]
    # An ignored folder named on the command line is walked all the same (the other rules still apply).
    assert names(tmp_path / "drafts") == ["d.md"]


def test_gitignore_agrees_with_git_on_negations_anchors_and_nested_files(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    root_rules = "*.md\n!keep*.md\n/rootonly.md\nd/\ne/**/deep.md\na/b/\n!a/b/c/x.md\n"
    write(tmp_path, {".gitignore": root_rules, "e/.gitignore": "!*.md\nlocal.txt\n"})
    names_ = "x.md keep1.md rootonly.md n.txt a/rootonly.md a/x.md a/b/x.md a/b/c/x.md a/keep2.md d/x.txt"
    write(
        tmp_path,
        dict.fromkeys((names_ + " e/y.md e/f/deep.md e/f/deep.txt e/local.txt e/f/local.txt").split(), "x"),
    )
    found = names(tmp_path, Selection(exclude=()))
    # What `git ls-files --others --exclude-standard` lists (checked with git 2.x): a deeper .gitignore
    # re-includes (e/), a file in an ignored folder cannot be re-included (a/b/c/x.md).
    assert found == ["a/keep2.md", "e/f/deep.md", "e/f/deep.txt", "e/y.md", "keep1.md", "n.txt"]
    git = shutil.which("git")
    if git is not None:  # and git itself agrees, where it is installed
        shutil.rmtree(tmp_path / ".git")
        subprocess.run([git, "init", "-q", "."], cwd=tmp_path, check=True)
        listed = subprocess.run(
            [git, "ls-files", "--others", "--exclude-standard"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        assert sorted(name for name in listed if name.endswith((".md", ".txt"))) == found


def test_gitignore_outside_a_repository_is_not_read(tmp_path: Path) -> None:
    write(tmp_path, {".gitignore": "*.md\n", "a.md": NOTE})
    assert names(tmp_path) == ["a.md"]  # git reads no .gitignore outside a repository


def test_every_command_respects_gitignore_and_the_flag_turns_it_off(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path, {".gitignore": "ignored/\n", "a.md": NOTE, "ignored/broken.md": "---\ntitle: x\n"})
    for command in COMMANDS:
        result = cli(*command, ".", "--isolated", cwd=tmp_path)
        assert "broken.md" not in result.stdout + result.stderr, (command, result.stdout, result.stderr)
    result = cli("validate", "--no-respect-gitignore", "--output-format", "concise", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert "ignored/broken.md:" in result.stdout


# -- exclude patterns ------------------------------------------------------------------------


def test_default_excludes_and_patterns(tmp_path: Path) -> None:
    write(tmp_path, {"a.md": NOTE, "node_modules/p/readme.md": NOTE, "x/venv/n.md": NOTE, "drafts/d.md": NOTE})
    assert names(tmp_path) == ["a.md", "drafts/d.md"]
    anchored = Selection(exclude=(Patterns(("/drafts",), os.fspath(tmp_path)),))
    assert names(tmp_path, anchored) == ["a.md", "node_modules/p/readme.md", "x/venv/n.md"]
    # A folder named is walked even when a pattern matches it; the set's other patterns still apply.
    (tmp_path / "drafts" / "d.tmp.md").write_text(NOTE, encoding="utf-8")
    both = Selection(exclude=(Patterns(("drafts", "*.tmp.md")),))
    assert names(tmp_path / "drafts", both) == ["d.md"]
    assert Patterns(("*.tmp.md",)).matches("deep/er/x.tmp.md")
    assert not Patterns(("notes/drafts",)).matches("other/notes/drafts", is_dir=True)  # anchored: a slash inside


def test_exclude_replaces_the_defaults_and_extend_exclude_adds(tmp_path: Path) -> None:
    write(tmp_path, {"a.md": NOTE, "venv/v.md": NOTE, "drafts/d.md": "---\ntitle: x\n", "b.tmp.md": NOTE})
    run = ["validate", "--isolated", "--output-format", "concise"]
    assert checked(cli(*run, "--extend-exclude", "drafts", ".", cwd=tmp_path).stdout) == 2  # a.md, b.tmp.md
    replaced = cli(*run, "--exclude", "drafts", "--exclude", "*.tmp.md", ".", cwd=tmp_path)
    assert replaced.returncode == 0
    assert checked(replaced.stdout) == 2  # a.md and venv/v.md: the default excludes are gone
    # A file named on the command line is read even when a pattern matches it.
    named = cli(*run, "--exclude", "drafts", "drafts/d.md", cwd=tmp_path)
    assert named.returncode == 1
    assert "drafts/d.md:" in named.stdout


# -- files that are not seed documents -----------------------------------------------------------


def test_is_seed_document() -> None:
    assert seedparse.api.is_seed_document(NOTE)
    assert seedparse.api.is_seed_document("From: [[chan]]\n\ntext\n")
    assert seedparse.api.is_seed_document("# T\n\nBy A\n\nJanuary 02, 2024\n\nBody.\n")
    assert seedparse.api.is_seed_document("# T\n\nBody.\n\nOriginal url: https://example.com\n")
    for text in [README, "", "just text\n", "## Not a title\n\nJanuary 02, 2024\n"]:
        assert not seedparse.api.is_seed_document(text), text


def test_skip_other_gives_one_sp007_warning_and_no_document(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(README, encoding="utf-8")
    skipped = seedparse.parse_file_lenient(tmp_path / "README.md", skip_other=True)
    assert skipped.document is None
    assert [(d.code, d.severity) for d in skipped.diagnostics] == [("SP007", seedparse.Severity.WARNING)]
    assert not skipped.errors
    # Without it (a file named), the file fails as the article it looks like.
    assert {d.code for d in seedparse.parse_file_lenient(tmp_path / "README.md").errors} == {"SP502", "SP504"}
    # A forced format is parsed as that format; a seed document is parsed as ever.
    assert seedparse.parse_lenient(README, format="article", skip_other=True).errors
    assert seedparse.parse_lenient(NOTE, skip_other=True).ok
    assert seedparse.parse_lenient("x\0", skip_other=True).diagnostics[0].code == "SP002"  # refused first


def test_commands_skip_a_readme_found_in_a_folder_once_and_fail_a_named_one(tmp_path: Path) -> None:
    write(tmp_path, {"vault/a.md": NOTE, "vault/README.md": README})
    validate = cli("validate", "--isolated", "vault", cwd=tmp_path)
    assert validate.returncode == 0, validate.stdout
    assert validate.stdout.count("vault/README.md:1:1: SP007 ") == 1
    export = cli("export", "--isolated", "vault", cwd=tmp_path)
    assert export.returncode == 0, export.stderr
    assert [json.loads(line)["path"] for line in export.stdout.splitlines()] == ["a.md"]
    assert export.stderr.count("README.md:1:1: SP007 ") == 1
    kept = cli("export", "--isolated", "--keep-errors", "vault", cwd=tmp_path)
    assert [json.loads(line)["path"] for line in kept.stdout.splitlines()] == ["a.md"]  # skipped, not an error
    fmt = cli("fmt", "--isolated", "vault", cwd=tmp_path)
    assert fmt.returncode == 0, fmt.stderr
    assert fmt.stderr.count("README.md:1:1: SP007 ") == 1
    assert (tmp_path / "vault" / "README.md").read_text(encoding="utf-8") == README
    links = json.loads(cli("links", "--isolated", "--output-format", "json", "vault", cwd=tmp_path).stdout)
    assert [(n["path"], n["kind"], n["errors"]) for n in links["notes"]] == [
        ("vault/README.md", None, 0),
        ("vault/a.md", "transcript", 0),
    ]
    named = cli("validate", "--isolated", "--output-format", "concise", "vault/README.md", cwd=tmp_path)
    assert named.returncode == 1
    assert "SP007" not in named.stdout
    assert "vault/README.md:" in named.stdout


# -- special files and unreadable folders --------------------------------------------------------


@pytest.fixture
def fifo_folder(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    root = tmp_path / "notes"
    root.mkdir()
    (root / "good.md").write_text(NOTE, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe")
    (root / "link.md").symlink_to(tmp_path / "pipe")
    os.mkfifo(root / "pipe.md")
    return root


def test_a_pipe_named_like_a_note_is_refused_unopened(fifo_folder: Path) -> None:
    assert names(fifo_folder) == ["good.md", "link.md", "pipe.md"]
    for name in ("link.md", "pipe.md"):
        text, problem = read_text(fifo_folder / name)
        assert text is None
        assert problem is not None
        assert (problem.code, problem.message) == ("SP002", "cannot read the file: it is a named pipe, not a "
                                                   "regular file (skipped unopened)")  # fmt: skip
    named = cli("parse", "--isolated", "link.md", cwd=fifo_folder, timeout=60)  # a pipe named: no wait either
    assert named.returncode == 1
    assert "link.md:1:1: SP002 " in named.stderr


def test_a_pipe_swapped_in_after_the_type_check_is_opened_without_waiting(
    fifo_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    regular = os.stat(fifo_folder / "good.md")
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda path, *a, **k: regular if "link" in str(path) else real_stat(path))
    found: list[tuple[str | None, seedparse.Diagnostic | None]] = []
    reader = threading.Thread(target=lambda: found.append(read_text(fifo_folder / "link.md")), daemon=True)
    reader.start()
    reader.join(timeout=20)
    assert found, "read_text waited on the pipe"
    text, problem = found[0]
    assert text is None
    assert problem is not None
    assert "a named pipe" in problem.message


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_no_command_hangs_on_a_pipe(command: list[str], fifo_folder: Path) -> None:
    result = cli(*command, "--isolated", str(fifo_folder), cwd=fifo_folder.parent, timeout=60)
    if command[0] == "links":
        assert result.returncode == 0
        notes = json.loads(cli("links", "--output-format", "json", str(fifo_folder), cwd=fifo_folder.parent).stdout)
        assert [(Path(n["path"]).name, n["errors"]) for n in notes["notes"]] == [
            ("good.md", 0), ("link.md", 1), ("pipe.md", 1)
        ]  # fmt: skip
        return
    assert result.returncode == 1
    output = result.stdout + result.stderr
    for name in ("link.md", "pipe.md"):
        assert f"{fifo_folder / name}:1:1: SP002 " in output
    assert output.count("a named pipe") == 2


def test_an_unreadable_sub_folder_is_an_error_not_silence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"notes/a.md": NOTE, "notes/locked/b.md": NOTE})
    real_listdir = os.listdir

    def listdir(path: str | os.PathLike[str]) -> list[str]:
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", listdir)
    assert names(tmp_path / "notes") == ["a.md", "locked"]
    text, problem = read_text(tmp_path / "notes" / "locked")
    assert text is None
    assert problem is not None
    assert str(problem) == "1:1: SP002 cannot read the folder: Permission denied; its files are left out"


def test_every_command_reports_an_unreadable_sub_folder(tmp_path: Path) -> None:
    # The script runs with a sitecustomize that refuses to list "locked" (chmod cannot lock out root).
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "sitecustomize.py").write_text(
        "import os\n_listdir = os.listdir\n"
        "def _locked(path='.'):\n"
        "    if os.fspath(path).endswith('locked'):\n"
        "        raise PermissionError(13, 'Permission denied', os.fspath(path))\n"
        "    return _listdir(path)\n"
        "os.listdir = _locked\n",
        encoding="utf-8",
    )
    write(tmp_path, {"notes/a.md": NOTE, "notes/locked/b.md": NOTE})
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    for command in COMMANDS:
        result = cli(*command, "--isolated", "notes", cwd=tmp_path, env=env)
        if command[0] == "links":
            assert "notes/locked: unknown, 1 error" in result.stdout
            continue
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert "notes/locked:1:1: SP002 " in result.stdout + result.stderr, command
        assert "cannot read the folder: Permission denied" in result.stdout + result.stderr


# -- deep trees ----------------------------------------------------------------------------------


def test_corpus_load_walks_a_tree_deeper_than_the_recursion_limit(tmp_path: Path) -> None:
    depth = 300
    bottom = tmp_path
    for _ in range(depth):
        bottom /= "d"
        bottom.mkdir()
    (bottom / "x.md").write_text(NOTE.replace("Some text.", "See [[diagram.png]]."), encoding="utf-8")
    (bottom / "diagram.png").write_bytes(b"\x89PNG")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + depth // 2)
    try:
        others = list(iter_other_files([tmp_path]))
        corpus = Corpus.load(tmp_path)
    finally:
        sys.setrecursionlimit(limit)
    assert others == [bottom / "diagram.png"]
    assert [site.resolved for note in corpus.notes for site in note.links] == [None, str(bottom / "diagram.png")]


def test_other_files_follow_the_same_rules(tmp_path: Path) -> None:
    write(tmp_path, {"a.md": NOTE, "img.png": "x", ".hidden/i.png": "x", "node_modules/j.png": "x"})
    assert [p.name for p in iter_other_files([tmp_path])] == ["img.png"]
    assert list(iter_other_files([tmp_path / "a.md"])) == []  # files named are not "other" files


def test_a_selection_crosses_to_worker_processes(tmp_path: Path) -> None:
    write(tmp_path, {"a.md": NOTE, "drafts/d.md": NOTE, "README.md": README})
    selection = Selection(exclude=(Patterns(("drafts/",), os.fspath(tmp_path)),)).for_paths([tmp_path])
    copy = pickle.loads(pickle.dumps(selection))
    assert copy == selection
    assert names(tmp_path, copy) == ["README.md", "a.md"]
    assert copy.found_in_folder(tmp_path / "README.md")
    # Over the chunk size, on two processes: the README is still skipped, once.
    write(tmp_path, {f"n{i:02}.md": NOTE for i in range(40)})
    result = cli("export", "--isolated", "-j", "2", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 42  # a.md, drafts/d.md and the 40 notes
    assert result.stderr.count("README.md:1:1: SP007 ") == 1


def test_force_exclude_applies_the_rules_to_files_named(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(
        tmp_path,
        {
            ".gitignore": "drafts/\n",
            "notes/a.md": NOTE,
            "notes/README.md": README,
            "notes/drafts/d.md": "x\n",
            "notes/.hidden.md": "x\n",
            "notes/venv/v.md": "x\n",
        },
    )
    named = ["notes/a.md", "notes/README.md", "notes/drafts/d.md", "notes/.hidden.md", "notes/venv/v.md"]
    force = Selection(force_exclude=True).for_paths(named)
    assert [p.as_posix() for p in iter_seed_files([tmp_path / name for name in named], force)] == [
        (tmp_path / "notes/a.md").as_posix(),
        (tmp_path / "notes/README.md").as_posix(),
    ]
    assert force.found_in_folder(tmp_path / "notes" / "README.md")  # so a README named is skipped too
    # As pre-commit runs a hook: the staged file names, from the repository's top.
    plain = cli("validate", "--isolated", "--output-format", "concise", *named, cwd=tmp_path)
    assert plain.returncode == 1
    forced = cli("validate", "--isolated", "--force-exclude", "--output-format", "concise", *named, cwd=tmp_path)
    assert forced.returncode == 0, forced.stdout
    assert reported_paths(forced.stdout) == ["notes/README.md"]  # its SP007, and nothing from the others
    (tmp_path / "pyproject.toml").write_text("[tool.seedparse]\nforce-exclude = true\n", encoding="utf-8")
    assert cli("validate", *named, cwd=tmp_path).returncode == 0
    assert cli("validate", "--no-force-exclude", *named, cwd=tmp_path).returncode == 1


def reported_paths(stdout: str) -> list[str]:
    return [line.split(":", 1)[0] for line in stdout.splitlines() if ": SP" in line]
