"""What a server sees when an alert cannot go as configured: closed DMs, a deleted role, the bot
removed from the server, and the follow limits. The real client and App against the fake Discord."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from bot.config import Settings
from bot.dburl import parse_target
from bot.store import Store
from bot.store.follows import FAILED, POSTED, FollowStore, channel_target, user_target
from tests.fake_discord import GUILD_FORUM, MANAGE_GUILD, FakeDiscord
from tests.test_follows_e2e import (
    ADMIN_ID,
    GUILD_ID,
    READER_ID,
    Client,
    alerts_in,
    forum_posts,
    ingest,
    policy_club,
    quokka_sheet,
    running_bot,
    slash,
)

OTHER_GUILD_ID = 1190200000000000099


@pytest.fixture
def world(fake_discord: FakeDiscord) -> FakeDiscord:
    return policy_club(fake_discord)


@pytest.fixture
def settings(world: FakeDiscord, db_target: Path | str) -> Settings:
    """Each test runs on SQLite and on PostgreSQL."""
    return Settings(db_path=parse_target(db_target), api_base=world.api_base, gateway_url=world.gateway_url, refresh_seconds=0.1,
                    index_cache=False)


async def eventually(check: Callable[[], Awaitable[bool]], timeout: float, what: str) -> None:
    """Re-check ``check`` (it reads the bot's database) until it holds or the deadline passes."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await check():
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        await asyncio.sleep(0.05)


def follows_of(client: Client) -> FollowStore:
    return client.app.store.follows


async def statuses(client: Client, target: str) -> list[str]:
    return [a.status for a in await follows_of(client).alerts(target=target)]


async def test_closed_dms_are_recorded_shown_in_the_list_and_tried_once_per_sheet(
        world: FakeDiscord, settings: Settings, no_discord_errors):
    world.closed_dms.add(READER_ID)
    dm = world.dm_channel(READER_ID)
    target = user_target(READER_ID)
    async with running_bot(world, settings) as client:
        assert "by direct message" in await slash(world, READER_ID, "follow add", {"topic": "quokka"})
        await ingest(settings.db_path, quokka_sheet(), "quokka.md")
        await eventually(lambda: _is(statuses(client, target), [FAILED]), 15, "the DM alert to fail")
        assert len(world.requests_to("POST", f"/channels/{dm.id}/messages")) == 1  # not retried
        listing = await slash(world, READER_ID, "follow list")
        assert "last alert failed" in listing and "direct messages" in listing

        await ingest(settings.db_path, quokka_sheet(slug="quokka-survey", amount=31), "survey.md")
        await eventually(lambda: _is(statuses(client, target), [FAILED, FAILED]), 15, "the second alert to fail")
        assert len(world.requests_to("POST", f"/channels/{dm.id}/messages")) == 2  # once per sheet, no storm

        world.closed_dms.discard(READER_ID)  # the member opens their DMs again
        await ingest(settings.db_path, quokka_sheet(slug="quokka-census", amount=47), "census.md")
        await world.wait_for(lambda: len(alerts_in(world, dm.id)) == 1, timeout=15, what="the DM alert")
        await eventually(lambda: _is(statuses(client, target), [FAILED, FAILED, POSTED]), 15, "the alert recorded")
        listing = await slash(world, READER_ID, "follow list")
        assert "quokka" in listing and "failed" not in listing
    assert len(world.requests_to("POST", f"/channels/{dm.id}/messages")) == 3


async def _is(values: Awaitable[list[str]], wanted: list[str]) -> bool:
    return await values == wanted


async def test_a_deleted_role_is_not_pinged_and_the_list_says_so(
        world: FakeDiscord, settings: Settings, no_discord_errors):
    channel = world.text_channel_ids(GUILD_ID)[1]
    role = world.add_role(GUILD_ID, "wildlife")
    async with running_bot(world, settings) as client:
        await slash(world, ADMIN_ID, "follow add", {"topic": "quokka", "channel": channel, "role": role.id})
        await world.remove_role(GUILD_ID, role.id)
        guild = client.get_guild(GUILD_ID)
        assert guild is not None
        await world.wait_for(lambda: guild.get_role(role.id) is None, what="the client to see the role go")
        await ingest(settings.db_path, quokka_sheet(), "quokka.md")
        await world.wait_for(lambda: len(alerts_in(world, channel)) == 1, timeout=15, what="the alert")
        (alert,) = alerts_in(world, channel)
        assert "Quokka Program" in str(alert["embeds"]) and "<@&" not in alert["content"]
        post = world.requests_to("POST", f"/channels/{channel}/messages")[-1]
        assert post.json["allowed_mentions"] == {"parse": []}
        await eventually(lambda: _is(statuses(client, channel_target(channel)), [POSTED]), 15, "the alert recorded")
        listing = await slash(world, ADMIN_ID, "follow list")
    assert "quokka" in listing and f"the role {role.id} no longer exists" in listing
    assert "posted without a ping" in listing
    assert "stopped" not in listing and "failed" not in listing  # it keeps alerting, only without the ping


async def test_removing_the_bot_from_a_server_removes_only_that_servers_follows(
        world: FakeDiscord, settings: Settings, no_discord_errors):
    world.add_guild(OTHER_GUILD_ID, "Book Club")
    world.add_member(OTHER_GUILD_ID, ADMIN_ID, permissions=MANAGE_GUILD)
    other_channel = world.text_channel_ids(OTHER_GUILD_ID)[0]
    async with running_bot(world, settings) as client:
        await slash(world, ADMIN_ID, "follow add", {"topic": "quokka", "channel": world.text_channel_ids(GUILD_ID)[1]})
        await slash(world, READER_ID, "follow add", {"topic": "wombat"})
        handle = await world.slash(OTHER_GUILD_ID, other_channel, ADMIN_ID, "follow add",
                                   {"topic": "quokka", "channel": other_channel})
        await handle.wait_response(timeout=10)
        store = follows_of(client)
        assert len(await store.of_guild(GUILD_ID)) == 2 and len(await store.of_guild(OTHER_GUILD_ID)) == 1

        await world.remove_guild(GUILD_ID)

        async def gone() -> bool:
            return not await store.of_guild(GUILD_ID)

        await eventually(gone, 10, "the removed server's follows to go")
        assert [f.topic for f in await store.of_guild(OTHER_GUILD_ID)] == ["quokka"]
        await ingest(settings.db_path, quokka_sheet(), "quokka.md")
        await world.wait_for(lambda: len(alerts_in(world, other_channel)) == 1, timeout=15, what="the alert")


async def test_the_26th_server_follow_and_the_11th_personal_follow_are_refused(
        world: FakeDiscord, settings: Settings, no_discord_errors):
    channel = world.text_channel_ids(GUILD_ID)[1]
    async with running_bot(world, settings):
        for n in range(10):
            said = await slash(world, READER_ID, "follow add", {"topic": f"personal topic {n}"})
            assert "Following" in said
        refused = await slash(world, READER_ID, "follow add", {"topic": "one too many"})
        assert "You follow 10 topics here already, the most allowed (10)" in refused
        for n in range(15):
            said = await slash(world, ADMIN_ID, "follow add", {"topic": f"channel topic {n}", "channel": channel})
            assert "Following" in said
        refused = await slash(world, ADMIN_ID, "follow add", {"topic": "one more", "channel": channel})
        assert "This server follows 25 topics already, the most allowed (25)" in refused
        listing = await slash(world, ADMIN_ID, "follow list")
        assert "25 of 25 follows used in this server" in listing
        assert "one more" not in listing and "one too many" not in listing


@pytest.mark.parametrize("archived", [False, True], ids=["post-active", "post-archived"])
async def test_a_forum_post_whose_record_was_lost_is_found_after_a_restart_not_posted_again(
        world: FakeDiscord, settings: Settings, archived: bool, no_discord_errors):
    forum = world.add_channel(GUILD_ID, "alerts-forum", type=GUILD_FORUM)
    posts = f"/channels/{forum.id}/threads"
    async with running_bot(world, settings):
        await slash(world, ADMIN_ID, "follow add", {"topic": "quokka", "channel": forum.id})
        held = world.hold_response_next("POST", posts)  # the post is made; its answer never arrives
        await ingest(settings.db_path, quokka_sheet(), "quokka.md")
        await world.wait_for(lambda: len(forum_posts(world, forum.id)) == 1, timeout=15, what="the forum post")
    assert held.hold is not None
    held.hold.set()
    (post,) = forum_posts(world, forum.id)
    store = await Store.open(settings.db_path)
    try:
        (lost,) = await store.follows.unfinished()  # stopped between sending and recording
    finally:
        await store.close()
    if archived:  # Discord archives an idle post: it is no longer in the client's cache at connect
        await world.archive_thread(post.id)

    async with running_bot(world, settings) as client:
        async def settled() -> bool:
            return not await follows_of(client).unfinished()

        await eventually(settled, 15, "the unfinished alert to be settled")
        (alert,) = await follows_of(client).alerts(target=lost.target)
    assert alert.status == POSTED and alert.message_id == post.id  # found, recorded, not sent again
    assert len(forum_posts(world, forum.id)) == 1
    assert len(world.requests_to("POST", posts)) == 1
    if archived:
        assert world.requests_to("GET", f"/channels/{forum.id}/threads/archived/public")
