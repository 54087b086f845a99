"""The two document kinds, the :data:`Document` union, and their helpers."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from typing import Annotated, Literal, NamedTuple, Union

from pydantic import Field, JsonValue

from seedparse.blocks import Block, Paragraph, RelatedArticle, Section, block_inlines, walk_blocks
from seedparse.channels import ChannelPage
from seedparse.inlines import Inline, Link, Strong, Text, plain_text, walk_inlines
from seedparse.nodes import SCHEMA_VERSION, DocumentNode, Node
from seedparse.timestamps import Timestamp
from seedparse.wikilinks import WikiLink

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "Author",
    "Caption",
    "CaptionCredit",
    "Disclaimer",
    "Document",
    "TimelineEntry",
    "TranscriptNote",
]


class _Body(DocumentNode):
    """What transcript notes and articles share: blocks before the first heading, then sections."""

    intro: list[Block] = Field(default_factory=list, description="Blocks before the first heading.")
    sections: list[Section] = Field(default_factory=list, description="Top-level sections, with deeper ones nested.")

    def all_sections(self) -> Iterator[Section]:
        """Yield every section, nested ones included, in document order."""
        for section in self.sections:
            yield from section.walk()

    def blocks_in_order(self) -> Iterator[tuple[Section | None, Block]]:
        """Yield ``(section, block)`` for every block, nested ones included, in document order."""
        for section, blocks in self._blocks_by_section():
            for block in walk_blocks(blocks):
                yield section, block

    def _leading_inlines(self) -> list[Inline]:
        return []

    def iter_inlines(self) -> Iterator[Inline]:
        """Yield every inline node in document order, headings included."""
        yield from walk_inlines(self._leading_inlines())
        for section, blocks in self._blocks_by_section():
            if section is not None:
                yield from walk_inlines(section.heading)
            for block in walk_blocks(blocks):
                yield from walk_inlines(block_inlines(block))
        yield from walk_inlines(self._trailing_inlines())

    def _trailing_inlines(self) -> list[Inline]:
        return []

    def _blocks_by_section(self) -> Iterator[tuple[Section | None, list[Block]]]:
        yield None, self.intro
        for section in self.all_sections():
            yield section, section.blocks


class TimelineEntry(NamedTuple):
    """One timestamp of a transcript with the text it stamps and its section."""

    timestamp: Timestamp
    text: str
    section: Section | None


class TranscriptNote(_Body):
    """A transcript note: YAML front matter, a ``From: [[channel]]`` line, sections.

    The front matter's ``title`` and ``videoId`` (when they are strings) are
    the typed fields ``title`` and ``video_id``; ``front_matter`` keeps every
    other key as written, so each value is in the model once and no key is
    lost. :attr:`all_front_matter` gives them all together.

    Example:
        >>> import seedparse
        >>> note = seedparse.parse_file("seeds/000_9e40aab2472b4316.txt")
        >>> note.video_id, note.channel.target, len(note.sections)
        ('KL4O_d7AlvQ', 'bonus_professor', 7)
    """

    kind: Literal["transcript"] = "transcript"
    title: str | None = Field(default=None, description="The front matter's title.")
    video_id: str | None = Field(default=None, description="The front matter's videoId: the YouTube video id.")
    channel: WikiLink | None = Field(default=None, description="The wiki-link of the 'From: [[channel]]' line.")
    front_matter: dict[str, JsonValue] = Field(
        default_factory=dict,
        description="Every other front-matter key (title, videoId are fields), in source order; scalars stay strings.",
    )

    @property
    def all_front_matter(self) -> dict[str, JsonValue]:
        """Every front-matter key: ``title`` and ``videoId`` first, then the others.

        Example:
            >>> TranscriptNote(title="T", video_id="KL4O_d7AlvQ", front_matter={"tags": ["a"]}).all_front_matter
            {'title': 'T', 'videoId': 'KL4O_d7AlvQ', 'tags': ['a']}
        """
        typed: dict[str, JsonValue] = {}
        if self.title is not None:
            typed["title"] = self.title
        if self.video_id is not None:
            typed["videoId"] = self.video_id
        return typed | {key: value for key, value in self.front_matter.items() if key not in typed}

    def _leading_inlines(self) -> list[Inline]:
        return [self.channel] if self.channel is not None else []

    def timeline(self) -> list[TimelineEntry]:
        """Each timestamp with the plain text of the paragraph or item holding it and its section."""
        entries: list[TimelineEntry] = []
        for section, blocks in self._blocks_by_section():
            if section is not None:
                text = plain_text(section.heading)
                entries.extend(TimelineEntry(ts, text, section) for ts in _timestamps_in(section.heading))
            for block in walk_blocks(blocks):
                inlines = block_inlines(block)
                text = plain_text(inlines)
                entries.extend(TimelineEntry(ts, text, section) for ts in _timestamps_in(inlines))
        return entries

    def timestamp_urls(self) -> list[str]:
        """The YouTube deep link of every readable timestamp, in document order."""
        if self.video_id is None:
            return []
        return [ts.url(self.video_id) for ts in self.timestamps() if ts.seconds is not None]


def _timestamps_in(nodes: list[Inline]) -> Iterator[Timestamp]:
    return (node for node in walk_inlines(nodes) if isinstance(node, Timestamp))


class Author(Node):
    """One name of an article's byline, with its link when it has one.

    Example:
        >>> Author(name="Alexander Finiarel", href="#").name
        'Alexander Finiarel'
    """

    type: Literal["author"] = "author"
    name: str = Field(description="The author's name.")
    href: str | None = Field(default=None, description="The byline link's destination, if the name is a link.")


CaptionCredit = Annotated[Union[Link, Strong, Text], Field(discriminator="type")]
"""A caption's credit as written: a link, bold text, or plain text."""


class Caption(Node):
    """The photo caption under an article's header: text, credit and licence.

    Example:
        >>> caption = Caption(text=[Text(text="Protest.")], credit=Link(href="#", children=[Text(text="Jan")]),
        ...                   licence="CC BY-SA 3.0")
        >>> caption.credit_text, caption.licence
        ('Jan', 'CC BY-SA 3.0')
    """

    type: Literal["caption"] = "caption"
    text: list[Inline] = Field(default_factory=list, description="The caption text before the credit.")
    credit: CaptionCredit | None = Field(
        default=None, description="The photo credit as written: a link, bold text, or plain text."
    )
    licence: str | None = Field(default=None, description="The licence in parentheses, e.g. 'CC BY-SA 3.0'.")

    @property
    def credit_text(self) -> str | None:
        """The credit as plain text, e.g. ``'Jan Beranek'``."""
        return None if self.credit is None else plain_text([self.credit])


class Disclaimer(Node):
    """The italic disclaimer that ends opinion pieces.

    Example:
        >>> Disclaimer(children=[Text(text="Views are the author's.")]).text
        "Views are the author's."
    """

    type: Literal["disclaimer"] = "disclaimer"
    children: list[Inline] = Field(description="The disclaimer's content, inside the emphasis.")

    @property
    def text(self) -> str:
        """The disclaimer as plain text."""
        return plain_text(self.children)


class Article(_Body):
    """A news article converted to markdown.

    Example:
        >>> import seedparse
        >>> article = seedparse.parse_file("seeds/001_8ff56b00d9d811b8.txt")
        >>> article.authors[0].name, str(article.published), len(article.related)
        ('Alexander Finiarel', '2024-01-02', 2)
    """

    kind: Literal["article"] = "article"
    title: str | None = Field(default=None, description="The '# title' line's text.")
    subtitle: str | None = Field(default=None, description="A '## subtitle' line right after the title.")
    authors: list[Author] = Field(
        default_factory=list, description="The byline's names in order; empty without a byline."
    )
    published: _dt.date | None = Field(default=None, description="The date line, as a date.")
    caption: Caption | None = Field(default=None, description="The photo caption, when the article has one.")
    disclaimer: Disclaimer | None = Field(default=None, description="The closing italic disclaimer of opinion pieces.")
    url: str | None = Field(default=None, description="The 'Original url:' of the page.")

    @property
    def related(self) -> list[RelatedArticle]:
        """The related-article callouts, in document order."""
        return [block for _, block in self.blocks_in_order() if isinstance(block, RelatedArticle)]

    def _leading_inlines(self) -> list[Inline]:
        if self.caption is None:
            return []
        return [*self.caption.text, *([self.caption.credit] if self.caption.credit is not None else [])]

    def _trailing_inlines(self) -> list[Inline]:
        return self.disclaimer.children if self.disclaimer is not None else []

    def links(self) -> list[Link]:
        """Every markdown link in document order: the byline's, then the caption's, body's and disclaimer's."""
        return self._byline_links() + super().links()

    def _byline_links(self) -> list[Link]:
        return [
            Link(href=author.href, children=[Text(text=author.name)], span=author.span)
            for author in self.authors
            if author.href is not None
        ]

    def paragraphs(self) -> list[Paragraph]:
        """The body paragraphs in document order."""
        return [block for _, block in self.blocks_in_order() if isinstance(block, Paragraph)]


Document = Annotated[Union[TranscriptNote, Article, ChannelPage], Field(discriminator="kind")]
"""A parsed seed document of any kind; ``kind`` tells which."""
