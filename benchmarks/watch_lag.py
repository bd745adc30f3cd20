"""``python -m benchmarks.watch_lag``: does the bot keep answering while its own watcher ingests?

``briefbot run`` with ``[sources] watch`` ingests new sheets inside the bot process (parsing in
worker processes, storing on the database thread). This starts an ``App`` on a fresh database,
lets a ``SourceWatcher`` on a folder of the real fact sheets (``../shared/wh-factsheets`` and
``../shared/corpus``, copied into a temporary folder) ingest them all, then refreshes the index
as the running bot does — while, on the same event loop, a ticker measures how late each 10 ms
tick wakes (loop lag) and `/initiative` is asked every 100 ms. Prints the figures; the target is
the lag target of docs/benchmarks.md (≤ 100 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks._common import REAL_CORPUS, WH_FACTSHEETS, summary_ms
from bot.app import App
from bot.commands.spec import Invocation
from bot.config import Settings
from bot.sources.watcher import SourceWatcher

TARGET_LAG_MS = 100.0
TICK_SECONDS = 0.01
QUERIES = ("hidta", "broadband", "fentanyl", "semiconductor", "climate", "veterans")


async def _ticker(stop: asyncio.Event, lags: list[float], phase: list[str], worst: dict[str, float]) -> None:
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        due = loop.time() + TICK_SECONDS
        await asyncio.sleep(TICK_SECONDS)
        lag = max(0.0, loop.time() - due)
        lags.append(lag)
        worst[phase[0]] = max(worst.get(phase[0], 0.0), lag * 1000.0)


async def _asker(app: App, stop: asyncio.Event, latencies: list[float]) -> None:
    who = Invocation(user_id=1, guild_id=1)
    n = 0
    while not stop.is_set():
        started = time.perf_counter()
        await app.handle("initiative", {"query": QUERIES[n % len(QUERIES)]}, who)
        latencies.append(time.perf_counter() - started)
        n += 1
        await asyncio.sleep(0.1)


async def measure(folder: Path, db: Path) -> dict[str, Any]:
    settings = Settings(db_path=db, sources_watch=(str(folder),), sources_poll_seconds=60.0)
    app = await App.open(settings)
    watcher = SourceWatcher(app.store, settings)
    lags: list[float] = []
    latencies: list[float] = []
    stop = asyncio.Event()
    phase: list[str] = ["ingest"]
    worst: dict[str, float] = {}
    background = [asyncio.create_task(_ticker(stop, lags, phase, worst)), asyncio.create_task(_asker(app, stop, latencies))]
    started = time.perf_counter()
    try:
        reports = await watcher.poll_once()
        ingested = time.perf_counter() - started
        phase[0] = "index refresh"
        await app.refresh_if_changed(debounce=False)
        caught_up = time.perf_counter() - started
    finally:
        stop.set()
        await asyncio.gather(*background)
        await watcher.close()
        await app.close()
    added = sum(report.summary.added for report in reports if report.summary is not None)
    return {"added": added, "ingest_s": ingested, "caught_up_s": caught_up,
            "lag": summary_ms(lags), "answers": summary_ms(latencies), "worst": worst}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="at most this many sheets (0: all)")
    args = parser.parse_args()
    if not WH_FACTSHEETS.is_dir():
        raise SystemExit(f"needs the real fact sheets at {WH_FACTSHEETS}")
    with tempfile.TemporaryDirectory(prefix="briefbot-watch-lag-") as tmp:
        folder = Path(tmp) / "watched"
        folder.mkdir()
        files = sorted(WH_FACTSHEETS.rglob("*.md")) + sorted(REAL_CORPUS.glob("*.md"))
        for n, path in enumerate(files[: args.limit or None]):
            shutil.copy2(path, folder / f"{n:05d}-{path.name}")
        result = asyncio.run(measure(folder, Path(tmp) / "briefbot.db"))
    lag, answers = result["lag"], result["answers"]
    assert isinstance(lag, dict) and isinstance(answers, dict)
    print(f"watched folder: {result['added']} sheets ingested in {result['ingest_s']:.1f} s, "
          f"index caught up at {result['caught_up_s']:.1f} s")
    print(f"loop lag ms: p50 {lag['p50']:.1f}, p99 {lag['p99']:.1f}, max {lag['max']:.1f} "
          f"({lag['n']} ticks; target max ≤ {TARGET_LAG_MS:.0f}: "
          f"{'met' if lag['max'] <= TARGET_LAG_MS else 'missed'})")
    print("worst lag by phase, ms: " + ", ".join(f"{name} {ms:.0f}" for name, ms in result["worst"].items()))
    print(f"/initiative while ingesting, ms: p50 {answers['p50']:.1f}, p99 {answers['p99']:.1f}, "
          f"max {answers['max']:.1f} ({answers['n']} answers)")


if __name__ == "__main__":
    main()
