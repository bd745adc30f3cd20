"""Documents, initiatives, funding and acronyms on PostgreSQL: the twin of ``bot.store.documents``.

Rows are the ones ``prepare_rows`` makes for SQLite; records are built by the same functions
(``build_snapshot``, ``document_record``), so both backends hand out the same records. A sheet is
written in one transaction with a few round trips (each table in one ``unnest`` statement).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import asyncpg

from bot.model import DocumentRecord, kind_and_source
from bot.store.documents import (
    ADDED,
    UNCHANGED,
    UPDATED,
    YIELDED,
    IngestOutcome,
    PreparedDocument,
    SearchHit,
    SearchResults,
    SnapshotRows,
    _number,
    _relation,
    document_record,
    utc_now,
)
from bot.store.rows import (
    DOCUMENT_COLUMNS,
    DOCUMENT_COLUMNS_NO_BODY,
    FUNDING_COLUMNS,
    INITIATIVE_COLUMNS,
    AcronymRow,
    DocumentRow,
    select_list,
)

# "full" is a reserved word in PostgreSQL: the one column that must be quoted.
ACRONYM_COLUMNS = select_list(AcronymRow, {"full": '"full"'})
NOTIFY_CHANNEL = "briefbot_data"  # every change of the data is announced here (LISTEN/NOTIFY)

READ_DATA_STATE = "SELECT key, value FROM meta WHERE key IN ('data_version', 'generation')"
# The bump also tells every listening process, when (and only if) the transaction commits.
BUMP_DATA_VERSION = """
    WITH bumped AS (
        UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'data_version' RETURNING value
    )
    SELECT pg_notify('briefbot_data', value) FROM bumped"""
NEW_GENERATION = ("INSERT INTO meta (key, value) VALUES ('generation', replace(gen_random_uuid()::text, '-', ''))"
                  " ON CONFLICT (key) DO UPDATE SET value = excluded.value")


async def bump_data_version(conn: asyncpg.Connection) -> None:
    await conn.execute(BUMP_DATA_VERSION)
    await conn.execute(NEW_GENERATION)


async def write_prepared(
    conn: asyncpg.Connection, prepared: PreparedDocument,
    yields_to: Callable[[PreparedDocument, str], bool] | None = None,
) -> IngestOutcome:
    """``documents.write_prepared`` on PostgreSQL, inside the caller's transaction."""
    found = await conn.fetchrow(
        "SELECT id, content_hash, path FROM documents WHERE identity = $1 FOR UPDATE", prepared.identity)
    ingested_at = utc_now()
    if found is not None:
        document_id, old_hash, old_path = found
        unchanged = old_hash == prepared.content_hash
        if unchanged or (yields_to is not None and old_path != prepared.path and yields_to(prepared, old_path)):
            count = await conn.fetchval("SELECT count(*) FROM initiatives WHERE document_id = $1", document_id)
            return IngestOutcome(UNCHANGED if unchanged else YIELDED, int(document_id), int(count))
        await _delete_rows(conn, document_id)
        await conn.execute(
            """UPDATE documents SET path = $1, title = $2, date = $3, published_time = $4, source_url = $5,
                   tags = $6, body_text = $7, content_hash = $8, warnings = $9, ingested_at = $10
               WHERE id = $11""",
            *prepared.document, ingested_at, document_id)
        status = UPDATED
    else:
        document_id = await conn.fetchval(
            """INSERT INTO documents (identity, path, title, date, published_time, source_url, tags,
                   body_text, content_hash, warnings, ingested_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id""",
            prepared.identity, *prepared.document, ingested_at)
        status = ADDED
    await _insert_rows(conn, int(document_id), prepared)
    await bump_data_version(conn)
    return IngestOutcome(status, int(document_id), prepared.initiative_count)


async def _delete_rows(conn: asyncpg.Connection, document_id: int) -> None:
    await conn.execute("DELETE FROM funding WHERE document_id = $1", document_id)
    await conn.execute("DELETE FROM initiatives WHERE document_id = $1", document_id)
    await conn.execute("DELETE FROM acronyms WHERE document_id = $1", document_id)


async def _insert_rows(conn: asyncpg.Connection, document_id: int, prepared: PreparedDocument) -> None:
    initiative_ids: dict[int, int] = {}
    if prepared.initiatives:
        columns = list(zip(*prepared.initiatives, strict=True))
        rows = await conn.fetch(
            """INSERT INTO initiatives (document_id, ord, title, section, text, links, acronyms, plain)
               SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                                        $8::text[])
               RETURNING ord, id""",
            document_id, *columns)
        initiative_ids = {int(row["ord"]): int(row["id"]) for row in rows}
    if prepared.funding:
        for row in prepared.funding:
            if row[0] is not None and row[0] not in initiative_ids:
                raise ValueError(
                    f"funding {row[3]!r} belongs to initiative #{row[0]}, which the document does not have")
        positions = {row[1] for row in prepared.funding}
        for row in prepared.funding:
            if row[10] is not None and row[10] not in positions:
                raise ValueError(f"funding {row[3]!r} is part of a mention the document does not have")
        rows_in = [(None if row[0] is None else initiative_ids[row[0]], *row[1:10]) for row in prepared.funding]
        columns = list(zip(*rows_in, strict=True))
        inserted = await conn.fetch(
            """INSERT INTO funding (document_id, initiative_id, position, amount_usd, text, qualifier, sentence,
                                    category, fiscal_year, counted, reason)
               SELECT $1, * FROM unnest($2::bigint[], $3::int[], $4::float8[], $5::text[], $6::text[], $7::text[],
                                        $8::text[], $9::int[], $10::int[], $11::text[])
               RETURNING position, id""",
            document_id, *columns)
        funding_ids = {int(row["position"]): int(row["id"]) for row in inserted}
        nested = [(funding_ids[row[1]], funding_ids[row[10]]) for row in prepared.funding if row[10] is not None]
        if nested:
            ids, parents = zip(*nested, strict=True)
            await conn.execute(
                """UPDATE funding f SET parent_id = p.parent FROM unnest($1::bigint[], $2::bigint[]) AS p (id, parent)
                   WHERE f.id = p.id""", list(ids), list(parents))
    if prepared.acronyms:
        shorts, fulls = zip(*prepared.acronyms, strict=True)
        await conn.execute(
            'INSERT INTO acronyms (document_id, short, "full") SELECT $1, * FROM unnest($2::text[], $3::text[])',
            document_id, list(shorts), list(fulls))


async def remove(conn: asyncpg.Connection, document_id: int) -> DocumentRecord | None:
    """Delete one document and everything of it; inside the caller's transaction."""
    record = await get_document(conn, document_id)
    if record is None:
        return None
    await _delete_rows(conn, document_id)
    await conn.execute("DELETE FROM documents WHERE id = $1", document_id)
    await bump_data_version(conn)
    return record


async def get_document(conn: asyncpg.Connection, document_id: int) -> DocumentRecord | None:
    row = await conn.fetchrow(f"SELECT {DOCUMENT_COLUMNS} FROM documents d WHERE d.id = $1", document_id)
    return document_record(DocumentRow._make(row)) if row is not None else None


def data_state_of(rows: list[Any]) -> tuple[int, str]:
    values = {row[0]: row[1] for row in rows}
    return int(values.get("data_version", 0)), str(values.get("generation", ""))


async def read_data_state(conn: asyncpg.Connection) -> tuple[int, str]:
    return data_state_of(await conn.fetch(READ_DATA_STATE))


async def snapshot_rows(conn: asyncpg.Connection, *, body_text: bool = False) -> SnapshotRows:
    """Every row the snapshot needs, as tuples; run inside one repeatable-read transaction."""
    state = await read_data_state(conn)
    columns = DOCUMENT_COLUMNS if body_text else DOCUMENT_COLUMNS_NO_BODY
    documents = await conn.fetch(f"SELECT {columns} FROM documents d ORDER BY d.id")
    initiatives = await conn.fetch(f"SELECT {INITIATIVE_COLUMNS} FROM initiatives ORDER BY document_id, ord")
    funding = await conn.fetch(f"SELECT {FUNDING_COLUMNS} FROM funding ORDER BY document_id, position")
    acronyms = await conn.fetch(f"SELECT {ACRONYM_COLUMNS} FROM acronyms ORDER BY document_id, short")
    return (state, [tuple(r) for r in documents], [tuple(r) for r in initiatives], [tuple(r) for r in funding],
            [tuple(r) for r in acronyms])


# ---- search ---------------------------------------------------------------------------------------

# ts_headline options as close to FTS5's snippet(…, '**', '**', '…', 16) as it goes: one fragment
# of at most 16 words around the match.
_HEADLINE = "StartSel=**, StopSel=**, MaxWords=16, MinWords=6, ShortWord=0, MaxFragments=1"


async def search(conn: asyncpg.Connection, words: str | None, text: str, *, limit: int,
                 offset: int) -> SearchResults:
    """Documents and initiatives matching every word, best first (title weight 1.0, text 0.1)."""
    limit = max(0, limit)
    offset = max(0, offset)
    if words is None:
        return SearchResults(text, (), 0, offset, limit)
    rows = await conn.fetch(
        f"""WITH q AS (SELECT plainto_tsquery('simple', $1) AS q),
            hits AS (
                SELECT 'document' AS kind, d.id AS document_id, NULL::bigint AS initiative_id, d.title,
                       d.body_text AS body, d.title AS document_title, d.source_url, ts_rank(d.search, q.q, 1) AS rank
                  FROM documents d, q WHERE d.search @@ q.q
                UNION ALL
                SELECT 'initiative', i.document_id, i.id, i.title, i.plain, d.title, d.source_url,
                       ts_rank(i.search, q.q, 1)
                  FROM initiatives i JOIN documents d ON d.id = i.document_id, q WHERE i.search @@ q.q
            ),
            page AS (
                SELECT * FROM hits ORDER BY rank DESC, document_id, initiative_id NULLS FIRST LIMIT $2 OFFSET $3
            )
            SELECT kind, document_id, initiative_id, title, document_title, source_url, body,
                   ts_headline('simple', body, q.q, '{_HEADLINE}'),
                   ts_headline('simple', title, q.q, '{_HEADLINE}'),
                   (SELECT count(*) FROM hits)
              FROM page, q ORDER BY rank DESC, document_id, initiative_id NULLS FIRST""",
        words, limit, offset)
    if not rows:
        total = await conn.fetchval(
            """WITH q AS (SELECT plainto_tsquery('simple', $1) AS q)
               SELECT (SELECT count(*) FROM documents d, q WHERE d.search @@ q.q)
                    + (SELECT count(*) FROM initiatives i, q WHERE i.search @@ q.q)""", words)
        return SearchResults(text, (), int(total), offset, limit)
    hits = tuple(
        SearchHit(kind, int(document_id), None if initiative_id is None else int(initiative_id), title,
                  _snippet(body, body_headline, title_headline), document_title, source_url)
        for (kind, document_id, initiative_id, title, document_title, source_url, body, body_headline,
             title_headline, _total) in rows)
    return SearchResults(text, hits, int(rows[0][9]), offset, limit)


def _snippet(body: str, body_headline: str, title_headline: str) -> str:
    """The headline of the text where the words are, else of the title (as FTS5 picks the column),
    with '…' where it cuts the text short."""
    if "**" not in body_headline and "**" in title_headline:
        return title_headline
    plain = body_headline.replace("**", "").strip()
    if not plain:
        return body_headline
    flat = " ".join(body.split())
    shown = " ".join(plain.split())
    start = flat.find(shown)
    prefix = "…" if start > 0 else ""
    suffix = "…" if start < 0 or start + len(shown) < len(flat) else ""
    return prefix + body_headline.strip() + suffix


# ---- export ---------------------------------------------------------------------------------------


async def export_rows(conn: asyncpg.Connection, what: str) -> list[dict[str, Any]]:
    """``documents.export_rows`` on PostgreSQL: the same dicts in the same order."""
    if what == "documents":
        rows = await conn.fetch(
            """SELECT d.title, d.date, d.source_url, d.path, d.tags,
                      (SELECT count(*) FROM initiatives i WHERE i.document_id = d.id)
                 FROM documents d ORDER BY d.date IS NULL, d.date, d.title, d.id""")
        return [
            {"title": title, "date": date, "source_url": url, "path": path, "tags": json.loads(tags),
             "initiative_count": int(count)}
            for title, date, url, path, tags, count in rows
        ]
    if what == "initiatives":
        rows = await conn.fetch(
            """SELECT d.title, i.title, i.section, i.text, d.source_url
                 FROM initiatives i JOIN documents d ON d.id = i.document_id
             ORDER BY d.date IS NULL, d.date, d.title, d.id, i.ord""")
        return [
            {"document_title": doc_title, "title": title, "section": section, "text": text, "source_url": url}
            for doc_title, title, section, text, url in rows
        ]
    if what == "funding":
        rows = await conn.fetch(
            """SELECT d.title, d.source_url, i.title, f.amount_usd, f.text, f.qualifier, f.category,
                      f.fiscal_year, f.counted, f.reason, f.position, f.sentence, p.position
                 FROM funding f JOIN documents d ON d.id = f.document_id
                      LEFT JOIN initiatives i ON i.id = f.initiative_id
                      LEFT JOIN funding p ON p.id = f.parent_id
             ORDER BY d.date IS NULL, d.date, d.title, d.id, f.position""")
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
    from bot.store.documents import EXPORT_TABLES

    raise ValueError(f"unknown export table {what!r}: choose one of {', '.join(EXPORT_TABLES)}")
