"""A connection pool with reconnect-and-retry, and ``Db`` (``bot.store._db``) over it.

asyncpg's pool replaces a connection the server closed when it is next acquired; what remains
is the work that was on the wire when the server went away, or that starts while it is down
(a restart takes seconds). Work that is safe to repeat — every read, the ingest of a sheet
(content-hashed: a second run of a committed sheet finds it unchanged) — is retried until
``RETRY_SECONDS`` have passed. A transaction whose body already ran is never repeated: its
caller gets a ``StoreError`` and decides (a digest claim, for one, is then re-read, not redone).

Nothing waits on the pool for ever: a connection is handed out within ``ACQUIRE_SECONDS`` or the
caller gets a ``StoreError`` saying every connection is busy, and ``close`` gives connections
still in use ``CLOSE_SECONDS`` before it closes them by force (asyncpg's own ``close`` would wait
for them indefinitely). A task cancelled while its transaction was being begun gives its
connection back: left checked out, it would hold ``close`` up for good.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, TypeVar

import asyncpg

from bot.dburl import DatabaseUrl
from bot.store._db import Row, Tx
from bot.store.base import DatabaseDamagedError, DatabaseReadOnlyError, StoreError

T = TypeVar("T")

RETRY_SECONDS = 30.0
ACQUIRE_SECONDS = 30.0  # the longest anything waits for a free connection of the pool
CLOSE_SECONDS = 10.0  # the longest ``close`` waits for connections still in use
POOL_MAX = 4  # per process: the bot's reads are rare (answers come from memory)

log = logging.getLogger(__name__)


class PoolBusyError(StoreError):
    """Every connection of the pool stayed in use for ``ACQUIRE_SECONDS``."""

# Errors that mean the connection or the server, not the statement: the work may be tried again.
CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    asyncio.TimeoutError,
    asyncpg.PostgresConnectionError,  # includes ConnectionDoesNotExistError, ConnectionFailureError
    asyncpg.CannotConnectNowError,  # starting up or shutting down
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.InterfaceError,  # "connection is closed", "pool is closing" …
)

_PLACEHOLDER = re.compile(r"'(?:[^']|'')*'|\?")


@functools.lru_cache(maxsize=512)
def numbered(sql: str) -> str:
    """``?`` placeholders as PostgreSQL's ``$1``, ``$2``, … (question marks in quotes stay)."""
    count = 0

    def number(match: re.Match[str]) -> str:
        nonlocal count
        if match.group(0) != "?":
            return match.group(0)
        count += 1
        return f"${count}"

    return _PLACEHOLDER.sub(number, sql)


def rowcount(status: str) -> int:
    """How many rows a statement changed, from its status: ``INSERT 0 1`` → 1, ``UPDATE 3`` → 3."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


def is_connection_error(exc: BaseException) -> bool:
    return isinstance(exc, CONNECTION_ERRORS)


def fault(exc: BaseException, url: DatabaseUrl) -> StoreError:
    """A one-line ``StoreError`` for a failing server database (the URL without its password)."""
    if isinstance(exc, StoreError):
        return exc
    text = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, asyncpg.ReadOnlySQLTransactionError):
        return DatabaseReadOnlyError(f"the database {url} is read-only ({text}): it can be read but not changed")
    if isinstance(exc, asyncpg.UndefinedTableError | asyncpg.UndefinedColumnError):
        return DatabaseDamagedError(f"the database {url} is damaged: part of it is missing ({text}); restore a "
                                    "backup (pg_restore), or migrate the fact sheets into a new database")
    if isinstance(exc, asyncpg.InvalidCatalogNameError):
        return StoreError(f"cannot open the database {url}: it does not exist ({text}); create it with: "
                          f"createdb {url.database}")
    if is_connection_error(exc):
        return StoreError(f"cannot reach the database {url}: {text}; is the server running?")
    return StoreError(f"cannot use the database {url}: {text}")


def is_fault(exc: BaseException) -> bool:
    """Whether ``exc`` is about the database server itself rather than what was asked of it."""
    return is_connection_error(exc) or isinstance(exc, asyncpg.ReadOnlySQLTransactionError
                                                  | asyncpg.UndefinedTableError | asyncpg.UndefinedColumnError
                                                  | asyncpg.InvalidCatalogNameError
                                                  | asyncpg.InsufficientPrivilegeError)


class Pool:
    """The store's pool, opened lazily again after it broke, with retries of repeatable work."""

    def __init__(self, url: DatabaseUrl, *, max_size: int = POOL_MAX) -> None:
        self.url = url
        self._max_size = max_size
        self._pool: asyncpg.Pool | None = None
        self._opening = asyncio.Lock()

    async def _get(self) -> asyncpg.Pool:
        if self._pool is not None:
            return self._pool
        async with self._opening:
            if self._pool is None:
                self._pool = await asyncpg.create_pool(self.url.secret, min_size=1, max_size=self._max_size,
                                                       command_timeout=120)
            return self._pool

    async def open(self) -> None:
        await self._get()

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        try:
            await asyncio.wait_for(pool.close(), CLOSE_SECONDS)
        except TimeoutError:
            log.warning("closing the database %s: a connection was still in use after %.0f s; closed it by force",
                        self.url, CLOSE_SECONDS)
            pool.terminate()

    async def _acquire(self, pool: asyncpg.Pool) -> asyncpg.Connection:
        """A connection of the pool, or ``PoolBusyError`` when none came free in ``ACQUIRE_SECONDS``."""
        try:
            return await pool.acquire(timeout=ACQUIRE_SECONDS)
        except TimeoutError as exc:
            if pool.get_idle_size() == 0 and pool.get_size() >= pool.get_max_size():
                raise PoolBusyError(
                    f"the database {self.url}: all {pool.get_max_size()} connections of this process stayed in "
                    f"use for {ACQUIRE_SECONDS:.0f} s; something holds them (see the log)") from exc
            raise  # connecting timed out: a connection error, retried like the others

    async def run(self, work: Callable[[asyncpg.Connection], Awaitable[T]], *, retry: bool = True) -> T:
        """``work(connection)``; on a connection error, again on a fresh connection while
        ``RETRY_SECONDS`` last, if ``retry`` (the work must be safe to repeat)."""
        deadline = time.monotonic() + RETRY_SECONDS
        pause = 0.05
        while True:
            try:
                pool = await self._get()
                conn = await self._acquire(pool)
                try:
                    return await work(conn)
                finally:
                    await _release_quietly(pool, conn)
            except CONNECTION_ERRORS as exc:
                if not retry or time.monotonic() >= deadline:
                    raise fault(exc, self.url) from exc
            except asyncpg.PostgresError as exc:
                if is_fault(exc):
                    raise fault(exc, self.url) from exc
                raise
            await asyncio.sleep(pause)
            pause = min(pause * 2, 1.0)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[asyncpg.Connection]:
        """One transaction on one connection: committed whole when the block ends, rolled back
        whole on any error. Getting a connection and beginning are retried; the block is not."""
        deadline = time.monotonic() + RETRY_SECONDS
        pause = 0.05
        while True:
            conn: asyncpg.Connection | None = None
            pool: asyncpg.Pool | None = None
            try:
                pool = await self._get()
                conn = await self._acquire(pool)
                tx = conn.transaction()
                await tx.start()
                break
            except BaseException as exc:  # cancelled too: the connection must go back to the pool
                if conn is not None and pool is not None:
                    if isinstance(exc, CONNECTION_ERRORS):
                        await _release_quietly(pool, conn)
                    else:  # stopped half-way through BEGIN: not fit to hand out again; this hands it back
                        conn.terminate()
                if isinstance(exc, PoolBusyError) or not isinstance(exc, CONNECTION_ERRORS):
                    raise
                if time.monotonic() >= deadline:
                    raise fault(exc, self.url) from exc
            await asyncio.sleep(pause)
            pause = min(pause * 2, 1.0)
        try:
            try:
                yield conn
            except BaseException:
                if not conn.is_closed():
                    await tx.rollback()
                raise
            await tx.commit()
        except CONNECTION_ERRORS as exc:
            raise fault(exc, self.url) from exc
        except asyncpg.PostgresError as exc:
            if is_fault(exc):
                raise fault(exc, self.url) from exc
            raise
        finally:
            await _release_quietly(pool, conn)


async def _release_quietly(pool: asyncpg.Pool, conn: asyncpg.Connection) -> None:
    try:
        await pool.release(conn)
    except CONNECTION_ERRORS:  # the connection broke: the pool opens a new one next time
        conn.terminate()


class _PgTx:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Sequence[object] = ()) -> int:
        return rowcount(await self._conn.execute(numbered(sql), *params))

    async def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        rows = list(rows)
        if rows:
            await self._conn.executemany(numbered(sql), rows)

    async def fetch(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        return [tuple(row) for row in await self._conn.fetch(numbered(sql), *params)]


class PgDb:
    """``Db`` over the pool: reads are retried; a transaction is begun (with retries) and then
    committed whole or rolled back whole."""

    def __init__(self, pool: Pool) -> None:
        self._pool = pool

    async def fetch(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        text = numbered(sql)

        async def read(conn: asyncpg.Connection) -> list[Row]:
            return [tuple(row) for row in await conn.fetch(text, *params)]

        return await self._pool.run(read)

    def transaction(self) -> AbstractAsyncContextManager[Tx]:
        return self._transaction()

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[Tx]:
        async with self._pool.transaction() as conn:
            yield _PgTx(conn)


def rows_of(records: Iterable[Any]) -> list[Row]:
    return [tuple(record) for record in records]
