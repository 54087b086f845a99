"""The fast-path switch: ``fast=`` on the API, ``--no-fast-path`` on the commands that parse."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import seedparse
from seedparse.cli import main
from seedparse.parsing import article, transcript
from seedparse.parsing.fast import fast_blocks
from tests.conftest import SEED_FILES


def _count_fast_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make both parsers record each call of the fast path (which still runs)."""
    calls: list[int] = []

    def spy(real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any) -> Any:
            calls.append(1)
            return real(*args)

        return wrapper

    monkeypatch.setattr(transcript, "fast_blocks", spy(fast_blocks))
    monkeypatch.setattr(article, "fast_blocks", spy(fast_blocks))
    return calls


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_both_paths_give_the_same_result_through_the_api(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast = seedparse.parse_lenient(text)
    reference = seedparse.parse_lenient(text, fast=False)
    assert fast.document == reference.document
    assert fast.diagnostics == reference.diagnostics
    assert seedparse.to_json(seedparse.parse_file(path)) == seedparse.to_json(seedparse.parse_file(path, fast=False))
    assert seedparse.parse_file_lenient(path, fast=False).diagnostics == fast.diagnostics
    assert seedparse.parse(text, fast=False) == fast.document


def test_fast_false_never_tries_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_fast_calls(monkeypatch)
    for path in SEED_FILES:
        seedparse.parse_file_lenient(path, fast=False)
    assert calls == []
    for path in SEED_FILES:
        seedparse.parse_file_lenient(path)
    assert len(calls) == len(SEED_FILES)


@pytest.mark.parametrize("command", ["parse", "export", "validate", "fmt --check"])
def test_no_fast_path_option(command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_fast_calls(monkeypatch)
    seed = str(SEED_FILES[0])
    runner = CliRunner()
    with_fast = runner.invoke(main, [*command.split(), seed])
    assert calls == [1]
    without = runner.invoke(main, [*command.split(), "--no-fast-path", seed])
    assert calls == [1]
    assert without.exit_code == with_fast.exit_code
    assert without.output == with_fast.output
