"""The store: schema migrations, one transaction per document, replacement without leftovers,
concurrent readers, search and snapshots — built from ParsedDocument objects directly."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
from pathlib import Path

import asyncpg
import pytest

from bot.model import OTHER, Acronym, FundingMention, Initiative, Link, ParsedDocument
from bot.store import DatabaseTooNewError, IngestOutcome, SqliteStore, Store, StoreError, transaction
from bot.store import documents as store_documents
from bot.store._schema import MIGRATIONS

URL = "https://www.whitehouse.gov/briefing-room/statements-releases/2023/11/16/fact-sheet-example/"


def make_doc(
    *,
    title: str = "FACT SHEET: Fighting Illicit Drug Trafficking",
    url: str | None = URL,
    path: str = "/data/sheet.md",
    content_hash: str = "hash-1",
    initiatives: tuple[tuple[str, str], ...] = (
        ("Sanctioning traffickers", "Treasury sanctioned **fentanyl** traffickers and precursor suppliers."),
        ("Funding HIDTA", "Provides $535 million for [HIDTA](https://www.hidta.org) task forces."),
    ),
    body: str = "The Administration is disrupting the flow of fentanyl precursors.",
    funding: list[FundingMention] | None = None,
) -> ParsedDocument:
    items = [
        Initiative(
            title=name,
            section="Disrupting supply",
            order=order,
            text=text,
            links=[Link("HIDTA", "https://www.hidta.org")] if "HIDTA" in text else [],
            acronyms=["HIDTA"] if "HIDTA" in text else [],
        )
        for order, (name, text) in enumerate(initiatives)
    ]
    if funding is None:
        funding = [
            mention(535e6, "$535 million", 0, initiative=1),
            mention(305e6, "$305 million", 1, initiative=1, counted=False, reason="part of $535 million",
                    parent=0),
            mention(535e6, "$535 million", 2, counted=False, reason="repeat of $535 million", parent=0),
        ] if len(items) > 1 else []
    return ParsedDocument(
        path=path,
        title=title,
        date=dt.date(2023, 11, 16),
        published_time="2023-11-16 11:04:25-05:00",
        source_url=url,
        tags=["statements-releases"],
        body_text=body,
        sections=["Disrupting supply"],
        initiatives=items,
        funding=funding,
        acronyms=[Acronym("HIDTA", "High Intensity Drug Trafficking Areas")],
        content_hash=content_hash,
    )


def mention(amount: float, text: str, position: int, *, initiative: int | None = None, counted: bool = True,
            reason: str | None = None, parent: int | None = None) -> FundingMention:
    return FundingMention(
        amount_usd=amount, text=text, qualifier=None, sentence=f"It provides {text}.",
        initiative_order=initiative, category=OTHER, fiscal_year=None, counted=counted, reason=reason,
        parent_position=parent, position=position,
    )


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every ``store`` test here runs on SQLite and on PostgreSQL (see ``any_store``)."""
    return any_store


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


# ---- opening and migrating ----------------------------------------------------------------------


@pytest.mark.sqlite_only  # the file, its WAL mode and PRAGMA checks are SQLite's own
async def test_a_new_database_is_created_migrated_and_in_wal_mode(store: Store, tmp_db: Path) -> None:
    assert tmp_db.exists()  # parent folder created too
    assert await store.is_empty()
    assert await store.document_count() == 0
    assert await store.data_version() == 0
    with sqlite3.connect(tmp_db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


async def test_reopening_keeps_the_data_and_does_not_migrate_again(db_target: Path | str) -> None:
    async with await Store.open(db_target) as first:
        await first.ingest(make_doc())
        version = await first.data_version()
    async with await Store.open(db_target) as again:
        assert await again.document_count() == 1
        assert await again.data_version() == version


async def test_two_processes_creating_the_same_database_at_once_both_succeed(db_target: Path | str) -> None:
    stores = await asyncio.gather(Store.open(db_target), Store.open(db_target))
    try:
        await stores[0].ingest(make_doc())
        assert await stores[1].document_count() == 1
    finally:
        for opened in stores:
            await opened.close()


# SQLite only: the version it sets is the file's PRAGMA user_version.
async def test_a_database_from_a_newer_version_is_refused_with_a_clear_message(tmp_db: Path) -> None:
    async with await Store.open(tmp_db):
        pass
    with sqlite3.connect(tmp_db) as conn:
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(DatabaseTooNewError, match="newer version of Briefbot"):
        await Store.open(tmp_db)


# SQLite only: a damaged or foreign file is a SQLite backend's fault.
async def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=r"notes\.db"):
        await Store.open(junk)


# ---- ingesting ----------------------------------------------------------------------------------


async def test_ingest_stores_the_document_with_linked_initiatives_funding_and_acronyms(store: Store) -> None:
    outcome = await store.ingest(make_doc())
    assert (outcome.status, outcome.initiative_count) == ("added", 2)
    snap = await store.snapshot()
    assert snap.version == await store.data_version() == 1
    (doc,) = snap.documents
    assert doc.id == outcome.document_id
    assert (doc.title, doc.source_url, doc.date, doc.initiative_count) == (
        "FACT SHEET: Fighting Illicit Drug Trafficking", URL, dt.date(2023, 11, 16), 2)
    assert doc.ingested_at.tzinfo is not None
    by_title = {item.title: item for item in snap.initiatives}
    hidta = by_title["Funding HIDTA"]
    assert hidta.links == (Link("HIDTA", "https://www.hidta.org"),)
    assert hidta.acronyms == ("HIDTA",)
    whole, part, repeat = snap.funding
    assert (whole.initiative_id, part.initiative_id, repeat.initiative_id) == (hidta.id, hidta.id, None)
    assert part.parent_id == whole.id and part.reason == "part of $535 million" and part.counted is False
    assert repeat.counted is False and whole.counted is True
    assert [(a.short, a.full) for a in snap.acronyms] == [("HIDTA", "High Intensity Drug Trafficking Areas")]


async def test_body_texts_are_read_only_when_asked_for(store: Store) -> None:
    added = await store.ingest(make_doc())
    body = "The Administration is disrupting the flow of fentanyl precursors."
    assert (await store.snapshot()).documents[0].body_text == ""
    assert (await store.snapshot(body_text=True)).documents[0].body_text == body
    record = await store.get_document(added.document_id)
    assert record is not None and record.body_text == body


async def test_every_snapshot_carries_the_opening_of_each_body(store: Store) -> None:
    """/ask reads a sheet's lead from the index, which is built without the bodies."""
    from bot.store.rows import OPENING_CHARS

    long_body = "Today, the Department announced a plan. " + "More words follow here. " * 100
    await store.ingest(make_doc(body=long_body))
    opening = (await store.snapshot()).documents[0].opening
    assert opening == long_body[:OPENING_CHARS] and len(opening) < len(long_body)


async def test_reingesting_an_unchanged_file_writes_nothing(store: Store, tmp_db: Path) -> None:
    first = await store.ingest(make_doc())
    before = await store.snapshot()
    again = await store.ingest(make_doc(path="/elsewhere/moved.md"))
    assert again.status == "unchanged"
    assert again.document_id == first.document_id
    assert await store.data_version() == before.version
    after = await store.snapshot()
    assert after == before  # same ids, same ingested_at, same path


async def test_a_changed_file_with_the_same_url_replaces_the_old_version_whole(store: Store, tmp_db: Path) -> None:
    first = await store.ingest(make_doc())
    version = await store.data_version()
    changed = make_doc(
        content_hash="hash-2",
        initiatives=(("Expanding naloxone access", "Distributes naloxone to schools."),),
        body="A new body about naloxone.",
        funding=[mention(20e6, "$20 million", 0, initiative=0)],
    )
    second = await store.ingest(changed)
    assert (second.status, second.document_id, second.initiative_count) == ("updated", first.document_id, 1)
    assert await store.data_version() == version + 1
    snap = await store.snapshot()
    assert [d.title for d in snap.documents] == [changed.title]
    assert [i.title for i in snap.initiatives] == ["Expanding naloxone access"]
    assert [(f.text, f.initiative_id) for f in snap.funding] == [("$20 million", snap.initiatives[0].id)]
    assert snap.acronyms[0].short == "HIDTA"  # re-inserted from the new version, not left over
    # Nothing of the old version is searchable any more; the new one is.
    assert (await store.search("fentanyl")).total == 0
    assert (await store.search("sanctioning traffickers")).total == 0
    assert (await store.search("naloxone")).total == 2  # document body + initiative
    if store.backend == "sqlite":  # the search tables are rows of their own there
        assert count(tmp_db, "initiatives_fts") == 1
        assert count(tmp_db, "documents_fts") == 1
        assert count(tmp_db, "funding") == 1


async def test_without_a_url_a_document_is_known_by_its_resolved_path(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    one = await store.ingest(make_doc(url=None, path="notes/a.md"))
    other = await store.ingest(make_doc(url=None, path="notes/b.md"))
    assert one.document_id != other.document_id
    changed = await store.ingest(make_doc(url=None, path=str(tmp_path / "notes" / "a.md"), content_hash="hash-2",
                                          initiatives=(("Only one now", "Text."),), funding=[]))
    assert (changed.status, changed.document_id) == ("updated", one.document_id)
    assert await store.document_count() == 2


async def test_a_failure_part_way_through_a_file_leaves_nothing_of_it(store: Store, tmp_db: Path) -> None:
    # Two funding mentions at the same position violate a constraint after the document,
    # its initiatives and its first funding row were written.
    broken = make_doc(funding=[mention(1e6, "$1 million", 0), mention(2e6, "$2 million", 0)])
    with pytest.raises(sqlite3.IntegrityError if store.backend == "sqlite" else asyncpg.UniqueViolationError):
        await store.ingest(broken)
    assert await store.is_empty()
    assert await store.data_version() == 0
    assert (await store.snapshot()).documents == ()
    if store.backend == "sqlite":
        for table in ("documents", "initiatives", "funding", "acronyms", "documents_fts", "initiatives_fts"):
            assert count(tmp_db, table) == 0, table
    # The store is still usable afterwards.
    assert (await store.ingest(make_doc())).status == "added"


async def test_a_failed_update_keeps_the_previous_version(store: Store) -> None:
    await store.ingest(make_doc())
    before = await store.snapshot()
    broken = make_doc(content_hash="hash-2", funding=[mention(1e6, "$1 million", 0, initiative=7)])
    with pytest.raises(ValueError, match="initiative #7"):
        await store.ingest(broken)
    assert await store.snapshot() == before
    assert (await store.search("fentanyl")).total > 0


async def test_remove_document_deletes_everything_of_it(store: Store, tmp_db: Path) -> None:
    kept = await store.ingest(make_doc(url="https://example.gov/kept", title="Kept sheet"))
    gone = await store.ingest(make_doc())
    version = await store.data_version()
    record = await store.remove_document(gone.document_id)
    assert record is not None and record.title == "FACT SHEET: Fighting Illicit Drug Trafficking"
    assert await store.data_version() == version + 1
    snap = await store.snapshot()
    assert [d.id for d in snap.documents] == [kept.document_id]
    assert {i.document_id for i in snap.initiatives} == {kept.document_id}
    assert {f.document_id for f in snap.funding} == {kept.document_id}
    if store.backend == "sqlite":
        assert count(tmp_db, "initiatives_fts") == 2 and count(tmp_db, "documents_fts") == 1
    assert await store.remove_document(gone.document_id) is None
    assert await store.data_version() == version + 1


# ---- concurrency --------------------------------------------------------------------------------


@pytest.mark.sqlite_only  # WAL readers beside a writer; PostgreSQL's MVCC needs no such test
async def test_another_connection_reads_while_an_ingest_is_in_progress(store: Store, tmp_db: Path) -> None:
    await store.ingest(make_doc(url="https://example.gov/first"))
    assert isinstance(store, SqliteStore)  # the test reads its file beside it
    reader = sqlite3.connect(tmp_db, timeout=0)  # would fail at once if the writer blocked it
    try:
        async with transaction(store.connection):
            await store_documents.ingest(store.connection, make_doc())
            # Mid-transaction: the other connection reads the last committed state, unblocked.
            assert reader.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
            assert reader.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()[0] == "1"
        assert reader.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
        assert reader.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()[0] == "2"
    finally:
        reader.close()


async def test_concurrent_calls_on_one_store_do_not_mix_transactions(store: Store) -> None:
    docs = [make_doc(url=f"https://example.gov/{n}", content_hash=f"h{n}") for n in range(20)]
    results = await asyncio.gather(*(store.ingest(doc) for doc in docs), store.snapshot(), store.search("HIDTA"))
    outcomes = [o for o in results[:20] if isinstance(o, IngestOutcome)]
    assert len(outcomes) == 20 and {o.status for o in outcomes} == {"added"}
    assert await store.document_count() == 20
    assert await store.data_version() == 20


# ---- search -------------------------------------------------------------------------------------


async def test_search_ranks_title_matches_first_and_highlights_words(store: Store) -> None:
    await store.ingest(make_doc(url="https://example.gov/body", title="Border security update",
                                body="Officers seized naloxone and fentanyl at ports.", initiatives=()))
    await store.ingest(make_doc(url="https://example.gov/title", title="Naloxone for every school",
                                body="Schools receive kits.", initiatives=()))
    results = await store.search("naloxone")
    assert results.total == 2
    assert [hit.title for hit in results.hits] == ["Naloxone for every school", "Border security update"]
    assert all(hit.kind == "document" and hit.initiative_id is None for hit in results.hits)
    assert "**naloxone**" in results.hits[1].snippet.lower()


async def test_search_finds_initiatives_with_their_document(store: Store) -> None:
    added = await store.ingest(make_doc())
    results = await store.search("precursor suppliers")
    (hit,) = [h for h in results.hits if h.kind == "initiative"]
    assert hit.title == "Sanctioning traffickers"
    assert hit.document_id == added.document_id and hit.initiative_id is not None
    assert hit.document_title == "FACT SHEET: Fighting Illicit Drug Trafficking"
    assert hit.source_url == URL
    assert "**precursor**" in hit.snippet and "**suppliers**" in hit.snippet
    assert "**fentanyl**" not in hit.snippet  # the source's bold marks are not mistaken for matches


@pytest.mark.parametrize(
    "text", ['"', "*", ":", "(", ")", "AND", "OR NOT", "NEAR(a b)", "title:x", "fentanyl*", '"unterminated',
             "^start", "a - b", "{x y}", "x" * 500, "🙂", "fentanyl AND (", "NOT fentanyl"],
)
async def test_search_never_fails_on_query_syntax_in_user_text(store: Store, text: str) -> None:
    await store.ingest(make_doc())
    results = await store.search(text)
    assert results.total >= len(results.hits)


async def test_search_treats_operators_and_symbols_as_plain_words(store: Store) -> None:
    await store.ingest(make_doc())
    assert (await store.search('fentanyl*"(')).total == (await store.search("fentanyl")).total > 0
    assert (await store.search("NOT fentanyl")).total == 0  # "not" is a word that does not occur


async def test_empty_search_has_no_results(store: Store) -> None:
    await store.ingest(make_doc())
    for text in ("", "   ", "?!", "**"):
        results = await store.search(text)
        assert (results.total, results.hits) == (0, ())


async def test_search_pages_through_every_match(store: Store) -> None:
    for n in range(7):
        await store.ingest(make_doc(url=f"https://example.gov/{n}", title=f"Broadband sheet {n}",
                                    content_hash=f"h{n}", initiatives=()))
    first = await store.search("broadband", limit=3)
    rest = await store.search("broadband", limit=3, offset=3)
    last = await store.search("broadband", limit=3, offset=6)
    assert first.total == rest.total == last.total == 7
    assert first.has_more and rest.has_more and not last.has_more
    titles = [h.title for page in (first, rest, last) for h in page.hits]
    assert sorted(titles) == sorted(f"Broadband sheet {n}" for n in range(7))


# ---- meta and export ----------------------------------------------------------------------------


async def test_meta_values_round_trip_and_data_version_is_protected(store: Store) -> None:
    assert await store.get_meta("commands_hash") is None
    await store.set_meta("commands_hash", "abc")
    await store.set_meta("commands_hash", "def")
    assert await store.get_meta("commands_hash") == "def"
    with pytest.raises(ValueError):
        await store.set_meta("data_version", "99")


async def test_export_rows_carry_what_a_reader_needs(store: Store) -> None:
    await store.ingest(make_doc())
    (doc,) = await store.export_rows("documents")
    assert doc["tags"] == ["statements-releases"] and doc["initiative_count"] == 2 and doc["date"] == "2023-11-16"
    funding = await store.export_rows("funding")
    assert [(f["amount_usd"], f["initiative"], f["counted"], f["reason"]) for f in funding] == [
        (535_000_000, "Funding HIDTA", True, None),
        (305_000_000, "Funding HIDTA", False, "part of $535 million"),
        (535_000_000, None, False, "repeat of $535 million"),
    ]
    # The related figure by its position in the sheet: the whole of a part, the first of a repeat.
    assert [(f["position"], f["relation"]) for f in funding] == [(0, None), (1, "part of #0"), (2, "repeat of #0")]
    with pytest.raises(ValueError):
        await store.export_rows("users")
