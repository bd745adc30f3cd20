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
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from typing import Any, TypeVar, cast

import aiosqlite

T = TypeVar("T")

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


async def fetch_all(conn: aiosqlite.Connection, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
    """``execute_fetchall`` typed as what it returns here: plain tuples (no row factory is set).
    The caller holds the connection's lock, as for any statement."""
    return cast(list[tuple[Any, ...]], list(await conn.execute_fetchall(sql, params)))


async def run_on_connection(conn: aiosqlite.Connection, fn: Callable[[sqlite3.Connection], T]) -> T:
    """Run ``fn`` with the plain ``sqlite3`` connection, in the connection's own thread.

    Each aiosqlite call is a thread hand-off plus an event-loop wake-up (tens of microseconds of
    CPU), against about a microsecond for a statement through ``sqlite3`` directly; work made of
    many small statements runs them all in one hop instead. The caller holds ``lock_for(conn)``
    or a ``transaction``, as for any other statement. aiosqlite queues ``_execute`` calls on its
    one thread in order, so this interleaves with nothing.
    """
    result: T = await conn._execute(lambda: fn(conn._conn))
    return result


async def run_in_transaction(
    conn: aiosqlite.Connection, fn: Callable[[sqlite3.Connection], T], *, write: bool = True
) -> T:
    """``fn`` as one whole transaction (BEGIN … COMMIT, ROLLBACK on any error), in one hop.

    Same guarantees as ``transaction``, with the lock held; the transaction is opened and closed
    in the database thread itself, so a cancelled caller cannot leave it half-done: it commits or
    rolls back whole regardless.
    """

    def run(db: sqlite3.Connection) -> T:
        db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            result = fn(db)
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return result

    async with lock_for(conn):
        return await run_on_connection(conn, run)


async def run_each_in_transaction(
    conn: aiosqlite.Connection,
    fns: Sequence[Callable[[sqlite3.Connection], T]],
    *,
    caught: tuple[type[Exception], ...] = (sqlite3.Error,),
) -> list[T | Exception]:
    """Each of ``fns`` as a whole transaction of its own, one after the other, all in one hop.

    The same guarantees as ``run_in_transaction`` for every one of them; what saves time is the
    single hand-off to the database thread for the lot. A ``caught`` exception rolls back that
    one transaction and takes its place in the results, and the next one still runs; anything
    else rolls back and stops the lot (earlier ones stay committed).
    """

    def run(db: sqlite3.Connection) -> list[T | Exception]:
        results: list[T | Exception] = []
        for fn in fns:
            try:
                db.execute("BEGIN IMMEDIATE")
                result = fn(db)
                db.execute("COMMIT")
            except caught as exc:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                results.append(exc)
                continue
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
            results.append(result)
        return results

    async with lock_for(conn):
        return await run_on_connection(conn, run)


@asynccontextmanager
async def wal_checkpoints_every(conn: aiosqlite.Connection, pages: int) -> AsyncIterator[None]:
    """Checkpoint the write-ahead log automatically every ``pages`` pages (not fewer than now)
    inside the block, then as before.

    A bulk ingest commits a transaction per sheet and rewrites the same hot pages (index ends,
    search-index structure) in each; the larger the log between checkpoints, the fewer times
    each of them is copied into the database file. The log is still checkpointed as it fills.
    """
    async with lock_for(conn):
        rows = await conn.execute_fetchall("PRAGMA wal_autocheckpoint")
        previous = int(next(iter(rows))[0])
        if pages > previous:
            await conn.execute(f"PRAGMA wal_autocheckpoint = {int(pages)}")
    try:
        yield
    finally:
        if pages > previous:
            try:
                async with lock_for(conn):
                    await conn.execute(f"PRAGMA wal_autocheckpoint = {previous}")
            except (ValueError, sqlite3.Error):  # the connection closed meanwhile: nothing to restore
                pass


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
