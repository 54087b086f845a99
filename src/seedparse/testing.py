"""Hypothesis strategies for every seedparse model, for your own property tests.

Every strategy generates only *valid* nodes: nodes that render (canonically)
to text which parses back to the same node, spans aside. They are built from
small pieces, so failures shrink to small examples.

This module needs `hypothesis <https://hypothesis.readthedocs.io>`_
(``pip install seedparse[testing]``); ``import seedparse`` does not import it.

Example:
    A property test in a project that builds on seedparse::

        from hypothesis import given
        import seedparse
        from seedparse.testing import transcript_notes

        @given(transcript_notes())
        def test_my_exporter_keeps_every_timestamp(note):
            assert len(my_export(note)["timestamps"]) == len(note.timestamps())
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Sequence

try:
    from hypothesis import strategies as st
except ModuleNotFoundError as exc:  # pragma: no cover - tests/test_repl.py runs it in a subprocess
    if exc.name is None or exc.name.split(".")[0] != "hypothesis":
        raise
    raise ModuleNotFoundError(
        "seedparse.testing needs Hypothesis, which seedparse does not install by itself: "
        "pip install 'seedparse[testing]'",
        name=exc.name,
    ) from exc

from seedparse.blocks import (
    Block,
    Callout,
    CodeBlock,
    Heading,
    List,
    ListItem,
    Paragraph,
    Quote,
    RelatedArticle,
    Section,
    Table,
    TableCell,
    ThematicBreak,
)
from seedparse.documents import Article, Author, Caption, Disclaimer, TranscriptNote
from seedparse.inlines import Code, Emphasis, Html, Inline, LineBreak, Link, Math, Strong, Text
from seedparse.parsing.inline import group_ranges
from seedparse.timestamps import Timestamp, TimestampRange, sure_clock
from seedparse.wikilinks import WikiLink

__all__ = [
    "articles",
    "blocks",
    "callouts",
    "documents",
    "inline_runs",
    "lists",
    "paragraphs",
    "sections",
    "tables",
    "timestamp_ranges",
    "timestamps",
    "transcript_notes",
    "video_ids",
    "wikilinks",
    "words",
]

_LETTERS = string.ascii_letters + string.digits
#: Letters of other scripts and marks, so unicode is exercised too.
_UNICODE = "éüñßжшяλπ日本語ą"

#: Characters a plain word may hold: markdown's special characters included
#: (the canonical form escapes them), whitespace and line breaks not.
_WORD_CHARS = _LETTERS + _UNICODE + "*_[]<>&$\\`!#|.,;:'\"?()-+="


@st.composite
def words(draw: st.DrawFn, *, alphabet: str = _WORD_CHARS, min_size: int = 1, max_size: int = 8) -> str:
    """One word: no spaces, never ``to`` or a lone dash (they would join timestamps into a range).

    Example:
        >>> from hypothesis import find
        >>> find(words(), lambda w: len(w) > 2).__class__.__name__
        'str'
    """
    word = draw(st.text(st.sampled_from(alphabet), min_size=min_size, max_size=max_size))
    if word in ("to", "-", "\u2013", "\u2014"):
        word += "x"
    return word


def _plain(alphabet: str = _LETTERS + _UNICODE, max_words: int = 4) -> st.SearchStrategy[str]:
    """Words joined by single spaces, from letters only."""
    return st.lists(words(alphabet=alphabet), min_size=1, max_size=max_words).map(" ".join)


def _text() -> st.SearchStrategy[Text]:
    return st.lists(words(), min_size=1, max_size=5).map(lambda ws: Text(text=" ".join(ws)))


def timestamps(*, allow_empty_display: bool = True) -> st.SearchStrategy[Timestamp]:
    """Timestamp anchors with readable ``data-t`` values, in ``MM:SS`` or ``HH:MM:SS`` form.

    Each value reads one way in any note (:func:`seedparse.timestamps.sure_clock`): a
    whole minute written ``HH:MM:00`` could be the generator's MM:SS:00 mode, which a
    note's other values decide, so a document of them would not read back alone.

    Example:
        >>> from hypothesis import find
        >>> find(timestamps(), lambda t: t.seconds > 3600).seconds > 3600
        True
    """

    @st.composite
    def build(draw: st.DrawFn) -> Timestamp:
        seconds = draw(st.integers(0, 9 * 3600 + 59 * 60 + 59))
        long = sure_clock(seconds)
        short = f"{seconds // 60:02d}:{seconds % 60:02d}"
        data_t = draw(st.sampled_from([long, short]))
        display = draw(st.sampled_from([long, short, ""] if allow_empty_display else [long, short]))
        return Timestamp(data_t=data_t, display=display)

    return build()


@st.composite
def timestamp_ranges(draw: st.DrawFn) -> TimestampRange:
    """Ranges that run forwards, with a separator as real files write it (``' - '`` or ``'-'``).

    Example:
        >>> from hypothesis import find
        >>> find(timestamp_ranges(), lambda r: True).duration >= 0
        True
    """
    start = draw(timestamps(allow_empty_display=False))
    assert start.seconds is not None
    later = draw(st.integers(start.seconds, start.seconds + 600))
    end = Timestamp(data_t=sure_clock(later), display=sure_clock(later))
    return TimestampRange(start=start, end=end, separator=draw(st.sampled_from([" - ", "-"])))


_TARGET_CHARS = _LETTERS + _UNICODE + "_-.() '"


@st.composite
def wikilinks(draw: st.DrawFn, *, embeds: bool = True) -> WikiLink:
    """Wiki-links of Obsidian's whole grammar: headings, block ids, aliases (with spaces), embeds.

    Example:
        >>> from hypothesis import find
        >>> find(wikilinks(), lambda link: link.alias is not None).display != ""
        True
    """
    target = draw(words(alphabet=_TARGET_CHARS.replace(" ", ""), max_size=12))
    heading = tuple(draw(st.lists(words(alphabet=_LETTERS + _UNICODE + " "), max_size=2)))
    heading = tuple(part.strip() for part in heading if part.strip())
    block_id = draw(st.none() | words(alphabet=_LETTERS + "-", max_size=6))
    alias = draw(st.none() | _plain(_LETTERS + _UNICODE + "*'()!?,.&$", max_words=3))
    embed = draw(st.booleans()) if embeds else False
    if draw(st.booleans()) and not heading and block_id is None:
        target = draw(_plain(_TARGET_CHARS.replace(" ", ""), max_words=3))  # titles with spaces
    return WikiLink(target=target, heading=heading, block_id=block_id, alias=alias, embed=embed)


def _code() -> st.SearchStrategy[Code]:
    return words(alphabet=_LETTERS + "[]{}()<>&=+-*_#`", max_size=10).map(lambda c: Code(code=c))


def _math() -> st.SearchStrategy[Math]:
    body = words(alphabet=string.ascii_letters + "_^{}+=", max_size=10)
    return body.map(lambda tex: Math(tex=tex))


def _html() -> st.SearchStrategy[Html]:
    return st.sampled_from(["<br/>", "<sup>", "</sup>", "<b>", "</b>"]).map(lambda h: Html(html=h))


_HREFS = st.sampled_from(["#", "https://example.com/a", "https://example.com/a_b?c=d", "page.html"])


def _leaves(in_link: bool = False) -> st.SearchStrategy[Inline]:
    choices: list[st.SearchStrategy[Inline]] = [
        timestamps(),
        timestamp_ranges(),
        _code(),
        _math(),
        _html(),
    ]
    if not in_link:
        choices.append(wikilinks())
    return st.one_of(*choices)


def _join(segments: Sequence[Inline], breaks: Sequence[bool]) -> list[Inline]:
    """Join segments with a space (or a soft line break), merging adjacent text, grouping ranges."""
    nodes: list[Inline] = []
    for i, segment in enumerate(segments):
        if i:
            # a line that starts with a tag could be an HTML block: no break before one
            line_break = breaks[i - 1] and not isinstance(segment, Html)
            nodes.append(LineBreak() if line_break else Text(text=" "))
        nodes.append(segment)
    merged: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(text=merged[-1].text + node.text)
        else:
            merged.append(node)
    return group_ranges(merged)


@st.composite
def inline_runs(
    draw: st.DrawFn, *, line_breaks: bool = True, links: bool = True, max_segments: int = 5
) -> list[Inline]:
    """A run of inline nodes as a paragraph, heading or table cell holds it.

    Text, emphasis, strong, code, math, raw HTML, links, wiki-links, timestamps
    and ranges, joined by spaces or (when ``line_breaks``) soft line breaks.

    Example:
        >>> from hypothesis import find
        >>> len(find(inline_runs(), lambda run: len(run) > 2)) > 2
        True
    """
    segment: st.SearchStrategy[Inline] = st.one_of(
        _text(),
        _text(),
        _leaves(),
        _plain().map(lambda t: Emphasis(children=[Text(text=t)])),
        _plain().map(lambda t: Strong(children=[Text(text=t)])),
    )
    if links:
        link_text = st.lists(st.one_of(_text(), _code()), min_size=1, max_size=2).map(lambda s: _join(s, [False] * 2))
        segment = segment | st.builds(lambda children, href: Link(href=href, children=children), link_text, _HREFS)
    segments = draw(st.lists(segment, min_size=1, max_size=max_segments))
    if isinstance(segments[0], Html):
        segments.insert(0, Text(text="html"))  # a line that is just a tag is an HTML block

    breaks = draw(
        st.lists(st.booleans() if line_breaks else st.just(False), min_size=len(segments), max_size=len(segments))
    )
    return _join(segments, breaks)


def paragraphs(*, line_breaks: bool = True) -> st.SearchStrategy[Paragraph]:
    """Paragraphs of inline runs.

    Example:
        >>> from hypothesis import find
        >>> find(paragraphs(), lambda p: True).type
        'paragraph'
    """
    return inline_runs(line_breaks=line_breaks).map(lambda run: Paragraph(children=run))


@st.composite
def tables(draw: st.DrawFn) -> Table:
    """GitHub tables with alignments; cells hold wiki-links (their ``|`` escaped) and more.

    Example:
        >>> from hypothesis import find
        >>> table = find(tables(), lambda t: len(t.rows) > 1)
        >>> all(len(row) == len(table.header) for row in table.rows)
        True
    """
    columns = draw(st.integers(1, 4))
    cell = inline_runs(line_breaks=False, max_segments=2).map(lambda run: TableCell(children=run))
    header = draw(st.lists(cell, min_size=columns, max_size=columns))
    rows = draw(st.lists(st.lists(cell, min_size=columns, max_size=columns), max_size=3))
    align = draw(st.lists(st.sampled_from([None, "left", "center", "right"]), min_size=columns, max_size=columns))
    return Table(align=align, header=header, rows=rows)


@st.composite
def _code_blocks(draw: st.DrawFn) -> CodeBlock:
    line = st.lists(words(alphabet=_LETTERS + "()[]{}<>=+-*_#`~$|&;'\""), min_size=1, max_size=4).map(" ".join)
    lines = draw(st.lists(line, max_size=3))
    code = "".join(f"{text}\n" for text in lines)
    if draw(st.booleans()) and code:
        return CodeBlock(info="", code=code, fenced=False)
    return CodeBlock(info=draw(st.sampled_from(["", "python", "javascript"])), code=code, fenced=True)


def _sanitize(items: list[Block]) -> list[Block]:
    """Drop blocks that would read differently next to the one before them.

    Two lists in a row can read as one; an indented code block after a list
    or another indented code block joins it.
    """
    kept: list[Block] = []
    for item in items:
        previous = kept[-1] if kept else None
        if isinstance(item, List) and isinstance(previous, List):
            continue
        indented = isinstance(item, CodeBlock) and not item.fenced
        if indented and (isinstance(previous, List) or (isinstance(previous, CodeBlock) and not previous.fenced)):
            continue
        kept.append(item)
    return kept


@st.composite
def lists(draw: st.DrawFn, *, depth: int = 1, nested: bool = False) -> List:
    """Bullet and ordered lists, tight or loose, nesting up to ``depth`` more levels.

    A ``nested`` list (one that follows its item's paragraph) that is ordered starts at 1.

    Example:
        >>> from hypothesis import find
        >>> find(lists(), lambda l: l.ordered).start is not None
        True
    """
    ordered = draw(st.booleans())
    tight = draw(st.booleans())
    marker = draw(st.sampled_from([".", ")"] if ordered else ["-", "*", "+"]))
    items: list[ListItem] = []
    for _ in range(draw(st.integers(1, 3))):
        item_blocks: list[Block] = [draw(paragraphs())]
        if depth > 0 and draw(st.booleans()):
            item_blocks.append(draw(lists(depth=depth - 1, nested=True)))
        items.append(ListItem(blocks=item_blocks))
    if len(items) == 1 and len(items[0].blocks) == 1:
        tight = True  # one item of one paragraph has no blank line to make it loose
    # A list right after a paragraph line interrupts it only when it starts at 1.
    start = (1 if nested else draw(st.integers(0, 999))) if ordered else None
    return List(ordered=ordered, start=start, marker=marker, tight=tight, items=items)


@st.composite
def callouts(draw: st.DrawFn, *, depth: int = 1) -> Callout:
    """Obsidian callouts: a type in any case, an optional fold, a title (maybe empty), content.

    Example:
        >>> from hypothesis import find
        >>> find(callouts(), lambda c: bool(c.title)).type
        'callout'
    """
    title = draw(st.just([]) | inline_runs(line_breaks=False, max_segments=3))
    return Callout(
        callout=draw(words(alphabet=string.ascii_letters, max_size=7)),
        fold=draw(st.sampled_from([None, "+", "-"])),
        title=title,
        blocks=draw(_block_lists(depth=depth - 1, max_size=2)),
    )


def blocks(*, depth: int = 1) -> st.SearchStrategy[Block]:
    """Any block a section holds: paragraphs, lists, quotes, callouts, tables, code, breaks.

    Example:
        >>> from hypothesis import find
        >>> find(blocks(), lambda b: b.type == "table").type
        'table'
    """
    leaves: list[st.SearchStrategy[Block]] = [
        paragraphs(),
        paragraphs(),
        tables(),
        _code_blocks(),
        st.just(ThematicBreak()),
    ]
    if depth <= 0:
        return st.one_of(*leaves)
    containers: list[st.SearchStrategy[Block]] = [
        lists(depth=depth),
        _block_lists(depth=depth - 1, max_size=2, headings=True).filter(bool).map(lambda b: Quote(blocks=b)),
        callouts(depth=depth),
    ]
    return st.one_of(*leaves, *containers)


@st.composite
def _block_lists(draw: st.DrawFn, *, depth: int, max_size: int = 3, headings: bool = False) -> list[Block]:
    choices = blocks(depth=depth)
    if headings:
        heading = st.builds(
            lambda level, run: Heading(level=level, children=run),
            st.integers(1, 6),
            inline_runs(line_breaks=False, max_segments=2),
        )
        choices = choices | heading
    return _sanitize(draw(st.lists(choices, max_size=max_size)))


@st.composite
def sections(draw: st.DrawFn, *, level: int = 2, depth: int = 1) -> Section:
    """Sections with a heading run, blocks, and deeper sections nested up to ``depth`` levels.

    Example:
        >>> from hypothesis import find
        >>> find(sections(), lambda s: bool(s.sections)).sections[0].level > 2
        True
    """
    heading = draw(inline_runs(line_breaks=False, max_segments=3))
    body = draw(_block_lists(depth=1, max_size=3))
    children = (
        draw(st.lists(sections(level=level + draw(st.integers(1, 2)), depth=depth - 1), max_size=2))
        if depth > 0 and level < 5
        else []
    )
    return Section(level=level, heading=heading, blocks=body, sections=children)


_VIDEO_ID_CHARS = string.ascii_letters + string.digits + "_-"


def video_ids() -> st.SearchStrategy[str]:
    """YouTube video ids: 11 characters of ``[A-Za-z0-9_-]``.

    Example:
        >>> from hypothesis import find
        >>> len(find(video_ids(), lambda v: True))
        11
    """
    return st.text(st.sampled_from(_VIDEO_ID_CHARS), min_size=11, max_size=11)


_YAML_WORD = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp", "Zs"), exclude_characters="\ufeff"),
    min_size=1,
    max_size=8,
)
_YAML_TEXT = st.lists(_YAML_WORD, min_size=1, max_size=4).map(" ".join)


def _intro_start_ok(blocks: list[Block]) -> bool:
    """A first paragraph ``From: [[...]]`` would be read as the channel line."""
    first = blocks[0] if blocks else None
    return not (
        isinstance(first, Paragraph)
        and isinstance(first.children[0], Text)
        and first.children[0].text.startswith("From:")
    )


@st.composite
def transcript_notes(draw: st.DrawFn) -> TranscriptNote:
    """Whole transcript notes: front matter (extra keys too), channel, intro, nested sections.

    Example:
        >>> from hypothesis import find
        >>> note = find(transcript_notes(), lambda n: bool(n.sections))
        >>> note.kind, len(note.video_id)
        ('transcript', 11)
    """
    extra_keys = st.dictionaries(
        words(alphabet=string.ascii_lowercase, max_size=6).filter(lambda k: k not in ("title", "videoid")),
        _YAML_TEXT | st.lists(_YAML_TEXT, max_size=2),
        max_size=2,
    )
    intro = draw(_block_lists(depth=1, max_size=2).filter(_intro_start_ok))
    return TranscriptNote(
        title=draw(_YAML_TEXT),
        video_id=draw(video_ids()),
        channel=draw(wikilinks(embeds=False)),
        front_matter=draw(extra_keys),
        intro=intro,
        sections=draw(st.lists(sections(), max_size=3)),
    )


_LICENCES = st.sampled_from(["CC BY-SA 3.0", "CC BY 2.0", "CC BY-SA 4.0", "Public domain"])


@st.composite
def _captions(draw: st.DrawFn) -> Caption:
    text = draw(st.just([]) | _plain().map(lambda t: [Text(text=t + ".")]))
    kind = draw(st.sampled_from(["link", "strong", "plain"]))
    name = draw(_plain(max_words=3))
    licence = draw(st.none() | _LICENCES)
    credit: Link | Strong | Text
    if kind == "link":
        credit = Link(href=draw(_HREFS), children=[Text(text=name)])
    elif kind == "strong" or licence is None or not text:
        credit = Strong(children=[Text(text=name)])
    else:
        credit = Text(text=name)
    return Caption(text=text, credit=credit, licence=licence)


def _body_ok(blocks: list[Block]) -> bool:
    """A closing all-italic paragraph would be read as the disclaimer."""
    last = blocks[-1] if blocks else None
    return not (isinstance(last, Paragraph) and len(last.children) == 1 and isinstance(last.children[0], Emphasis))


def _last_block(intro: list[Block], body: list[Section]) -> Block | None:
    """The body's last block in document order (the parser reads the disclaimer off it)."""
    if body:
        section = body[-1]
        while section.sections:
            if not section.sections[-1].blocks and not section.sections[-1].sections:
                return None
            section = section.sections[-1]
        return section.blocks[-1] if section.blocks else None
    return intro[-1] if intro else None


@st.composite
def articles(draw: st.DrawFn) -> Article:
    """Whole articles: title, subtitle, byline, date, caption, body with related links, disclaimer, url.

    Example:
        >>> from hypothesis import find
        >>> find(articles(), lambda a: len(a.authors) > 1).kind
        'article'
    """
    author = st.builds(
        lambda name, href: Author(name=name, href=href),
        _plain(_LETTERS + _UNICODE + ".'-", max_words=3).filter(lambda n: "and" not in n.split()),
        st.none() | _HREFS,
    )
    related = st.builds(
        lambda label, title, href: RelatedArticle(
            label=label[0], separator=label[1], link=Link(href=href, children=[Text(text=title)])
        ),
        st.sampled_from([("Related article:", " "), ("Related article", ": ")]),
        _plain(),
        _HREFS,
    )
    body_blocks = st.lists(blocks(depth=1) | related, max_size=3).map(_sanitize)
    intro = draw(body_blocks)
    body_sections = draw(st.lists(sections(), max_size=2))
    disclaimer = draw(st.none() | _plain().map(lambda t: Disclaimer(children=[Text(text=t)])))
    last = _last_block(intro, body_sections)
    if disclaimer is None and last is not None and not _body_ok([last]):
        # an all-italic closing paragraph reads as the disclaimer: give it one after it
        disclaimer = Disclaimer(children=[Text(text="Views are the author's own.")])
    return Article(
        title=draw(_plain(max_words=6)),
        subtitle=draw(st.none() | _plain(max_words=6)),
        authors=draw(st.lists(author, max_size=3)),
        published=draw(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))),
        caption=draw(st.none() | _captions()),
        intro=intro,
        sections=body_sections,
        disclaimer=disclaimer,
        url=draw(st.sampled_from(["https://example.com/a", "https://www.themoscowtimes.com/2024/01/02/x-a1"])),
    )


def documents() -> st.SearchStrategy[TranscriptNote | Article]:
    """Documents of either kind.

    Example:
        >>> from hypothesis import find
        >>> find(documents(), lambda d: d.kind == "article").kind
        'article'
    """
    return st.one_of(transcript_notes(), articles())
