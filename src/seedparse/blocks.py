"""Block nodes and sections: the structure of a document's body."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated, Literal, Union

from pydantic import Field, computed_field

from seedparse.inlines import Inline, Link, plain_text
from seedparse.nodes import ComputedNode, Node

__all__ = [
    "Block",
    "Callout",
    "CodeBlock",
    "Heading",
    "HtmlBlock",
    "List",
    "ListItem",
    "MathBlock",
    "Paragraph",
    "Quote",
    "RawBlock",
    "RelatedArticle",
    "Section",
    "Table",
    "TableCell",
    "ThematicBreak",
    "walk_blocks",
]


class Paragraph(Node):
    """A paragraph of inline content.

    Example:
        >>> from seedparse.inlines import Text
        >>> Paragraph(children=[Text(text="Hi.")]).text
        'Hi.'
    """

    type: Literal["paragraph"] = "paragraph"
    children: list[Inline] = Field(description="The paragraph's inline content.")

    @property
    def text(self) -> str:
        """The paragraph as plain text."""
        return plain_text(self.children)


class Heading(Node):
    """A heading inside a container (a quote, callout or list item).

    Top-level headings open a :class:`Section` instead.

    Example:
        >>> Heading(level=3, children=[]).level
        3
    """

    type: Literal["heading"] = "heading"
    level: int = Field(ge=1, le=6, description="1 for '#', 2 for '##', ...")
    children: list[Inline] = Field(description="The heading's inline content.")


class ListItem(Node):
    """One item of a list; it holds blocks (paragraphs, nested lists, quotes...).

    Example:
        >>> ListItem(blocks=[]).blocks
        []
    """

    type: Literal["list_item"] = "list_item"
    blocks: list[Block] = Field(description="The item's content.")


class List(Node):
    """A bullet or ordered list.

    Example:
        >>> List(ordered=True, start=1, marker=".", items=[]).ordered
        True
    """

    type: Literal["list"] = "list"
    ordered: bool = Field(description="True for an ordered list (1. 2. 3.).")
    start: int | None = Field(default=None, description="The first number of an ordered list.")
    marker: str = Field(description="The bullet character (*, -, +) or the ordered delimiter (. or )).")
    tight: bool = Field(default=True, description="False for a loose list (items separated by blank lines).")
    items: list[ListItem] = Field(description="The items, in order.")


class Quote(Node):
    """A block quote ``> ...`` that is not a callout.

    Example:
        >>> Quote(blocks=[]).blocks
        []
    """

    type: Literal["quote"] = "quote"
    blocks: list[Block] = Field(description="The quoted content.")


class Callout(Node):
    """An Obsidian callout: ``> [!type] Title`` followed by quoted content.

    Example:
        >>> Callout(callout="info", title=[], blocks=[]).callout
        'info'
    """

    type: Literal["callout"] = "callout"
    callout: str = Field(description="The callout type as written (info, NOTE, MATH...); compare case-insensitively.")
    fold: Literal["+", "-"] | None = Field(default=None, description="'+' or '-' when the callout is foldable.")
    title: list[Inline] = Field(description="The title after the type marker; empty when there is none.")
    blocks: list[Block] = Field(description="The callout's content.")


class TableCell(Node):
    """One cell of a table row.

    Example:
        >>> TableCell(children=[]).children
        []
    """

    type: Literal["table_cell"] = "table_cell"
    children: list[Inline] = Field(description="The cell's inline content.")


class Table(Node):
    """A GitHub table; a ``|`` inside a wiki-link does not split a cell.

    Example:
        >>> Table(align=[None], header=[TableCell(children=[])], rows=[]).rows
        []
    """

    type: Literal["table"] = "table"
    align: list[Literal["left", "center", "right"] | None] = Field(description="Each column's alignment.")
    header: list[TableCell] = Field(description="The header row.")
    rows: list[list[TableCell]] = Field(description="The body rows.")


class CodeBlock(Node):
    r"""A fenced or indented code block; its content is code, never parsed.

    Example:
        >>> CodeBlock(info="javascript", code="x = 1\n", fenced=True).info
        'javascript'
    """

    type: Literal["code_block"] = "code_block"
    info: str = Field(default="", description="The fence's info string (language).")
    code: str = Field(description="The code, with its final newline.")
    fenced: bool = Field(default=True, description="False for an indented code block.")


class ThematicBreak(Node):
    """A thematic break ``---``.

    Example:
        >>> ThematicBreak().type
        'thematic_break'
    """

    type: Literal["thematic_break"] = "thematic_break"


class HtmlBlock(Node):
    r"""A raw HTML block, kept verbatim, with the timestamps and wiki-links written inside it.

    Obsidian and Quartz show the markdown of a ``<div class="callout">`` block, so its
    anchors, bare clocks and wiki-links are read as nodes (``children``, with their
    spans); ``html`` keeps every character, and is what render writes.

    Example:
        >>> HtmlBlock(html="<div></div>\n").html
        '<div></div>\n'
    """

    type: Literal["html_block"] = "html_block"
    html: str = Field(description="The HTML as written.")
    children: list[Inline] = Field(
        default_factory=list,
        description="The timestamps, bare clocks and wiki-links inside the HTML, in order (the text stays in html).",
    )


class MathBlock(Node):
    """A display math block ``$$...$$``, kept verbatim.

    Example:
        >>> MathBlock(tex="x^2").tex
        'x^2'
    """

    type: Literal["math_block"] = "math_block"
    tex: str = Field(description="The LaTeX between the double dollars.")


class RawBlock(Node):
    """Source the parser did not understand, kept verbatim (with a warning).

    Example:
        >>> RawBlock(text="???", reason="unexpected").text
        '???'
    """

    type: Literal["raw"] = "raw"
    text: str = Field(description="The source text, verbatim.")
    reason: str = Field(description="Why the parser kept it raw.")


class RelatedArticle(Node):
    """An article's ``**Related article:** [Title](href)`` callout, kept in place.

    Example:
        >>> from seedparse.inlines import Text
        >>> r = RelatedArticle(label="Related article:", link=Link(href="#", children=[Text(text="T")]))
        >>> r.title
        'T'
    """

    type: Literal["related_article"] = "related_article"
    label: str = Field(description="The bold label's text: 'Related article:' or 'Related article'.")
    separator: str = Field(default=" ", description="What stands between the bold label and the link: ' ' or ': '.")
    link: Link = Field(description="The related article's link.")

    @property
    def title(self) -> str:
        """The related article's title."""
        return self.link.text


Block = Annotated[
    Union[
        Paragraph,
        Heading,
        List,
        Quote,
        Callout,
        Table,
        CodeBlock,
        ThematicBreak,
        HtmlBlock,
        MathBlock,
        RawBlock,
        RelatedArticle,
    ],
    Field(discriminator="type"),
]
"""Any block node; the ``type`` field tells which."""


class Section(ComputedNode):
    """A heading and everything under it, with deeper headings nested as sections.

    Example:
        >>> from seedparse.inlines import Text
        >>> Section(level=2, heading=[Text(text="Organizers")], blocks=[], sections=[]).title
        'Organizers'
    """

    type: Literal["section"] = "section"
    level: int = Field(ge=1, le=6, description="The heading level: 2 for '##'.")
    heading: list[Inline] = Field(description="The heading's inline content (links and timestamps kept).")
    blocks: list[Block] = Field(description="Blocks between this heading and the next heading.")
    sections: list[Section] = Field(
        default_factory=list, description="Sections with deeper headings nested under this one."
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def title(self) -> str:
        """The heading as plain text."""
        return plain_text(self.heading)

    def walk(self) -> Iterator[Section]:
        """Yield this section and every nested section, in document order."""
        yield self
        for child in self.sections:
            yield from child.walk()


for _model in (ListItem, Quote, Callout, Section):
    _model.model_rebuild()


def child_blocks(block: Block) -> list[Block]:
    """Return the blocks directly inside a container block (none for leaves)."""
    if isinstance(block, (Quote, Callout)):
        return block.blocks
    if isinstance(block, List):
        return [inner for item in block.items for inner in item.blocks]
    return []


def walk_blocks(blocks: Iterable[Block]) -> Iterator[Block]:
    """Yield every block in document order, descending into containers."""
    for block in blocks:
        yield block
        yield from walk_blocks(child_blocks(block))


def block_inlines(block: Block) -> list[Inline]:
    """Return the inline content directly held by a block (not by its children)."""
    if isinstance(block, (Paragraph, Heading)):
        return block.children
    if isinstance(block, Callout):
        return block.title
    if isinstance(block, Table):
        return [node for row in [block.header, *block.rows] for cell in row for node in cell.children]
    if isinstance(block, RelatedArticle):
        return [block.link]
    if isinstance(block, HtmlBlock):
        return block.children
    return []
