r"""The link graph of a folder of notes and channel pages: :class:`Corpus`.

A corpus is every seed file found under the paths it is loaded from (as
:func:`seedparse.iter_seed_files` finds them). It reports each note's outgoing
wiki-links, each link target's backlinks, the channel pages with their videos
and notes, and the dangling targets (links no file answers), aggregated per
target.

How a link finds its file
-------------------------
A wiki-link's ``target`` (the part before ``#`` and ``|``) is looked up among
the corpus's files, case-insensitively, in four steps; the first step that
finds any file decides:

1. An empty target (``[[#Heading]]``) is the linking file itself.
2. The target is a file name with its suffix (``[[diagram.png]]``,
   ``[[note.md]]``): the files of that name. Other files in a loaded folder
   (images, PDFs) can be found this way.
3. The target is a file name without its suffix (``[[standard_deviation]]``
   finds ``standard_deviation.md``); a target with ``/`` names the end of a
   path (``[[khanacademy/standard_deviation]]``).
4. The target's slug is a file name's slug: ``[[Large Language Models and
   Causality]]`` finds ``large_language_models_and_causality.md``. The slug
   of a text is the text in Unicode NFC form, case-folded, with every
   character that is not a letter, a digit, ``_`` or white space removed,
   and each run of white space and ``_`` turned into one ``_`` (leading and
   trailing ones dropped).

When a step finds several files (two folders each with a
``reinforcement_learning.md``), the link goes to the one in the linking file's
own folder, else to the one with the shortest path, else to the first in
sorted order. Headings and block ids after ``#`` are not checked. A target no
step finds is dangling; dangling links are aggregated by the target's slug.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import PurePath
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from seedparse import batch
from seedparse.api import Limits, parse_file_lenient
from seedparse.channels import ChannelPage
from seedparse.documents import SCHEMA_VERSION, Article, TranscriptNote
from seedparse.files import SEED_SUFFIXES, Selection, iter_other_files, iter_seed_files
from seedparse.wikilinks import WikiLink

__all__ = [
    "ChannelEntry",
    "Corpus",
    "DanglingTarget",
    "LinkSite",
    "NotInCorpusError",
    "NoteEntry",
    "TargetEntry",
    "VideoEntry",
    "slug",
]

_NOT_SLUG = re.compile(r"[^\w\s]")
_SEPARATORS = re.compile(r"[\s_]+")


def slug(text: str) -> str:
    """The slug links are matched by: case-folded, punctuation removed, spaces to ``_``.

    Example:
        >>> slug("Large Language Models and Causality"), slug("Room-Temperature  Superconductor?")
        ('large_language_models_and_causality', 'roomtemperature_superconductor')
    """
    text = _NOT_SLUG.sub("", unicodedata.normalize("NFC", text).casefold())
    return _SEPARATORS.sub("_", text).strip("_")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        """A short repr for a REPL: every field but ``type``, a list as its length."""
        for name, value in self.__dict__.items():
            if name != "type":
                yield name, len(value) if isinstance(value, list) else value


class LinkSite(_Model):
    """One wiki-link where it is written, and the file it resolves to.

    Example:
        >>> from seedparse.spans import Span
        >>> span = Span(line=3, column=7, end_line=3, end_column=12)
        >>> site = LinkSite(path="a.md", link=WikiLink(target="b", span=span), resolved="b.md")
        >>> str(site)
        'a.md:3:7: [[b]] -> b.md'
    """

    type: Literal["link"] = "link"
    path: str = Field(description="The file the link is written in.")
    link: WikiLink = Field(description="The wiki-link as parsed; its span gives the line and column.")
    resolved: str | None = Field(description="The file the link resolves to; null when it is dangling.")

    @property
    def line(self) -> int:
        """The 1-based line the link starts on (0 for a link built in code)."""
        return self.link.span.line if self.link.span is not None else 0

    @property
    def column(self) -> int:
        """The 1-based column the link starts at (0 for a link built in code)."""
        return self.link.span.column if self.link.span is not None else 0

    @property
    def written(self) -> str:
        """The link in wiki-link syntax, e.g. ``[[target#Heading|alias]]`` (``str()`` of the link)."""
        return str(self.link)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.written} -> {self.resolved or '(dangling)'}"


class NoteEntry(_Model):
    """One file of the corpus with its outgoing links.

    Example:
        >>> NoteEntry(path="a.md", kind="transcript", title="A", links=[]).kind
        'transcript'
    """

    type: Literal["note"] = "note"
    path: str = Field(description="The file's path, as found.")
    kind: Literal["transcript", "article", "channel"] | None = Field(
        description="The document kind; null when the file could not be parsed as any."
    )
    title: str | None = Field(description="The document's title, if it has one.")
    errors: int = Field(
        default=0, description="How many error diagnostics the file has; its links are read all the same."
    )
    links: list[LinkSite] = Field(description="Every wiki-link the file writes, in document order.")


class TargetEntry(_Model):
    """A file that links resolve to, with its backlinks.

    Example:
        >>> TargetEntry(path="b.md", backlinks=[]).path
        'b.md'
    """

    type: Literal["target"] = "target"
    path: str = Field(description="The file the links resolve to.")
    backlinks: list[LinkSite] = Field(description="Every link to the file, ordered by file, line and column.")


class VideoEntry(_Model):
    """A video of a channel page, with its notes resolved.

    Example:
        >>> VideoEntry(video_id="fNk_zzaMoSs", title="Vectors", url="https://youtu.be/fNk_zzaMoSs", notes=[]).title
        'Vectors'
    """

    type: Literal["video"] = "video"
    video_id: str | None = Field(description="The YouTube video id; null when the heading's URL has none.")
    title: str = Field(description="The video's title, from the heading link.")
    url: str = Field(description="The heading link's destination, as written.")
    notes: list[LinkSite] = Field(description="The note links listed under the video, in order.")


class ChannelEntry(_Model):
    """A channel page of the corpus: its videos and their notes.

    Example:
        >>> ChannelEntry(path="chan/chan.md", title="chan", videos=[]).title
        'chan'
    """

    type: Literal["channel"] = "channel"
    path: str = Field(description="The channel page's path.")
    title: str | None = Field(description="The channel's slug, from the front matter's title.")
    videos: list[VideoEntry] = Field(description="The videos, in page order.")


class DanglingTarget(_Model):
    """A target no file answers, with every link to it.

    Example:
        >>> DanglingTarget(target="Missing Note", slug="missing_note", links=[]).slug
        'missing_note'
    """

    type: Literal["dangling"] = "dangling"
    target: str = Field(description="The target as first written (links are grouped by slug).")
    slug: str = Field(description="The slug every link of the group shares.")
    links: list[LinkSite] = Field(description="Every link to the target, ordered by file, line and column.")


class NotInCorpusError(KeyError):
    """A path that names no file of the corpus: a :class:`KeyError` whose message says so plainly."""

    def __str__(self) -> str:
        return str(self.args[0])


class _Index:
    """Finds the file a target names, by the rule in the module docstring."""

    def __init__(self, paths: Iterable[str]) -> None:
        self.known = set(paths)
        self.paths = sorted(self.known)
        self.by_name: dict[str, list[str]] = defaultdict(list)
        self.by_stem: dict[str, list[str]] = defaultdict(list)
        self.by_slug: dict[str, list[str]] = defaultdict(list)
        for path in self.paths:
            pure = PurePath(path)
            self.by_name[pure.name.casefold()].append(path)
            if pure.suffix in SEED_SUFFIXES:
                self.by_stem[pure.stem.casefold()].append(path)
                self.by_slug[slug(pure.stem)].append(path)

    def resolve(self, target: str, source: str) -> str | None:
        target = target.strip().replace("\\", "/")
        if not target:
            return source
        name = target.rsplit("/", 1)[-1]
        candidates = self.by_name.get(name.casefold(), [])
        if not candidates:
            stem = name
            for suffix in SEED_SUFFIXES:
                if stem.casefold().endswith(suffix):
                    stem = stem[: -len(suffix)]
            candidates = self.by_stem.get(stem.casefold()) or self.by_slug.get(slug(stem), [])
        if "/" in target:
            folders = [slug(part) for part in target.split("/")[:-1]]
            candidates = [path for path in candidates if _folders_end_with(path, folders)]
        if not candidates:
            return None
        home = PurePath(source).parent
        return min(candidates, key=lambda path: (PurePath(path).parent != home, len(PurePath(path).parts), path))


def _folders_end_with(path: str, folders: list[str]) -> bool:
    parents = [slug(part) for part in PurePath(path).parent.parts]
    return len(parents) >= len(folders) and parents[len(parents) - len(folders) :] == folders


_Document = TranscriptNote | Article | ChannelPage


class Corpus(_Model):
    r"""The link graph of a folder of notes and channel pages.

    Load it with :meth:`load` (files and folders, as the ``seedparse links``
    command takes them) or build it from parsed documents with
    :meth:`from_documents`. Its JSON (``model_dump_json``) is what
    ``seedparse links --output-format json`` prints.

    Example:
        >>> import seedparse
        >>> front = "---\ntitle: A\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[chan]]\n"
        >>> corpus = seedparse.Corpus.from_documents({
        ...     "notes/a.md": seedparse.parse(front + "\nSee [[B Note]].\n"),
        ...     "notes/b_note.md": seedparse.parse(front),
        ... })
        >>> [(site.line, site.column, site.path) for site in corpus.backlinks("notes/b_note.md")]
        [(8, 5, 'notes/a.md')]
        >>> [(d.target, len(d.links)) for d in corpus.dangling]
        [('chan', 2)]
    """

    type: Literal["corpus"] = "corpus"
    schema_version: str = Field(default=SCHEMA_VERSION, description="Version of this JSON shape.")
    notes: list[NoteEntry] = Field(description="Every seed file with its outgoing links, in load order.")
    targets: list[TargetEntry] = Field(description="Every file some link resolves to, with its backlinks.")
    channels: list[ChannelEntry] = Field(description="The channel pages with their videos and notes.")
    dangling: list[DanglingTarget] = Field(description="Targets no file answers, grouped by slug, sorted by slug.")

    #: The parsed documents by path; ``None`` when the corpus keeps none (loaded without keep_documents, or JSON).
    _documents: dict[str, _Document] | None = PrivateAttr(default=None)
    _index: _Index | None = PrivateAttr(default=None)
    #: Other spellings of the corpus's paths (normalised, absolute, resolved), built on the first miss.
    _aliases: dict[str, str] | None = PrivateAttr(default=None)
    _notes_by_path: dict[str, NoteEntry] | None = PrivateAttr(default=None)
    _targets_by_path: dict[str, TargetEntry] | None = PrivateAttr(default=None)

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        """A corpus's short repr: how many files, notes, channel pages, links, targets and dangling targets.

        ``unparsed`` (files that are no document) is shown when not zero.

        Example:
            >>> Corpus.load("seeds")
            Corpus(files=2, notes=2, channels=0, links=10, targets=0, dangling=8)
        """
        kinds = [note.kind for note in self.notes]
        yield "files", len(kinds)
        yield "notes", sum(kind in ("transcript", "article") for kind in kinds)
        yield "channels", kinds.count("channel")
        if kinds.count(None):
            yield "unparsed", kinds.count(None)
        yield "links", sum(len(note.links) for note in self.notes)
        yield "targets", len(self.targets)
        yield "dangling", len(self.dangling)

    @classmethod
    def load(
        cls,
        paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
        selection: Selection | None = None,
        limits: Limits | None = None,
        *,
        keep_documents: bool = False,
        jobs: int | None = 1,
    ) -> Corpus:
        """Parse every seed file named or found in folders (``*.md``, ``*.txt``) and link them.

        Files that cannot be parsed stay in :attr:`notes` with ``kind`` null and no
        links; other files inside the folders (images...) can be link targets.
        ``selection`` says what the folder walks leave out (see
        :class:`seedparse.files.Selection`; by default hidden names, what
        ``.gitignore`` ignores, and :data:`seedparse.files.DEFAULT_EXCLUDE`); a
        file found in a folder that is not a seed document has no kind and no error.

        The files are parsed one at a time, and each document is dropped once its
        links are read: the corpus keeps its link sites, titles and kinds, so its
        memory grows with the links, not with the text. ``keep_documents=True``
        keeps every document too, for :meth:`document`. ``jobs`` worker
        processes parse the files (``None`` or 0: every core; as
        :func:`seedparse.batch.parse_files` does), and send back only what the
        corpus keeps.

        Example:
            >>> corpus = Corpus.load("seeds")
            >>> [note.kind for note in corpus.notes]
            ['transcript', 'article']
            >>> Corpus.load("seeds", keep_documents=True).document("seeds/001_8ff56b00d9d811b8.txt").kind
            'article'
        """
        names = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
        selection = (selection or Selection()).for_paths(names)
        files = [str(path) for path in iter_seed_files(names, selection)]
        others = [str(path) for path in iter_other_files(names, selection)]  # a stack: any depth
        skips = frozenset(path for path in files if selection.found_in_folder(path))
        graph = _Graph(_Index([*files, *others]))
        kept: dict[str, _Document] = {}
        # batch's streaming runner: chunks of paths over worker processes, results in order.
        reads = batch._stream(_read_chunk, files, jobs or os.cpu_count() or 1, (limits, skips, keep_documents))
        for path, (read, document) in zip(files, reads, strict=True):
            graph.add(path, read)
            if document is not None:
                kept[path] = document
        return graph.corpus(cls, kept if keep_documents else None)

    @classmethod
    def from_documents(
        cls,
        documents: Mapping[str, _Document | None],
        other_files: Iterable[str] = (),
        errors: Mapping[str, int] | None = None,
    ) -> Corpus:
        r"""Link parsed documents, keyed by their paths (``None`` for a file that did not parse).

        ``other_files`` are files that are not documents but may be link
        targets; ``errors`` counts each file's error diagnostics. The corpus
        keeps the documents (see :meth:`document`).

        Example:
            >>> import seedparse
            >>> page = seedparse.parse("---\ntitle: c\n---\n### [V](https://youtu.be/KL4O_d7AlvQ)\n- [[n]]\n")
            >>> Corpus.from_documents({"c.md": page}).channels[0].videos[0].notes[0].resolved is None
            True
        """
        graph = _Graph(_Index([*documents, *other_files]))
        for path, document in documents.items():
            graph.add(path, _FileLinks.of(document, (errors or {}).get(path, 0)))
        kept = {path: document for path, document in documents.items() if document is not None}
        return graph.corpus(cls, kept)

    def __eq__(self, other: object) -> bool:
        """Corpora are equal when their graphs are (the parsed documents are not compared)."""
        if not isinstance(other, Corpus):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]  # compared by value, as pydantic models are

    def document(self, path: str | os.PathLike[str]) -> _Document | None:
        """The parsed document of a file of the corpus; ``None`` for a file that did not parse or is no seed file.

        ``path`` may be spelt as the corpus has it, or in any other way that names
        the same file (see :meth:`path`). Only a corpus built with
        :meth:`from_documents`, or loaded with ``keep_documents=True``, has them.

        Raises:
            KeyError: the corpus holds no such file.
            ValueError: the corpus keeps no documents.
        """
        held = self.path(path)
        if self._documents is None:
            raise ValueError(
                "this corpus keeps no documents: load it with Corpus.load(..., keep_documents=True), "
                "or parse the file with seedparse.parse_file"
            )
        return self._documents.get(held)

    def note(self, path: str | os.PathLike[str]) -> NoteEntry | None:
        """The entry of a seed file of the corpus; ``None`` for another file it holds (an image...).

        Raises:
            KeyError: the corpus holds no such file.
        """
        if self._notes_by_path is None:
            self._notes_by_path = {note.path: note for note in self.notes}
        return self._notes_by_path.get(self.path(path))

    def backlinks(self, path: str | os.PathLike[str]) -> list[LinkSite]:
        r"""Every link that resolves to ``path``, ordered by file, line and column.

        Raises:
            KeyError: the corpus holds no such file.

        Example:
            >>> import os, pathlib, seedparse
            >>> front = "---\ntitle: A\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[b]]\n"
            >>> corpus = Corpus.from_documents({"notes/a.md": seedparse.parse(front), "notes/b.md": None})
            >>> [site.path for site in corpus.backlinks(pathlib.Path("./notes/b.md"))]
            ['notes/a.md']
            >>> corpus.backlinks(os.path.abspath("notes/b.md")) == corpus.backlinks("notes/b.md")
            True
            >>> corpus.backlinks("notes/c.md")
            Traceback (most recent call last):
            ...
            seedparse.graph.NotInCorpusError: 'notes/c.md' is not a file of this corpus (2 files, e.g. 'notes/a.md')
        """
        if self._targets_by_path is None:
            self._targets_by_path = {target.path: target for target in self.targets}
        target = self._targets_by_path.get(self.path(path))
        return [] if target is None else target.backlinks

    def path(self, path: str | os.PathLike[str]) -> str:
        """The corpus's own spelling of a file's path, from any spelling of it.

        A path is looked up as given, then normalised (``./x``, ``a//b``,
        ``a/../b``), then as an absolute path and with symbolic links resolved
        (relative paths are taken from the current folder), so a
        :class:`~pathlib.Path`, ``./x`` and an absolute path all find a file the
        corpus holds under a relative name, and the other way round.

        Raises:
            KeyError: the corpus holds no such file (a :class:`NotInCorpusError`).
        """
        name = os.fspath(path)
        index = self._get_index()
        if name in index.known:
            return name
        if self._aliases is None:
            self._aliases = {}
            for held in index.paths:
                for alias in (os.path.normpath(held), os.path.abspath(held), os.path.realpath(held)):
                    self._aliases.setdefault(alias, held)
        for alias in (os.path.normpath(name), os.path.abspath(name), os.path.realpath(name)):
            if alias in self._aliases:
                return self._aliases[alias]
        example = f", e.g. {index.paths[0]!r}" if index.paths else ""
        raise NotInCorpusError(f"{name!r} is not a file of this corpus ({len(index.paths)} files{example})")

    def resolve(self, target: str, source: str | os.PathLike[str]) -> str | None:
        """The file a link written in ``source`` to ``target`` resolves to, or ``None`` if it is dangling.

        ``source`` need not be a file of the corpus (a note about to be written);
        when it is, any spelling of its path will do.

        Example:
            >>> Corpus.from_documents({"x/large_language_models.md": None}).resolve("Large Language Models", "y.md")
            'x/large_language_models.md'
        """
        try:
            name = self.path(source)
        except KeyError:
            name = os.fspath(source)
        return self._get_index().resolve(target, name)

    def _get_index(self) -> _Index:
        if self._index is None:  # a corpus read back from JSON: its files are the notes and targets
            self._index = _Index([*(note.path for note in self.notes), *(target.path for target in self.targets)])
        return self._index

    def to_dot(self) -> str:
        r"""The graph in Graphviz DOT: one node per file and per dangling target, one edge per linked pair.

        Channel pages are folders, dangling targets dashed; an edge carries the
        number of links when there is more than one.

        Example:
            >>> print(Corpus.from_documents({"a.md": None}).to_dot())
            digraph seedparse {
              graph [rankdir=LR];
              node [shape=box];
              "a.md" [label="a", shape=ellipse];
            }
        """
        lines = ["digraph seedparse {", "  graph [rankdir=LR];", "  node [shape=box];"]
        shapes = {"channel": ", shape=folder", None: ", shape=ellipse"}
        for note in self.notes:
            label = note.title or PurePath(note.path).stem
            lines.append(f"  {_dot(note.path)} [label={_dot(label)}{shapes.get(note.kind, '')}];")
        known = {note.path for note in self.notes}
        for target in self.targets:
            if target.path not in known:
                lines.append(f"  {_dot(target.path)} [label={_dot(PurePath(target.path).name)}, shape=note];")
        for dangling in self.dangling:
            lines.append(f"  {_dot('dangling:' + dangling.slug)} [label={_dot(dangling.target)}, style=dashed];")
        edges: dict[tuple[str, str], int] = {}
        for note in self.notes:
            for site in note.links:
                end = site.resolved if site.resolved is not None else "dangling:" + slug(site.link.target)
                edges[note.path, end] = edges.get((note.path, end), 0) + 1
        for (start, end), count in edges.items():
            label = f" [label={_dot(str(count))}]" if count > 1 else ""
            lines.append(f"  {_dot(start)} -> {_dot(end)}{label};")
        lines.append("}")
        return "\n".join(lines)


class _Graph:
    """Builds a corpus one document at a time: each document's links are read, resolved and kept, the rest not."""

    def __init__(self, index: _Index) -> None:
        self.index = index
        self.notes: list[NoteEntry] = []
        self.channels: list[ChannelEntry] = []
        self.incoming: dict[str, list[LinkSite]] = defaultdict(list)
        self.missing: dict[str, list[LinkSite]] = defaultdict(list)
        self.order: dict[str, int] = {}

    def add(self, path: str, read: _FileLinks) -> None:
        """Add one file's links, resolved."""
        self.order[path] = len(self.order)
        sites = []
        for link in read.links:
            site = LinkSite(path=path, link=link, resolved=self.index.resolve(link.target, path))
            sites.append(site)
            if site.resolved is None:
                self.missing[slug(link.target)].append(site)
            else:
                self.incoming[site.resolved].append(site)
        self.notes.append(NoteEntry(path=path, kind=read.kind, title=read.title, errors=read.errors, links=sites))
        if read.videos is not None:
            videos = [
                VideoEntry(
                    video_id=video_id,
                    title=title,
                    url=url,
                    notes=[
                        LinkSite(path=path, link=note, resolved=self.index.resolve(note.target, path)) for note in notes
                    ],
                )
                for video_id, title, url, notes in read.videos
            ]
            self.channels.append(ChannelEntry(path=path, title=read.title, videos=videos))

    def corpus(self, cls: type[Corpus], documents: dict[str, _Document] | None) -> Corpus:
        """The corpus of every file added, with ``documents`` kept (``None``: none)."""
        order = self.order

        def by_place(site: LinkSite) -> tuple[int, int, int]:
            return order[site.path], site.line, site.column

        targets = [
            TargetEntry(path=path, backlinks=sorted(self.incoming[path], key=by_place))
            for path in sorted(self.incoming, key=lambda path: (order.get(path, len(order)), path))
        ]
        dangling = [
            DanglingTarget(target=sites[0].link.target, slug=key, links=sorted(sites, key=by_place))
            for key, sites in sorted(self.missing.items())
        ]
        corpus = cls(notes=self.notes, targets=targets, channels=self.channels, dangling=dangling)
        corpus._documents = documents
        corpus._index = self.index
        return corpus


class _FileLinks(NamedTuple):
    """What a corpus keeps of one file: its kind, title, error count and wiki-links (small enough to pickle)."""

    kind: Literal["transcript", "article", "channel"] | None
    title: str | None
    errors: int
    links: list[WikiLink]
    #: A channel page's videos: ``(video_id, title, url, note links)``; ``None`` for other files.
    videos: list[tuple[str | None, str, str, list[WikiLink]]] | None = None

    @classmethod
    def of(cls, document: _Document | None, errors: int) -> _FileLinks:
        """The links of a parsed document (``None`` for a file that did not parse)."""
        if document is None:
            return cls(None, None, errors, [])
        videos = None
        if isinstance(document, ChannelPage):
            videos = [(video.video_id, video.title, video.url, list(video.notes)) for video in document.videos]
        return cls(document.kind, document.title, errors, document.wikilinks(), videos)


#: One file as a worker sends it back: its links, and its document when the corpus keeps documents.
_Read = tuple[_FileLinks, _Document | None]


def _read_chunk(paths: list[str], limits: Limits | None, skips: frozenset[str], keep: bool) -> list[_Read]:
    """Parse a chunk of files (in a worker process, or in this one) and keep what the corpus needs of each."""
    reads = []
    for path in paths:
        result = parse_file_lenient(path, limits=limits, skip_other=path in skips)
        reads.append((_FileLinks.of(result.document, len(result.errors)), result.document if keep else None))
    return reads


def _dot(text: str) -> str:
    """A DOT quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
