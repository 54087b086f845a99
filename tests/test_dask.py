"""The Dask recipe of docs/dask.md, run as the page says on a local cluster, writes exactly what it promises.

The code is taken from the page's ``dask_recipe.py`` block (not a copy of it), run as
``python dask_recipe.py SOURCE... --out out`` (its local cluster of two worker processes)
over broken files, the seeds and the corpus, and every line it writes is checked against
:func:`seedparse.parse_file_lenient`, :func:`seedparse.parse_file` and :func:`seedparse.to_json`.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import seedparse
from seedparse.api import iter_seed_files
from seedparse.diagnostics import CODES, Severity
from seedparse.export import diagnostic_json
from tests.conftest import CORPUS, CORPUS_FILES, ROOT, SEED_FILES, SEEDS

#: A local cluster of worker processes: run by `make test-slow`, not by `make test`.
pytestmark = pytest.mark.slow

PAGE = ROOT / "docs" / "dask.md"
SCRIPT = "dask_recipe.py"
#: Small, so that the 7 broken files (listed first) fill whole partitions on their own.
FILES_PER_PARTITION = 3

_FENCE_OPEN = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})(?P<info>[^`\n]*)\n?")
_TITLE = re.compile(r'\btitle="(?P<title>[^"]*)"')

#: The broken files: name, exact bytes (``None``: a dangling symbolic link, or a sparse file
#: one byte past the size limit for ``huge.txt``) and the error codes each must get.
BROKEN: dict[str, tuple[bytes | None, set[str]]] = {
    "dangling.txt": (None, {"SP002"}),  # a link to a file that does not exist
    "deep.md": (b"# Deep\n\n" + b">" * 300 + b" quoted\n", {"SP006"}),
    "empty.txt": (b"", {"SP001"}),
    "huge.txt": (None, {"SP005"}),
    "latin1.txt": ("---\ntitle: café\n---\n".encode("latin-1"), {"SP002"}),
    "nul.txt": (b"---\ntitle: a\x00b\nvideoId: KL4O_d7AlvQ\n---\nFrom: [[x]]\n", {"SP002"}),
    "truncated.md": (b"---\ntitle: cut short\nvideoId: KL4O", {"SP102"}),
}


def fenced_code(page: Path, title: str) -> str:
    """The text inside the one fenced code block of ``page`` titled ``title``."""
    found: list[str] = []
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    index = 0
    while index < len(lines):
        opening = _FENCE_OPEN.fullmatch(lines[index])
        index += 1
        if opening is None:
            continue
        fence = opening["fence"]
        closing = re.compile(rf" {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*\n?")
        body: list[str] = []
        while index < len(lines) and not closing.fullmatch(lines[index]):
            body.append(lines[index])
            index += 1
        index += 1  # the closing fence
        info = _TITLE.search(opening["info"])
        if info is not None and info["title"] == title:
            found.append("".join(body))
    assert len(found) == 1, f"{page.name} has {len(found)} blocks titled {title!r}"
    return found[0]


def make_broken(folder: Path) -> None:
    """Write the files of :data:`BROKEN` into ``folder``."""
    folder.mkdir()
    for name, (content, _) in BROKEN.items():
        path = folder / name
        if name == "dangling.txt":
            path.symlink_to(folder / "missing.txt")
        elif name == "huge.txt":
            with path.open("wb") as sparse:
                sparse.truncate(seedparse.Limits().max_size + 1)
        else:
            assert content is not None
            path.write_bytes(content)


def read_parts(folder: Path) -> tuple[list[str], list[str]]:
    """The names of a folder's files, sorted, and their texts in that order."""
    parts = sorted(folder.iterdir())
    return [part.name for part in parts], [part.read_text(encoding="utf-8") for part in parts]


def as_text(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)


def test_recipe_runs_on_a_local_cluster(tmp_path: Path) -> None:
    (tmp_path / SCRIPT).write_text(fenced_code(PAGE, SCRIPT), encoding="utf-8")
    broken = tmp_path / "broken"
    make_broken(broken)
    sources = [broken, SEEDS, CORPUS]
    assert len(CORPUS_FILES) >= 18, f"the corpus is missing from {CORPUS}"

    run = subprocess.run(
        [sys.executable, SCRIPT, *map(str, sources), "--out", "out", "--files-per-partition", str(FILES_PER_PARTITION)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    out = tmp_path / "out"

    # What the recipe must have written, partition by partition, from seedparse itself.
    paths = [str(path) for path in iter_seed_files(sources)]
    results = {path: seedparse.parse_file_lenient(path) for path in paths}
    chunks = [paths[i : i + FILES_PER_PARTITION] for i in range(0, len(paths), FILES_PER_PARTITION)]
    documents = {path: seedparse.to_json(seedparse.parse_file(path)) for path in paths if results[path].ok}
    names = [f"part-{i:05d}" for i in range(len(chunks))]

    # The test covers what it means to: every broken file, the files that must parse,
    # ok files with warnings, and partitions with no document at all.
    broken_paths = {str(broken / name) for name in BROKEN}
    assert broken_paths <= set(paths)
    assert set(documents) == {str(path) for path in SEED_FILES + CORPUS_FILES}
    assert any(results[path].diagnostics for path in documents)
    assert set(chunks[0]) <= broken_paths
    assert set(chunks[1]) <= broken_paths
    assert len(chunks) >= 5

    # documents/: the documents without errors, in the order of the paths; no blank line.
    found, texts = read_parts(out / "documents")
    assert found == [f"{name}.jsonl" for name in names]
    assert texts == [as_text([documents[path] for path in chunk if path in documents]) for chunk in chunks]
    assert texts[0] == ""
    assert "".join(texts).split("\n") == [*documents.values(), ""]

    # diagnostics/: every diagnostic of every file, as `seedparse validate --output-format json-lines` prints it.
    found, texts = read_parts(out / "diagnostics")
    assert found == [f"{name}.jsonl" for name in names]
    expected = [
        [json.dumps(diagnostic_json(d, path), ensure_ascii=False) for path in chunk for d in results[path].diagnostics]
        for chunk in chunks
    ]
    assert texts == [as_text(lines) for lines in expected]
    assert "".join(texts).split("\n") == [line for lines in expected for line in lines] + [""]

    for folder in ("documents", "diagnostics"):
        for text in read_parts(out / folder)[1]:
            assert text == "" or text.endswith("\n")
            assert "" not in text.split("\n")[:-1], f"a blank line in {folder}/"

    # files/: a Parquet row per file, in order, with the same schema in every part.
    found = sorted(part.name for part in (out / "files").iterdir())
    assert found == [f"{name}.parquet" for name in names]
    tables = [pq.read_table(out / "files" / name) for name in found]
    assert [table.num_rows for table in tables] == [len(chunk) for chunk in chunks]
    assert tables[0].schema.names == ["path", "ok", "document", "diagnostics"]
    assert tables[0].schema.field("document").type == pa.string()
    assert all(table.schema == tables[-1].schema for table in tables)
    rows: list[dict[str, Any]] = [row for table in tables for row in table.to_pylist()]
    assert rows == [
        {
            "path": path,
            "ok": path in documents,
            "document": documents.get(path),
            "diagnostics": [d.model_dump(mode="json") for d in results[path].diagnostics],
        }
        for path in paths
    ]

    # Every broken file is there, not ok, with the errors it must have.
    by_path = {row["path"]: row for row in rows}
    for name, (_, codes) in BROKEN.items():
        row = by_path[str(broken / name)]
        assert row["ok"] is False, name
        assert row["document"] is None, name
        assert all(CODES[code].severity is Severity.ERROR for code in codes)
        assert {d["code"] for d in row["diagnostics"] if d["severity"] == "error"} == codes, name
