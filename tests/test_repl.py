"""The API in a REPL: short reprs, wiki-links as written, corpus paths, clear errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import seedparse
from seedparse.graph import NotInCorpusError
from seedparse.wikilinks import split_wikilink
from tests.conftest import CORPUS, CORPUS_FILES, ROOT, SEED_FILES, without_spans

ALL_FILES = SEED_FILES + CORPUS_FILES


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_a_document_repr_shows_its_kind_title_and_size(path: Path) -> None:
    document = seedparse.parse_file(path)
    text = repr(document)
    assert len(text) < 300, text
    counts = [
        ("timestamps", len(document.timestamps())),
        ("wikilinks", len(document.wikilinks())),
        ("links", len(document.links())),
    ]
    if isinstance(document, seedparse.ChannelPage):
        size = [f"videos={len(document.videos)}"]
    else:
        size = [f"sections={len(document.sections)}", f"blocks={len(list(document.blocks_in_order()))}"]
    shown = [f"{name}={count}" for name, count in counts if count]
    assert text == f"{type(document).__name__}(title={document.title!r}, {', '.join(size + shown)})"
    assert str(document) == f"title={document.title!r} {' '.join(size + shown)}"


def test_the_seed_note_repr_is_one_line() -> None:
    note = seedparse.parse_file(SEED_FILES[0])
    assert repr(note) == (
        "TranscriptNote(title='Opposition movements and unification in Russia', sections=7, blocks=22, "
        "timestamps=43, wikilinks=10)"
    )


def test_a_short_repr_changes_neither_equality_nor_the_dump() -> None:
    text = SEED_FILES[0].read_text(encoding="utf-8")
    note = seedparse.parse(text)
    other = seedparse.parse(text.replace("pragmatic stance", "careful stance"))
    assert repr(note) == repr(other)  # a summary: the text deep inside is not in it
    assert note != other
    assert note.model_dump() != other.model_dump()
    assert without_spans(note) != without_spans(other)
    assert "careful stance" in seedparse.to_json(other)


def test_a_node_repr_shows_its_own_fields_and_counts_its_children() -> None:
    note = seedparse.parse_file(SEED_FILES[0], format="transcript")
    section = note.sections[0]
    assert repr(section) == (
        "Section(level=2, heading=1, blocks=3, title='Chinese Influence on Russian Domestic Politics', "
        "span=10:1-16:305)"
    )
    paragraph = section.blocks[0]
    assert isinstance(paragraph, seedparse.Paragraph)
    assert repr(paragraph) == f"Paragraph(children={len(paragraph.children)}, span=12:1-12:408)"
    link = note.wikilinks()[1]
    assert repr(link) == (
        "WikiLink(target='internal_political_developments_in_russia', "
        "alias='internal political developments in Russia', span=8:100-8:189)"
    )
    # Long text keeps its start and end; built nodes show no span; defaults are left out.
    long = seedparse.Text(text="a" * 30 + "b" * 100 + "c" * 30)
    assert repr(long) == f"Text(text='{'a' * 27}...{'c' * 28}')"
    assert repr(seedparse.ThematicBreak()) == "ThematicBreak()"
    assert repr(seedparse.WikiLink(target="x", embed=True)) == "WikiLink(target='x', embed=True)"


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_no_node_repr_holds_the_tree_below_it(path: Path) -> None:
    document = seedparse.parse_file(path)
    for _, block in getattr(document, "blocks_in_order", lambda: iter(()))():
        assert len(repr(block)) < 200, repr(block)
    for inline in document.iter_inlines():
        assert len(repr(inline)) < 400, repr(inline)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("[[target]]", "[[target]]"),
        ("[[target|alias]]", "[[target|alias]]"),
        ("[[ target | alias ]]", "[[target|alias]]"),
        ("[[target#heading]]", "[[target#heading]]"),
        ("[[target#a#b|shown]]", "[[target#a#b|shown]]"),
        ("[[#Heading]]", "[[#Heading]]"),
        ("[[note#^block-1]]", "[[note#^block-1]]"),
        ("![[embed.png]]", "![[embed.png]]"),
        ("![[diagram.png|100x145]]", "![[diagram.png|100x145]]"),
    ],
)
def test_str_of_a_wikilink_is_the_link_as_written(written: str, expected: str) -> None:
    note = seedparse.parse(f"---\ntitle: t\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[c]]\n\nSee {written} here.\n")
    link = note.wikilinks()[1]
    assert str(link) == expected
    assert f"{link}" == expected


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_str_of_every_real_wikilink_reads_back_as_the_same_link(path: Path) -> None:
    document = seedparse.parse_file(path)
    for link in document.wikilinks():
        text = str(link)
        inner = text.removeprefix("!")[2:-2]
        assert text.startswith("![[" if link.embed else "[[")
        parts = split_wikilink(inner)
        assert parts is not None
        assert (parts.target, parts.heading, parts.block_id, parts.alias) == (
            link.target,
            link.heading,
            link.block_id,
            link.alias,
        )


@pytest.fixture
def vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of two notes, the current folder: ``a.md`` links ``b``."""
    front = "---\ntitle: {}\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[chan]]\n"
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.md").write_text(front.format("A") + "\nSee [[b]].\n", encoding="utf-8")
    (tmp_path / "notes" / "b.md").write_text(front.format("B"), encoding="utf-8")
    (tmp_path / "notes" / "pic.png").write_bytes(b"\x89PNG")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("loaded", ["notes", "./notes", "absolute"])
def test_corpus_paths_are_found_however_they_are_spelt(vault: Path, loaded: str) -> None:
    corpus = seedparse.Corpus.load(str(vault / "notes") if loaded == "absolute" else loaded, keep_documents=True)
    held = corpus.notes[1].path
    assert Path(held).name == "b.md"
    spellings: list[str | os.PathLike[str]] = [
        held,
        Path("notes/b.md"),
        "./notes/b.md",
        "notes//b.md",
        "notes/../notes/b.md",
        str(vault / "notes" / "b.md"),
        vault / "notes" / "b.md",
    ]
    for spelling in spellings:
        assert corpus.path(spelling) == held, spelling
        assert [site.path for site in corpus.backlinks(spelling)] == [corpus.notes[0].path], spelling
        note = corpus.note(spelling)
        assert note is not None
        assert note.title == "B"
        document = corpus.document(spelling)
        assert document is not None
        assert document.title == "B"
    assert corpus.resolve("b", Path("./notes/a.md")) == held
    # A file the corpus holds that is no seed file: no entry, no document, no backlinks, no error.
    assert corpus.note("./notes/pic.png") is None
    assert corpus.document(Path("notes/pic.png")) is None
    assert corpus.backlinks(vault / "notes" / "pic.png") == []


def test_a_file_the_corpus_does_not_hold_is_a_key_error(vault: Path) -> None:
    corpus = seedparse.Corpus.load("notes", keep_documents=True)
    (vault / "elsewhere.md").write_text("# Elsewhere\n", encoding="utf-8")
    for method in (corpus.backlinks, corpus.note, corpus.document):
        for missing in ("notes/c.md", "elsewhere.md", Path("b.md")):
            with pytest.raises(KeyError) as caught:
                method(missing)
            assert isinstance(caught.value, NotInCorpusError)
            assert str(caught.value) == (
                f"{os.fspath(missing)!r} is not a file of this corpus (3 files, e.g. 'notes/a.md')"
            )
    # resolve() takes a source that is not in the corpus yet (a note about to be written).
    assert corpus.resolve("b", "drafts/new.md") == "notes/b.md"


def test_a_corpus_read_back_from_json_finds_paths_too(vault: Path) -> None:
    corpus = seedparse.Corpus.load("notes")
    again = seedparse.Corpus.model_validate_json(corpus.model_dump_json())
    assert again.backlinks("./notes/b.md") == corpus.backlinks("notes/b.md")
    with pytest.raises(KeyError):
        again.backlinks("notes/c.md")


def test_a_corpus_repr_is_its_counts() -> None:
    corpus = seedparse.Corpus.load([str(path) for path in [*SEED_FILES, CORPUS]])
    text = repr(corpus)
    notes = [note for note in corpus.notes if note.kind in ("transcript", "article")]
    links = sum(len(note.links) for note in corpus.notes)
    unparsed = sorted(Path(note.path).name for note in corpus.notes if note.kind is None)
    assert unparsed == ["MANIFEST.md", "SOURCES.md"]  # the corpus's own notes on its files
    assert text == (
        f"Corpus(files={len(corpus.notes)}, notes={len(notes)}, channels=0, unparsed=2, links={links}, "
        f"targets={len(corpus.targets)}, dangling={len(corpus.dangling)})"
    )
    assert len(corpus.notes) == len(SEED_FILES) + len(CORPUS_FILES) + 2
    assert links > 100
    assert len(text) < 120
    # Its entries are short too: lists are counted.
    entry = next(note for note in corpus.notes if note.links)
    assert repr(entry) == (
        f"NoteEntry(path={entry.path!r}, kind={entry.kind!r}, title={entry.title!r}, errors={entry.errors}, "
        f"links={len(entry.links)})"
    )


def test_a_corpus_repr_counts_unparsed_files(vault: Path) -> None:
    (vault / "notes" / "readme.txt").write_text("just text\n", encoding="utf-8")
    assert repr(seedparse.Corpus.load("notes")) == (
        "Corpus(files=3, notes=2, channels=0, unparsed=1, links=3, targets=1, dangling=1)"
    )


def test_parse_file_of_a_missing_file_is_an_os_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing.md"
    with pytest.raises(FileNotFoundError) as caught:
        seedparse.parse_file(missing)
    assert caught.value.filename == str(missing)
    assert not isinstance(caught.value, seedparse.ParseError)
    with pytest.raises(IsADirectoryError):
        seedparse.parse_file(tmp_path)
    # The lenient form never raises: it reports the file as SP002.
    result = seedparse.parse_file_lenient(missing)
    assert result.document is None
    assert [d.code for d in result.diagnostics] == ["SP002"]
    # A file that is there but is not text is still a parse error.
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\xff\xfe")
    with pytest.raises(seedparse.ParseError):
        seedparse.parse_file(binary)


def test_seedparse_testing_without_hypothesis_names_the_extra() -> None:
    # None in sys.modules is how Python reports a module that is not installed.
    script = "import sys; sys.modules['hypothesis'] = None\nimport seedparse\nimport seedparse.testing\n"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last == (
        "ModuleNotFoundError: seedparse.testing needs Hypothesis, which seedparse does not install by itself: "
        "pip install 'seedparse[testing]'"
    )
    # With Hypothesis installed, it imports.
    ok = subprocess.run([sys.executable, "-c", "import seedparse.testing"], capture_output=True, cwd=ROOT, check=False)
    assert ok.returncode == 0, ok.stderr
