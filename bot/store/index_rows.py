"""The rows an index is built from, read synchronously in one read transaction.

The index builder may run in a separate process (so that a large rebuild never competes with
the bot's event loop for the GIL); it opens its own read-only connection here and streams
the rows straight into the index's columns instead of making a record object per row.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from bot.dburl import DatabaseUrl, parse_target
from bot.store.documents import _READ_DATA_STATE, Decoded, data_state_of, document_record
from bot.store.rows import (
    ACRONYM_COLUMNS,
    DOCUMENT_COLUMNS_NO_BODY,
    FUNDING_COLUMNS,
    INITIATIVE_COLUMNS,
    AcronymRow,
    DocumentRow,
    FundingRow,
    IndexRows,
    InitiativeRow,
    RowT,
)

T = TypeVar("T")


def _per_document(conn: sqlite3.Connection, sql: str,
                  row_type: Callable[[Sequence[object]], RowT]) -> Callable[[Sequence[int]], Iterator[RowT]]:
    """Rows of each given document in turn (one indexed query per document, in the order given)."""
    def rows_of(document_ids: Sequence[int]) -> Iterator[RowT]:
        for document_id in document_ids:
            yield from map(row_type, conn.execute(sql, (document_id,)))
    return rows_of


def read_index_rows(db_path: Path | str | DatabaseUrl, build: Callable[[IndexRows], T]) -> T:
    """Call ``build(rows)`` with an ``IndexRows`` streamed from the database, in one snapshot.

    ``rows.initiatives`` and ``rows.funding`` read from the open read transaction, so ``build``
    must consume them before returning. A PostgreSQL database is read by
    ``bot.store.postgres.index_rows`` (same rows, same order).
    """
    target = parse_target(db_path) if isinstance(db_path, str) else db_path
    if isinstance(target, DatabaseUrl):
        from bot.store.postgres.index_rows import read_index_rows as read_from_server

        return read_from_server(target, build)
    uri = f"{Path(target).resolve().as_uri()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    try:
        conn.execute("BEGIN")  # every read below sees the same committed state
        version, generation = data_state_of(conn.execute(_READ_DATA_STATE))
        decoded = Decoded()
        documents = [document_record(DocumentRow._make(row), decoded) for row in conn.execute(
            f"SELECT {DOCUMENT_COLUMNS_NO_BODY} FROM documents d ORDER BY d.id")]
        return build(IndexRows(
            version=version,
            generation=generation,
            documents=documents,
            initiatives=_per_document(
                conn, f"SELECT {INITIATIVE_COLUMNS} FROM initiatives WHERE document_id = ? ORDER BY ord",
                InitiativeRow._make),
            funding=_per_document(
                conn, f"SELECT {FUNDING_COLUMNS} FROM funding WHERE document_id = ? ORDER BY position",
                FundingRow._make),
            acronyms=map(AcronymRow._make, conn.execute(
                f"SELECT {ACRONYM_COLUMNS} FROM acronyms ORDER BY document_id, short")),
        ))
    finally:
        conn.close()
