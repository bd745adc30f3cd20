"""The PostgreSQL backend: every machine of a bot on one shared database.

Same interface as the SQLite store (``bot.store.base.Store``), same row shapes and records.
Connections come from a small asyncpg pool per process (``db.Pool``) that reconnects and
retries repeatable work across a server restart. Each fact sheet is one transaction; every
change bumps ``meta.data_version``, draws a new ``generation`` and announces itself on the
``briefbot_data`` channel (LISTEN/NOTIFY), so other machines notice without waiting for a poll.
The schema is migrated by ``meta.schema_version`` under an advisory lock when the store opens.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import re
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import asyncpg

from bot.dburl import DatabaseUrl
from bot.model import DocumentRecord, Snapshot
from bot.store import vectors as _vectors
from bot.store._fts import MAX_TERMS
from bot.store.base import DatabaseTooNewError, Store, StoreError, YieldsTo
from bot.store.digest import DigestStore
from bot.store.documents import (
    MAINTAINED_META_KEYS,
    IngestOutcome,
    PreparedDocument,
    SearchResults,
    build_snapshot,
)
from bot.store.follows import FollowStore
from bot.store.postgres import documents as _documents
from bot.store.postgres import vectors as _pg_vectors
from bot.store.postgres.db import CONNECTION_ERRORS, PgDb, Pool, fault, is_fault
from bot.store.postgres.listen import ChangeListener, advisory_lock
from bot.store.postgres.owners import PgOwners
from bot.store.postgres.schema import MIGRATIONS
from bot.store.sources import SourceStore
from bot.store.vectors import StoredVectors, VectorSource

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+", re.UNICODE)
_MIGRATION_LOCK = 0x62726566_0001  # pg_advisory_xact_lock key: one process migrates at a time
COMMAND_SYNC_LOCK = 0x62726566_0002  # one process syncs slash commands at a time


def search_words(text: str) -> str | None:
    """The words of ``text`` (as FTS5's query is built: ``\\w+``, first 32 distinct), space-separated,
    for ``plainto_tsquery``, which ANDs them and reads no operators; None when there are none."""
    words: list[str] = []
    for word in _WORD.findall(text):
        if word not in words:
            words.append(word)
        if len(words) == MAX_TERMS:
            break
    return " ".join(words) if words else None


class PostgresStore(Store):
    """An open PostgreSQL database. Create with ``await Store.open("postgresql://…")``."""

    backend = "postgresql"

    def __init__(self, pool: Pool, url: DatabaseUrl, *, read_only: bool = False) -> None:
        self._pool = pool
        self.path = url
        self.url = url
        self.read_only = read_only
        db = PgDb(pool)
        self.digest = DigestStore(db, PgOwners(url, db))
        self.sources = SourceStore(db)
        self.follows = FollowStore(db)
        self._db = db  # the reads of initiative vectors (bot/store/vectors.py)
        self._listener: ChangeListener | None = None

    @classmethod
    async def open(cls, target: Any) -> PostgresStore:  # a URL only
        url = target if isinstance(target, DatabaseUrl) else DatabaseUrl(str(target))
        pool = Pool(url)
        try:
            await pool.open()
            store = cls(pool, url)
            read_only = await pool.run(lambda conn: conn.fetchval("SHOW transaction_read_only"))
            store.read_only = read_only == "on"
            await (store._check_schema() if store.read_only else store._migrate())
        except BaseException as exc:
            await pool.close()
            if isinstance(exc, CONNECTION_ERRORS) or (isinstance(exc, asyncpg.PostgresError) and is_fault(exc)):
                raise fault(exc, url) from exc
            raise
        return store

    async def _schema_version(self, conn: asyncpg.Connection) -> int:
        if await conn.fetchval("SELECT to_regclass('meta')") is None:
            return 0
        value = await conn.fetchval("SELECT value FROM meta WHERE key = 'schema_version'")
        return int(value or 0)

    async def _migrate(self) -> None:
        """Bring the schema up to date, one migration per transaction, one process at a time."""
        known = len(MIGRATIONS)
        for number in range(1, known + 1):
            async with self._pool.transaction() as conn:
                await conn.execute("SELECT pg_advisory_xact_lock($1)", _MIGRATION_LOCK)
                current = await self._schema_version(conn)
                if current > known:
                    raise DatabaseTooNewError(
                        f"the database {self.url} was written by a newer version of Briefbot "
                        f"(schema {current}; this version knows up to {known}): upgrade Briefbot to use it")
                if current >= number:
                    continue
                await conn.execute(MIGRATIONS[number - 1])
                await conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema_version', $1)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value", str(number))

    async def _check_schema(self) -> None:
        current = await self._pool.run(self._schema_version)
        if current != len(MIGRATIONS):
            raise StoreError(f"the database {self.url} is read-only and at schema {current}; this version of "
                             f"Briefbot needs {len(MIGRATIONS)}: open it once on the primary server")

    async def close(self) -> None:
        if self._listener is not None:
            await self._listener.stop()
            self._listener = None
        await self.digest.close()
        await self._pool.close()

    async def listen_for_changes(self, wake: Callable[[], None]) -> bool:
        """LISTEN on a connection of its own (``listen.ChangeListener``): every machine's change
        wakes ``wake`` within milliseconds; reconnects after a server restart."""
        if self._listener is None:
            self._listener = ChangeListener(self.url, wake)
            self._listener.start()
        return True

    def command_sync_lock(self, timeout: float) -> AbstractAsyncContextManager[bool]:
        """A session advisory lock (``COMMAND_SYNC_LOCK``) on a connection of its own."""
        return advisory_lock(self.url, COMMAND_SYNC_LOCK, timeout)

    # ---- documents ----------------------------------------------------------------------------

    async def ingest_prepared(self, prepared: PreparedDocument) -> IngestOutcome:
        result = (await self.ingest_batch([prepared]))[0]
        if isinstance(result, Exception):
            raise result
        return result

    async def ingest_batch(
        self, batch: Sequence[PreparedDocument], yields_to: YieldsTo | None = None
    ) -> list[IngestOutcome | Exception]:
        """Each sheet in a transaction of its own, on one connection. A sheet that breaks a rule
        (or the schema) gives its error in its place; a lost connection repeats the sheet — safe,
        since a committed sheet is found unchanged the second time."""
        results: list[IngestOutcome | Exception] = []
        for prepared in batch:

            async def write(conn: asyncpg.Connection, prepared: PreparedDocument = prepared) -> IngestOutcome:
                async with conn.transaction():
                    return await _documents.write_prepared(conn, prepared, yields_to)

            try:
                results.append(await self._pool.run(write))
            except (asyncpg.PostgresError, ValueError) as exc:
                results.append(exc)
        return results

    @asynccontextmanager
    async def bulk_mode(self) -> AsyncIterator[None]:
        """Nothing to tune: PostgreSQL checkpoints on its own schedule."""
        yield

    async def remove_document(self, document_id: int) -> DocumentRecord | None:
        async with self._pool.transaction() as conn:
            return await _documents.remove(conn, document_id)

    async def get_document(self, document_id: int) -> DocumentRecord | None:
        return await self._pool.run(lambda conn: _documents.get_document(conn, document_id))

    async def data_version(self) -> int:
        return (await self.data_state())[0]

    async def data_state(self) -> tuple[int, str]:
        return await self._pool.run(_documents.read_data_state)

    async def snapshot(self, *, body_text: bool = False) -> Snapshot:
        """Every record, read in one repeatable-read transaction (one consistent state)."""

        async def read(conn: asyncpg.Connection) -> Any:
            async with conn.transaction(isolation="repeatable_read", readonly=True):
                return await _documents.snapshot_rows(conn, body_text=body_text)

        paused = gc.isenabled()
        gc.disable()
        try:
            rows = await self._pool.run(read)
            return await asyncio.to_thread(build_snapshot, rows)
        finally:
            if paused:
                gc.enable()

    async def document_count(self) -> int:
        return int(await self._pool.run(lambda conn: conn.fetchval("SELECT count(*) FROM documents")))

    async def is_empty(self) -> bool:
        return not await self._pool.run(lambda conn: conn.fetchval("SELECT EXISTS (SELECT 1 FROM documents)"))

    async def search(self, text: str, *, limit: int = 10, offset: int = 0) -> SearchResults:
        words = search_words(text)
        return await self._pool.run(
            lambda conn: _documents.search(conn, words, text, limit=limit, offset=offset))

    async def export_rows(self, what: str) -> list[dict[str, Any]]:
        return await self._pool.run(lambda conn: _documents.export_rows(conn, what))

    # ---- initiative vectors (bot/store/vectors.py) -------------------------------------------

    async def vector_counts(self, model: str) -> tuple[int, int]:
        return await _vectors.counts(self._db, model)

    async def initiatives_without_vectors(self, model: str, limit: int) -> list[VectorSource]:
        return await _vectors.without_vectors(self._db, model, limit)

    async def put_vectors(self, model: str, vectors: Sequence[tuple[int, bytes]],
                          made_from: Sequence[VectorSource] | None = None) -> int:
        """One transaction (see ``postgres.vectors.write``); no ``bump_data_version``, so no NOTIFY."""
        if not vectors:
            return 0
        async with self._pool.transaction() as conn:
            return await _pg_vectors.write(conn, model, vectors, made_from)

    async def load_vectors(self, model: str) -> StoredVectors:
        return await _vectors.load(self._db, model)

    # ---- key/value ----------------------------------------------------------------------------

    async def get_meta(self, key: str) -> str | None:
        value = await self._pool.run(lambda conn: conn.fetchval("SELECT value FROM meta WHERE key = $1", key))
        return None if value is None else str(value)

    async def set_meta(self, key: str, value: str) -> None:
        if key in MAINTAINED_META_KEYS:
            raise ValueError(f"{key} is maintained by the store")
        await self._pool.run(lambda conn: conn.execute(
            "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            key, value))


__all__ = ["COMMAND_SYNC_LOCK", "PostgresStore", "search_words"]
