"""The package is ready to publish, and a clone runs its own tests (issue 14, items 7 and 8)."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import yaml

import seedparse
from tests.conftest import CORPUS, CORPUS_FILES, ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

REPOSITORY = "https://github.com/seedparse/seedparse"
PYPROJECT: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT: dict[str, Any] = PYPROJECT["project"]
VERSION = PROJECT["version"]
README = (ROOT / "README.md").read_text(encoding="utf-8")


# -- the corpus lives in the repository -------------------------------------------------


def test_the_corpus_is_inside_the_repository_with_its_sources() -> None:
    assert CORPUS.is_relative_to(ROOT)
    assert {path.relative_to(CORPUS).parts[0] for path in CORPUS_FILES} == {"articles", "transcripts"}
    notes = (CORPUS / "README").read_text(encoding="utf-8")
    assert "sieve-data/tubegraph" in notes
    assert "Moscow Times" in notes
    assert "Licence" in notes
    assert (CORPUS / "SOURCES.md").is_file()
    assert (CORPUS / "articles" / "MANIFEST.md").is_file()


def test_no_test_reads_outside_the_repository() -> None:
    for path in sorted((ROOT / "tests").glob("*.py")):
        if path.name == "test_packaging.py":
            continue  # this test names what it looks for
        text = path.read_text(encoding="utf-8")
        assert "ROOT.parent" not in text, f"{path.name} reads beside the checkout"
        assert "../shared" not in text, f"{path.name} reads ../shared"


def test_the_corpus_keeps_its_bytes() -> None:
    """Git must not normalise line endings there: one article is CRLF, one note has no final newline."""
    attributes = (ROOT / ".gitattributes").read_text(encoding="utf-8")
    assert re.search(r"^tests/data/\*\* -text$", attributes, re.MULTILINE)
    assert b"\r\n" in (CORPUS / "articles" / "009.md").read_bytes()
    assert not (CORPUS / "articles" / "002.md").read_bytes().endswith(b"\n")


# -- make test and the slow tests -------------------------------------------------------


def test_slow_tests_are_left_out_of_make_test_and_run_by_ci() -> None:
    pytest_options = PYPROJECT["tool"]["pytest"]["ini_options"]
    assert any(marker.startswith("slow:") for marker in pytest_options["markers"])
    addopts = pytest_options["addopts"]
    assert addopts[addopts.index("-m") + 1] == "not slow"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^test-slow: .*\n\t\$\(BIN\)/pytest -q -m slow$", makefile, re.MULTILINE)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci.index("make test") < ci.index("make test-slow")


def test_slow_tests_are_collected_only_with_the_slow_marker() -> None:
    def collected(*args: str) -> set[str]:
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "--collect-only",
                "-q",
                *args,
                "tests/test_dask.py",
                "tests/test_hostile.py",
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        return {line for line in run.stdout.splitlines() if "::" in line}

    default, slow = collected(), collected("-m", "slow")
    assert not any("test_dask.py" in test for test in default)
    assert any("test_dask.py" in test for test in slow)
    assert any("in_linear_time" in test for test in slow)
    assert not any("in_linear_time" in test for test in default)
    assert default
    assert not default & slow


# -- the package metadata ---------------------------------------------------------------


def test_the_licence_file_is_the_declared_mit_licence() -> None:
    assert PROJECT["license"] == "MIT"
    assert PROJECT["license-files"] == ["LICENSE"]
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License\n\nCopyright (c) 2026 The seedparse developers\n")
    assert 'THE SOFTWARE IS PROVIDED "AS IS"' in licence


def test_project_urls_and_classifiers() -> None:
    urls = PROJECT["urls"]
    assert set(urls) == {"Homepage", "Documentation", "Repository", "Changelog", "Issues"}
    assert all(url.startswith(REPOSITORY) for url in urls.values())
    classifiers = PROJECT["classifiers"]
    assert any(c.startswith("Development Status :: ") for c in classifiers)
    minimum = re.fullmatch(r">=3\.(\d+)", PROJECT["requires-python"])
    assert minimum is not None
    versions = sorted(int(c.rsplit(".", 1)[1]) for c in classifiers if re.fullmatch(r"[^:]+:: Python :: 3\.\d+", c))
    assert versions == list(range(int(minimum[1]), 14)), versions


def test_development_tools_are_dependency_groups_not_an_extra() -> None:
    assert "dev" not in PROJECT["optional-dependencies"]
    groups = PYPROJECT["dependency-groups"]
    tools = {
        re.split(r"[\[<>=; ]", requirement, maxsplit=1)[0]
        for name in ("test", "lint", "docs", "fuzz")
        for requirement in groups[name]
    }
    assert {"pytest", "hypothesis", "ruff", "mypy", "mkdocs", "jsonschema", "atheris"} <= tools
    assert groups["dev"] == [{"include-group": name} for name in ("test", "lint", "docs", "fuzz")]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet -e . --group dev" in makefile
    assert "'pip>=25.1'" in makefile  # the first pip that reads [dependency-groups]


def test_the_version_is_one_and_the_same_everywhere() -> None:
    assert seedparse.__version__ == VERSION
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    # Keep a Changelog: Unreleased first, then one section per release, newest first.
    releases = re.findall(r"^## \[([^\]]+)\]", changelog, re.MULTILINE)
    assert releases[0] == "Unreleased"
    assert len(releases) >= 2
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", release) for release in releases[1:])
    assert all(f"[{release}]: {REPOSITORY}/" in changelog for release in releases)
    # The pre-commit snippets name the repository and this version's tag.
    hooks_comment = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    for name, text in [("README.md", README), ("docs/index.md", (ROOT / "docs" / "index.md").read_text("utf-8"))]:
        snippet = re.search(r"```yaml\n(?P<yaml>repos:.*?)```", text, re.DOTALL)
        assert snippet is not None, name
        (repo,) = yaml.safe_load(snippet["yaml"])["repos"]
        assert repo == {**repo, "repo": REPOSITORY, "rev": f"v{VERSION}"}, name
        hook_ids = {hook["id"] for hook in yaml.safe_load(hooks_comment)}
        assert {hook["id"] for hook in repo["hooks"]} <= hook_ids, name
    assert f"rev: v{VERSION}" in hooks_comment
    assert "OWNER" not in README + hooks_comment


def test_readme_links_are_absolute() -> None:
    """The package index shows the README without the repository around it."""
    targets = re.findall(r"\]\(([^)\s]+)", README)
    assert targets
    for target in targets:
        assert target.startswith(("https://", "#")), target
    for target in (t for t in targets if t.startswith(f"{REPOSITORY}/blob/main/")):
        assert (ROOT / target.removeprefix(f"{REPOSITORY}/blob/main/")).exists(), target


def test_the_sdist_holds_what_its_tests_read() -> None:
    manifest = (ROOT / "MANIFEST.in").read_text(encoding="utf-8").splitlines()
    grafted = {line.split()[1] for line in manifest if line.startswith("graft ")}
    assert {"tests", "seeds", "docs", "schema", "fuzz"} <= grafted
    included = {word for line in manifest if line.startswith("include ") for word in line.split()[1:]}
    assert {".pre-commit-hooks.yaml", ".gitattributes", ".ci/run", "mkdocs.yml", "LICENSE", "CHANGELOG.md"} <= included


# -- make demo ---------------------------------------------------------------------------


def test_the_demo_fits_on_one_screen() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "demo.py")], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert 10 <= len(lines) <= 40, len(lines)
    assert any(line.startswith("$ seedparse validate") for line in lines)
    assert any(line.startswith("Found ") for line in lines)  # validate's summary
    assert '  "kind": "transcript",' in lines
    assert re.search(r"\[\d\d:\d\d:\d\d\], links to https://www\.youtube\.com/watch\?v=\S+&t=\d+s$", run.stdout)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^demo: .*\n\t@\$\(BIN\)/python examples/demo.py$", makefile, re.MULTILINE)


def test_the_docs_name_how_to_view_the_site() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^docs-serve: .*\n\t.*mkdocs serve$", makefile, re.MULTILINE)
    home = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    for text in (README, home):
        assert "make docs-serve" in text
        assert "pip install seedparse" in text
    for kind in ("transcript notes", "articles", "channel pages"):
        assert kind in home


def test_the_home_page_names_every_command() -> None:
    import click

    from seedparse.cli import main

    assert isinstance(main, click.Group)
    home = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    commands = main.list_commands(click.Context(main))
    assert len(commands) >= 6
    for command in commands:
        assert f"`seedparse {command}" in home, command
        assert f"seedparse {command} " in README or f"seedparse {command}\n" in README, command
