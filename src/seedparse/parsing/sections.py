"""Top-level headings -> nested sections."""

from __future__ import annotations

from dataclasses import dataclass, field

from seedparse.blocks import Block, Heading, Section
from seedparse.inlines import Inline
from seedparse.parsing.inline import join_spans
from seedparse.spans import Span

__all__ = ["sectionize"]


@dataclass
class _Open:
    level: int
    heading: list[Inline]
    span: Span | None
    blocks: list[Block] = field(default_factory=list)
    children: list[_Open] = field(default_factory=list)

    def freeze(self) -> Section:
        sections = [child.freeze() for child in self.children]
        last = sections[-1].span if sections else (self.blocks[-1].span if self.blocks else self.span)
        return Section(
            level=self.level,
            heading=self.heading,
            blocks=self.blocks,
            sections=sections,
            span=join_spans(self.span, last),
        )


def sectionize(blocks: list[Block]) -> tuple[list[Block], list[Section]]:
    """Split top-level blocks into the intro and sections nested by heading level.

    A heading opens a section under the nearest open heading of a lower level;
    a ``###`` under a ``##`` nests, a ``##`` after a ``###`` closes both.
    """
    intro: list[Block] = []
    roots: list[_Open] = []
    stack: list[_Open] = []
    for block in blocks:
        if isinstance(block, Heading):
            section = _Open(level=block.level, heading=block.children, span=block.span)
            while stack and stack[-1].level >= block.level:
                stack.pop()
            (stack[-1].children if stack else roots).append(section)
            stack.append(section)
        elif stack:
            stack[-1].blocks.append(block)
        else:
            intro.append(block)
    return intro, [root.freeze() for root in roots]
