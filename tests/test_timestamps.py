"""Clock values, the Timestamp and TimestampRange models, and anchors through the parser."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import seedparse
from seedparse.blocks import CodeBlock, Paragraph
from seedparse.diagnostics import Diagnostic
from seedparse.documents import TranscriptNote
from seedparse.inlines import Code, Inline, Text
from seedparse.timestamps import Timestamp, TimestampRange, format_clock, parse_clock

HEAD = "---\ntitle: T\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[chan]] <br/> \n\n"


def anchor(data_t: str, display: str | None = None) -> str:
    shown = data_t if display is None else display
    return f'<a class="yt-timestamp" data-t="{data_t}">[{shown}]</a>'


A = anchor("00:01:00")
B = anchor("00:02:00")
C = anchor("00:03:00")


def _parse(body: str) -> tuple[TranscriptNote, tuple[Diagnostic, ...]]:
    result = seedparse.parse_lenient(HEAD + body + "\n")
    assert isinstance(result.document, TranscriptNote)
    return result.document, result.diagnostics


def _inlines(body: str) -> list[Inline]:
    document, _ = _parse(body)
    (paragraph,) = document.intro
    assert isinstance(paragraph, Paragraph)
    return paragraph.children


def _seconds(node: Inline) -> int | None:
    assert isinstance(node, Timestamp)
    return node.seconds


# -- parse_clock / format_clock ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("00:00", 0),
        ("12:00", 720),
        ("71:12", 71 * 60 + 12),  # minutes of 60 or more
        ("60:00", 3600),
        ("130:05", 130 * 60 + 5),
        ("5:07", 307),  # M:SS
        ("1:02:03", 3723),  # H:MM:SS
        ("01:02:03", 3723),  # HH:MM:SS
        ("00:12:00", 720),
        ("51:03:00", 51 * 3600 + 3 * 60),  # the MM:SS:00 generator bug: read as written
        (" 00:12:00 ", 720),
    ],
)
def test_parse_clock(text: str, seconds: int) -> None:
    assert parse_clock(text) == seconds


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "0:0:55:00",  # four parts
        "1:2:3:4",
        "12",
        "12:5",  # one-digit seconds
        "12:60",  # seconds past 59
        "1:60:00",  # minutes past 59 after an hour
        "123:45:00",  # three-digit hours
        "ab:cd",
        "-1:00",
        "12:00s",
        "\uff11\uff12:\uff10\uff10",  # fullwidth digits are not clock digits
    ],
)
def test_parse_clock_unreadable(text: str) -> None:
    assert parse_clock(text) is None


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "00:00:00"), (59, "00:00:59"), (720, "00:12:00"), (3723, "01:02:03"), (4272, "01:11:12")],
)
def test_format_clock(seconds: int, text: str) -> None:
    assert format_clock(seconds) == text


@given(st.integers(min_value=0, max_value=99 * 3600 + 59 * 60 + 59))
def test_format_then_parse_round_trips(seconds: int) -> None:
    text = format_clock(seconds)
    assert len(text) == 8
    assert parse_clock(text) == seconds


# -- the Timestamp model -------------------------------------------------------------------------


def test_seconds_come_from_data_t() -> None:
    ts = Timestamp(data_t="00:12:00", display="00:12:05")
    assert ts.seconds == 720
    assert ts.display_seconds == 725


def test_seconds_fall_back_to_the_display() -> None:
    assert Timestamp(data_t="0:0:55:00", display="55:00").seconds == 3300
    assert Timestamp(data_t=None, display="01:00").seconds == 60
    assert Timestamp(data_t="", display="1:00").seconds == 60


def test_unreadable_timestamp() -> None:
    ts = Timestamp(data_t="0:0:55:00", display="0:0:55:00")
    assert ts.seconds is None
    assert ts.display_seconds is None
    with pytest.raises(ValueError, match="no readable seconds"):
        ts.url("KL4O_d7AlvQ")


def test_empty_display() -> None:
    ts = Timestamp(data_t="00:01:00", display="")
    assert ts.display == ""
    assert ts.display_seconds is None
    assert ts.seconds == 60


def test_url() -> None:
    ts = Timestamp(data_t="00:12:00", display="00:12:00")
    assert ts.url("KL4O_d7AlvQ") == "https://www.youtube.com/watch?v=KL4O_d7AlvQ&t=720s"
    assert Timestamp(data_t="71:12", display="71:12").url("-_abc__DEF0") == (
        "https://www.youtube.com/watch?v=-_abc__DEF0&t=4272s"
    )


def test_ordering_by_seconds() -> None:
    early = Timestamp(data_t="5:07", display="5:07")
    middle = Timestamp(data_t="00:12:00", display="00:12:00")
    late = Timestamp(data_t="1:02:03", display="1:02:03")
    unreadable = Timestamp(data_t="x", display="")
    assert early < middle < late
    assert late > early
    assert sorted([late, unreadable, middle, early]) == [unreadable, early, middle, late]


def _minutes_form(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"{minutes:02d}:{secs:02d}"


@st.composite
def _timestamps(draw: st.DrawFn) -> Timestamp:
    """A readable timestamp, its clock written HH:MM:SS or MM:SS, with a display that may differ or be empty."""
    seconds = draw(st.integers(min_value=0, max_value=99 * 3600))
    data_t = draw(st.sampled_from([format_clock(seconds), _minutes_form(seconds)]))
    display = draw(st.sampled_from([data_t, format_clock(seconds), _minutes_form(seconds), ""]))
    return Timestamp(data_t=data_t, display=display)


@given(_timestamps(), _timestamps())
@example(Timestamp(data_t="00:00:00", display="00:00:00"), Timestamp(data_t="00:00:00", display="00:00"))
def test_ordering_agrees_with_seconds(a: Timestamp, b: Timestamp) -> None:
    assert a.seconds is not None
    assert b.seconds is not None
    assert (a < b) == (a.seconds < b.seconds)
    assert (a > b) == (a.seconds > b.seconds)
    assert (a <= b) == (a.seconds <= b.seconds)
    assert (a >= b) == (a.seconds >= b.seconds)
    assert [ts.seconds for ts in sorted([a, b])] == sorted([a.seconds, b.seconds])


def test_ordering_of_equal_seconds_written_differently() -> None:
    a = Timestamp(data_t="00:05:07", display="5:07")
    b = Timestamp(data_t="05:07", display="")
    assert a.seconds == b.seconds == 307
    assert not a < b
    assert not b < a
    assert not a > b
    assert not b > a
    assert a <= b
    assert b <= a
    assert a >= b
    assert b >= a


def test_range_model() -> None:
    start = Timestamp(data_t="00:12:21", display="00:12:21")
    end = Timestamp(data_t="00:12:00", display="00:12:00")
    forwards = TimestampRange(start=end, end=start, separator=" - ")
    assert (forwards.duration, forwards.reversed) == (21, False)
    backwards = TimestampRange(start=start, end=end, separator="-")
    assert (backwards.duration, backwards.reversed) == (-21, True)
    unreadable = TimestampRange(start=start, end=Timestamp(data_t=None, display=""), separator="-")
    assert (unreadable.duration, unreadable.reversed) == (None, False)


# -- through the parser ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data_t", "display", "seconds"),
    [
        ("00:12:00", "00:12:00", 720),
        ("71:12", "71:12", 4272),
        ("5:07", "5:07", 307),
        ("1:02:03", "1:02:03", 3723),
        ("01:02:03", "1:02:05", 3723),  # the display disagrees: seconds from data-t
        ("00:12:00", "12:00", 720),  # HH:MM:SS in one, MM:SS in the other
    ],
)
def test_anchor_values(data_t: str, display: str, seconds: int) -> None:
    (node,) = _inlines(anchor(data_t, display))
    assert isinstance(node, Timestamp)
    assert (node.data_t, node.display, node.seconds) == (data_t, display, seconds)
    assert node.span is not None
    assert (node.span.line, node.span.column, node.span.end_column) == (8, 1, len(anchor(data_t, display)) + 1)


def test_anchor_with_disagreeing_display_warns() -> None:
    _, diagnostics = _parse(anchor("01:02:03", "1:02:05"))
    assert [d.code for d in diagnostics] == ["SP203"]


def test_anchor_with_empty_display() -> None:
    body = '<a class="yt-timestamp" data-t="00:01:00"></a>'
    (node,) = _inlines(body)
    assert isinstance(node, Timestamp)
    assert (node.data_t, node.display, node.seconds) == ("00:01:00", "", 60)
    _, diagnostics = _parse(body)
    assert [d.code for d in diagnostics] == ["SP204"]


def test_anchor_with_four_part_value_is_an_error() -> None:
    (node,) = _inlines(anchor("0:0:55:00"))
    assert isinstance(node, Timestamp)
    assert node.seconds is None
    _, diagnostics = _parse(anchor("0:0:55:00"))
    assert [d.code for d in diagnostics] == ["SP201"]


@pytest.mark.parametrize("separator", [" - ", "-"])
def test_dash_makes_a_range(separator: str) -> None:
    nodes = _inlines(f"x {A}{separator}{B} y")
    assert [type(n) for n in nodes] == [Text, TimestampRange, Text]
    timestamp_range = nodes[1]
    assert isinstance(timestamp_range, TimestampRange)
    assert timestamp_range.separator == separator
    assert (timestamp_range.start.seconds, timestamp_range.end.seconds) == (60, 120)
    assert timestamp_range.duration == 60
    assert timestamp_range.span is not None
    assert timestamp_range.start.span is not None
    assert timestamp_range.end.span is not None
    assert (timestamp_range.span.column, timestamp_range.span.end_column) == (
        timestamp_range.start.span.column,
        timestamp_range.end.span.end_column,
    )
    assert timestamp_range.end.span.column - timestamp_range.start.span.end_column == len(separator)


@pytest.mark.parametrize("between", [", ", " ", ""])
def test_list_separators_keep_separate_timestamps(between: str) -> None:
    nodes = _inlines(f"{A}{between}{B}")
    assert not any(isinstance(n, TimestampRange) for n in nodes)
    assert [_seconds(n) for n in nodes if isinstance(n, Timestamp)] == [60, 120]
    expected = [Timestamp, Text, Timestamp] if between else [Timestamp, Timestamp]
    assert [type(n) for n in nodes] == expected
    if between:
        assert isinstance(nodes[1], Text)
        assert nodes[1].text == between


def test_chain_list_then_range() -> None:
    nodes = _inlines(f"{A}, {B} - {C}")
    assert [type(n) for n in nodes] == [Timestamp, Text, TimestampRange]
    first, comma, timestamp_range = nodes
    assert isinstance(first, Timestamp)
    assert isinstance(comma, Text)
    assert isinstance(timestamp_range, TimestampRange)
    assert first.seconds == 60
    assert comma.text == ", "
    assert (timestamp_range.start.seconds, timestamp_range.end.seconds, timestamp_range.separator) == (120, 180, " - ")


def test_document_lists_every_timestamp_and_range() -> None:
    document, _ = _parse(f"{A}, {B} - {C}")
    assert [ts.seconds for ts in document.timestamps()] == [60, 120, 180]
    assert len(document.ranges()) == 1
    assert document.timestamp_urls() == [
        "https://www.youtube.com/watch?v=KL4O_d7AlvQ&t=60s",
        "https://www.youtube.com/watch?v=KL4O_d7AlvQ&t=120s",
        "https://www.youtube.com/watch?v=KL4O_d7AlvQ&t=180s",
    ]


def test_anchor_in_fenced_code_is_code() -> None:
    document, diagnostics = _parse(f"```html\n{A}\n```")
    assert document.timestamps() == []
    (block,) = document.intro
    assert isinstance(block, CodeBlock)
    assert block.code == A + "\n"
    assert block.info == "html"
    assert diagnostics == ()


def test_anchor_in_inline_code_is_code() -> None:
    nodes = _inlines(f"see `{A}` here")
    assert not any(isinstance(n, (Timestamp, TimestampRange)) for n in nodes)
    assert [n.code for n in nodes if isinstance(n, Code)] == [A]


@pytest.mark.parametrize(
    "body",
    [
        f"## Heading {A}\n\ntext",
        f"> [!note] Title {A}\n> body",
        f"> quoted {A}",
        f"* item {A}",
        f"| a | b |\n|---|---|\n| {A} | x |",
        f"Sentence.{A} Next",
    ],
)
def test_anchor_places(body: str) -> None:
    document, _ = _parse(body)
    assert [ts.seconds for ts in document.timestamps()] == [60]
    (entry,) = document.timeline()
    assert entry.timestamp.seconds == 60


def test_reversed_range_is_an_error() -> None:
    nodes = _inlines(f"{B} - {A}")
    (timestamp_range,) = nodes
    assert isinstance(timestamp_range, TimestampRange)
    assert (timestamp_range.duration, timestamp_range.reversed) == (-60, True)
    _, diagnostics = _parse(f"{B} - {A}")
    assert [d.code for d in diagnostics] == ["SP202"]


def test_ten_hours_or_more_is_the_mmss00_mode_reported_once() -> None:
    (node,) = _inlines(anchor("51:03:00"))
    assert isinstance(node, Timestamp)
    assert (node.seconds, node.reading) == (51 * 60 + 3, "mmss00")
    _, diagnostics = _parse(anchor("51:03:00") + " and " + anchor("52:10:00"))
    assert [d.code for d in diagnostics] == ["SP209"]
    assert diagnostics[0].message.startswith("2 timestamp values read as MM:SS:00")


def test_attributes_in_any_order_and_quote_style() -> None:
    body = "<a data-t='00:01:00' class='yt-timestamp other'>[00:01:00]</a>"
    (node,) = _inlines(body)
    assert isinstance(node, Timestamp)
    assert (node.data_t, node.display, node.seconds) == ("00:01:00", "00:01:00", 60)


def test_anchor_without_data_t_reads_the_display() -> None:
    body = '<a class="yt-timestamp">[00:01:00]</a>'
    (node,) = _inlines(body)
    assert isinstance(node, Timestamp)
    assert (node.data_t, node.seconds) == (None, 60)
    _, diagnostics = _parse(body)
    assert [d.code for d in diagnostics] == ["SP206"]


def test_unclosed_anchor_is_kept_with_a_warning() -> None:
    body = '<a class="yt-timestamp" data-t="00:01:00">[00:01:00] and [x]'
    nodes = _inlines(body)
    # The tag stays HTML; the clock after it is a bare clock, as it would be anywhere in text.
    assert [n for n in nodes if isinstance(n, Timestamp)] == [
        Timestamp(data_t=None, display="00:01:00", bare=True, reading="clock", span=nodes[1].span)
    ]
    assert [n.text for n in nodes if isinstance(n, Text)] == [" and [x]"]
    _, diagnostics = _parse(body)
    assert [d.code for d in diagnostics] == ["SP208"]


def test_other_anchors_are_not_timestamps() -> None:
    # Not a yt-timestamp anchor, and inside an HTML link a bracketed clock is the link's text.
    document, _ = _parse('<a class="other" data-t="00:01:00">[00:01:00]</a>')
    assert document.timestamps() == []
    document, _ = _parse('<a class="other">[00:01:00]</a> then [00:02:00]')
    assert [(ts.bare, ts.seconds) for ts in document.timestamps()] == [(True, 120)]
