"""Transactions on a shared aiosqlite connection.

One connection is shared by every coroutine of a process (documents and per-guild state alike).
SQLite transactions belong to the connection, not to the coroutine, so two coroutines that each
run ``BEGIN … COMMIT`` would interleave their statements inside one transaction. Everything
that touches the connection therefore holds the connection's lock from ``lock_for``.
"""

from __future__ import annotations

import asyncio
import sqlite3
import weakref
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

import aiosqlite

_LOCKS: weakref.WeakKeyDictionary[aiosqlite.Connection, asyncio.Lock] = weakref.WeakKeyDictionary()


def lock_for(conn: aiosqlite.Connection) -> asyncio.Lock:
    """The lock every user of ``conn`` holds while it runs statements on it."""
    lock = _LOCKS.get(conn)
    if lock is None:
        lock = _LOCKS[conn] = asyncio.Lock()
    return lock


@asynccontextmanager
async def transaction(conn: aiosqlite.Connection, *, write: bool = True) -> AsyncIterator[aiosqlite.Connection]:
    """Run the block as one transaction: it commits whole or rolls back whole.

    ``write=True`` takes SQLite's write lock up front (``BEGIN IMMEDIATE``), so a concurrent
    writer in another process waits for ``busy_timeout`` instead of failing half-way. A read
    transaction (``write=False``) sees one consistent version of the database throughout.
    The connection must be in autocommit mode (``isolation_level=None``).
    """
    async with lock_for(conn):
        await conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                await conn.execute("ROLLBACK")
            raise
        await conn.execute("COMMIT")


def split_statements(script: str) -> Iterable[str]:
    """Split an SQL script into statements (triggers keep their inner semicolons).

    ``executescript`` would commit any open transaction first, so migrations run their
    statements one by one inside a transaction of their own instead.
    """
    buffer = ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            statement = buffer.strip()
            buffer = ""
            if _has_code(statement):
                yield statement
    if _has_code(buffer):
        raise ValueError(f"incomplete SQL statement: {buffer.strip()[:80]!r}")


def _has_code(statement: str) -> bool:
    lines = (line.split("--", 1)[0] for line in statement.splitlines())
    return any(line.strip(" \t;") for line in lines)
