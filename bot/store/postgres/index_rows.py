"""The rows an index is built from, read from PostgreSQL in one repeatable-read transaction.

The twin of ``bot.store.index_rows`` for a child process building the index of a server
database: the same row shapes in the same order. The rows are fetched whole (asyncpg has no
synchronous reader), then handed to ``build`` per document as the SQLite reader streams them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

import asyncpg

from bot.dburl import DatabaseUrl
from bot.store.documents import Decoded, document_record
from bot.store.postgres.documents import ACRONYM_COLUMNS, read_data_state
from bot.store.rows import (
    DOCUMENT_COLUMNS_NO_BODY,
    FUNDING_COLUMNS,
    INITIATIVE_COLUMNS,
    AcronymRow,
    DocumentRow,
    FundingRow,
    IndexRows,
    InitiativeRow,
    _in_order,
)

T = TypeVar("T")


async def _fetch(url: DatabaseUrl) -> tuple[tuple[int, str], list[Any], list[Any], list[Any], list[Any]]:
    conn = await asyncpg.connect(url.secret)
    try:
        async with conn.transaction(isolation="repeatable_read", readonly=True):
            state = await read_data_state(conn)
            documents = await conn.fetch(f"SELECT {DOCUMENT_COLUMNS_NO_BODY} FROM documents d ORDER BY d.id")
            initiatives = await conn.fetch(
                f"SELECT {INITIATIVE_COLUMNS} FROM initiatives ORDER BY document_id, ord")
            funding = await conn.fetch(f"SELECT {FUNDING_COLUMNS} FROM funding ORDER BY document_id, position")
            acronyms = await conn.fetch(f"SELECT {ACRONYM_COLUMNS} FROM acronyms ORDER BY document_id, short")
    finally:
        await conn.close()
    return state, documents, initiatives, funding, acronyms


def read_index_rows(url: DatabaseUrl, build: Callable[[IndexRows], T]) -> T:
    """Call ``build(rows)`` with an ``IndexRows`` of one consistent state of the database."""
    (version, generation), documents, initiatives, funding, acronyms = asyncio.run(_fetch(url))
    decoded = Decoded()
    by_document: dict[int, list[InitiativeRow]] = {}
    for row in initiatives:
        item = InitiativeRow._make(row)
        by_document.setdefault(item.document_id, []).append(item)
    funding_by_document: dict[int, list[FundingRow]] = {}
    for row in funding:
        figure = FundingRow._make(row)
        funding_by_document.setdefault(figure.document_id, []).append(figure)
    return build(IndexRows(
        version=version,
        generation=generation,
        documents=[document_record(DocumentRow._make(row), decoded) for row in documents],
        initiatives=_in_order(by_document),
        funding=_in_order(funding_by_document),
        acronyms=[AcronymRow._make(row) for row in acronyms],
    ))
