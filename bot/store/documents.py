"""Documents, initiatives, funding and acronyms: the SQL behind ``Store``.

Every async function takes the shared aiosqlite connection; the caller (``Store``) holds the
connection lock or a transaction from ``bot.store._tx``. Writing a document is plain ``sqlite3``
(``write_prepared``) run in the connection's thread in one hop, from rows prepared beforehand
(``prepare_rows``, which parse workers can run in parallel). Nothing here parses or formats.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiosqlite

from bot.model import (
    AcronymRecord,
    DocumentRecord,
    FundingRecord,
    InitiativeRecord,
    Link,
    ParsedDocument,
    Snapshot,
    kind_and_source,
    relation_of,
)
from bot.store._fts import fts_query, plain_text
from bot.store._tx import fetch_all, run_each_in_transaction, run_on_connection
from bot.store.rows import (
    ACRONYM_COLUMNS,
    DOCUMENT_COLUMNS,
    DOCUMENT_COLUMNS_NO_BODY,
    FUNDING_COLUMNS,
    INITIATIVE_COLUMNS,
    AcronymRow,
    DocumentRow,
    FundingRow,
    InitiativeRow,
)

ADDED = "added"
UPDATED = "updated"
UNCHANGED = "unchanged"
YIELDED = "yielded"  # not written: the stored version comes from a file that takes precedence

EXPORT_TABLES = ("documents", "initiatives", "funding")


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    status: str  # ADDED | UPDATED | UNCHANGED | YIELDED
    document_id: int
    initiative_count: int


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: str  # "document" | "initiative"
    document_id: int
    initiative_id: int | None
    title: str  # the document's or the initiative's own title
    snippet: str  # matched words wrapped in **…**
    document_title: str
    source_url: str | None


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str  # the text as the user typed it
    hits: tuple[SearchHit, ...]  # this page, best first
    total: int  # every match, for paging
    offset: int
    limit: int

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.hits) < self.total


def identity_of(doc: ParsedDocument) -> str:
    """What makes two versions "the same document": its URL, else where the file lives."""
    if doc.source_url:
        return doc.source_url
    return "path:" + str(Path(doc.path).resolve())


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


# Every change of the data, in the transaction that makes it, bumps ``data_version`` (a counter
# other processes poll) and draws a new random ``generation``. The counter alone does not tell
# two contents apart: restore an older copy of the database and ingest one file, and it is back
# at the same number with other data. The generation is what a saved index is tied to.
_BUMP_DATA_VERSION = "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'data_version'"
_NEW_GENERATION = ("INSERT INTO meta (key, value) VALUES ('generation', lower(hex(randomblob(16))))"
                   " ON CONFLICT (key) DO UPDATE SET value = excluded.value")
_READ_DATA_STATE = "SELECT key, value FROM meta WHERE key IN ('data_version', 'generation')"
MAINTAINED_META_KEYS = frozenset({"data_version", "generation"})


async def bump_data_version(conn: aiosqlite.Connection) -> None:
    await conn.execute(_BUMP_DATA_VERSION)
    await conn.execute(_NEW_GENERATION)


def data_state_of(rows: Iterable[tuple[str, str]]) -> tuple[int, str]:
    """(data version, generation) from the rows of ``_READ_DATA_STATE``; "" when never changed."""
    values = dict(rows)
    return int(values.get("data_version", 0)), str(values.get("generation", ""))


async def read_data_version(conn: aiosqlite.Connection) -> int:
    return (await read_data_state(conn))[0]


async def read_data_state(conn: aiosqlite.Connection) -> tuple[int, str]:
    return data_state_of(await fetch_all(conn, _READ_DATA_STATE))


# ---- writing ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    """One parsed sheet as the rows to store: plain tuples, JSON already encoded, picklable.

    ``prepare_rows`` builds it without I/O beyond resolving a path, so parse workers can do it in
    parallel; the storing process then only executes the rows (``write_prepared``).
    """

    path: str
    identity: str
    content_hash: str
    # path, title, date, published_time, source_url, tags (JSON), body_text, content_hash, warnings (JSON)
    document: tuple[Any, ...]
    # ord, title, section, text, links (JSON), acronyms (JSON), plain text for search
    initiatives: tuple[tuple[Any, ...], ...]
    # initiative ord, position, amount_usd, text, qualifier, sentence, category, fiscal_year, counted,
    # reason, parent position
    funding: tuple[tuple[Any, ...], ...]
    acronyms: tuple[tuple[str, str], ...]  # (short, full), first definition of each short form

    @property
    def initiative_count(self) -> int:
        return len(self.initiatives)


def prepare_rows(doc: ParsedDocument) -> PreparedDocument:
    """The rows ``doc`` is stored as; pure apart from resolving the path of a sheet without URL."""
    acronyms: dict[str, str] = {}
    for acronym in doc.acronyms:
        acronyms.setdefault(acronym.short, acronym.full)  # the first definition wins
    return PreparedDocument(
        path=doc.path,
        identity=identity_of(doc),
        content_hash=doc.content_hash,
        document=(
            doc.path,
            doc.title,
            doc.date.isoformat() if doc.date else None,
            doc.published_time,
            doc.source_url,
            _json_list(doc.tags),
            doc.body_text,
            doc.content_hash,
            _json_list(doc.warnings),
        ),
        initiatives=tuple(
            (
                item.order,
                item.title,
                item.section,
                item.text,
                _JSON.encode([[link.text, link.url] for link in item.links])
                if item.links
                else "[]",
                _json_list(item.acronyms),
                plain_text(item.text),
            )
            for item in doc.initiatives
        ),
        funding=tuple(
            (
                m.initiative_order,
                m.position,
                float(m.amount_usd),
                m.text,
                m.qualifier,
                m.sentence,
                m.category,
                m.fiscal_year,
                1 if m.counted else 0,
                m.reason,
                m.parent_position,
            )
            for m in doc.funding
        ),
        acronyms=tuple(acronyms.items()),
    )


_JSON = json.JSONEncoder(ensure_ascii=False)  # json.dumps(…, ensure_ascii=False) builds one per call


def _json_list(items: list[str]) -> str:
    return _JSON.encode(list(items)) if items else "[]"


async def ingest(conn: aiosqlite.Connection, doc: ParsedDocument) -> IngestOutcome:
    """Store one parsed document; must run inside a write transaction."""
    prepared = prepare_rows(doc)
    return await run_on_connection(conn, lambda db: write_prepared(db, prepared))


async def ingest_each(
    conn: aiosqlite.Connection, batch: Sequence[PreparedDocument],
    yields_to: Callable[[PreparedDocument, str], bool] | None = None,
) -> list[IngestOutcome | Exception]:
    """Store each of ``batch`` as ``Store.ingest_prepared`` does — a transaction per sheet —
    with one hand-off to the database thread for them all. A sheet that cannot be stored
    (``sqlite3.Error``, ``ValueError``) leaves nothing behind and gives its error in its place.
    ``yields_to``: see ``write_prepared``.
    """
    writes: list[Callable[[sqlite3.Connection], IngestOutcome]] = [
        functools.partial(write_prepared, prepared=prepared, yields_to=yields_to) for prepared in batch]
    return await run_each_in_transaction(conn, writes, caught=(sqlite3.Error, ValueError))


def write_prepared(
    db: sqlite3.Connection, prepared: PreparedDocument,
    yields_to: Callable[[PreparedDocument, str], bool] | None = None,
) -> IngestOutcome:
    """Store one prepared document with plain ``sqlite3`` calls, inside the caller's write transaction.

    Unchanged content writes nothing; changed content replaces the old version whole (search
    entries included) under the same id; any change bumps ``data_version`` and draws a new
    ``generation``. When the stored
    version differs but ``yields_to(prepared, path of the stored version's file)`` is true (that
    file takes precedence), nothing is written either and the outcome is ``YIELDED``.
    """
    found = db.execute(
        "SELECT id, content_hash, path FROM documents WHERE identity = ?", (prepared.identity,)
    ).fetchone()
    ingested_at = utc_now()
    if found is not None:
        document_id, old_hash, old_path = found
        unchanged = old_hash == prepared.content_hash
        if unchanged or (yields_to is not None and old_path != prepared.path and yields_to(prepared, old_path)):
            (count,) = db.execute(
                "SELECT count(*) FROM initiatives WHERE document_id = ?", (document_id,)
            ).fetchone()
            return IngestOutcome(UNCHANGED if unchanged else YIELDED, document_id, count)
        _delete_rows(db, document_id)
        db.execute(
            """UPDATE documents SET path = ?, title = ?, date = ?, published_time = ?, source_url = ?,
                   tags = ?, body_text = ?, content_hash = ?, warnings = ?, ingested_at = ?
               WHERE id = ?""",
            (*prepared.document, ingested_at, document_id),
        )
        status = UPDATED
    else:
        cursor = db.execute(
            """INSERT INTO documents (identity, path, title, date, published_time, source_url, tags,
                   body_text, content_hash, warnings, ingested_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (prepared.identity, *prepared.document, ingested_at),
        )
        document_id = cursor.lastrowid
        assert document_id is not None
        status = ADDED
    _insert_rows(db, document_id, prepared)
    db.execute(_BUMP_DATA_VERSION)
    db.execute(_NEW_GENERATION)
    return IngestOutcome(status, document_id, prepared.initiative_count)


def _delete_rows(db: sqlite3.Connection, document_id: int) -> None:
    """Everything that hangs off a document, so a new version leaves nothing of the old behind."""
    db.execute("DELETE FROM funding WHERE document_id = ?", (document_id,))
    db.execute("DELETE FROM initiatives WHERE document_id = ?", (document_id,))  # + FTS trigger
    db.execute("DELETE FROM acronyms WHERE document_id = ?", (document_id,))
    db.execute("DELETE FROM documents_fts WHERE rowid = ?", (document_id,))


def _insert_rows(db: sqlite3.Connection, document_id: int, prepared: PreparedDocument) -> None:
    title, body_text = prepared.document[1], prepared.document[6]
    db.execute(
        "INSERT INTO documents_fts (rowid, title, body) VALUES (?, ?, ?)", (document_id, title, body_text)
    )
    initiative_ids: dict[int, int] = {}
    if prepared.initiatives:
        db.executemany(
            """INSERT INTO initiatives (document_id, ord, title, section, text, links, acronyms)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            [(document_id, *row[:6]) for row in prepared.initiatives],
        )
        initiative_ids = dict(
            db.execute("SELECT ord, id FROM initiatives WHERE document_id = ?", (document_id,)).fetchall()
        )
        db.executemany(
            "INSERT INTO initiatives_fts (rowid, title, text) VALUES (?, ?, ?)",
            [(initiative_ids[row[0]], row[1], row[6]) for row in prepared.initiatives],
        )
    if prepared.funding:
        for row in prepared.funding:
            if row[0] is not None and row[0] not in initiative_ids:
                raise ValueError(
                    f"funding {row[3]!r} belongs to initiative #{row[0]}, which the document does not have"
                )
        nested = any(row[10] is not None for row in prepared.funding)
        if not (nested and _insert_funding_with_parents(db, document_id, prepared.funding, initiative_ids)):
            _insert_funding_then_parents(db, document_id, prepared.funding, initiative_ids)
    if prepared.acronyms:
        db.executemany(
            "INSERT INTO acronyms (document_id, short, full) VALUES (?, ?, ?)",
            [(document_id, short, full) for short, full in prepared.acronyms],
        )


_MAX_ROWID = 2**63 - 1


def _insert_funding_with_parents(
    db: sqlite3.Connection, document_id: int, funding: tuple[tuple[Any, ...], ...], initiative_ids: dict[int, int]
) -> bool:
    """Insert the funding rows with their parent ids in one statement; False (nothing written)
    when that cannot be done: a part listed before the amount it is part of, or an unknown one
    (the parser never writes either; ``_insert_funding_then_parents`` handles them).

    Rowids continue from the table's largest, as SQLite would number them itself, so each row's
    id is known in advance and a part names its parent as it goes in, instead of being updated
    afterwards.
    """
    index_of = {row[1]: index for index, row in enumerate(funding)}
    for index, row in enumerate(funding):
        parent = row[10]
        if parent is not None and index_of.get(parent, index) >= index:
            return False
    (largest,) = db.execute("SELECT coalesce(max(id), 0) FROM funding").fetchone()
    if largest + len(funding) > _MAX_ROWID:
        return False
    db.executemany(
        """INSERT INTO funding (id, document_id, initiative_id, position, amount_usd, text, qualifier,
               sentence, category, fiscal_year, counted, reason, parent_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            (
                largest + 1 + index,
                document_id,
                None if row[0] is None else initiative_ids[row[0]],
                *row[1:10],
                None if row[10] is None else largest + 1 + index_of[row[10]],
            )
            for index, row in enumerate(funding)
        ],
    )
    return True


def _insert_funding_then_parents(
    db: sqlite3.Connection, document_id: int, funding: tuple[tuple[Any, ...], ...], initiative_ids: dict[int, int]
) -> None:
    """Insert the funding rows, then point each part at its parent by position."""
    db.executemany(
        """INSERT INTO funding (document_id, initiative_id, position, amount_usd, text, qualifier,
               sentence, category, fiscal_year, counted, reason)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            (document_id, None if row[0] is None else initiative_ids[row[0]], *row[1:10])
            for row in funding
        ],
    )
    nested = [row for row in funding if row[10] is not None]
    if nested:
        funding_ids = dict(
            db.execute("SELECT position, id FROM funding WHERE document_id = ?", (document_id,)).fetchall()
        )
        for row in nested:
            if row[10] not in funding_ids:
                raise ValueError(f"funding {row[3]!r} is part of a mention the document does not have")
        db.executemany(
            "UPDATE funding SET parent_id = ? WHERE id = ?",
            [(funding_ids[row[10]], funding_ids[row[1]]) for row in nested],
        )


async def _delete_contents(conn: aiosqlite.Connection, document_id: int) -> None:
    """Everything that hangs off a document (see ``_delete_rows``), for callers on the event loop."""
    await run_on_connection(conn, lambda db: _delete_rows(db, document_id))


async def remove(conn: aiosqlite.Connection, document_id: int) -> DocumentRecord | None:
    """Delete one document and everything of it; must run inside a write transaction."""
    record = await get_document(conn, document_id)
    if record is None:
        return None
    await _delete_contents(conn, document_id)
    await conn.execute("DELETE FROM documents WHERE id = ?", (document_id,))
    await bump_data_version(conn)
    return record


# ---- reading ------------------------------------------------------------------------------------

def document_record(row: DocumentRow, decoded: Decoded | None = None) -> DocumentRecord:
    decoded = decoded or Decoded()
    return DocumentRecord(
        id=row.id,
        title=row.title,
        date=decoded.date(row.date),
        source_url=row.source_url,
        path=row.path,
        tags=decoded.strings(row.tags),
        ingested_at=dt.datetime.fromisoformat(row.ingested_at),
        initiative_count=row.initiative_count,
        body_text=row.body_text,
        opening=row.opening,
    )


async def get_document(conn: aiosqlite.Connection, document_id: int) -> DocumentRecord | None:
    rows = list(await conn.execute_fetchall(
        f"SELECT {DOCUMENT_COLUMNS} FROM documents d WHERE d.id = ?", (document_id,)
    ))
    return document_record(DocumentRow._make(rows[0])) if rows else None


class Decoded:
    """JSON columns decoded once per distinct value: most rows share a handful of them."""

    def __init__(self) -> None:
        self._links: dict[str, tuple[Link, ...]] = {"[]": ()}
        self._strings: dict[str, tuple[str, ...]] = {"[]": ()}
        self._dates: dict[str | None, dt.date | None] = {None: None, "": None}

    def links(self, raw: str) -> tuple[Link, ...]:
        value = self._links.get(raw)
        if value is None:
            value = self._links[raw] = tuple(Link(text, url) for text, url in json.loads(raw))
        return value

    def strings(self, raw: str) -> tuple[str, ...]:
        value = self._strings.get(raw)
        if value is None:
            value = self._strings[raw] = tuple(json.loads(raw))
        return value

    def date(self, raw: str | None) -> dt.date | None:
        if raw is None or raw in self._dates:
            return self._dates[raw]
        value = self._dates[raw] = dt.date.fromisoformat(raw)
        return value


# (data version, generation), then the rows of DocumentRow, InitiativeRow, FundingRow, AcronymRow as
# SQLite returns them: ``build_snapshot`` names them off the event loop.
SnapshotRows = tuple[tuple[int, str], list[Any], list[Any], list[Any], list[Any]]


async def snapshot_rows(conn: aiosqlite.Connection, *, body_text: bool = False) -> SnapshotRows:
    """Every row the snapshot needs, as plain tuples; run inside one read transaction.

    Body texts are left out unless asked for: nothing in memory needs them (search runs in
    SQLite) and they are most of the bytes — hundreds of megabytes at scale.
    """
    state = await read_data_state(conn)
    columns = DOCUMENT_COLUMNS if body_text else DOCUMENT_COLUMNS_NO_BODY
    documents = await conn.execute_fetchall(f"SELECT {columns} FROM documents d ORDER BY d.id")
    initiatives = await conn.execute_fetchall(
        f"SELECT {INITIATIVE_COLUMNS} FROM initiatives ORDER BY document_id, ord")
    funding = await conn.execute_fetchall(f"SELECT {FUNDING_COLUMNS} FROM funding ORDER BY document_id, position")
    acronyms = await conn.execute_fetchall(f"SELECT {ACRONYM_COLUMNS} FROM acronyms ORDER BY document_id, short")
    return state, list(documents), list(initiatives), list(funding), list(acronyms)


def build_snapshot(rows: SnapshotRows) -> Snapshot:
    """Records from ``snapshot_rows``; pure Python, safe to run off the event loop."""
    (version, generation), documents, initiatives, funding, acronyms = rows
    decoded = Decoded()
    return Snapshot(
        version=version,
        generation=generation,
        documents=tuple(document_record(row, decoded) for row in map(DocumentRow._make, documents)),
        initiatives=tuple(
            InitiativeRecord(
                row.id, row.document_id, row.title, row.section, row.order, row.text, decoded.links(row.links),
                decoded.strings(row.acronyms),
            )
            for row in map(InitiativeRow._make, initiatives)
        ),
        funding=tuple(
            FundingRecord(
                row.id, row.document_id, row.initiative_id, row.amount_usd, row.text, row.qualifier, row.sentence,
                row.category, row.fiscal_year, bool(row.counted), row.reason, row.parent_id, row.position,
            )
            for row in map(FundingRow._make, funding)
        ),
        acronyms=tuple(AcronymRecord(row.document_id, row.short, row.full) for row in map(AcronymRow._make, acronyms)),
    )


async def search(
    conn: aiosqlite.Connection, text: str, *, limit: int, offset: int
) -> SearchResults:
    """Documents and initiatives matching every word of ``text``, best first (bm25, title × 10)."""
    query = fts_query(text)
    limit = max(0, limit)
    offset = max(0, offset)
    if query is None:
        return SearchResults(text, (), 0, offset, limit)
    rows = await conn.execute_fetchall(
        """SELECT 'document', d.id, NULL, d.title, snippet(documents_fts, -1, '**', '**', '…', 16),
                  d.title, d.source_url, bm25(documents_fts, 10.0, 1.0) AS rank
             FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
            WHERE documents_fts MATCH :q
           UNION ALL
           SELECT 'initiative', i.document_id, i.id, i.title, snippet(initiatives_fts, -1, '**', '**', '…', 16),
                  d.title, d.source_url, bm25(initiatives_fts, 10.0, 1.0) AS rank
             FROM initiatives_fts JOIN initiatives i ON i.id = initiatives_fts.rowid
                  JOIN documents d ON d.id = i.document_id
            WHERE initiatives_fts MATCH :q
           ORDER BY rank, 2, 3
           LIMIT :limit OFFSET :offset""",
        {"q": query, "limit": limit, "offset": offset},
    )
    total = await fetch_all(conn,
        """SELECT (SELECT count(*) FROM documents_fts WHERE documents_fts MATCH :q)
                + (SELECT count(*) FROM initiatives_fts WHERE initiatives_fts MATCH :q)""",
        {"q": query},
    )
    hits = tuple(SearchHit(*row[:7]) for row in rows)
    return SearchResults(text, hits, total[0][0], offset, limit)


# ---- export ---------------------------------------------------------------------------------


async def export_rows(conn: aiosqlite.Connection, what: str) -> list[dict[str, Any]]:
    """One table as plain dicts (the export format), in document then reading order."""
    if what == "documents":
        rows = await conn.execute_fetchall(
            """SELECT d.title, d.date, d.source_url, d.path, d.tags,
                      (SELECT count(*) FROM initiatives i WHERE i.document_id = d.id)
                 FROM documents d ORDER BY d.date IS NULL, d.date, d.title, d.id"""
        )
        return [
            {"title": title, "date": date, "source_url": url, "path": path, "tags": json.loads(tags),
             "initiative_count": count}
            for title, date, url, path, tags, count in rows
        ]
    if what == "initiatives":
        rows = await conn.execute_fetchall(
            """SELECT d.title, i.title, i.section, i.text, d.source_url
                 FROM initiatives i JOIN documents d ON d.id = i.document_id
             ORDER BY d.date IS NULL, d.date, d.title, d.id, i.ord"""
        )
        return [
            {"document_title": doc_title, "title": title, "section": section, "text": text,
             "source_url": url}
            for doc_title, title, section, text, url in rows
        ]
    if what == "funding":
        rows = await conn.execute_fetchall(
            """SELECT d.title, d.source_url, i.title, f.amount_usd, f.text, f.qualifier, f.category,
                      f.fiscal_year, f.counted, f.reason, f.position, f.sentence, p.position
                 FROM funding f JOIN documents d ON d.id = f.document_id
                      LEFT JOIN initiatives i ON i.id = f.initiative_id
                      LEFT JOIN funding p ON p.id = f.parent_id
             ORDER BY d.date IS NULL, d.date, d.title, d.id, f.position"""
        )
        out = []
        for (doc_title, url, initiative, amount, text, qualifier, category, fiscal_year, counted, reason, position,
             sentence, parent_position) in rows:
            kind, source = kind_and_source(category)
            out.append({
                "document_title": doc_title, "source_url": url, "initiative": initiative,
                "amount_usd": _number(amount), "text": text, "qualifier": qualifier, "category": category,
                "fiscal_year": fiscal_year, "counted": bool(counted), "reason": reason, "kind": kind,
                "source": source, "relation": _relation(reason, parent_position), "position": position,
                "sentence": sentence,
            })
        return out
    raise ValueError(f"unknown export table {what!r}: choose one of {', '.join(EXPORT_TABLES)}")


def _relation(reason: str | None, parent_position: int | None) -> str | None:
    """"part of #3" / "repeat of #2": the related figure of the same sheet, by its position."""
    if parent_position is None:
        return None
    return f"{relation_of(reason) or 'part of'} #{parent_position}"


def _number(amount: float) -> int | float:
    """Whole dollar amounts as integers, so exports read 535000000 rather than 535000000.0."""
    return int(amount) if float(amount).is_integer() else amount
