"""What seedparse does, in one screen: ``make demo`` runs this script.

It validates the seed files with the ``seedparse`` command, then shows an excerpt of a
transcript note's JSON and a timestamp as a link into the video.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import seedparse

ROOT = Path(__file__).resolve().parent.parent
NOTE = Path("seeds") / "000_9e40aab2472b4316.txt"
#: The ``seedparse`` console script of the Python running this script.
SEEDPARSE = str(Path(sys.executable).with_name("seedparse"))
#: Each code's count over seeds/, then one of the diagnostics in full (its source line and column).
COMMANDS = [["validate", "--statistics", "seeds"], ["validate", "--select", "SP402", "seeds"]]


def without_spans(value: Any) -> Any:
    """JSON data with every ``span`` left out, to keep the excerpt short."""
    if isinstance(value, dict):
        return {key: without_spans(item) for key, item in value.items() if key != "span"}
    if isinstance(value, list):
        return [without_spans(item) for item in value]
    return value


def main() -> int:
    """Print the demo; return the highest exit status of the ``seedparse`` commands."""
    status = 0
    for command in COMMANDS:
        print(f"$ seedparse {' '.join(command)}", flush=True)
        status = max(status, subprocess.run([SEEDPARSE, *command], cwd=ROOT, check=False).returncode)
        print()

    note = seedparse.parse_file(ROOT / NOTE, format="transcript")
    data = json.loads(seedparse.to_json(note))
    excerpt = {key: data[key] for key in ("kind", "schema_version", "title", "video_id")}
    excerpt["channel"] = without_spans(data["channel"])
    excerpt["sections"] = f"... {len(note.sections)} sections"
    print(f"$ seedparse parse {NOTE}   # an excerpt of its JSON (spans left out)")
    print(json.dumps(excerpt, indent=2, ensure_ascii=False))

    timestamps = list(note.timestamps())
    if timestamps and note.video_id is not None:
        first = timestamps[0]
        print(f"\n{len(timestamps)} timestamps; the first, {first}, links to {first.url(note.video_id)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
