"""The Discord runtime's pieces that need no server: command registration, payload conversion,
the page-button cache, token redaction and the sync hash."""

from __future__ import annotations

import io
import logging
from typing import Any

import discord
import pytest

from bot.commands.spec import ALL_COMMANDS, CommandSpec, OptionSpec
from bot.config import Settings
from bot.discord_app.client import TokenRedactor, make_intents, owns_guild
from bot.discord_app.sync import command_hash, prepare_targets
from bot.discord_app.views import ReplyCache, outgoing_from_payload
from bot.discord_app.wiring import Interactions, build_tree
from bot.reply.model import Choice, Embed, EmbedField, Page, Reply
from bot.reply.payload import render_payload

OPTION_TYPES = {"string": 3, "integer": 4, "channel": 7, "role": 8, "attachment": 11}


def _tree(specs: tuple[CommandSpec, ...] = ALL_COMMANDS) -> discord.app_commands.CommandTree:
    client = discord.Client(intents=make_intents())
    # No app: registering the commands never calls one.
    return build_tree(client, Interactions(app=None, settings=Settings()), specs)  # type: ignore[arg-type]


def _registered(tree: discord.app_commands.CommandTree) -> dict[str, dict[str, Any]]:
    """Registration payload flattened to "group sub" keys, as Discord would store it."""
    flat: dict[str, dict[str, Any]] = {}
    for command in tree._get_all_commands():
        data = command.to_dict(tree)
        subcommands = [o for o in data.get("options", []) if o["type"] == 1]
        if subcommands:
            for sub in subcommands:
                flat[f"{data['name']} {sub['name']}"] = {**sub, "top": data}
        else:
            flat[data["name"]] = {**data, "top": data}
    return flat


def test_every_command_of_the_table_is_registered_with_its_options():
    registered = _registered(_tree())
    assert set(registered) == {spec.key for spec in ALL_COMMANDS}
    for spec in ALL_COMMANDS:
        data = registered[spec.key]
        assert data["description"] == spec.description
        options = {o["name"]: o for o in data.get("options", [])}
        assert list(options) == [o.name for o in sorted(spec.options, key=lambda o: not o.required)]
        for option in spec.options:
            sent = options[option.name]
            assert sent["description"] == option.description
            assert sent["type"] == OPTION_TYPES[option.kind]
            assert sent.get("required", False) == option.required
            assert sent.get("autocomplete", False) == option.autocomplete
            if option.kind == "string" and option.max_length:
                assert sent["max_length"] == option.max_length
            if option.kind == "channel" and not option.channel_types:
                assert set(sent["channel_types"]) <= {0, 5}  # text and announcement channels only
            elif option.kind == "channel":  # /follow add also takes forums and threads, as declared
                assert set(sent["channel_types"]) == {discord.ChannelType[name].value for name in option.channel_types}


def test_admin_commands_need_manage_server_and_a_server():
    registered = _registered(_tree())
    for spec in ALL_COMMANDS:
        top = registered[spec.key]["top"]
        if spec.admin:
            assert int(top["default_member_permissions"]) == discord.Permissions(manage_guild=True).value
            assert top["dm_permission"] is False
        else:
            assert top["default_member_permissions"] is None


async def test_payload_conversion_keeps_text_embeds_and_components():
    reply = Reply(
        pages=[Page(content="first <@123>", embeds=[Embed(title="HIDTA", description="about",
                                                         fields=[EmbedField("Funding", "$1")],
                                                         url="https://example.gov/a", footer="src")]),
               Page(content="second")],
        choices=[Choice("High Intensity Drug Trafficking Areas", 7, "Fact sheet")],
        ephemeral=True,
    )
    payload = render_payload(reply, 0, reply_key="k1", owner_id=42)
    message = outgoing_from_payload(payload)

    def strip_defaults(value: Any) -> Any:
        defaults = {"disabled": False, "required": True, "default": False}
        if isinstance(value, dict):
            return {k: strip_defaults(v) for k, v in value.items() if defaults.get(k, object()) != v}
        if isinstance(value, list):
            return [strip_defaults(v) for v in value]
        return value

    assert message.content == payload["content"]
    assert [e.to_dict() for e in message.embeds] == payload["embeds"]
    assert message.view is not None
    assert strip_defaults(message.view.to_components()) == strip_defaults(payload["components"])
    assert message.ephemeral is True
    # Stopped views are sent as plain components: discord.py never keeps them in memory.
    assert message.view.is_finished()
    assert message.send_kwargs()["allowed_mentions"].to_dict() == {"parse": []}


def test_single_page_reply_has_no_components():
    payload = render_payload(Reply.text("just text"), 0, reply_key=None, owner_id=1)
    message = outgoing_from_payload(payload)
    assert message.view is None
    assert message.edit_kwargs()["view"] is None  # an edit clears stale buttons
    assert message.ephemeral is False


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_reply_cache_expires_after_its_ttl():
    clock = FakeClock()
    cache = ReplyCache(max_entries=10, ttl_seconds=60, clock=clock)
    key = cache.put(Reply.text("x"), owner_id=5)
    clock.now += 59
    entry = cache.get(key)
    assert entry is not None and entry.owner_id == 5
    clock.now += 2
    assert cache.get(key) is None


def test_reply_cache_drops_least_recently_used_beyond_its_size():
    cache = ReplyCache(max_entries=3, ttl_seconds=600, clock=FakeClock())
    keys = [cache.put(Reply.text(str(i)), owner_id=i) for i in range(3)]
    assert cache.get(keys[0]) is not None  # now the most recently used
    newest = cache.put(Reply.text("3"), owner_id=3)
    assert len(cache) == 3
    assert cache.get(keys[1]) is None
    assert cache.get(keys[0]) is not None and cache.get(newest) is not None
    assert len({*keys, newest}) == 4


def test_token_never_reaches_the_log_output():
    token = "MTIzNDU2Nzg5.secret-token-value.xyz"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(TokenRedactor(token))
    logger = logging.getLogger("test.redaction")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("sending identify with token %s", token)
        try:
            raise RuntimeError(f"bad header Authorization: Bot {token}")
        except RuntimeError:
            logger.exception("request failed")
    finally:
        logger.removeHandler(handler)
    output = stream.getvalue()
    assert token not in output
    assert output.count("[token redacted]") == 2
    assert "request failed" in output and "RuntimeError" in output


def test_sync_hash_changes_only_with_the_command_set():
    assert command_hash(_tree(), None) == command_hash(_tree(), None)
    changed = (*ALL_COMMANDS[:-1], CommandSpec(ALL_COMMANDS[-1].key, "A different description",
                                               ALL_COMMANDS[-1].options, admin=ALL_COMMANDS[-1].admin,
                                               guild_only=ALL_COMMANDS[-1].guild_only))
    assert command_hash(_tree(changed), None) != command_hash(_tree(), None)
    extra = (*ALL_COMMANDS, CommandSpec("ping", "Check the bot is alive.", (OptionSpec("echo", "Echo"),)))
    assert command_hash(_tree(extra), None) != command_hash(_tree(), None)


def test_dev_guilds_get_their_own_targets():
    tree = _tree()
    targets = prepare_targets(tree, (111, 222, 111))
    assert targets == [111, 222]
    assert command_hash(tree, 111) != command_hash(tree, 222)
    assert len(tree._get_all_commands(guild=discord.Object(id=111))) == len(tree._get_all_commands())
    assert prepare_targets(_tree(), ()) == [None]


# The id from Discord's snowflake documentation: its timestamp part is 41944705796.
@pytest.mark.parametrize(("guild_id", "shard_count", "shard_ids", "expected"), [
    (175928847299117063, None, None, True),
    (175928847299117063, 4, (0,), True),  # 41944705796 % 4 == 0
    (175928847299117063, 4, (1, 2, 3), False),
    (175928847299117063, 16, (3,), False),  # 41944705796 % 16 == 4
    (175928847299117063, 16, (4,), True),
    (175928847299117063, 4, None, True),
])
def test_digest_ownership_follows_the_shard_formula(guild_id, shard_count, shard_ids, expected):
    settings = Settings(shard_count=shard_count, shard_ids=shard_ids)
    assert owns_guild(guild_id, settings) is expected


def test_no_privileged_intents():
    intents = make_intents()
    assert intents.guilds
    assert not (intents.members or intents.presences or intents.message_content)
