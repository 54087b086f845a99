"""Peak memory of parsing a 10 MB input, as a multiple of the input's size (``make bench-memory``).

Issue 6 asks that a 10 MB input never needs more than 20 times its size. Each
input below is about 10 MB of UTF-8; the script parses it with
:func:`seedparse.parse_lenient` under :mod:`tracemalloc` and prints the peak of
the memory Python allocated during the parse, beyond the input itself, and its
ratio to the input's size, with the part the returned document still holds (its
models and spans: most of it). It exits 1 when a ratio reaches the bound.

Usage::

    python benchmarks/memory.py [--size BYTES] [--bound 20]
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import seedparse

_HEAD = "---\ntitle: A note\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[chan]] <br/>\n\n"
_SENTENCE = "The speaker explains how the system works, and why it matters for everyone here. "
_PARAGRAPH = _SENTENCE * 4 + 'See [[Some note]] at <a class="yt-timestamp" data-t="00:01:02">[01:02]</a>.\n\n'


def _repeat(head: str, unit: str, size: int) -> str:
    return head + unit * max(1, (size - len(head.encode())) // len(unit.encode()))


def _seed_body() -> str:
    """The body of the first transcript seed (after its front matter and From: line): real density."""
    text = (Path(__file__).resolve().parent.parent / "seeds" / "000_9e40aab2472b4316.txt").read_text(encoding="utf-8")
    return text.split("\n\n", 2)[2] + "\n\n"


#: Each input, built at a given size in bytes.
INPUTS: dict[str, Callable[[int], str]] = {
    "transcript, sections of paragraphs": lambda size: _repeat(_HEAD, "## Section\n\n" + _PARAGRAPH * 20, size),
    "transcript, the first seed's body repeated": lambda size: _repeat(_HEAD, _seed_body(), size),
    "transcript, one 10 MB line": lambda size: _repeat(_HEAD, "word ", size),
    "transcript, Cyrillic paragraphs": lambda size: _repeat(_HEAD, "Привет, мир: [[заметка]] и текст.\n\n", size),
    "article, paragraphs": lambda size: (
        _repeat("# Title\n\nJanuary 02, 2024\n\n", _PARAGRAPH, size - 40) + "Original url: https://example.com/a\n"
    ),
}


def peak(text: str) -> tuple[int, int, float]:
    """The peak bytes traced while parsing ``text``, those the document still holds, and the seconds taken."""
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    started = time.perf_counter()
    result = seedparse.parse_lenient(text)
    elapsed = time.perf_counter() - started
    gc.collect()
    held, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.document is not None, result.diagnostics[:3]
    return top - base, held - base, elapsed


def main(argv: list[str] | None = None) -> int:
    """Measure every input; print one line each; return 1 if any ratio reaches the bound."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000_000, help="input size in bytes (default 10 MB)")
    parser.add_argument("--bound", type=float, default=20.0, help="the largest ratio allowed (default 20)")
    args = parser.parse_args(argv)
    worst = 0.0
    for name, build in INPUTS.items():
        text = build(args.size)
        size = len(text.encode("utf-8"))
        top, held, elapsed = peak(text)
        ratio = top / size
        worst = max(worst, ratio)
        print(
            f"{name:44} {size / 1e6:6.2f} MB  peak {top / 1e6:8.1f} MB  {ratio:5.2f}x  "
            f"(the document holds {held / size:5.2f}x; {elapsed:.1f} s traced)",
            flush=True,
        )
        del text
    print(f"worst ratio {worst:.2f}x, bound {args.bound:g}x: {'ok' if worst < args.bound else 'OVER'}")
    return 0 if worst < args.bound else 1


if __name__ == "__main__":
    sys.exit(main())
