"""Corpora on disk, their databases (built by the real ``briefbot ingest``) and the parse floor.

Each size gets one database under ``benchmarks/.cache/db``, keyed by size, seed and a hash of
the parser/store/pipeline code, so a re-run reuses it (and the ingest figures measured when it
was built) until that code changes. Synthetic sizes hold N generated sheets plus the 40-sheet
real corpus, so the query-quality cases can be checked against the same database.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from benchmarks import synth
from benchmarks._common import (
    CACHE_DIR,
    PROJECT_ROOT,
    REAL_CORPUS,
    SEED,
    WH_FACTSHEETS,
    SizeSpec,
    code_version,
    read_json,
    write_json,
)

FLOOR_SAMPLE_CAP = 10_000  # the parse floor is timed on at most this many files, evenly spread
_SUMMARY = re.compile(r"(\d+) files? in ([\d.]+) s: (\d+) added, (\d+) updated, (\d+) unchanged, (\d+) rejected")


@dataclass(frozen=True, slots=True)
class BuiltCorpus:
    spec: SizeSpec
    db_path: Path
    paths: tuple[Path, ...]  # what was ingested
    ingest: dict[str, Any]  # figures measured when the database was built
    cached: bool  # True when the database (and its figures) came from an earlier run


def synthetic_dir(count: int, seed: int = SEED) -> Path:
    """The generated sheets for one size (written on first use, then reused)."""
    out = CACHE_DIR / "corpora" / f"synth-{count}-seed{seed}-{_synth_version()}"
    return synth.write_corpus(out, count, seed)


def _synth_version() -> str:
    import hashlib

    return hashlib.sha256(Path(synth.__file__).read_bytes()).hexdigest()[:8]


def source_paths(spec: SizeSpec) -> tuple[Path, ...]:
    if spec.synthetic:
        return (synthetic_dir(spec.synthetic), REAL_CORPUS)
    return (REAL_CORPUS, WH_FACTSHEETS)


def database(spec: SizeSpec, *, fresh: bool = False, log: Callable[[str], None] = print) -> BuiltCorpus:
    """The size's database, built now (ingest and parse floor timed) unless a valid one is cached."""
    key = f"{spec.name}-seed{SEED}-{code_version()}"
    db_dir = CACHE_DIR / "db"
    db_path = db_dir / f"{key}.db"
    figures_path = db_dir / f"{key}.ingest.json"
    paths = source_paths(spec)
    if not fresh and db_path.exists() and figures_path.exists():
        return BuiltCorpus(spec, db_path, paths, read_json(figures_path), cached=True)
    db_dir.mkdir(parents=True, exist_ok=True)
    for stale in db_dir.glob(f"{spec.name}-seed*"):  # older code versions of this size, or a partial build
        stale.unlink()
    log(f"[{spec.name}] ingesting {', '.join(_short(p) for p in paths)} into {_short(db_path)} …")
    figures = run_ingest(db_path, paths)
    log(f"[{spec.name}] ingest: {figures['files']:,} files in {figures['seconds']:.1f} s "
        f"({figures['docs_per_second']:.0f}/s); timing the parse floor …")
    figures["floor"] = parse_floor(paths)
    figures["built_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    write_json(figures_path, figures)
    return BuiltCorpus(spec, db_path, paths, figures, cached=False)


def _short(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT.parent))
    except ValueError:
        return str(path)


def ingest_command(db_path: Path, paths: Sequence[Path]) -> list[str]:
    return [sys.executable, "-m", "bot", "--db", str(db_path), "ingest", *map(str, paths)]


def quiet_env(empty_seeds: Path) -> dict[str, str]:
    """The environment for a benchmark subprocess: no developer settings, no bundled seed sheet."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "DISCORD_"))}
    empty_seeds.mkdir(parents=True, exist_ok=True)
    env["BRIEFBOT_SEEDS"] = str(empty_seeds)  # an empty folder: the database holds only what is ingested
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    return env


def run_ingest(db_path: Path, paths: Sequence[Path]) -> dict[str, Any]:
    """Run ``python -m bot --db DB ingest PATHS`` and read its summary, wall time and peak memory."""
    log_dir = db_path.parent
    stdout_path = log_dir / f"{db_path.stem}.ingest.out"
    stderr_path = log_dir / f"{db_path.stem}.ingest.err"
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(ingest_command(db_path, paths), cwd=PROJECT_ROOT, stdout=out, stderr=err,
                                env=quiet_env(CACHE_DIR / "empty-seeds"))
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
    text = stdout_path.read_text(encoding="utf-8", errors="replace")
    found = _SUMMARY.search(text)
    if found is None:
        raise RuntimeError(f"ingest failed (exit {proc.returncode}); see {stdout_path} and {stderr_path}:\n"
                           f"{stderr_path.read_text(errors='replace')[-2000:]}")
    files, seconds, added, updated, unchanged, rejected = (
        int(found[1]), float(found[2]), int(found[3]), int(found[4]), int(found[5]), int(found[6]))
    return {
        "files": files,
        "seconds": seconds,  # as reported by the pipeline (discovery, parsing, storing)
        "wall_seconds": wall,  # the whole command, interpreter start-up included
        "added": added,
        "updated": updated,
        "unchanged": unchanged,
        "rejected": rejected,
        "docs_per_second": files / seconds if seconds else 0.0,
        "peak_rss_kib": usage.ru_maxrss,  # the ingesting process itself (parse workers not included)
        "db_bytes": db_path.stat().st_size,
        "exit_status": proc.returncode,
    }


# ---- the parse floor: python-frontmatter + markdown-it-py alone, no database ---------------------


def _floor_one(path: str) -> None:
    import frontmatter
    from markdown_it import MarkdownIt

    global _FLOOR_MD
    if _FLOOR_MD is None:
        _FLOOR_MD = MarkdownIt("commonmark")
    raw = Path(path).read_bytes()
    post = frontmatter.loads(raw.decode("utf-8"))
    _FLOOR_MD.parse(post.content)


_FLOOR_MD: Any = None


def _floor_chunk(paths: Sequence[str]) -> int:
    for path in paths:
        # A file the libraries refuse costs what it cost; the pipeline rejects it too.
        with contextlib.suppress(Exception):
            _floor_one(path)
    return len(paths)


def floor_sample(paths: Sequence[Path]) -> list[str]:
    """The files ``briefbot ingest`` would take, evenly thinned to ``FLOOR_SAMPLE_CAP``."""
    from bot.pipeline import discover

    files, _ = discover(paths)
    if len(files) <= FLOOR_SAMPLE_CAP:
        return [str(f) for f in files]
    step = len(files) / FLOOR_SAMPLE_CAP
    return [str(files[int(i * step)]) for i in range(FLOOR_SAMPLE_CAP)]


def parse_floor(paths: Sequence[Path], workers: int | None = None) -> dict[str, Any]:
    """Files per second for front matter + Markdown tokens only: in one process, and on every core."""
    sample = floor_sample(paths)
    import frontmatter  # noqa: F401  (imported before timing, as the pipeline's workers do)
    import markdown_it  # noqa: F401

    _floor_chunk(sample[:5])  # warm-up: first-call costs are not per-document costs
    started = time.perf_counter()
    _floor_chunk(sample)
    one = time.perf_counter() - started

    workers = workers or min(os.cpu_count() or 1, 8)
    chunk = max(1, min(32, len(sample) // (workers * 8)))
    chunks = [sample[i:i + chunk] for i in range(0, len(sample), chunk)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        # Start every worker and import the libraries first: the floor is the parsing, not the spawning.
        list(pool.map(_floor_chunk, [sample[:2]] * workers))
        started = time.perf_counter()
        done = sum(pool.map(_floor_chunk, chunks))
        many = time.perf_counter() - started
    return {
        "files": len(sample),
        "one_process_seconds": one,
        "one_process_per_second": len(sample) / one if one else 0.0,
        "workers": workers,
        "pool_seconds": many,
        "pool_per_second": done / many if many else 0.0,
    }


def copy_database(source: Path, target: Path) -> Path:
    """A private, consistent copy of a cached database (the lag run ingests into it).

    SQLite's backup API copies committed data whether or not it still sits in the WAL file.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src, \
            contextlib.closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    return target


def saved_index_path(db_path: Path) -> Path:
    """Where the bot keeps its built index for the next start (beside the database)."""
    try:
        from bot.query.cache import cache_path
    except ImportError:
        return db_path.with_name(db_path.name + ".index")
    return cache_path(db_path)
