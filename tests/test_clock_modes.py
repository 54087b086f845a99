"""Generated notes in every clock mode read back the seconds they were written from; bare clocks
round-trip; fix leaves no repair to make and is idempotent."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import seedparse
from seedparse.fix import fix_text
from seedparse.timestamps import format_clock

HEAD = "---\ntitle: Generated\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[chan]] <br/> \n\n"

# Moments of a video (seconds), at least three, under ten hours; not all in its first minute.
_MOMENTS = st.lists(st.integers(0, 4 * 3600), min_size=3, max_size=25).filter(lambda xs: max(xs) >= 60)


def _anchor(value: str, display: str | None = None) -> str:
    return f'<a class="yt-timestamp" data-t="{value}">[{value if display is None else display}]</a>'


def _note(values: list[str], *, bare: bool = False) -> str:
    body = " ".join(f"Point {i} {f'[{v}]' if bare else _anchor(v)}." for i, v in enumerate(values))
    return HEAD + body


def _seconds(text: str) -> list[int | None]:
    return [ts.seconds for ts in seedparse.parse(text).timestamps()]


def _clock(seconds: int) -> str:
    return format_clock(seconds)


def _mmss00(seconds: int) -> str:
    """The generator's MM:SS:00 mode: minutes and seconds, then ':00'; four parts past an hour."""
    if seconds >= 3600:
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}:00"
    return f"{seconds // 60:02d}:{seconds % 60:02d}:00"


@settings(max_examples=60, deadline=None)
@given(moments=_MOMENTS.map(lambda xs: [x + 1 if x % 60 == 0 else x for x in xs]))
def test_a_clock_note_reads_its_seconds(moments: list[int]) -> None:
    # A whole minute, 00:15:00, reads either way on its own (15 min or the MM:SS:00 mode's 15 s):
    # the note's other values decide it, as the next test shows; here every value is sure.
    assert _seconds(_note([_clock(s) for s in moments])) == moments


def test_a_whole_minute_among_clocks_reads_as_a_clock() -> None:
    # The seed's case: 00:12:00 between 00:11:49 and 00:12:21 is 12 minutes.
    assert _seconds(_note(["00:11:49", "00:12:00", "00:12:21", "00:20:00", "00:20:09"])) == [709, 720, 741, 1200, 1209]
    # and a generator slip among seconds: 02:00:00 between 00:00:39 and 00:00:44 is 2 minutes.
    assert _seconds(_note(["00:00:30", "00:00:39", "02:00:00", "02:05:00", "00:00:44"])) == [30, 39, 120, 125, 44]


@settings(max_examples=60, deadline=None)
@given(moments=_MOMENTS, bare=st.booleans())
def test_an_mmss00_note_reads_minutes_and_seconds(moments: list[int], bare: bool) -> None:
    text = _note([_mmss00(s) for s in moments], bare=bare)
    document = seedparse.parse(text)
    assert [ts.seconds for ts in document.timestamps()] == moments
    assert {ts.reading for ts in document.timestamps()} <= {"mmss00", "hmmss00"}
    assert all(ts.bare is bare for ts in document.timestamps())
    assert seedparse.render(document) == text


@settings(max_examples=60, deadline=None)
@given(moments=st.lists(st.tuples(st.integers(0, 59 * 60 + 59), st.integers(0, 99)), min_size=3, max_size=25))
def test_a_centiseconds_note_reads_minutes_and_seconds(moments: list[tuple[int, int]]) -> None:
    # Hundredths are told by values that end in 60 or more: a note with enough of them.
    moments = [*moments, (61, 75), (122, 88), (183, 96)]
    values = [f"{s // 60:02d}:{s % 60:02d}:{cs:02d}" for s, cs in moments]
    document = seedparse.parse(_note(values))
    assert [ts.seconds for ts in document.timestamps()] == [s for s, _ in moments]
    assert {ts.reading for ts in document.timestamps()} == {"centiseconds"}


@settings(max_examples=40, deadline=None)
@given(moments=_MOMENTS)
def test_milliseconds_read_minutes_and_seconds(moments: list[int]) -> None:
    values = [f"{s // 60 % 1000:02d}:{s % 60:02d}:{s % 1000:03d}" for s in moments]
    readings = [(ts.seconds, ts.reading) for ts in seedparse.parse(_note(values)).timestamps()]
    assert readings == [((s // 60 % 1000) * 60 + s % 60, "milliseconds") for s in moments]


@settings(max_examples=60, deadline=None)
@given(moments=_MOMENTS, mode=st.sampled_from(["clock", "mmss00"]), bare=st.booleans())
def test_fix_leaves_no_repair_and_is_idempotent(moments: list[int], mode: str, bare: bool) -> None:
    write = _mmss00 if mode == "mmss00" else _clock
    text = _note([write(s) for s in moments], bare=bare)
    before = _seconds(text)
    result = fix_text(text)
    assert result.refused is None
    assert _seconds(result.text) == before
    left = [d for d in seedparse.parse_lenient(result.text).diagnostics if d.code == "SP209"]
    assert left == []
    assert fix_text(result.text).text == result.text


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(
        st.tuples(st.integers(0, 9), st.integers(0, 59), st.integers(0, 59)).map(
            lambda t: f"{t[0]:02d}:{t[1]:02d}:{t[2]:02d}"
        ),
        min_size=1,
        max_size=8,
    ),
    joiner=st.sampled_from([" ", ", ", " - ", "-", ""]),
)
def test_bare_clocks_round_trip(values: list[str], joiner: str) -> None:
    text = HEAD + "Said " + joiner.join(f"[{v}]" for v in values) + " here."
    document = seedparse.parse(text)
    assert seedparse.render(document) == text
    stamps = document.timestamps()
    assert [ts.display for ts in stamps] == values
    assert all(ts.bare and ts.data_t is None for ts in stamps)
    again = seedparse.parse(seedparse.render(document, canonical=True))
    assert [ts.seconds for ts in again.timestamps()] == [ts.seconds for ts in stamps]


def test_one_anchor_is_one_value_of_evidence() -> None:
    # Its display is not a second value: one 02:59:00 alone is not the MM:SS:00 mode's share.
    (ts,) = seedparse.parse(_note(["02:59:00"])).timestamps()
    assert (ts.reading, ts.seconds) == ("clock", 2 * 3600 + 59 * 60)
    from seedparse.parsing.clocks import _values

    text = _note(["02:59:00"]) + " [00:01:02] " + '<a class="yt-timestamp" data-t="03:00:00">03:00:00</a>'
    assert [value for _, value in _values(text)] == ["02:59:00", "00:01:02", "03:00:00"]
