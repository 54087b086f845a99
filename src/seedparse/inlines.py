"""Inline nodes: the runs of text, markup, links and anchors inside a block."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated, Literal, Union

from pydantic import Field

from seedparse.nodes import Node
from seedparse.timestamps import Timestamp, TimestampRange
from seedparse.wikilinks import WikiLink

__all__ = [
    "Code",
    "Emphasis",
    "Html",
    "Image",
    "Inline",
    "LineBreak",
    "Link",
    "Math",
    "Strong",
    "Text",
    "plain_text",
    "walk_inlines",
]


class Text(Node):
    """Literal text, exactly as the source has it once markdown escapes are read.

    Example:
        >>> Text(text="Hello").text
        'Hello'
    """

    type: Literal["text"] = "text"
    text: str = Field(description="The text.")


class Emphasis(Node):
    """Emphasised inline content: ``*x*`` or ``_x_``.

    Example:
        >>> Emphasis(children=[Text(text="x")]).children[0].text
        'x'
    """

    type: Literal["emphasis"] = "emphasis"
    children: list[Inline] = Field(description="The emphasised content.")


class Strong(Node):
    """Strong inline content: ``**x**`` or ``__x__``.

    Example:
        >>> plain_text([Strong(children=[Text(text="Layers")])])
        'Layers'
    """

    type: Literal["strong"] = "strong"
    children: list[Inline] = Field(description="The strong content.")


class Code(Node):
    r"""An inline code span: ``\`code\```; wiki-links and timestamps inside are code.

    Example:
        >>> Code(code="useState").code
        'useState'
    """

    type: Literal["code"] = "code"
    code: str = Field(description="The code, without the backticks.")


class LineBreak(Node):
    """A line break inside a paragraph: soft (a plain newline) or hard.

    Example:
        >>> LineBreak(hard=False).hard
        False
    """

    type: Literal["line_break"] = "line_break"
    hard: bool = Field(default=False, description="True for a hard break (two trailing spaces or a backslash).")


class Link(Node):
    """A markdown link ``[text](href "title")``; ``href`` ``"#"`` is a placeholder.

    Example:
        >>> Link(href="#", children=[Text(text="said")]).is_placeholder
        True
    """

    type: Literal["link"] = "link"
    href: str = Field(
        description=(
            "The link destination as written: without its '<...>', backslash escapes and entities read,"
            " never percent-encoded ('[t](<a b>)' gives 'a b')."
        )
    )
    title: str | None = Field(default=None, description="The optional link title.")
    children: list[Inline] = Field(description="The link text.")

    @property
    def is_placeholder(self) -> bool:
        """Whether the destination is the placeholder ``#``."""
        return self.href == "#"

    @property
    def text(self) -> str:
        """The link text as plain text."""
        return plain_text(self.children)


class Image(Node):
    """A markdown image ``![alt](src "title")``.

    Example:
        >>> Image(src="a.png", alt="A").alt
        'A'
    """

    type: Literal["image"] = "image"
    src: str = Field(description="The image source, read as a link destination is (see Link.href).")
    alt: str = Field(description="The alternative text, as plain text.")
    title: str | None = Field(default=None, description="The optional title.")


class Html(Node):
    """Raw inline HTML such as ``<br/>`` or ``<sup>``, kept verbatim.

    Example:
        >>> Html(html="<br/>").html
        '<br/>'
    """

    type: Literal["html"] = "html"
    html: str = Field(description="The HTML as written.")


class Math(Node):
    """Inline LaTeX ``$...$``, kept verbatim (its ``_`` and ``*`` are not emphasis).

    Example:
        >>> Math(tex="x_i").tex
        'x_i'
    """

    type: Literal["math"] = "math"
    tex: str = Field(description="The LaTeX between the dollar signs.")


Inline = Annotated[
    Union[Text, Emphasis, Strong, Code, LineBreak, Link, Image, Html, Math, WikiLink, Timestamp, TimestampRange],
    Field(discriminator="type"),
]
"""Any inline node; the ``type`` field tells which."""

for _model in (Emphasis, Strong, Link):
    _model.model_rebuild()


def walk_inlines(nodes: Iterable[Inline]) -> Iterator[Inline]:
    """Yield every inline node in document order, descending into containers.

    A range yields itself, then its start and end timestamps; a timestamp whose
    display is a wiki-link yields the wiki-link after itself.
    """
    for node in nodes:
        yield node
        if isinstance(node, (Emphasis, Strong, Link)):
            yield from walk_inlines(node.children)
        elif isinstance(node, TimestampRange):
            yield from walk_inlines((node.start, node.end))
        elif isinstance(node, Timestamp) and node.wikilink is not None:
            yield node.wikilink


def plain_text(nodes: Iterable[Inline]) -> str:
    """Return the readable text of inline nodes, stripped.

    Wiki-links give their display text; timestamps and HTML give nothing; a
    line break gives a space.

    Example:
        >>> plain_text([Text(text="Outlook on "), WikiLink(target="x", alias="Changes")])
        'Outlook on Changes'
    """
    return "".join(_plain_parts(nodes)).strip()


def _plain_parts(nodes: Iterable[Inline]) -> Iterator[str]:
    for node in nodes:
        if isinstance(node, Text):
            yield node.text
        elif isinstance(node, Code):
            yield node.code
        elif isinstance(node, Math):
            yield f"${node.tex}$"
        elif isinstance(node, (Emphasis, Strong, Link)):
            yield from _plain_parts(node.children)
        elif isinstance(node, LineBreak):
            yield " "
        elif isinstance(node, WikiLink):
            yield node.display
        elif isinstance(node, Image):
            yield node.alt
