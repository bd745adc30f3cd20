"""The rows an index is built from, read synchronously in one read transaction.

The index builder may run in a separate process (so that a large rebuild never competes with
the bot's event loop for the GIL); it opens its own read-only connection here and streams
the rows straight into the index's columns instead of making a record object per row.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from bot.model import DocumentRecord, IndexRows
from bot.store.documents import _DOCUMENT_COLUMNS_NO_BODY, _READ_DATA_STATE, data_state_of

T = TypeVar("T")


def _per_document(conn: sqlite3.Connection, sql: str) -> Callable[[Sequence[int]], Iterator[tuple[Any, ...]]]:
    """Rows of each given document in turn (one indexed query per document, in the order given)."""
    def rows_of(document_ids: Sequence[int]) -> Iterator[tuple[Any, ...]]:
        for document_id in document_ids:
            yield from conn.execute(sql, (document_id,))
    return rows_of


def read_index_rows(db_path: Path | str, build: Callable[[IndexRows], T]) -> T:
    """Call ``build(rows)`` with an ``IndexRows`` streamed from the database, in one snapshot.

    ``rows.initiatives`` and ``rows.funding`` read from the open read transaction, so ``build``
    must consume them before returning.
    """
    uri = f"{Path(db_path).resolve().as_uri()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    try:
        conn.execute("BEGIN")  # every read below sees the same committed state
        version, generation = data_state_of(conn.execute(_READ_DATA_STATE))
        documents = [
            DocumentRecord(doc_id, title, dt.date.fromisoformat(date) if date else None, source_url, path,
                           tuple(json.loads(tags)), dt.datetime.fromisoformat(ingested_at), count, body)
            for doc_id, title, date, source_url, path, tags, ingested_at, count, body in conn.execute(
                f"SELECT {_DOCUMENT_COLUMNS_NO_BODY} FROM documents d ORDER BY d.id")
        ]
        return build(IndexRows(
            version=version,
            generation=generation,
            documents=documents,
            initiatives=_per_document(conn, "SELECT id, document_id, title, section, ord, text, links, acronyms"
                                            " FROM initiatives WHERE document_id = ? ORDER BY ord"),
            funding=_per_document(conn, "SELECT id, document_id, initiative_id, amount_usd, text, qualifier,"
                                        " sentence, category, fiscal_year, counted, reason, parent_id, position"
                                        " FROM funding WHERE document_id = ? ORDER BY position"),
            acronyms=conn.execute("SELECT document_id, short, full FROM acronyms ORDER BY document_id, short"),
        ))
    finally:
        conn.close()
