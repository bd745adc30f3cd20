"""An offline Discord (REST API + websocket gateway on 127.0.0.1) for end-to-end tests.

The real discord.py client logs in to it exactly as it would to Discord: ``GET /users/@me``,
``GET /oauth2/applications/@me``, the gateway handshake (HELLO, IDENTIFY → READY, one
GUILD_CREATE per guild of the shard), then INTERACTION_CREATE events the test sends, answered
through the interaction callback and webhook routes. Nothing leaves the machine.

Quick start (with the pytest fixtures)::

    from tests.fake_discord import MANAGE_GUILD, FakeDiscord

    async def test_initiative(fake_discord: FakeDiscord, no_discord_errors):
        guild = fake_discord.add_guild(GUILD_ID)                # + a "general" text channel
        channel_id = fake_discord.text_channel_ids(GUILD_ID)[0]
        fake_discord.add_member(GUILD_ID, USER_ID, permissions=MANAGE_GUILD)
        client = make_bot(guild_ready_timeout=0.1)              # any discord.Client
        async with fake_discord.running(client):                # start, wait for READY, close on exit
            await client.tree.sync()                            # the fake stores the commands
            handle = await fake_discord.slash(GUILD_ID, channel_id, USER_ID, "initiative",
                                              {"query": "hidta"})
            response = await handle.wait_response(timeout=5)    # the callback (type 4/5/6/7/8/9)
            final = await handle.wait_final(timeout=10)         # the message the user sees

The fixtures come from ``tests/fake_discord/fixtures.py``, which ``tests/conftest.py`` loads as a
plugin for every test file: name them as parameters, never import them.

``fake_discord`` is started and ``patched_discord()`` is active: ``discord.http.Route.BASE``
and ``DiscordWebSocket.DEFAULT_GATEWAY`` point at the fake. A bot that reads
``Settings.api_base`` / ``Settings.gateway_url`` should be given ``fake.api_base`` /
``fake.gateway_url``. ``no_discord_errors`` fails the test if the ``discord`` logger wrote any
ERROR record (discord.py logs, rather than raises, most errors in event handlers and views).

Lifecycle
    ``FakeDiscord(token="test-token", app_id=…, bot_user_id=… (default: app_id),
    recommended_shards=1, interaction_deadline=3.0, heartbeat_interval_ms=41250)``;
    ``await fake.start()`` (a free port), ``await fake.stop()``; ``fake.api_base``
    ("http://127.0.0.1:PORT/api/v10"), ``fake.gateway_url`` ("ws://127.0.0.1:PORT/"),
    ``fake.base_url``; ``with fake.patched_discord(): …``;
    ``async with fake.running(client, token=None, timeout=10, wait_client_ready=True): …``;
    ``await fake.wait_until_ready(timeout=10, shard_ids=None)`` (fake side: READY and every
    GUILD_CREATE sent on every shard). Close clients before ``fake.stop()`` (``running``
    does), or they try to reconnect and log errors. discord.py fires its own ``on_ready``
    ``guild_ready_timeout`` seconds (Client option, default 2) after the last GUILD_CREATE:
    pass ``guild_ready_timeout=0.1`` to the client in tests. AutoShardedClient sleeps 5 s
    before each non-first IDENTIFY in ``before_identify_hook``; override it in tests.

World
    ``add_guild(guild_id, name=…, channels=["general"] | [(id, name)], owner_id=None,
    everyone_permissions=…, bot_permissions=…) -> Guild``; ``text_channel_ids(guild_id)``;
    ``add_channel(guild_id, name, channel_id=None) -> Channel``; ``await remove_channel(id)``;
    ``await remove_guild(id)``; ``add_member(guild_id, user_id, permissions=None, name=None)``
    (permissions on top of @everyone's, e.g. ``MANAGE_GUILD``); ``set_permissions(guild_id,
    user_id, permissions)`` (use ``fake.bot_user_id`` for the bot);
    ``set_channel_overwrite(channel_id, target_id, allow=0, deny=0)``; ``add_user(id, name)``;
    ``add_attachment(filename, data, content_type=None) -> dict`` (served at its ``url``);
    ``register_commands(commands, guild_id=None)`` (as if synced by an earlier run).
    Changes made while a client is connected are dispatched (GUILD_CREATE, CHANNEL_CREATE, …).

Users acting
    ``await slash(guild_id, channel_id, user_id, "initiative", {"query": "hidta"},
    subcommand=None, group=None, attachment=None, locale="en-US", bypass_permissions=False)``
    (``"digest setup"`` works as a name; options are checked against the synced definition;
    users lacking ``default_member_permissions`` get PermissionError unless bypassed);
    ``await autocomplete(guild_id, channel_id, user_id, name, options, focused="query",
    value="hid")``; ``await press_button(message_or_id, custom_id, user_id)``;
    ``await select(message_or_id, custom_id, ["value"], user_id)``. ``channel_id=None`` means
    the guild's first text channel, or a DM when ``guild_id`` is None. Each returns an
    ``InteractionHandle``: ``wait_response(timeout) -> CallbackRecord`` (``type``, ``data``,
    ``content``, ``embeds``, ``components``, ``choices``, ``ephemeral``, ``files``,
    ``received_after_seconds``), ``wait_final(timeout) -> message dict``,
    ``wait_followup(index, timeout)``, ``original``, ``followups``, ``original_edits``.
    An initial callback later than ``interaction_deadline`` seconds is refused with 404
    Unknown interaction (code 10062), as Discord does after 3 s.

Inspecting
    ``synced_commands(guild_id=None)``; ``channel_messages(channel_id)`` (OLDEST first; the
    REST route answers newest first); ``message(id)``; ``await wait_for_message(channel_id,
    timeout, predicate=None, after=None)``; ``requests`` (every REST request:
    ``RecordedRequest(method, path, route, query, json, files, status, authorized, dropped)``,
    path without /api/v10); ``requests_to(method, path_prefix)``; ``problems`` (bodies Discord
    would refuse, routes the fake lacks, late callbacks); ``internal_errors`` (bugs of the fake:
    such requests answer 400 at once, and the ``fake_discord`` fixture fails the test);
    ``await wait_for(predicate, timeout, what)`` (re-checked on every change and every 50 ms);
    ``gateway.identify_payloads``, ``gateway.connect_queries``, ``gateway.sessions``.

Failures
    ``fail_next_send(channel_id, status=500, count=1, retry_after=None, body=None)`` (429 gets
    ``retry_after`` and the Via header discord.py needs to retry; 403 → Missing Permissions
    50013; 404 → Unknown Channel 10003); ``drop_response_next_send(channel_id)`` (stored, then
    the connection closes unanswered: discord.py raises aiohttp.ServerDisconnectedError);
    ``fail_next(method, path_or_regex, status, …)`` for any route; ``hold_response_next(method,
    path_or_regex)`` (the request takes effect, its answer waits for ``plan.hold.set()`` and is
    then dropped: stop the client meanwhile to lose the outcome); ``hold_request_next(method,
    path_or_regex)`` (the request waits before taking effect until ``plan.hold.set()``; a client
    gone meanwhile leaves no effect, ``plan.abandoned``). ``await archive_thread(id)``:
    an archived thread leaves GUILD_CREATE's ``threads`` and ``GET /guilds/{id}/threads/active``
    and is listed by ``GET /channels/{id}/threads/archived/public``. A send carrying a
    ``nonce`` (discord.py then sets ``enforce_nonce``) that repeats one from the last
    ``nonce_window_seconds`` (300) returns the first message instead of posting again, as
    Discord does; nonces longer than 25 characters are refused. ``await
    drop_gateway(shard_id=None, code=4000, forget_sessions=False)`` (client RESUMEs);
    ``await dispatch(event, data, guild_id=None)`` for any other gateway event.

Message bodies are checked against Discord's limits (content 2000, 10 embeds, 6000 embed
characters, title 256, description 4096, 25 fields of 256/1024, 5 rows of 5 buttons, custom ids
100, select options 25, autocomplete choices 25 of 100) and answered 400/50035 like Discord.
"""

from .gateway import shard_for
from .interactions import CallbackRecord, InteractionHandle
from .rest import FailurePlan, RecordedRequest
from .server import FakeDiscord
from .state import (
    ADMINISTRATOR,
    ATTACH_FILES,
    DEFAULT_BOT_PERMISSIONS,
    DEFAULT_EVERYONE_PERMISSIONS,
    EMBED_LINKS,
    FLAG_EPHEMERAL,
    FLAG_LOADING,
    GUILD_FORUM,
    MANAGE_GUILD,
    READ_MESSAGE_HISTORY,
    SEND_MESSAGES,
    VIEW_CHANNEL,
    Channel,
    Guild,
)

__all__ = [
    "ADMINISTRATOR",
    "ATTACH_FILES",
    "DEFAULT_BOT_PERMISSIONS",
    "DEFAULT_EVERYONE_PERMISSIONS",
    "EMBED_LINKS",
    "FLAG_EPHEMERAL",
    "FLAG_LOADING",
    "GUILD_FORUM",
    "MANAGE_GUILD",
    "READ_MESSAGE_HISTORY",
    "SEND_MESSAGES",
    "VIEW_CHANNEL",
    "CallbackRecord",
    "Channel",
    "FailurePlan",
    "FakeDiscord",
    "Guild",
    "InteractionHandle",
    "RecordedRequest",
    "shard_for",
]
