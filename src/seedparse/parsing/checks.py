"""Checks that run on a built document: timestamps, links, split paragraphs."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import Any

from seedparse.blocks import Block, Paragraph, block_inlines, child_blocks, walk_blocks
from seedparse.documents import Article, TranscriptNote
from seedparse.inlines import Emphasis, Inline, Link, Strong, Text, walk_inlines
from seedparse.parsing.context import Context
from seedparse.spans import Span
from seedparse.timestamps import Timestamp, TimestampRange, clean_value, format_clock

__all__ = ["check_document"]

#: Characters a finished sentence (or a paragraph that means to stop) ends with.
_SENTENCE_END = frozenset(".!?:;\u2026\"'\u201d\u2019)]*_`>|")


def check_document(document: TranscriptNote | Article, context: Context) -> None:
    """Report what is wrong with a built document's content, in one walk over its tree."""
    repairs: _Repairs = {}
    leading = document._leading_inlines()
    if isinstance(document, Article):
        leading = [*document._byline_links(), *leading]
    for node in walk_inlines(leading):
        _check_inline(node, context, repairs)
    for section, blocks in document._blocks_by_section():
        runs: list[list[Inline]] = [section.heading] if section is not None else []
        _check_split(blocks, context)
        for block in walk_blocks(blocks):
            runs.append(block_inlines(block))
            children = child_blocks(block)
            if children:
                _check_split(children, context)
        for run in runs:
            for node in walk_inlines(run):
                _check_inline(node, context, repairs)
        _check_order(runs, context)
    for node in walk_inlines(document._trailing_inlines()):
        _check_inline(node, context, repairs)
    _report_repairs(repairs, context)


def _check_inline(node: Inline, context: Context, repairs: _Repairs) -> None:
    if isinstance(node, Timestamp):
        _check_timestamp(node, context, repairs)
    elif isinstance(node, TimestampRange):
        if node.reversed and node.span is not None:
            context.report(
                "SP202",
                f"range ends ({_shown(node.end)}) before it starts ({_shown(node.start)}); both kept as written",
                node.span,
            )
    elif isinstance(node, Link) and node.is_placeholder and node.span is not None:
        context.report("SP303", f"link {node.text!r} has the placeholder href '#'", node.span)


def _shown(ts: Timestamp) -> str:
    return ts.display if ts.data_t is None else ts.data_t


#: Per repair (a reading other than a plain clock, or a value with stray characters): how
#: many values and where the first is; reported once per note (SP209), not once per anchor.
_Repairs = dict[str, list[Any]]

_REPAIRED: dict[str, str] = {
    "mmss00": "as MM:SS:00, minutes and seconds (the generator's MM:SS:00 mode; `seedparse fix` rewrites them)",
    "hmmss00": "as H:MM:SS:00, hours, minutes and seconds (the MM:SS:00 mode past an hour; `seedparse fix` "
    "rewrites them)",
    "centiseconds": "as MM:SS:cc, minutes, seconds and hundredths (the hundredths dropped)",
    "milliseconds": "as MM:SS:mmm, minutes, seconds and thousandths (the thousandths dropped)",
    "trimmed": "without the stray characters round them (a bracket, a space or a trailing colon)",
}


def _count(repairs: _Repairs, what: str, span: Span) -> None:
    entry = repairs.get(what)
    if entry is None:
        repairs[what] = [1, span]
    else:
        entry[0] += 1


def _check_timestamp(ts: Timestamp, context: Context, repairs: _Repairs) -> None:
    span = ts.span
    if span is None:
        return
    reading = ts.reading
    if reading is None:
        context.report(
            "SP201",
            f"timestamp data-t={ts.data_t!r} and display {ts.display!r} have no sure reading "
            "(MM:SS, H:MM:SS or a form the note uses); its seconds are null",
            span,
        )
        return
    if reading in _REPAIRED:
        _count(repairs, reading, span)
    primary = _shown(ts)
    if reading != "display" and clean_value(primary) != primary.strip():
        _count(repairs, "trimmed", span)
    if reading == "display":
        what = f"data-t={ts.data_t!r} has no sure reading"
        context.report("SP206", f"{what}; seconds read from the display {ts.display!r}", span)
    elif ts.data_t is None and not ts.bare:
        context.report("SP206", f"the anchor has no data-t; seconds read from the display {ts.display!r}", span)
    if ts.bare or ts.data_t is None or reading == "display":
        return
    data = ts.seconds
    shown = ts.display_seconds
    if not ts.display:
        context.report("SP204", f"timestamp data-t={ts.data_t!r} has an empty display text", span)
    elif data is not None and shown is not None and data != shown:
        context.report(
            "SP203", f"data-t={ts.data_t!r} ({data}s) disagrees with the display {ts.display!r} ({shown}s)", span
        )
    elif data is not None and shown is None:
        message = f"data-t={ts.data_t!r} ({data}s) disagrees with the display {ts.display!r}, which is not a time"
        context.report("SP203", message, span)


def _report_repairs(repairs: _Repairs, context: Context) -> None:
    for what, describe in _REPAIRED.items():
        entry = repairs.get(what)
        if entry is not None:
            count, span = entry
            values = "value" if count == 1 else "values"
            context.report("SP209", f"{count} timestamp {values} read {describe}; the first is here", span)


def _anchors(nodes: list[Inline]) -> Iterator[Timestamp | TimestampRange]:
    """Timestamps and ranges in order, a range as one unit."""
    for node in nodes:
        if isinstance(node, (Timestamp, TimestampRange)):
            yield node
        elif isinstance(node, (Emphasis, Strong, Link)):
            yield from _anchors(node.children)


def _check_order(runs: list[list[Inline]], context: Context) -> None:
    previous: int | None = None
    for nodes in runs:
        for node in _anchors(nodes):
            first, last = (node.start, node.end) if isinstance(node, TimestampRange) else (node, node)
            if first.seconds is None or last.seconds is None or node.span is None:
                continue
            if previous is not None and first.seconds < previous:
                context.report(
                    "SP207",
                    f"timestamp {format_clock(first.seconds)} comes after {format_clock(previous)} in the same section",
                    node.span,
                )
            previous = max(first.seconds, last.seconds)


def _check_split(blocks: list[Block], context: Context) -> None:
    for before, after in pairwise(blocks):
        if not (isinstance(before, Paragraph) and isinstance(after, Paragraph)):
            continue
        tail = before.children[-1] if before.children else None
        head = after.children[0] if after.children else None
        if not (isinstance(tail, Text) and isinstance(head, Text)):
            continue
        end = tail.text.rstrip()
        start = head.text.lstrip()
        if end and start and end[-1] not in _SENTENCE_END and start[0].islower() and before.span and after.span:
            word = end.split()[-1]
            context.report(
                "SP402",
                f"paragraph ends mid-sentence ('...{word}') and the next starts in lower case; "
                "probably one paragraph split by a blank line",
                Span(
                    line=before.span.end_line,
                    column=max(1, before.span.end_column - len(word)),
                    end_line=after.span.line,
                    end_column=after.span.column + len(start.split()[0]),
                ),
            )
