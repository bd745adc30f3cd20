"""Initiative vectors in the store: one per initiative and model, dropped with its initiative,
written without touching the data version — on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from bot.model import ParsedDocument
from bot.store import DatabaseReadOnlyError, IngestOutcome, SqliteStore, Store, StoredVectors, VectorSource
from bot.store._schema import MIGRATIONS
from bot.store._tx import split_statements
from tests.test_store import make_doc

MODEL = "minilm-l6-v2"
OTHER_MODEL = "minilm-l12-v2"

DRUG_ITEMS = (("Sanctioning traffickers", "Treasury sanctioned traffickers."),
              ("Funding HIDTA", "Provides $535 million for HIDTA task forces."),
              ("Seizing pills", "Border agents seized pills."))
ROAD_ITEMS = (("Fixing bridges", "Repairs 1,000 bridges."), ("Paving roads", "Paves 2,000 miles of road."))


def sheet(name: str, initiatives: tuple[tuple[str, str], ...], content_hash: str = "hash-1") -> ParsedDocument:
    """A small fact sheet titled "FACT SHEET: <name>" with these (title, text) initiatives."""
    return make_doc(title=f"FACT SHEET: {name}", url=f"https://example.gov/{name.lower()}",
                    path=f"/data/{name.lower()}.md", initiatives=initiatives, funding=[], content_hash=content_hash)


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every ``store`` test here runs on SQLite and on PostgreSQL (see ``any_store``)."""
    return any_store


def vector(initiative_id: int, size: int = 8) -> bytes:
    """A stand-in vector that says which initiative it was made for."""
    return initiative_id.to_bytes(4, "little") * (size // 4)


async def ingest_two(store: Store) -> tuple[IngestOutcome, IngestOutcome]:
    return await store.ingest(sheet("Drugs", DRUG_ITEMS)), await store.ingest(sheet("Roads", ROAD_ITEMS))


async def ids_of(store: Store, document_id: int) -> list[int]:
    return sorted(item.id for item in (await store.snapshot()).initiatives if item.document_id == document_id)


async def test_an_empty_store_has_no_vectors(store: Store) -> None:
    assert await store.vector_counts(MODEL) == (0, 0)
    assert await store.initiatives_without_vectors(MODEL, 10) == []
    assert await store.load_vectors(MODEL) == StoredVectors([], [], b"")
    assert await store.put_vectors(MODEL, []) == 0


async def test_missing_initiatives_are_listed_by_id_with_their_sheet_and_shrink_as_vectors_are_put(
        store: Store) -> None:
    drugs, roads = await ingest_two(store)
    drug_ids, road_ids = await ids_of(store, drugs.document_id), await ids_of(store, roads.document_id)
    assert await store.vector_counts(MODEL) == (0, 5)

    missing = await store.initiatives_without_vectors(MODEL, 10)
    assert [source.initiative_id for source in missing] == sorted(drug_ids + road_ids)
    assert missing[0] == VectorSource(drug_ids[0], "FACT SHEET: Drugs", "Sanctioning traffickers",
                                      "Treasury sanctioned traffickers.")
    assert missing[-1].document_title == "FACT SHEET: Roads" and missing[-1].title == "Paving roads"
    first_two = await store.initiatives_without_vectors(MODEL, 2)
    assert [source.initiative_id for source in first_two] == sorted(drug_ids + road_ids)[:2]

    assert await store.put_vectors(MODEL, [(i, vector(i)) for i in drug_ids]) == 3
    assert await store.vector_counts(MODEL) == (3, 5)
    assert [source.initiative_id for source in await store.initiatives_without_vectors(MODEL, 10)] == road_ids

    assert await store.put_vectors(MODEL, [(i, vector(i)) for i in road_ids]) == 2
    assert await store.vector_counts(MODEL) == (5, 5)
    assert await store.initiatives_without_vectors(MODEL, 10) == []


async def test_another_model_finds_every_initiative_missing_and_replaces_vectors_as_it_goes(store: Store) -> None:
    drugs, roads = await ingest_two(store)
    all_ids = sorted(await ids_of(store, drugs.document_id) + await ids_of(store, roads.document_id))
    await store.put_vectors(MODEL, [(i, vector(i)) for i in all_ids])

    assert await store.vector_counts(OTHER_MODEL) == (0, 5)
    assert [source.initiative_id for source in await store.initiatives_without_vectors(OTHER_MODEL, 10)] == all_ids
    assert await store.load_vectors(OTHER_MODEL) == StoredVectors([], [], b"")

    # One vector per initiative: the new model's replaces the old one's.
    assert await store.put_vectors(OTHER_MODEL, [(all_ids[0], vector(all_ids[0], 16))]) == 1
    assert await store.vector_counts(OTHER_MODEL) == (1, 5)
    assert await store.vector_counts(MODEL) == (4, 5)
    assert [source.initiative_id for source in await store.initiatives_without_vectors(MODEL, 10)] == all_ids[:1]


async def test_putting_again_replaces_the_vector(store: Store) -> None:
    drugs, _ = await ingest_two(store)
    first = (await ids_of(store, drugs.document_id))[0]
    await store.put_vectors(MODEL, [(first, b"\x00" * 8)])
    assert await store.put_vectors(MODEL, [(first, b"\x01" * 8)]) == 1
    assert (await store.load_vectors(MODEL)).blob == b"\x01" * 8
    assert await store.vector_counts(MODEL) == (1, 5)


async def test_load_gives_ids_in_order_with_their_sheets_and_the_bytes_as_put(store: Store) -> None:
    drugs, roads = await ingest_two(store)
    drug_ids, road_ids = await ids_of(store, drugs.document_id), await ids_of(store, roads.document_id)
    given = [(i, vector(i)) for i in [*road_ids, *drug_ids][::-1]]  # any order in
    await store.put_vectors(MODEL, given)

    loaded = await store.load_vectors(MODEL)
    ordered = sorted(drug_ids + road_ids)
    assert loaded.initiative_ids == ordered
    assert loaded.document_ids == [drugs.document_id if i in drug_ids else roads.document_id for i in ordered]
    assert loaded.blob == b"".join(vector(i) for i in ordered)


async def test_vectors_of_one_model_with_different_lengths_are_refused_naming_the_model(store: Store) -> None:
    drugs, _ = await ingest_two(store)
    first, second = (await ids_of(store, drugs.document_id))[:2]
    await store.put_vectors(MODEL, [(first, b"\x00" * 8), (second, b"\x00" * 12)])
    with pytest.raises(ValueError, match=MODEL):
        await store.load_vectors(MODEL)


async def test_re_ingesting_a_changed_sheet_drops_its_vectors_and_keeps_the_other_sheets(store: Store) -> None:
    drugs, roads = await ingest_two(store)
    road_ids = await ids_of(store, roads.document_id)
    all_ids = sorted(await ids_of(store, drugs.document_id) + road_ids)
    await store.put_vectors(MODEL, [(i, vector(i)) for i in all_ids])

    changed = sheet("Drugs", (("Seizing pills", "Border agents seized more pills."),), content_hash="hash-2")
    assert (await store.ingest(changed)).document_id == drugs.document_id

    assert await store.vector_counts(MODEL) == (2, 3)
    loaded = await store.load_vectors(MODEL)
    assert loaded.initiative_ids == road_ids
    assert loaded.blob == b"".join(vector(i) for i in road_ids)
    missing = await store.initiatives_without_vectors(MODEL, 10)
    assert [(source.document_title, source.text) for source in missing] == [
        ("FACT SHEET: Drugs", "Border agents seized more pills.")]


async def test_an_unchanged_sheet_ingested_again_keeps_its_vectors(store: Store) -> None:
    drugs, roads = await ingest_two(store)
    all_ids = sorted(await ids_of(store, drugs.document_id) + await ids_of(store, roads.document_id))
    await store.put_vectors(MODEL, [(i, vector(i)) for i in all_ids])
    await store.ingest(sheet("Drugs", DRUG_ITEMS))
    assert await store.vector_counts(MODEL) == (5, 5)


async def test_removing_a_sheet_drops_its_vectors(store: Store) -> None:
    drugs, roads = await ingest_two(store)
    road_ids = await ids_of(store, roads.document_id)
    all_ids = sorted(await ids_of(store, drugs.document_id) + road_ids)
    await store.put_vectors(MODEL, [(i, vector(i)) for i in all_ids])
    await store.remove_document(drugs.document_id)
    assert await store.vector_counts(MODEL) == (2, 2)
    assert (await store.load_vectors(MODEL)).initiative_ids == road_ids


async def test_vectors_for_initiatives_removed_since_they_were_read_are_skipped_not_an_error(store: Store) -> None:
    drugs, roads = await ingest_two(store)
    missing = await store.initiatives_without_vectors(MODEL, 10)
    await store.remove_document(drugs.document_id)  # meanwhile, another process removes a sheet

    stored = await store.put_vectors(MODEL, [(source.initiative_id, vector(source.initiative_id))
                                             for source in missing])
    road_ids = await ids_of(store, roads.document_id)
    assert stored == len(road_ids) == 2
    assert await store.vector_counts(MODEL) == (2, 2)
    assert (await store.load_vectors(MODEL)).initiative_ids == road_ids
    assert await store.put_vectors(MODEL, [(10**9, vector(1))]) == 0  # never existed


async def test_a_vector_made_from_text_a_sheet_no_longer_has_is_not_stored(store: Store) -> None:
    """Read, then the last sheet is re-ingested with new text before the vectors are written: on SQLite its new
    initiatives may take the old ids, so the write checks the text each vector was made from."""
    await ingest_two(store)
    missing = await store.initiatives_without_vectors(MODEL, 10)
    changed = (("Fixing bridges", "Repairs 3,000 bridges."), ("Paving roads", "Paves 2,000 miles of road."))
    roads = await store.ingest(sheet("Roads", changed, content_hash="hash-2"))
    stored = await store.put_vectors(MODEL, [(source.initiative_id, vector(source.initiative_id))
                                             for source in missing], made_from=missing)
    assert stored >= 3  # the drug sheet's three; the unchanged road initiative too where it kept its id (SQLite)
    read = {source.initiative_id: (source.title, source.text) for source in missing}
    now = {item.id: (item.title, item.text) for item in (await store.snapshot()).initiatives}
    assert all(read.get(i) == now[i] for i in (await store.load_vectors(MODEL)).initiative_ids)
    left = await store.initiatives_without_vectors(MODEL, 10)
    assert ("Fixing bridges", "Repairs 3,000 bridges.") in [(source.title, source.text) for source in left]
    assert {source.initiative_id for source in left} <= set(await ids_of(store, roads.document_id))


async def test_putting_vectors_leaves_the_data_version_and_generation_alone(store: Store) -> None:
    drugs, _ = await ingest_two(store)
    before = await store.data_state()
    drug_ids = await ids_of(store, drugs.document_id)
    await store.put_vectors(MODEL, [(i, vector(i)) for i in drug_ids])
    await store.put_vectors(OTHER_MODEL, [(drug_ids[0], vector(drug_ids[0]))])
    assert await store.data_state() == before
    assert await store.data_version() == before[0]


async def test_vectors_survive_reopening(db_target: Path | str) -> None:
    async with await Store.open(db_target) as first:
        drugs = await first.ingest(sheet("Drugs", DRUG_ITEMS))
        drug_ids = await ids_of(first, drugs.document_id)
        await first.put_vectors(MODEL, [(i, vector(i)) for i in drug_ids])
    async with await Store.open(db_target) as again:
        assert await again.load_vectors(MODEL) == StoredVectors(
            drug_ids, [drugs.document_id] * 3, b"".join(vector(i) for i in drug_ids))


# ---- SQLite only: its schema version and a file this process may only read ------------------------


@pytest.mark.sqlite_only
async def test_a_database_of_schema_5_gains_the_vectors_table_when_opened(tmp_db: Path) -> None:
    tmp_db.parent.mkdir(parents=True)
    with sqlite3.connect(tmp_db, isolation_level=None) as conn:
        for script in MIGRATIONS[:5]:
            for statement in split_statements(script):
                conn.execute(statement)
        conn.execute("PRAGMA user_version = 5")
    conn.close()
    async with await Store.open(tmp_db) as store:
        drugs = await store.ingest(sheet("Drugs", DRUG_ITEMS))
        first = (await ids_of(store, drugs.document_id))[0]
        assert await store.put_vectors(MODEL, [(first, vector(first))]) == 1
        assert await store.vector_counts(MODEL) == (1, 3)
    with sqlite3.connect(tmp_db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) == 6
    conn.close()


@pytest.mark.sqlite_only
async def test_a_read_only_database_reads_vectors_but_refuses_to_store_them(
        store: Store, tmp_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    drugs, _ = await ingest_two(store)
    drug_ids = await ids_of(store, drugs.document_id)
    await store.put_vectors(MODEL, [(drug_ids[0], vector(drug_ids[0]))])
    await store.close()
    tmp_db.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    if os.geteuid() == 0:  # file modes do not bind root: be the process that may not write
        monkeypatch.setattr("bot.store._writable", lambda path: False)
    try:
        async with await Store.open(tmp_db) as read_only:
            assert isinstance(read_only, SqliteStore) and read_only.read_only
            assert await read_only.vector_counts(MODEL) == (1, 5)
            assert (await read_only.load_vectors(MODEL)).initiative_ids == drug_ids[:1]
            with pytest.raises(DatabaseReadOnlyError, match="read-only"):
                await read_only.put_vectors(MODEL, [(drug_ids[1], vector(drug_ids[1]))])
            assert await read_only.vector_counts(MODEL) == (1, 5)
    finally:
        tmp_db.chmod(stat.S_IRUSR | stat.S_IWUSR)
