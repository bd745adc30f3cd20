"""``FakeDiscord``: the REST API and the gateway on one local port, plus the test-facing API.

See the package docstring for how tests use it. Everything runs on the test's event loop, in
the same process as the real discord.py client, so there are no threads and no sleeps: tests
wait on conditions (``wait_for``) that REST and gateway handlers signal as they change state.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import datetime as dt
import re
import secrets
import socket
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from typing import Any

import discord
import yarl
from aiohttp import web

from . import interactions as itx
from . import rest
from .gateway import Gateway
from .interactions import InteractionHandle, PendingInteractions
from .rest import FailurePlan, RateLimit, RecordedRequest, RestApi
from .state import (
    ADMINISTRATOR,
    DEFAULT_BOT_PERMISSIONS,
    DEFAULT_EVERYONE_PERMISSIONS,
    DM,
    FLAG_EPHEMERAL,
    GUILD_TEXT,
    OVERWRITE_MEMBER,
    OVERWRITE_ROLE,
    Channel,
    Guild,
    Member,
    Overwrite,
    Role,
    SnowflakeFactory,
    StoredFile,
    UploadedFile,
    component_custom_ids,
    iso,
    user_object,
)
from .validation import COMMAND_CHOICES_MAX, check_commands

POLL_SECONDS = 0.05


class FakeDiscord:
    """A local Discord (REST + gateway) that the real discord.py client can log in to."""

    def __init__(
        self,
        *,
        token: str = "test-token",
        app_id: int = 1190000000000000001,
        bot_user_id: int | None = None,
        bot_name: str = "Briefbot",
        owner_user_id: int = 1190000000000000009,
        recommended_shards: int = 1,
        interaction_deadline: float | None = 3.0,
        heartbeat_interval_ms: int = 41250,
        application_flags: int = 0,
    ) -> None:
        self.token = token
        self.app_id = app_id
        self.bot_user_id = bot_user_id if bot_user_id is not None else app_id
        self.bot_name = bot_name
        self.owner_user_id = owner_user_id
        self.recommended_shards = recommended_shards
        self.application_flags = application_flags
        self.snowflake = SnowflakeFactory()
        self.users: dict[int, dict[str, Any]] = {}
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self.messages: dict[int, dict[str, Any]] = {}
        self.files: dict[int, StoredFile] = {}
        self.commands: dict[int | None, dict[str, dict[str, Any]]] = {}  # scope (None = global) → key → cmd
        self.requests: list[RecordedRequest] = []
        self.problems: list[str] = []  # requests Discord would refuse, routes the fake lacks, late answers
        self.internal_errors: list[str] = []  # bugs in the fake itself (tracebacks); fixtures fail on them
        self.failure_plans: list[FailurePlan] = []
        self.rate_limits: list[RateLimit] = []
        self.rate_limit_exceeded: list[str] = []  # requests sent although their bucket was empty
        self.closed_dms: set[int] = set()  # users who do not accept DMs from the bot (403, code 50007)
        self.nonce_window_seconds = 300.0  # enforce_nonce: repeats within this window return the first message
        self.interactions = PendingInteractions(interaction_deadline)
        self.gateway = Gateway(self, heartbeat_interval_ms)
        self.rest = RestApi(self)
        self.port: int | None = None
        self._runner: web.AppRunner | None = None
        self._waiters: set[asyncio.Future[None]] = set()
        self._outbox: list[tuple[str, Any, int | None]] = []
        self._flush_lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()
        self.add_user(self.bot_user_id, bot_name, bot=True)
        self.add_user(owner_user_id, "server-owner")

    # ---- lifecycle ---------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        self._require_started()
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        """What ``discord.http.Route.BASE`` (the DISCORD_API_BASE setting) must be."""
        return f"{self.base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        """What ``DiscordWebSocket.DEFAULT_GATEWAY`` (the gateway_url setting) must be."""
        self._require_started()
        return f"ws://127.0.0.1:{self.port}/"

    @property
    def bot_user(self) -> dict[str, Any]:
        return self.users[self.bot_user_id]

    def _require_started(self) -> None:
        if self.port is None:
            raise RuntimeError("FakeDiscord is not started: await fake.start() first")

    async def start(self) -> FakeDiscord:
        """Listen on a free port of 127.0.0.1."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/", self.gateway.handle)
        app.router.add_get("/attachments/{attachment_id}/{filename}", self._serve_attachment)
        app.router.add_route("*", "/api/v10/{tail:.*}", self.rest.handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        return self

    async def _serve_attachment(self, request: web.Request) -> web.StreamResponse:
        return await rest.serve_attachment(self, request)

    async def stop(self) -> None:
        """Close every gateway socket (1001 "going away") and stop listening."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=5.0)
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        for waiter in self._waiters:
            if not waiter.done():
                waiter.cancel()

    @contextlib.contextmanager
    def patched_discord(self) -> Iterator[None]:
        """Point discord.py at this fake (REST base and gateway URL); restores the old values after."""
        old_base = discord.http.Route.BASE
        old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        discord.http.Route.BASE = self.api_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)
        try:
            yield
        finally:
            discord.http.Route.BASE = old_base
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway

    @contextlib.asynccontextmanager
    async def running(self, client: discord.Client, *, token: str | None = None, timeout: float = 10.0,
                      wait_client_ready: bool = True, shard_ids: Iterable[int] | None = None
                      ) -> AsyncIterator[discord.Client]:
        """Start ``client`` against this fake, wait until it is connected, close it on exit.

        Raises whatever ``client.start`` raises if it stops first (e.g. ``discord.LoginFailure``).
        ``wait_client_ready`` also waits for discord.py's own ready event, which comes
        ``guild_ready_timeout`` seconds (a Client option, default 2) after the last GUILD_CREATE.
        """
        task = asyncio.create_task(client.start(token if token is not None else self.token))
        try:
            await self._await_start(task, client, timeout, wait_client_ready, shard_ids)
            yield client
            if task.done() and not task.cancelled() and task.exception() is not None:
                raise task.exception()  # type: ignore[misc]
        finally:
            await client.close()
            if not task.done():
                await asyncio.wait({task}, timeout=10.0)
            if task.done():
                if not task.cancelled():
                    task.exception()  # retrieved: it was raised above or from _await_start
            else:
                task.cancel()

    async def _await_start(self, task: asyncio.Task[None], client: discord.Client, timeout: float,
                           wait_client_ready: bool, shard_ids: Iterable[int] | None) -> None:
        async def ready() -> None:
            await self.wait_until_ready(timeout, shard_ids=shard_ids)
            if wait_client_ready:
                await client.wait_until_ready()

        waiter = asyncio.create_task(ready())
        done, _ = await asyncio.wait({task, waiter}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        if waiter in done:
            waiter.result()
            return
        waiter.cancel()
        with contextlib.suppress(asyncio.CancelledError, TimeoutError):
            await waiter
        if task in done:
            task.result()
            raise RuntimeError("the client stopped before it was ready")
        raise TimeoutError(f"the client was not ready after {timeout}s; requests: {self._recent_requests()}")

    # ---- waiting ------------------------------------------------------------------------------

    def _changed(self) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0,
                       what: str = "a condition") -> None:
        """Wait until ``predicate()`` holds. It is re-checked whenever the fake's state changes,
        and every 50 ms for conditions on state the fake does not own (client caches, logs)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"timed out after {timeout}s waiting for {what}; "
                                   f"recent requests: {self._recent_requests()}; problems: {self.problems[-5:]}")
            waiter: asyncio.Future[None] = loop.create_future()
            self._waiters.add(waiter)
            try:
                await asyncio.wait_for(waiter, min(remaining, POLL_SECONDS))
            except TimeoutError:
                pass
            finally:
                self._waiters.discard(waiter)

    def _recent_requests(self, count: int = 8) -> list[str]:
        return [f"{r.method} {r.path} → {r.status}" for r in self.requests[-count:]]

    async def wait_until_ready(self, timeout: float = 10.0, *, shard_ids: Iterable[int] | None = None) -> None:
        """A client identified on every shard (all of ``range(shard_count)`` by default) and got
        READY plus a GUILD_CREATE for each of its guilds."""
        wanted_ids = set(shard_ids) if shard_ids is not None else None

        def ready() -> bool:
            live = [s for s in self.gateway.live_sessions() if s.ready]
            if not live:
                return False
            count = live[-1].shard_count
            wanted = wanted_ids if wanted_ids is not None else set(range(count))
            return wanted <= {s.shard_id for s in live if s.shard_count == count}

        await self.wait_for(ready, timeout, "a client to connect and receive READY")

    async def wait_for_message(self, channel_id: int, timeout: float = 10.0,
                               predicate: Callable[[dict[str, Any]], bool] | None = None,
                               *, after: int | None = None) -> dict[str, Any]:
        """The first message in the channel (newer than message id ``after``) matching ``predicate``."""
        found: list[dict[str, Any]] = []

        def check() -> bool:
            for message in self.channel_messages(channel_id, include_ephemeral=True):
                if after is not None and int(message["id"]) <= after:
                    continue
                if predicate is None or predicate(message):
                    found.append(message)
                    return True
            return False

        await self.wait_for(check, timeout, f"a message in channel {channel_id}")
        return found[0]

    # ---- world building ----------------------------------------------------------------------

    def add_user(self, user_id: int, name: str | None = None, *, bot: bool = False) -> dict[str, Any]:
        user = self.users.get(user_id)
        if user is None:
            user = user_object(user_id, name or f"user{user_id % 10000}", bot=bot)
            self.users[user_id] = user
        return user

    def add_guild(self, guild_id: int, name: str = "Test Server", *,
                  channels: Iterable[str | tuple[int, str]] | None = None, owner_id: int | None = None,
                  everyone_permissions: int = DEFAULT_EVERYONE_PERMISSIONS,
                  bot_permissions: int = DEFAULT_BOT_PERMISSIONS, locale: str = "en-US") -> Guild:
        """A server the bot is in, with text channels (default: one called "general").

        ``channels`` items are names or ``(id, name)``. The bot gets a managed role with
        ``bot_permissions``. When a client is connected it receives GUILD_CREATE (a server join).
        """
        owner = owner_id if owner_id is not None else self.owner_user_id
        self.add_user(owner)
        guild = Guild(id=guild_id, name=name, owner_id=owner, locale=locale)
        guild.roles[guild_id] = Role(id=guild_id, name="@everyone", permissions=everyone_permissions)
        bot_role = Role(id=self.snowflake(), name=self.bot_name, permissions=bot_permissions, position=1,
                        managed=True)
        guild.roles[bot_role.id] = bot_role
        guild.members[owner] = Member(user_id=owner, roles=[], joined_at=iso())
        guild.members[self.bot_user_id] = Member(user_id=self.bot_user_id, roles=[bot_role.id], joined_at=iso())
        self.guilds[guild_id] = guild
        for position, item in enumerate(channels if channels is not None else ["general"]):
            channel_id, channel_name = item if isinstance(item, tuple) else (self.snowflake(), item)
            channel = Channel(id=channel_id, guild_id=guild_id, name=channel_name, position=position)
            guild.channels[channel_id] = channel
            self.channels[channel_id] = channel
        joined = guild.to_dict(self.users)
        del joined["unavailable"]  # a join, not an outage ending: discord.py fires on_guild_join
        self._queue_event("GUILD_CREATE", joined, guild_id)
        self._schedule_flush()
        return guild

    def text_channel_ids(self, guild_id: int) -> list[int]:
        return [c.id for c in self.guilds[guild_id].channels.values() if c.type == GUILD_TEXT]

    def add_channel(self, guild_id: int, name: str, *, channel_id: int | None = None,
                    type: int = GUILD_TEXT, topic: str | None = None) -> Channel:
        guild = self.guilds[guild_id]
        channel = Channel(id=channel_id or self.snowflake(), guild_id=guild_id, name=name, type=type,
                          topic=topic, position=len(guild.channels))
        guild.channels[channel.id] = channel
        self.channels[channel.id] = channel
        self._queue_event("CHANNEL_CREATE", channel.to_dict(), guild_id)
        self._schedule_flush()
        return channel

    async def remove_channel(self, channel_id: int) -> None:
        """Delete a channel (CHANNEL_DELETE); later sends to it answer 404 Unknown Channel."""
        channel = self.channels.pop(channel_id)
        if channel.guild_id is not None:
            del self.guilds[channel.guild_id].channels[channel_id]
        self._queue_event("CHANNEL_DELETE", channel.to_dict(), channel.guild_id)
        await self._flush_events()

    async def remove_guild(self, guild_id: int) -> None:
        """The bot was removed from the server (GUILD_DELETE)."""
        guild = self.guilds[guild_id]
        self._queue_event("GUILD_DELETE", {"id": str(guild_id)}, guild_id)
        await self._flush_events()
        del self.guilds[guild_id]
        for channel_id in guild.channels:
            self.channels.pop(channel_id, None)
        self.commands.pop(guild_id, None)

    def add_role(self, guild_id: int, name: str, *, role_id: int | None = None) -> Role:
        """A plain role members can be pinged by (GUILD_ROLE_CREATE)."""
        guild = self.guilds[guild_id]
        role = Role(id=role_id or self.snowflake(), name=name, permissions=0, position=1)
        guild.roles[role.id] = role
        self._queue_event("GUILD_ROLE_CREATE", {"guild_id": str(guild_id), "role": role.to_dict()}, guild_id)
        self._schedule_flush()
        return role

    async def remove_role(self, guild_id: int, role_id: int) -> None:
        del self.guilds[guild_id].roles[role_id]
        self._queue_event("GUILD_ROLE_DELETE", {"guild_id": str(guild_id), "role_id": str(role_id)}, guild_id)
        await self._flush_events()

    def add_member(self, guild_id: int, user_id: int, permissions: int | None = None, *,
                   name: str | None = None) -> Member:
        """A server member; ``permissions`` (e.g. ``MANAGE_GUILD``) come from a role of their own,
        on top of @everyone's."""
        guild = self.guilds[guild_id]
        self.add_user(user_id, name)
        member = guild.members.get(user_id)
        if member is None:
            member = Member(user_id=user_id, roles=[], joined_at=iso())
            guild.members[user_id] = member
            self._queue_event("GUILD_MEMBER_ADD", member.to_dict(self.users) | {"guild_id": str(guild_id)},
                              guild_id)
        if permissions is not None:
            self.set_permissions(guild_id, user_id, permissions)
        self._schedule_flush()
        return member

    def set_permissions(self, guild_id: int, user_id: int, permissions: int) -> None:
        """Set the permissions of the member's own role (for the bot: its managed role)."""
        guild = self.guilds[guild_id]
        member = guild.members[user_id]
        own = next((guild.roles[r] for r in member.roles if guild.roles[r].name.endswith(f"#{user_id}")
                    or (user_id == self.bot_user_id and guild.roles[r].managed)), None)
        if own is None:
            own = Role(id=self.snowflake(), name=f"member#{user_id}", permissions=permissions, position=1)
            guild.roles[own.id] = own
            member.roles.append(own.id)
            self._queue_event("GUILD_ROLE_CREATE", {"guild_id": str(guild_id), "role": own.to_dict()}, guild_id)
            self._queue_event("GUILD_MEMBER_UPDATE", member.to_dict(self.users) | {"guild_id": str(guild_id)},
                              guild_id)
        else:
            own.permissions = permissions
            self._queue_event("GUILD_ROLE_UPDATE", {"guild_id": str(guild_id), "role": own.to_dict()}, guild_id)
        self._schedule_flush()

    def set_channel_overwrite(self, channel_id: int, target_id: int, *, allow: int = 0, deny: int = 0) -> None:
        """Allow/deny bits in one channel for a member (a user id) or a role (a role or guild id)."""
        channel = self.channels[channel_id]
        guild = self.guilds[channel.guild_id] if channel.guild_id is not None else None
        kind = OVERWRITE_ROLE if guild is not None and target_id in guild.roles else OVERWRITE_MEMBER
        channel.overwrites = [o for o in channel.overwrites if o.target_id != target_id]
        if allow or deny:
            channel.overwrites.append(Overwrite(target_id=target_id, type=kind, allow=allow, deny=deny))
        self._queue_event("CHANNEL_UPDATE", channel.to_dict(), channel.guild_id)
        self._schedule_flush()

    def dm_channel(self, user_id: int) -> Channel:
        for channel in self.channels.values():
            if channel.type == DM and channel.recipient_id == user_id:
                return channel
        channel = Channel(id=self.snowflake(), guild_id=None, name="", type=DM, recipient_id=user_id)
        self.channels[channel.id] = channel
        return channel

    def add_attachment(self, filename: str, data: bytes, content_type: str | None = None) -> dict[str, Any]:
        """Bytes a user uploads: returns the attachment object (its ``url`` serves the bytes)."""
        self._require_started()
        return rest.attachment_object(self, filename=filename, data=data, content_type=content_type)

    def register_commands(self, commands: list[dict[str, Any]], guild_id: int | None = None) -> list[dict[str, Any]]:
        """Commands as if synced earlier (e.g. by a previous run of the bot)."""
        return self._store_commands(commands, guild_id, replace=True)

    def _store_commands(self, payload: list[dict[str, Any]], scope: int | None, *,
                        replace: bool) -> list[dict[str, Any]]:
        check_commands(payload)
        current = self.commands.get(scope, {})
        updated: dict[str, dict[str, Any]] = {} if replace else dict(current)
        stored_now: list[dict[str, Any]] = []
        for command in payload:
            key = f"{command.get('type', 1)}:{command['name']}"
            old = current.get(key)
            stored = {
                "id": old["id"] if old else str(self.snowflake()),
                "application_id": str(self.app_id),
                "version": str(self.snowflake()),
                "type": command.get("type", 1),
                "name": command["name"],
                "name_localizations": command.get("name_localizations") or None,
                "description": command.get("description", ""),
                "description_localizations": command.get("description_localizations") or None,
                "default_member_permissions": _permission_string(command.get("default_member_permissions")),
                "dm_permission": command.get("dm_permission", True),
                "contexts": command.get("contexts"),
                "integration_types": command.get("integration_types") or [0],
                "nsfw": bool(command.get("nsfw", False)),
                "options": copy.deepcopy(command.get("options") or []),
            }
            if scope is not None:
                stored["guild_id"] = str(scope)
            updated[key] = stored
            stored_now.append(stored)
        self.commands[scope] = updated
        self._changed()
        return list(updated.values()) if replace else stored_now

    # ---- inspection --------------------------------------------------------------------------

    def synced_commands(self, guild_id: int | None = None) -> list[dict[str, Any]]:
        """Commands registered globally (``None``) or for one server, as Discord stores them."""
        return copy.deepcopy(list(self.commands.get(guild_id, {}).values()))

    def channel_messages(self, channel_id: int, *, include_ephemeral: bool = False) -> list[dict[str, Any]]:
        """Messages in a channel, OLDEST FIRST (the REST endpoint answers newest first)."""
        channel = self.channels.get(channel_id)
        if channel is None:
            return []
        return [copy.deepcopy(m) for m in channel.messages
                if include_ephemeral or not int(m.get("flags") or 0) & FLAG_EPHEMERAL]

    def message(self, message_id: int) -> dict[str, Any] | None:
        found = self.messages.get(int(message_id))
        return copy.deepcopy(found) if found is not None else None

    def requests_to(self, method: str | None = None, path_prefix: str = "") -> list[RecordedRequest]:
        return [r for r in self.requests
                if (method is None or r.method == method) and r.path.startswith(path_prefix)]

    def attachment_bytes(self, attachment: dict[str, Any]) -> bytes:
        return self.files[int(attachment["id"])].data

    # ---- failure injection -------------------------------------------------------------------

    def fail_next(self, method: str, path: str | re.Pattern[str], status: int = 500, *, count: int = 1,
                  retry_after: float | None = None, body: dict[str, Any] | None = None) -> FailurePlan:
        """Answer the next ``count`` requests ``method path`` (an exact path or a compiled regex,
        matched against the path without /api/v10) with ``status``."""
        pattern = path if isinstance(path, re.Pattern) else re.compile(re.escape(path))
        plan = FailurePlan(method.upper(), pattern, status, count, retry_after, body)
        self.failure_plans.append(plan)
        return plan

    def rate_limit(self, method: str, path: str | re.Pattern[str], *, limit: int, per: float) -> RateLimit:
        """Enforce a Discord-style bucket on ``method path`` (each matching path its own bucket):
        at most ``limit`` requests per ``per`` seconds, announced in X-RateLimit headers."""
        pattern = path if isinstance(path, re.Pattern) else re.compile(re.escape(path))
        bucket = RateLimit(method.upper(), pattern, limit, per)
        self.rate_limits.append(bucket)
        return bucket

    def fail_next_send(self, channel_id: int, status: int = 500, *, count: int = 1,
                       retry_after: float | None = None, body: dict[str, Any] | None = None) -> FailurePlan:
        """Next ``count`` posts to the channel fail: 500, 429 (with ``retry_after``), 403 Missing
        Permissions, 404 Unknown Channel, or any status with your ``body``."""
        return self.fail_next("POST", f"/channels/{channel_id}/messages", status, count=count,
                              retry_after=retry_after, body=body)

    def drop_response_next_send(self, channel_id: int, *, count: int = 1) -> FailurePlan:
        """The next post is stored (the message exists) but the connection closes before the answer."""
        plan = self.fail_next("POST", f"/channels/{channel_id}/messages", 200, count=count)
        plan.drop_after_handling = True
        return plan

    def hold_response_next(self, method: str, path: str | re.Pattern[str]) -> FailurePlan:
        """The next matching request takes effect, but its answer is held until
        ``plan.hold.set()`` (then dropped): a client stopped meanwhile never learns the outcome."""
        plan = self.fail_next(method, path, 200)
        plan.drop_after_handling = True
        plan.hold = asyncio.Event()
        return plan

    def hold_request_next(self, method: str, path: str | re.Pattern[str]) -> FailurePlan:
        """The next matching request waits before taking effect (``plan.held`` meanwhile) until
        ``plan.hold.set()``, then goes on as usual; if its client goes away first (killed mid-send)
        it never takes effect (``plan.abandoned``)."""
        plan = self.fail_next(method, path, 200)
        plan.hold_before = True
        plan.hold = asyncio.Event()
        return plan

    async def archive_thread(self, thread_id: int) -> None:
        """Discord archived the thread (after inactivity): it leaves the active lists (THREAD_UPDATE)."""
        thread = self.channels[thread_id]
        thread.archived = True
        self._queue_event("THREAD_UPDATE", thread.to_dict(self.users), thread.guild_id)
        await self._flush_events()

    # ---- gateway control ---------------------------------------------------------------------

    async def dispatch(self, event: str, data: Any, *, guild_id: int | None = None) -> int:
        """Send any gateway event to the shard that owns ``guild_id``; returns sessions reached."""
        return await self.gateway.dispatch(event, data, guild_id=guild_id)

    async def drop_gateway(self, *, shard_id: int | None = None, code: int = 4000,
                           forget_sessions: bool = False) -> None:
        """Close the client's socket(s); it reconnects and RESUMEs (or re-IDENTIFYs if forgotten)."""
        await self.gateway.drop(shard_id=shard_id, code=code, forget_sessions=forget_sessions)

    def _queue_event(self, event: str, data: Any, guild_id: int | None) -> None:
        """Queue a gateway event; without sessions there is nobody to tell (READY will carry it)."""
        if self.gateway.sessions:
            self._outbox.append((event, data, guild_id))

    def _schedule_flush(self) -> None:
        """World changes made from sync code reach connected clients on the next loop turn."""
        if self._outbox:
            with contextlib.suppress(RuntimeError):  # no running loop: nobody can be connected
                task = asyncio.get_running_loop().create_task(self._flush_events())
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
        self._changed()

    async def _flush_events(self) -> None:
        """Send queued events in order (one flusher at a time keeps sequence and send order equal)."""
        async with self._flush_lock:
            while self._outbox:
                event, data, guild_id = self._outbox.pop(0)
                await self.gateway.dispatch(event, data, guild_id=guild_id)

    # ---- messages (used by the REST handlers) ------------------------------------------------

    def _create_message(self, channel: Channel, payload: dict[str, Any], files: list[UploadedFile], *,
                        author: dict[str, Any], flags: int, interaction: InteractionHandle | None = None,
                        followup: bool = False, message_id: int | None = None) -> dict[str, Any]:
        message = rest.new_message_object(self, channel, payload, files, author=author, flags=flags,
                                          interaction=interaction, followup=followup, message_id=message_id)
        self.messages[int(message["id"])] = message
        channel.messages.append(message)
        self._announce("MESSAGE_CREATE", message, channel)
        self._changed()
        return message

    def _message_with_nonce(self, channel: Channel, author_id: int, nonce: str) -> dict[str, Any] | None:
        """A message by ``author_id`` in the channel with this nonce, sent within ``nonce_window_seconds``."""
        horizon = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=self.nonce_window_seconds)
        for message in channel.messages[::-1]:
            if (message.get("nonce") == nonce and message["author"]["id"] == str(author_id)
                    and dt.datetime.fromisoformat(message["timestamp"]) >= horizon):
                return message
        return None

    def _edit_message(self, message: dict[str, Any], payload: dict[str, Any], files: list[UploadedFile],
                      *, fill_loading: bool = False) -> None:
        rest.apply_edit(self, message, payload, files, fill_loading=fill_loading)
        self._announce("MESSAGE_UPDATE", message, self.channels.get(int(message["channel_id"])))
        self._changed()

    async def _delete_message(self, message: dict[str, Any]) -> None:
        channel = self.channels.get(int(message["channel_id"]))
        if channel is not None:
            channel.messages = [m for m in channel.messages if m["id"] != message["id"]]
            if not int(message.get("flags") or 0) & FLAG_EPHEMERAL:
                data = {"id": message["id"], "channel_id": message["channel_id"]}
                if channel.guild_id is not None:
                    data["guild_id"] = str(channel.guild_id)
                self._queue_event("MESSAGE_DELETE", data, channel.guild_id)
        self.messages.pop(int(message["id"]), None)
        self._changed()

    def _announce(self, event: str, message: dict[str, Any], channel: Channel | None) -> None:
        if channel is None or int(message.get("flags") or 0) & FLAG_EPHEMERAL:
            return
        data = copy.deepcopy(message)
        if channel.guild_id is not None:
            data["guild_id"] = str(channel.guild_id)
            author_id = int(message["author"]["id"])
            member = self.guilds[channel.guild_id].members.get(author_id)
            if member is not None and "webhook_id" not in message:
                data["member"] = member.to_dict(self.users, with_user=False)
        self._queue_event(event, data, channel.guild_id)

    # ---- interactions ------------------------------------------------------------------------

    def _find_command(self, name: str, guild_id: int | None) -> tuple[dict[str, Any], bool]:
        if guild_id is not None:
            for command in self.commands.get(guild_id, {}).values():
                if command["name"] == name and command["type"] == 1:
                    return command, True
        for command in self.commands.get(None, {}).values():
            if command["name"] == name and command["type"] == 1:
                return command, False
        known = sorted({c["name"] for scope in self.commands.values() for c in scope.values()})
        raise LookupError(f"/{name} is not registered (synced commands: {known}); sync the command tree first")

    def _check_visible(self, command: dict[str, Any], guild_scoped: bool, guild_id: int | None,
                       channel: Channel, user_id: int) -> None:
        """Discord hides commands a user may not use; such a user cannot send the interaction."""
        if guild_id is None:
            contexts = command.get("contexts")
            if guild_scoped or command.get("dm_permission") is False or (contexts is not None and 1 not in contexts):
                raise PermissionError(f"/{command['name']} is not available in DMs")
            return
        contexts = command.get("contexts")
        if contexts is not None and 0 not in contexts:
            raise PermissionError(f"/{command['name']} is not available in servers")
        required = command.get("default_member_permissions")
        if required is None:
            return
        permissions = self.guilds[guild_id].channel_permissions(user_id, channel)
        needed = int(required)  # "0" means administrators only
        if permissions & ADMINISTRATOR or (needed and permissions & needed == needed):
            return
        raise PermissionError(f"user {user_id} cannot see /{command['name']} "
                              f"(needs permissions {needed}); pass bypass_permissions=True to simulate an override")

    def _resolve_channel(self, guild_id: int | None, channel_id: int | None, user_id: int) -> Channel:
        if channel_id is None:
            if guild_id is not None:
                return self.channels[self.text_channel_ids(guild_id)[0]]
            return self.dm_channel(user_id)
        channel = self.channels[channel_id]
        if channel.guild_id != guild_id:
            raise ValueError(f"channel {channel_id} is not in guild {guild_id}")
        return channel

    async def slash(self, guild_id: int | None, channel_id: int | None, user_id: int, name: str,
                    options: dict[str, Any] | None = None, *, subcommand: str | None = None,
                    group: str | None = None, attachment: dict[str, Any] | None = None,
                    locale: str = "en-US", bypass_permissions: bool = False) -> InteractionHandle:
        """A user runs a slash command (INTERACTION_CREATE type 2).

        ``name`` may include the subcommand ("digest setup") or group and subcommand. Option
        values are checked against the synced definition (required, choices, lengths, ranges)
        like Discord's client does. Channel options take a channel id, user options a user id,
        attachment options an ``add_attachment`` result (or pass ``attachment=``).
        """
        name, group, subcommand = _split_name(name, group, subcommand)
        channel = self._resolve_channel(guild_id, channel_id, user_id)
        self._ensure_member(guild_id, user_id)
        command, guild_scoped = self._find_command(name, guild_id)
        if not bypass_permissions:
            self._check_visible(command, guild_scoped, guild_id, channel, user_id)
        given = dict(options or {})
        resolved: dict[str, dict[str, Any]] = {}
        built = _OptionBuilder(self, guild_id, user_id, resolved, autocomplete=False)
        data: dict[str, Any] = {
            "id": command["id"],
            "name": name,
            "type": 1,
            "options": built.tree(command, given, group, subcommand, attachment=attachment),
        }
        if resolved:
            data["resolved"] = resolved
        if guild_scoped:
            data["guild_id"] = str(guild_id)
        return await self._send_interaction(itx.APPLICATION_COMMAND, data, guild_id, channel, user_id, locale)

    async def autocomplete(self, guild_id: int | None, channel_id: int | None, user_id: int, name: str,
                           options: dict[str, Any] | None = None, *, focused: str, value: str,
                           subcommand: str | None = None, group: str | None = None,
                           locale: str = "en-US") -> InteractionHandle:
        """A user is typing ``value`` into option ``focused`` (INTERACTION_CREATE type 4)."""
        name, group, subcommand = _split_name(name, group, subcommand)
        channel = self._resolve_channel(guild_id, channel_id, user_id)
        self._ensure_member(guild_id, user_id)
        command, guild_scoped = self._find_command(name, guild_id)
        given = dict(options or {})
        given[focused] = _Focused(value)
        resolved: dict[str, dict[str, Any]] = {}
        built = _OptionBuilder(self, guild_id, user_id, resolved, autocomplete=True)
        data: dict[str, Any] = {
            "id": command["id"],
            "name": name,
            "type": 1,
            "options": built.tree(command, given, group, subcommand),
        }
        if guild_scoped:
            data["guild_id"] = str(guild_id)
        return await self._send_interaction(itx.AUTOCOMPLETE, data, guild_id, channel, user_id, locale)

    def _component_message(self, message: dict[str, Any] | int) -> dict[str, Any]:
        message_id = int(message["id"]) if isinstance(message, dict) else int(message)
        current = self.messages.get(message_id)
        if current is None:
            raise LookupError(f"message {message_id} does not exist (deleted?)")
        return current

    def _find_component(self, message: dict[str, Any], custom_id: str, types: tuple[int, ...]) -> dict[str, Any]:
        for component in component_custom_ids(message.get("components") or []):
            if component.get("custom_id") == custom_id and component.get("type") in types:
                if component.get("disabled"):
                    raise PermissionError(f"component {custom_id!r} is disabled")
                return component
        present = [c.get("custom_id") for c in component_custom_ids(message.get("components") or [])]
        raise LookupError(f"message {message['id']} has no component {custom_id!r} (has {present})")

    async def press_button(self, message: dict[str, Any] | int, custom_id: str, user_id: int, *,
                           locale: str = "en-US") -> InteractionHandle:
        """A user clicks a button of a message (type 3, component_type 2)."""
        current = self._component_message(message)
        self._find_component(current, custom_id, (2,))
        data = {"custom_id": custom_id, "component_type": 2}
        return await self._component_interaction(current, data, user_id, locale)

    async def select(self, message: dict[str, Any] | int, custom_id: str, values: list[str], user_id: int, *,
                     locale: str = "en-US") -> InteractionHandle:
        """A user picks ``values`` in a select menu of a message (type 3, component_type 3)."""
        current = self._component_message(message)
        component = self._find_component(current, custom_id, (3, 5, 6, 7, 8))
        if component["type"] == 3:
            allowed = [o["value"] for o in component.get("options") or []]
            unknown_values = [v for v in values if v not in allowed]
            if unknown_values:
                raise ValueError(f"{unknown_values} are not options of {custom_id!r} (options: {allowed})")
        low, high = component.get("min_values", 1), component.get("max_values", 1)
        if not low <= len(values) <= high:
            raise ValueError(f"{custom_id!r} takes {low}..{high} values, got {len(values)}")
        data = {"custom_id": custom_id, "component_type": component["type"], "values": list(values)}
        return await self._component_interaction(current, data, user_id, locale)

    async def _component_interaction(self, message: dict[str, Any], data: dict[str, Any], user_id: int,
                                     locale: str) -> InteractionHandle:
        channel = self.channels[int(message["channel_id"])]
        self._ensure_member(channel.guild_id, user_id)
        return await self._send_interaction(itx.MESSAGE_COMPONENT, data, channel.guild_id, channel, user_id,
                                            locale, message=copy.deepcopy(message))

    def _ensure_member(self, guild_id: int | None, user_id: int) -> None:
        if guild_id is None:
            self.add_user(user_id)
        elif user_id not in self.guilds[guild_id].members:
            self.add_member(guild_id, user_id)

    async def _send_interaction(self, interaction_type: int, data: dict[str, Any], guild_id: int | None,
                                channel: Channel, user_id: int, locale: str,
                                message: dict[str, Any] | None = None) -> InteractionHandle:
        await self._flush_events()
        interaction_id = self.snowflake()
        token = "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(64)
        user = self.users[user_id]
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(self.app_id),
            "type": interaction_type,
            "data": data,
            "token": token,
            "version": 1,
            "locale": locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": 10 * 1024 * 1024,
            "channel_id": str(channel.id),
        }
        if guild_id is not None:
            guild = self.guilds[guild_id]
            user_permissions = guild.channel_permissions(user_id, channel)
            member = guild.members[user_id].to_dict(self.users) | {"permissions": str(user_permissions)}
            payload.update(
                guild_id=str(guild_id),
                guild={"id": str(guild_id), "locale": guild.locale, "features": []},
                guild_locale=guild.locale,
                member=member,
                channel=channel.to_dict() | {"permissions": str(user_permissions)},
                app_permissions=str(guild.channel_permissions(self.bot_user_id, channel)),
                authorizing_integration_owners={"0": str(guild_id)},
                context=0,
            )
        else:
            payload.update(
                user=user,
                channel=channel.to_dict(self.users),
                app_permissions=str(self.rest._bot_permissions(channel)),
                authorizing_integration_owners={"0": "0"},
                context=1,
            )
        if message is not None:
            payload["message"] = message
        handle = InteractionHandle(fake=self, id=interaction_id, token=token, type=interaction_type,
                                   payload=payload, channel_id=channel.id, guild_id=guild_id, user_id=user_id)
        self.interactions.add(handle)
        handle.sent_at = time.monotonic()
        reached = await self.gateway.dispatch("INTERACTION_CREATE", payload, guild_id=guild_id)
        if not reached:
            raise RuntimeError("no gateway session owns this interaction's shard: start the client first "
                               "(async with fake.running(client): ...)")
        return handle


def _permission_string(value: Any) -> str | None:
    """Discord stores permission sets as decimal strings (discord.py sends an int)."""
    return None if value is None else str(int(value))


class _Focused(str):
    """The value of the option being typed into (autocomplete)."""


def _split_name(name: str, group: str | None, subcommand: str | None) -> tuple[str, str | None, str | None]:
    parts = name.split()
    if len(parts) == 2:
        return parts[0], group, parts[1]
    if len(parts) == 3:
        return parts[0], parts[1], parts[2]
    return name, group, subcommand


class _OptionBuilder:
    """Turns ``{"query": "hidta"}`` into Discord's typed option list plus ``resolved`` objects."""

    def __init__(self, fake: FakeDiscord, guild_id: int | None, user_id: int,
                 resolved: dict[str, dict[str, Any]], *, autocomplete: bool) -> None:
        self.fake = fake
        self.guild_id = guild_id
        self.user_id = user_id
        self.resolved = resolved
        self.autocomplete = autocomplete

    def tree(self, command: dict[str, Any], given: dict[str, Any], group: str | None, subcommand: str | None,
             *, attachment: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        schema = command.get("options") or []
        if group is not None:
            group_schema = _named(schema, group, (2,), f"/{command['name']}")
            sub_schema = _named(group_schema.get("options") or [], subcommand or "", (1,),
                                f"/{command['name']} {group}")
            leaf = self.leaf(sub_schema.get("options") or [], given, attachment)
            return [{"type": 2, "name": group, "options": [{"type": 1, "name": subcommand, "options": leaf}]}]
        if subcommand is not None:
            sub_schema = _named(schema, subcommand, (1,), f"/{command['name']}")
            return [{"type": 1, "name": subcommand, "options": self.leaf(sub_schema.get("options") or [], given,
                                                                         attachment)}]
        if any(o.get("type") in (1, 2) for o in schema):
            names = [o["name"] for o in schema]
            raise ValueError(f"/{command['name']} has subcommands {names}: name one")
        return self.leaf(schema, given, attachment)

    def leaf(self, schema: list[dict[str, Any]], given: dict[str, Any],
             attachment: dict[str, Any] | None) -> list[dict[str, Any]]:
        given = dict(given)
        if attachment is not None:
            slot = next((o["name"] for o in schema if o.get("type") == 11), None)
            if slot is None:
                raise ValueError("this command takes no attachment")
            given.setdefault(slot, attachment)
        names = {o["name"] for o in schema}
        extra = sorted(set(given) - names)
        if extra:
            raise ValueError(f"unknown options {extra}; the command takes {sorted(names)}")
        built: list[dict[str, Any]] = []
        for option in schema:
            name = option["name"]
            if name not in given:
                if option.get("required") and not self.autocomplete:
                    raise ValueError(f"option {name!r} is required")
                continue
            value = given[name]
            if isinstance(value, _Focused):
                built.append({"type": option["type"], "name": name, "value": str(value), "focused": True})
                continue
            built.append({"type": option["type"], "name": name, "value": self.value(option, value)})
        return built

    def value(self, option: dict[str, Any], value: Any) -> Any:
        kind = option["type"]
        name = option["name"]
        if kind == 3:
            text = str(value)
            if self.autocomplete:
                return text
            low, high = option.get("min_length", 0), option.get("max_length", 6000)
            if not low <= len(text) <= high:
                raise ValueError(f"option {name!r} takes {low}..{high} characters, got {len(text)}")
            _check_choice(option, text)
            return text
        if kind in (4, 10):
            number = int(value) if kind == 4 else float(value)
            low, high = option.get("min_value"), option.get("max_value")
            if (low is not None and number < low) or (high is not None and number > high):
                raise ValueError(f"option {name!r} must be within {low}..{high}")
            _check_choice(option, number)
            return number
        if kind == 5:
            return bool(value)
        if kind == 7:
            return self.channel(option, int(getattr(value, "id", value)))
        if kind in (6, 9):
            return self.user(int(value))
        if kind == 8:
            return self.role(int(value))
        if kind == 11:
            return self.attachment(value)
        raise ValueError(f"option {name!r} has unsupported type {kind}")

    def channel(self, option: dict[str, Any], channel_id: int) -> str:
        channel = self.fake.channels[channel_id]
        allowed = option.get("channel_types")
        if allowed and channel.type not in allowed:
            raise ValueError(f"option {option['name']!r} takes channel types {allowed}, not {channel.type}")
        guild = self.fake.guilds.get(channel.guild_id) if channel.guild_id is not None else None
        permissions = guild.channel_permissions(self.user_id, channel) if guild else 0
        data = channel.to_dict(self.fake.users) | {"permissions": str(permissions)}
        self.resolved.setdefault("channels", {})[str(channel_id)] = data
        return str(channel_id)

    def user(self, user_id: int) -> str:
        user = self.fake.add_user(user_id)
        self.resolved.setdefault("users", {})[str(user_id)] = user
        guild = self.fake.guilds.get(self.guild_id) if self.guild_id is not None else None
        if guild is not None and user_id in guild.members:
            member = guild.members[user_id].to_dict(self.fake.users, with_user=False)
            member["permissions"] = str(guild.base_permissions(user_id))
            self.resolved.setdefault("members", {})[str(user_id)] = member
        return str(user_id)

    def role(self, role_id: int) -> str:
        guild = self.fake.guilds[self.guild_id] if self.guild_id is not None else None
        if guild is None or role_id not in guild.roles:
            raise ValueError(f"role {role_id} is not in this server")
        self.resolved.setdefault("roles", {})[str(role_id)] = guild.roles[role_id].to_dict()
        return str(role_id)

    def attachment(self, value: Any) -> str:
        attachment = value if isinstance(value, dict) else self.fake.files[int(value)].attachment
        self.resolved.setdefault("attachments", {})[str(attachment["id"])] = copy.deepcopy(attachment)
        return str(attachment["id"])


def _named(options: list[dict[str, Any]], name: str, types: tuple[int, ...], where: str) -> dict[str, Any]:
    for option in options:
        if option.get("name") == name and option.get("type") in types:
            return option
    raise ValueError(f"{where} has no subcommand {name!r} (has {[o.get('name') for o in options]})")


def _check_choice(option: dict[str, Any], value: Any) -> None:
    choices = option.get("choices")
    if choices and value not in [c["value"] for c in choices]:
        raise ValueError(f"option {option['name']!r} only accepts its choices "
                         f"{[c['value'] for c in choices][:COMMAND_CHOICES_MAX]}")
