"""One small statement interface over both backends, for the per-guild and per-source state.

Digest, sources (and follows) state is plain SQL that both SQLite and PostgreSQL understand:
``INSERT … ON CONFLICT``, ``excluded.``, window functions. Each of those modules is written once
against ``Db``; a backend supplies the ``Db``: ``SqliteDb`` over the shared aiosqlite connection
(and its lock), ``bot.store.postgres.db.PgDb`` over a connection pool. Statements use ``?``
placeholders; the PostgreSQL side numbers them (``$1``, ``$2``, …) once per statement.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, Protocol

import aiosqlite

from bot.store._tx import fetch_all, lock_for, transaction

Row = tuple[Any, ...]


class Tx(Protocol):
    """Statements inside one transaction."""

    async def execute(self, sql: str, params: Sequence[object] = ()) -> int:
        """Run one statement; returns how many rows it changed."""
        ...

    async def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None: ...

    async def fetch(self, sql: str, params: Sequence[object] = ()) -> list[Row]: ...


class Db(Protocol):
    """Reads on their own, and transactions that commit whole or roll back whole."""

    async def fetch(self, sql: str, params: Sequence[object] = ()) -> list[Row]: ...

    def transaction(self) -> AbstractAsyncContextManager[Tx]: ...


class _SqliteTx:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Sequence[object] = ()) -> int:
        cursor = await self._conn.execute(sql, tuple(params))
        return int(cursor.rowcount)

    async def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        await self._conn.executemany(sql, [tuple(row) for row in rows])

    async def fetch(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        return await fetch_all(self._conn, sql, tuple(params))


class SqliteDb:
    """``Db`` over the store's shared aiosqlite connection, holding its lock like every user of it."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def fetch(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        async with lock_for(self._conn):
            return await fetch_all(self._conn, sql, tuple(params))

    def transaction(self) -> AbstractAsyncContextManager[Tx]:
        return self._transaction()

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[Tx]:
        async with transaction(self._conn):
            yield _SqliteTx(self._conn)
