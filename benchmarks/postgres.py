"""``python -m benchmarks.postgres``: the PostgreSQL backend against SQLite on the same machine.

Three figures, each from what a user runs:

- **Ingest**: the real ``briefbot ingest`` of the 1,661 real fact sheets (``../shared/corpus`` and
  ``../shared/wh-factsheets``) into a new SQLite file and into a new PostgreSQL database, in turn
  (``--rounds`` times each); files per second as the command reports them. Target: PostgreSQL
  at least half the SQLite rate.
- **Answers**: ``benchmarks.measure`` (the suite's query step: the fixed mix of /initiative,
  autocomplete, /funding and /ask) for an app opened on each database. Answers come from the
  in-memory index, so the two should not differ beyond noise.
- **Time to notice another machine's ingest**: the real bot (``briefbot run`` against the offline
  fake Discord of the tests) on the PostgreSQL database; another process ingests one new sheet;
  the figure is from the moment the sheet is visible in the database to the first /initiative
  answer that shows it (asked every 100 ms). It measures whatever the bot does to notice — polling
  every ``refresh_seconds`` (2 s by default) or a notification from the database — so it needs
  no change when the bot learns the latter. Target: ≤ 2 s.

A throw-away PostgreSQL server is started from the system's binaries (``tests/postgres_server.py``),
or ``--url`` names an empty database on a server of yours. Prints the figures and writes them
into ``docs/benchmarks.md`` (section *PostgreSQL*, replaced on each run).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks._common import (
    CACHE_DIR,
    PROJECT_ROOT,
    REAL_CORPUS,
    SEED,
    WH_FACTSHEETS,
    read_json,
    write_json,
)
from benchmarks.querymix import build_mix
from tests import parity

SECTION = "## PostgreSQL"
START, END = "<!-- postgres-benchmark:start -->", "<!-- postgres-benchmark:end -->"
INGEST_TARGET = 0.5  # PostgreSQL's rate at least half SQLite's
NOTICE_TARGET_SECONDS = 2.0
ASK_EVERY = 0.1
NOTICE_TIMEOUT = 60.0
GUILD_ID = 1190200000000000078
USER_ID = 1190300000000000078
WORK = CACHE_DIR / "postgres"


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.postgres", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="an empty PostgreSQL database to use (default: a throw-away server)")
    parser.add_argument("--rounds", type=int, default=2, help="ingests into each backend, alternating (default 2)")
    parser.add_argument("--queries", type=int, default=300, help="queries in the answer mix (default 300)")
    parser.add_argument("--notices", type=int, default=5, help="new sheets ingested while the bot runs (default 5)")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs" / "benchmarks.md",
                        help="the report to write the section into (default docs/benchmarks.md)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    return parser.parse_args(argv)


# ---- the databases -------------------------------------------------------------------------------


@contextlib.contextmanager
def _server_databases(url: str | None) -> Iterator[Any]:
    """A function giving a new, empty PostgreSQL database's URL per call. The saved index the bot
    writes for each database (under data/) is removed at the end: it is a cache of benchmark data."""
    from bot.dburl import local_path

    if url is not None:
        used = [False]

        def given() -> str:  # one database named by the user: emptied between rounds
            if used[0]:
                _run_sql(url, "DROP SCHEMA public CASCADE; CREATE SCHEMA public")
            used[0] = True
            return url

        try:
            yield given
        finally:
            Path(f"{local_path(url)}.index").unlink(missing_ok=True)
        return
    from tests.postgres_server import admin_execute, throwaway_server

    handed_out: list[str] = []
    with throwaway_server() as server:
        def fresh() -> str:
            name = server.next_name()
            admin_execute(server, f"CREATE DATABASE {name}")
            handed_out.append(server.url(name))
            return handed_out[-1]

        try:
            yield fresh
        finally:
            for made in handed_out:
                Path(f"{local_path(made)}.index").unlink(missing_ok=True)


def _run_sql(url: str, statement: str) -> None:
    import asyncpg

    async def run() -> None:
        conn = await asyncpg.connect(url)
        try:
            await conn.execute(statement)
        finally:
            await conn.close()

    asyncio.run(run())


def _fresh_sqlite(name: str) -> Path:
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / name
    for suffix in ("", "-wal", "-shm", ".index"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


# ---- ingest --------------------------------------------------------------------------------------


def measure_ingest(new_database: Any, rounds: int, env: dict[str, str]) -> tuple[dict[str, Any], str, Path]:
    """Alternate SQLite and PostgreSQL ingests; returns the figures and the last databases."""
    folders = [REAL_CORPUS, WH_FACTSHEETS]
    runs: dict[str, list[parity.IngestRun]] = {"sqlite": [], "postgresql": []}
    url, lite = "", Path()
    for number in range(rounds):
        lite = _fresh_sqlite("real.db")
        runs["sqlite"].append(parity.ingest(lite, folders, env))
        url = new_database()
        runs["postgresql"].append(parity.ingest(url, folders, env))
        _log(f"[ingest {number + 1}/{rounds}] SQLite {runs['sqlite'][-1].seconds:.1f} s, "
             f"PostgreSQL {runs['postgresql'][-1].seconds:.1f} s")
    out: dict[str, Any] = {}
    for backend, done in runs.items():
        rates = [r.files / r.seconds for r in done]
        out[backend] = {"files": done[0].files, "seconds": [r.seconds for r in done],
                        "rate_median": statistics.median(rates), "rates": rates}
    out["ratio"] = out["postgresql"]["rate_median"] / out["sqlite"]["rate_median"]
    out["db_bytes"] = {"sqlite": lite.stat().st_size, "postgresql": _database_bytes(url)}
    return out, url, lite


def _database_bytes(url: str) -> int:
    import asyncpg

    async def size() -> int:
        conn = await asyncpg.connect(url)
        try:
            return int(await conn.fetchval("SELECT pg_database_size(current_database())"))
        finally:
            await conn.close()

    return asyncio.run(size())


# ---- answers -------------------------------------------------------------------------------------


def measure_answers(target: Path | str, mix_path: Path, env: dict[str, str]) -> dict[str, Any]:
    """The suite's query step (``benchmarks.measure``) in a fresh process, on one database."""
    out = WORK / f"answers-{'pg' if isinstance(target, str) else 'sqlite'}.json"
    out.unlink(missing_ok=True)
    done = subprocess.run([sys.executable, "-m", "benchmarks.measure", "--db", str(target), "--mix", str(mix_path),
                           "--out", str(out), "--baseline-queries", "10", "--launched", repr(time.time())],
                          cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL)
    if done.returncode != 0 or not out.exists():
        raise RuntimeError(f"measuring answers on {target} failed (exit {done.returncode})")
    measured: dict[str, Any] = read_json(out)
    return measured


# ---- time to notice another machine's ingest -------------------------------------------------------


def _new_sheet(folder: Path, number: int, word: str, mark: str) -> Path:
    """A new sheet whose initiative holds ``word`` (what is asked) and ``mark`` (what shows it was
    found: the answer's echo of the query cannot contain it)."""
    path = folder / f"notice-{number}-{word}.md"
    path.write_text(
        "---\n"
        f'title: "FACT SHEET: {word.capitalize()} Readiness Program"\n'
        f"date: 2030-01-{number + 1:02d}\n"
        f'source_url: "https://www.whitehouse.gov/briefing-room/notice-{number}-{word}/"\n'
        "---\n\n"
        f"The Administration announces the {word.capitalize()} Readiness Program.\n\n"
        f"- **{word.capitalize()} {mark.capitalize()} grants:** $5 million for {word} training in every state.\n",
        encoding="utf-8")
    return path


async def _visible(url: str, word: str) -> None:
    """Return once a separate connection sees the sheet committed (polled every 10 ms)."""
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        while not await conn.fetchval("SELECT count(*) FROM documents WHERE source_url LIKE $1", f"%-{word}/"):
            await asyncio.sleep(0.01)
    finally:
        await conn.close()


async def measure_notice(url: str, count: int, env: dict[str, str]) -> dict[str, Any]:
    """Start the real bot on ``url``; ingest ``count`` new sheets one at a time from another process
    and time how long after each is committed the bot's answers show it."""
    from benchmarks.lag import _bot_env, _until_ready
    from tests.fake_discord import FakeDiscord

    fake = FakeDiscord()
    await fake.start()
    fake.add_guild(GUILD_ID, "Benchmark", channels=["general"])
    fake.add_member(GUILD_ID, USER_ID, name="reader")
    bot_env = _bot_env(fake, Path(url))
    bot_env["BRIEFBOT_DB"] = url
    bot_env["BRIEFBOT_LOG_LEVEL"] = "INFO"  # its log says how it learns of changes and how long each rebuild took
    bot_env["BRIEFBOT_SEEDS"] = env["BRIEFBOT_SEEDS"]
    log_path = WORK / "notice.bot.log"
    bot_log = open(log_path, "wb")  # noqa: SIM115  (closed in finally)
    bot = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", cwd=PROJECT_ROOT, env=bot_env,
                                               stdout=bot_log, stderr=bot_log)
    seconds: list[float] = []
    refresh = float(bot_env.get("BRIEFBOT_REFRESH_SECONDS", "2.0"))
    try:
        await _until_ready(fake, bot, log_path)
        await fake.wait_for(lambda: bool(fake.synced_commands()), 60.0, "the bot to sync its commands")
        await asyncio.sleep(3.0)  # discord.py's guild_ready_timeout (2 s): let on_ready pass
        with tempfile.TemporaryDirectory(prefix="briefbot-notice-") as folder:
            for number in range(count):
                word, mark = f"quorvantic{chr(ord('a') + number)}", f"zelmorphic{chr(ord('a') + number)}"
                sheet = _new_sheet(Path(folder), number, word, mark)
                visible = asyncio.ensure_future(_visible(url, word))
                ingest = await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "bot", "--db", url, "ingest", str(sheet), cwd=PROJECT_ROOT, env=env,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                await asyncio.wait_for(visible, NOTICE_TIMEOUT)
                committed = time.perf_counter()
                await ingest.wait()
                while time.perf_counter() - committed < NOTICE_TIMEOUT:
                    asked = time.perf_counter()
                    handle = await fake.slash(GUILD_ID, None, USER_ID, "initiative", {"query": word})
                    response = await handle.wait_response(timeout=30.0)
                    if mark in json.dumps(response.body, default=str).lower():
                        seconds.append(time.perf_counter() - committed)
                        break
                    await asyncio.sleep(max(0.0, ASK_EVERY - (time.perf_counter() - asked)))
                else:
                    raise RuntimeError(f"the bot did not show {word} within {NOTICE_TIMEOUT:.0f} s")
                _log(f"[notice {number + 1}/{count}] answered with the new sheet {seconds[-1]:.2f} s after commit")
                await asyncio.sleep(2.5)  # the next sheet lands at another point of the polling cycle
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
    mechanism = _notice_mechanism(log_path)
    rebuilds = _rebuild_seconds(log_path)[-len(seconds):] if seconds else []
    return {"seconds": seconds, "median": statistics.median(seconds), "max": max(seconds),
            "refresh_seconds": refresh, "mechanism": mechanism,
            "rebuild_median": statistics.median(rebuilds) if rebuilds else None}


def _notice_mechanism(log_path: Path) -> str:
    """What the bot's log says it used to learn of changes (it logs when it starts listening)."""
    text = log_path.read_text(encoding="utf-8", errors="replace")
    return "LISTEN/NOTIFY" if "listening for changes on" in text else "polling"


def _rebuild_seconds(log_path: Path) -> list[float]:
    """How long each index rebuild took, from the bot's "index rebuilt: … in N s" log lines."""
    text = log_path.read_text(encoding="utf-8", errors="replace")
    return [float(found) for found in re.findall(r"index rebuilt: .*? in ([\d.]+) s", text)]


def write_section(path: Path, section: str) -> None:
    """Put the section into the report between this benchmark's own markers, replacing the
    previous one (kept by ``python -m benchmarks``)."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if START in text and END in text:
        before, _, rest = text.partition(START)
        text = before + section + rest.partition(END)[2]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


# ---- report --------------------------------------------------------------------------------------


def _fmt_ms(value: float) -> str:
    return f"{value:.1f}"


def render(result: dict[str, Any], command: str) -> str:
    ingest, notice = result["ingest"], result["notice"]
    lite, pg = ingest["sqlite"], ingest["postgresql"]
    ingest_met = "met" if ingest["ratio"] >= INGEST_TARGET else "**missed**"
    notice_met = "met" if notice["max"] <= NOTICE_TARGET_SECONDS else "**missed**"
    rows = ["| answer step | SQLite p50 / p99 (ms) | PostgreSQL p50 / p99 (ms) |", "| --- | --- | --- |"]
    for key, label in (("initiative", "/initiative"), ("autocomplete", "autocomplete"),
                       ("funding_query", "/funding query:"), ("ask", "/ask")):
        a, b = result["answers"]["sqlite"].get(key), result["answers"]["postgresql"].get(key)
        if isinstance(a, dict) and isinstance(b, dict) and "p50" in a:
            rows.append(f"| {label} | {_fmt_ms(a['p50'])} / {_fmt_ms(a['p99'])} | {_fmt_ms(b['p50'])} / "
                        f"{_fmt_ms(b['p99'])} |")
    if notice["mechanism"] == "polling":
        how = (f"The bot learnt of the change by polling the data version every {notice['refresh_seconds']:g} s "
               "(it did not log that it listens for notifications), so a sheet waits up to one polling "
               "interval, then the index rebuild of the real library, before answers show it.")
    else:
        how = "The bot learnt of the change by a LISTEN/NOTIFY notification from the database."
    if notice.get("rebuild_median") is not None:
        how += (f" Each notice is mostly the rebuild of the whole in-memory index of the real library, by the "
                f"builder process that keeps the words of the sheets it has read and tokenises only the new one: "
                f"median {notice['rebuild_median']:.2f} s per rebuild, by the bot's own log.")
    return "\n".join([
        START,
        SECTION,
        "",
        f"Generated by `{command}` on {dt.date.today().isoformat()} ({os.cpu_count()} cores, shared; load "
        f"average {result['load']:.1f} at the end). PostgreSQL {result['server_version']} on the same machine "
        "(a throw-away server from the system's binaries, `fsync` off as in the tests, unless `--url`); "
        "the same code, the same files.",
        "",
        "| backend | files | ingest seconds (each round) | files/s (median) | database size |",
        "| --- | --- | --- | --- | --- |",
        f"| SQLite | {lite['files']:,} | {', '.join(f'{s:.1f}' for s in lite['seconds'])} | "
        f"{lite['rate_median']:.0f} | {ingest['db_bytes']['sqlite'] / 1e6:.0f} MB |",
        f"| PostgreSQL | {pg['files']:,} | {', '.join(f'{s:.1f}' for s in pg['seconds'])} | "
        f"{pg['rate_median']:.0f} | {ingest['db_bytes']['postgresql'] / 1e6:.0f} MB |",
        "",
        f"- Ingest target: PostgreSQL ≥ {INGEST_TARGET:.0%} of the SQLite rate — {ingest_met} "
        f"({ingest['ratio']:.0%}). Both are bound by parsing in the worker processes; each sheet is still one "
        "transaction of its own.",
        f"- Answers from an app opened on each database ({result['queries']} queries of the suite's mix, real "
        "size): they come from the in-memory index on both, so the differences are noise.",
        "",
        *rows,
        "",
        f"- Time to notice another machine's ingest (a second process ingests one new sheet into the database "
        f"the running bot uses; from the commit to the first /initiative answer showing it, asked every "
        f"{ASK_EVERY * 1000:.0f} ms; {len(notice['seconds'])} sheets): median {notice['median']:.2f} s, most "
        f"{notice['max']:.2f} s — target ≤ {NOTICE_TARGET_SECONDS:.0f} s {notice_met}. {how}",
        END,
    ])


def _server_version(url: str) -> str:
    import asyncpg

    async def version() -> str:
        conn = await asyncpg.connect(url)
        try:
            return str(await conn.fetchval("SHOW server_version"))
        finally:
            await conn.close()

    return asyncio.run(version())


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    if not REAL_CORPUS.is_dir() or not WH_FACTSHEETS.is_dir():
        _log(f"needs the real fact sheets in {REAL_CORPUS} and {WH_FACTSHEETS}")
        return 2
    WORK.mkdir(parents=True, exist_ok=True)
    from bot.dburl import DATA_DIR

    DATA_DIR.mkdir(parents=True, exist_ok=True)  # where a server database's saved index goes, as in a deployment
    env = parity.quiet_env(CACHE_DIR / "empty-seeds")
    with _server_databases(args.url) as new_database:
        ingest, url, lite = measure_ingest(new_database, max(1, args.rounds), env)
        mix_path = WORK / f"mix-{args.queries}.json"
        write_json(mix_path, build_mix(lite, args.queries, SEED))
        answers = {}
        for backend, target in (("sqlite", lite), ("postgresql", url)):
            _log(f"[answers] {backend} …")
            answers[backend] = measure_answers(target, mix_path, env)
        _log("[notice] starting the bot on PostgreSQL …")
        notice = asyncio.run(measure_notice(url, max(1, args.notices), env))
        result = {"ingest": ingest, "answers": answers, "notice": notice, "queries": args.queries,
                  "server_version": _server_version(url), "load": os.getloadavg()[0]}
    write_json(WORK / "last.json", result)
    command = "python -m benchmarks.postgres " + " ".join(argv if argv is not None else sys.argv[1:])
    section = render(result, command.strip())
    print(section)
    if not args.no_write:
        write_section(args.out, section)
        _log(f"wrote {args.out}")
    ok = ingest["ratio"] >= INGEST_TARGET and notice["max"] <= NOTICE_TARGET_SECONDS
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
