"""``App``: settings, the store and a warm ``CorpusIndex``, shared by every transport.

The index is rebuilt only when the store's data version moves (another process ingested, or an
admin added a file), in a worker thread so the event loop keeps answering from the old index
until the new one is swapped in, in one assignment.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from bot import commands
from bot.commands.spec import Invocation
from bot.config import Settings
from bot.query import CorpusIndex
from bot.reply.model import Reply
from bot.store import Store

log = logging.getLogger(__name__)


class App:
    def __init__(self, settings: Settings, store: Store, index: CorpusIndex) -> None:
        self.settings = settings
        self.store = store
        self.index = index
        self.poster: Any = None  # set by the Discord runtime, used for digest delivery
        self.seeded = 0  # bundled fact sheets loaded into an empty database by open()
        self._refreshing: asyncio.Future[bool] | None = None

    @classmethod
    async def open(cls, settings: Settings, *, seed_if_empty: bool = True, announce_seed: bool = True) -> App:
        """Open the database (seeding an empty one) and build the index off the event loop.

        ``announce_seed=False`` leaves saying so to the caller (the console puts it in its
        first line); ``App.seeded`` tells how many bundled fact sheets were just loaded.
        """
        store = await Store.open(settings.db_path)
        seeded = 0
        try:
            if seed_if_empty:
                from bot.pipeline import ensure_seeded  # loads the parser only when seeding

                seeded = await ensure_seeded(store, settings, announce=announce_seed)
            snapshot = await store.snapshot()
            index = await asyncio.to_thread(CorpusIndex.build, snapshot)
        except BaseException:
            await store.close()
            raise
        app = cls(settings, store, index)
        app.seeded = seeded
        return app

    async def refresh_if_changed(self) -> bool:
        """Rebuild the index when the data changed; True when a new index was swapped in.

        Calls made while a rebuild is running wait for that rebuild instead of starting another.
        """
        running = self._refreshing
        if running is None or running.done():
            running = self._refreshing = asyncio.ensure_future(self._refresh())
        return await asyncio.shield(running)

    async def _refresh(self) -> bool:
        version = await self.store.data_version()
        if version == self.index.version:
            return False
        snapshot = await self.store.snapshot()
        if snapshot.version == self.index.version:
            return False
        index = await asyncio.to_thread(CorpusIndex.build, snapshot)
        self.index = index
        log.info("index rebuilt: data version %s, %s initiatives", index.version, len(index.initiatives))
        return True

    async def handle(self, key: str, options: dict[str, str], invocation: Invocation) -> Reply:
        """Answer one command; never raises (see ``bot.commands.dispatch``)."""
        return await commands.dispatch(self, key, options, invocation)

    def autocomplete(self, key: str, option: str, current: str) -> list[tuple[str, str]]:
        return commands.autocomplete(self, key, option, current)

    async def close(self) -> None:
        running = self._refreshing
        if running is not None and not running.done():
            running.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await running
        await self.store.close()
