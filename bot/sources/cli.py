"""``briefbot watch``: keep the library current from the watched sources, without Discord.

For a separate ingest machine (or a cron job with ``--once``). The bot, wherever it runs, picks
up the new sheets when the database's data version moves, and posts the sources' warnings.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys

from bot.config import Settings, load_settings
from bot.store.sources import FAILING


def watch_main(args: argparse.Namespace) -> int:
    settings: Settings = getattr(args, "settings", None) or load_settings(getattr(args, "config", None),
                                                                          getattr(args, "db", None))
    if not settings.sources_watch:
        print("briefbot: error: nothing to watch: set [sources] watch in the config file or BRIEFBOT_WATCH "
              "(folders, git repositories, feed URLs)", file=sys.stderr)
        return 2
    return asyncio.run(_watch(settings, once=bool(getattr(args, "once", False))))


async def _watch(settings: Settings, *, once: bool) -> int:
    from bot.pipeline import ensure_seeded
    from bot.sources.watcher import SourceWatcher
    from bot.store import Store

    async with await Store.open(settings.db_path) as store:
        await ensure_seeded(store, settings)
        watcher = SourceWatcher(store, settings)
        try:
            if once:
                reports = await watcher.poll_once()
                for report in reports:
                    added = len(report.summary.changes) if report.summary else 0
                    error = f": {report.state.error}" if report.state.state == FAILING else ""
                    print(f"{report.source}: {report.state.state}{error}; {added} new or changed", flush=True)
                return 1 if any(r.state.state == FAILING for r in reports) else 0
            task = asyncio.create_task(watcher.run(), name="briefbot-watch")
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(NotImplementedError, RuntimeError):
                    loop.add_signal_handler(sig, task.cancel)
            with contextlib.suppress(asyncio.CancelledError):
                await task
            return 0
        finally:
            await watcher.close()
