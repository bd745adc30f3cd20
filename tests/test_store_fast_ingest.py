"""Rows prepared away from the store (as parse workers do) are stored exactly like a parsed
document, one whole transaction per sheet, and the pipeline reports the same outcomes."""

from __future__ import annotations

import asyncio
import pickle
import sqlite3
from pathlib import Path

import pytest

from bot.pipeline import ingest_paths
from bot.store import PreparedDocument, SqliteStore, Store, prepare_rows, transaction
from tests.test_store import make_doc, mention

TABLES = ("documents", "initiatives", "funding", "acronyms", "documents_fts", "initiatives_fts")


def table_rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every stored row, ingest times left out (they differ between two runs by design)."""
    with sqlite3.connect(db) as conn:
        rows = {table: conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall() for table in TABLES}
        rows["documents"] = conn.execute(
            "SELECT id, identity, path, title, date, published_time, source_url, tags, body_text, content_hash,"
            " warnings FROM documents ORDER BY id"
        ).fetchall()
    return rows


async def test_rows_prepared_elsewhere_are_stored_like_the_document_itself(tmp_path: Path) -> None:
    docs = [make_doc(), make_doc(url="https://example.gov/other", title="Other sheet", content_hash="h2")]
    direct_db, prepared_db = tmp_path / "direct.db", tmp_path / "prepared.db"
    async with await Store.open(direct_db) as store:
        for doc in docs:
            await store.ingest(doc)
    async with await Store.open(prepared_db) as store:
        for doc in docs:
            shipped = pickle.loads(pickle.dumps(prepare_rows(doc)))  # as it comes back from a worker
            assert isinstance(shipped, PreparedDocument)
            outcome = await store.ingest_prepared(shipped)
            assert (outcome.status, outcome.initiative_count) == ("added", len(doc.initiatives))
        snapshot = await store.snapshot()
    assert table_rows(direct_db) == table_rows(prepared_db)
    nested = [f for f in snapshot.funding if f.reason and f.reason.startswith("part of")]
    assert nested and all(f.parent_id is not None for f in nested)


async def test_prepared_rows_follow_unchanged_and_replaced_rules(store: Store, tmp_db: Path) -> None:
    first = await store.ingest_prepared(prepare_rows(make_doc()))
    version = await store.data_version()
    again = await store.ingest_prepared(prepare_rows(make_doc(path="/elsewhere/moved.md")))
    assert (again.status, again.document_id) == ("unchanged", first.document_id)
    assert await store.data_version() == version
    changed = make_doc(content_hash="hash-2", initiatives=(("Only one", "Distributes naloxone."),),
                       body="A new body about naloxone.", funding=[mention(20e6, "$20 million", 0, initiative=0)])
    replaced = await store.ingest_prepared(prepare_rows(changed))
    assert (replaced.status, replaced.document_id, replaced.initiative_count) == ("updated", first.document_id, 1)
    assert await store.data_version() == version + 1
    assert (await store.search("fentanyl")).total == 0
    with sqlite3.connect(tmp_db) as conn:
        assert conn.execute("SELECT count(*) FROM initiatives_fts").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM funding").fetchone()[0] == 1


async def test_a_failing_sheet_rolls_back_whole_and_the_next_one_goes_in(store: Store, tmp_db: Path) -> None:
    broken = make_doc(funding=[mention(1e6, "$1 million", 0), mention(2e6, "$2 million", 0)])
    with pytest.raises(sqlite3.IntegrityError):
        await store.ingest_prepared(prepare_rows(broken))
    assert all(rows == [] for rows in table_rows(tmp_db).values())
    assert await store.data_version() == 0
    assert (await store.ingest_prepared(prepare_rows(make_doc()))).status == "added"


async def test_ingests_wait_for_a_transaction_held_by_another_user_of_the_connection(store: Store) -> None:
    assert isinstance(store, SqliteStore)  # the shared-connection lock is SQLite's
    async with transaction(store.connection):
        pending = asyncio.create_task(store.ingest_prepared(prepare_rows(make_doc())))
        await asyncio.sleep(0)  # let it try: it must wait for the lock, not join this transaction
        await store.connection.execute("INSERT INTO meta (key, value) VALUES ('probe', 'x')")
        assert not pending.done()
    assert (await pending).status == "added"
    assert await store.get_meta("probe") == "x"


async def test_the_pipeline_stores_real_sheets_through_worker_prepared_rows(
    shared_dir: Path, tmp_path: Path
) -> None:
    corpus = shared_dir / "corpus"
    one_by_one_db, pipeline_db = tmp_path / "one.db", tmp_path / "pipeline.db"
    async with await Store.open(pipeline_db) as store:
        summary = await ingest_paths(store, [corpus], max_bytes=2_000_000, report=lambda line: None, workers=2)
        again = await ingest_paths(store, [corpus], max_bytes=2_000_000, report=lambda line: None, workers=2)
    assert summary.added > 20 and not summary.rejected
    assert (again.added, again.updated, again.unchanged) == (0, 0, summary.added + summary.updated)
    async with await Store.open(one_by_one_db) as store:
        serial = await ingest_paths(store, [corpus], max_bytes=2_000_000, report=lambda line: None, workers=1)
    assert (serial.added, serial.updated) == (summary.added, summary.updated)
    assert table_rows(one_by_one_db) == table_rows(pipeline_db)
