"""Ranking quality at scale: the hand-written query cases with 50,000 synthetic sheets alongside.

Speed must not be bought with worse answers, so the cases of ``test_query_quality.py`` (their
expected initiatives are in the 40 real sheets) must still pass when the index also holds 50,000
generated fact sheets (about 500,000 initiatives, many sharing the same words).

Opt-in, because building that database takes minutes: it runs when ``BRIEFBOT_SCALE_QUALITY=1``
(building the database if needed) or when the benchmark suite has already cached one for the
current parser (``python -m benchmarks --sizes 50k``); otherwise it is skipped.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from benchmarks._common import CACHE_DIR, SEED, code_version, parse_size
from tests.test_query_quality import TOP1_TARGET, TOP5_TARGET, corpus_files, evaluate, load_cases, report

pytestmark = [pytest.mark.slow, pytest.mark.requires_shared]  # the cases name real fact sheets

SIZE = parse_size("50k")


def _cached_database() -> Path | None:
    """The benchmark's 50k database for this code version, when it has been built."""
    key = f"{SIZE.name}-seed{SEED}-{code_version()}"
    db_path = CACHE_DIR / "db" / f"{key}.db"
    complete = CACHE_DIR / "db" / f"{key}.ingest.json"  # written only once the ingest finished
    return db_path if db_path.exists() and complete.exists() else None


def _database() -> Path:
    cached = _cached_database()
    if cached is not None:
        return cached
    if os.environ.get("BRIEFBOT_SCALE_QUALITY") != "1":
        pytest.skip("set BRIEFBOT_SCALE_QUALITY=1 (builds a 50k-sheet database, minutes) or run "
                    "`python -m benchmarks --sizes 50k` first")
    from benchmarks.corpora import database

    return database(SIZE).db_path


async def _index(db_path: Path):
    from bot.query import CorpusIndex
    from bot.store import Store

    store = await Store.open(db_path)
    try:
        snapshot = await store.snapshot()
    finally:
        await store.close()
    return snapshot, CorpusIndex.build(snapshot)


def test_quality_holds_with_50k_synthetic_sheets() -> None:
    snapshot, index = asyncio.run(_index(_database()))
    names = {Path(doc.path).name for doc in snapshot.documents}
    assert len(snapshot.documents) >= SIZE.synthetic, "the database does not hold the synthetic sheets"
    missing = sorted({p.name for p in corpus_files()} - names)
    assert not missing, f"real fact sheets missing from the scale database: {missing}"

    cases = load_cases()
    top1, top5, failures = evaluate(index, cases)
    summary = report(top1, top5, failures, cases)
    print(f"{len(snapshot.initiatives):,} initiatives in {len(snapshot.documents):,} documents\n{summary}")
    assert top1 >= TOP1_TARGET and top5 >= TOP5_TARGET, summary
