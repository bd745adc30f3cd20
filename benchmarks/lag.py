"""Event-loop lag of the running bot while users type and another process ingests.

The bot runs in its own process (``benchmarks.lagbot``: the production ``serve`` plus a lag
monitor) against the fake Discord running here. Once it is connected, two things start at the
same moment: ``python -m bot ingest`` of the 1,661 real fact sheets into the bot's database (a
separate process, parsing on every core), and 1,000 interactions arriving at a steady rate —
six in ten autocomplete keystrokes, three /initiative, one /funding. The run ends when the
ingest is done, every interaction has been answered and the bot has rebuilt its index from the
final data; then the bot is stopped with SIGTERM and reports its samples.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks._common import (
    CACHE_DIR,
    PROJECT_ROOT,
    REAL_CORPUS,
    WH_FACTSHEETS,
    percentile,
    read_json,
    summary_ms,
)
from benchmarks.corpora import copy_database, ingest_command, quiet_env, saved_index_path

GUILD_ID = 1190200000000000077
USER_ID = 1190300000000000077
TICK_SECONDS = 0.010  # the lag monitor's sleep (benchmarks.lagbot)
READY_TIMEOUT = 600.0  # the bot builds its index before connecting: minutes at 50k on a busy machine
CATCH_UP_TIMEOUT = 900.0
RESPONSE_TIMEOUT = 30.0


def _bot_env(fake: Any, db_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "DISCORD_"))}
    env.update({
        "DISCORD_TOKEN": fake.token,
        "DISCORD_API_BASE": fake.api_base,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
        "BRIEFBOT_DB": str(db_path),
        "BRIEFBOT_LOG_LEVEL": "WARNING",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")])),
    })
    return env


def _data_version(db_path: Path) -> int:
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
        return int(conn.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()[0])


def _copy_saved_index(base_db: Path, db_path: Path) -> Path | None:
    """The bot's saved index goes with the copy, so the bot starts warm, as after a restart."""
    source, target = saved_index_path(base_db), saved_index_path(db_path)
    target.unlink(missing_ok=True)
    if not source.exists():
        return None
    shutil.copyfile(source, target)
    return target


async def _until_ready(fake: Any, bot: asyncio.subprocess.Process, bot_log: Path) -> None:
    """Wait for the bot to connect; fail at once (with its last words) if it exits instead."""
    ready = asyncio.ensure_future(fake.wait_until_ready(timeout=READY_TIMEOUT))
    exited = asyncio.ensure_future(bot.wait())
    await asyncio.wait({ready, exited}, return_when=asyncio.FIRST_COMPLETED)
    if not ready.done():
        ready.cancel()
        tail = bot_log.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"the bot exited with status {bot.returncode} before connecting:\n{tail}")
    exited.cancel()
    ready.result()


def _kind_of(number: int) -> str:
    slot = number % 10
    return "autocomplete" if slot < 6 else "initiative" if slot < 9 else "funding"


async def _one_interaction(fake: Any, number: int, query: str) -> dict[str, Any]:
    kind = _kind_of(number)
    try:
        if kind == "autocomplete":
            handle = await fake.autocomplete(GUILD_ID, None, USER_ID, "initiative", focused="query", value=query)
        else:
            handle = await fake.slash(GUILD_ID, None, USER_ID, kind, {"query": query})
        response = await handle.wait_response(timeout=RESPONSE_TIMEOUT)
    except Exception as exc:  # counted, not fatal: the figure is how many went wrong
        return {"kind": kind, "ok": False, "error": f"{type(exc).__name__}: {exc}"[:200]}
    return {"kind": kind, "ok": response.status == 200, "type": response.type,
            "seconds": response.received_after_seconds}


async def measure_lag(name: str, base_db: Path | None, queries: list[str], *, interactions: int = 1000,
                      rate: float = 25.0, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Run one lag measurement; ``base_db`` is copied first (None: a new database, seeded as usual)."""
    from tests.fake_discord import FakeDiscord  # the offline Discord of the end-to-end tests

    work = CACHE_DIR / "lag"
    work.mkdir(parents=True, exist_ok=True)
    db_path = work / f"{name}.db"
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{db_path}{suffix}").unlink()
    saved = None
    saved_index_path(db_path).unlink(missing_ok=True)
    if base_db is not None:
        copy_database(base_db, db_path)
        saved = _copy_saved_index(base_db, db_path)
    out, status = work / f"{name}.samples.json", work / f"{name}.status.json"
    for stale in (out, status):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()

    fake = FakeDiscord()
    await fake.start()
    fake.add_guild(GUILD_ID, "Benchmark", channels=["general"])
    fake.add_member(GUILD_ID, USER_ID, name="reader")
    bot_log = open(work / f"{name}.bot.log", "wb")  # noqa: SIM115  (closed in finally)
    ingest_log = open(work / f"{name}.ingest.log", "wb")  # noqa: SIM115
    bot = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "benchmarks.lagbot", "--out", str(out), "--status", str(status),
        cwd=PROJECT_ROOT, env=_bot_env(fake, db_path), stdout=bot_log, stderr=bot_log)
    try:
        started = time.perf_counter()
        await _until_ready(fake, bot, work / f"{name}.bot.log")
        await fake.wait_for(lambda: bool(fake.synced_commands()), 60.0, "the bot to sync its commands")
        await asyncio.sleep(3.0)  # discord.py's guild_ready_timeout (2 s): let on_ready pass
        log(f"[lag {name}] bot ready after {time.perf_counter() - started:.1f} s; ingesting the real fact "
            f"sheets while {interactions} interactions arrive at {rate:g}/s …")

        loop = asyncio.get_running_loop()
        t0 = time.time()
        ingest = await asyncio.create_subprocess_exec(
            *ingest_command(db_path, [REAL_CORPUS, WH_FACTSHEETS]), cwd=PROJECT_ROOT,
            env=quiet_env(CACHE_DIR / "empty-seeds"), stdout=ingest_log, stderr=ingest_log)
        first = loop.time()
        tasks = []
        for number in range(interactions):
            await asyncio.sleep(max(0.0, first + number / rate - loop.time()))
            tasks.append(asyncio.create_task(_one_interaction(fake, number, queries[number % len(queries)])))
        sent_end = time.time()
        ingest_status = await ingest.wait()
        ingest_end = time.time()
        results = await asyncio.gather(*tasks)
        answered_end = time.time()
        final_version = _data_version(db_path)
        deadline = time.perf_counter() + CATCH_UP_TIMEOUT
        caught_up = None
        while time.perf_counter() < deadline:
            with contextlib.suppress(FileNotFoundError, ValueError):
                seen = read_json(status).get("index_version")
                if seen is not None and seen >= final_version:
                    caught_up = time.time()
                    break
            await asyncio.sleep(0.25)
        await asyncio.sleep(1.0)
    finally:
        if bot.returncode is None:
            bot.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(bot.wait(), 120)
            except TimeoutError:
                bot.kill()
                await bot.wait()
        await fake.stop()
        bot_log.close()
        ingest_log.close()
    samples = read_json(out)
    end = caught_up or time.time()
    return _summarise(samples, results, t0=t0, sent_end=sent_end, ingest_end=ingest_end,
                      answered_end=answered_end, caught_up=caught_up, end=end, ingest_status=ingest_status,
                      base="new database" if base_db is None
                      else f"copy of {name}" + (" (+ saved index)" if saved else ""), rate=rate,
                      problems=list(fake.problems), final_version=final_version)


def _slowest(handlers: list[tuple[float, float, str]]) -> dict[str, Any]:
    """Per command: how many calls took over 100 ms, and the longest, in ms."""
    out: dict[str, Any] = {}
    for start, stop, key in handlers:
        entry = out.setdefault(key, {"over_100ms": 0, "max_ms": 0.0})
        if stop - start > 0.1:
            entry["over_100ms"] += 1
        entry["max_ms"] = max(entry["max_ms"], (stop - start) * 1000.0)
    return out


def _explain(at: float, lag: float, t0: float, gc_spans: list[tuple[float, float, int]],
             handlers: list[tuple[float, float, str]], rebuilds: list[tuple[float, float]],
             snapshots: list[tuple[float, float]]) -> str:
    """One spike and what was running while the loop was stuck."""
    start = at - lag - TICK_SECONDS
    running = [(b - a, key) for a, b, key in handlers if a <= at and b >= start]
    causes = [f"{key} ({seconds * 1000:,.0f} ms)" for seconds, key in sorted(running, reverse=True) if seconds > 0.1]
    shorter = sum(1 for seconds, _ in running if seconds <= 0.1)
    if shorter:
        causes.append(f"{shorter} command(s) of 20–100 ms")
    causes += [f"GC gen {g} ({(b - a) * 1000:.0f} ms)" for a, b, g in gc_spans if a <= at and b >= start
               and b - a > 0.02]
    if any(a <= at and b >= start for a, b in rebuilds):
        causes.append("index build (thread or child process)")
    if any(a <= at and b >= start for a, b in snapshots):
        causes.append("snapshot or index load")
    return f"{lag * 1000:.0f} ms at +{start - t0:.1f} s: " + (", ".join(causes) or "nothing recorded")


def _summarise(samples: dict[str, Any], results: list[dict[str, Any]], *, t0: float, sent_end: float,
               ingest_end: float, answered_end: float, caught_up: float | None, end: float,
               ingest_status: int, base: str, rate: float, problems: list[str],
               final_version: int) -> dict[str, Any]:
    pairs = list(zip(samples["times"], samples["lags"], strict=True))

    def window(start: float, stop: float) -> list[float]:
        return [lag for at, lag in pairs if start <= at <= stop]

    whole = window(t0, end)
    worst = max(((lag, at) for at, lag in pairs if t0 <= at <= end), default=(float("nan"), t0))
    ok = [r for r in results if r.get("ok")]
    gc_spans = [(a, b, g) for a, b, g in samples.get("gc", []) if t0 <= b and a <= end]
    rebuilds = [(a, b) for a, b in samples.get("rebuilds", []) if t0 <= b and a <= end]
    snapshots = [(a, b) for a, b in samples.get("snapshots", []) if t0 <= b and a <= end]
    spikes = [(at, lag) for at, lag in pairs if t0 <= at <= end and lag > 0.100]
    handlers = [(a, b, k) for a, b, k in samples.get("handlers", []) if t0 <= b and a <= end]

    def overlaps(at: float, lag: float, spans: Sequence[tuple[float, ...]]) -> bool:
        return any(span[0] <= at and span[1] >= at - lag - TICK_SECONDS for span in spans)

    return {
        "base": base,
        "interactions": len(results),
        "rate_per_second": rate,
        "answered": len(ok),
        "failed": len(results) - len(ok),
        "errors": sorted({r.get("error", f"status {r.get('status')}") for r in results if not r.get("ok")})[:5],
        "deferred": sum(1 for r in ok if r.get("type") == 5),
        "response_ms": summary_ms(r["seconds"] for r in ok),
        "response_ms_by_kind": {kind: summary_ms(r["seconds"] for r in ok if r["kind"] == kind)
                                for kind in ("autocomplete", "initiative", "funding")},
        "ingest_seconds": ingest_end - t0,
        "ingest_exit_status": ingest_status,
        "sending_seconds": sent_end - t0,
        "answered_after_seconds": answered_end - t0,
        "caught_up_after_seconds": None if caught_up is None else caught_up - t0,
        "final_data_version": final_version,
        "lag_ms": {
            "max": worst[0] * 1000.0,
            "max_at_seconds": worst[1] - t0,
            "p50": percentile(whole, 50) * 1000.0 if whole else float("nan"),
            "p99": percentile(whole, 99) * 1000.0 if whole else float("nan"),
            "max_while_ingesting": max(window(t0, ingest_end), default=float("nan")) * 1000.0,
            "over_50ms": sum(1 for lag in whole if lag > 0.050),
            "over_100ms": sum(1 for lag in whole if lag > 0.100),
            "samples": len(whole),
        },
        "causes": {
            "gc_pauses": len(gc_spans),
            "gc_max_ms": max((b - a for a, b, _ in gc_spans), default=0.0) * 1000.0,
            "gc_gen2_max_ms": max((b - a for a, b, g in gc_spans if g == 2), default=0.0) * 1000.0,
            "gc_total_ms": sum(b - a for a, b, _ in gc_spans) * 1000.0,
            "rebuilds": len(rebuilds),
            "rebuild_mean_s": sum(b - a for a, b in rebuilds) / len(rebuilds) if rebuilds else 0.0,
            "rebuild_max_s": max((b - a for a, b in rebuilds), default=0.0),
            "snapshot_max_s": max((b - a for a, b in snapshots), default=0.0),
            "spikes_over_100ms": len(spikes),
            "spikes_during_gen2_gc": sum(1 for at, lag in spikes
                                         if overlaps(at, lag, [(a, b) for a, b, g in gc_spans if g == 2])),
            "spikes_during_slow_command": sum(1 for at, lag in spikes
                                              if overlaps(at, lag, [(a, b) for a, b, _ in handlers if b - a > 0.1])),
            "slow_commands": _slowest(handlers),
            "worst_spikes": [_explain(at, lag, t0, gc_spans, handlers, rebuilds, snapshots)
                             for at, lag in sorted(spikes, key=lambda item: -item[1])[:5]],
            "spikes_during_rebuild_or_snapshot": sum(1 for at, lag in spikes
                                                     if overlaps(at, lag, rebuilds + snapshots)),
        },
        "bot_memory_kib": samples.get("memory_kib", {}),
        "bot_exit_status": samples.get("exit_status"),
        "fake_problems": problems[:5],
    }
