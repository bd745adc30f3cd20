"""Comparing what the two backends hold after the same ingest (``tests/test_store_parity.py``,
``scripts/store_parity.py``).

Everything goes through what a user runs or sees: ``briefbot ingest`` and ``briefbot export
--format json`` as commands, the index the app builds (query-quality scorecard), the stored
dollar figures scored against the hand-made gold set (money scorecard), and ``/search``.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]

# Every /search query the tests ask (tests/test_store.py, test_commands_real_corpus.py,
# test_commands_replies.py, test_discord_app_e2e.py, test_hostile_output.py), asked here of the
# real fact sheets.
SEARCH_QUERIES = (
    "fentanyl", "naloxone", "precursor suppliers", "sanctioning traffickers", "broadband", 'fentanyl*"(',
    "NOT fentanyl", "HIDTA", "hidta", "lead pipe", "chips", "clean energy", "“quoted”", "AND OR NOT", "*",
    "x" * 200, "nothing here", "drug", "precursor", "initiative", "everyone", "breakout",
)
# Keys that name a row or a moment, not its content: they may differ between backends.
VOLATILE_KEYS = frozenset({"id", "document_id", "initiative_id", "parent_id", "ingested_at", "updated_at",
                           "claimed_at", "created_at"})
_SUMMARY = re.compile(r"(\d+) files? in ([\d.]+) s: (\d+) added, (\d+) updated, (\d+) unchanged, (\d+) rejected")


def quiet_env(empty_seeds: Path) -> dict[str, str]:
    """No developer settings and no bundled seed sheet: the database holds only what is ingested."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "DISCORD_"))}
    empty_seeds.mkdir(parents=True, exist_ok=True)
    env["BRIEFBOT_SEEDS"] = str(empty_seeds)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    return env


def briefbot(target: Path | str, *args: str, env: dict[str, str]) -> str:
    """Run ``python -m bot --db TARGET ARGS`` and return its standard output (raises on failure)."""
    done = subprocess.run([sys.executable, "-m", "bot", "--db", str(target), *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f"briefbot {' '.join(args[:1])} failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


@dataclass(frozen=True, slots=True)
class IngestRun:
    files: int
    added: int
    updated: int
    unchanged: int
    rejected: int
    seconds: float  # as the pipeline reports it
    wall_seconds: float  # the whole command


def ingest(target: Path | str, paths: Sequence[Path], env: dict[str, str]) -> IngestRun:
    started = time.perf_counter()
    out = briefbot(target, "ingest", *map(str, paths), env=env)
    wall = time.perf_counter() - started
    found = _SUMMARY.search(out)
    if found is None:
        raise RuntimeError(f"no ingest summary in: {out[-1000:]}")
    files, seconds, added, updated, unchanged, rejected = (int(found[1]), float(found[2]), *map(int, found.group(3, 4, 5, 6)))
    return IngestRun(files, added, updated, unchanged, rejected, seconds, wall)


def export_json(target: Path | str, env: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """``briefbot export --format json``: every table export offers."""
    data = json.loads(briefbot(target, "export", "--format", "json", env=env))
    assert isinstance(data, dict)
    return data


def normalise(export: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The export without ids and timestamps, rows in their exported order."""
    return {table: [{k: v for k, v in row.items() if k not in VOLATILE_KEYS} for row in rows]
            for table, rows in export.items()}


def first_difference(left: list[dict[str, Any]], right: list[dict[str, Any]]) -> str:
    """Where two row lists part, in one readable line (for an assertion message)."""
    for number, (a, b) in enumerate(zip(left, right, strict=False)):
        if a != b:
            keys = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
            return f"row {number}: " + "; ".join(f"{k}: {a.get(k)!r} != {b.get(k)!r}" for k in keys)
    return f"{len(left)} rows != {len(right)} rows"


# ---- scorecards ------------------------------------------------------------------------------


def quality_scorecard(target: Path | str) -> str:
    """The /initiative query-quality report (tests/test_query_quality.py) over the index the app
    builds from this database."""
    from bot.query.builder import build_from_database
    from tests.test_query_quality import evaluate, load_cases, report

    index = build_from_database(target)
    cases = load_cases()
    top1, top5, failures = evaluate(index, cases)
    return report(top1, top5, failures, cases)


def _gold_source_urls(shared: Path, sheets: Sequence[Any]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for sheet in sheets:
        text = (shared / sheet.path).read_text(encoding="utf-8", errors="replace")
        found = re.search(r'^source_url:\s*"?([^"\n]+?)"?\s*$', text, re.M)
        out[sheet.path] = found[1] if found else None
    return out


async def stored_money_scorecard(target: Path | str, shared: Path) -> str:
    """``python -m bot.ingest.money_eval``'s scorecard, but of the dollar figures stored in the
    database (each gold sheet found by its source URL, else its path) rather than freshly parsed."""
    from bot.ingest import money_eval
    from bot.store import Store

    store = await Store.open(target)
    try:
        snapshot = await store.snapshot()
    finally:
        await store.close()
    by_url = {d.source_url: d for d in snapshot.documents if d.source_url}
    by_path = {Path(d.path).as_posix().split("../shared/", 1)[-1]: d for d in snapshot.documents}
    funding: dict[int, list[Any]] = {}
    for record in snapshot.funding:
        funding.setdefault(record.document_id, []).append(record)
    gold = money_eval.load_gold()
    urls = _gold_source_urls(shared, gold)
    lines: list[str] = []
    for split in ("dev", "held"):
        scores = []
        absent = 0
        for sheet in (s for s in gold if s.split == split):
            document = by_url.get(urls[sheet.path] or "") or by_path.get(sheet.path)
            if document is None:
                absent += 1
                continue
            mentions = sorted(funding.get(document.id, []), key=lambda m: m.position)
            score = money_eval.SheetScore(sheet, parsed_total=math.fsum(m.amount_usd for m in mentions if m.counted))
            for figure, found in money_eval.match_figures(sheet.figures, mentions):
                if found is None:
                    score.missed.append(figure)
                else:
                    score.pairs.append((figure, mentions[found]))
            scores.append(score)
        summary = money_eval.summarise(scores)
        lines += summary.lines(split + (f" ({absent} gold sheets not in this database)" if absent else ""))
        lines += [f"  {gold_kind} read as {got}: {n}" for (gold_kind, got), n in sorted(summary.kind_confusion.items())]
    return "\n".join(lines)


# ---- /search -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchComparison:
    query: str
    total_sqlite: int
    total_postgresql: int
    same_matches: bool  # the same hits, ids aside (kind, sheet URL, title), each as often
    same_top: int  # leading hits in the same order on both
    top10_overlap: int  # hits in both first pages of ten


def _hit_key(hit: Any) -> tuple[str, str, str]:
    return (hit.kind, hit.source_url or hit.document_title, hit.title)


async def all_hits(target: Path | str, queries: Sequence[str]) -> dict[str, tuple[int, list[tuple[str, str, str]]]]:
    """Every hit of each query, best first, as (kind, sheet URL, title)."""
    from bot.store import Store

    store = await Store.open(target)
    try:
        out = {}
        for query in queries:
            first = await store.search(query, limit=1)
            every = await store.search(query, limit=max(1, first.total))
            out[query] = (first.total, [_hit_key(hit) for hit in every.hits])
        return out
    finally:
        await store.close()


def compare_search(sqlite: dict[str, tuple[int, list[tuple[str, str, str]]]],
                   postgresql: dict[str, tuple[int, list[tuple[str, str, str]]]]) -> list[SearchComparison]:
    out = []
    for query, (total_a, hits_a) in sqlite.items():
        total_b, hits_b = postgresql[query]
        same_top = next((n for n, (a, b) in enumerate(zip(hits_a, hits_b, strict=False)) if a != b),
                        min(len(hits_a), len(hits_b)))
        overlap = sum((Counter(hits_a[:10]) & Counter(hits_b[:10])).values())
        out.append(SearchComparison(query, total_a, total_b, Counter(hits_a) == Counter(hits_b), same_top, overlap))
    return out


def run(coroutine: Any) -> Any:
    """Run a coroutine from plain code (the scripts, module fixtures)."""
    return asyncio.run(coroutine)
