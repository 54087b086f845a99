"""The README's Python snippets type-check under ``mypy --strict`` and run."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

README = ROOT / "README.md"
_PYTHON_BLOCK = re.compile(r"^```python[^\n]*\n(?P<code>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)

#: What a user who skipped ``format=`` would write: the union has no ``video_id`` on every member.
_UNTYPED_USE = """\
import seedparse

note = seedparse.parse_file("seeds/000_9e40aab2472b4316.txt")
print(note.video_id)
"""


def readme_snippets() -> list[str]:
    """The code of every ```python block of the README, in order."""
    return [match["code"] for match in _PYTHON_BLOCK.finditer(README.read_text(encoding="utf-8"))]


def test_the_readme_has_python_snippets() -> None:
    snippets = readme_snippets()
    assert snippets
    assert any("seedparse.parse_file" in snippet for snippet in snippets)


def test_readme_snippets_pass_mypy_strict(tmp_path: Path) -> None:
    files = []
    for i, snippet in enumerate(readme_snippets()):
        path = tmp_path / f"readme_{i}.py"
        path.write_text(snippet, encoding="utf-8")
        files.append(path)
    # A snippet known to be wrong, checked in the same run: the check can fail.
    wrong = tmp_path / "untyped_use.py"
    wrong.write_text(_UNTYPED_USE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", *map(str, files), str(wrong)],
        capture_output=True,
        text=True,
        cwd=ROOT,  # the project's mypy configuration (the pydantic plugin) and cache
        check=False,
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    # By file name: mypy's cache may report a file it has seen under an earlier run's folder.
    assert not [line for line in errors if Path(line.split(":", 1)[0]).name != wrong.name], result.stdout
    assert any('"Article" of "TranscriptNote | Article | ChannelPage" has no attribute "video_id"' in e for e in errors)
    assert result.returncode == 1


def test_readme_snippets_run(tmp_path: Path) -> None:
    for i, snippet in enumerate(readme_snippets()):
        path = tmp_path / f"readme_{i}.py"
        path.write_text(snippet, encoding="utf-8")
        result = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, cwd=ROOT, check=False)
        assert result.returncode == 0, f"README snippet {i} failed:\n{snippet}\n{result.stderr}"
        assert result.stdout.strip()
