"""Topic alerts end to end: the real client and App against the fake Discord, new sheets stored
into the same database by a second connection (as ``briefbot ingest`` does) while the bot runs."""

from __future__ import annotations

import asyncio
import contextlib
import re
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import App
from bot.config import Settings
from bot.dburl import DatabaseUrl, parse_target
from bot.discord_app.client import BriefbotClient, ShardedBriefbotClient, create_client
from bot.ingest import parse_document
from bot.store import Store
from tests.conftest import PROJECT_ROOT
from tests.fake_discord import GUILD_FORUM, MANAGE_GUILD, FakeDiscord

pytest_plugins = ("tests.fake_discord.fixtures",)

GUILD_ID = 1190200000000000000
ADMIN_ID = 1190300000000000002
READER_ID = 1190300000000000001

Client = BriefbotClient | ShardedBriefbotClient  # what ``create_client`` makes


def quokka_sheet(version: str = "", *, slug: str = "quokka", amount: int = 12) -> bytes:
    return f"""---
title: "FACT SHEET: Protecting the {slug.title()} Program"
date: '2024-05-01'
source_url: https://www.whitehouse.gov/briefing-room/statements-releases/2024/05/01/fact-sheet-{slug}/
---

The Administration announced support for island wildlife.

- **Launching the {slug.title()} Program.** The program provides ${amount} million to protect habitats. {version}
- **Funding ranger stations.** An additional $2 million funds ranger stations on Rottnest Island.
""".encode()


async def ingest(db: Path | DatabaseUrl, raw: bytes, name: str) -> None:
    """Store a sheet through a connection of its own, like a separate ``briefbot ingest``."""
    store = await Store.open(db)
    try:
        await store.ingest(parse_document(raw, name))
    finally:
        await store.close()


def policy_club(fake: FakeDiscord, channels: tuple[str, ...] = ("general", "alerts")) -> FakeDiscord:
    """The server these tests play in: an admin (Manage Server) and a reader."""
    fake.add_guild(GUILD_ID, "Policy Club", channels=list(channels))
    fake.add_member(GUILD_ID, ADMIN_ID, permissions=MANAGE_GUILD, name="admin")
    fake.add_member(GUILD_ID, READER_ID, name="reader")
    return fake


@pytest.fixture
def world(fake_discord: FakeDiscord) -> FakeDiscord:
    return policy_club(fake_discord)


@pytest.fixture
def settings(world: FakeDiscord, db_target: Path | str) -> Settings:
    """The bot's settings, on each store backend in turn (``db_target``)."""
    return Settings(db_path=parse_target(db_target), api_base=world.api_base, gateway_url=world.gateway_url, refresh_seconds=0.1,
                    index_cache=False)


@contextlib.asynccontextmanager
async def running_bot(fake: FakeDiscord, settings: Settings) -> AsyncIterator[Client]:
    app = await App.open(settings)
    try:
        client = create_client(app, settings, guild_ready_timeout=0.1)
        async with fake.running(client):
            await fake.wait_for(lambda: getattr(client, "follows", None) is not None, what="alerts to start")
            yield client
    finally:
        await app.close()


async def slash(fake: FakeDiscord, user: int, key: str, options: dict[str, Any] | None = None) -> str:
    handle = await fake.slash(GUILD_ID, None, user, key, options or {})
    response = await handle.wait_response(timeout=10)
    return str(response.content or "") + " ".join(str(e) for e in response.embeds)


def alerts_in(fake: FakeDiscord, channel_id: int) -> list[dict[str, Any]]:
    return [m for m in fake.channel_messages(channel_id)
            if any("Briefbot alert" in str((e.get("footer") or {}).get("text")) for e in m.get("embeds") or [])]


async def test_a_channel_follow_alerts_once_pings_only_its_role_and_says_updated(
        world: FakeDiscord, settings: Settings, no_discord_errors):
    channel = world.text_channel_ids(GUILD_ID)[1]
    role = world.add_role(GUILD_ID, "wildlife")
    async with running_bot(world, settings):
        said = await slash(world, ADMIN_ID, "follow add", {"topic": "quokka", "channel": channel, "role": role.id})
        assert "Following **quokka**" in said
        await ingest(settings.db_path, quokka_sheet(), "quokka.md")
        await world.wait_for(lambda: len(alerts_in(world, channel)) == 1, timeout=15, what="the alert")
    (alert,) = alerts_in(world, channel)
    assert "Quokka Program" in str(alert["embeds"])
    assert alert["embeds"][0]["url"].startswith("https://www.whitehouse.gov/")
    assert "$12 million" in str(alert["embeds"])
    post = [r for r in world.requests_to("POST", f"/channels/{channel}/messages")][-1]
    assert post.json["allowed_mentions"] == {"parse": [], "roles": [str(role.id)]}

    for _ in range(2):  # restarted twice: nothing new
        async with running_bot(world, settings) as client:
            await ingest(settings.db_path, quokka_sheet(), "quokka.md")  # the same content again

            def warm(c: Client = client) -> bool:
                return c.app.index is not None

            await world.wait_for(warm, what="the bot")
        assert len(alerts_in(world, channel)) == 1

    async with running_bot(world, settings):
        await ingest(settings.db_path, quokka_sheet("Now with more rangers."), "quokka.md")
        await world.wait_for(lambda: len(alerts_in(world, channel)) == 2, timeout=15, what="the update alert")
    assert "Updated fact sheet" in alerts_in(world, channel)[-1]["content"]
    assert len(alerts_in(world, channel)) == 2


async def test_a_personal_follow_comes_by_dm_and_a_deleted_channel_is_shown_in_the_list(
        world: FakeDiscord, settings: Settings, no_discord_errors):
    doomed = world.add_channel(GUILD_ID, "doomed")
    async with running_bot(world, settings):
        assert "by direct message" in await slash(world, READER_ID, "follow add", {"topic": "quokka"})
        refused = await slash(world, READER_ID, "follow add", {"topic": "quokka", "channel": doomed.id})
        assert "Manage Server" in refused
        await slash(world, ADMIN_ID, "follow add", {"topic": "rottnest island", "channel": doomed.id})
        await world.remove_channel(doomed.id)
        await ingest(settings.db_path, quokka_sheet(), "quokka.md")
        dm = world.dm_channel(READER_ID)
        await world.wait_for(lambda: len(alerts_in(world, dm.id)) == 1, timeout=15, what="the DM alert")
        listing = ""

        def fault_shown() -> bool:
            return "no longer exists" in listing

        for _ in range(50):
            listing = await slash(world, ADMIN_ID, "follow list")
            if fault_shown():
                break
            await world.wait_for(lambda: True, timeout=0.1)
        assert "rottnest island" in listing and "no longer exists" in listing and "stopped" in listing


def burst_sheet(n: int) -> bytes:
    """A distinct sheet with its own new money (no figure repeats another sheet's, so none is a
    re-announcement that rightly stays quiet)."""
    return f"""---
title: "FACT SHEET: Protecting the Wombat {n} Program"
date: '2024-06-{1 + n % 28:02d}'
source_url: https://www.whitehouse.gov/briefing-room/statements-releases/2024/06/01/fact-sheet-wombat-{n}/
---

The Administration announced support for island wildlife.

- **Launching the Wombat {n} Program.** The program provides ${100 + n} million to protect habitats.
- **Funding ranger stations.** An additional ${300 + n} million funds ranger stations on Kangaroo Island.
""".encode()


async def ingest_elsewhere(db: Path | DatabaseUrl, folder: Path) -> None:
    """Store sheets the way production does: a separate ``briefbot ingest`` process, which parses
    in its own worker processes and writes through its own connection."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--db", str(db), "ingest", str(folder), cwd=PROJECT_ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    _, err = await process.communicate()
    assert process.returncode == 0, err.decode()


class LoopWatch:
    """The longest the event loop went without running a 50 ms tick: what a blocked loop costs
    every other task (gateway heartbeats, interactions)."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            await asyncio.sleep(0.05)
            self.worst = max(self.worst, loop.time() - before - 0.05)

    def __enter__(self) -> LoopWatch:
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()


@pytest.mark.slow
async def test_a_burst_of_100_sheets_with_rate_limits_delivers_every_alert_once(
        world: FakeDiscord, settings: Settings, tmp_path: Path, no_discord_errors):
    channel = world.text_channel_ids(GUILD_ID)[1]
    forum = world.add_channel(GUILD_ID, "alerts-forum", type=GUILD_FORUM)
    folder = tmp_path / "burst"
    folder.mkdir()
    for n in range(100):
        (folder / f"wombat-{n:03d}.md").write_bytes(burst_sheet(n))
    async with running_bot(world, settings):
        await slash(world, ADMIN_ID, "follow add", {"topic": "island", "channel": channel})
        await slash(world, ADMIN_ID, "follow add", {"topic": "rangers", "channel": forum.id})
        # Discord's buckets (scaled down: 10 a second per channel), and ten 429s on top.
        world.rate_limit("POST", re.compile(r"/channels/\d+/(messages|threads)"), limit=10, per=1.0)
        world.fail_next("POST", rf"/channels/{channel}/messages", 429, count=10, retry_after=0.5)
        with LoopWatch() as watch:
            await ingest_elsewhere(settings.db_path, folder)
            await world.wait_for(lambda: len(alerts_in(world, channel)) >= 100, timeout=120, what="100 alerts")
            await world.wait_for(lambda: len(forum_posts(world, forum.id)) >= 100, timeout=60,
                                 what="100 forum posts")
    titles = [m["embeds"][0]["title"] for m in alerts_in(world, channel)]
    assert len(titles) == len(set(titles)) == 100
    assert {f"FACT SHEET: Protecting the Wombat {n} Program" for n in range(100)} == set(titles)
    assert world.rate_limit_exceeded == []  # paced by the buckets' headers: not one request too many
    assert sum(1 for r in world.requests if r.status == 429) == 10  # the planned ones, each honoured
    posts = forum_posts(world, forum.id)
    assert len(posts) == 100 and len({c.name for c in posts}) == 100
    assert watch.worst < 2.0, f"the event loop stalled for {watch.worst:.1f} s"


def forum_posts(fake: FakeDiscord, forum_id: int) -> list[Any]:
    return [c for c in fake.channels.values() if c.parent_id == forum_id]
