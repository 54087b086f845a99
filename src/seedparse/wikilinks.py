r"""Obsidian wiki-links: ``[[target#heading^block|alias]]`` and embeds ``![[...]]``.

The grammar, with the choices Obsidian leaves open (the docs' format page says why):

- A link opens with ``[[`` (``![[`` for an embed) and ends at the first ``]]``;
  it never spans a line break. The target part may not hold ``[`` or ``]``, so
  ``[[[a]]]`` is ``[`` + link ``a`` + ``]``.
- The first ``|`` (or escaped ``\|``) splits target from alias:
  ``[[a|b|c]]`` has target ``a`` and alias ``b|c``.
- In the target part, ``#`` starts a heading level (one per ``#``) and ``#^``
  starts a block id. ``[[#Heading]]`` links a heading in the same note.
- Target, headings, block id and alias are stripped of surrounding spaces.
- A link with no target, heading or block id (``[[]]``, ``[[ ]]``, ``[[|x]]``)
  is empty: it is kept as text with a warning.
- ``\[[x]]`` is not a link: the backslash escapes the bracket.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from pydantic import Field, computed_field

from seedparse.nodes import ComputedNode

__all__ = ["WikiLink", "WikiLinkParts", "split_wikilink"]

_SIZE = re.compile(r"\d+(?:x\d+)?")


class WikiLinkParts(NamedTuple):
    """The parts of a wiki-link's inner text, as :func:`split_wikilink` reads them."""

    target: str
    heading: tuple[str, ...]
    block_id: str | None
    alias: str | None


def split_wikilink(inner: str) -> WikiLinkParts | None:
    r"""Split the text between ``[[`` and ``]]``; ``None`` if the link is empty.

    Example:
        >>> split_wikilink("Note#Heading#Sub | Shown")
        WikiLinkParts(target='Note', heading=('Heading', 'Sub'), block_id=None, alias='Shown')
        >>> split_wikilink("a\\|b|c")
        WikiLinkParts(target='a', heading=(), block_id=None, alias='b|c')
        >>> split_wikilink(" ") is None
        True
    """
    pipe = inner.find("|")
    alias: str | None = None
    if pipe >= 0:
        alias = inner[pipe + 1 :].strip() or None
        target_part = inner[: pipe - 1] if pipe > 0 and inner[pipe - 1] == "\\" else inner[:pipe]
    else:
        target_part = inner
    target, *rest = target_part.split("#")
    block_id: str | None = None
    if rest and rest[-1].startswith("^"):
        block_id = rest.pop()[1:].strip() or None
    heading = tuple(part.strip() for part in rest if part.strip())
    target = target.strip()
    if not target and not heading and block_id is None:
        return None
    return WikiLinkParts(target, heading, block_id, alias)


class WikiLink(ComputedNode):
    """An Obsidian wiki-link or embed.

    ``str()`` gives the link in wiki-link syntax, as written without the
    spaces around ``|`` and ``#`` (the canonical form, which :func:`seedparse.render`
    writes, has ``" | "``).

    Example:
        >>> link = WikiLink(target="sociopolitical_changes_in_russia", alias="changes")
        >>> link.display
        'changes'
        >>> WikiLink(target="Note", heading=("Heading",)).display
        'Note > Heading'
        >>> print(link, WikiLink(target="Note", heading=("Heading",)), WikiLink(target="img.png", embed=True))
        [[sociopolitical_changes_in_russia|changes]] [[Note#Heading]] ![[img.png]]
    """

    type: Literal["wikilink"] = "wikilink"
    target: str = Field(
        description="The linked note, as written (stripped); empty for a link to a heading of the same note."
    )
    heading: tuple[str, ...] = Field(default=(), description="Heading path after '#', one entry per level.")
    block_id: str | None = Field(default=None, description="Block id after '#^', without the caret.")
    alias: str | None = Field(default=None, description="Display text after '|', stripped; for image embeds, the size.")
    embed: bool = Field(default=False, description="True for an embed written '![[...]]'.")

    def __str__(self) -> str:
        inner = self.target + "".join(f"#{part}" for part in self.heading)
        if self.block_id is not None:
            inner += f"#^{self.block_id}"
        if self.alias is not None:
            inner += f"|{self.alias}"
        return f"{'!' if self.embed else ''}[[{inner}]]"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def display(self) -> str:
        """What Obsidian's reading view shows: the alias, else ``Note > Heading``."""
        if self.alias is not None and self.size is None:
            return self.alias
        parts = [self.target] if self.target else []
        parts.extend(self.heading)
        if self.block_id is not None:
            parts.append(f"^{self.block_id}")
        return " > ".join(parts)

    @property
    def size(self) -> str | None:
        """For an embed whose alias is a size (``100`` or ``100x145``), that size."""
        if self.embed and self.alias is not None and _SIZE.fullmatch(self.alias):
            return self.alias
        return None

    @property
    def kind(self) -> Literal["note", "heading", "block"]:
        """What the link points at: a whole note, a heading, or a block."""
        if self.block_id is not None:
            return "block"
        return "heading" if self.heading else "note"
