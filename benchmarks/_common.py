"""Paths, cache keys, percentiles and memory readings shared by the benchmark steps."""

from __future__ import annotations

import hashlib
import json
import math
import os
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = PROJECT_ROOT.parent / "shared"
REAL_CORPUS = SHARED_DIR / "corpus"
WH_FACTSHEETS = SHARED_DIR / "wh-factsheets"
CACHE_DIR = Path(__file__).resolve().parent / ".cache"
SEED = 0

# Source files whose changes make a cached database stale: what decides the stored content (the
# parser, the schema, the records, the generator). Store and pipeline speed-ups keep the content,
# so they do not force a rebuild; run with --fresh to re-measure ingest after changing them.
_CODE_GLOBS = ("bot/ingest/*.py", "bot/store/_schema.py", "bot/model.py", "benchmarks/synth.py")


@dataclass(frozen=True, slots=True)
class SizeSpec:
    """One corpus to measure: the real fact sheets, or N synthetic ones plus the 40-sheet corpus."""

    name: str  # "real", "1k", "10k", "50k"
    synthetic: int  # number of generated sheets (0 for the real corpus)

    @property
    def label(self) -> str:
        if not self.synthetic:
            return "real (corpus + wh-factsheets)"
        return f"{self.synthetic:,} synthetic + 40 real"


def parse_size(name: str) -> SizeSpec:
    """"real", "1k", "10k", "50k", "2500" → a SizeSpec; ValueError for anything else."""
    text = name.strip().lower()
    if text == "real":
        return SizeSpec("real", 0)
    number = text[:-1] if text.endswith("k") else text
    if not number.isdigit() or int(number) < 1:
        raise ValueError(f"{name!r} is not a size (real, 1k, 10k, 50k or a number of sheets)")
    count = int(number) * (1000 if text.endswith("k") else 1)
    return SizeSpec(text, count)


def code_version() -> str:
    """A short hash of the code that decides what a database holds."""
    digest = hashlib.sha256()
    for pattern in _CODE_GLOBS:
        for path in sorted(PROJECT_ROOT.glob(pattern)):
            digest.update(path.relative_to(PROJECT_ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation between closest ranks; NaN if empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * q / 100.0
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summary_ms(seconds: Iterable[float]) -> dict[str, float]:
    """p50, p99, max and mean of timings given in seconds, in milliseconds."""
    values = [s * 1000.0 for s in seconds]
    if not values:
        return {"n": 0, "p50": math.nan, "p99": math.nan, "max": math.nan, "mean": math.nan}
    return {
        "n": len(values),
        "p50": percentile(values, 50),
        "p99": percentile(values, 99),
        "max": max(values),
        "mean": statistics.fmean(values),
    }


def memory_kib() -> dict[str, int]:
    """This process's resident memory now (VmRSS) and at its peak so far (VmHWM), in KiB."""
    found: dict[str, int] = {}
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    found[key] = int(value.split()[0])
    except OSError:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        found = {"VmRSS": peak, "VmHWM": peak}
    return found


def write_json(path: Path, data: Any) -> None:
    """Write atomically, so an interrupted run never leaves a half-written cache entry."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".partial")
    partial.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(partial, path)


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))
