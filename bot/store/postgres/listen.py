"""What needs a connection of its own, outside the pool: listening for other machines' changes
(LISTEN stays with one session) and the command-sync lock (a session advisory lock)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import asyncpg

from bot.dburl import DatabaseUrl
from bot.store.postgres.db import CONNECTION_ERRORS, fault
from bot.store.postgres.documents import NOTIFY_CHANNEL
from bot.tasks import cancel_and_wait, wait_event

log = logging.getLogger(__name__)

KEEPALIVE_SECONDS = 10.0  # a listening connection is checked this often: a dead one hears nothing
RECONNECT_MAX_SECONDS = 5.0
LOCK_POLL_SECONDS = 0.1


class ChangeListener:
    """LISTEN on ``NOTIFY_CHANNEL`` over one dedicated connection, opened again whenever it is
    lost (a server restart). ``wake`` is called for every notification, and once after each
    (re)connect: changes made while nobody listened are looked for then."""

    def __init__(self, url: DatabaseUrl, wake: Callable[[], None]) -> None:
        self._url = url
        self._wake = wake
        self._task: asyncio.Task[None] | None = None
        self.listening = asyncio.Event()  # set while a connection listens (tests wait on it)

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="briefbot-listen")

    async def stop(self) -> None:
        task, self._task = self._task, None
        await cancel_and_wait([task])

    def _notified(self, *_: Any) -> None:
        self._wake()

    async def _listen(self, conn: asyncpg.Connection) -> None:
        """Until ``conn`` is lost: LISTEN, wake once, then check the connection now and then."""
        lost = asyncio.Event()
        conn.add_termination_listener(lambda _conn: lost.set())
        await conn.add_listener(NOTIFY_CHANNEL, self._notified)
        log.info("listening for changes on %s (LISTEN %s)", self._url, NOTIFY_CHANNEL)
        self.listening.set()
        self._wake()
        while not lost.is_set():
            if not await wait_event(lost, KEEPALIVE_SECONDS):
                await conn.execute("SELECT 1", timeout=KEEPALIVE_SECONDS)

    async def _run(self) -> None:
        pause = 0.1
        while True:
            conn: asyncpg.Connection | None = None
            try:
                conn = await asyncpg.connect(self._url.secret, timeout=10)
                await self._listen(conn)
                pause = 0.1
                log.info("stopped hearing about changes from %s; listening again", self._url)
            except (*CONNECTION_ERRORS, asyncpg.PostgresError) as exc:
                log.debug("cannot listen for changes on %s (%s); trying again", self._url, exc)
            finally:
                self.listening.clear()
                if conn is not None:
                    conn.terminate()
            await asyncio.sleep(pause)
            pause = min(pause * 2, RECONNECT_MAX_SECONDS)


@asynccontextmanager
async def advisory_lock(url: DatabaseUrl, key: int, timeout: float) -> AsyncIterator[bool]:
    """Hold the session advisory lock ``key`` on a connection of its own for the block; yields
    False (holding nothing) when another session kept it for ``timeout`` seconds. A process that
    dies holding it loses it with its connection."""
    try:
        conn = await asyncpg.connect(url.secret, timeout=10)
    except CONNECTION_ERRORS as exc:
        raise fault(exc, url) from exc
    try:
        deadline = time.monotonic() + timeout
        while not await conn.fetchval("SELECT pg_try_advisory_lock($1)", key):
            if time.monotonic() >= deadline:
                yield False
                return
            await asyncio.sleep(LOCK_POLL_SECONDS)
        try:
            yield True
        finally:
            with contextlib.suppress(*CONNECTION_ERRORS):
                await conn.execute("SELECT pg_advisory_unlock($1)", key)
    finally:
        conn.terminate() if conn.is_closed() else await conn.close()
