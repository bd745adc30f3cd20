"""Topic alerts end to end: the real client and App against the fake Discord, new sheets stored
into the same database by a second connection (as ``briefbot ingest`` does) while the bot runs."""

from __future__ import annotations

import contextlib
import random
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import App
from bot.config import Settings
from bot.discord_app.client import BriefbotClient, create_client
from bot.ingest import parse_document
from bot.store import Store
from tests.fake_discord import GUILD_FORUM, MANAGE_GUILD, FakeDiscord

pytest_plugins = ("tests.fake_discord.fixtures",)

GUILD_ID = 1190200000000000000
ADMIN_ID = 1190300000000000002
READER_ID = 1190300000000000001


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


async def ingest(db: Path, raw: bytes, name: str) -> None:
    """Store a sheet through a connection of its own, like a separate ``briefbot ingest``."""
    store = await Store.open(db)
    try:
        await store.ingest(parse_document(raw, name))
    finally:
        await store.close()


@pytest.fixture
def world(fake_discord: FakeDiscord) -> FakeDiscord:
    fake_discord.add_guild(GUILD_ID, "Policy Club", channels=["general", "alerts"])
    fake_discord.add_member(GUILD_ID, ADMIN_ID, permissions=MANAGE_GUILD, name="admin")
    fake_discord.add_member(GUILD_ID, READER_ID, name="reader")
    return fake_discord


@pytest.fixture
def settings(world: FakeDiscord, tmp_db: Path) -> Settings:
    return Settings(db_path=tmp_db, api_base=world.api_base, gateway_url=world.gateway_url, refresh_seconds=0.1,
                    index_cache=False)


@contextlib.asynccontextmanager
async def running_bot(fake: FakeDiscord, settings: Settings) -> AsyncIterator[BriefbotClient]:
    app = await App.open(settings)
    try:
        client = create_client(app, settings, guild_ready_timeout=0.1)
        async with fake.running(client):
            await fake.wait_for(lambda: getattr(client, "follows", None) is not None, what="alerts to start")
            yield client  # type: ignore[misc]
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
            await world.wait_for(lambda c=client: c.app.index is not None, what="the bot")
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


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="known broken: the 100-sheet burst stalls the event loop (the gateway "
                   "falls 40 s behind) and only part of the alerts arrive within two minutes")
async def test_a_burst_of_100_sheets_with_rate_limits_delivers_every_alert_once(
        world: FakeDiscord, settings: Settings, no_discord_errors):
    channel = world.text_channel_ids(GUILD_ID)[1]
    forum = world.add_channel(GUILD_ID, "alerts-forum", type=GUILD_FORUM)
    async with running_bot(world, settings):
        await slash(world, ADMIN_ID, "follow add", {"topic": "island", "channel": channel})
        await slash(world, ADMIN_ID, "follow add", {"topic": "rangers", "channel": forum.id})
        world.fail_next("POST", rf"/channels/{channel}/messages", 429, count=10)
        store = await Store.open(settings.db_path)
        try:
            for n in range(100):
                raw = quokka_sheet(slug=f"wombat{n}", amount=random.Random(n).randint(1, 90))
                await store.ingest(parse_document(raw, f"w{n}.md"))
        finally:
            await store.close()
        await world.wait_for(lambda: len(alerts_in(world, channel)) >= 100, timeout=120, what="100 alerts")
        await world.wait_for(lambda: len([c for c in world.channels.values() if c.parent_id == forum.id]) >= 100,
                             timeout=120, what="100 forum posts")
    titles = [m["embeds"][0]["title"] for m in alerts_in(world, channel)]
    assert len(titles) == len(set(titles)) == 100
    assert sum(1 for r in world.requests if r.status == 429) == 10
    posts = [c for c in world.channels.values() if c.parent_id == forum.id]
    assert len(posts) == 100 and len({c.name for c in posts}) == 100
