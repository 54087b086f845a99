"""seedparse fix: each repair on a real note, meaning kept, idempotent; the command's diff and exit codes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import seedparse
from seedparse.fix import fix_text
from tests.conftest import CORPUS, CORPUS_FILES, SEED_FILES

SEEDPARSE = str(Path(__import__("sys").executable).with_name("seedparse"))
NOTES = CORPUS / "transcripts"


def _note(name: str) -> str:
    return (NOTES / name).read_text(encoding="utf-8")


def _meaning(text: str) -> tuple[list[int | None], list[str]]:
    document = seedparse.parse(text)
    return [ts.seconds for ts in document.timestamps()], [str(link) for link in document.wikilinks()]


def _repairs(text: str) -> list[str]:
    result = seedparse.parse_lenient(text)
    return [d.message for d in result.diagnostics if d.code == "SP209" and "MM:SS:00" in d.message]


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        # MM:SS:00 in data-t and display together
        ("aragusea/pecorino_cheese_sauce.md", 'data-t="00:03:57">[00:03:57]</a>'),
        # four-part H:MM:SS:00 past an hour
        ("lennyspodcast/navigating_the_phases_of_a_startup_journey.md", 'data-t="01:07:12">[01:07:12]</a>'),
        # bare clocks in the MM:SS:00 mode
        ("3blue1brown/gpu_and_asics_in_cryptographic_computations.md", "[00:01:09] [00:01:12]"),
        # data= for data-t=
        ("acquiredfm/impact_of_data_accumulation_on_technology.md", 'data-t="00:00:16">[00:00:16]</a>'),
        # display brackets outside the anchor moved inside
        ("hubermanlab/12step_programs_for_addiction_recovery.md", 'data-t="02:42:19">[02:42:19]</a>'),
    ],
)
def test_each_fix_on_a_real_note_keeps_its_meaning(name: str, fragment: str) -> None:
    text = _note(name)
    result = fix_text(text)
    assert result.fixes
    assert result.refused is None
    assert fragment in result.text
    assert fragment not in text
    assert _meaning(result.text) == _meaning(text)
    assert _repairs(result.text) == []
    assert fix_text(result.text).fixes == []  # idempotent
    changed = [i for i, (a, b) in enumerate(zip(text.split("\n"), result.text.split("\n"), strict=True)) if a != b]
    assert changed  # the same lines, and only lines holding a fixed timestamp
    assert {fix.line - 1 for fix in result.fixes} == set(changed)


def test_data_typo_note_has_no_anchor_without_data_t_after() -> None:
    text = _note("acquiredfm/impact_of_data_accumulation_on_technology.md")
    fixed = fix_text(text).text
    assert 'data="' in text
    assert 'data="' not in fixed
    assert all(ts.data_t is not None for ts in seedparse.parse(fixed).timestamps())


def test_an_unclosed_anchor_is_closed_only_where_the_end_is_sure() -> None:
    head = "---\ntitle: T\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[c]] <br/> \n\n"
    sure = head + 'Said <a class="yt-timestamp" data-t="00:01:05">[00:01:05] here.'
    result = fix_text(sure)
    assert result.text == head + 'Said <a class="yt-timestamp" data-t="00:01:05">[00:01:05]</a> here.'
    assert [d.code for d in seedparse.parse_lenient(result.text).diagnostics] == []
    unsure = head + 'Said <a class="yt-timestamp" data-t="00:01:05">[00:02:00] here.'
    assert fix_text(unsure).text == unsure


@pytest.mark.parametrize("path", SEED_FILES + CORPUS_FILES, ids=lambda p: p.name)
def test_fix_never_changes_meaning_and_is_idempotent(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    result = fix_text(text)
    assert result.refused is None
    if not result.fixes:
        assert result.text == text
        return
    assert _meaning(result.text) == _meaning(text)
    assert fix_text(result.text).text == result.text


def test_the_command_diff_changes_nothing_then_fix_writes(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    shutil.copytree(NOTES / "aragusea", folder)
    before = {p: p.read_bytes() for p in folder.iterdir()}
    diff = subprocess.run([SEEDPARSE, "fix", "--diff", str(folder)], capture_output=True, text=True, check=False)
    assert diff.returncode == 1
    assert {p: p.read_bytes() for p in folder.iterdir()} == before
    assert "\n-From" not in diff.stdout  # only the lines with a fixed timestamp
    assert diff.stdout.count("\n+") >= 1
    assert "Would make 24 fixes in 1 file (of 2)." in diff.stdout
    done = subprocess.run([SEEDPARSE, "fix", str(folder)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Made 24 fixes in 1 file (of 2)." in done.stdout
    again = subprocess.run([SEEDPARSE, "fix", "--diff", str(folder)], capture_output=True, text=True, check=False)
    assert (again.returncode, again.stdout) == (0, "Nothing to fix in 2 files.\n")


def test_the_fix_hook_runs_as_pre_commit_runs_it(tmp_path: Path) -> None:
    import os
    import shlex

    import yaml

    from tests.conftest import ROOT

    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    hook = hooks["seedparse-fix"]
    (tmp_path / "notes").mkdir()
    shutil.copy(NOTES / "aragusea" / "pecorino_cheese_sauce.md", tmp_path / "notes" / "a.md")
    shutil.copy(SEED_FILES[0], tmp_path / "notes" / "b.md")
    seed = (tmp_path / "notes" / "b.md").read_bytes()
    # pre-commit runs entry + args + the staged file names from the repository's root; a hook
    # that changes a file fails the commit by pre-commit's own rule (the change is left to stage).
    command = [*shlex.split(hook["entry"]), *hook.get("args", []), "notes/a.md", "notes/b.md"]
    bin_dir = str(Path(SEEDPARSE).parent)
    environment = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "Made 24 fixes in 1 file (of 2)." in proc.stdout
    assert _repairs((tmp_path / "notes" / "a.md").read_text(encoding="utf-8")) == []
    assert (tmp_path / "notes" / "b.md").read_bytes() == seed
