"""Turning reply payloads into discord.py calls, and remembering replies for their page buttons.

``bot.reply.payload.render_payload`` produces the exact Discord message payload (raw dicts).
discord.py only sends components through ``discord.ui.View`` objects, so the components are
rebuilt item by item with the same custom ids. The views are stopped before sending: discord.py
then never stores them, and a press is matched by custom id (``bb:page:<key>:<n>``,
``bb:pick:<owner>``) to the dynamic items of ``bot.discord_app.wiring`` — which keeps working
across restarts and shards without per-message state.
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.reply.model import Reply

EPHEMERAL_FLAG = 1 << 6
SUPPRESS_EMBEDS_FLAG = 1 << 2

NO_MENTIONS = discord.AllowedMentions.none()


# ---- payload → discord.py ---------------------------------------------------------------------


@dataclass(slots=True)
class OutgoingMessage:
    """One payload in the shape discord.py's send/edit calls take."""

    content: str | None
    embeds: list[discord.Embed] = field(default_factory=list)
    view: discord.ui.View | None = None
    ephemeral: bool = False
    suppress_embeds: bool = False

    def send_kwargs(self) -> dict[str, Any]:
        """Arguments for ``InteractionResponse.send_message`` and ``Webhook.send``."""
        kwargs: dict[str, Any] = {
            "content": self.content,
            "embeds": self.embeds,
            "ephemeral": self.ephemeral,
            "allowed_mentions": NO_MENTIONS,
        }
        if self.view is not None:
            kwargs["view"] = self.view
        if self.suppress_embeds:
            kwargs["suppress_embeds"] = True
        return kwargs

    def edit_kwargs(self) -> dict[str, Any]:
        """Arguments for edits: every part is replaced, so stale buttons or embeds disappear."""
        return {
            "content": self.content,
            "embeds": self.embeds,
            "view": self.view,
            "allowed_mentions": NO_MENTIONS,
        }

    def channel_kwargs(self) -> dict[str, Any]:
        """Arguments for ``Messageable.send`` (digest posts: no ephemeral flag exists there)."""
        kwargs = self.send_kwargs()
        del kwargs["ephemeral"]
        return kwargs


def outgoing_from_payload(payload: dict[str, Any]) -> OutgoingMessage:
    """Convert a ``render_payload`` dict into discord.py objects, keeping every field it sets."""
    flags = int(payload.get("flags") or 0)
    embeds = [discord.Embed.from_dict(embed) for embed in payload.get("embeds") or []]
    return OutgoingMessage(
        content=payload.get("content") or None,
        embeds=embeds,
        view=view_from_components(payload.get("components") or []),
        ephemeral=bool(flags & EPHEMERAL_FLAG),
        suppress_embeds=bool(flags & SUPPRESS_EMBEDS_FLAG),
    )


def _emoji(data: Any) -> discord.PartialEmoji | str | None:
    if not data:
        return None
    if isinstance(data, str):
        return data
    return discord.PartialEmoji.from_dict(data)


def _button(data: dict[str, Any], row: int) -> discord.ui.Button[Any]:
    return discord.ui.Button(
        style=discord.ButtonStyle(int(data.get("style", discord.ButtonStyle.secondary.value))),
        label=data.get("label"),
        disabled=bool(data.get("disabled", False)),
        custom_id=data.get("custom_id"),
        url=data.get("url"),
        emoji=_emoji(data.get("emoji")),
        row=row,
    )


def _select(data: dict[str, Any], row: int) -> discord.ui.Select[Any]:
    options = [
        discord.SelectOption(
            label=option["label"],
            value=option.get("value", option["label"]),
            description=option.get("description"),
            emoji=_emoji(option.get("emoji")),
            default=bool(option.get("default", False)),
        )
        for option in data.get("options") or []
    ]
    return discord.ui.Select(
        custom_id=data["custom_id"],
        placeholder=data.get("placeholder"),
        min_values=int(data.get("min_values", 1)),
        max_values=int(data.get("max_values", 1)),
        options=options,
        disabled=bool(data.get("disabled", False)),
        row=row,
    )


def view_from_components(components: list[dict[str, Any]]) -> discord.ui.View | None:
    """Rebuild raw action rows as a stopped ``View`` (sent as-is, never dispatched by discord.py)."""
    if not components:
        return None
    view = discord.ui.View(timeout=None)
    for row, action_row in enumerate(components):
        if action_row.get("type") != discord.ComponentType.action_row.value:
            raise ValueError(f"top-level component {row} is not an action row")
        for item in action_row.get("components") or []:
            kind = item.get("type")
            if kind == discord.ComponentType.button.value:
                view.add_item(_button(item, row))
            elif kind == discord.ComponentType.string_select.value:
                view.add_item(_select(item, row))
            else:
                raise ValueError(f"unsupported component type {kind!r}")
    view.stop()
    return view


# ---- replies kept for their page buttons ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CachedReply:
    reply: Reply
    owner_id: int | None
    stored_at: float


class ReplyCache:
    """Rendered replies by reply key, so page buttons can show another page later.

    Bounded both ways: at most ``max_entries`` (least recently used go first) and each entry
    for ``ttl_seconds``. A key that fell out answers "this result has expired".
    """

    def __init__(self, *, max_entries: int = 500, ttl_seconds: float = 15 * 60,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_entries = max_entries
        self.ttl_seconds = ttl_seconds
        self._clock = clock
        self._entries: OrderedDict[str, CachedReply] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def put(self, reply: Reply, owner_id: int | None) -> str:
        """Store a reply and return its new key (short, random, safe in a custom id)."""
        key = secrets.token_hex(6)
        while key in self._entries:
            key = secrets.token_hex(6)
        self._entries[key] = CachedReply(reply, owner_id, self._clock())
        self._evict()
        return key

    def get(self, key: str) -> CachedReply | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if self._clock() - entry.stored_at > self.ttl_seconds:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return entry

    def _evict(self) -> None:
        now = self._clock()
        while self._entries:
            oldest_key, oldest = next(iter(self._entries.items()))
            if len(self._entries) > self.max_entries or now - oldest.stored_at > self.ttl_seconds:
                del self._entries[oldest_key]
            else:
                break
