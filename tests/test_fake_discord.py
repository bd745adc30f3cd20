"""The fake Discord against the real discord.py client: login, gateway, commands, interactions,
components, channel sends, failures, shards. A small bot defined here drives every path."""

from __future__ import annotations

import asyncio
import io
import logging
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands

from tests.fake_discord import (
    FLAG_EPHEMERAL,
    FLAG_LOADING,
    MANAGE_GUILD,
    SEND_MESSAGES,
    FakeDiscord,
    shard_for,
)
from tests.fake_discord.logcheck import ErrorCollector

GUILD_ID = 1190200000000000000
OTHER_GUILD_ID = GUILD_ID + (1 << 22)  # the next shard when there are two
USER_ID = 1190300000000000001
ADMIN_ID = 1190300000000000002
WORDS = ["hidta", "hidden", "fentanyl", "precursor"]


class Pager(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=60)
        self.page = 1

    @discord.ui.button(label="Next", custom_id="pager:next")
    async def next_page(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.page += 1
        await interaction.response.edit_message(content=f"page {self.page}", view=self)


class Picker(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=60)

    @discord.ui.select(custom_id="picker", options=[discord.SelectOption(label="HIDTA", value="1"),
                                                    discord.SelectOption(label="Fentanyl", value="2")])
    async def pick(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        await interaction.response.edit_message(content=f"picked {select.values[0]}", view=None)


class MiniBot(discord.Client):
    """Just enough bot to exercise every interaction path discord.py has."""

    def __init__(self, **options: Any) -> None:  # discord.Client's options, passed through
        options.setdefault("intents", discord.Intents.default())
        super().__init__(guild_ready_timeout=0.1, **options)
        self.tree = app_commands.CommandTree(self)
        self.seen_channel: object = None
        tree = self.tree

        @tree.command(description="Say it back")
        async def echo(interaction: discord.Interaction, text: str) -> None:
            await interaction.response.send_message(f"echo: {text}")

        @tree.command(description="Find a word")
        async def lookup(interaction: discord.Interaction, query: str) -> None:
            await interaction.response.send_message(f"found {query}")

        @lookup.autocomplete("query")
        async def lookup_complete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
            return [app_commands.Choice(name=w.upper(), value=w) for w in WORDS if w.startswith(current)]

        @tree.command(description="Think, then answer")
        async def slow(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            await interaction.edit_original_response(content="done thinking")

        @tree.command(description="Think privately, then follow up")
        async def whisper(interaction: discord.Interaction) -> None:
            await interaction.response.defer(ephemeral=True, thinking=True)
            await interaction.followup.send("only you", ephemeral=True)

        @tree.command(description="Pages")
        async def pages(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("page 1", view=Pager())

        @tree.command(description="Did you mean")
        async def pick(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("did you mean?", view=Picker())

        @tree.command(description="Read an upload and attach a reply")
        async def upload(interaction: discord.Interaction, file: discord.Attachment) -> None:
            data = await file.read()
            reply = discord.File(fp=io.BytesIO(data.upper()), filename="shout.txt")
            await interaction.response.send_message(f"{file.filename}: {len(data)} bytes", file=reply)

        @tree.command(description="Too long to send")
        async def toolong(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("x" * 2001)

        digest = app_commands.Group(name="digest", description="Daily digest",
                                    default_permissions=discord.Permissions(manage_guild=True), guild_only=True)

        @digest.command(description="Post here every day")
        async def setup(interaction: discord.Interaction, channel: discord.TextChannel, time: str) -> None:
            self.seen_channel = channel
            await interaction.response.send_message(f"digest in {channel.mention} at {time}", ephemeral=True)

        tree.add_command(digest)


@pytest.fixture
def world(fake_discord: FakeDiscord) -> FakeDiscord:
    fake_discord.add_guild(GUILD_ID, "Policy Club", channels=["general", "briefings"])
    fake_discord.add_member(GUILD_ID, USER_ID, name="reader")
    fake_discord.add_member(GUILD_ID, ADMIN_ID, permissions=MANAGE_GUILD, name="admin")
    return fake_discord


async def test_client_logs_in_and_sees_the_guild(world: FakeDiscord, no_discord_errors) -> None:
    client = MiniBot()
    async with world.running(client):
        guild = client.get_guild(GUILD_ID)
        assert guild is not None and guild.name == "Policy Club"
        assert sorted(c.name for c in guild.text_channels) == ["briefings", "general"]
        assert guild.me is not None and guild.me.guild_permissions.send_messages
        assert not guild.me.guild_permissions.manage_guild
        assert client.user is not None and client.user.id == world.bot_user_id
        assert client.application_id == world.app_id

        joined = asyncio.create_task(client.wait_for("guild_join", timeout=5))
        world.add_guild(OTHER_GUILD_ID, "Joined later")
        assert (await joined).name == "Joined later"
    login = world.requests_to("GET", "/users/@me")
    assert login and login[0].authorized and login[0].status == 200
    identify = world.gateway.identify_payloads[0]
    assert identify["token"] == world.token and identify["intents"] == discord.Intents.default().value
    assert world.gateway.connect_queries == [{"v": "10", "encoding": "json", "compress": "zlib-stream"}]


async def test_tree_sync_is_recorded_with_stable_ids(world: FakeDiscord, no_discord_errors) -> None:
    client = MiniBot()
    async with world.running(client):
        first = await client.tree.sync()
        again = await client.tree.sync()
        client.tree.copy_global_to(guild=discord.Object(GUILD_ID))
        in_guild = await client.tree.sync(guild=discord.Object(GUILD_ID))
        fetched = await client.tree.fetch_commands()
    names = sorted(c["name"] for c in world.synced_commands())
    assert names == ["digest", "echo", "lookup", "pages", "pick", "slow", "toolong", "upload", "whisper"]
    assert {c.name: c.id for c in first} == {c.name: c.id for c in again} == {c.name: c.id for c in fetched}
    assert {c.guild_id for c in in_guild} == {GUILD_ID}
    digest = next(c for c in world.synced_commands() if c["name"] == "digest")
    assert digest["default_member_permissions"] == str(MANAGE_GUILD)
    assert [o["name"] for o in digest["options"]] == ["setup"]


async def test_slash_command_answers_with_a_message(world: FakeDiscord, no_discord_errors) -> None:
    client = MiniBot()
    async with world.running(client):
        await client.tree.sync()
        channel_id = world.text_channel_ids(GUILD_ID)[0]
        handle = await world.slash(GUILD_ID, channel_id, USER_ID, "echo", {"text": "hello"})
        response = await handle.wait_response()
        assert response.type == 4 and response.content == "echo: hello"
        assert response.received_after_seconds < 3
        final = await handle.wait_final()
    assert final["content"] == "echo: hello"
    assert [m["content"] for m in world.channel_messages(channel_id)] == ["echo: hello"]
    assert final["interaction_metadata"]["user"]["id"] == str(USER_ID)


async def test_autocomplete_returns_choices(world: FakeDiscord, no_discord_errors) -> None:
    client = MiniBot()
    async with world.running(client):
        await client.tree.sync()
        handle = await world.autocomplete(GUILD_ID, None, USER_ID, "lookup", focused="query", value="hid")
        response = await handle.wait_response()
    assert response.type == 8
    assert response.choices == [{"name": "HIDTA", "value": "hidta"}, {"name": "HIDDEN", "value": "hidden"}]


async def test_defer_then_edit_and_followup(world: FakeDiscord, no_discord_errors) -> None:
    client = MiniBot()
    async with world.running(client):
        await client.tree.sync()
        slow = await world.slash(GUILD_ID, None, USER_ID, "slow")
        assert (await slow.wait_response()).type == 5
        final = await slow.wait_final()
        assert final["content"] == "done thinking"
        assert not final["flags"] & FLAG_LOADING

        whisper = await world.slash(GUILD_ID, None, USER_ID, "whisper")
        private = await whisper.wait_final()
        assert private["content"] == "only you" and private["flags"] & FLAG_EPHEMERAL
        assert whisper.followup_ids == []  # the first follow-up filled the "thinking" message
    visible = [m["content"] for m in world.channel_messages(world.text_channel_ids(GUILD_ID)[0])]
    assert visible == ["done thinking"]


async def test_button_press_updates_the_message(world: FakeDiscord, no_discord_errors) -> None:
    client = MiniBot()
    async with world.running(client):
        await client.tree.sync()
        shown = await (await world.slash(GUILD_ID, None, USER_ID, "pages")).wait_final()
        pressed = await world.press_button(shown, "pager:next", USER_ID)
        response = await pressed.wait_response()
        assert response.type == 7 and response.content == "page 2"
        pressed_again = await world.press_button(shown["id"], "pager:next", USER_ID)
        await pressed_again.wait_final()
        with pytest.raises(LookupError):
            await world.press_button(shown, "no-such-button", USER_ID)
    edited = world.message(int(shown["id"]))
    assert edited is not None and edited["content"] == "page 3"


async def test_select_menu_pick_replaces_the_menu(world: FakeDiscord, no_discord_errors) -> None:
    client = MiniBot()
    async with world.running(client):
        await client.tree.sync()
        shown = await (await world.slash(GUILD_ID, None, USER_ID, "pick")).wait_final()
        with pytest.raises(ValueError, match="not options"):
            await world.select(shown, "picker", ["9"], USER_ID)
        picked = await world.select(shown, "picker", ["2"], USER_ID)
        response = await picked.wait_response()
        assert response.type == 7 and response.content == "picked 2"
        with pytest.raises(LookupError):  # the menu is gone from the message
            await world.select(shown, "picker", ["1"], USER_ID)
    edited = world.message(int(shown["id"]))
    assert edited is not None and edited["components"] == []


async def test_attachment_option_is_downloadable_and_reply_files_are_stored(world: FakeDiscord,
                                                                           no_discord_errors) -> None:
    client = MiniBot()
    upload = world.add_attachment("sheet.md", b"# fact sheet\n")
    async with world.running(client):
        await client.tree.sync()
        handle = await world.slash(GUILD_ID, None, USER_ID, "upload", attachment=upload)
        final = await handle.wait_final()
    assert final["content"] == "sheet.md: 13 bytes"
    [sent] = final["attachments"]
    assert sent["filename"] == "shout.txt"
    assert world.attachment_bytes(sent) == b"# FACT SHEET\n"
    async with aiohttp.ClientSession() as session, session.get(sent["url"]) as download:
        assert await download.read() == b"# FACT SHEET\n"


async def test_subcommand_with_channel_option_and_admin_visibility(world: FakeDiscord,
                                                                   no_discord_errors) -> None:
    client = MiniBot()
    briefings = world.text_channel_ids(GUILD_ID)[1]
    async with world.running(client):
        await client.tree.sync()
        with pytest.raises(PermissionError):
            await world.slash(GUILD_ID, None, USER_ID, "digest setup", {"channel": briefings, "time": "08:00"})
        with pytest.raises(ValueError, match="required"):
            await world.slash(GUILD_ID, None, ADMIN_ID, "digest setup", {"channel": briefings})
        handle = await world.slash(GUILD_ID, None, ADMIN_ID, "digest setup", {"channel": briefings, "time": "08:00"})
        response = await handle.wait_response()
        with pytest.raises(PermissionError, match="DMs"):
            await world.slash(None, None, ADMIN_ID, "digest setup", {"channel": briefings, "time": "08:00"})
        in_dm = await world.slash(None, None, USER_ID, "echo", {"text": "private"})
        assert (await in_dm.wait_response()).content == "echo: private"
    assert response.ephemeral and response.content == f"digest in <#{briefings}> at 08:00"
    assert isinstance(client.seen_channel, discord.TextChannel) and client.seen_channel.id == briefings
    assert in_dm.payload["context"] == 1 and "guild_id" not in in_dm.payload


async def test_channel_send_is_stored_and_failures_are_injected(world: FakeDiscord, no_discord_errors) -> None:
    client = MiniBot()
    channel_id = world.text_channel_ids(GUILD_ID)[0]
    async with world.running(client):
        channel = client.get_channel(channel_id)
        assert isinstance(channel, discord.TextChannel)
        sent = await channel.send("morning digest", embed=discord.Embed(title="Today"))
        assert world.channel_messages(channel_id)[-1]["id"] == str(sent.id)

        world.fail_next_send(channel_id, 429, retry_after=0.05)
        after_rate_limit = await channel.send("after a rate limit")
        world.fail_next_send(channel_id, 500)
        await channel.send("after a server error")  # discord.py retries 5xx after a second
        world.fail_next_send(channel_id, 403)
        with pytest.raises(discord.Forbidden):
            await channel.send("refused")
        world.drop_response_next_send(channel_id)
        with pytest.raises(aiohttp.ServerDisconnectedError):
            await channel.send("reached Discord, answer lost", nonce="digest-1")
        retried = await channel.send("reached Discord, answer lost", nonce="digest-1")  # enforce_nonce
        assert str(retried.id) == world.channel_messages(channel_id)[-1]["id"]
        updated = asyncio.create_task(client.wait_for("guild_channel_update", timeout=5))
        world.set_channel_overwrite(channel_id, world.bot_user_id, deny=SEND_MESSAGES)
        _, after = await updated
        assert not after.permissions_for(after.guild.me).send_messages
        with pytest.raises(discord.Forbidden):
            await channel.send("no permission")
        history = [m.content async for m in channel.history(limit=10)]
    stored = [m["content"] for m in world.channel_messages(channel_id)]
    assert stored == ["morning digest", "after a rate limit", "after a server error", "reached Discord, answer lost"]
    assert history == list(reversed(stored))
    assert after_rate_limit.content == "after a rate limit"
    statuses = [r.status for r in world.requests_to("POST", f"/channels/{channel_id}/messages")]
    assert statuses == [200, 429, 200, 500, 200, 403, 200, 200, 403]
    assert world.channel_messages(channel_id)[0]["embeds"][0]["title"] == "Today"


async def test_world_changes_reach_the_connected_client(world: FakeDiscord, no_discord_errors) -> None:
    client = MiniBot()
    async with world.running(client):
        guild = client.get_guild(GUILD_ID)
        assert guild is not None
        created = asyncio.create_task(client.wait_for("guild_channel_create", timeout=5))
        added = world.add_channel(GUILD_ID, "digest")
        assert (await created).id == added.id

        role_updated = asyncio.create_task(client.wait_for("guild_role_update", timeout=5))
        world.set_permissions(GUILD_ID, world.bot_user_id, MANAGE_GUILD)
        await role_updated
        assert guild.me.guild_permissions.manage_guild

        channel = guild.get_channel(added.id)
        assert isinstance(channel, discord.TextChannel)
        sent = await channel.send("first post")
        assert (await world.wait_for_message(added.id))["id"] == str(sent.id)

        deleted = asyncio.create_task(client.wait_for("guild_channel_delete", timeout=5))
        await world.remove_channel(added.id)
        await deleted
        with pytest.raises(discord.NotFound):
            await client.get_partial_messageable(added.id).send("into the void")

        removed = asyncio.create_task(client.wait_for("guild_remove", timeout=5))
        await world.remove_guild(GUILD_ID)
        assert (await removed).id == GUILD_ID
        assert client.get_guild(GUILD_ID) is None


async def test_payload_over_discord_limits_is_refused_and_logged(world: FakeDiscord) -> None:
    client = MiniBot()
    errors = ErrorCollector()  # what no_discord_errors uses: here the error is expected
    logging.getLogger("discord").addHandler(errors)
    try:
        async with world.running(client):
            await client.tree.sync()
            handle = await world.slash(GUILD_ID, None, USER_ID, "toolong")
            with pytest.raises(AssertionError, match="refused with 400"):
                await handle.wait_response()
            await world.wait_for(lambda: bool(errors.records), 5, "discord.py to log the failure")
    finally:
        logging.getLogger("discord").removeHandler(errors)
    assert "Ignoring exception in command 'toolong'" in errors.describe()
    assert "Must be 2000 or fewer in length" in errors.describe()
    assert any("content" in problem and "2000" in problem for problem in world.problems)
    assert world.channel_messages(world.text_channel_ids(GUILD_ID)[0]) == []


async def test_answer_after_the_deadline_is_unknown_interaction() -> None:
    fake = FakeDiscord(interaction_deadline=0.0)  # every answer is late
    await fake.start()
    try:
        fake.add_guild(GUILD_ID)
        client = MiniBot()
        with fake.patched_discord():
            async with fake.running(client):
                await client.tree.sync()
                handle = await fake.slash(GUILD_ID, None, USER_ID, "echo", {"text": "late"})
                with pytest.raises(AssertionError, match="refused with 404"):
                    await handle.wait_response()
    finally:
        await fake.stop()
    assert handle.callbacks[0].body["data"]["content"] == "echo: late"
    assert any("answered after" in problem for problem in fake.problems)


async def test_wrong_token_is_a_login_failure(world: FakeDiscord, no_discord_errors) -> None:
    with pytest.raises(discord.LoginFailure):
        async with world.running(MiniBot(), token="not-the-token"):
            pass
    [login] = world.requests_to("GET", "/users/@me")
    assert login.status == 401 and not login.authorized


async def test_gateway_drop_resumes_and_interactions_still_arrive(world: FakeDiscord, no_discord_errors) -> None:
    client = MiniBot()
    async with world.running(client):
        await client.tree.sync()
        resumed = asyncio.create_task(client.wait_for("resumed", timeout=5))
        await world.drop_gateway()
        await resumed
        handle = await world.slash(GUILD_ID, None, USER_ID, "echo", {"text": "still here"})
        assert (await handle.wait_response()).content == "echo: still here"
    assert len(world.gateway.identify_payloads) == 1


class ShardedBot(discord.AutoShardedClient):
    def __init__(self, **options: Any) -> None:  # discord.AutoShardedClient's options, passed through
        super().__init__(intents=discord.Intents.default(), guild_ready_timeout=0.1, **options)
        self.tree = app_commands.CommandTree(self)

        @self.tree.command(description="Which shard answers")
        async def shard(interaction: discord.Interaction) -> None:
            assert interaction.guild is not None  # asked in a server
            await interaction.response.send_message(f"shard {interaction.guild.shard_id}")

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """No 5-second pause between shards: the fake has no identify rate limit."""


@pytest.mark.parametrize("shard_count", [2, None], ids=["shard_count=2", "from /gateway/bot"])
async def test_auto_sharded_client_connects_every_shard(fake_discord: FakeDiscord, no_discord_errors,
                                                        shard_count: int | None) -> None:
    fake_discord.recommended_shards = 2
    fake_discord.add_guild(GUILD_ID, "Shard A")
    fake_discord.add_guild(OTHER_GUILD_ID, "Shard B")
    assert {shard_for(GUILD_ID, 2), shard_for(OTHER_GUILD_ID, 2)} == {0, 1}
    client = ShardedBot(shard_count=shard_count)
    async with fake_discord.running(client):
        assert sorted(client.shards) == [0, 1]
        guild, other = client.get_guild(GUILD_ID), client.get_guild(OTHER_GUILD_ID)
        assert guild is not None and other is not None
        assert guild.shard_id == shard_for(GUILD_ID, 2)
        assert other.shard_id == shard_for(OTHER_GUILD_ID, 2)
        await client.tree.sync()
        for guild_id in (GUILD_ID, OTHER_GUILD_ID):
            handle = await fake_discord.slash(guild_id, None, USER_ID, "shard")
            assert (await handle.wait_response()).content == f"shard {shard_for(guild_id, 2)}"
        carried = {s.shard_id: [p["d"]["guild_id"] for p in s.log if p["t"] == "INTERACTION_CREATE"]
                   for s in fake_discord.gateway.sessions.values()}
    assert carried == {shard_for(g, 2): [str(g)] for g in (GUILD_ID, OTHER_GUILD_ID)}
    shards = sorted(tuple(p["shard"]) for p in fake_discord.gateway.identify_payloads)
    assert shards == [(0, 2), (1, 2)]
    asked_gateway = bool(fake_discord.requests_to("GET", "/gateway/bot"))
    assert asked_gateway == (shard_count is None)
