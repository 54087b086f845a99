"""YouTube timestamp anchors: ``<a class="yt-timestamp" data-t="00:12:00">[00:12:00]</a>``."""

from __future__ import annotations

import functools
import re
from typing import Any, Literal, get_args

from pydantic import Field, computed_field, model_validator

from seedparse.nodes import ComputedNode, Node
from seedparse.wikilinks import WikiLink

__all__ = [
    "READINGS",
    "Reading",
    "Timestamp",
    "TimestampRange",
    "candidate_readings",
    "clean_value",
    "format_clock",
    "parse_clock",
    "read_value",
    "sure_clock",
]

_CLOCK = re.compile(
    r"""
    (?:(?P<h>\d{1,2}):(?P<hm>[0-5]\d)   # H:MM or HH:MM before the seconds, or ...
      |(?P<m>\d{1,4}))                  # ... minutes alone, which may exceed 59 (71:12)
    :(?P<s>[0-5]\d)                     # seconds, always two digits
    """,
    re.VERBOSE | re.ASCII,
)

#: Three fields ``A:BB:CC`` (or ``A:BB:CCC``): hours, minutes and seconds, or minutes,
#: seconds and a last field that is not part of the time (``00``, hundredths, thousandths).
_THREE = re.compile(r"(\d{1,3}):([0-5]\d):(\d{2,3})", re.ASCII)
#: Four fields ``H:MM:SS:FF``: hours, minutes, seconds and a last field that is not part of it.
_FOUR = re.compile(r"(\d{1,2}):([0-5]\d):([0-5]\d):(\d{2})", re.ASCII)
#: What may stand round a value by mistake: spaces and brackets (a trailing colon is cut too).
_STRAY = " \t[]"

#: A clock value with this many hours or more is implausible for a video: it is
#: what the generator's ``MM:SS:00`` bug produces (``51:03:00`` for 51:03). No
#: three-part value is read as that many hours.
IMPLAUSIBLE_HOURS = 10

Reading = Literal["clock", "mmss00", "hmmss00", "centiseconds", "milliseconds", "display"]
"""How a timestamp's ``seconds`` were read (the format spec, "Reading the clock", has the rules).

- ``clock``: ``MM:SS`` or ``H:MM:SS``, read as written.
- ``mmss00``: ``MM:SS:00``, the generator's MM:SS:00 mode: minutes and seconds, the last field dropped.
- ``hmmss00``: ``H:MM:SS:00``, that mode's form past an hour: hours, minutes, seconds, the last field dropped.
- ``centiseconds``: ``MM:SS:cc`` in a note whose values carry hundredths: minutes and seconds.
- ``milliseconds``: ``MM:SS:mmm``: minutes and seconds.
- ``display``: ``data-t`` has no sure reading; the display text, read as a clock, gives the seconds.
"""

#: Every reading, in the order the docs describe them.
READINGS: tuple[Reading, ...] = get_args(Reading)


def parse_clock(text: str) -> int | None:
    """Return the seconds a plain clock value means, or ``None`` if it is not one.

    Accepts ``MM:SS`` (minutes may exceed 59), ``M:SS``, ``H:MM:SS`` and
    ``HH:MM:SS``; surrounding spaces are ignored. This is the ``clock`` reading
    alone; a note's timestamps are read in the note's clock mode (see
    :attr:`Timestamp.reading` and :func:`read_value`).

    Example:
        >>> parse_clock("00:12:00"), parse_clock("71:12"), parse_clock("0:0:55:00")
        (720, 4272, None)
    """
    clock = _clock(text)
    return None if clock is None else clock[0]


def clean_value(text: str) -> str:
    """A timestamp value without what stands round it by mistake: spaces, brackets, a trailing ``:``.

    Example:
        >>> clean_value(" 01:06:06]"), clean_value("08:07:"), clean_value("[[00:01:02]]")
        ('01:06:06', '08:07', '00:01:02')
    """
    value = text.strip(_STRAY)
    while value.endswith(":") and value[-2:-1].isdigit():
        value = value[:-1]
    return value


def read_value(text: str, reading: Reading) -> int | None:
    """Return the seconds ``text`` means under ``reading``, or ``None`` if it does not have that shape.

    What stands round the value by mistake is ignored (:func:`clean_value`).

    Example:
        >>> read_value("03:51:00", "clock"), read_value("03:51:00", "mmss00")
        (13860, 231)
        >>> read_value("1:07:12:00", "hmmss00"), read_value("09:16:92", "centiseconds")
        (4032, 556)
        >>> read_value("10:24:340", "milliseconds"), read_value("03:51", "mmss00")
        (624, None)
    """
    return _read_value(text, reading) if len(text) <= _CACHED_LENGTH else _read_value.__wrapped__(text, reading)


@functools.lru_cache(maxsize=8192)
def _read_value(text: str, reading: Reading) -> int | None:
    value = clean_value(text)
    if reading in ("clock", "display"):
        return parse_clock(value)
    if reading == "hmmss00":
        four = _FOUR.fullmatch(value)
        return None if four is None else int(four[1]) * 3600 + int(four[2]) * 60 + int(four[3])
    three = _THREE.fullmatch(value)
    if three is None or (len(three[3]) == 3) != (reading == "milliseconds"):
        return None
    return int(three[1]) * 60 + int(three[2])


def candidate_readings(text: str, *, centiseconds: bool = False) -> tuple[Reading, ...]:
    """The readings a value can have on its own, the likelier first; empty when none is sure.

    ``centiseconds`` says the note's three-part values carry hundredths. Only
    ``A:BB:00`` with ``A`` under 10 has two: a clock (``00:12:00`` is 12 minutes)
    or the MM:SS:00 mode (12 seconds); the note decides between them.

    Example:
        >>> candidate_readings("00:12:00"), candidate_readings("51:03:00"), candidate_readings("01:0:10")
        (('clock', 'mmss00'), ('mmss00',), ())
    """
    if len(text) > _CACHED_LENGTH:
        return _candidate_readings.__wrapped__(text, centiseconds)
    return _candidate_readings(text, centiseconds)


@functools.lru_cache(maxsize=8192)
def _candidate_readings(text: str, centiseconds: bool) -> tuple[Reading, ...]:
    value = clean_value(text)
    if _FOUR.fullmatch(value):
        return ("hmmss00",)
    three = _THREE.fullmatch(value)
    if three is None:
        return ("clock",) if parse_clock(value) is not None else ()
    first, last = int(three[1]), three[3]
    if len(last) == 3:
        return ("milliseconds",)
    if centiseconds:
        return ("centiseconds",)
    if int(last) >= 60:
        return ("centiseconds",) if first >= IMPLAUSIBLE_HOURS else ()
    if first >= IMPLAUSIBLE_HOURS:
        return ("mmss00",)
    return ("clock", "mmss00") if last == "00" else ("clock",)


def reading_of(data_t: str | None, display: str, choice: Reading | None = None) -> Reading | None:
    """The reading of an anchor's values: ``data-t`` first, then its display text.

    ``choice`` is the reading a note chose for the ``data-t`` value (or for the
    display, when there is no ``data-t``); without it a value is read on its own
    (the first of its :func:`candidate_readings`).
    """
    primary = display if data_t is None else data_t
    if choice is None:
        options = candidate_readings(primary)
        choice = options[0] if options else None
    if choice is not None and read_value(primary, choice) is not None:
        return choice
    if data_t is not None and parse_clock(clean_value(display)) is not None:
        return "display"
    return None


def format_clock(seconds: int) -> str:
    """Format seconds as ``HH:MM:SS``, the form seed files use.

    Example:
        >>> format_clock(720)
        '00:12:00'
    """
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def sure_clock(seconds: int) -> str:
    """A clock value for ``seconds`` that every note reads one way: as that many seconds.

    ``HH:MM:SS`` (the seeds' form) unless the seconds are a whole minute: ``00:12:00``
    could be the MM:SS:00 mode's 12 seconds, so a whole minute is ``MM:SS`` (``12:00``,
    minutes past 59 as ``71:00``). What ``seedparse fix`` writes.

    Example:
        >>> sure_clock(231), sure_clock(720), sure_clock(4260)
        ('00:03:51', '12:00', '71:00')
    """
    if seconds % 60 and seconds < IMPLAUSIBLE_HOURS * 3600:
        return format_clock(seconds)
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def _clock(text: str) -> tuple[int, int] | None:
    """``(seconds, hours)`` of a clock value, or ``None``; remembered for short texts.

    A document reads each anchor's values several times (its ``seconds``, the checks,
    the JSON), and real files repeat the same few hundred values.
    """
    return _read_clock(text) if len(text) <= _CACHED_LENGTH else _read_clock.__wrapped__(text)


#: Clock values are short; longer texts are read every time rather than kept in the cache.
_CACHED_LENGTH = 24


@functools.lru_cache(maxsize=4096)
def _read_clock(text: str) -> tuple[int, int] | None:
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        return None
    hours = int(match["h"]) if match["h"] is not None else 0
    minutes = hours * 60 + int(match["hm"]) if match["h"] is not None else int(match["m"])
    return minutes * 60 + int(match["s"]), hours


class Timestamp(ComputedNode):
    """A timestamp: a ``yt-timestamp`` anchor, or a bare clock ``[00:12:00]`` written as text.

    ``data_t`` and ``display`` are kept exactly as written (they disagree in real
    files); ``reading`` says how the note's clock is read (the generator's
    MM:SS:00 mode, hundredths...), and ``seconds`` is what the player seeks: the
    ``data-t`` value under that reading, or the display when ``data-t`` has no
    sure reading. Built in code without a ``reading``, a timestamp reads its
    values on their own. Timestamps order by ``seconds``.

    Example:
        >>> ts = Timestamp(data_t="00:12:00", display="00:12:00")
        >>> ts.seconds, ts.reading, ts.url("KL4O_d7AlvQ")
        (720, 'clock', 'https://www.youtube.com/watch?v=KL4O_d7AlvQ&t=720s')
        >>> Timestamp(data_t="03:51:00", display="03:51:00", reading="mmss00").seconds
        231
        >>> str(Timestamp(data_t=None, display="00:00:17", bare=True))
        '[00:00:17]'
    """

    type: Literal["timestamp"] = "timestamp"
    data_t: str | None = Field(description="The data-t attribute as written; null when the anchor has none.")
    display: str = Field(
        description="The display text between the brackets, as written; empty when the anchor shows none."
    )
    reading: Reading | None = Field(
        default=None,
        description="How the seconds were read: clock, mmss00 (the generator's MM:SS:00 mode), hmmss00, "
        "centiseconds, milliseconds, or display (data-t unreadable); null when no reading is sure.",
    )
    bare: bool = Field(default=False, description="True for a clock written as plain text, [00:12:00], with no anchor.")
    bracketed: bool = Field(
        default=True, description="Whether the display is written in brackets, [00:12:00] (the usual form)."
    )
    wikilink: WikiLink | None = Field(
        default=None, description="A wiki-link written as the whole display, <a ...>[[note]]</a>; else null."
    )

    @model_validator(mode="before")
    @classmethod
    def _read_alone(cls, data: Any) -> Any:
        """Give a timestamp built without a ``reading`` the reading of its values on their own."""
        if isinstance(data, dict) and "reading" not in data:
            display = data.get("display")
            data_t = data.get("data_t")
            if isinstance(display, str) and (data_t is None or isinstance(data_t, str)):
                return {**data, "reading": reading_of(data_t, display)}
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def seconds(self) -> int | None:
        """Seconds into the video the player seeks to, or ``None`` if no reading is sure."""
        reading = self.reading
        if reading is None:
            return None
        if reading != "display" and self.data_t is not None:
            value = read_value(self.data_t, reading)
            if value is not None:
                return value
        return read_value(self.display, reading)

    @property
    def display_seconds(self) -> int | None:
        """Seconds the display text means (under the timestamp's reading if it fits), or ``None``."""
        if self.reading not in (None, "display", "clock"):
            value = read_value(self.display, self.reading)
            if value is not None:
                return value
        return parse_clock(clean_value(self.display))

    def __str__(self) -> str:
        return f"[{self.display or self.data_t or ''}]"

    def url(self, video_id: str) -> str:
        """Return the YouTube deep link to this moment of ``video_id``.

        Raises:
            ValueError: if the timestamp has no readable seconds.
        """
        if self.seconds is None:
            raise ValueError(f"timestamp {self.data_t!r} has no readable seconds")
        return f"https://www.youtube.com/watch?v={video_id}&t={self.seconds}s"

    def _key(self) -> int:
        return -1 if self.seconds is None else self.seconds

    # Ordering compares seconds only; equality stays structural (two anchors at
    # the same second are equally early, but not the same node).
    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Timestamp):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Timestamp):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Timestamp):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Timestamp):
            return NotImplemented
        return self._key() >= other._key()

    def __hash__(self) -> int:
        return hash((self.data_t, self.display, self.reading, self.bare, self.span))


class TimestampRange(Node):
    """Two timestamps joined by a range separator, e.g. ``[00:12:00] - [00:12:21]``.

    Example:
        >>> r = TimestampRange(start=Timestamp(data_t="00:12:00", display="00:12:00"),
        ...                    end=Timestamp(data_t="00:12:21", display="00:12:21"), separator=" - ")
        >>> r.duration
        21
    """

    type: Literal["timestamp_range"] = "timestamp_range"
    start: Timestamp = Field(description="Where the range starts.")
    end: Timestamp = Field(description="Where the range ends.")
    separator: str = Field(description="The separator as written between the two anchors, e.g. ' - ' or '-'.")

    @property
    def duration(self) -> int | None:
        """Seconds from start to end, or ``None`` if either is unreadable."""
        if self.start.seconds is None or self.end.seconds is None:
            return None
        return self.end.seconds - self.start.seconds

    @property
    def reversed(self) -> bool:
        """Whether the range ends before it starts."""
        duration = self.duration
        return duration is not None and duration < 0
