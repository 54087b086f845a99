"""Transcript notes: front matter, the ``From: [[channel]]`` line, sections."""

from __future__ import annotations

import re

from seedparse.blocks import Block, Heading, Paragraph, ThematicBreak
from seedparse.documents import TranscriptNote
from seedparse.inlines import Html, Inline, Text
from seedparse.parsing.blocks import build_blocks, paragraph_of, slice_text, split_at_break
from seedparse.parsing.context import Context
from seedparse.parsing.fast import fast_blocks
from seedparse.parsing.frontmatter import front_matter_and_body
from seedparse.parsing.markdown import markdown_parser
from seedparse.parsing.sections import sectionize
from seedparse.spans import Span
from seedparse.wikilinks import WikiLink

__all__ = ["parse_transcript"]

#: A YouTube video id: 11 characters of the URL-safe base64 alphabet.
VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_TYPED_KEYS = ("title", "videoId")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def parse_transcript(context: Context) -> TranscriptNote:
    """Parse a transcript note, reporting problems to ``context``."""
    front, markdown = front_matter_and_body(context, "transcript note")
    blocks = fast_blocks(context, front.end_line) if context.fast else None
    if blocks is None:
        blocks = build_blocks(markdown_parser().parse(markdown), context)
    channel, blocks = _from_line(_unsetext_from_line(blocks, context))
    if channel is None and (front.closed or front.end_line == 0):
        line = front.end_line + 1
        context.report("SP106", "no 'From: [[channel]]' line after the front matter", context.point(line))
    intro, sections = sectionize(blocks)

    title = front.data.get("title")
    video_id = front.data.get("videoId")
    where = front.span or context.point(1)
    if front.ok:
        if title is None or (isinstance(title, str) and not title.strip()):
            context.report("SP103", "front matter has no 'title'", front.key_spans.get("title", where))
        elif not isinstance(title, str):
            kind = "list" if isinstance(title, list) else "mapping"
            context.report(
                "SP103", f"front matter 'title' is a {kind}, not text", front.value_spans.get("title", where)
            )
        if video_id is None or (isinstance(video_id, str) and not video_id.strip()):
            context.report("SP104", "front matter has no 'videoId'", front.key_spans.get("videoId", where))
        elif not (isinstance(video_id, str) and VIDEO_ID.fullmatch(video_id)):
            context.report(
                "SP105",
                f"videoId {video_id!r} is not an 11-character YouTube id ([A-Za-z0-9_-])",
                front.value_spans.get("videoId", where),
            )
    return TranscriptNote(
        title=title if isinstance(title, str) else None,
        video_id=video_id if isinstance(video_id, str) else None,
        channel=channel,
        # title and videoId live in their typed fields when they are strings
        front_matter={k: v for k, v in front.data.items() if not (k in _TYPED_KEYS and isinstance(v, str))},
        intro=intro,
        sections=sections,
        span=context.index.span(0, len(context.text)),
    )


def _from_line(blocks: list[Block]) -> tuple[WikiLink | None, list[Block]]:
    """Take the channel from a leading ``From: [[channel]]`` paragraph.

    The rest of the ``From:`` line (``<br/>`` and spaces) belongs to it; text on
    the lines after it, with no blank line between, is an intro paragraph.
    """
    first = blocks[0] if blocks else None
    if not (isinstance(first, Paragraph) and len(first.children) >= 2):
        return None, blocks
    label, link = first.children[0], first.children[1]
    if not (isinstance(label, Text) and label.text.strip() == "From:" and isinstance(link, WikiLink)):
        return None, blocks
    line, rest = split_at_break(first.children)
    # The rest of the line after the link is the From line's own (spaces and a
    # <br/>), unless it holds text: then that text starts the intro, kept.
    tail = line[2:]
    while tail and _is_trailer(tail[0]):
        tail = tail[1:]
    if tail:
        first_text = tail[0]
        if isinstance(first_text, Text):
            stripped = slice_text(first_text, len(first_text.text) - len(first_text.text.lstrip()))
            tail = ([stripped] if stripped is not None else []) + tail[1:]
        rest = [*tail, *_break_before(first.children, rest)] if rest else tail
    paragraph = paragraph_of(rest)
    return link, ([paragraph] if paragraph is not None else []) + blocks[1:]


#: A setext underline of ``-``: what turns the line above it into a level-2 heading.
_SETEXT_UNDERLINE = re.compile(r" {0,3}-+[ \t]*")


def _unsetext_from_line(blocks: list[Block], context: Context) -> list[Block]:
    """A ``---`` right under the ``From:`` line is a thematic break, not a setext underline.

    CommonMark reads ``From: [[channel]] <br/>`` over ``---`` as a level-2 heading; in a
    note it is the From line with a rule under it (the generator's separator).
    """
    first = blocks[0] if blocks else None
    if not (isinstance(first, Heading) and first.level == 2 and first.span is not None and first.children):
        return blocks
    label, span = first.children[0], first.span
    if not (isinstance(label, Text) and label.text.startswith("From:") and span.end_line > span.line):
        return blocks
    underline = context.index.line_text(span.end_line)
    if _SETEXT_UNDERLINE.fullmatch(underline) is None:
        return blocks
    text_end = context.index.line_text(span.end_line - 1).rstrip()
    paragraph = Paragraph(
        children=first.children,
        span=Span(line=span.line, column=span.column, end_line=span.end_line - 1, end_column=len(text_end) + 1),
    )
    column = len(underline) - len(underline.lstrip()) + 1
    rule = ThematicBreak(
        span=Span(line=span.end_line, column=column, end_line=span.end_line, end_column=len(underline.rstrip()) + 1)
    )
    return [paragraph, rule, *blocks[1:]]


def _is_trailer(node: Inline) -> bool:
    """Whitespace or a ``<br>`` tag after the channel link."""
    if isinstance(node, Text):
        return not node.text.strip()
    return isinstance(node, Html) and _BR.fullmatch(node.html) is not None


def _break_before(children: list[Inline], rest: list[Inline]) -> list[Inline]:
    """``rest`` with the line break that stood before it in ``children``."""
    index = len(children) - len(rest) - 1
    return [children[index], *rest]
