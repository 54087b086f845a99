"""Speed of seedparse against markdown-it-py on the seeds and a synthetic corpus.

Run with ``make bench`` (or ``python benchmarks/bench.py [--docs N] [--rounds R] [--part P]...``).
Every time is per document and printed as a ratio to markdown-it-py's
``MarkdownIt("commonmark").parse`` of the same text, measured in the same run:

- ``parse``: :func:`seedparse.parse_lenient` (parse, build the models, run every check);
- ``parse+json``: the same, then :func:`seedparse.to_json`;
- ``reference``: ``parse+json`` on the markdown-it-py path (``fast=False``), when the
  installed seedparse has the option;
- ``floor``: one ``re.finditer`` pass for wiki-links and timestamps;
- for each seed, what its models cost without any parsing: ``floor: json only`` (the
  finished document's JSON) and ``floor: N nodes`` (building as many nodes with spans).

It also prints the peak memory (max RSS) of a process that parses the corpus, the share
of the corpus that takes the fast path, and the throughput of ``seedparse export`` over it.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from markdown_it import MarkdownIt

import seedparse

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SHARED_CORPUS = ROOT / "tests" / "data" / "corpus"
#: The floor: what any parser has to do at least (find the links and the anchors).
FLOOR = re.compile(r"!?\[\[[^\]\n]*\]\]|<a [^>]*yt-timestamp[^>]*>[^<]*</a>")
HAS_FAST = "fast" in inspect.signature(seedparse.parse_lenient).parameters


def corpus_sources() -> list[str]:
    """The seeds and the shared corpus files, as texts."""
    paths = list(SEEDS)
    if SHARED_CORPUS.is_dir():
        paths += sorted(p for p in SHARED_CORPUS.rglob("*.md") if p.name not in ("MANIFEST.md", "SOURCES.md"))
    return [p.read_text(encoding="utf-8") for p in paths]


def iter_synthetic(count: int) -> Iterator[str]:
    """``count`` distinct documents, made one at a time: the sources in turn, each with a numbered paragraph added."""
    sources = corpus_sources()
    for i in range(count):
        text = sources[i % len(sources)]
        yield text.rstrip("\n") + f"\n\nSynthetic copy number {i} of this document, for the benchmark.\n"


def synthetic_corpus(count: int) -> list[str]:
    """The documents of :func:`iter_synthetic`, as a list."""
    return list(iter_synthetic(count))


def per_doc(fns: dict[str, Callable[[str], object]], texts: list[str], rounds: int, repeat: int) -> dict[str, float]:
    """Per function: the median over ``rounds`` of the mean time per document (seconds).

    Each round times every function in turn, so that a slow moment of the machine
    falls on all of them rather than on one ratio.
    """
    results: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            start = time.perf_counter()
            for _ in range(repeat):
                for text in texts:
                    fn(text)
            results[name].append((time.perf_counter() - start) / (repeat * len(texts)))
    return {name: statistics.median(times) for name, times in results.items()}


def measures() -> dict[str, Callable[[str], object]]:
    """The functions timed, by name."""
    md = MarkdownIt("commonmark")

    def parse(text: str) -> object:
        return seedparse.parse_lenient(text)

    def parse_json(text: str) -> object:
        document = seedparse.parse_lenient(text).document
        return seedparse.to_json(document) if document is not None else None

    def floor(text: str) -> object:
        return sum(1 for _ in FLOOR.finditer(text))

    found: dict[str, Callable[[str], object]] = {
        "markdown-it": md.parse,
        "parse": parse,
        "parse+json": parse_json,
    }
    if HAS_FAST:

        def reference(text: str) -> object:
            document = seedparse.parse_lenient(text, fast=False).document
            return seedparse.to_json(document) if document is not None else None

        found["reference parse+json"] = reference
    found["floor"] = floor
    return found


def model_floors(text: str) -> dict[str, Callable[[str], object]]:
    """What the models cost ``text``'s document without any parsing: its JSON, and building its nodes.

    Any parser that gives this document pays these at least: ``json only`` serialises the
    finished document; ``N nodes`` builds as many text nodes with spans as it has nodes,
    without validating them (as the fast path does).
    """
    try:
        from seedparse.inlines import Text
        from seedparse.nodes import build_trusted
        from seedparse.spans import make_span
    except ImportError:  # older versions: no trusted construction to time
        return {}
    document = seedparse.parse_lenient(text).document
    if document is None:
        return {}
    nodes = seedparse.to_json(document).count('"span":')  # every node has a span

    def json_only(_: str) -> object:
        return seedparse.to_json(document)

    def build_nodes(_: str) -> object:
        return [build_trusted(Text, text="x", span=make_span(1, 1, 1, 2)) for _ in range(nodes)]

    return {"floor: json only": json_only, f"floor: {nodes} nodes": build_nodes}


def report(label: str, texts: list[str], rounds: int, repeat: int) -> dict[str, float]:
    """Time every measure on ``texts`` and print the ratios to markdown-it-py."""
    fns = measures()
    if len(texts) == 1:
        fns.update(model_floors(texts[0]))
    times = per_doc(fns, texts, rounds, repeat)
    baseline = times["markdown-it"]
    print(f"\n{label}  (markdown-it-py parse: {baseline * 1e3:.3f} ms per document)")
    for name, seconds in times.items():
        print(f"  {name:<24} {seconds * 1e3:8.3f} ms   {seconds / baseline:6.3f}x")
    return {name: seconds / baseline for name, seconds in times.items()}


def fast_share(texts: list[str]) -> str:
    """How many of ``texts`` the fast path takes (when the installed seedparse has one)."""
    try:
        from seedparse.parsing.detect import takes_fast_path  # optional: only newer versions have it
    except ImportError:
        return "no fast path in this version"
    taken = sum(takes_fast_path(text) for text in texts)
    return f"{taken}/{len(texts)} ({100 * taken / len(texts):.0f}%)"


def peak_memory(count: int) -> int:
    """Max RSS (KiB) of a fresh process that parses ``count`` corpus documents, one at a time."""
    # VmHWM, not ru_maxrss: the latter survives exec, so it would report this (big) process.
    code = (
        "import re, sys\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "import bench, seedparse\n"
        "def hwm():\n"
        "    with open('/proc/self/status') as status:\n"
        "        return int(re.search(r'VmHWM:\\s+(\\d+)', status.read())[1])\n"
        "base = hwm()\n"
        "for text in bench.iter_synthetic(int(sys.argv[2])):\n"
        "    seedparse.to_json(seedparse.parse_lenient(text).document)\n"
        "print(base, hwm())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(Path(__file__).parent), str(count)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return int(out[1])


#: Runs ``seedparse export`` in this process and prints the peak RSS (KiB) of this process
#: and of its largest worker (its children: the process pool's workers, reaped at its end).
_EXPORT = (
    "import re, resource, sys\n"
    "from seedparse.cli import main\n"
    "try:\n"
    "    main(sys.argv[1:], prog_name='seedparse')\n"
    "except SystemExit:\n"
    "    pass\n"
    "with open('/proc/self/status') as status:\n"
    "    own = int(re.search(r'VmHWM:\\s+(\\d+)', status.read())[1])\n"
    "print(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def write_corpus(folder: Path, texts: Iterable[str]) -> tuple[int, int]:
    """Write ``texts`` as numbered files in ``folder``; their count and total bytes."""
    folder.mkdir()
    count = size = 0
    for count, text in enumerate(texts, 1):
        data = text.encode("utf-8")
        size += len(data)
        (folder / f"{count:06d}.md").write_bytes(data)
    return count, size


def export_run(folder: Path, jobs: int | None) -> tuple[float, int, int]:
    """Seconds of ``seedparse export`` over ``folder``; peak RSS (KiB) of its main process and largest worker."""
    command = [sys.executable, "-c", _EXPORT, "export", str(folder), "-o", str(folder.parent / "out.jsonl")]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    start = time.perf_counter()
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout.split()
    seconds = time.perf_counter() - start
    return seconds, int(out[-2]), int(out[-1])


#: The parts of the benchmark, in the order they run.
PARTS = ["seeds", "corpus", "memory", "export"]


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000, help="synthetic corpus size (default 10000)")
    parser.add_argument("--rounds", type=int, default=15, help="rounds per seed measurement (median taken)")
    parser.add_argument("--repeat", type=int, default=20, help="parses per seed per round")
    parser.add_argument("--json", metavar="FILE", help="also write the ratios as JSON")
    parser.add_argument(
        "--part",
        action="append",
        choices=PARTS,
        help="run only this part (repeatable; default: all of " + ", ".join(PARTS) + ")",
    )
    args = parser.parse_args()
    parts = args.part or PARTS

    print(f"seedparse {seedparse.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    results: dict[str, object] = {}
    if "seeds" in parts:
        for seed in SEEDS:
            text = seed.read_text(encoding="utf-8")
            results[seed.name] = report(seed.name, [text], args.rounds, args.repeat)
    corpus = synthetic_corpus(args.docs)
    if "corpus" in parts:
        results["corpus"] = report(f"synthetic corpus of {len(corpus)} documents", corpus, 1, 1)
        share = fast_share(corpus_sources())
        print(f"\nfast path taken by the seeds and ../shared/corpus: {share}")
        results["fast_share"] = share
    if "memory" in parts:
        rss = peak_memory(args.docs)
        print(f"peak memory (max RSS) parsing + exporting {args.docs} documents one at a time: {rss / 1024:.1f} MiB")
        rss_double = peak_memory(2 * args.docs)
        print(f"  and {2 * args.docs} documents: {rss_double / 1024:.1f} MiB ({rss_double / rss:.2f}x)")
        results["peak_rss_kib"] = rss
    if "export" in parts:
        export_figures(corpus, args.docs, results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def export_figures(corpus: list[str], docs: int, results: dict[str, object]) -> None:
    """Time ``seedparse export`` over ``corpus`` and measure its memory at ``docs`` and twice as many documents."""
    help_text = subprocess.run(
        [sys.executable, "-m", "seedparse", "export", "--help"], capture_output=True, text=True, check=False
    ).stdout
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        count, size = write_corpus(folder, corpus)
        seconds_by_jobs: dict[int | None, float] = {}
        for jobs in (1, 2) if "--jobs" in help_text else (None,):
            # Best of three: the speedup compares the commands, not the machine's other load.
            runs = [export_run(folder, jobs) for _ in range(3)]
            seconds = min(run[0] for run in runs)
            seconds_by_jobs[jobs] = seconds
            main_kib, worker_kib = runs[0][1], runs[0][2]
            label = "" if jobs is None else f" --jobs {jobs}"
            print(
                f"seedparse export{label} over {count} documents: {seconds:.1f} s, {count / seconds:.0f} docs/s, "
                f"{size / seconds / 1e6:.2f} MB/s; peak RSS {main_kib / 1024:.1f} MiB"
                + (f", largest worker {worker_kib / 1024:.1f} MiB" if worker_kib else "")
            )
            results[f"export{label.replace(' ', '_')}_docs_per_s"] = count / seconds
        if 1 in seconds_by_jobs and 2 in seconds_by_jobs:
            speedup = seconds_by_jobs[1] / seconds_by_jobs[2]
            print(f"  --jobs 2 is {speedup:.2f}x as fast as --jobs 1")
            results["export_jobs_2_speedup"] = speedup
            # Streaming: the same command over twice as many documents holds no more memory.
            double = Path(tmp) / "double"
            write_corpus(double, iter_synthetic(2 * docs))
            small = export_run(folder, 2)
            large = export_run(double, 2)
            print(
                f"  export --jobs 2 peak RSS, {count} vs {2 * count} documents: main process "
                f"{small[1] / 1024:.1f} vs {large[1] / 1024:.1f} MiB ({large[1] / small[1]:.3f}x), largest worker "
                f"{small[2] / 1024:.1f} vs {large[2] / 1024:.1f} MiB ({large[2] / small[2]:.3f}x)"
            )
            results["export_peak_rss_ratio_2x_docs"] = max(large[1] / small[1], large[2] / small[2])


if __name__ == "__main__":
    main()
