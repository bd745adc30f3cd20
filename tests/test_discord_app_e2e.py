"""The bot end to end: the real discord.py client and the real App against the fake Discord.

Each test starts ``bot.discord_app.client.create_client`` on a fresh database (seeded with the
bundled fact sheet), lets users of the fake run commands, press buttons and upload files, and
checks what those users would see. The ``no_discord_errors`` fixture fails any test in which
discord.py logged an error.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import io
import logging
import re
import sqlite3
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.app import App
from bot.commands.spec import ALL_COMMANDS, Invocation
from bot.config import Settings
from bot.digest.content import page_nonce
from bot.digest.ports import Poster, PostError
from bot.discord_app.client import BriefbotClient, ShardedBriefbotClient, create_client, setup_logging
from bot.discord_app.poster import DiscordPoster
from bot.discord_app.views import ReplyCache
from bot.discord_app.wiring import EXPIRED, NOT_YOURS
from bot.reply.model import Reply
from tests.fake_discord import (
    FLAG_EPHEMERAL,
    FLAG_LOADING,
    MANAGE_GUILD,
    SEND_MESSAGES,
    FakeDiscord,
    shard_for,
)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
GUILD_ID = 1190200000000000000
USER_ID = 1190300000000000001
OTHER_USER_ID = 1190300000000000003
ADMIN_ID = 1190300000000000002
HIDTA_TITLE = "Expanding our High Intensity Drug Trafficking Area (HIDTA) Program"

ZEPHYR_SHEET = b"""---
title: "FACT SHEET: Zephyr Coastal Resilience Partnership"
date: '2024-03-05'
source_url: https://www.whitehouse.gov/briefing-room/statements-releases/2024/03/05/fact-sheet-zephyr-coastal-resilience-partnership/
tags: statements-releases
---

Today the Administration announced new steps to protect coastal communities from storms.

- **Launching the Zephyr Lighthouse Program.** The program provides $12 million to modernize
  coastal warning systems in fishing towns.
- **Expanding tidal gauge networks.** An additional $3 million funds forty new tidal gauges.
"""

QUILLON_SHEET = b"""---
title: "FACT SHEET: Quillon Rural Broadband Compact"
date: '2024-04-09'
source_url: https://www.whitehouse.gov/briefing-room/statements-releases/2024/04/09/fact-sheet-quillon-rural-broadband-compact/
tags: statements-releases
---

The Administration is connecting rural households to high-speed internet.

- **Creating the Quillon Fiber Fund.** The fund commits $45 million to lay fiber in rural counties.
"""


class WrappedApp:
    """The real App, except for commands a test wants to hold back, replace or break."""

    def __init__(self, app: App) -> None:
        self._app = app
        self.gate = asyncio.Event()
        self.gated: set[str] = set()
        self.replies: dict[str, Reply] = {}
        self.failing: set[str] = set()
        self.poster: Poster | None = None
        self.refresh_failures = 0  # how many refreshes to break before letting them through
        self.refresh_calls = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._app, name)

    async def refresh_if_changed(self, *, debounce: bool = True) -> bool:
        self.refresh_calls += 1
        if self.refresh_failures > 0:
            self.refresh_failures -= 1
            raise OSError("database is locked")
        return await self._app.refresh_if_changed(debounce=debounce)

    async def handle(self, key: str, options: dict[str, str], invocation: Invocation) -> Reply:
        if key in self.gated:
            await self.gate.wait()
        if key in self.failing:
            raise RuntimeError("the handler broke")
        if key in self.replies:
            return self.replies[key]
        return await self._app.handle(key, options, invocation)


def wrapped(client: BriefbotClient | ShardedBriefbotClient) -> WrappedApp:
    """The ``WrappedApp`` a client started by the ``bot`` fixture answers with."""
    assert isinstance(client.app, WrappedApp)
    return client.app


def message_now(world: FakeDiscord, message_id: str) -> dict[str, Any]:
    """The message as the fake Discord holds it now (it must still exist)."""
    message = world.message(int(message_id))
    assert message is not None, f"message {message_id} is gone"
    return message


@pytest.fixture
def world(fake_discord: FakeDiscord) -> FakeDiscord:
    fake_discord.add_guild(GUILD_ID, "Policy Club", channels=["general", "briefings"])
    fake_discord.add_member(GUILD_ID, USER_ID, name="reader")
    fake_discord.add_member(GUILD_ID, OTHER_USER_ID, name="other-reader")
    fake_discord.add_member(GUILD_ID, ADMIN_ID, permissions=MANAGE_GUILD, name="admin")
    return fake_discord


@pytest.fixture
def settings(world: FakeDiscord, tmp_db: Path) -> Settings:
    return Settings(db_path=tmp_db, api_base=world.api_base, gateway_url=world.gateway_url,
                    refresh_seconds=0.2)


@contextlib.asynccontextmanager
async def running_bot(fake: FakeDiscord, settings: Settings,
                      wrap: type[WrappedApp] | None = None) -> AsyncIterator[BriefbotClient | ShardedBriefbotClient]:
    """The bot connected to the fake (commands synced, READY received); closed on exit."""
    app = await App.open(settings)
    try:
        client = create_client(wrap(app) if wrap else app, settings, guild_ready_timeout=0.1)
        async with fake.running(client, shard_ids=settings.shard_ids):
            yield client
    finally:
        await app.close()


@pytest.fixture
async def bot(world: FakeDiscord, settings: Settings) -> AsyncIterator[BriefbotClient | ShardedBriefbotClient]:
    async with running_bot(world, settings, WrappedApp) as client:
        yield client


def _commands_by_key(synced: list[dict[str, Any]]) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """"group sub" or "name" → (the command as Discord stores it, its top-level command)."""
    found: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
    for command in synced:
        subs = [o for o in command.get("options") or [] if o["type"] == 1]
        if subs:
            for sub in subs:
                found[f"{command['name']} {sub['name']}"] = (sub, command)
        else:
            found[command["name"]] = (command, command)
    return found


def _title(message: dict[str, Any]) -> str | None:
    embeds = message.get("embeds") or []
    return embeds[0].get("title") if embeds else None


def _custom_ids(message: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in message.get("components") or [] for c in row.get("components") or []
            if "custom_id" in c]


# ---- registration ---------------------------------------------------------------------------------


async def test_sync_registers_every_command_once(world: FakeDiscord, settings: Settings, no_discord_errors):
    async with running_bot(world, settings):
        pass
    synced = _commands_by_key(world.synced_commands())
    assert set(synced) == {spec.key for spec in ALL_COMMANDS}
    for spec in ALL_COMMANDS:
        command, top = synced[spec.key]
        assert command["description"] == spec.description
        options = {o["name"]: o for o in command.get("options") or []}
        assert set(options) == {o.name for o in spec.options}
        for option in spec.options:
            assert options[option.name]["description"] == option.description
            assert bool(options[option.name].get("required")) == option.required
            assert bool(options[option.name].get("autocomplete")) == option.autocomplete
        if spec.admin:
            assert int(top["default_member_permissions"]) == MANAGE_GUILD
        else:
            assert top.get("default_member_permissions") is None  # everyone may use it
    puts = world.requests_to("PUT", f"/applications/{world.app_id}/commands")
    assert len(puts) == 1

    # Same command set, same database: the second start leaves Discord alone.
    async with running_bot(world, settings):
        pass
    assert len(world.requests_to("PUT", f"/applications/{world.app_id}/commands")) == 1


async def test_development_guilds_get_the_commands_instead(world: FakeDiscord, settings: Settings,
                                                           no_discord_errors):
    dev = _with(settings, dev_guild_ids=(GUILD_ID,))
    async with running_bot(world, dev) as client:
        handle = await world.slash(GUILD_ID, None, USER_ID, "initiative", {"query": "hidta"})
        assert _title(await handle.wait_final()) == HIDTA_TITLE
        assert client.synced_targets == [f"guild:{GUILD_ID}"]
    assert {c["name"] for c in world.synced_commands(GUILD_ID)} == {"initiative", "funding", "sources",
                                                                    "briefing", "search", "ask", "help",
                                                                    "briefing-admin", "digest", "sources-status",
                                                                    "follow"}
    assert world.synced_commands() == []
    assert world.requests_to("PUT", f"/applications/{world.app_id}/commands") == []


async def test_a_sharded_process_serves_only_its_own_shards(world: FakeDiscord, settings: Settings,
                                                            no_discord_errors):
    other_guild = GUILD_ID + (1 << 22)  # the other shard of two
    world.add_guild(other_guild, "Other Club")
    mine = shard_for(GUILD_ID, 2)
    assert shard_for(other_guild, 2) != mine
    async with running_bot(world, _with(settings, shard_count=2, shard_ids=(mine,))) as client:
        assert isinstance(client, ShardedBriefbotClient)
        handle = await world.slash(GUILD_ID, None, USER_ID, "initiative", {"query": "hidta"})
        assert _title(await handle.wait_final()) == HIDTA_TITLE
        with pytest.raises(RuntimeError, match="no gateway session"):
            await world.slash(other_guild, None, USER_ID, "initiative", {"query": "hidta"})
        # The digest only schedules servers this process owns.
        assert client.scheduler is not None
        owns = client.scheduler.owns_guild
        assert owns is not None and owns(GUILD_ID) and not owns(other_guild)
    assert [tuple(p["shard"]) for p in world.gateway.identify_payloads] == [(mine, 2)]
    assert world.requests_to("GET", "/gateway/bot") == []


def _with(settings: Settings, **changes: Any) -> Settings:
    return dataclasses.replace(settings, **changes)


# ---- answering ------------------------------------------------------------------------------------


async def test_initiative_answers_with_the_hidta_embed(world: FakeDiscord, bot: BriefbotClient, no_discord_errors):
    handle = await world.slash(GUILD_ID, None, USER_ID, "initiative", {"query": "hidta"})
    response = await handle.wait_response()
    assert response.type == 4  # answered at once: the index is in memory
    assert response.received_after_seconds < 3
    assert not response.ephemeral
    [embed] = response.embeds
    assert embed["title"] == HIDTA_TITLE
    assert "more than $302 million" in embed["description"]
    assert response.data is not None and response.data["allowed_mentions"] == {"parse": []}


async def test_ask_answers_in_plain_words_within_discords_limits(world: FakeDiscord, bot: BriefbotClient,
                                                                  no_discord_errors):
    from bot.reply.payload import validate_payload

    async def ask(question: str) -> dict[str, Any]:
        handle = await world.slash(GUILD_ID, None, USER_ID, "ask", {"question": question})
        response = await handle.wait_response()
        assert response.type == 4 and response.received_after_seconds < 3  # answered at once, from memory
        assert response.data is not None and response.data["allowed_mentions"] == {"parse": []}
        validate_payload(response.data)
        return response.data

    money = await ask("how much did biden request in the FY24 budget for treatment and recovery?")
    assert "Read as:" in money["content"] and "funding" in money["content"]
    assert "/funding" in money["content"]  # the exact command, to run it again
    [embed] = money["embeds"]
    assert "$26 billion" in embed["title"] and "2023-11-16" in embed["description"]
    assert any(c.get("label", "").startswith("Page 1/") for row in money["components"] for c in row["components"])

    weather = await ask("what's the weather in DC tomorrow @everyone")
    assert "not something these fact sheets cover" in weather["content"]

    pickleball = await ask("how much federal money for pickleball courts")
    assert "don't cover" in pickleball["content"] and "$" not in pickleball["content"]


async def test_autocomplete_offers_at_most_25_choices(world: FakeDiscord, bot: BriefbotClient, no_discord_errors):
    handle = await world.autocomplete(GUILD_ID, None, USER_ID, "initiative", focused="query", value="hid")
    response = await handle.wait_response()
    assert response.type == 8
    assert 1 <= len(response.choices) <= 25
    assert any("HIDTA" in choice["name"] for choice in response.choices)

    handle = await world.autocomplete(GUILD_ID, None, USER_ID, "initiative", focused="query", value="")
    response = await handle.wait_response()
    assert response.type == 8 and len(response.choices) <= 25


async def test_page_buttons_turn_pages_for_the_asker_only(world: FakeDiscord, bot: BriefbotClient,
                                                          no_discord_errors):
    handle = await world.slash(GUILD_ID, None, USER_ID, "search", {"text": "drug"})
    first = await handle.wait_final()
    next_ids = [cid for cid in _custom_ids(first) if cid.startswith("bb:page:") and cid.endswith(":1")]
    assert next_ids, _custom_ids(first)
    assert any(c.get("label", "").startswith("Page 1/") for row in first["components"] for c in row["components"])

    stranger = await world.press_button(first["id"], next_ids[0], OTHER_USER_ID)
    refusal = await stranger.wait_response()
    assert refusal.type == 4 and refusal.ephemeral and refusal.content == NOT_YOURS
    assert message_now(world, first["id"])["embeds"] == first["embeds"]  # unchanged

    press = await world.press_button(first["id"], next_ids[0], USER_ID)
    update = await press.wait_response()
    assert update.type == 7
    second = message_now(world, first["id"])
    assert second["embeds"] != first["embeds"]
    assert any(c.get("label", "").startswith("Page 2/") for row in second["components"] for c in row["components"])

    back = [cid for cid in _custom_ids(second) if cid.startswith("bb:page:") and cid.endswith(":0")]
    press = await world.press_button(first["id"], back[0], USER_ID)
    assert (await press.wait_response()).type == 7
    assert message_now(world, first["id"])["embeds"] == first["embeds"]


async def test_expired_page_buttons_say_so_and_disappear(world: FakeDiscord, bot: BriefbotClient, no_discord_errors):
    now = [0.0]
    bot.interactions.cache = ReplyCache(ttl_seconds=60, clock=lambda: now[0])
    handle = await world.slash(GUILD_ID, None, USER_ID, "search", {"text": "drug"})
    first = await handle.wait_final()
    next_id = next(cid for cid in _custom_ids(first) if cid.startswith("bb:page:") and cid.endswith(":1"))
    now[0] += 61

    press = await world.press_button(first["id"], next_id, USER_ID)
    update = await press.wait_response()
    assert update.type == 7 and update.components == []
    notice = await press.wait_followup(0)
    assert notice["content"] == EXPIRED
    assert int(notice["flags"]) & FLAG_EPHEMERAL
    assert message_now(world, first["id"])["components"] == []


async def test_did_you_mean_pick_shows_the_picked_initiative(world: FakeDiscord, bot: BriefbotClient,
                                                             no_discord_errors):
    handle = await world.slash(GUILD_ID, None, USER_ID, "initiative", {"query": "drug"})
    first = await handle.wait_final()
    [select] = [c for row in first["components"] for c in row["components"] if c["type"] == 3]
    assert select["custom_id"] == f"bb:pick:{USER_ID}"
    hidta = next(o for o in select["options"] if o["label"].startswith("Expanding our High Intensity"))

    stranger = await world.select(first["id"], select["custom_id"], [hidta["value"]], OTHER_USER_ID)
    refusal = await stranger.wait_response()
    assert refusal.ephemeral and refusal.content == NOT_YOURS

    pick = await world.select(first["id"], select["custom_id"], [hidta["value"]], USER_ID)
    update = await pick.wait_response()
    assert update.type == 7
    assert _title(message_now(world, first["id"])) == HIDTA_TITLE


# ---- slow handlers and failures -------------------------------------------------------------------


async def test_slow_answers_are_deferred_then_filled_in(world: FakeDiscord, bot: BriefbotClient, no_discord_errors):
    bot.interactions.defer_after = 0.05
    wrapped(bot).gated.add("help")
    handle = await world.slash(GUILD_ID, None, USER_ID, "help")
    response = await handle.wait_response()
    assert response.type == 5 and response.received_after_seconds < 3
    wrapped(bot).gate.set()
    final = await handle.wait_final()
    assert final["embeds"] and not int(final.get("flags") or 0) & (FLAG_LOADING | FLAG_EPHEMERAL)


async def test_slow_private_answer_stays_private(world: FakeDiscord, bot: BriefbotClient, no_discord_errors):
    bot.interactions.defer_after = 0.05
    wrapped(bot).gated.add("sources")
    wrapped(bot).replies["sources"] = Reply.text("only for you", ephemeral=True)
    handle = await world.slash(GUILD_ID, None, USER_ID, "sources")
    assert (await handle.wait_response()).type == 5
    wrapped(bot).gate.set()
    private = await handle.wait_followup(0)
    assert private["content"] == "only for you" and int(private["flags"]) & FLAG_EPHEMERAL
    assert handle.original_deleted  # the public "thinking…" placeholder is gone
    public = [m for m in world.channel_messages(handle.channel_id) if m["content"] == "only for you"]
    assert public == []


async def test_a_failing_handler_answers_privately_with_an_error_id(world: FakeDiscord, bot: BriefbotClient,
                                                                     no_discord_errors, caplog):
    wrapped(bot).failing.add("funding")
    with caplog.at_level(logging.ERROR, logger="bot.discord_app"):
        handle = await world.slash(GUILD_ID, None, USER_ID, "funding")
        response = await handle.wait_response()
    assert response.ephemeral
    match = re.search(r"error id `([0-9a-f]+)`", response.content or "")
    assert match, response.content
    logged = [r for r in caplog.records if r.name.startswith("bot.discord_app") and match.group(1) in r.getMessage()]
    assert logged and logged[0].exc_info is not None


async def test_a_damaged_database_answers_privately_with_the_logged_error_id(
        world: FakeDiscord, bot: BriefbotClient, settings: Settings, no_discord_errors, caplog):
    assert isinstance(settings.db_path, Path)  # a SQLite file, damaged by hand below
    with sqlite3.connect(settings.db_path) as conn:
        conn.execute("DROP TABLE initiatives_fts")
    conn.close()
    with caplog.at_level(logging.ERROR, logger="bot.discord_app"):
        handle = await world.slash(GUILD_ID, None, USER_ID, "search", {"text": "hidta"})
        response = await handle.wait_response()
    assert response.ephemeral
    match = re.search(r"error id `([0-9a-f]+)`", response.content or "")
    assert match, response.content
    logged = [r for r in caplog.records if match.group(1) in r.getMessage()]
    assert logged and logged[0].exc_info is not None and "initiatives_fts" in str(logged[0].exc_info[1])


async def test_interaction_tokens_never_reach_the_debug_log(world: FakeDiscord, bot: BriefbotClient,
                                                            settings: Settings, no_discord_errors):
    """discord.py logs every gateway event and request URL at DEBUG, interaction tokens included."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    setup_logging(dataclasses.replace(settings, log_level="DEBUG"), world.token)  # as `briefbot run` does
    try:
        bot.interactions.defer_after = 0.05  # deferred, then answered through the follow-up webhook
        wrapped(bot).gated.add("help")
        handle = await world.slash(GUILD_ID, None, USER_ID, "help")
        await handle.wait_response()
        wrapped(bot).gate.set()
        await handle.wait_final()
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    output = stream.getvalue()
    assert "INTERACTION_CREATE" in output and f"/interactions/{handle.id}/" in output  # it was logged …
    assert handle.token not in output  # … without the token
    assert "[token redacted]" in output


# ---- admin commands -------------------------------------------------------------------------------


async def test_members_without_manage_server_are_refused(world: FakeDiscord, bot: BriefbotClient,
                                                         no_discord_errors):
    upload = world.add_attachment("zephyr.md", ZEPHYR_SHEET)
    with pytest.raises(PermissionError):  # Discord hides the command from them…
        await world.slash(GUILD_ID, None, USER_ID, "briefing-admin add", attachment=upload)
    # …but a server can grant it to a role by override; the bot checks again.
    handle = await world.slash(GUILD_ID, None, USER_ID, "briefing-admin add", attachment=upload,
                               bypass_permissions=True)
    response = await handle.wait_response()
    assert response.ephemeral and "Manage Server" in (response.content or "")
    assert await bot.app.store.document_count() == 1


async def test_admin_upload_is_added_and_answerable(world: FakeDiscord, bot: BriefbotClient, no_discord_errors):
    upload = world.add_attachment("zephyr.md", ZEPHYR_SHEET)
    handle = await world.slash(GUILD_ID, None, ADMIN_ID, "briefing-admin add", attachment=upload)
    final = await handle.wait_final()
    assert final["content"].startswith("Added") and "Zephyr Coastal Resilience Partnership" in final["content"]
    assert await bot.app.store.document_count() == 2

    handle = await world.slash(GUILD_ID, None, USER_ID, "initiative", {"query": "zephyr lighthouse"})
    answer = await handle.wait_final()
    assert _title(answer) == "Launching the Zephyr Lighthouse Program"
    assert "$12 million" in answer["embeds"][0]["description"]


@pytest.mark.parametrize(("filename", "data", "reason"), [
    ("photo.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    ("notes.md", b"just some notes, no front matter\n", "front matter"),
])
async def test_a_bad_upload_is_refused_and_nothing_is_stored(world: FakeDiscord, bot: BriefbotClient,
                                                            no_discord_errors, filename, data, reason):
    upload = world.add_attachment(filename, data)
    handle = await world.slash(GUILD_ID, None, ADMIN_ID, "briefing-admin add", attachment=upload)
    final = await handle.wait_final()
    assert int(final["flags"]) & FLAG_EPHEMERAL
    assert final["content"].startswith(f"Rejected {filename}") and reason in final["content"]
    assert await bot.app.store.document_count() == 1


async def test_an_oversized_upload_is_refused_before_download(world: FakeDiscord, settings: Settings,
                                                              no_discord_errors, monkeypatch):
    downloads: list[str] = []

    async def read(attachment: discord.Attachment, **_: Any) -> bytes:
        downloads.append(attachment.filename)
        return b""

    monkeypatch.setattr(discord.Attachment, "read", read)
    small = _with(settings, attachment_max_bytes=100)
    upload = world.add_attachment("zephyr.md", ZEPHYR_SHEET)
    async with running_bot(world, small) as client:
        handle = await world.slash(GUILD_ID, None, ADMIN_ID, "briefing-admin add", attachment=upload)
        final = await handle.wait_final()
        assert await client.app.store.document_count() == 1
    assert int(final["flags"]) & FLAG_EPHEMERAL
    assert "zephyr.md" in final["content"] and "100 bytes" in final["content"]
    assert downloads == []


async def test_an_upload_that_cannot_be_downloaded_is_refused(world: FakeDiscord, bot: BriefbotClient,
                                                             no_discord_errors):
    upload = world.add_attachment("zephyr.md", ZEPHYR_SHEET)
    del world.files[int(upload["id"])]  # the CDN answers 404 from now on
    handle = await world.slash(GUILD_ID, None, ADMIN_ID, "briefing-admin add", attachment=upload)
    final = await handle.wait_final()
    assert int(final["flags"]) & FLAG_EPHEMERAL
    assert "could not download" in final["content"] and "zephyr.md" in final["content"]
    assert await bot.app.store.document_count() == 1


# ---- new data without a restart -------------------------------------------------------------------


async def test_a_sheet_ingested_by_another_process_is_answered_without_restart(
        world: FakeDiscord, bot: BriefbotClient, settings: Settings, tmp_path: Path, no_discord_errors):
    sheet = tmp_path / "quillon.md"
    sheet.write_bytes(QUILLON_SHEET)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "ingest", "--db", str(settings.db_path), str(sheet),
        cwd=PROJECT_ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    _, stderr = await process.communicate()
    assert process.returncode == 0, stderr.decode()

    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    title = None
    while loop.time() < deadline:
        seen_version = bot.app.index.version
        handle = await world.slash(GUILD_ID, None, USER_ID, "initiative", {"query": "quillon fiber"})
        title = _title(await handle.wait_final())
        if title == "Creating the Quillon Fiber Fund":
            break
        # Ask again once the bot has rebuilt its index (or give up at the deadline).

        def rebuilt(seen: int = seen_version) -> bool:
            return bot.app.index.version != seen

        with contextlib.suppress(TimeoutError):
            await world.wait_for(rebuilt, timeout=max(0.0, deadline - loop.time()), what="an index rebuild")
    assert title == "Creating the Quillon Fiber Fund"


async def test_the_refresh_loop_survives_a_failing_refresh(world: FakeDiscord, bot: BriefbotClient,
                                                          no_discord_errors, caplog):
    wrapped(bot).refresh_failures = 2
    calls = wrapped(bot).refresh_calls
    with caplog.at_level(logging.ERROR, logger="bot.discord_app"):
        await world.wait_for(lambda: wrapped(bot).refresh_calls >= calls + 3, timeout=10, what="three more refreshes")
    failures = [r for r in caplog.records if r.name.startswith("bot.discord_app") and r.exc_info]
    assert len(failures) == 2
    handle = await world.slash(GUILD_ID, None, USER_ID, "initiative", {"query": "hidta"})
    assert _title(await handle.wait_final()) == HIDTA_TITLE


# ---- load -----------------------------------------------------------------------------------------


@pytest.mark.slow
async def test_200_concurrent_interactions_are_all_answered_within_3_seconds(world: FakeDiscord, bot: BriefbotClient,
                                                                           no_discord_errors):
    users = [USER_ID + 100 + i for i in range(20)]
    for user in users:
        world.add_member(GUILD_ID, user)
    asks = [("initiative", {"query": "hidta"}), ("initiative", {"query": "fentanyl"}),
            ("search", {"text": "precursor"}), ("funding", {}), ("help", {})]

    async def one(i: int):
        user = users[i % len(users)]
        if i % 10 == 9:
            return await world.autocomplete(GUILD_ID, None, user, "initiative", focused="query", value="bord")
        name, options = asks[i % len(asks)]
        return await world.slash(GUILD_ID, None, user, name, options)

    handles = await asyncio.gather(*(one(i) for i in range(200)))
    responses = await asyncio.gather(*(h.wait_response(timeout=15) for h in handles))
    slowest = max(r.received_after_seconds for r in responses)
    assert slowest < 3, f"slowest answer took {slowest:.2f}s"
    assert all(r.type in (4, 5, 8) for r in responses)
    finals = await asyncio.gather(*(h.wait_final(timeout=15) for h in handles if h.type == 2))
    assert len(finals) == 180
    assert all(m.get("embeds") or m.get("content") for m in finals)
    assert not world.problems, world.problems[:5]


# ---- the digest's poster --------------------------------------------------------------------------


async def test_a_digest_page_sent_again_with_its_nonce_is_not_posted_twice(
        world: FakeDiscord, bot: BriefbotClient, no_discord_errors):
    """Two processes sending the same page (one was killed after its send left) post it once."""
    poster = bot.app.poster
    assert isinstance(poster, DiscordPoster)
    general = world.text_channel_ids(GUILD_ID)[0]
    payload: dict[str, Any] = {"content": "Policy briefing", "embeds": [{"title": "HIDTA", "description": "x"}],
                               "components": [], "allowed_mentions": {"parse": []}}
    nonces = [page_nonce("Briefbot digest · 1:2026-06-01 · 0a1b2c3d", 0)]
    first = await poster.send(general, [payload], nonces)
    again = await poster.send(general, [payload], nonces)
    assert again == first
    assert [m["content"] for m in world.channel_messages(general)].count("Policy briefing") == 1
    sends = world.requests_to("POST", f"/channels/{general}/messages")
    assert [r.json.get("enforce_nonce") for r in sends[-2:]] == [True, True]


async def test_poster_posts_checks_and_reads_back(world: FakeDiscord, bot: BriefbotClient, no_discord_errors):
    poster = bot.app.poster
    assert isinstance(poster, DiscordPoster)
    general, briefings = world.text_channel_ids(GUILD_ID)
    assert await poster.can_post(general) is None

    payloads: list[dict[str, Any]] = [
        {"content": "Morning briefing <@&1>", "embeds": [{"title": "HIDTA", "description": "x"}],
         "components": [], "allowed_mentions": {"parse": []}},
        {"content": "part 2", "embeds": [], "components": [], "allowed_mentions": {"parse": []}}]
    ids = await poster.send(general, payloads)
    stored = world.channel_messages(general)
    assert [int(m["id"]) for m in stored[-2:]] == ids
    assert stored[-2]["embeds"][0]["title"] == "HIDTA"
    sends = world.requests_to("POST", f"/channels/{general}/messages")
    assert all(r.json["allowed_mentions"] == {"parse": []} for r in sends)

    recent = await poster.recent_messages(general, limit=5)
    assert [m[0] for m in recent[:2]] == ids[::-1]  # newest first
    assert recent[0][1] == "part 2" and recent[1][2][0]["title"] == "HIDTA"

    world.set_channel_overwrite(briefings, world.bot_user_id, deny=SEND_MESSAGES)

    def cannot_send() -> bool:
        channel, guild = bot.get_channel(briefings), bot.get_guild(GUILD_ID)
        return (isinstance(channel, discord.abc.GuildChannel) and guild is not None
                and not channel.permissions_for(guild.me).send_messages)

    await world.wait_for(cannot_send, timeout=5, what="the overwrite to reach the client")
    reason = await poster.can_post(briefings)
    assert reason is not None and "Send Messages" in reason


@pytest.mark.parametrize(("status", "kind"), [(403, "forbidden"), (404, "not_found"), (429, "transient")])
async def test_poster_failures_carry_a_kind(world: FakeDiscord, bot: BriefbotClient, status, kind, no_discord_errors):
    general = world.text_channel_ids(GUILD_ID)[0]
    world.fail_next_send(general, status=status, count=10, retry_after=0.01 if status == 429 else None)
    poster = bot.app.poster
    assert poster is not None
    with pytest.raises(PostError) as caught:
        await poster.send(general, [{"content": "hello", "embeds": [], "components": [],
                                     "allowed_mentions": {"parse": []}}])
    assert caught.value.kind == kind
    assert caught.value.message_ids == []
