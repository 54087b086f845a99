"""Channel pages: front matter with the channel's slug, then video headings with lists of note links."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from seedparse.blocks import Block, Heading, List, ListItem, Paragraph
from seedparse.channels import ChannelPage, ChannelVideo
from seedparse.inlines import Inline, Link, Text, plain_text
from seedparse.parsing.blocks import build_blocks
from seedparse.parsing.context import Context
from seedparse.parsing.frontmatter import front_matter_and_body
from seedparse.parsing.inline import join_spans
from seedparse.parsing.markdown import markdown_parser
from seedparse.parsing.transcript import VIDEO_ID
from seedparse.spans import Span
from seedparse.wikilinks import WikiLink

__all__ = ["VIDEO_HEADING", "parse_channel", "video_id_of"]

#: A heading line that links a YouTube video, as written in the source. It
#: places headings markdown does not read as a link (a title with unbalanced
#: brackets), and lets format detection recognise a channel page cheaply.
VIDEO_HEADING = re.compile(
    r"""
    [ ]{0,3}\#{1,6}[ \t]+                # the heading marker
    \[(?P<title>.*)\]                    # the title: everything up to the last ']('
    \((?P<url><?https?://(?:[a-z0-9-]+\.)?(?:youtube\.com|youtube-nocookie\.com|youtu\.be)/[^\s)]*>?)\)
    [ \t]*\#*[ \t]*                      # an optional closing '###'
    """,
    re.VERBOSE | re.IGNORECASE,
)

_ID_PATH = re.compile(r"/(?:shorts|embed|live|v)/(?P<id>[^/?#]+)")


def video_id_of(url: str) -> str | None:
    """The YouTube video id of a watch, ``youtu.be``, shorts, embed or live URL; ``None`` otherwise.

    Example:
        >>> video_id_of("https://www.youtube.com/watch?v=fNk_zzaMoSs&t=5s"), video_id_of("https://youtu.be/fNk_zzaMoSs")
        ('fNk_zzaMoSs', 'fNk_zzaMoSs')
        >>> video_id_of("https://example.com/watch?v=fNk_zzaMoSs") is None
        True
    """
    try:
        parts = urlsplit(url.strip().removeprefix("<").removesuffix(">"))
        host = (parts.hostname or "").lower()
    except ValueError:  # a malformed URL, such as an unclosed IPv6 host 'http://['
        return None
    candidate: str | None = None
    if host == "youtu.be":
        candidate = parts.path.lstrip("/").split("/")[0]
    elif host == "youtube.com" or host.endswith((".youtube.com", "youtube-nocookie.com")):
        if parts.path.rstrip("/") == "/watch":
            candidate = next(iter(parse_qs(parts.query).get("v", [])), None)
        else:
            match = _ID_PATH.match(parts.path)
            candidate = match["id"] if match else None
    return candidate if candidate is not None and VIDEO_ID.fullmatch(candidate) else None


@dataclass
class _Open:
    """A video whose heading has been read and whose notes are being collected."""

    title: str
    url: str
    video_id: str | None
    span: Span | None
    notes: list[WikiLink] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    last: Span | None = None

    def freeze(self) -> ChannelVideo:
        return ChannelVideo(
            video_id=self.video_id,
            title=self.title,
            url=self.url,
            notes=self.notes,
            blocks=self.blocks,
            span=join_spans(self.span, self.last or self.span),
        )


def parse_channel(context: Context) -> ChannelPage:
    """Parse a channel page, reporting problems to ``context``."""
    front, markdown = front_matter_and_body(context, "channel page")
    blocks = build_blocks(markdown_parser().parse(markdown), context)

    title = front.data.get("title")
    if front.ok and (title is None or (isinstance(title, str) and not title.strip())):
        where = front.key_spans.get("title", front.span or context.point(1))
        context.report("SP103", "front matter has no 'title' (the channel's slug)", where)

    intro: list[Block] = []
    videos: list[ChannelVideo] = []
    current: _Open | None = None
    in_video = False  # False after a heading that is not a video: its lists are not notes
    for block in blocks:
        if isinstance(block, Heading):
            video = _video_heading(block, context)
            if video is not None:
                if current is not None:
                    videos.append(current.freeze())
                current, in_video = video, True
                continue
            in_video = False
            _keep(block, "heading does not link a YouTube video", context)
        elif isinstance(block, List) and current is not None and in_video:
            notes, rest = _notes(block, context)
            current.notes.extend(notes)
            current.last = block.span
            if rest is not None:
                current.blocks.append(rest)
            continue
        elif current is None:
            _keep(block, f"{_name(block)} before the first video heading", context)
        elif isinstance(block, List):
            _keep(block, "list under a heading that does not link a YouTube video", context)
        else:
            _keep(block, f"{_name(block)} where a list of note links belongs", context)
        if current is None:
            intro.append(block)
        else:
            current.blocks.append(block)
            current.last = block.span
    if current is not None:
        videos.append(current.freeze())
    return ChannelPage(
        title=title if isinstance(title, str) else None,
        # the title lives in its typed field when it is a string, as in transcript notes
        front_matter={k: v for k, v in front.data.items() if not (k == "title" and isinstance(v, str))},
        intro=intro,
        videos=videos,
        span=context.index.span(0, len(context.text)),
    )


def _name(block: Block) -> str:
    return block.type.replace("_", " ")


def _keep(block: Block, what: str, context: Context) -> None:
    if block.span is not None:
        context.report(
            "SP401",
            f"{what}: a channel page holds '### [title](video url)' headings, each with a list of "
            "'- [[note]]' items; kept as it is",
            block.span,
        )


def _video_heading(heading: Heading, context: Context) -> _Open | None:
    """The video a heading links, or ``None`` when it links none."""
    nodes = [node for node in heading.children if not (isinstance(node, Text) and not node.text.strip())]
    url: str | None = None
    title = ""
    if len(nodes) == 1 and isinstance(nodes[0], Link):
        url, title = nodes[0].href, plain_text(nodes[0].children)
    elif heading.span is not None:
        # A title markdown does not read as a link text (unbalanced brackets): read the line itself.
        match = VIDEO_HEADING.fullmatch(context.index.line_text(heading.span.line))
        if match is not None:
            url, title = match["url"].removeprefix("<").removesuffix(">"), match["title"].strip()
    if url is None:
        return None
    video_id = video_id_of(url)
    if video_id is None and heading.span is not None:
        context.report(
            "SP105",
            f"video link {url!r} has no 11-character YouTube id (https://www.youtube.com/watch?v=VIDEO_ID)",
            heading.span,
        )
    return _Open(title=title, url=url, video_id=video_id, span=heading.span)


def _notes(block: List, context: Context) -> tuple[list[WikiLink], List | None]:
    """Split a list into its note links and a list of the items that are not one (reported, kept)."""
    notes: list[WikiLink] = []
    others: list[ListItem] = []
    for item in block.items:
        link = _note_link(item)
        if link is not None:
            notes.append(link)
            continue
        others.append(item)
        if item.span is not None:
            context.report(
                "SP401",
                "list item is not a single '[[note]]' link: a channel page lists one note link per item; kept as it is",
                item.span,
            )
    if not others:
        return notes, None
    span = join_spans(others[0].span, others[-1].span)
    return notes, block.model_copy(update={"items": others, "span": span})


def _note_link(item: ListItem) -> WikiLink | None:
    if len(item.blocks) != 1 or not isinstance(item.blocks[0], Paragraph):
        return None
    nodes: list[Inline] = [
        node for node in item.blocks[0].children if not (isinstance(node, Text) and not node.text.strip())
    ]
    if len(nodes) == 1 and isinstance(nodes[0], WikiLink):
        return nodes[0]
    return None
