"""What the fake Discord knows: users, guilds, channels, roles, members, messages, as JSON objects.

Every object is rendered in the exact shape the Discord API sends it, so the real discord.py
client parses it without falling back on defaults. Permission arithmetic follows Discord's
documented algorithm (base role permissions, then channel overwrites), because command
visibility and "can the bot post here" both depend on it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import mimetypes
import time
from dataclasses import dataclass, field
from typing import Any

DISCORD_EPOCH_MS = 1420070400000

# Permission bits used by the fake (values from the Discord documentation).
ADMINISTRATOR = 1 << 3
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_EXTERNAL_EMOJIS = 1 << 18
USE_APPLICATION_COMMANDS = 1 << 31
SEND_MESSAGES_IN_THREADS = 1 << 38
ALL_PERMISSIONS = (1 << 53) - 1

# What @everyone may do in a freshly created server, roughly: read, write, use commands.
DEFAULT_EVERYONE_PERMISSIONS = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | ADD_REACTIONS
    | USE_EXTERNAL_EMOJIS
    | USE_APPLICATION_COMMANDS
    | SEND_MESSAGES_IN_THREADS
)
# What an invited bot usually gets through its managed role.
DEFAULT_BOT_PERMISSIONS = DEFAULT_EVERYONE_PERMISSIONS | MANAGE_MESSAGES

# Channel types (only the ones a policy bot meets).
GUILD_TEXT = 0
DM = 1
GUILD_VOICE = 2
GUILD_CATEGORY = 4
GUILD_ANNOUNCEMENT = 5
PUBLIC_THREAD = 11
GUILD_FORUM = 15

# Message flags.
FLAG_SUPPRESS_EMBEDS = 1 << 2
FLAG_EPHEMERAL = 1 << 6
FLAG_LOADING = 1 << 7
FLAG_IS_COMPONENTS_V2 = 1 << 15

OVERWRITE_ROLE = 0
OVERWRITE_MEMBER = 1


def iso(moment: dt.datetime | None = None) -> str:
    """Discord's timestamp format (ISO 8601 with microseconds and +00:00)."""
    return (moment or dt.datetime.now(dt.UTC)).isoformat()


class SnowflakeFactory:
    """Unique, increasing snowflakes whose timestamps are now, like the ones Discord issues."""

    def __init__(self) -> None:
        self._last = 0
        self._counter = itertools.count()

    def __call__(self) -> int:
        now_ms = int(time.time() * 1000)
        candidate = ((now_ms - DISCORD_EPOCH_MS) << 22) | (next(self._counter) & 0xFFF)
        self._last = max(candidate, self._last + 1)
        return self._last


def guess_content_type(filename: str, declared: str | None) -> str:
    """Discord derives the type from the file name; discord.py always declares octet-stream."""
    guessed, _ = mimetypes.guess_type(filename)
    if filename.lower().endswith(".md"):
        guessed = "text/markdown"
    if guessed:
        return guessed + ("; charset=utf-8" if guessed.startswith("text/") else "")
    return declared or "application/octet-stream"


def user_object(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name,
        "discriminator": "0",
        "global_name": None if bot else name,
        "avatar": None,
        "avatar_decoration_data": None,
        "banner": None,
        "accent_color": None,
        "collectibles": None,
        "primary_guild": None,
        "public_flags": 0,
        "flags": 0,
        "bot": bot,
    }


@dataclass(slots=True)
class Overwrite:
    target_id: int
    type: int  # OVERWRITE_ROLE or OVERWRITE_MEMBER
    allow: int = 0
    deny: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"id": str(self.target_id), "type": self.type, "allow": str(self.allow), "deny": str(self.deny)}


@dataclass(slots=True)
class Channel:
    id: int
    guild_id: int | None
    name: str
    type: int = GUILD_TEXT
    position: int = 0
    topic: str | None = None
    parent_id: int | None = None
    overwrites: list[Overwrite] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)  # oldest first
    recipient_id: int | None = None  # DM channels only
    owner_id: int | None = None  # threads only: who started it
    archived: bool = False  # threads only: archived threads leave the client's cache and GUILD_CREATE

    def to_dict(self, users: dict[int, dict[str, Any]] | None = None) -> dict[str, Any]:
        last_id = self.messages[-1]["id"] if self.messages else None
        if self.type == DM:
            recipients = [users[self.recipient_id]] if users and self.recipient_id in users else []
            return {"id": str(self.id), "type": DM, "last_message_id": last_id, "flags": 0,
                    "recipients": recipients}
        data: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "guild_id": str(self.guild_id),
            "name": self.name,
            "position": self.position,
            "permission_overwrites": [o.to_dict() for o in self.overwrites],
            "parent_id": str(self.parent_id) if self.parent_id else None,
            "flags": 0,
        }
        if self.type in (GUILD_TEXT, GUILD_ANNOUNCEMENT):
            data.update(topic=self.topic, nsfw=False, rate_limit_per_user=0, last_message_id=last_id,
                        default_auto_archive_duration=1440)
        elif self.type == PUBLIC_THREAD:
            data.update(last_message_id=last_id, rate_limit_per_user=0, owner_id=str(self.owner_id or 0),
                        message_count=len(self.messages),
                        member_count=1, thread_metadata={"archived": self.archived, "auto_archive_duration": 1440,
                                                         "archive_timestamp": iso(), "locked": False})
        elif self.type == GUILD_FORUM:
            data.update(topic=self.topic, nsfw=False, rate_limit_per_user=0, last_message_id=last_id,
                        default_auto_archive_duration=1440, available_tags=[], default_reaction_emoji=None,
                        default_sort_order=None, default_forum_layout=0, default_thread_rate_limit_per_user=0)
        elif self.type == GUILD_VOICE:
            data.update(bitrate=64000, user_limit=0, rtc_region=None, nsfw=False, rate_limit_per_user=0,
                        last_message_id=last_id)
        return data


@dataclass(slots=True)
class Role:
    id: int
    name: str
    permissions: int
    position: int = 0
    managed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "managed": self.managed,
            "mentionable": False,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }


@dataclass(slots=True)
class Member:
    user_id: int
    roles: list[int]
    joined_at: str
    nick: str | None = None

    def to_dict(self, users: dict[int, dict[str, Any]], *, with_user: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "roles": [str(r) for r in self.roles],
            "joined_at": self.joined_at,
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "flags": 0,
            "communication_disabled_until": None,
        }
        if with_user:
            data["user"] = users[self.user_id]
        return data


@dataclass(slots=True)
class Guild:
    id: int
    name: str
    owner_id: int
    channels: dict[int, Channel] = field(default_factory=dict)
    roles: dict[int, Role] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)
    locale: str = "en-US"
    joined_at: str = field(default_factory=iso)

    @property
    def everyone(self) -> Role:
        return self.roles[self.id]

    def base_permissions(self, user_id: int) -> int:
        """Server-wide permissions: @everyone plus the member's roles; owner and admins get all."""
        if user_id == self.owner_id:
            return ALL_PERMISSIONS
        member = self.members.get(user_id)
        value = self.everyone.permissions
        if member is not None:
            for role_id in member.roles:
                role = self.roles.get(role_id)
                if role is not None:
                    value |= role.permissions
        if value & ADMINISTRATOR:
            return ALL_PERMISSIONS
        return value

    def channel_permissions(self, user_id: int, channel: Channel) -> int:
        """Discord's overwrite order: @everyone, then roles (deny then allow), then the member."""
        value = self.base_permissions(user_id)
        if value == ALL_PERMISSIONS:
            return value
        member = self.members.get(user_id)
        member_roles = set(member.roles) if member else set()
        by_target = {(o.type, o.target_id): o for o in channel.overwrites}
        everyone = by_target.get((OVERWRITE_ROLE, self.id))
        if everyone:
            value = (value & ~everyone.deny) | everyone.allow
        allow = deny = 0
        for overwrite in channel.overwrites:
            if overwrite.type == OVERWRITE_ROLE and overwrite.target_id in member_roles:
                allow |= overwrite.allow
                deny |= overwrite.deny
        value = (value & ~deny) | allow
        own = by_target.get((OVERWRITE_MEMBER, user_id))
        if own:
            value = (value & ~own.deny) | own.allow
        return value

    def to_dict(self, users: dict[int, dict[str, Any]], *, full: bool = True) -> dict[str, Any]:
        text_channels = [c for c in self.channels.values() if c.type in (GUILD_TEXT, GUILD_ANNOUNCEMENT)]
        data: dict[str, Any] = {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": self.locale,
            "features": [],
            "emojis": [],
            "stickers": [],
            "roles": [r.to_dict() for r in self.roles.values()],
            "system_channel_id": str(text_channels[0].id) if text_channels else None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "application_id": None,
            "max_members": 500000,
            "max_video_channel_users": 25,
            "nsfw": False,
        }
        if full:
            data.update(
                joined_at=self.joined_at,
                large=False,
                unavailable=False,
                lazy=True,
                member_count=len(self.members),
                channels=[c.to_dict() for c in self.channels.values() if c.type != PUBLIC_THREAD],
                members=[m.to_dict(users) for m in self.members.values()],
                threads=[c.to_dict() for c in self.channels.values() if c.type == PUBLIC_THREAD and not c.archived],
                voice_states=[],
                presences=[],
                stage_instances=[],
                guild_scheduled_events=[],
                soundboard_sounds=[],
            )
        return data


@dataclass(slots=True)
class StoredFile:
    """Bytes served at an attachment URL (uploaded by the bot or registered by a test)."""

    attachment: dict[str, Any]
    data: bytes


@dataclass(slots=True)
class UploadedFile:
    """One ``files[n]`` part of a multipart request."""

    field_name: str
    filename: str
    content_type: str
    data: bytes


def component_custom_ids(components: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every interactive component of a message, flattened (rows, sections and containers opened)."""
    found: list[dict[str, Any]] = []
    for component in components or []:
        if "custom_id" in component or component.get("type") == 2:
            found.append(component)
        for key in ("components",):
            found.extend(component_custom_ids(component.get(key) or []))
        accessory = component.get("accessory")
        if isinstance(accessory, dict):
            found.extend(component_custom_ids([accessory]))
    return found


def number_components(components: list[dict[str, Any]], start: int = 1) -> int:
    """Discord gives every component a numeric ``id`` when it does not carry one."""
    next_id = start
    for component in components or []:
        if "id" not in component:
            component["id"] = next_id
        next_id = max(next_id, int(component["id"])) + 1
        if component.get("components"):
            next_id = number_components(component["components"], next_id)
        accessory = component.get("accessory")
        if isinstance(accessory, dict):
            next_id = number_components([accessory], next_id)
    return next_id
