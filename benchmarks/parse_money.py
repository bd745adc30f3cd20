"""Time parsing every real fact sheet in one process (the money model runs inside the parse).

    .venv/bin/python -m benchmarks.parse_money [--shared ../shared]

Prints the file count, the dollar figures found, the wall time and the CPU time (steadier on a
busy machine): the figure the money work is
held to (parsing all real files may not get more than 25% slower).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bot.ingest import parse_file
from bot.ingest._errors import ParseError

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    files = sorted((args.shared / "corpus").glob("*.md")) + sorted((args.shared / "wh-factsheets").rglob("*.md"))
    figures = failed = 0
    start, cpu = time.perf_counter(), time.process_time()
    for path in files:
        try:
            figures += len(parse_file(path).funding)
        except ParseError:
            failed += 1
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"{len(files)} files ({failed} not fact sheets), {figures} dollar figures, {elapsed:.2f} s wall, {cpu:.2f} s CPU")


if __name__ == "__main__":
    main()
