"""``briefbot run`` watches the sources while it serves, and posts their warnings.

Two background tasks: the watcher (only when ``[sources] watch`` lists something), which
refreshes the answers' index as soon as it has ingested new sheets; and the notifier, which
posts the sources' transitions — recorded by this process or by ``briefbot watch`` elsewhere —
to every server's digest channel, once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from bot.app_protocol import BotApp
from bot.config import Settings
from bot.digest.ports import Poster
from bot.pipeline import IngestSummary

log = logging.getLogger("bot.sources")

NOTIFY_EVERY_SECONDS = 30.0


def start_sources(app: BotApp, poster: Poster, settings: Settings,
                  guild_filter: Callable[[int], bool] | None = None) -> list[asyncio.Task[None]]:
    """Start the watcher and the notifier; the caller cancels the tasks when it stops."""
    from bot.sources.notices import SourceNotifier
    from bot.sources.watcher import SourceWatcher

    tasks: list[asyncio.Task[None]] = []
    if settings.sources_watch:
        async def refresh(summary: IngestSummary) -> None:
            await app.refresh_if_changed(debounce=False)

        watcher = SourceWatcher(app.store, settings, on_ingest=refresh)
        tasks.append(asyncio.create_task(_watch(watcher), name="briefbot-sources"))
    notifier = SourceNotifier(app.store, poster, guild_filter=guild_filter)
    every = min(settings.sources_poll_seconds, NOTIFY_EVERY_SECONDS)
    tasks.append(asyncio.create_task(_notify(notifier, every), name="briefbot-source-notices"))
    return tasks


async def _watch(watcher: Any) -> None:
    try:
        await watcher.run()
    finally:
        with contextlib.suppress(Exception):
            await watcher.close()


async def _notify(notifier: Any, every: float) -> None:
    while True:
        try:
            await notifier.deliver()
        except Exception:
            log.exception("posting source notices failed; will try again")
        await asyncio.sleep(every)
