"""The link graph: resolution, backlinks, channels, dangling targets, and ``seedparse links``."""

from __future__ import annotations

import gc
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import seedparse
from seedparse.cli import main
from seedparse.graph import Corpus, slug
from tests.conftest import CORPUS

CHANNEL = """\
---
title: chan
---
### [First video | part 1](https://www.youtube.com/watch?v=KL4O_d7AlvQ)
- [[note_one | Note one]]
- [[Note Two]]

### [Second video](https://youtu.be/fNk_zzaMoSs)
- [[missing_note | Missing]]
"""

NOTE_ONE = """\
---
title: Note one
videoId: KL4O_d7AlvQ
---

From: [[chan]] <br/>

See [[Note Two]] and [[NOTE_TWO#Heading|x]], [[#Local]] and [[ghost]].
"""

NOTE_TWO = """\
---
title: Note two
videoId: KL4O_d7AlvQ
---

From: [[chan]] <br/>

## Heading
Back to [[note_one]]. ![[diagram.png]]
"""

OTHER = """\
---
title: Other one
videoId: fNk_zzaMoSs
---

From: [[chan]] <br/>

[[note_one]] is this file; [[chan/note_one]] is the other. [[Ghost]]!
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "chan").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "chan" / "chan.md").write_text(CHANNEL, encoding="utf-8")
    (tmp_path / "chan" / "note_one.md").write_text(NOTE_ONE, encoding="utf-8")
    (tmp_path / "chan" / "note_two.md").write_text(NOTE_TWO, encoding="utf-8")
    (tmp_path / "chan" / "diagram.png").write_bytes(b"\x89PNG")
    (tmp_path / "other" / "note_one.md").write_text(OTHER, encoding="utf-8")
    (tmp_path / "readme.txt").write_text("Not a seed file.\n", encoding="utf-8")
    return tmp_path


def _links(corpus: Corpus, root: Path) -> dict[str, list[tuple[int, int, str, str | None]]]:
    def rel(path: str | None) -> str | None:
        return None if path is None else Path(path).relative_to(root).as_posix()

    return {
        str(rel(note.path)): [(s.line, s.column, s.written, rel(s.resolved)) for s in note.links]
        for note in corpus.notes
    }


def test_the_graph_of_a_small_folder(folder: Path) -> None:
    corpus = Corpus.load(str(folder))
    path = {name: str(folder / name) for name in ("chan/chan.md", "chan/note_one.md", "chan/note_two.md")}
    path["other"] = str(folder / "other" / "note_one.md")
    path["png"] = str(folder / "chan" / "diagram.png")
    path["readme"] = str(folder / "readme.txt")

    assert [(n.path, n.kind, n.title, n.errors) for n in corpus.notes] == [
        (path["chan/chan.md"], "channel", "chan", 0),
        (path["chan/note_one.md"], "transcript", "Note one", 0),
        (path["chan/note_two.md"], "transcript", "Note two", 0),
        (path["other"], "transcript", "Other one", 0),
        (path["readme"], None, None, 0),  # found in a folder and not a seed document: skipped (SP007), no error
    ]
    assert _links(corpus, folder) == {
        "chan/chan.md": [
            (5, 3, "[[note_one|Note one]]", "chan/note_one.md"),
            (6, 3, "[[Note Two]]", "chan/note_two.md"),  # by slug
            (9, 3, "[[missing_note|Missing]]", None),
        ],
        "chan/note_one.md": [
            (6, 7, "[[chan]]", "chan/chan.md"),
            (8, 5, "[[Note Two]]", "chan/note_two.md"),
            (8, 22, "[[NOTE_TWO#Heading|x]]", "chan/note_two.md"),  # by name, any case
            (8, 46, "[[#Local]]", "chan/note_one.md"),  # the file itself
            (8, 61, "[[ghost]]", None),
        ],
        "chan/note_two.md": [
            (6, 7, "[[chan]]", "chan/chan.md"),
            (9, 9, "[[note_one]]", "chan/note_one.md"),  # the one in its own folder
            (9, 23, "![[diagram.png]]", "chan/diagram.png"),  # a file that is not a note
        ],
        "other/note_one.md": [
            (6, 7, "[[chan]]", "chan/chan.md"),
            (8, 1, "[[note_one]]", "other/note_one.md"),  # its own folder first
            (8, 28, "[[chan/note_one]]", "chan/note_one.md"),  # a path picks the folder
            (8, 60, "[[Ghost]]", None),
        ],
        "readme.txt": [],
    }

    backlinks = {
        Path(t.path).relative_to(folder).as_posix(): [
            (Path(s.path).relative_to(folder).as_posix(), s.line, s.column) for s in t.backlinks
        ]
        for t in corpus.targets
    }
    assert backlinks == {
        "chan/chan.md": [("chan/note_one.md", 6, 7), ("chan/note_two.md", 6, 7), ("other/note_one.md", 6, 7)],
        "chan/note_one.md": [
            ("chan/chan.md", 5, 3),
            ("chan/note_one.md", 8, 46),
            ("chan/note_two.md", 9, 9),
            ("other/note_one.md", 8, 28),
        ],
        "chan/note_two.md": [("chan/chan.md", 6, 3), ("chan/note_one.md", 8, 5), ("chan/note_one.md", 8, 22)],
        "other/note_one.md": [("other/note_one.md", 8, 1)],
        "chan/diagram.png": [("chan/note_two.md", 9, 23)],
    }
    assert corpus.backlinks(path["chan/note_two.md"]) == corpus.targets[2].backlinks
    assert corpus.backlinks(path["readme"]) == []

    (channel,) = corpus.channels
    assert (channel.path, channel.title) == (path["chan/chan.md"], "chan")
    assert [(v.video_id, v.title, v.url) for v in channel.videos] == [
        ("KL4O_d7AlvQ", "First video | part 1", "https://www.youtube.com/watch?v=KL4O_d7AlvQ"),
        ("fNk_zzaMoSs", "Second video", "https://youtu.be/fNk_zzaMoSs"),
    ]
    assert [[(s.link.target, s.resolved) for s in v.notes] for v in channel.videos] == [
        [("note_one", path["chan/note_one.md"]), ("Note Two", path["chan/note_two.md"])],
        [("missing_note", None)],
    ]

    # Dangling links are aggregated per target slug: [[ghost]] and [[Ghost]] are one target.
    assert [
        (d.target, d.slug, [(Path(s.path).relative_to(folder).as_posix(), s.line, s.column) for s in d.links])
        for d in corpus.dangling
    ] == [
        ("ghost", "ghost", [("chan/note_one.md", 8, 61), ("other/note_one.md", 8, 60)]),
        ("missing_note", "missing_note", [("chan/chan.md", 9, 3)]),
    ]


def test_link_positions_are_where_the_links_are_written(folder: Path) -> None:
    corpus = Corpus.load(str(folder))
    for note in corpus.notes:
        lines = Path(note.path).read_text(encoding="utf-8").split("\n")
        for site in note.links:
            written = lines[site.line - 1][site.column - 1 :]
            assert written.startswith(("[[", "![[")), (site, written)


def test_the_graph_round_trips_through_json(folder: Path) -> None:
    corpus = Corpus.load(str(folder))
    data = json.loads(corpus.model_dump_json())
    assert data["type"] == "corpus"
    assert data["schema_version"] == seedparse.SCHEMA_VERSION
    assert set(data) == {"type", "schema_version", "notes", "targets", "channels", "dangling"}
    again = Corpus.model_validate_json(corpus.model_dump_json())
    assert again == corpus
    # A corpus read back resolves against the files it names.
    assert again.resolve("Note Two", str(folder / "x.md")) == str(folder / "chan" / "note_two.md")
    assert again.resolve("ghost", str(folder / "x.md")) is None


def test_the_dot_graph(folder: Path) -> None:
    dot = Corpus.load(str(folder)).to_dot()
    chan, one, two = (str(folder / "chan" / name) for name in ("chan.md", "note_one.md", "note_two.md"))
    lines = dot.splitlines()
    assert lines[0] == "digraph seedparse {"
    assert lines[-1] == "}"
    assert f'  "{chan}" [label="chan", shape=folder];' in lines
    assert f'  "{one}" [label="Note one"];' in lines
    assert f'  "{folder / "readme.txt"}" [label="readme", shape=ellipse];' in lines
    assert f'  "{folder / "chan" / "diagram.png"}" [label="diagram.png", shape=note];' in lines
    assert '  "dangling:ghost" [label="ghost", style=dashed];' in lines
    assert f'  "{one}" -> "{two}" [label="2"];' in lines
    assert f'  "{chan}" -> "{one}";' in lines
    assert f'  "{one}" -> "dangling:ghost";' in lines
    assert sum(" -> " in line for line in lines) == 14


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Large Language Models and Causality", "large_language_models_and_causality"),
        ("large_language_models_and_causality", "large_language_models_and_causality"),
        ("Room-Temperature Ambient-Pressure", "roomtemperature_ambientpressure"),
        ("Why is pi here?  And why is it squared?", "why_is_pi_here_and_why_is_it_squared"),
        ("  __Trailing__ ", "trailing"),
        ("Apple's MM1 (2024)", "apples_mm1_2024"),
        ("STRASSE Straße", "strasse_strasse"),
        ("Cafe\u0301", "café"),
    ],
)
def test_slug(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_resolution_prefers_the_own_folder_then_the_shortest_path() -> None:
    corpus = Corpus.from_documents({"a/x/topic.md": None, "b/topic.md": None, "a/topic.md": None, "c/y/z.md": None})
    assert corpus.resolve("topic", "a/x/note.md") == "a/x/topic.md"
    assert corpus.resolve("topic", "c/y/z.md") == "a/topic.md"  # shortest path, then sorted
    assert corpus.resolve("x/topic", "c/y/z.md") == "a/x/topic.md"
    assert corpus.resolve("Topic.md", "c/y/z.md") == "a/topic.md"
    assert corpus.resolve("nowhere/topic", "c/y/z.md") is None


def test_links_command_text(folder: Path) -> None:
    result = CliRunner().invoke(main, ["links", str(folder)])
    assert result.exit_code == 0, result.output
    out = result.stdout.splitlines()
    one = folder / "chan" / "note_one.md"
    assert out[0] == "5 files, 15 links: 12 resolved, 3 dangling to 2 targets"
    start = out.index("== backlinks (5 targets)")
    assert out[start + 1 : start + 5] == [
        f"{folder / 'chan' / 'chan.md'} <- 3",
        f"  {one}:6:7: [[chan]]",
        f"  {folder / 'chan' / 'note_two.md'}:6:7: [[chan]]",
        f"  {folder / 'other' / 'note_one.md'}:6:7: [[chan]]",
    ]
    assert "== dangling (2 targets)" in out
    assert f"  {one}:8:61: [[ghost]]" in out
    assert "  KL4O_d7AlvQ First video | part 1" in out
    assert "    9:3: [[missing_note|Missing]] -> (dangling)" in out
    assert f"{folder / 'readme.txt'}: unknown, 0 links" in out  # not a seed document: skipped, not an error


def test_links_command_json_and_dot(folder: Path) -> None:
    result = CliRunner().invoke(main, ["links", "--output-format", "json", str(folder)])
    assert result.exit_code == 0
    assert Corpus.model_validate_json(result.stdout) == Corpus.load(str(folder))
    result = CliRunner().invoke(main, ["links", "--output-format", "dot", str(folder)])
    assert result.exit_code == 0
    assert result.stdout == Corpus.load(str(folder)).to_dot() + "\n"


def test_links_of_the_shared_corpus_point_at_the_written_links() -> None:
    result = CliRunner().invoke(main, ["links", str(CORPUS)])
    assert result.exit_code == 0
    out = result.stdout.splitlines()
    target = CORPUS / "transcripts" / "khanacademy" / "standard_deviation.md"
    start = out.index(f"{target} <- 12")
    sites = out[start + 1 : start + 13]
    lines = target.read_text(encoding="utf-8").split("\n")
    expected = [
        f"  {target}:{number}:{match.start() + 1}: [[standard_deviation|{match['alias']}]]"
        for number, line in enumerate(lines, 1)
        for match in re.finditer(r"\[\[standard_deviation \| (?P<alias>[^\]]+)\]\]", line)
    ]
    assert sites == expected
    assert len(expected) == 12
    # The transcripts' channel pages are not in the corpus: their From: links dangle.
    assert "hu-po <- 4" in out


def _live_documents() -> list[seedparse.nodes.DocumentNode]:
    gc.collect()
    return [obj for obj in gc.get_objects() if isinstance(obj, seedparse.nodes.DocumentNode)]


def test_a_loaded_corpus_keeps_its_links_not_its_documents(folder: Path) -> None:
    before = len(_live_documents())
    corpus = Corpus.load(str(folder))
    assert len(_live_documents()) == before  # every document was dropped once its links were read
    assert sum(len(note.links) for note in corpus.notes) == 15
    advice = r"keeps no documents: load it with Corpus.load\(\.\.\., keep_documents=True\)"
    with pytest.raises(ValueError, match=advice):
        corpus.document(str(folder / "chan" / "note_one.md"))
    with pytest.raises(KeyError):  # a file it does not hold is still a KeyError first
        corpus.document(str(folder / "nowhere.md"))
    # The same graph as a corpus that keeps them, which answers document().
    keeping = Corpus.load(str(folder), keep_documents=True)
    assert keeping == corpus
    assert len(_live_documents()) == before + 4  # the four files that parse
    document = keeping.document(str(folder / "chan" / "note_one.md"))
    assert document is not None
    assert document.title == "Note one"
    assert keeping.document(str(folder / "readme.txt")) is None  # held, but no document
    # A corpus read back from JSON has no documents either.
    again = Corpus.model_validate_json(corpus.model_dump_json())
    with pytest.raises(ValueError, match="keeps no documents"):
        again.document(str(folder / "chan" / "note_one.md"))


def test_from_documents_keeps_the_documents_it_is_given() -> None:
    note = seedparse.parse("---\ntitle: A\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[b]]\n", format="transcript")
    corpus = Corpus.from_documents({"a.md": note, "b.md": None})
    assert corpus.document("a.md") is note
    assert corpus.document("./b.md") is None


def test_loading_on_worker_processes_builds_the_same_corpus(tmp_path: Path) -> None:
    # More files than one chunk of work (32), so that worker processes are started.
    for copy in range(3):
        shutil.copytree(CORPUS, tmp_path / f"copy{copy}", ignore=shutil.ignore_patterns("README", "*.png"))
    one = Corpus.load(str(tmp_path))
    assert len(one.notes) > 64
    two = Corpus.load(str(tmp_path), jobs=2)
    assert two == one
    assert repr(two) == repr(one)
    keeping = Corpus.load(str(tmp_path), jobs=2, keep_documents=True)
    assert keeping == one
    path = next(note.path for note in one.notes if note.kind == "transcript")
    document = keeping.document(path)
    assert document is not None
    assert document == seedparse.parse_file_lenient(path).document
