"""Whether the process holding a digest claim still runs, on PostgreSQL.

Each process that claims holds a session advisory lock, keyed by the random key in its
``claimed_by`` label, on a connection of its own. A process that stops — even by SIGKILL or a
crash — loses that connection and with it the lock, at once; ``pg_locks`` then no longer lists
the key, and another process may take the claim over. No clocks or leases are involved.
"""

from __future__ import annotations

import asyncio
import contextlib

import asyncpg

from bot.dburl import DatabaseUrl
from bot.store.base import StoreError
from bot.store.digest import OwnerState, new_owner_key, owner_key, owner_label
from bot.store.postgres.db import CONNECTION_ERRORS, PgDb, fault

CHECK_TIMEOUT_SECONDS = 10.0

# Advisory locks held in this database, as the bigint keys they were taken with.
_HELD_KEYS = """
    SELECT (classid::bigint << 32) | objid::bigint FROM pg_locks
     WHERE locktype = 'advisory' AND objsubid = 1 AND granted
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"""


class PgOwners:
    """``ClaimOwners`` (``bot.store.digest``) over a session advisory lock per process."""

    def __init__(self, url: DatabaseUrl, db: PgDb) -> None:
        self._url = url
        self._db = db
        self.key = new_owner_key()
        self.me = owner_label(self.key)
        self._conn: asyncpg.Connection | None = None
        self._guard = asyncio.Lock()

    async def hold(self) -> None:
        """Hold this process's lock, on a connection opened on first use and again when it was lost
        (a server restart): a claim is only made while others can see its holder is alive."""
        async with self._guard:
            if self._conn is not None and not self._conn.is_closed():
                try:
                    await self._conn.execute("SELECT 1", timeout=CHECK_TIMEOUT_SECONDS)
                    return
                except CONNECTION_ERRORS:
                    self._conn.terminate()
                    self._conn = None
            try:
                conn = await asyncpg.connect(self._url.secret, timeout=CHECK_TIMEOUT_SECONDS)
            except CONNECTION_ERRORS as exc:
                raise fault(exc, self._url) from exc
            try:
                taken = await conn.fetchval("SELECT pg_try_advisory_lock($1)", self.key)
            except BaseException:
                conn.terminate()
                raise
            if not taken:  # another session has our random key: never in practice
                await conn.close()
                raise StoreError(f"cannot mark this process as running in {self._url}: lock {self.key} is taken")
            self._conn = conn

    async def states(self, owners: set[str]) -> dict[str, OwnerState]:
        held = {int(row[0]) for row in await self._db.fetch(_HELD_KEYS)}
        states: dict[str, OwnerState] = {}
        for owner in owners:
            key = owner_key(owner)
            states[owner] = "unknown" if key is None else "alive" if key in held or owner == self.me else "gone"
        return states

    async def close(self) -> None:
        async with self._guard:
            conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(*CONNECTION_ERRORS):
                await conn.close(timeout=CHECK_TIMEOUT_SECONDS)
            if not conn.is_closed():
                conn.terminate()
