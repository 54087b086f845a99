"""Time and peak memory of hostile inputs, per byte of input (``make bench-hostile``).

Issue 15 asks that every hostile input parse within 10 times the CPU time of an
ordinary document of the same size, and within 100 bytes of peak memory per byte of
input (over the interpreter's own). The inputs are those the issue lists and every
adversarial input of ``tests/test_hostile.py``, each built at each size (400 KB and
4 MB by default), and ``from_json`` of the JSON of a document of many children (per
byte of that JSON). For each, one line:

- its CPU time (``time.process_time``; the median of ``--rounds`` runs, interleaved
  with as many runs of the ordinary document of the same size, so that a busy machine
  slows both alike) as a multiple of the ordinary document's: the ratio of their times
  per byte;
- the peak of the memory Python allocated while parsing it (:mod:`tracemalloc`, in a
  run of its own: tracing slows a parse down), in bytes per byte of input, and what the
  result still holds when the parse is done.

An input over a bound is marked ``OVER``; the script exits 1 if any is. The per-node
cost is set by the document's pydantic models (about 500-900 bytes a node, a span
another 120): an input that is a node every byte or two (``*_``, ``## h`` headings,
short lines) needs the plain-data tree of the lean-core redesign to meet the memory
bound, and a parse that makes a node per byte takes more than 10 times as long as
one of ordinary text, which makes a node every 60 to 100 bytes.

Usage::

    python benchmarks/hostile.py [--sizes 400000,4000000] [--rounds 3] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import functools
import gc
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the adversarial inputs are the tests' own

from tests.test_hostile import ADVERSARIAL, HEAD, _fill, ordinary  # noqa: E402

import seedparse  # noqa: E402

#: Every input the benchmark parses: the tests' adversarial ones (the issue's among them) and
#: the issue's headings (the tests time those apart).
INPUTS: dict[str, Callable[[int], str]] = {**ADVERSARIAL, "## h headings": lambda n: _fill(HEAD, "## h\n\n", n)}
#: The JSON ``from_json`` reads: that of a note of wiki-links on one line (a node every 3 bytes).
FROM_JSON = "from_json of a note of wiki-links"

TIME_BOUND = 10.0
MEMORY_BOUND = 100.0


def cpu_seconds(function: Callable[[], object]) -> float:
    """The CPU time ``function()`` takes, after a collection (so that earlier garbage is not charged)."""
    gc.collect()
    started = time.process_time()
    function()
    return time.process_time() - started


def peak(function: Callable[[], object]) -> tuple[int, int]:
    """The peak bytes traced while ``function()`` runs, and those its result still holds."""
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    result = function()
    held, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del result
    return top - base, held - base


def measure(
    target: Callable[[], object], size: int, reference: Callable[[], object], rounds: int
) -> tuple[float, float, float, float]:
    """CPU-time ratio to ``reference``, its seconds, peak and held bytes per byte of input."""
    mine: list[float] = []
    theirs: list[float] = []
    for i in range(rounds):
        pair = (target, reference) if i % 2 == 0 else (reference, target)
        first, second = cpu_seconds(pair[0]), cpu_seconds(pair[1])
        (mine if pair[0] is target else theirs).append(first)
        (theirs if pair[0] is target else mine).append(second)
    seconds = statistics.median(mine)
    ratio = seconds / max(statistics.median(theirs), 1e-9)
    top, held = peak(target)
    return ratio, seconds, top / size, held / size


def main(argv: list[str] | None = None) -> int:
    """Measure every input at every size; print one line each; return 1 if any is over a bound."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="400000,4000000", help="sizes in bytes, comma-separated")
    parser.add_argument("--rounds", type=int, default=3, help="timed runs of each input and of its reference")
    parser.add_argument("--only", nargs="*", default=[], help="only the inputs whose names contain one of these")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    names = [*INPUTS, FROM_JSON]
    if args.only:
        names = [name for name in names if any(part in name for part in args.only)]
    over = 0
    print(f"{'input':40} {'size':>8}  {'time':>7} {'CPU':>8}  {'peak':>9} {'held':>7}", flush=True)
    for size in sizes:
        plain = ordinary(size)
        for name in names:
            if name == FROM_JSON:
                document = seedparse.parse_lenient(INPUTS["wiki-links on one line"](size)).document
                assert document is not None
                data = seedparse.to_json(document)
                del document
                # The reference: from_json of an ordinary note's JSON of the same length.
                per_byte = len(seedparse.to_json(seedparse.parse(plain))) / len(plain)
                roomy = seedparse.Limits(max_size=1 << 40)  # the reference note may pass the 16 MiB limit
                reference = seedparse.to_json(seedparse.parse(ordinary(int(len(data) / per_byte)), limits=roomy))
                length = len(data.encode())
                target = functools.partial(seedparse.from_json, data, max_size=1 << 40)
                ratio, seconds, top, held = measure(
                    target, length, functools.partial(seedparse.from_json, reference, max_size=1 << 40), args.rounds
                )
            else:
                text = INPUTS[name](size)
                length = len(text.encode())
                ratio, seconds, top, held = measure(
                    functools.partial(seedparse.parse_lenient, text),
                    length,
                    functools.partial(seedparse.parse_lenient, plain),
                    args.rounds,
                )
            bad = ratio > TIME_BOUND or top > MEMORY_BOUND
            over += bad
            print(
                f"{name:40} {length / 1e3:6.0f}kB  {ratio:6.1f}x {seconds:7.2f}s  {top:7.1f}B/B {held:6.1f}  "
                f"{'OVER' if bad else 'ok'}",
                flush=True,
            )
    print(f"{over} of {len(names) * len(sizes)} over a bound ({TIME_BOUND:g}x time, {MEMORY_BOUND:g} B/B peak)")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
