"""YouTube timestamp anchors: ``<a class="yt-timestamp" data-t="00:12:00">[00:12:00]</a>``."""

from __future__ import annotations

import functools
import re
from typing import Literal

from pydantic import Field, computed_field

from seedparse.nodes import ComputedNode, Node

__all__ = ["Timestamp", "TimestampRange", "format_clock", "parse_clock"]

_CLOCK = re.compile(
    r"""
    (?:(?P<h>\d{1,2}):(?P<hm>[0-5]\d)   # H:MM or HH:MM before the seconds, or ...
      |(?P<m>\d{1,4}))                  # ... minutes alone, which may exceed 59 (71:12)
    :(?P<s>[0-5]\d)                     # seconds, always two digits
    """,
    re.VERBOSE | re.ASCII,
)

#: A clock value with this many hours or more is implausible for a video: it is
#: what the generator's ``MM:SS:00`` bug produces (``51:03:00`` for 51:03).
IMPLAUSIBLE_HOURS = 10


def parse_clock(text: str) -> int | None:
    """Return the seconds a clock value means, or ``None`` if it is not one.

    Accepts ``MM:SS`` (minutes may exceed 59), ``M:SS``, ``H:MM:SS`` and
    ``HH:MM:SS``; surrounding spaces are ignored.

    Example:
        >>> parse_clock("00:12:00"), parse_clock("71:12"), parse_clock("0:0:55:00")
        (720, 4272, None)
    """
    clock = _clock(text)
    return None if clock is None else clock[0]


def format_clock(seconds: int) -> str:
    """Format seconds as ``HH:MM:SS``, the form seed files use.

    Example:
        >>> format_clock(720)
        '00:12:00'
    """
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def clock_hours(text: str) -> int:
    """Return the hour part of an ``H:MM:SS`` clock value, 0 for other forms."""
    clock = _clock(text)
    return 0 if clock is None else clock[1]


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
    """A timestamp anchor: the ``data-t`` value and the display text, kept apart.

    The two disagree in real files, so both are kept as written. ``seconds`` is
    what the player seeks: read from ``data-t``, or from the display text when
    ``data-t`` cannot be read. Timestamps order by ``seconds``.

    Example:
        >>> ts = Timestamp(data_t="00:12:00", display="00:12:00")
        >>> ts.seconds, ts.url("KL4O_d7AlvQ")
        (720, 'https://www.youtube.com/watch?v=KL4O_d7AlvQ&t=720s')
    """

    type: Literal["timestamp"] = "timestamp"
    data_t: str | None = Field(description="The data-t attribute as written; null when the anchor has none.")
    display: str = Field(
        description="The display text between the brackets, as written; empty when the anchor shows none."
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def seconds(self) -> int | None:
        """Seconds into the video the player seeks to, or ``None`` if unreadable."""
        if self.data_t is not None:
            value = parse_clock(self.data_t)
            if value is not None:
                return value
        return parse_clock(self.display)

    @property
    def display_seconds(self) -> int | None:
        """Seconds the display text means, or ``None`` if it is empty or unreadable."""
        return parse_clock(self.display)

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
        return hash((self.data_t, self.display, self.span))


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
