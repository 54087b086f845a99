r"""Channel pages: a channel's videos, each with the notes made from it.

A channel page is the third kind of file in a folder of transcript notes::

    ---
    title: 3blue1brown
    ---
    ### [Vectors | Chapter 1, Essence of linear algebra](https://www.youtube.com/watch?v=fNk_zzaMoSs)
    - [[understanding_vectors | Understanding vectors]]
    - [[vector_addition | Vector addition]]

Its front matter holds only the channel's slug as ``title``; each ``###``
heading links one video and the list under it names the notes made from that
video, one wiki-link per item.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field, JsonValue

from seedparse.blocks import Block, Section, block_inlines, walk_blocks
from seedparse.inlines import Inline, walk_inlines
from seedparse.nodes import DocumentNode, Node
from seedparse.wikilinks import WikiLink

__all__ = ["ChannelPage", "ChannelVideo"]


class ChannelVideo(Node):
    """One video of a channel page: its heading link and the notes made from it.

    Example:
        >>> from seedparse.wikilinks import WikiLink
        >>> video = ChannelVideo(video_id="fNk_zzaMoSs", title="Vectors | Chapter 1",
        ...                      url="https://www.youtube.com/watch?v=fNk_zzaMoSs",
        ...                      notes=[WikiLink(target="vectors", alias="Vectors")])
        >>> video.title, [note.target for note in video.notes]
        ('Vectors | Chapter 1', ['vectors'])
    """

    type: Literal["video"] = "video"
    video_id: str | None = Field(
        description="The YouTube video id from the heading link (its v= parameter); null when the URL has none."
    )
    title: str = Field(description="The heading link's text as plain text; it may contain '|'.")
    url: str = Field(description="The heading link's destination, as written.")
    notes: list[WikiLink] = Field(
        default_factory=list, description="The notes made from this video: one wiki-link per list item, in order."
    )
    blocks: list[Block] = Field(
        default_factory=list,
        description="Any other content under the heading, kept as written (each with an SP401 warning).",
    )


class ChannelPage(DocumentNode):
    r"""A channel page: front matter with the channel's slug, then its videos and their notes.

    The front matter's ``title`` (when it is a string) is the typed field
    ``title``; ``front_matter`` keeps every other key as written, as a
    transcript note's does.

    Example:
        >>> import seedparse
        >>> video = "### [A | B](https://www.youtube.com/watch?v=KL4O_d7AlvQ)"
        >>> page = seedparse.parse(f"---\ntitle: chan\n---\n{video}\n- [[a_note | A note]]\n")
        >>> page.kind, page.title, page.videos[0].title, page.videos[0].video_id
        ('channel', 'chan', 'A | B', 'KL4O_d7AlvQ')
        >>> [link.target for link in page.notes()]
        ['a_note']
    """

    kind: Literal["channel"] = "channel"
    title: str | None = Field(default=None, description="The front matter's title: the channel's slug.")
    front_matter: dict[str, JsonValue] = Field(
        default_factory=dict,
        description="Every other front-matter key (title is a field), in source order; scalars stay strings.",
    )
    intro: list[Block] = Field(
        default_factory=list,
        description="Content before the first video heading, kept as written (each with an SP401 warning).",
    )
    videos: list[ChannelVideo] = Field(default_factory=list, description="The videos, in source order.")

    @property
    def all_front_matter(self) -> dict[str, JsonValue]:
        """Every front-matter key: ``title`` first, then the others.

        Example:
            >>> ChannelPage(title="chan", front_matter={"tags": ["a"]}).all_front_matter
            {'title': 'chan', 'tags': ['a']}
        """
        typed: dict[str, JsonValue] = {} if self.title is None else {"title": self.title}
        return typed | {key: value for key, value in self.front_matter.items() if key not in typed}

    def all_sections(self) -> Iterator[Section]:
        """Yield nothing: a channel page's headings are its videos, not sections.

        It is here so that code walking the sections of any document works on channel pages too.
        """
        yield from ()

    def notes(self) -> list[WikiLink]:
        """The note links of every video, in document order."""
        return [note for video in self.videos for note in video.notes]

    def video(self, video_id: str) -> ChannelVideo | None:
        """The first video with this YouTube id, or ``None``."""
        return next((video for video in self.videos if video.video_id == video_id), None)

    def blocks_in_order(self) -> Iterator[tuple[ChannelVideo | None, Block]]:
        """Yield ``(video, block)`` for every block kept outside the note lists, nested ones included."""
        for block in walk_blocks(self.intro):
            yield None, block
        for video in self.videos:
            for block in walk_blocks(video.blocks):
                yield video, block

    def iter_inlines(self) -> Iterator[Inline]:
        """Yield every inline node in document order: note links, and the content of kept blocks."""
        for block in walk_blocks(self.intro):
            yield from walk_inlines(block_inlines(block))
        for video in self.videos:
            yield from video.notes
            for block in walk_blocks(video.blocks):
                yield from walk_inlines(block_inlines(block))
