"""The websocket gateway: HELLO, heartbeats, IDENTIFY → READY + GUILD_CREATE, RESUME, dispatch.

discord.py connects with ``?v=10&encoding=json&compress=zlib-stream`` (or ``zstd-stream`` when
a zstd module is installed). ``zlib-stream`` is implemented (one shared deflate stream per
connection, every message ends with a Z_SYNC_FLUSH marker); for any other compression the fake
sends plain text frames, which discord.py also accepts.

Sessions outlive connections so a client that lost its socket can RESUME and receive what was
dispatched meanwhile; an unknown session gets INVALID_SESSION (not resumable), after which
discord.py identifies again.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from .server import FakeDiscord

_log = logging.getLogger("fake_discord.gateway")

# Opcodes.
DISPATCH = 0
HEARTBEAT = 1
IDENTIFY = 2
PRESENCE = 3
VOICE_STATE = 4
RESUME = 6
RECONNECT = 7
REQUEST_MEMBERS = 8
INVALID_SESSION = 9
HELLO = 10
HEARTBEAT_ACK = 11

# Close codes.
UNKNOWN_OPCODE = 4001
DECODE_ERROR = 4002
NOT_AUTHENTICATED = 4003
AUTHENTICATION_FAILED = 4004
ALREADY_AUTHENTICATED = 4005
INVALID_SHARD = 4010
INVALID_API_VERSION = 4012

GUILD_MEMBERS_INTENT = 1 << 1
GUILD_MESSAGES_INTENT = 1 << 9
DIRECT_MESSAGES_INTENT = 1 << 12
MESSAGE_EVENTS = frozenset({"MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE"})
MEMBER_EVENTS = frozenset({"GUILD_MEMBER_ADD", "GUILD_MEMBER_UPDATE", "GUILD_MEMBER_REMOVE"})
CLEAN_CLOSE_CODES = (1000, 1001)  # the client ended its session: it cannot be resumed


def shard_for(guild_id: int | None, shard_count: int) -> int:
    """Discord's rule: (guild_id >> 22) % shard_count; DMs go to shard 0."""
    if guild_id is None:
        return 0
    return (guild_id >> 22) % shard_count


@dataclass(eq=False)
class Session:
    """A gateway session: sequence numbers and the events sent, for RESUME."""

    id: str
    shard_id: int
    shard_count: int
    intents: int
    connection: Connection | None = None
    seq: int = 0
    log: list[dict[str, Any]] = field(default_factory=list)  # every dispatch, for replay on RESUME
    ready: bool = False  # READY and every GUILD_CREATE were sent
    identify: dict[str, Any] = field(default_factory=dict)

    def wants(self, event: str, guild_id: int | None) -> bool:
        """Intent filtering, as Discord does it, for the events the fake sends."""
        if event in MESSAGE_EVENTS:
            needed = GUILD_MESSAGES_INTENT if guild_id is not None else DIRECT_MESSAGES_INTENT
            return bool(self.intents & needed)
        if event in MEMBER_EVENTS:
            return bool(self.intents & GUILD_MEMBERS_INTENT)
        return True


class Connection:
    """One websocket. Sends are serialised: the zlib stream must see messages in send order."""

    def __init__(self, ws: web.WebSocketResponse, compress: str | None) -> None:
        self.ws = ws
        self.compress = compress
        self._deflate = zlib.compressobj() if compress == "zlib-stream" else None
        self._lock = asyncio.Lock()
        self.session: Session | None = None
        self.received: list[dict[str, Any]] = []  # every payload the client sent (tokens included)
        self.closed_by_server = False

    @property
    def closed(self) -> bool:
        return self.ws.closed

    async def send(self, payload: dict[str, Any]) -> bool:
        text = json.dumps(payload, separators=(",", ":"))
        async with self._lock:
            if self.ws.closed:
                return False
            try:
                if self._deflate is not None:
                    data = self._deflate.compress(text.encode()) + self._deflate.flush(zlib.Z_SYNC_FLUSH)
                    await self.ws.send_bytes(data)
                else:
                    await self.ws.send_str(text)
            except (ConnectionError, RuntimeError):
                return False
        return True

    async def close(self, code: int, message: str = "") -> None:
        self.closed_by_server = True
        if not self.ws.closed:
            await self.ws.close(code=code, message=message.encode())


class Gateway:
    def __init__(self, fake: FakeDiscord, heartbeat_interval_ms: int) -> None:
        self.fake = fake
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.sessions: dict[str, Session] = {}
        self.connections: list[Connection] = []
        self.identify_payloads: list[dict[str, Any]] = []  # every IDENTIFY "d" received
        self.connect_queries: list[dict[str, str]] = []  # query of every websocket connection

    # ---- connection lifecycle ---------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(max_msg_size=0, timeout=2.0, autoping=True)
        await ws.prepare(request)
        connection = Connection(ws, request.query.get("compress"))
        self.connections.append(connection)
        self.connect_queries.append(dict(request.query))
        try:
            if request.query.get("v", "10") != "10":
                await connection.close(INVALID_API_VERSION, "Invalid API version.")
                return ws
            if request.query.get("encoding", "json") != "json":
                await connection.close(DECODE_ERROR, "Only json encoding is supported by this fake.")
                return ws
            await connection.send({"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms},
                                   "s": None, "t": None})
            async for message in ws:
                if message.type is not WSMsgType.TEXT:
                    if message.type is WSMsgType.BINARY:
                        await connection.close(DECODE_ERROR, "Error while decoding payload.")
                    continue
                try:
                    payload = json.loads(message.data)
                except ValueError:
                    await connection.close(DECODE_ERROR, "Error while decoding payload.")
                    continue
                connection.received.append(payload)
                await self._on_payload(connection, payload)
        finally:
            session = connection.session
            if session is not None and session.connection is connection:
                session.connection = None
                if ws.close_code in CLEAN_CLOSE_CODES and not connection.closed_by_server:
                    self.sessions.pop(session.id, None)
            self.connections.remove(connection)
            self.fake._changed()
        return ws

    async def _on_payload(self, connection: Connection, payload: dict[str, Any]) -> None:
        op = payload.get("op")
        data = payload.get("d")
        if op == HEARTBEAT:
            await connection.send({"op": HEARTBEAT_ACK, "d": None, "s": None, "t": None})
        elif op == IDENTIFY:
            await self._identify(connection, data or {})
        elif op == RESUME:
            await self._resume(connection, data or {})
        elif connection.session is None:
            await connection.close(NOT_AUTHENTICATED, "Not authenticated.")
        elif op == REQUEST_MEMBERS:
            await self._request_members(connection.session, data or {})
        elif op in (PRESENCE, VOICE_STATE):
            pass
        else:
            await connection.close(UNKNOWN_OPCODE, "Unknown opcode.")

    async def _identify(self, connection: Connection, data: dict[str, Any]) -> None:
        self.identify_payloads.append(data)
        if connection.session is not None:
            await connection.close(ALREADY_AUTHENTICATED, "Already authenticated.")
            return
        if data.get("token") != self.fake.token:
            await connection.close(AUTHENTICATION_FAILED, "Authentication failed.")
            return
        shard_id, shard_count = data.get("shard") or [0, 1]
        if not 0 <= shard_id < shard_count:
            await connection.close(INVALID_SHARD, "Invalid shard.")
            return
        session = Session(id=secrets.token_hex(16), shard_id=shard_id, shard_count=shard_count,
                          intents=int(data.get("intents") or 0), identify=data)
        self.sessions[session.id] = session
        session.connection = connection
        connection.session = session
        guilds = [g for g in self.fake.guilds.values() if shard_for(g.id, shard_count) == shard_id]
        ready = {
            "v": 10,
            "user": self.fake.bot_user,
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.fake.gateway_url,
            "shard": [shard_id, shard_count],
            "application": {"id": str(self.fake.app_id), "flags": self.fake.application_flags},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
            "auth": {},
            "_trace": ["fake-discord"],
        }
        await self._dispatch_to(session, "READY", ready)
        for guild in guilds:
            await self._dispatch_to(session, "GUILD_CREATE", guild.to_dict(self.fake.users))
        session.ready = True
        self.fake._changed()

    async def _resume(self, connection: Connection, data: dict[str, Any]) -> None:
        session = self.sessions.get(data.get("session_id") or "")
        if session is None or data.get("token") != self.fake.token:
            await connection.send({"op": INVALID_SESSION, "d": False, "s": None, "t": None})
            return
        if session.connection is not None and session.connection is not connection:
            await session.connection.close(4000, "Session resumed elsewhere.")
        session.connection = connection
        connection.session = session
        last_seen = int(data.get("seq") or 0)
        for payload in session.log:
            if payload["s"] > last_seen:
                await connection.send(payload)
        await self._dispatch_to(session, "RESUMED", {"_trace": ["fake-discord"]})
        self.fake._changed()

    async def _request_members(self, session: Session, data: dict[str, Any]) -> None:
        guild = self.fake.guilds.get(int(data.get("guild_id") or 0))
        if guild is None:
            return
        query = (data.get("query") or "").lower()
        wanted = {int(u) for u in data.get("user_ids") or []}
        members = [
            m for m in guild.members.values()
            if (not wanted or m.user_id in wanted)
            and self.fake.users[m.user_id]["username"].lower().startswith(query)
        ]
        limit = int(data.get("limit") or 0)
        if limit:
            members = members[:limit]
        chunk: dict[str, Any] = {
            "guild_id": str(guild.id),
            "members": [m.to_dict(self.fake.users) for m in members],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [str(u) for u in wanted - {m.user_id for m in members}],
        }
        if data.get("nonce"):
            chunk["nonce"] = data["nonce"]
        await self._dispatch_to(session, "GUILD_MEMBERS_CHUNK", chunk)

    # ---- dispatch -----------------------------------------------------------------------------

    async def _dispatch_to(self, session: Session, event: str, data: Any) -> None:
        session.seq += 1
        payload = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
        session.log.append(payload)
        if session.connection is not None:
            await session.connection.send(payload)

    def live_sessions(self) -> list[Session]:
        return [s for s in self.sessions.values() if s.connection is not None and not s.connection.closed]

    async def dispatch(self, event: str, data: Any, *, guild_id: int | None = None) -> int:
        """Send an event to the session that owns ``guild_id`` (shard 0 for DMs); returns how many got it.

        Sessions that are disconnected keep the event for replay on RESUME.
        """
        count = 0
        newest: dict[int, Session] = {}
        for session in self.sessions.values():
            if shard_for(guild_id, session.shard_count) != session.shard_id:
                continue
            newest[session.shard_id] = session  # later identifies replace earlier ones
        for session in newest.values():
            if session.wants(event, guild_id):
                await self._dispatch_to(session, event, data)
                count += 1
        return count

    async def close_all(self, code: int = 1001) -> None:
        for connection in list(self.connections):
            await connection.close(code, "Going away.")

    async def drop(self, *, shard_id: int | None = None, code: int = 4000, forget_sessions: bool = False) -> None:
        """Close client sockets (as a Discord restart would); the client reconnects and RESUMEs."""
        for session in list(self.sessions.values()):
            if shard_id is not None and session.shard_id != shard_id:
                continue
            if session.connection is not None:
                await session.connection.close(code, "Reconnect.")
            if forget_sessions:
                del self.sessions[session.id]
