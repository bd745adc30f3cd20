"""One alert message per (channel or person, sheet version): what a follower sees.

The message names the sheet (title, date, link through ``safe_url``), the initiatives that
matched with the money the money model adds for them, and why it matched. Several follows
matching the same sheet in one place give one message listing every topic. It is built as a
``Reply`` and rendered by the reply layer, so every Discord limit holds; only then is the one
permitted ping (the follow's role, when it has one) written into ``allowed_mentions``. The
footer carries a marker, so after a restart the channel can be searched for an alert whose
outcome was lost.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.follows.matcher import FollowMatch
from bot.query.funding import bounded_usd
from bot.reply.model import COLOR, Embed, EmbedField, Page, Reply
from bot.reply.payload import render_payload
from bot.text import escape_markdown, shorten
from bot.urls import safe_url

MARKER_PREFIX = "Briefbot alert"
INITIATIVES_SHOWN = 6
THREAD_NAME_MAX = 100


@dataclass(frozen=True, slots=True)
class InitiativeLine:
    initiative_id: int
    title: str
    money: str | None  # "$12 million", "at least $3 million", None when it announces no new money


@dataclass(frozen=True, slots=True)
class SheetFacts:
    """What the alert says about the sheet (read from the index by the service)."""

    identity: str
    content_hash: str
    title: str
    date: str | None
    url: str | None
    initiatives: dict[int, InitiativeLine]


@dataclass(frozen=True, slots=True)
class Alert:
    payload: dict[str, Any]
    reply: Reply  # what the payload was rendered from (the console shows it)
    title: str  # a forum post's name
    role_id: int | None
    marker: str


def new_marker(identity: str, content_hash: str) -> str:
    return f"{MARKER_PREFIX} · {content_hash[:10]} · {secrets.token_hex(4)}"


def has_marker(messages: Iterable[tuple[int, str, list[dict[str, Any]]]], marker: str) -> int | None:
    """The id of the message carrying ``marker`` (in its content or an embed footer), if any."""
    for message_id, content, embeds in messages:
        texts = [content or ""] + [str((embed.get("footer") or {}).get("text") or "") for embed in embeds or []]
        if any(marker in text for text in texts):
            return message_id
    return None


def compose(sheet: SheetFacts, matches: Sequence[FollowMatch], *, kind: str, marker: str | None,
            role_ids: Sequence[int] = ()) -> Alert:
    """The alert for one place: ``matches`` are the follows there that this sheet matched."""
    headline = "New fact sheet" if kind == "new" else "Updated fact sheet"
    topics = list(dict.fromkeys(m.follow.topic for m in matches))
    title = shorten(sheet.title, 240)
    description_lines = [f"{sheet.date or 'undated'} · matches "
                         + ", ".join(f"**{escape_markdown(t)}**" for t in topics)]
    embed = Embed(title=title, description="\n".join(description_lines), url=safe_url(sheet.url),
                  color=COLOR)
    chosen: list[int] = []
    for match in matches:
        for initiative_id in match.why.initiatives:
            if initiative_id in sheet.initiatives and initiative_id not in chosen:
                chosen.append(initiative_id)
    if chosen:
        lines = []
        for initiative_id in chosen[:INITIATIVES_SHOWN]:
            line = sheet.initiatives[initiative_id]
            money = f" — {line.money}" if line.money else ""
            lines.append(f"• {escape_markdown(shorten(line.title, 160))}{money}")
        if len(chosen) > INITIATIVES_SHOWN:
            lines.append(f"… and {len(chosen) - INITIATIVES_SHOWN} more")
        embed.fields.append(EmbedField("Matching initiatives", "\n".join(lines)))
    why = "\n".join(escape_markdown(m.why.sentence()) for m in _distinct_topics(matches))
    embed.fields.append(EmbedField("Why it matched", shorten(why, 1000)))
    embed.footer = marker or "Preview — nothing was sent"
    content = f"{headline} for a topic followed here"
    if role_ids:
        content = " ".join(f"<@&{role_id}>" for role_id in role_ids) + f" {content}"
    reply = Reply(pages=[Page(content=content, embeds=[embed])])
    payload = render_payload(reply)
    if role_ids:  # the only ping allowed: the roles the follows here name
        payload["allowed_mentions"] = {"parse": [], "roles": [str(role_id) for role_id in role_ids]}
    name = shorten(f"{'Updated: ' if kind != 'new' else ''}{sheet.title}", THREAD_NAME_MAX)
    return Alert(payload, reply, name, role_ids[0] if role_ids else None, marker or "")


def _distinct_topics(matches: Sequence[FollowMatch]) -> list[FollowMatch]:
    seen: set[str] = set()
    out = []
    for match in matches:
        if match.follow.topic not in seen:
            seen.add(match.follow.topic)
            out.append(match)
    return out


def money_text(amount: float, at_least: bool, up_to: bool) -> str | None:
    return bounded_usd(amount, at_least, up_to, short=True) if amount > 0 else None
