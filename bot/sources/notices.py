"""Tell each server when a source goes bad and when it recovers: one message per change, once.

The watcher (in this process or in ``briefbot watch`` elsewhere) records transitions in the
store; the bot process posts those it has not posted yet to every server with a digest channel,
through the digest's ``Poster``. Exactly once like the digest: the (transition, server) row is
claimed before sending and finished with the message id after; a claim left unfinished (a
restart, a lost response, a Discord outage) is settled by looking for its marker among the
channel's recent messages before sending again. No permission or a deleted channel is recorded
and not retried.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from bot.digest.ports import Poster, PostError
from bot.reply.model import Embed, Reply
from bot.reply.payload import render_payload
from bot.reply.text import escape_markdown, shorten
from bot.sources.health import BAD
from bot.store.sources import CLAIMED, FAILED, FAILING, POSTED, Transition

if TYPE_CHECKING:
    from bot.store import Store

log = logging.getLogger("bot.sources")

MARKER_PREFIX = "Briefbot source notice"
NOTICE_MAX_AGE = dt.timedelta(days=3)  # an older change is not news any more
RECENT_MESSAGES = 50
WARNING_COLOUR = 0xE67E22
OK_COLOUR = 0x2ECC71


@dataclass(frozen=True, slots=True)
class Delivery:
    transition_id: int
    guild_id: int
    status: str  # 'posted' | 'already' | 'failed' | 'retry'
    message_id: int | None = None


def display_name(entry: str) -> str:
    """A watch entry as shown to people: user names and passwords in a URL removed."""
    parts = urlsplit(entry)
    if parts.scheme and "@" in parts.netloc:
        return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
    return entry


def new_marker(transition_id: int, guild_id: int) -> str:
    return f"{MARKER_PREFIX} · {transition_id}:{guild_id} · {secrets.token_hex(4)}"


def notice_payload(transition: Transition, marker: str) -> dict:
    """The message: what changed, since when, why, and where to look."""
    name = escape_markdown(shorten(display_name(transition.source), 200))
    when = transition.at.strftime("%Y-%m-%d %H:%M UTC")
    if transition.new_state in BAD:
        if transition.new_state == FAILING:
            title = "Source failing"
            text = (f"Briefbot cannot read {name} since {when}: "
                    f"{escape_markdown(shorten(transition.error or 'unknown error', 1500))}")
        else:
            title = "Source gone quiet"
            text = f"{name} has had no new fact sheet for longer than expected (as of {when})."
        text += "\nNew fact sheets from it will not arrive until it recovers. `/sources-status` lists every source."
        colour = WARNING_COLOUR
    else:
        title = "Source recovered"
        text = f"{name} works again since {when}; new fact sheets from it arrive as before."
        colour = OK_COLOUR
    return render_payload(Reply.embed(Embed(title=title, description=text, footer=marker, color=colour)))


def _has_marker(messages: list[tuple[int, str, list[dict]]], marker: str) -> int | None:
    for message_id, content, embeds in messages:
        texts = [content or "", *(str((e.get("footer") or {}).get("text") or "") for e in embeds or [])]
        if any(marker in text for text in texts):
            return message_id
    return None


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SourceNotifier:
    """Posts the source transitions each server has not been told about yet."""

    def __init__(self, store: Store, poster: Poster, *, clock: Callable[[], dt.datetime] = _utcnow,
                 guild_filter: Callable[[int], bool] | None = None) -> None:
        self.store = store
        self.poster = poster
        self.clock = clock
        self.guild_filter = guild_filter

    async def deliver(self) -> list[Delivery]:
        """One round: every recent notable transition to every server with a digest channel."""
        sources = self.store.sources
        transitions = await sources.notable_transitions(self.clock() - NOTICE_MAX_AGE)
        if not transitions or self.store.digest is None:
            return []
        configs = [c for c in await self.store.digest.configs(enabled_only=True)
                   if self.guild_filter is None or self.guild_filter(c.guild_id)]
        notices = await sources.notices(t.id for t in transitions)
        done: list[Delivery] = []
        for transition in transitions:
            for config in configs:
                notice = notices.get((transition.id, config.guild_id))
                if notice is not None and notice.status != CLAIMED:
                    continue
                if notice is None:
                    marker = new_marker(transition.id, config.guild_id)
                    if not await sources.claim_notice(transition.id, config.guild_id, channel_id=config.channel_id,
                                                      marker=marker, now=self.clock()):
                        continue  # another process claimed it a moment ago
                    channel_id, check_first = config.channel_id, False
                else:
                    marker, channel_id, check_first = notice.marker, notice.channel_id, True
                done.append(await self._send(transition, config.guild_id, channel_id, marker, check_first))
        return done

    async def _send(self, transition: Transition, guild_id: int, channel_id: int, marker: str,
                    check_first: bool) -> Delivery:
        sources = self.store.sources
        try:
            if check_first:
                found = _has_marker(await self.poster.recent_messages(channel_id, RECENT_MESSAGES), marker)
                if found is not None:
                    await sources.finish_notice(transition.id, guild_id, marker, status=POSTED, message_id=found,
                                                now=self.clock())
                    return Delivery(transition.id, guild_id, "already", found)
            ids = await self.poster.send(channel_id, [notice_payload(transition, marker)])
        except PostError as exc:
            if exc.kind == "transient":  # the claim stays: the next round looks for it, then sends
                log.info("source notice to server %s: %s; will try again", guild_id, exc.message)
                return Delivery(transition.id, guild_id, "retry")
            await sources.finish_notice(transition.id, guild_id, marker, status=FAILED, error=exc.message,
                                        now=self.clock())
            log.warning("source notice to server %s could not be posted: %s", guild_id, exc.message)
            return Delivery(transition.id, guild_id, "failed")
        message_id = ids[0] if ids else None
        await sources.finish_notice(transition.id, guild_id, marker, status=POSTED, message_id=message_id,
                                    now=self.clock())
        return Delivery(transition.id, guild_id, "posted", message_id)
