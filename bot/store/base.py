"""The one store interface both backends implement, and the faults either may raise.

``Store.open(target)`` opens a SQLite file (the default: one machine) or, for a
``postgresql://`` URL, a PostgreSQL database (several machines). Code outside ``bot.store``
names only ``Store`` and these errors, never a backend or its driver.
"""

from __future__ import annotations

import abc
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar

from bot.dburl import DatabaseUrl, parse_target
from bot.model import DocumentRecord, ParsedDocument, Snapshot
from bot.store.digest import DigestStore
from bot.store.documents import IngestOutcome, PreparedDocument, SearchResults, prepare_rows
from bot.store.follows import FollowStore
from bot.store.sources import SourceStore
from bot.store.vectors import StoredVectors, VectorSource

YieldsTo = Callable[[PreparedDocument, str], bool]


class StoreError(Exception):
    """The database cannot be used; the message says why, in one line."""


class DatabaseTooNewError(StoreError):
    """The database was written by a newer Briefbot whose schema this code does not know."""


class DatabaseDamagedError(StoreError):
    """The database file is corrupt, or parts of it are missing; the message says how to check."""


class DatabaseReadOnlyError(StoreError):
    """A change was asked of a database this process may only read."""


@asynccontextmanager
async def _no_lock() -> AsyncIterator[bool]:
    yield True


class Store(abc.ABC):
    """An open database. Create with ``await Store.open(target)``; close with ``await close()``."""

    backend: ClassVar[str]  # "sqlite" | "postgresql"
    # Filled in by ``bot.store``: backend name → its ``open``; kept here so this module imports neither.
    openers: ClassVar[dict[str, Callable[[Any], Awaitable[Store]]]] = {}

    path: Path | str | DatabaseUrl  # what was opened (a URL prints without its password)
    read_only: bool
    digest: DigestStore  # per-guild digest state (bot/store/digest.py)
    sources: SourceStore  # watched sources (bot/store/sources.py)
    follows: FollowStore  # topic follows and their alert claims (bot/store/follows.py)

    @classmethod
    async def open(cls, target: Path | str | DatabaseUrl) -> Store:
        """Open (creating and migrating it if needed) the database at ``target``: a file path,
        or a ``postgresql://`` URL."""
        parsed = parse_target(target) if str(target) != ":memory:" else target
        backend = "postgresql" if isinstance(parsed, DatabaseUrl) else "sqlite"
        return await cls.openers[backend](parsed)

    @abc.abstractmethod
    async def close(self) -> None: ...

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    # ---- documents ------------------------------------------------------------------------

    async def ingest(self, doc: ParsedDocument) -> IngestOutcome:
        """Store one fact sheet in one transaction: added, updated (replaced whole) or unchanged."""
        return await self.ingest_prepared(prepare_rows(doc))

    @abc.abstractmethod
    async def ingest_prepared(self, prepared: PreparedDocument) -> IngestOutcome:
        """``ingest`` for rows made by ``prepare_rows`` (e.g. in a parse worker)."""

    @abc.abstractmethod
    async def ingest_batch(
        self, batch: Sequence[PreparedDocument], yields_to: YieldsTo | None = None
    ) -> list[IngestOutcome | Exception]:
        """Store each of ``batch`` in a transaction of its own; a sheet that cannot be stored leaves
        nothing behind and gives its error in its place (the others still go in)."""

    @abc.abstractmethod
    def bulk_mode(self) -> AbstractAsyncContextManager[None]:
        """A block of many ingests: the backend may trade durability checkpoints for speed inside."""

    @abc.abstractmethod
    async def remove_document(self, document_id: int) -> DocumentRecord | None:
        """Delete a fact sheet and everything of it; None when there is no such document."""

    @abc.abstractmethod
    async def get_document(self, document_id: int) -> DocumentRecord | None: ...

    @abc.abstractmethod
    async def data_version(self) -> int:
        """A counter every change bumps, in any process: cheap enough to poll every second."""

    @abc.abstractmethod
    async def data_state(self) -> tuple[int, str]:
        """(data version, generation): what a built index is tied to."""

    @abc.abstractmethod
    async def snapshot(self, *, body_text: bool = False) -> Snapshot:
        """Every record, read in one consistent transaction."""

    @abc.abstractmethod
    async def document_count(self) -> int: ...

    @abc.abstractmethod
    async def is_empty(self) -> bool: ...

    @abc.abstractmethod
    async def search(self, text: str, *, limit: int = 10, offset: int = 0) -> SearchResults:
        """Full-text search: every word must match; document titles weigh more than body text."""

    @abc.abstractmethod
    async def export_rows(self, what: str) -> list[dict[str, Any]]:
        """``what`` is one of ``EXPORT_TABLES``: the rows ``briefbot export`` writes."""

    @abc.abstractmethod
    async def get_meta(self, key: str) -> str | None: ...

    # ---- initiative vectors (bot/store/vectors.py) -------------------------------------------

    @abc.abstractmethod
    async def vector_counts(self, model: str) -> tuple[int, int]:
        """(initiatives with a vector of exactly ``model``, all initiatives): how far a backfill is."""

    @abc.abstractmethod
    async def initiatives_without_vectors(self, model: str, limit: int) -> list[VectorSource]:
        """At most ``limit`` initiatives with no vector of ``model`` (none, or another model's), by
        id: the next batch to embed."""

    @abc.abstractmethod
    async def put_vectors(self, model: str, vectors: Sequence[tuple[int, bytes]],
                          made_from: Sequence[VectorSource] | None = None) -> int:
        """Store (initiative id, vector) pairs of ``model`` in one transaction, replacing any vector
        those initiatives had; returns how many were stored. An id whose initiative is gone (a
        concurrent ingest replaced it since it was read) is skipped, not an error; with ``made_from``
        (the sources the vectors were made from), so is one whose initiative no longer reads the same. Leaves the data
        version and generation alone: vectors are not index data, so no index is rebuilt for them."""

    @abc.abstractmethod
    async def load_vectors(self, model: str) -> StoredVectors:
        """Every vector of ``model`` whose initiative exists, by initiative id, concatenated;
        ``ValueError`` naming the model when their lengths differ."""

    # ---- other processes ---------------------------------------------------------------------

    async def listen_for_changes(self, wake: Callable[[], None]) -> bool:
        """Call ``wake()`` whenever another process (or machine) changes the data, until the store
        closes; False when the backend cannot tell (SQLite: the caller polls ``data_state``).
        ``wake`` may be called for changes already seen: it only says "look now"."""
        return False

    def command_sync_lock(self, timeout: float) -> AbstractAsyncContextManager[bool]:
        """Held while this process syncs slash commands: yields True once no other process holds
        it, False when ``timeout`` seconds passed first (then the caller does not sync). SQLite
        takes no lock (yields True at once): its processes share one machine, and a second sync
        of the same commands changes nothing."""
        return _no_lock()

    @abc.abstractmethod
    async def set_meta(self, key: str, value: str) -> None: ...
