"""Another machine's change reaches a running bot through PostgreSQL's LISTEN/NOTIFY, not the poll;
and slash-command sync is done by one process at a time."""

from __future__ import annotations

import asyncio
import time

from bot.app import App
from bot.config import Settings
from bot.dburl import parse_target
from bot.discord_app.sync import sync_if_changed
from bot.ingest import parse_document
from bot.store import Store
from tests._deadline import within
from tests.test_discord_app_parts import _tree

POLL_SECONDS = 60.0  # the refresh loop's poll: far longer than the test waits


def sheet(slug: str, title: str) -> bytes:
    return (f"---\ntitle: \"FACT SHEET: {title}\"\ndate: '2025-03-01'\n"
            f"source_url: https://www.whitehouse.gov/briefing-room/{slug}/\n---\n\n"
            f"The Administration announced the {title}.\n\n"
            f"- **Launching the {title}.** It provides $5 million to {slug} programs.\n").encode()


async def shown(app: App, title: str) -> float:
    """Seconds until the running app's in-memory index holds a sheet titled ``title``."""
    started = time.monotonic()
    while not any(title in doc.title for doc in app.index.documents):
        await asyncio.sleep(0.02)
    return time.monotonic() - started


async def refresh_loop(app: App) -> None:
    """What the Discord client's refresh loop does, without Discord."""
    while True:
        await app.wait_for_change(POLL_SECONDS)
        await app.refresh_if_changed()


async def test_another_processes_ingest_is_answered_within_two_seconds_with_the_poll_a_minute_away(
        pg_url: str) -> None:
    settings = Settings(db_path=parse_target(pg_url), index_cache=False, refresh_seconds=POLL_SECONDS)
    app = await App.open(settings, seed_if_empty=False)
    loop = asyncio.create_task(refresh_loop(app))
    other = await Store.open(pg_url)  # a second connection: another machine running `briefbot ingest`
    try:
        with within(20, "the first sheet to show"):
            await other.ingest(parse_document(sheet("quokka", "Quokka Program"), "quokka.md"))
            await shown(app, "Quokka Program")  # (also proves the loop is up and listening)
        await other.ingest(parse_document(sheet("wombat", "Wombat Burrows Act"), "wombat.md"))
        with within(10, "the second sheet to show"):
            seconds = await shown(app, "Wombat Burrows Act")
    finally:
        loop.cancel()
        await asyncio.gather(loop, return_exceptions=True)
        await other.close()
        await app.close()
    print(f"another process's ingest answered after {seconds * 1000:.0f} ms (poll every {POLL_SECONDS:g} s)")
    assert seconds <= 2.0


async def test_one_process_syncs_commands_at_a_time(pg_url: str) -> None:
    first, second = await Store.open(pg_url), await Store.open(pg_url)
    inside: list[str] = []
    overlap = False

    async def sync(store: Store, name: str, release: asyncio.Event | None) -> bool:
        nonlocal overlap
        async with store.command_sync_lock(timeout=10) as held:
            if not held:
                return False
            overlap = overlap or bool(inside)
            inside.append(name)
            if release is not None:
                await release.wait()
            inside.remove(name)
            return True

    try:
        release = asyncio.Event()
        holder = asyncio.create_task(sync(first, "first", release))
        while not inside:
            await asyncio.sleep(0.01)
        async with second.command_sync_lock(timeout=0.3) as held:  # the first holds it: refused in time
            assert held is False
        waiter = asyncio.create_task(sync(second, "second", None))  # waits for the first to finish
        await asyncio.sleep(0)
        assert inside == ["first"]
        release.set()
        with within(10, "both syncs"):
            assert await asyncio.gather(holder, waiter) == [True, True]
        assert not overlap and not inside
    finally:
        await first.close()
        await second.close()


async def test_two_bots_starting_together_sync_the_commands_once(pg_url: str, monkeypatch) -> None:
    """Two processes start on one database with a new command set: one syncs with Discord, the
    other waits for it and then finds nothing to sync."""
    stores = [await Store.open(pg_url), await Store.open(pg_url)]
    trees = [_tree(), _tree()]
    syncing: list[int] = []
    calls: list[int] = []
    overlap = False

    for number, tree in enumerate(trees):
        async def fake_sync(*, guild: object = None, number: int = number) -> list[object]:
            nonlocal overlap
            overlap = overlap or bool(syncing)
            syncing.append(number)
            calls.append(number)
            await asyncio.sleep(0.3)  # Discord takes its time: the other process would start meanwhile
            syncing.remove(number)
            return []

        monkeypatch.setattr(tree, "sync", fake_sync)
    try:
        with within(30, "both starts"):
            synced = await asyncio.gather(*(sync_if_changed(tree, store, [None])
                                            for tree, store in zip(trees, stores, strict=True)))
    finally:
        for store in stores:
            await store.close()
    assert len(calls) == 1 and not overlap
    assert sorted(synced) == [[], ["global"]]
