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
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePath
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from seedparse.api import Limits, parse_file_lenient
from seedparse.channels import ChannelPage
from seedparse.documents import SCHEMA_VERSION, Article, TranscriptNote
from seedparse.files import SEED_SUFFIXES, Selection, iter_other_files, iter_seed_files
from seedparse.wikilinks import WikiLink

__all__ = ["ChannelEntry", "Corpus", "DanglingTarget", "LinkSite", "NoteEntry", "TargetEntry", "VideoEntry", "slug"]

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
        """The link in wiki-link syntax, e.g. ``[[target#Heading|alias]]``."""
        link = self.link
        inner = link.target + "".join(f"#{part}" for part in link.heading)
        if link.block_id is not None:
            inner += f"#^{link.block_id}"
        if link.alias is not None:
            inner += f"|{link.alias}"
        return f"{'!' if link.embed else ''}[[{inner}]]"

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


class _Index:
    """Finds the file a target names, by the rule in the module docstring."""

    def __init__(self, paths: Iterable[str]) -> None:
        self.paths = sorted(set(paths))
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

    _documents: dict[str, _Document] = PrivateAttr(default_factory=dict)
    _index: _Index | None = PrivateAttr(default=None)

    @classmethod
    def load(
        cls,
        paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
        selection: Selection | None = None,
        limits: Limits | None = None,
    ) -> Corpus:
        """Parse every seed file named or found in folders (``*.md``, ``*.txt``) and link them.

        Files that cannot be parsed stay in :attr:`notes` with ``kind`` null and no
        links; other files inside the folders (images...) can be link targets.
        ``selection`` says what the folder walks leave out (see
        :class:`seedparse.files.Selection`; by default hidden names, what
        ``.gitignore`` ignores, and :data:`seedparse.files.DEFAULT_EXCLUDE`); a
        file found in a folder that is not a seed document has no kind and no error.

        Example:
            >>> corpus = Corpus.load("seeds")
            >>> [note.kind for note in corpus.notes]
            ['transcript', 'article']
        """
        names = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
        selection = (selection or Selection()).for_paths(names)
        files = [str(path) for path in iter_seed_files(names, selection)]
        skip = selection.found_in_folder
        results = {path: parse_file_lenient(path, limits=limits, skip_other=skip(path)) for path in files}
        documents = {path: result.document for path, result in results.items()}
        errors = {path: len(result.errors) for path, result in results.items()}
        others = [str(path) for path in iter_other_files(names, selection)]  # a stack: any depth
        return cls.from_documents(documents, other_files=others, errors=errors)

    @classmethod
    def from_documents(
        cls,
        documents: Mapping[str, _Document | None],
        other_files: Iterable[str] = (),
        errors: Mapping[str, int] | None = None,
    ) -> Corpus:
        r"""Link parsed documents, keyed by their paths (``None`` for a file that did not parse).

        ``other_files`` are files that are not documents but may be link
        targets; ``errors`` counts each file's error diagnostics.

        Example:
            >>> import seedparse
            >>> page = seedparse.parse("---\ntitle: c\n---\n### [V](https://youtu.be/KL4O_d7AlvQ)\n- [[n]]\n")
            >>> Corpus.from_documents({"c.md": page}).channels[0].videos[0].notes[0].resolved is None
            True
        """
        index = _Index([*documents, *other_files])
        notes: list[NoteEntry] = []
        channels: list[ChannelEntry] = []
        incoming: dict[str, list[LinkSite]] = defaultdict(list)
        missing: dict[str, list[LinkSite]] = defaultdict(list)
        order = {path: i for i, path in enumerate(documents)}
        for path, document in documents.items():
            sites = []
            if document is not None:
                for link in document.wikilinks():
                    site = LinkSite(path=path, link=link, resolved=index.resolve(link.target, path))
                    sites.append(site)
                    if site.resolved is None:
                        missing[slug(link.target)].append(site)
                    else:
                        incoming[site.resolved].append(site)
            title = document.title if document is not None else None
            kind = None if document is None else document.kind
            count = (errors or {}).get(path, 0)
            notes.append(NoteEntry(path=path, kind=kind, title=title, errors=count, links=sites))
            if isinstance(document, ChannelPage):
                channels.append(_channel(path, document, index))

        def by_place(site: LinkSite) -> tuple[int, int, int]:
            return order[site.path], site.line, site.column

        targets = [
            TargetEntry(path=path, backlinks=sorted(incoming[path], key=by_place))
            for path in sorted(incoming, key=lambda path: (order.get(path, len(order)), path))
        ]
        dangling = [
            DanglingTarget(target=sites[0].link.target, slug=key, links=sorted(sites, key=by_place))
            for key, sites in sorted(missing.items())
        ]
        corpus = cls(notes=notes, targets=targets, channels=channels, dangling=dangling)
        corpus._documents = {path: document for path, document in documents.items() if document is not None}
        corpus._index = index
        return corpus

    def __eq__(self, other: object) -> bool:
        """Corpora are equal when their graphs are (the parsed documents are not compared)."""
        if not isinstance(other, Corpus):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]  # compared by value, as pydantic models are

    def document(self, path: str) -> _Document | None:
        """The parsed document of a file of the corpus, or ``None``."""
        return self._documents.get(path)

    def note(self, path: str) -> NoteEntry | None:
        """The entry of a file of the corpus, or ``None``."""
        return next((note for note in self.notes if note.path == path), None)

    def backlinks(self, path: str) -> list[LinkSite]:
        """Every link that resolves to ``path``, ordered by file, line and column."""
        return next((target.backlinks for target in self.targets if target.path == path), [])

    def resolve(self, target: str, source: str) -> str | None:
        """The file a link written in ``source`` to ``target`` resolves to, or ``None`` if it is dangling.

        Example:
            >>> Corpus.from_documents({"x/large_language_models.md": None}).resolve("Large Language Models", "y.md")
            'x/large_language_models.md'
        """
        if self._index is None:  # a corpus read back from JSON: its files are the notes and targets
            self._index = _Index([*(note.path for note in self.notes), *(target.path for target in self.targets)])
        return self._index.resolve(target, source)

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


def _channel(path: str, page: ChannelPage, index: _Index) -> ChannelEntry:
    """The channel entry of a page, its note links resolved."""
    videos = [
        VideoEntry(
            video_id=video.video_id,
            title=video.title,
            url=video.url,
            notes=[LinkSite(path=path, link=note, resolved=index.resolve(note.target, path)) for note in video.notes],
        )
        for video in page.videos
    ]
    return ChannelEntry(path=path, title=page.title, videos=videos)


def _dot(text: str) -> str:
    """A DOT quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
