"""Reading a note's clock: which reading each timestamp value gets, decided over the whole note.

One value alone is often ambiguous: ``03:51:00`` is 3 h 51 min as a clock, or 3 min 51 s in
the generator's MM:SS:00 mode. A note decides (the format spec, "Reading the clock", gives
the rules and the evidence behind them):

1. **Hundredths.** If at least :data:`CENTISECONDS_SHARE` of the note's three-part values end
   in 60 or more (``09:16:92``: no second has 92), its three-part values are ``MM:SS:cc``.
2. **MM:SS:00 mode.** A note is in that mode when it has a four-part value (``1:07:12:00``,
   the mode's way past an hour), a three-part value of 10 "hours" or more ending ``:00``, or
   when at least :data:`MMSS00_SHARE` of its three-part values end ``:00`` with some first
   field above 0 (a clock ends ``:00`` one time in sixty).
3. **Each run of ambiguous values** (``A:BB:00``, ``A`` under 10, one after another) takes
   the note's mode, unless under the other reading the run lies near a neighbour (the
   nearest value before or after the run with only one reading: within
   :data:`NEIGHBOUR_WINDOW` seconds or :data:`NEIGHBOUR_SHARE` of its time, a neighbour
   inside the range the run covers being at 0) and less than half as far from it as under
   the mode: a note that mixes the two forms shows which one each run continues. In the MM:SS:00 mode a run
   is read as a clock only if the note also writes three-part clocks (``01:36:39``).

The reader scans the text once, before the blocks are built, so that the nodes are built
with their readings; a timestamp is found by where it starts.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from seedparse.parsing.rules import ANCHOR_BODY, ANCHOR_CLASS, ANCHOR_DATA_T, ANCHOR_OPEN, BARE_CLOCK
from seedparse.timestamps import Reading, candidate_readings, clean_value, read_value, reading_of

__all__ = ["CENTISECONDS_SHARE", "MMSS00_SHARE", "NEIGHBOUR_SHARE", "NEIGHBOUR_WINDOW", "ClockReader"]

#: The share of three-part values ending in 60 or more that makes a note's values hundredths.
CENTISECONDS_SHARE = 0.15
#: The share of three-part values ending ``:00`` that puts a note in the MM:SS:00 mode.
MMSS00_SHARE = 0.5
#: How close (in seconds) the other reading of an ambiguous value must come to a neighbour.
NEIGHBOUR_WINDOW = 900
#: ... or this share of the neighbour's own time, whichever is more (a long video's notes are sparse).
NEIGHBOUR_SHARE = 0.15

_THREE_PART = re.compile(r"\d{1,3}:[0-5]\d:(\d{2})", re.ASCII)
_FOUR_PART = re.compile(r"\d{1,2}:[0-5]\d:[0-5]\d:\d{2}", re.ASCII)
#: Where a timestamp may start: an anchor with yt-timestamp in its tag, or a bare clock.
#: The generator's own anchor tag is read in the same search (its value is all the mode needs).
_CANDIDATE = re.compile(
    r'<a class="yt-timestamp" data-t="(?P<value>[^"<>]*)">'
    + "|"
    + BARE_CLOCK.pattern.replace("(\\d", "(?P<bare>\\d", 1)
    + r"|<a\b(?=[^<>]{0,1000}yt-timestamp)"
)


class ClockReader:
    """The readings of one note's timestamp values, keyed by where each timestamp starts."""

    __slots__ = ("_readings", "centiseconds", "mmss00")

    def __init__(self, text: str) -> None:
        values = list(_values(text))
        shapes = [_shape(value) for _, value in values]
        three = [last for parts, _, last in shapes if parts == 3]
        #: Whether the note's three-part values carry hundredths (``MM:SS:cc``).
        self.centiseconds = bool(three) and sum(last >= 60 for last in three) >= CENTISECONDS_SHARE * len(three)
        #: Whether the note is written in the generator's MM:SS:00 mode.
        self.mmss00 = not self.centiseconds and _mmss00_mode(shapes, len(three))
        self._readings = self._decide(values)

    def _decide(self, values: list[tuple[int, str]]) -> dict[int, Reading | None]:
        options = [candidate_readings(value, centiseconds=self.centiseconds) for _, value in values]
        # The seconds of each value with a single reading: the neighbours ambiguous values are judged by.
        sure: list[int | None] = [
            read_value(value, choice[0]) if len(choice) == 1 else None
            for (_, value), choice in zip(values, options, strict=True)
        ]
        before: list[int | None] = []
        last: int | None = None
        for seconds in sure:
            before.append(last)
            last = seconds if seconds is not None else last
        after: list[int | None] = [None] * len(sure)
        last = None
        for i in range(len(sure) - 1, -1, -1):
            after[i] = last
            last = sure[i] if sure[i] is not None else last
        readings: dict[int, Reading | None] = {}
        default: Reading = "mmss00" if self.mmss00 else "clock"
        other: Reading = "clock" if default == "mmss00" else "mmss00"
        # In the MM:SS:00 mode a run is read as a clock only where the note writes clocks too.
        may_differ = default == "clock" or any(
            choice == ("clock",) and _shape(value)[0] == 3 for choice, (_, value) in zip(options, values, strict=True)
        )
        i = 0
        while i < len(values):
            if len(options[i]) < 2:
                readings[values[i][0]] = options[i][0] if options[i] else None
                i += 1
                continue
            # A run of ambiguous values is read one way: its ends are judged by the neighbours round it.
            end = i
            while end + 1 < len(values) and len(options[end + 1]) == 2:
                end += 1
            run = [value for _, value in values[i : end + 1]]
            neighbours = [seconds for seconds in (before[i], after[end]) if seconds is not None]
            choice = other if may_differ and _closer(run, neighbours, other, default) else default
            for start, _ in values[i : end + 1]:
                readings[start] = choice
            i = end + 1
        return readings

    def reading(self, start: int, data_t: str | None, display: str) -> Reading | None:
        """The reading of the timestamp starting at offset ``start`` of the text (see :func:`.reading_of`)."""
        choice = self._readings.get(start)
        if start not in self._readings:
            options = candidate_readings(display if data_t is None else data_t, centiseconds=self.centiseconds)
            choice = ("mmss00" if self.mmss00 and len(options) > 1 else options[0]) if options else None
        return reading_of(data_t, display, choice)


def _closer(run: list[str], neighbours: list[int], candidate: Reading, chosen: Reading) -> bool:
    """Whether the run read as ``candidate`` lies near a neighbour, and much nearer than read as ``chosen``.

    A run read one way covers the seconds from its least to its greatest value; a neighbour's
    distance to it is 0 inside that range. Near is within :data:`NEIGHBOUR_WINDOW` seconds or
    :data:`NEIGHBOUR_SHARE` of the neighbour's own time, whichever is more.
    """
    mine = [seconds for value in run if (seconds := read_value(value, candidate)) is not None]
    theirs = [seconds for value in run if (seconds := read_value(value, chosen)) is not None]
    if not neighbours or len(mine) != len(run) or len(theirs) != len(run):
        return False
    near = min(_distance(seconds, mine) for seconds in neighbours)
    far = min(_distance(seconds, theirs) for seconds in neighbours)
    window = max(NEIGHBOUR_WINDOW, NEIGHBOUR_SHARE * min(neighbours))
    return near <= window and 2 * near < far


def _distance(seconds: int, run: list[int]) -> int:
    """How far ``seconds`` lies from the range the run's values cover (0 inside it)."""
    low, high = min(run), max(run)
    return low - seconds if seconds < low else seconds - high if seconds > high else 0


@functools.lru_cache(maxsize=4096)
def _shape(value: str) -> tuple[int, int, int]:
    """``(parts, first, last)`` of a value: 4 for ``H:MM:SS:FF``, 3 for ``A:BB:CC``, else 0."""
    clean = clean_value(value)
    if _FOUR_PART.fullmatch(clean):
        return 4, 0, 0
    match = _THREE_PART.fullmatch(clean)
    if match is None:
        return 0, 0, 0
    return 3, int(clean.split(":", 1)[0]), int(match[1])


def _mmss00_mode(shapes: list[tuple[int, int, int]], three: int) -> bool:
    """Whether the note's values show the generator's MM:SS:00 mode (rule 2 of the module's docs)."""
    ends00 = 0
    above_zero = False
    for parts, first, last in shapes:
        if parts == 4:
            return True
        if parts == 3 and last == 0:
            if first >= 10:
                return True
            ends00 += 1
            above_zero = above_zero or first > 0
    return above_zero and ends00 >= 2 and ends00 >= MMSS00_SHARE * three


def _values(text: str) -> Iterator[tuple[int, str]]:
    """``(offset, value)`` of every timestamp in the text, in order.

    An anchor's value is its ``data-t`` (else its display); a bare clock's, its text. Code
    is not skipped: a clock in code is still evidence of the note's mode, and is never
    looked up.
    """
    if ":" not in text:
        return
    pos = 0
    # One compiled search finds the next anchor or bare clock; only those are looked at.
    while (found := _CANDIDATE.search(text, pos)) is not None:
        at = found.start()
        if found["bare"] is not None:
            yield at, found["bare"]
            pos = found.end()
            continue
        if found["value"] is not None:
            yield at, found["value"]
            body = ANCHOR_BODY.match(text, found.end())  # its display is not a value of its own
            pos = found.end() if body is None else body.end()
            continue
        tag = ANCHOR_OPEN.match(text, at)
        if tag is None or ANCHOR_CLASS.search(tag["attrs"]) is None:
            pos = at + 2
            continue
        body = ANCHOR_BODY.match(text, tag.end())
        if body is None:
            pos = tag.end()
            continue
        data_t = ANCHOR_DATA_T.search(tag["attrs"])
        if data_t is not None:
            yield at, data_t[1] if data_t[1] is not None else data_t[2]
        else:
            bracketed = body["bracketed"]
            yield at, bracketed if bracketed is not None else body["bare"]
        pos = body.end()
