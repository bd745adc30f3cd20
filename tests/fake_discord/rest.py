"""The REST API under ``/api/v10``: login, application info, command sync, interaction callbacks,
webhook follow-ups and edits, channel messages, guild and channel reads.

Every request is recorded (``FakeDiscord.requests``). Bodies are checked against Discord's
limits (``validation``); permission checks use the guild's roles and channel overwrites.
Responses carry ``Content-Type: application/json`` exactly, which is what discord.py tests for
before parsing a body.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import interactions as itx
from .state import (
    ATTACH_FILES,
    DM,
    EMBED_LINKS,
    FLAG_EPHEMERAL,
    FLAG_LOADING,
    FLAG_SUPPRESS_EMBEDS,
    GUILD_FORUM,
    PUBLIC_THREAD,
    READ_MESSAGE_HISTORY,
    SEND_MESSAGES,
    VIEW_CHANNEL,
    Channel,
    StoredFile,
    UploadedFile,
    guess_content_type,
    iso,
    number_components,
)
from .validation import FormError, check_choices, check_message, invalid_form_body

if TYPE_CHECKING:
    from .server import FakeDiscord

EDITABLE_MESSAGE_FLAGS = FLAG_SUPPRESS_EMBEDS
CREATABLE_MESSAGE_FLAGS = FLAG_SUPPRESS_EMBEDS | (1 << 12) | (1 << 15)  # suppress notifications, v2
NONCE_MAX = 25
HOLD_MAX_SECONDS = 30.0  # a held answer is dropped after this even if the test never releases it
HOLD_POLL_SECONDS = 0.02  # how often a request held before taking effect checks its client is there


class ApiError(Exception):
    """An API error answer: status plus Discord's JSON error body."""

    def __init__(self, status: int, message: str, code: int = 0) -> None:
        super().__init__(message)
        self.status = status
        self.body = {"message": message, "code": code}


def unknown(what: str, code: int) -> ApiError:
    return ApiError(404, f"Unknown {what}", code)


@dataclass(slots=True)
class RecordedRequest:
    """One REST request as the fake received it."""

    method: str
    path: str  # without the /api/v10 prefix, e.g. "/channels/123/messages"
    route: str  # the matched template, e.g. "POST /channels/{channel_id}/messages" ("" if none)
    query: dict[str, str]
    json: Any  # the JSON body, or the parsed payload_json of a multipart body
    files: list[UploadedFile]
    status: int = 0
    authorized: bool = False
    dropped: bool = False  # the response was deliberately never delivered
    at: float = field(default_factory=time.monotonic)


@dataclass(slots=True)
class FailurePlan:
    """Answer the next ``count`` matching requests with an error (or drop their responses)."""

    method: str
    path: re.Pattern[str]
    status: int
    count: int
    retry_after: float | None = None
    body: dict[str, Any] | None = None
    drop_after_handling: bool = False  # store the effect, then close the connection unanswered
    # with drop_after_handling: keep the request open until this is set (the client may stop meanwhile)
    hold: asyncio.Event | None = None
    hold_before: bool = False  # wait for ``hold`` before the request takes effect
    held: bool = False  # a request is waiting for ``hold`` now
    abandoned: bool = False  # its client went away while it waited: it never took effect

    def matches(self, method: str, path: str) -> bool:
        return self.count > 0 and method == self.method and bool(self.path.fullmatch(path))


@dataclass(slots=True)
class RateLimit:
    """Discord's per-route buckets, for the requests it covers: at most ``limit`` per ``per``
    seconds per path (one channel's messages, say). Each answer carries the X-RateLimit headers
    a client paces itself by; a request the bucket has no room for gets a 429 and is noted in
    ``FakeDiscord.rate_limit_exceeded``, which a polite client never causes."""

    method: str
    path: re.Pattern[str]
    limit: int
    per: float
    windows: dict[str, tuple[float, int]] = field(default_factory=dict)  # path → (window start, used)

    def matches(self, method: str, path: str) -> bool:
        return method == self.method and bool(self.path.fullmatch(path))

    def take(self, path: str, now: float) -> tuple[bool, dict[str, str]]:
        """Whether the request fits, and the headers to answer with."""
        start, used = self.windows.get(path, (now, 0))
        if now >= start + self.per:
            start, used = now, 0
        allowed = used < self.limit
        if allowed:
            used += 1
        self.windows[path] = (start, used)
        reset_after = max(start + self.per - now, 0.0)
        headers = {"X-RateLimit-Limit": str(self.limit), "X-RateLimit-Remaining": str(self.limit - used),
                   "X-RateLimit-Reset-After": f"{reset_after:.3f}",
                   "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
                   "X-RateLimit-Bucket": f"fake-{self.method}-{self.path.pattern}"[:64]}
        if not allowed:
            headers |= {"Retry-After": f"{reset_after:.3f}", "X-RateLimit-Scope": "user"}
        return allowed, headers


DEFAULT_ERROR_BODIES: dict[int, dict[str, Any]] = {
    400: {"message": "400: Bad Request", "code": 0},
    401: {"message": "401: Unauthorized", "code": 0},
    403: {"message": "Missing Permissions", "code": 50013},
    404: {"message": "Unknown Channel", "code": 10003},
    500: {"message": "500: Internal Server Error", "code": 0},
    502: {"message": "502: Bad Gateway", "code": 0},
    503: {"message": "503: Service Unavailable", "code": 0},
}


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """discord.py parses a body only when Content-Type is exactly ``application/json``."""
    all_headers = {"Content-Type": "application/json"}
    all_headers.update(headers or {})
    return web.Response(status=status, body=json.dumps(body).encode(), headers=all_headers)


@dataclass(slots=True)
class Body:
    json: Any
    files: list[UploadedFile]


Handler = Callable[..., Awaitable[Any]]


@dataclass(slots=True)
class Route:
    method: str
    template: str
    pattern: re.Pattern[str]
    handler: Handler
    public: bool  # needs no bot token (interaction callbacks and webhook-token routes)


class RestApi:
    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.routes: list[Route] = []
        r = self._route
        r("GET", "/users/@me", self.get_me)
        r("GET", "/users/{user_id}", self.get_user)
        r("POST", "/users/@me/channels", self.create_dm)
        r("GET", "/oauth2/applications/@me", self.get_application)
        r("GET", "/applications/@me", self.get_application)
        r("GET", "/gateway", self.get_gateway, public=True)
        r("GET", "/gateway/bot", self.get_gateway_bot)
        r("GET", "/applications/{app_id}/commands", self.list_commands)
        r("PUT", "/applications/{app_id}/commands", self.put_commands)
        r("POST", "/applications/{app_id}/commands", self.upsert_command)
        r("GET", "/applications/{app_id}/commands/{command_id}", self.get_command)
        r("DELETE", "/applications/{app_id}/commands/{command_id}", self.delete_command)
        r("GET", "/applications/{app_id}/guilds/{guild_id}/commands", self.list_commands)
        r("PUT", "/applications/{app_id}/guilds/{guild_id}/commands", self.put_commands)
        r("POST", "/applications/{app_id}/guilds/{guild_id}/commands", self.upsert_command)
        r("GET", "/applications/{app_id}/guilds/{guild_id}/commands/{command_id}", self.get_command)
        r("DELETE", "/applications/{app_id}/guilds/{guild_id}/commands/{command_id}", self.delete_command)
        r("POST", "/interactions/{interaction_id}/{token}/callback", self.interaction_callback, public=True)
        r("POST", "/webhooks/{app_id}/{token}", self.followup, public=True)
        r("GET", "/webhooks/{app_id}/{token}/messages/{message_id}", self.get_webhook_message, public=True)
        r("PATCH", "/webhooks/{app_id}/{token}/messages/{message_id}", self.edit_webhook_message, public=True)
        r("DELETE", "/webhooks/{app_id}/{token}/messages/{message_id}", self.delete_webhook_message,
          public=True)
        r("GET", "/channels/{channel_id}", self.get_channel)
        r("GET", "/channels/{channel_id}/messages", self.list_messages)
        r("POST", "/channels/{channel_id}/messages", self.create_message)
        r("POST", "/channels/{channel_id}/threads", self.create_forum_post)
        r("GET", "/channels/{channel_id}/messages/{message_id}", self.get_message)
        r("PATCH", "/channels/{channel_id}/messages/{message_id}", self.edit_message)
        r("DELETE", "/channels/{channel_id}/messages/{message_id}", self.delete_message)
        r("POST", "/channels/{channel_id}/typing", self.typing)
        r("GET", "/guilds/{guild_id}", self.get_guild)
        r("GET", "/guilds/{guild_id}/channels", self.get_guild_channels)
        r("GET", "/guilds/{guild_id}/roles", self.get_guild_roles)
        r("GET", "/guilds/{guild_id}/threads/active", self.active_threads)
        r("GET", "/channels/{channel_id}/threads/archived/public", self.archived_public_threads)
        r("GET", "/guilds/{guild_id}/members/{user_id}", self.get_member)
        r("DELETE", "/users/@me/guilds/{guild_id}", self.leave_guild)

    def _route(self, method: str, template: str, handler: Handler, *, public: bool = False) -> None:
        regex = re.sub(r"\{(\w+)\}", lambda m: f"(?P<{m.group(1)}>[^/]+)", template)
        self.routes.append(Route(method, f"{method} {template}", re.compile(regex), handler, public))

    # ---- plumbing ----------------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.StreamResponse:
        fake = self.fake
        path = "/" + request.match_info["tail"]
        method = request.method
        body = await self._read_body(request)
        record = RecordedRequest(method=method, path=path, route="", query=dict(request.query),
                                 json=body.json, files=body.files)
        fake.requests.append(record)
        record.authorized = request.headers.get("Authorization") == f"Bot {fake.token}"
        try:
            route, params = self._match(method, path)
            record.route = route.template
            if not route.public and not record.authorized:
                raise ApiError(401, "401: Unauthorized", 0)
            plan = self._take_plan(method, path)
            if plan is not None and plan.hold_before:
                if not await self._wait_held(request, plan):
                    record.dropped = True
                    raise web.HTTPInternalServerError()  # nobody is listening any more
                plan = None
            if plan is not None and not plan.drop_after_handling:
                return self._planned_failure(record, plan)
            limited = next((limit for limit in fake.rate_limits if limit.matches(method, path)), None)
            limit_headers: dict[str, str] = {}
            if limited is not None:
                allowed, limit_headers = limited.take(path, time.monotonic())
                if not allowed:
                    fake.rate_limit_exceeded.append(f"{method} {path}")
                    record.status = 429
                    return json_response({"message": "You are being rate limited.", "global": False,
                                          "retry_after": float(limit_headers["Retry-After"])}, 429, limit_headers)
            result = await route.handler(request=request, body=body, **params)
            response = result if isinstance(result, web.StreamResponse) else json_response(result)
            if limit_headers:
                response.headers.update(limit_headers)
            if plan is not None:  # the effect happened; the answer gets lost on the way back
                record.status = response.status
                record.dropped = True
                if plan.hold is not None:
                    fake._changed()  # the effect is visible while the answer is held
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(plan.hold.wait(), HOLD_MAX_SECONDS)
                if request.transport is not None:
                    request.transport.abort()
                raise web.HTTPInternalServerError()  # never delivered: the socket is gone
        except ApiError as exc:
            response = json_response(exc.body, exc.status)
        except FormError as exc:
            fake.problems.append(f"{method} {path}: {exc.status} {json.dumps(exc.body)}")
            response = json_response(exc.body, exc.status)
        except web.HTTPException:
            raise
        except Exception as exc:  # a bug in the fake: fail the request fast (a 5xx would be retried)
            fake.internal_errors.append(f"{method} {path}:\n{traceback.format_exc()}")
            response = json_response({"message": f"fake Discord internal error: {exc!r}", "code": 0}, 400)
        finally:
            await fake._flush_events()
            fake._changed()
        record.status = response.status
        return response

    def _match(self, method: str, path: str) -> tuple[Route, dict[str, str]]:
        allowed = False
        for route in self.routes:
            found = route.pattern.fullmatch(path)
            if found is None:
                continue
            if route.method == method:
                return route, found.groupdict()
            allowed = True
        if not allowed:
            self.fake.problems.append(f"{method} {path}: no such route in the fake")
            raise ApiError(404, "404: Not Found", 0)
        raise ApiError(405, "405: Method Not Allowed", 0)

    async def _wait_held(self, request: web.Request, plan: FailurePlan) -> bool:
        """Keep a request waiting before it takes effect until ``plan.hold`` is set (True) or its
        client is gone (False: a killed client's request that never got through)."""
        assert plan.hold is not None
        plan.held = True
        self.fake._changed()
        deadline = time.monotonic() + HOLD_MAX_SECONDS
        try:
            while not plan.hold.is_set():
                if request.transport is None or request.transport.is_closing() or time.monotonic() > deadline:
                    plan.abandoned = True
                    return False
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(plan.hold.wait(), HOLD_POLL_SECONDS)
            return True
        finally:
            plan.held = False
            self.fake._changed()

    def _take_plan(self, method: str, path: str) -> FailurePlan | None:
        for plan in self.fake.failure_plans:
            if plan.matches(method, path):
                plan.count -= 1
                return plan
        return None

    def _planned_failure(self, record: RecordedRequest, plan: FailurePlan) -> web.Response:
        body = dict(plan.body or DEFAULT_ERROR_BODIES.get(plan.status, {"message": "Error", "code": 0}))
        headers: dict[str, str] = {}
        if plan.status == 429:
            retry_after = plan.retry_after if plan.retry_after is not None else 1.0
            body = plan.body or {"message": "You are being rate limited.", "retry_after": retry_after,
                                 "global": False}
            # discord.py retries a 429 only when it came through Discord's proxy (a Via header).
            headers = {"Retry-After": str(retry_after), "Via": "1.1 google", "X-RateLimit-Scope": "user"}
        record.status = plan.status
        return json_response(body, plan.status, headers)

    async def _read_body(self, request: web.Request) -> Body:
        if not request.can_read_body:
            return Body(None, [])
        if request.content_type == "multipart/form-data":
            payload: Any = None
            files: list[UploadedFile] = []
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                data = await part.read()  # type: ignore[union-attr]
                name = part.name or ""  # type: ignore[union-attr]
                if name == "payload_json":
                    payload = json.loads(data)
                elif part.filename:  # type: ignore[union-attr]
                    files.append(UploadedFile(name, part.filename, part.headers.get("Content-Type", ""),  # type: ignore[union-attr]
                                              bytes(data)))
            return Body(payload, files)
        raw = await request.read()
        if not raw:
            return Body(None, [])
        try:
            return Body(json.loads(raw), [])
        except ValueError:
            return Body(raw.decode(errors="replace"), [])

    # ---- lookups -----------------------------------------------------------------------------

    def _channel(self, channel_id: str) -> Channel:
        channel = self.fake.channels.get(int(channel_id)) if channel_id.isdigit() else None
        if channel is None:
            raise unknown("Channel", 10003)
        return channel

    def _bot_permissions(self, channel: Channel) -> int:
        if channel.guild_id is None:
            return VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | ATTACH_FILES | READ_MESSAGE_HISTORY
        guild = self.fake.guilds[channel.guild_id]
        return guild.channel_permissions(self.fake.bot_user_id, channel)

    def _require(self, channel: Channel, *needed: int) -> None:
        permissions = self._bot_permissions(channel)
        if not permissions & VIEW_CHANNEL:
            raise ApiError(403, "Missing Access", 50001)
        for bit in needed:
            if not permissions & bit:
                raise ApiError(403, "Missing Permissions", 50013)

    def _handle_for_token(self, app_id: str, token: str) -> itx.InteractionHandle:
        handle = self.fake.interactions.by_token.get(token)
        if handle is None or app_id != str(self.fake.app_id):
            raise unknown("Webhook", 10015)
        if not self.fake.interactions.token_valid(handle):
            raise ApiError(401, "Invalid Webhook Token", 50027)
        if handle.response is None:
            raise unknown("Webhook", 10015)  # nothing to follow up on before the initial response
        return handle

    # ---- users, application, gateway ---------------------------------------------------------

    async def get_me(self, **_: Any) -> Any:
        return self.fake.bot_user | {"verified": True, "mfa_enabled": False, "locale": "en-US", "email": None}

    async def get_user(self, user_id: str, **_: Any) -> Any:
        user = self.fake.users.get(int(user_id)) if user_id.isdigit() else None
        if user is None:
            raise unknown("User", 10013)
        return user

    async def create_dm(self, body: Body, **_: Any) -> Any:
        recipient = int((body.json or {}).get("recipient_id") or 0)
        if recipient not in self.fake.users:
            raise unknown("User", 10013)
        return self.fake.dm_channel(recipient).to_dict(self.fake.users)

    async def get_application(self, **_: Any) -> Any:
        fake = self.fake
        return {
            "id": str(fake.app_id),
            "name": fake.bot_name,
            "icon": None,
            "description": "",
            "summary": "",
            "type": None,
            "hook": True,
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "owner": fake.users[fake.owner_user_id],
            "team": None,
            "flags": fake.application_flags,
            "tags": [],
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "role_connections_verification_url": None,
            "approximate_guild_count": len(fake.guilds),
            "bot": fake.bot_user,
            "integration_types_config": {"0": {}},
        }

    async def get_gateway(self, **_: Any) -> Any:
        return {"url": self.fake.gateway_url}

    async def get_gateway_bot(self, **_: Any) -> Any:
        return {
            "url": self.fake.gateway_url,
            "shards": self.fake.recommended_shards,
            "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 14400000,
                                    "max_concurrency": 1},
        }

    # ---- application commands ----------------------------------------------------------------

    def _command_scope(self, app_id: str, guild_id: str | None) -> int | None:
        if app_id != str(self.fake.app_id):
            raise ApiError(403, "Missing Access", 50001)
        if guild_id is None:
            return None
        if not guild_id.isdigit() or int(guild_id) not in self.fake.guilds:
            raise ApiError(403, "Missing Access", 50001)  # what Discord says for a guild the bot is not in
        return int(guild_id)

    async def list_commands(self, app_id: str, guild_id: str | None = None, **_: Any) -> Any:
        scope = self._command_scope(app_id, guild_id)
        return list(self.fake.commands.get(scope, {}).values())

    async def put_commands(self, app_id: str, body: Body, guild_id: str | None = None, **_: Any) -> Any:
        scope = self._command_scope(app_id, guild_id)
        if not isinstance(body.json, list):
            raise invalid_form_body({"_root": "Must be an array"})
        return self.fake._store_commands(body.json, scope, replace=True)

    async def upsert_command(self, app_id: str, body: Body, guild_id: str | None = None, **_: Any) -> Any:
        scope = self._command_scope(app_id, guild_id)
        if not isinstance(body.json, dict):
            raise invalid_form_body({"_root": "Must be an object"})
        return self.fake._store_commands([body.json], scope, replace=False)[0]

    async def get_command(self, app_id: str, command_id: str, guild_id: str | None = None, **_: Any) -> Any:
        scope = self._command_scope(app_id, guild_id)
        for command in self.fake.commands.get(scope, {}).values():
            if command["id"] == command_id:
                return command
        raise unknown("application command", 10063)

    async def delete_command(self, app_id: str, command_id: str, guild_id: str | None = None,
                             **_: Any) -> Any:
        scope = self._command_scope(app_id, guild_id)
        commands = self.fake.commands.get(scope, {})
        for key, command in list(commands.items()):
            if command["id"] == command_id:
                del commands[key]
                return web.Response(status=204)
        raise unknown("application command", 10063)

    # ---- interactions ------------------------------------------------------------------------

    async def interaction_callback(self, request: web.Request, body: Body, interaction_id: str, token: str,
                                   **_: Any) -> Any:
        fake = self.fake
        handle = fake.interactions.by_id.get(int(interaction_id)) if interaction_id.isdigit() else None
        if handle is None or handle.token != token:
            raise unknown("interaction", 10062)
        payload = body.json if isinstance(body.json, dict) else {}
        callback_type: int | None = payload.get("type")
        data = payload.get("data")
        record = itx.CallbackRecord(type=callback_type, data=data, body=payload, files=body.files,
                                    received_after_seconds=time.monotonic() - handle.sent_at, status=0)
        handle.callbacks.append(record)
        try:
            if fake.interactions.too_late(handle):
                fake.problems.append(f"interaction {handle.id} answered after "
                                     f"{record.received_after_seconds:.2f}s (limit {fake.interactions.deadline}s)")
                raise unknown("interaction", 10062)
            if any(c.status < 300 for c in handle.callbacks[:-1]):
                raise ApiError(400, "Interaction has already been acknowledged.", 40060)
            message = self._apply_callback(handle, callback_type, data, body.files)
        except (ApiError, FormError) as exc:
            record.status = exc.status
            raise
        record.status = 200
        if request.query.get("with_response") in ("1", "true", "True"):
            return handle.callback_payload(message=message, callback_type=int(callback_type or 0))
        return web.Response(status=204)

    def _apply_callback(self, handle: itx.InteractionHandle, callback_type: Any, data: Any,
                        files: list[UploadedFile]) -> dict[str, Any] | None:
        fake = self.fake
        if callback_type not in itx.ALLOWED_CALLBACKS.get(handle.type, frozenset()):
            raise invalid_form_body({"type": f"Callback type {callback_type!r} is not valid for "
                                             f"interaction type {handle.type}"})
        if data is not None and not isinstance(data, dict):
            raise invalid_form_body({"data": "Must be an object"})
        data = data or {}
        channel = fake.channels[handle.channel_id]
        if callback_type == itx.CHANNEL_MESSAGE:
            check_message(data, files=len(files))
            flags = int(data.get("flags") or 0) & (CREATABLE_MESSAGE_FLAGS | FLAG_EPHEMERAL)
            message = fake._create_message(channel, data, files, author=fake.bot_user, flags=flags,
                                           interaction=handle)
            handle.original_id = int(message["id"])
            handle.settled = True
            return message
        if callback_type == itx.DEFERRED_CHANNEL_MESSAGE:
            flags = FLAG_LOADING | (int(data.get("flags") or 0) & FLAG_EPHEMERAL)
            message = fake._create_message(channel, {"content": ""}, [], author=fake.bot_user, flags=flags,
                                           interaction=handle)
            handle.original_id = int(message["id"])
            return message
        if callback_type in (itx.DEFERRED_UPDATE_MESSAGE, itx.UPDATE_MESSAGE):
            target_id = int((handle.payload.get("message") or {}).get("id") or 0)
            target = fake.messages.get(target_id)
            if target is None:
                raise unknown("Message", 10008)
            handle.original_id = target_id
            if callback_type == itx.UPDATE_MESSAGE:
                check_message(data, files=len(files), edit=True, existing=target)
                fake._edit_message(target, data, files)
                handle.settled = True
            return target
        if callback_type == itx.AUTOCOMPLETE_RESULT:
            check_choices(data)
            return None
        if callback_type == itx.MODAL:
            missing = {key: "This field is required" for key in ("custom_id", "title", "components")
                       if not data.get(key)}
            if missing:
                raise invalid_form_body({f"data.{key}": text for key, text in missing.items()})
            return None
        raise invalid_form_body({"type": f"Unsupported callback type {callback_type!r}"})

    async def followup(self, request: web.Request, body: Body, app_id: str, token: str, **_: Any) -> Any:
        fake = self.fake
        handle = self._handle_for_token(app_id, token)
        payload = body.json if isinstance(body.json, dict) else {}
        check_message(payload, files=len(body.files))
        original = self._stored_original(handle)
        loading = original is not None and int(original.get("flags") or 0) & FLAG_LOADING
        if handle.response is not None and handle.response.type == itx.DEFERRED_CHANNEL_MESSAGE and loading:
            # Discord turns the "thinking…" message into the first follow-up.
            assert original is not None
            fake._edit_message(original, payload, body.files, fill_loading=True)
            message = original
        else:
            channel = fake.channels[handle.channel_id]
            flags = int(payload.get("flags") or 0) & (CREATABLE_MESSAGE_FLAGS | FLAG_EPHEMERAL)
            message = fake._create_message(channel, payload, body.files, author=fake.bot_user, flags=flags,
                                           interaction=handle, followup=True)
            handle.followup_ids.append(int(message["id"]))
        handle.settled = True
        if request.query.get("wait") in ("1", "true", "True"):
            return message
        return web.Response(status=204)

    def _stored_original(self, handle: itx.InteractionHandle) -> dict[str, Any] | None:
        """The stored @original message itself (``handle.original`` is a copy for tests)."""
        if handle.original_id is None or handle.original_deleted:
            return None
        return self.fake.messages.get(handle.original_id)

    def _webhook_message(self, handle: itx.InteractionHandle, message_id: str) -> dict[str, Any]:
        if message_id == "@original":
            message = self._stored_original(handle)
        elif message_id.isdigit() and (int(message_id) in handle.followup_ids
                                       or int(message_id) == handle.original_id):
            message = self.fake.messages.get(int(message_id))
        else:
            message = None
        if message is None:
            raise unknown("Message", 10008)
        return message

    async def get_webhook_message(self, app_id: str, token: str, message_id: str, **_: Any) -> Any:
        return self._webhook_message(self._handle_for_token(app_id, token), message_id)

    async def edit_webhook_message(self, body: Body, app_id: str, token: str, message_id: str,
                                   **_: Any) -> Any:
        handle = self._handle_for_token(app_id, token)
        message = self._webhook_message(handle, message_id)
        payload = body.json if isinstance(body.json, dict) else {}
        check_message(payload, files=len(body.files), edit=True, existing=message)
        loading = bool(int(message.get("flags") or 0) & FLAG_LOADING)
        self.fake._edit_message(message, payload, body.files, fill_loading=loading)
        if message_id == "@original" or int(message["id"]) == handle.original_id:
            handle.original_edits.append(payload)
            handle.settled = True
        return message

    async def delete_webhook_message(self, app_id: str, token: str, message_id: str, **_: Any) -> Any:
        handle = self._handle_for_token(app_id, token)
        message = self._webhook_message(handle, message_id)
        if int(message["id"]) == handle.original_id:
            handle.original_deleted = True
        await self.fake._delete_message(message)
        return web.Response(status=204)

    # ---- channels and messages ---------------------------------------------------------------

    async def get_channel(self, channel_id: str, **_: Any) -> Any:
        channel = self._channel(channel_id)
        self._require(channel)
        return channel.to_dict(self.fake.users)

    async def list_messages(self, request: web.Request, channel_id: str, **_: Any) -> Any:
        channel = self._channel(channel_id)
        self._require(channel, READ_MESSAGE_HISTORY)
        try:
            limit = int(request.query.get("limit", "50"))
        except ValueError:
            raise invalid_form_body({"limit": "Value is not int."}) from None
        if not 1 <= limit <= 100:
            raise invalid_form_body({"limit": "int value should be between 1 and 100."})
        visible = [m for m in channel.messages if not int(m.get("flags") or 0) & FLAG_EPHEMERAL]
        before = request.query.get("before")
        after = request.query.get("after")
        if before:
            visible = [m for m in visible if int(m["id"]) < int(before)]
        if after:
            visible = [m for m in visible if int(m["id"]) > int(after)]
            return list(reversed(visible[:limit]))
        return list(reversed(visible[-limit:]))

    async def create_message(self, body: Body, channel_id: str, **_: Any) -> Any:
        fake = self.fake
        channel = self._channel(channel_id)
        self._require(channel, SEND_MESSAGES)
        if channel.type == DM and channel.recipient_id in fake.closed_dms:
            raise ApiError(403, "Cannot send messages to this user", 50007)
        if body.files:
            self._require(channel, ATTACH_FILES)
        payload = body.json if isinstance(body.json, dict) else {}
        check_message(payload, files=len(body.files))
        nonce = payload.get("nonce")
        if nonce is not None:
            if len(str(nonce)) > NONCE_MAX:
                raise invalid_form_body({"nonce": f"Must be {NONCE_MAX} or fewer in length."})
            if payload.get("enforce_nonce"):
                earlier = fake._message_with_nonce(channel, fake.bot_user_id, str(nonce))
                if earlier is not None:  # Discord answers with the first message, creates nothing
                    return earlier
        if payload.get("embeds") and not self._bot_permissions(channel) & EMBED_LINKS:
            payload = payload | {"embeds": []}  # Discord silently drops embeds without Embed Links
        flags = int(payload.get("flags") or 0) & CREATABLE_MESSAGE_FLAGS
        return fake._create_message(channel, payload, body.files, author=fake.bot_user, flags=flags)

    async def active_threads(self, guild_id: str, **_: Any) -> Any:
        """Every active (not archived) thread of the server, as Discord lists them."""
        guild = self.fake.guilds.get(int(guild_id)) if guild_id.isdigit() else None
        if guild is None:
            raise unknown("Guild", 10004)
        threads = [c for c in guild.channels.values() if c.type == PUBLIC_THREAD and not c.archived]
        return {"threads": [t.to_dict(self.fake.users) for t in threads], "members": []}

    async def archived_public_threads(self, request: web.Request, channel_id: str, **_: Any) -> Any:
        """A channel's archived public threads, most recently archived first (here: newest first)."""
        channel = self._channel(channel_id)
        self._require(channel, READ_MESSAGE_HISTORY)
        try:
            limit = int(request.query.get("limit", "50"))
        except ValueError:
            raise invalid_form_body({"limit": "Value is not int."}) from None
        threads = sorted((c for c in self.fake.channels.values()
                          if c.type == PUBLIC_THREAD and c.parent_id == channel.id and c.archived),
                         key=lambda c: c.id, reverse=True)
        return {"threads": [t.to_dict(self.fake.users) for t in threads[:limit]], "members": [],
                "has_more": len(threads) > limit}

    async def create_forum_post(self, body: Body, channel_id: str, **_: Any) -> Any:
        """A new post in a forum channel: a thread whose first message has the thread's id."""
        fake = self.fake
        forum = self._channel(channel_id)
        if forum.type != GUILD_FORUM:
            raise ApiError(400, "Cannot execute action on this channel type", 50024)
        self._require(forum, SEND_MESSAGES)
        payload = body.json if isinstance(body.json, dict) else {}
        name = str(payload.get("name") or "")
        if not 1 <= len(name) <= 100:
            raise invalid_form_body({"name": "Must be between 1 and 100 in length."})
        message_payload = payload.get("message") or {}
        check_message(message_payload, files=len(body.files))
        thread = Channel(id=fake.snowflake(), guild_id=forum.guild_id, name=name, type=PUBLIC_THREAD,
                         parent_id=forum.id, owner_id=fake.bot_user_id)
        assert forum.guild_id is not None
        fake.guilds[forum.guild_id].channels[thread.id] = thread
        fake.channels[thread.id] = thread
        message = fake._create_message(thread, message_payload, body.files, author=fake.bot_user, flags=0,
                                       message_id=thread.id)
        return thread.to_dict(fake.users) | {"message": message, "owner_id": str(fake.bot_user_id),
                                             "thread_metadata": {"archived": False, "auto_archive_duration": 1440,
                                                                 "archive_timestamp": message["timestamp"],
                                                                 "locked": False},
                                             "member_count": 1, "message_count": 1}

    def _own_message(self, channel: Channel, message_id: str) -> dict[str, Any]:
        message = self.fake.messages.get(int(message_id)) if message_id.isdigit() else None
        if message is None or message["channel_id"] != str(channel.id):
            raise unknown("Message", 10008)
        if int(message.get("flags") or 0) & FLAG_EPHEMERAL:
            raise unknown("Message", 10008)  # ephemeral messages exist only for the webhook token
        return message

    async def get_message(self, channel_id: str, message_id: str, **_: Any) -> Any:
        channel = self._channel(channel_id)
        self._require(channel, READ_MESSAGE_HISTORY)
        return self._own_message(channel, message_id)

    async def edit_message(self, body: Body, channel_id: str, message_id: str, **_: Any) -> Any:
        channel = self._channel(channel_id)
        self._require(channel)
        message = self._own_message(channel, message_id)
        if message["author"]["id"] != str(self.fake.bot_user_id):
            raise ApiError(403, "Cannot edit a message authored by another user", 50005)
        payload = body.json if isinstance(body.json, dict) else {}
        check_message(payload, files=len(body.files), edit=True, existing=message)
        self.fake._edit_message(message, payload, body.files)
        return message

    async def delete_message(self, channel_id: str, message_id: str, **_: Any) -> Any:
        channel = self._channel(channel_id)
        self._require(channel)
        message = self._own_message(channel, message_id)
        await self.fake._delete_message(message)
        return web.Response(status=204)

    async def typing(self, channel_id: str, **_: Any) -> Any:
        self._require(self._channel(channel_id), SEND_MESSAGES)
        return web.Response(status=204)

    # ---- guilds ------------------------------------------------------------------------------

    def _guild(self, guild_id: str) -> Any:
        guild = self.fake.guilds.get(int(guild_id)) if guild_id.isdigit() else None
        if guild is None:
            raise unknown("Guild", 10004)
        return guild

    async def get_guild(self, request: web.Request, guild_id: str, **_: Any) -> Any:
        guild = self._guild(guild_id)
        data = guild.to_dict(self.fake.users, full=False)
        if request.query.get("with_counts") in ("1", "true"):
            data.update(approximate_member_count=len(guild.members), approximate_presence_count=0)
        return data

    async def get_guild_channels(self, guild_id: str, **_: Any) -> Any:
        return [c.to_dict() for c in self._guild(guild_id).channels.values()]

    async def get_guild_roles(self, guild_id: str, **_: Any) -> Any:
        return [r.to_dict() for r in self._guild(guild_id).roles.values()]

    async def get_member(self, guild_id: str, user_id: str, **_: Any) -> Any:
        guild = self._guild(guild_id)
        member = guild.members.get(int(user_id)) if user_id.isdigit() else None
        if member is None:
            raise unknown("Member", 10007)
        return member.to_dict(self.fake.users)

    async def leave_guild(self, guild_id: str, **_: Any) -> Any:
        await self.fake.remove_guild(self._guild(guild_id).id)
        return web.Response(status=204)


async def serve_attachment(fake: FakeDiscord, request: web.Request) -> web.StreamResponse:
    """``GET /attachments/{id}/{filename}``: the bytes behind an attachment URL."""
    stored: StoredFile | None = None
    attachment_id = request.match_info["attachment_id"]
    if attachment_id.isdigit():
        stored = fake.files.get(int(attachment_id))
    if stored is None or stored.attachment["filename"] != request.match_info["filename"]:
        return web.Response(status=404, text="Not Found")
    content_type = stored.attachment.get("content_type") or "application/octet-stream"
    return web.Response(body=stored.data, headers={"Content-Type": content_type})


def attachment_object(fake: FakeDiscord, upload: UploadedFile | None = None, *, filename: str = "",
                      data: bytes = b"", content_type: str | None = None,
                      description: str | None = None) -> dict[str, Any]:
    """Register bytes and build the attachment object Discord would send for them."""
    if upload is not None:
        filename, data, content_type = upload.filename, upload.data, upload.content_type
    attachment_id = fake.snowflake()
    url = f"{fake.base_url}/attachments/{attachment_id}/{filename}"
    attachment: dict[str, Any] = {
        "id": str(attachment_id),
        "filename": filename,
        "size": len(data),
        "url": url,
        "proxy_url": url,
        "content_type": guess_content_type(filename, content_type if content_type != "application/octet-stream"
                                           else None),
    }
    if description is not None:
        attachment["description"] = description
    fake.files[attachment_id] = StoredFile(attachment, data)
    return attachment


def new_message_object(fake: FakeDiscord, channel: Channel, payload: dict[str, Any],
                       files: list[UploadedFile], *, author: dict[str, Any], flags: int,
                       interaction: itx.InteractionHandle | None, followup: bool,
                       message_id: int | None = None) -> dict[str, Any]:
    attachments = _attachments_for(fake, payload, files, existing=[])
    components = json.loads(json.dumps(payload.get("components") or []))
    number_components(components)
    message: dict[str, Any] = {
        "id": str(message_id or fake.snowflake()),
        "channel_id": str(channel.id),
        "author": author,
        "content": payload.get("content") or "",
        "timestamp": iso(),
        "edited_timestamp": None,
        "tts": bool(payload.get("tts")),
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "mention_channels": [],
        "attachments": attachments,
        "embeds": [_normalise_embed(e) for e in payload.get("embeds") or []],
        "pinned": False,
        "type": 0,
        "flags": flags,
        "components": components,
    }
    if payload.get("nonce") is not None:
        message["nonce"] = str(payload["nonce"])
    if interaction is not None:
        data = interaction.payload.get("data") or {}
        user = fake.users[interaction.user_id]
        message["webhook_id"] = str(fake.app_id)
        message["application_id"] = str(fake.app_id)
        is_command = interaction.type == itx.APPLICATION_COMMAND
        message["type"] = 20 if is_command and not followup else 0  # CHAT_INPUT_COMMAND, DEFAULT
        metadata: dict[str, Any] = {
            "id": str(interaction.id),
            "type": interaction.type,
            "user": user,
            "authorizing_integration_owners": interaction.payload.get("authorizing_integration_owners", {}),
        }
        if is_command:
            metadata.update(name=data.get("name"), command_type=1)
        if followup and interaction.original_id is not None:
            metadata["original_response_message_id"] = str(interaction.original_id)
        if interaction.type == itx.MESSAGE_COMPONENT:
            metadata["interacted_message_id"] = (interaction.payload.get("message") or {}).get("id")
        message["interaction_metadata"] = metadata
        if is_command:
            message["interaction"] = {"id": str(interaction.id), "type": interaction.type,
                                      "name": data.get("name"), "user": user}
    return message


def apply_edit(fake: FakeDiscord, message: dict[str, Any], payload: dict[str, Any],
               files: list[UploadedFile], *, fill_loading: bool) -> None:
    """Change only the fields the body carries, as PATCH does; attachments follow Discord's rule."""
    if "content" in payload:
        message["content"] = payload["content"] or ""
    if "embeds" in payload:
        message["embeds"] = [_normalise_embed(e) for e in payload["embeds"] or []]
    if "components" in payload:
        components = json.loads(json.dumps(payload["components"] or []))
        number_components(components)
        message["components"] = components
    if "attachments" in payload or files:
        message["attachments"] = _attachments_for(fake, payload, files, existing=message["attachments"])
    flags = int(message.get("flags") or 0)
    if "flags" in payload and payload["flags"] is not None:
        flags = (flags & ~EDITABLE_MESSAGE_FLAGS) | (int(payload["flags"]) & EDITABLE_MESSAGE_FLAGS)
    if fill_loading:
        flags &= ~FLAG_LOADING
    else:
        message["edited_timestamp"] = iso()
    message["flags"] = flags


def _attachments_for(fake: FakeDiscord, payload: dict[str, Any], files: list[UploadedFile],
                     existing: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Kept attachments (listed by id in ``attachments``) plus one per uploaded ``files[n]``."""
    listed = payload.get("attachments")
    uploads = {f.field_name: f for f in files}
    result: list[dict[str, Any]] = []
    if listed is None:
        result.extend(existing)
        result.extend(attachment_object(fake, f) for f in files)
        return result
    existing_by_id = {a["id"]: a for a in existing}
    used: set[str] = set()
    for item in listed:
        key = str(item.get("id"))
        if key in existing_by_id:
            result.append(existing_by_id[key])
        elif f"files[{key}]" in uploads:
            used.add(f"files[{key}]")
            result.append(attachment_object(fake, uploads[f"files[{key}]"], description=item.get("description")))
    result.extend(attachment_object(fake, f) for name, f in uploads.items() if name not in used)
    return result


def _normalise_embed(embed: dict[str, Any]) -> dict[str, Any]:
    normalised: dict[str, Any] = json.loads(json.dumps(embed))
    normalised.setdefault("type", "rich")
    return normalised
