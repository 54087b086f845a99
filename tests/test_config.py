"""The [tool.seedparse] table (seedparse.config): how it is found, what it may hold, and what every command
does with it; the commands run as the installed script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from seedparse.config import Config, ConfigError, find_config, load_config, resolve

SEEDPARSE = str(Path(sys.executable).parent / "seedparse")
NOTE = "---\ntitle: A note\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[chan]] <br/> \n\nSome text.\n"  # canonical
#: A note with one warning (SP301, an unclosed wiki-link) and nothing else.
WARNED = NOTE.replace("Some text.", "Some [[text.")
#: A note with one error (SP105, a videoId that is not one).
BROKEN = NOTE.replace("KL4O_d7AlvQ", "12:00")


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SEEDPARSE, *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False)


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def reported(result: subprocess.CompletedProcess[str]) -> list[str]:
    """``path CODE`` for each diagnostic ``validate --output-format concise`` printed."""
    lines = [line for line in result.stdout.splitlines() if ": SP" in line]
    return [f"{line.split(':', 1)[0]} {line.split(': ', 1)[1].split()[0]}" for line in lines]


# -- finding and reading the table ------------------------------------------------------------


def test_the_nearest_pyproject_with_the_table_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": "[tool.seedparse]\nstrict = true\n",
            "project/pyproject.toml": "[project]\nname = 'x'  # mentions seedparse, but has no table\n",
            "project/notes/n.md": NOTE,
            "other/pyproject.toml": "[tool.seedparse]\nstrict = false\n",
        },
    )
    assert find_config(tmp_path / "project" / "notes") == tmp_path / "pyproject.toml"
    assert find_config(tmp_path / "other") == tmp_path / "other" / "pyproject.toml"
    # From the first path (a file: its folder), not from the current directory...
    monkeypatch.chdir(tmp_path / "other")
    assert resolve([tmp_path / "project" / "notes" / "n.md"]).config.strict is True
    # ... falling back to the current directory when nothing is found from the path.
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    assert find_config(outside) is None
    assert resolve([outside]).path == tmp_path / "other" / "pyproject.toml"
    assert resolve([outside], isolated=True).path is None
    assert resolve([outside], config=tmp_path / "pyproject.toml").config.strict is True


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ("selct = ['SP3']", "unknown key 'selct'"),
        ("strict = 'yes'", "strict: Input should be a valid boolean"),
        ("strict = 1", "strict: Input should be a valid boolean"),
        ("ignore = ['XX1']", "ignore: 'XX1' is not a diagnostic code or a prefix of one (e.g. SP3, SP301)"),
        ("ignore = 'SP3'", "ignore: Input should be a valid tuple"),
        ("limits = { max-size = 0 }", "limits.max-size: Input should be greater than or equal to 1"),
        ("limits = { max-sise = 10 }", "unknown key 'limits.max-sise'"),
        ("per-file-ignores = { 'a.md' = ['SP9'] }", "per-file-ignores: 'SP9' is not a diagnostic code"),
    ],
)
def test_a_bad_table_is_one_clear_line(tmp_path: Path, table: str, problem: str) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(f"[tool.seedparse]\n{table}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}: [tool.seedparse]: {problem}")
    assert "\n" not in str(caught.value)


def test_invalid_toml_and_a_missing_table_are_config_errors(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.seedparse\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pyproject.toml: \[tool.seedparse\]: invalid TOML: .*line 1"):
        load_config(path)
    path.write_text("[tool.ruff]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="the file has no such table"):
        load_config(path)


def test_the_table_is_read_whole() -> None:
    config = Config.model_validate(
        {
            "select": ["sp3", "SP1"],
            "ignore": ["SP301"],
            "exclude": ["a/"],
            "extend-exclude": ["b"],
            "per-file-ignores": {"README.md": ["SP007"]},
            "strict": True,
            "respect-gitignore": False,
            "limits": {"max-size": 10, "max-depth": 5},
        }
    )
    assert (config.select, config.ignore, config.exclude, config.extend_exclude) == (
        ("SP3", "SP1"),
        ("SP301",),
        ("a/",),
        ("b",),
    )
    assert (config.strict, config.respect_gitignore, config.limits.max_size, config.limits.max_depth) == (
        True,
        False,
        10,
        5,
    )
    assert config.per_file_ignores == {"README.md": ("SP007",)}


# -- what the commands do with it ------------------------------------------------------------------


def test_the_table_gives_validate_its_defaults_and_the_command_line_wins(tmp_path: Path) -> None:
    write(tmp_path, {"notes/w.md": WARNED, "notes/b.md": BROKEN})
    concise = ["validate", "--output-format", "concise"]
    assert sorted(reported(cli(*concise, "notes", cwd=tmp_path))) == ["notes/b.md SP105", "notes/w.md SP301"]
    (tmp_path / "pyproject.toml").write_text("[tool.seedparse]\nignore = ['SP1']\nstrict = true\n", encoding="utf-8")
    result = cli(*concise, "notes", cwd=tmp_path)
    assert reported(result) == ["notes/w.md SP301"]
    assert result.returncode == 1  # strict: the warning fails
    overridden = cli(*concise, "--ignore", "SP3", "notes", cwd=tmp_path)
    assert reported(overridden) == ["notes/b.md SP105"]  # --ignore replaces the table's ignore
    assert cli(*concise, "--isolated", "--select", "SP3", "notes", cwd=tmp_path).returncode == 0  # not strict
    assert cli(*concise, "--no-strict", "--select", "SP3", "notes", cwd=tmp_path).returncode == 0
    (tmp_path / "pyproject.toml").write_text("[tool.seedparse]\nselect = ['SP3']\n", encoding="utf-8")
    selected = cli(*concise, "notes", cwd=tmp_path)
    assert reported(selected) == ["notes/w.md SP301"]
    assert selected.returncode == 0  # the error's code is not selected: it neither prints nor fails


def test_per_file_ignores(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": "[tool.seedparse.per-file-ignores]\n"
            "'notes/old/*.md' = ['SP3']\n'README.md' = ['SP007']\n",
            "notes/old/w.md": WARNED,
            "notes/w.md": WARNED,
            "notes/README.md": "# My vault\n",
        },
    )
    result = cli("validate", "--output-format", "concise", "notes", cwd=tmp_path)
    assert reported(result) == ["notes/w.md SP301"]
    # The patterns are relative to the table's folder, wherever the command runs.
    inside = cli("validate", "--output-format", "concise", ".", cwd=tmp_path / "notes")
    assert reported(inside) == ["w.md SP301"]


def test_limits_from_the_table_apply_to_every_command(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": "[tool.seedparse.limits]\nmax-size = 50\n", "notes/n.md": NOTE})
    for command in (["validate"], ["export"], ["fmt", "--check"], ["parse"]):
        target = "notes/n.md" if command == ["parse"] else "notes"
        result = cli(*command, target, cwd=tmp_path)
        assert result.returncode == 1, command
        assert "SP005" in result.stdout + result.stderr, command
    assert cli("validate", "--max-size", "1000", "notes", cwd=tmp_path).returncode == 0  # the command line wins
    links = json.loads(cli("links", "--output-format", "json", "notes", cwd=tmp_path).stdout)
    assert [note["errors"] for note in links["notes"]] == [1]


def test_excludes_from_the_table_are_relative_to_its_folder(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": "[tool.seedparse]\nexclude = ['/notes/drafts']\nextend-exclude = ['*.tmp.md']\n",
            "notes/drafts/d.md": BROKEN,
            "notes/x.tmp.md": BROKEN,
            "notes/venv/v.md": BROKEN,  # the table's exclude replaces the defaults: read
            "notes/n.md": NOTE,
        },
    )
    for cwd in (tmp_path, tmp_path / "notes"):
        target = "notes" if cwd == tmp_path else "."
        result = cli("validate", "--output-format", "concise", target, cwd=cwd)
        assert [line.rsplit("/", 2)[-2:] for line in reported(result)] == [["venv", "v.md SP105"]], cwd
    # --exclude replaces the table's exclude (drafts are back); extend-exclude still applies.
    result = cli("validate", "--output-format", "concise", "--exclude", "venv", "notes", cwd=tmp_path)
    assert reported(result) == ["notes/drafts/d.md SP105"]


@pytest.mark.parametrize("command", [["validate"], ["export"], ["fmt", "--check"], ["links"], ["parse"]])
def test_every_command_reads_the_table_and_refuses_a_bad_one(command: list[str], tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": "[tool.seedparse]\nselct = ['SP3']\n", "notes/n.md": NOTE})
    target = "notes/n.md" if command == ["parse"] else "notes"
    result = cli(*command, target, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "Error: pyproject.toml: [tool.seedparse]: unknown key 'selct'\n"
    assert cli(*command, "--isolated", target, cwd=tmp_path).returncode == 0


def test_config_names_the_file_and_isolated_reads_none(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": "[tool.seedparse]\nselct = ['SP3']\n", "notes/w.md": WARNED})
    (tmp_path / "strict.toml").write_text("[tool.seedparse]\nstrict = true\n", encoding="utf-8")
    assert cli("validate", "--config", "strict.toml", "notes", cwd=tmp_path).returncode == 1  # the warning fails
    assert cli("validate", "--isolated", "notes", cwd=tmp_path).returncode == 0
    both = cli("validate", "--config", "strict.toml", "--isolated", "notes", cwd=tmp_path)
    assert both.returncode == 2
    assert both.stderr == "Error: --config and --isolated cannot be used together\n"


def test_the_walk_excludes_apply_to_every_command(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": "[tool.seedparse]\nextend-exclude = ['drafts/']\n"})
    write(tmp_path, {"notes/n.md": NOTE, "notes/drafts/d.md": BROKEN})
    for command in (["validate"], ["export"], ["fmt", "--check"]):
        result = cli(*command, "notes", cwd=tmp_path)
        assert result.returncode == 0, (command, result.stdout, result.stderr)
        assert "d.md" not in result.stdout + result.stderr
    links = json.loads(cli("links", "--output-format", "json", "notes", cwd=tmp_path).stdout)
    assert [note["path"] for note in links["notes"]] == ["notes/n.md"]
    assert os.path.exists(tmp_path / "notes" / "drafts" / "d.md")
