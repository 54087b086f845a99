"""seedparse.batch: many files, in order, streamed, on one or several processes."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import seedparse
from seedparse.batch import export_lines, parse_files
from seedparse.cli import main
from tests.conftest import CORPUS_FILES, SEED_FILES

# More paths than one chunk, so that jobs=2 really starts workers.
MANY = (SEED_FILES + CORPUS_FILES) * 3


@pytest.mark.parametrize("jobs", [1, 2])
def test_parse_files_gives_each_result_in_order(jobs: int) -> None:
    assert len(MANY) > 32
    results = list(parse_files(MANY, jobs=jobs))
    assert [r.path for r in results] == [str(p) for p in MANY]
    for path, result in zip(MANY, results, strict=True):
        expected = seedparse.parse_file_lenient(path)
        assert result.document == expected.document
        assert result.diagnostics == expected.diagnostics


@pytest.mark.parametrize("jobs", [1, 2])
def test_export_lines_are_what_export_writes(jobs: int, tmp_path: Path) -> None:
    broken = tmp_path / "broken.md"
    broken.write_bytes(b"\xff\xfe not text")
    paths = [*MANY, broken]
    rows = list(export_lines(paths, jobs=jobs))
    assert [row[0] for row in rows] == [str(p) for p in paths]
    for path, (_, line, errors) in zip(paths[:-1], rows, strict=False):
        document = seedparse.parse_file_lenient(path).document
        assert document is not None
        assert line == seedparse.to_json(document) + "\n"
        assert errors == ()
    assert rows[-1][1] is None
    assert [d.code for d in rows[-1][2]] == ["SP002"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_paths_are_read_as_results_are_consumed(jobs: int) -> None:
    read: list[int] = []

    def endless() -> Iterator[Path]:
        for i in itertools.count():
            read.append(i)
            yield SEED_FILES[i % len(SEED_FILES)]

    results = parse_files(endless(), jobs=jobs)
    first = list(itertools.islice(results, 100))
    assert [r.document.kind for r in first[:2] if r.document] == ["transcript", "article"]
    results.close()  # type: ignore[attr-defined]
    # a bounded window ahead of the consumer: never the whole (endless) input
    assert len(read) <= 100 + 32 * (1 + 2 * 4)


def test_export_jobs_writes_the_same_lines_as_one_process(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i, path in enumerate(MANY):
        (folder / f"{i:03d}.md").write_bytes(path.read_bytes())
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        result = CliRunner().invoke(main, ["export", "--jobs", jobs, str(folder), "-o", str(out)])
        assert result.exit_code == 0, result.output
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    assert len(outputs[0].splitlines()) == len(MANY)
