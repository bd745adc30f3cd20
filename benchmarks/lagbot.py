"""The real bot (``serve``, as ``briefbot run`` starts it) with an event-loop lag monitor beside it.

Run by the lag benchmark as ``python -m benchmarks.lagbot --out OUT.json --status STATUS.json``
with the usual environment (``DISCORD_TOKEN``, ``DISCORD_API_BASE``, ``DISCORD_GATEWAY_URL``,
``BRIEFBOT_DB``). A task sleeps 10 ms at a time and records how late it wakes: that overshoot
is the time the loop was busy elsewhere, i.e. how long any interaction would have waited.
The garbage collector's pauses and the index rebuilds are recorded too (wall-clock spans), so a
lag spike can be traced to its cause. Every half second it writes the index's data version to ``--status`` so the benchmark knows
when the bot has caught up with an ingest. On SIGTERM the bot stops as in production and the
samples are written to ``--out``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from pathlib import Path
from typing import Any

TICK_SECONDS = 0.010
STATUS_EVERY = 0.5


async def _monitor(samples: list[tuple[float, float]], status: Path, holder: dict[str, Any]) -> None:
    loop = asyncio.get_running_loop()
    next_status = 0.0
    while True:
        before = loop.time()
        await asyncio.sleep(TICK_SECONDS)
        now = loop.time()
        samples.append((time.time(), max(0.0, now - before - TICK_SECONDS)))
        if now >= next_status:
            next_status = now + STATUS_EVERY
            app = holder.get("app")
            version = getattr(getattr(app, "index", None), "version", None)
            _write(status, {"index_version": version, "pid": os.getpid(), "at": time.time()})


def _write(path: Path, data: Any) -> None:
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(data), encoding="utf-8")
    os.replace(partial, path)


class _Spans:
    """Wall-clock spans of the garbage collector and of index rebuilds, to explain lag spikes."""

    def __init__(self) -> None:
        self.gc: list[tuple[float, float, int]] = []  # (start, end, generation)
        self.rebuilds: list[tuple[float, float]] = []
        self.snapshots: list[tuple[float, float]] = []
        self.handlers: list[tuple[float, float, str]] = []  # (start, end, command) of calls over 20 ms
        self._gc_started = 0.0

    def on_gc(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._gc_started = time.time()
        else:
            self.gc.append((self._gc_started, time.time(), int(info.get("generation", -1))))

    def install(self) -> None:
        import gc

        from bot.query import CorpusIndex, builder
        from bot.query import cache as index_cache
        from bot.store import Store

        gc.callbacks.append(self.on_gc)
        build = CorpusIndex.build
        snapshot = Store.snapshot
        child_build = builder.IndexBuilder.build
        load = index_cache.load

        async def timed_child_build(*args: Any, **kwargs: Any) -> Any:
            started = time.time()
            try:
                return await child_build(*args, **kwargs)
            finally:
                self.rebuilds.append((started, time.time()))

        def timed_load(*args: Any, **kwargs: Any) -> Any:
            started = time.time()
            try:
                return load(*args, **kwargs)
            finally:
                self.snapshots.append((started, time.time()))

        builder.IndexBuilder.build = timed_child_build  # type: ignore[method-assign]
        index_cache.load = timed_load

        def timed_build(snap: Any) -> Any:
            started = time.time()
            try:
                return build(snap)
            finally:
                self.rebuilds.append((started, time.time()))

        async def timed_snapshot(store: Any) -> Any:
            started = time.time()
            try:
                return await snapshot(store)
            finally:
                self.snapshots.append((started, time.time()))

        CorpusIndex.build = timed_build  # type: ignore[method-assign, assignment]
        Store.snapshot = timed_snapshot  # type: ignore[method-assign, assignment]
        self._time_handlers()

    def _time_handlers(self) -> None:
        """Spans of slow command handlers and autocompletes (index-only handlers run in a worker thread)."""
        from bot.app import App

        handle, autocomplete = App.handle, App.autocomplete
        spans = self.handlers

        async def timed_handle(app: Any, key: str, options: dict[str, str], invocation: Any) -> Any:
            started = time.time()
            try:
                return await handle(app, key, options, invocation)
            finally:
                if time.time() - started > 0.020:
                    spans.append((started, time.time(), f"/{key}"))

        def timed_autocomplete(app: Any, key: str, option: str, current: str) -> Any:
            started = time.time()
            try:
                return autocomplete(app, key, option, current)
            finally:
                if time.time() - started > 0.020:
                    spans.append((started, time.time(), f"autocomplete /{key}"))

        App.handle = timed_handle  # type: ignore[method-assign, assignment]
        App.autocomplete = timed_autocomplete  # type: ignore[method-assign, assignment]


def _capture_app(holder: dict[str, Any]) -> None:
    """Keep a reference to the App ``serve`` opens, to read its index version."""
    from bot.app import App

    original = App.open.__func__  # type: ignore[attr-defined]

    async def open_and_keep(cls: type[App], settings: Any, **kwargs: Any) -> App:
        app: App = await original(cls, settings, **kwargs)
        holder["app"] = app
        return app

    App.open = classmethod(open_and_keep)  # type: ignore[method-assign, assignment]


async def main(out: Path, status: Path) -> int:
    from benchmarks._common import memory_kib
    from bot.config import load_settings, read_token
    from bot.discord_app.client import serve, setup_logging

    samples: list[tuple[float, float]] = []
    holder: dict[str, Any] = {}
    _capture_app(holder)
    spans = _Spans()
    spans.install()
    settings = load_settings()
    token = read_token() or ""
    setup_logging(settings, token)
    monitor = asyncio.create_task(_monitor(samples, status, holder))
    try:
        code = await serve(settings, token)
    finally:
        monitor.cancel()
    _write(out, {"exit_status": code, "times": [s[0] for s in samples], "lags": [s[1] for s in samples],
                 "memory_kib": memory_kib(), "gc": spans.gc, "rebuilds": spans.rebuilds,
                 "snapshots": spans.snapshots, "handlers": spans.handlers})
    return code


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--status", type=Path, required=True)
    options = parser.parse_args()
    raise SystemExit(asyncio.run(main(options.out, options.status)))
