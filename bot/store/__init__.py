"""The only package that speaks SQL. ``Store`` (``base.py``) is the interface; this module is its
SQLite backend, the default: one database file, shared safely between the processes of a machine.
``bot.store.postgres`` is the PostgreSQL backend, for several machines; ``Store.open`` picks one.

The database runs in WAL mode, so the bot keeps answering from it while ``briefbot ingest``
writes in another process. Each fact sheet is stored in one transaction (it lands whole or not
at all), and every change bumps ``meta.data_version``, which other processes poll to notice
new data, and draws a new random ``meta.generation``, which ties a saved index to the content. The schema is migrated by ``PRAGMA user_version`` when the store is opened.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
import os
import shlex
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import aiosqlite

from bot.dburl import DatabaseUrl
from bot.model import DocumentRecord, Snapshot
from bot.store import documents as _documents
from bot.store import vectors as _vectors
from bot.store._db import SqliteDb
from bot.store._schema import MIGRATIONS
from bot.store._tx import (
    fetch_all,
    lock_for,
    run_in_transaction,
    split_statements,
    transaction,
    wal_checkpoints_every,
)
from bot.store.base import (
    DatabaseDamagedError,
    DatabaseReadOnlyError,
    DatabaseTooNewError,
    Store,
    StoreError,
    YieldsTo,
)
from bot.store.digest import DigestStore
from bot.store.documents import (
    ADDED,
    EXPORT_TABLES,
    UNCHANGED,
    UPDATED,
    YIELDED,
    IngestOutcome,
    PreparedDocument,
    SearchHit,
    SearchResults,
    identity_of,
    prepare_rows,
)
from bot.store.follows import FollowStore
from bot.store.sources import SourceStore
from bot.store.vectors import StoredVectors, VectorSource

__all__ = [
    "ADDED",
    "DRIVER_ERRORS",
    "EXPORT_TABLES",
    "UNCHANGED",
    "UPDATED",
    "YIELDED",
    "DatabaseDamagedError",
    "DatabaseReadOnlyError",
    "DatabaseTooNewError",
    "IngestOutcome",
    "PreparedDocument",
    "SearchHit",
    "SearchResults",
    "SqliteStore",
    "Store",
    "StoreError",
    "StoredVectors",
    "VectorSource",
    "database_fault",
    "identity_of",
    "is_database_fault",
    "prepare_rows",
    "transaction",
]

BUSY_TIMEOUT_MS = 10_000
BULK_CHECKPOINT_PAGES = 4000  # WAL pages between automatic checkpoints in bulk mode (16 MB)

# Driver errors a caller may meet besides ``StoreError`` (a PostgreSQL store raises ``StoreError``
# for every fault of the database itself; its other errors are about what was asked of it).
DRIVER_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error,)


log = logging.getLogger(__name__)

# What SQLite says when the file itself is damaged, or tables the schema needs are gone.
_CORRUPT = ("malformed", "corrupt", "not a database", "disk image")
_MISSING = ("no such table", "no such column", "vtable constructor failed", "no such module")

P = ParamSpec("P")
R = TypeVar("R")


def is_database_fault(exc: BaseException) -> bool:
    """Whether ``exc`` is about the database itself (damaged, missing, locked, read-only, I/O)
    rather than about what was asked of it (a constraint a document breaks, a bad statement)."""
    return isinstance(exc, sqlite3.OperationalError | sqlite3.InternalError) or type(exc) is sqlite3.DatabaseError


def database_fault(exc: BaseException, path: Path | str | DatabaseUrl) -> StoreError:
    """A ``StoreError`` saying in one line what a failing database needs: checking, a backup, time.

    ``exc`` is any ``sqlite3.Error`` (a ``StoreError`` is returned as it is). A damaged file
    names the command that checks it; a read-only or busy database says so.
    """
    if isinstance(exc, StoreError):
        return exc
    text = " ".join(str(exc).split()) or type(exc).__name__
    lowered = text.lower()
    quoted = shlex.quote(str(path))
    if "readonly" in lowered or "read-only" in lowered:
        return DatabaseReadOnlyError(f"the database {path} is read-only ({text}): it can be read but not changed")
    if "locked" in lowered or "busy" in lowered:
        return StoreError(f"the database {path} is busy ({text}): another process holds it; try again")
    if any(word in lowered for word in _MISSING):
        return DatabaseDamagedError(
            f"the database {path} is damaged: part of it is missing ({text}); restore a backup, or ingest the "
            f"fact sheets into a new database (check the rest with: sqlite3 {quoted} 'PRAGMA integrity_check')")
    if type(exc) is sqlite3.DatabaseError or any(word in lowered for word in _CORRUPT):
        return DatabaseDamagedError(
            f"the database {path} is damaged ({text}); check it with: sqlite3 {quoted} 'PRAGMA integrity_check'")
    return StoreError(f"cannot use the database {path}: {text}")


def _faults_as_store_errors(method: Callable[P, Coroutine[Any, Any, R]]) -> Callable[P, Coroutine[Any, Any, R]]:
    """``method`` of ``Store``, raising ``database_fault(...)`` instead of a bare ``sqlite3`` error
    about the database itself (see ``is_database_fault``; others, such as a constraint a document
    breaks, pass as they are)."""

    @functools.wraps(method)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await method(*args, **kwargs)
        except sqlite3.Error as exc:
            if not is_database_fault(exc):
                raise
            raise database_fault(exc, args[0].path) from exc  # type: ignore[attr-defined]  # decorates Store methods: args[0] is the store

    return wrapper


def _check_openable(path: Path) -> None:
    if path.is_dir():
        raise StoreError(f"cannot open the database {path}: it is a folder, not a database file")
    try:
        sqlite3.connect(path).close()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the database {path}: {exc}") from exc


def _writable(path: Path) -> bool:
    """Whether this process may change the database: the file (when it exists) and its folder,
    where SQLite keeps the write-ahead log and the shared-memory file next to it."""
    folder_ok = os.access(path.parent, os.W_OK | os.X_OK)
    return folder_ok and (not path.exists() or os.access(path, os.W_OK))


def _read_only_uri(path: Path) -> str:
    """Open for reading only. Without a writable folder SQLite cannot make the shared-memory file
    a WAL database needs, so the file is then read as immutable — safe only when no write-ahead log
    holds changes not yet in it, which ``_open_read_only`` checks."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        uri += "&immutable=1"
    return uri


def _pending_log(path: Path) -> bool:
    wal = Path(f"{path}-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


async def _switch_to_wal(conn: aiosqlite.Connection) -> None:
    """``PRAGMA journal_mode = WAL``, retried while another process holds the lock it needs.

    Changing the journal mode takes an exclusive lock and SQLite may report "database is locked"
    at once instead of waiting (busy_timeout): two processes opening a new database together
    (the bot and ``briefbot ingest``) must both succeed.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = 0.01
    while True:
        try:
            await conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if ("locked" not in str(exc) and "busy" not in str(exc)) or time.monotonic() >= deadline:
                raise
        await asyncio.sleep(pause)
        pause = min(pause * 2, 0.2)


class SqliteStore(Store):
    """An open SQLite database. Create with ``await Store.open(path)``; close with ``await close()``."""

    backend = "sqlite"

    def __init__(self, conn: aiosqlite.Connection, path: Path | str, *, read_only: bool = False) -> None:
        self._conn = conn
        self.path = path
        self.read_only = read_only  # opened for reading only: the file or its folder is not writable
        self.digest = DigestStore(SqliteDb(conn))  # per-guild digest state, on the same connection
        self.sources = SourceStore(SqliteDb(conn))  # watched sources (bot/store/sources.py)
        self.follows = FollowStore(SqliteDb(conn))  # topic follows (bot/store/follows.py)
        self._db = SqliteDb(conn)  # the reads of initiative vectors (bot/store/vectors.py)

    @classmethod
    async def open(cls, path: Path | str) -> SqliteStore:  # type: ignore[override]  # a file path only
        """Open (creating it if needed) and migrate the database at ``path``.

        A database this process may not change (the file, or the folder SQLite keeps its log
        in, is not writable) is opened for reading only, without migrating it: everything that
        reads works, every change fails with ``DatabaseReadOnlyError``.
        """
        read_only = False
        if str(path) != ":memory:":
            path = Path(path)
            read_only = path.is_file() and not _writable(path)
            if not read_only:
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StoreError(f"cannot create the database folder {path.parent}: {exc.strerror}") from exc
                # Fail here, in plain sqlite3, rather than in aiosqlite's worker thread, whose failed
                # connection reports back to the event loop after it may have closed.
                await asyncio.to_thread(_check_openable, path)
        if read_only:
            assert isinstance(path, Path)
            if "immutable=1" in _read_only_uri(path) and _pending_log(path):
                raise StoreError(f"cannot read the database {path}: its folder is not writable and {path}-wal "
                                 "holds changes not yet written into it; open it once where it can be written")
            conn = await aiosqlite.connect(_read_only_uri(path), uri=True, isolation_level=None)
        else:
            conn = await aiosqlite.connect(str(path), isolation_level=None)
        store = cls(conn, path, read_only=read_only)
        try:
            await (store._prepare_read_only() if read_only else store._prepare())
        except BaseException:
            await conn.close()
            raise
        if read_only:
            log.info("the database %s is not writable: opened for reading only", path)
        return store

    async def _prepare(self) -> None:
        conn = self._conn
        try:
            await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await conn.execute("PRAGMA foreign_keys = ON")
            await _switch_to_wal(conn)
            await conn.execute("PRAGMA synchronous = NORMAL")
            await self._migrate()
        except sqlite3.DatabaseError as exc:
            raise database_fault(exc, self.path) from exc

    async def _prepare_read_only(self) -> None:
        """Check the schema instead of migrating it: an older one cannot be brought up to date."""
        try:
            await self._conn.execute("PRAGMA foreign_keys = ON")
            current, known = await self._user_version(), len(MIGRATIONS)
        except sqlite3.DatabaseError as exc:
            raise database_fault(exc, self.path) from exc
        if current > known:
            raise DatabaseTooNewError(
                f"the database {self.path} was written by a newer version of Briefbot "
                f"(schema {current}; this version knows up to {known}): upgrade Briefbot to use it")
        if current < known:
            raise DatabaseReadOnlyError(
                f"the database {self.path} needs upgrading (schema {current} to {known}) but is read-only: "
                "open it once where it can be written")

    async def _migrate(self) -> None:
        """Bring the schema up to date, one migration per transaction.

        Each step re-reads ``user_version`` under the write lock, so two processes opening a
        fresh database at once do not both apply it.
        """
        known = len(MIGRATIONS)
        current = await self._user_version()
        if current > known:
            raise DatabaseTooNewError(
                f"the database {self.path} was written by a newer version of Briefbot "
                f"(schema {current}; this version knows up to {known}): upgrade Briefbot to use it"
            )
        for number in range(current + 1, known + 1):
            async with transaction(self._conn):
                if await self._user_version() >= number:
                    continue
                for statement in split_statements(MIGRATIONS[number - 1]):
                    await self._conn.execute(statement)
                await self._conn.execute(f"PRAGMA user_version = {number}")

    async def _user_version(self) -> int:
        rows = await fetch_all(self._conn, "PRAGMA user_version")
        return int(rows[0][0])

    async def close(self) -> None:
        await self._conn.close()

    @property
    def connection(self) -> aiosqlite.Connection:
        """The shared connection, for tests that probe the database directly; code outside
        ``bot.store`` uses the methods below. Hold ``lock_for(connection)`` or a ``transaction``."""
        return self._conn

    @property
    def lock(self) -> asyncio.Lock:
        return lock_for(self._conn)

    # ---- documents ------------------------------------------------------------------------

    @_faults_as_store_errors
    async def ingest_prepared(self, prepared: PreparedDocument) -> IngestOutcome:
        """``ingest`` for rows made by ``prepare_rows`` (e.g. in a parse worker).

        The whole transaction runs in the database thread in one hop, holding the connection
        lock like every other use of it: this process only executes the rows.
        """
        return await run_in_transaction(self._conn, lambda db: _documents.write_prepared(db, prepared))

    async def ingest_batch(
        self, batch: Sequence[PreparedDocument], yields_to: YieldsTo | None = None
    ) -> list[IngestOutcome | Exception]:
        """Store each of ``batch`` in a transaction of its own, with one hand-off to the database
        thread for them all; a sheet that cannot be stored leaves nothing behind and gives its
        error in its place (the others still go in). ``yields_to``: see ``documents.write_prepared``.
        """
        if not batch:
            return []
        return await _documents.ingest_each(self._conn, batch, yields_to)

    @asynccontextmanager
    async def bulk_mode(self, checkpoint_pages: int = BULK_CHECKPOINT_PAGES) -> AsyncIterator[None]:
        """Inside the block, checkpoint the write-ahead log less often (every ``checkpoint_pages``
        pages): a bulk ingest rewrites the same hot pages in every transaction, and the fewer
        checkpoints, the fewer times each is copied into the database file. As before afterwards."""
        async with wal_checkpoints_every(self._conn, checkpoint_pages):
            yield

    @_faults_as_store_errors
    async def remove_document(self, document_id: int) -> DocumentRecord | None:
        """Delete a fact sheet and everything of it; None when there is no such document."""
        async with transaction(self._conn):
            return await _documents.remove(self._conn, document_id)

    @_faults_as_store_errors
    async def get_document(self, document_id: int) -> DocumentRecord | None:
        async with self.lock:
            return await _documents.get_document(self._conn, document_id)

    @_faults_as_store_errors
    async def data_version(self) -> int:
        """A counter every change bumps, in any process: cheap enough to poll every second."""
        async with self.lock:
            return await _documents.read_data_version(self._conn)

    @_faults_as_store_errors
    async def data_state(self) -> tuple[int, str]:
        """(data version, generation): the generation tells apart two contents with one version
        (an older copy of the database restored, then changed as often as the newer one was)."""
        async with self.lock:
            return await _documents.read_data_state(self._conn)

    @_faults_as_store_errors
    async def snapshot(self, *, body_text: bool = False) -> Snapshot:
        """Every record, read in one consistent transaction; records are built off the event loop.

        ``DocumentRecord.body_text`` is "" unless ``body_text=True`` (``get_document`` always
        has it): the in-memory index does not need the full texts, which are most of the bytes.

        The cyclic garbage collector is paused meanwhile: these are hundreds of thousands of
        new objects without cycles, and collections triggered by them would double the time.
        """
        paused = gc.isenabled()
        gc.disable()
        try:
            async with transaction(self._conn, write=False):
                rows = await _documents.snapshot_rows(self._conn, body_text=body_text)
            return await asyncio.to_thread(_documents.build_snapshot, rows)
        finally:
            if paused:
                gc.enable()

    @_faults_as_store_errors
    async def document_count(self) -> int:
        async with self.lock:
            rows = await fetch_all(self._conn, "SELECT count(*) FROM documents")
        return int(rows[0][0])

    @_faults_as_store_errors
    async def is_empty(self) -> bool:
        async with self.lock:
            rows = await fetch_all(self._conn, "SELECT EXISTS (SELECT 1 FROM documents)")
        return not rows[0][0]

    @_faults_as_store_errors
    async def search(self, text: str, *, limit: int = 10, offset: int = 0) -> SearchResults:
        """Full-text search: every word must match; document titles weigh more than body text."""
        async with transaction(self._conn, write=False):
            return await _documents.search(self._conn, text, limit=limit, offset=offset)

    @_faults_as_store_errors
    async def export_rows(self, what: str) -> list[dict[str, Any]]:
        """``what`` is one of ``EXPORT_TABLES``: the rows ``briefbot export`` writes."""
        async with self.lock:
            return await _documents.export_rows(self._conn, what)

    # ---- initiative vectors (bot/store/vectors.py) -------------------------------------------

    @_faults_as_store_errors
    async def vector_counts(self, model: str) -> tuple[int, int]:
        return await _vectors.counts(self._db, model)

    @_faults_as_store_errors
    async def initiatives_without_vectors(self, model: str, limit: int) -> list[VectorSource]:
        return await _vectors.without_vectors(self._db, model, limit)

    @_faults_as_store_errors
    async def put_vectors(self, model: str, vectors: Sequence[tuple[int, bytes]],
                          made_from: Sequence[VectorSource] | None = None) -> int:
        """One write transaction in one hop (see ``vectors.write``); nothing to do for no vectors.
        A read-only database fails on the write with ``DatabaseReadOnlyError``."""
        if not vectors:
            return 0
        return await run_in_transaction(self._conn, lambda db: _vectors.write(db, model, vectors, made_from))

    @_faults_as_store_errors
    async def load_vectors(self, model: str) -> StoredVectors:
        return await _vectors.load(self._db, model)

    # ---- key/value ---------------------------------------------------------------------------

    @_faults_as_store_errors
    async def get_meta(self, key: str) -> str | None:
        async with self.lock:
            rows = await fetch_all(self._conn, "SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    @_faults_as_store_errors
    async def set_meta(self, key: str, value: str) -> None:
        if key in _documents.MAINTAINED_META_KEYS:
            raise ValueError(f"{key} is maintained by the store")
        async with transaction(self._conn):
            await self._conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )


async def _open_postgres(url: Any) -> Store:
    from bot.store.postgres import PostgresStore  # asyncpg is loaded only for a server database

    return await PostgresStore.open(url)


Store.openers.update(sqlite=SqliteStore.open, postgresql=_open_postgres)
