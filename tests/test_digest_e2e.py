"""End to end: the real discord.py client and Discord runtime against the offline fake Discord.

A digest that fell due 30 minutes before the bot started is posted once when it connects;
two more restarts (one after the outcome of that post was "lost") never post it again.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import bot.app as app_module
import bot.discord_app.client as client_module
from bot.config import Settings
from bot.model import FundingMention, Initiative, ParsedDocument
from bot.store import SqliteStore

GUILD = 712_345_678_901_234_567
UTC = dt.UTC


def fact_sheet() -> ParsedDocument:
    return ParsedDocument(
        path="e2e-fact-sheet.md", title="Fact Sheet: Rebuilding Rural Bridges", date=dt.date(2026, 1, 5),
        published_time=None, source_url="https://example.gov/briefing-room/rural-bridges", tags=[],
        body_text="Rural bridges get $2 billion.", sections=[],
        initiatives=[Initiative("Bridge Repair Grants", None, 0, "**Bridge Repair Grants.** $2 billion.")],
        funding=[FundingMention(2e9, "$2 billion", None, "Rural bridges get $2 billion.", 0, "budget request",
                                2026, True, None, None, 0)],
        acronyms=[], content_hash="e2e-1",
    )


def digest_messages(fake: Any, channel_id: int) -> list[dict[str, Any]]:
    return [m for m in fake.channel_messages(channel_id)
            if any(str((e.get("footer") or {}).get("text", "")).startswith(f"Briefbot digest · {GUILD}:")
                   for e in m.get("embeds") or [])]


async def run_bot_once(fake: Any, settings: Settings) -> Any:
    """Start the bot, let the digest scheduler settle, stop the bot; returns the scheduler."""
    app = await app_module.App.open(settings, seed_if_empty=False)
    try:
        client = client_module.BriefbotClient(app, settings, guild_ready_timeout=0.1)
        async with fake.running(client):
            await fake.wait_for(lambda: client.scheduler is not None and client.scheduler.is_idle(),
                                timeout=15, what="the digest scheduler to settle")
            scheduler = client.scheduler
    finally:
        await app.close()
    return scheduler


@pytest.mark.slow
async def test_missed_digest_posted_once_on_start_and_never_again_across_restarts(
        fake_discord: Any, no_discord_errors: Any, tmp_path: Path) -> None:
    fake_discord.add_guild(GUILD)
    channel_id = fake_discord.text_channel_ids(GUILD)[0]
    settings = Settings(db_path=tmp_path / "bot.db", seeds_dir=tmp_path / "no-seeds", api_base=fake_discord.api_base,
                        gateway_url=fake_discord.gateway_url, refresh_seconds=0.2)
    client_module.configure_endpoints(settings)

    app = await app_module.App.open(settings, seed_if_empty=False)
    now = dt.datetime.now(UTC)
    due = now - dt.timedelta(minutes=30)
    await app.store.ingest(fact_sheet())
    await app.store.digest.save_config(GUILD, channel_id, due.strftime("%H:%M"), "UTC", now - dt.timedelta(hours=3))
    await app.close()

    # Start 1: the digest due 30 minutes ago is posted, once.
    await run_bot_once(fake_discord, settings)
    posted = digest_messages(fake_discord, channel_id)
    assert len(posted) == 1
    embed = posted[0]["embeds"][0]
    assert embed["title"].startswith("Policy briefing — ")
    assert any(f["name"] == "Fact Sheet: Rebuilding Rural Bridges" for f in embed.get("fields", []))

    # The outcome of that post is "lost": the row goes back to claimed, as if the process had
    # died between sending and recording. Start 2 must find the message, not post again.
    app = await app_module.App.open(settings, seed_if_empty=False)
    store = app.store
    assert isinstance(store, SqliteStore)  # the row is rewritten in the SQLite file directly
    async with store.lock:
        await store.connection.execute(
            "UPDATE digest_posts SET status = 'claimed', message_ids = '[]', posted_at = NULL WHERE guild_id = ?",
            (GUILD,))
    await app.close()
    await run_bot_once(fake_discord, settings)

    # Start 3: an ordinary restart the same day.
    await run_bot_once(fake_discord, settings)

    assert [m["id"] for m in digest_messages(fake_discord, channel_id)] == [posted[0]["id"]]
    app = await app_module.App.open(settings, seed_if_empty=False)
    try:
        store = app.store
        assert isinstance(store, SqliteStore)
        rows = await store.connection.execute_fetchall(
            "SELECT status, message_ids FROM digest_posts WHERE guild_id = ?", (GUILD,))
    finally:
        await app.close()
    assert [(status, ids) for status, ids in rows] == [("posted", f"[{posted[0]['id']}]")]


@pytest.mark.slow
async def test_digest_commands_through_discord(fake_discord: Any, no_discord_errors: Any,
                                               tmp_path: Path) -> None:
    """/digest setup checks the real channel permissions; /digest now posts; /digest status links it."""
    from tests.fake_discord import MANAGE_GUILD, SEND_MESSAGES

    admin = 55_555
    fake_discord.add_guild(GUILD)
    fake_discord.add_member(GUILD, admin, permissions=MANAGE_GUILD)
    channel_id = fake_discord.text_channel_ids(GUILD)[0]
    settings = Settings(db_path=tmp_path / "bot.db", seeds_dir=tmp_path / "no-seeds", api_base=fake_discord.api_base,
                        gateway_url=fake_discord.gateway_url, refresh_seconds=0.2)
    client_module.configure_endpoints(settings)
    app = await app_module.App.open(settings, seed_if_empty=False)
    await app.store.ingest(fact_sheet())
    await app.refresh_if_changed()
    try:
        client = client_module.BriefbotClient(app, settings, guild_ready_timeout=0.1)
        async with fake_discord.running(client):
            await fake_discord.wait_for(lambda: client.scheduler is not None, timeout=10, what="the scheduler")

            async def slash(name: str, options: dict[str, Any] | None = None) -> Any:
                handle = await fake_discord.slash(GUILD, channel_id, admin, name, options or {})
                return await handle.wait_final(timeout=10)

            fake_discord.set_channel_overwrite(channel_id, fake_discord.bot_user_id, deny=SEND_MESSAGES)
            refused = await slash("digest setup", {"channel": channel_id, "time": "08:00",
                                                   "timezone": "Europe/London"})
            assert "Send Messages" in refused["content"] and "Nothing was changed" in refused["content"]
            assert await app.store.digest.get_config(GUILD) is None

            fake_discord.set_channel_overwrite(channel_id, fake_discord.bot_user_id, deny=0)
            done = await slash("digest setup", {"channel": channel_id, "time": "08:00", "timezone": "Europe/London"})
            assert "The daily digest is on" in done["content"]

            posted = await slash("digest now")
            assert "Posted today's digest" in posted["content"]
            [message] = digest_messages(fake_discord, channel_id)
            status = await slash("digest status")
            assert f"https://discord.com/channels/{GUILD}/{channel_id}/{message['id']}" in status["content"]
            assert "UTC" in status["content"]
    finally:
        await app.close()
    assert len(digest_messages(fake_discord, channel_id)) == 1
