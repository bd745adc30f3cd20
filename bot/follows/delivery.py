"""Exactly-once delivery of alerts, the way the digest does it: claim, send, record.

1. **claim**: the service inserts the alert's row (with the message, carrying a marker) in the
   same transaction that marks the sheet version checked — before anything is sent;
2. **send** the message (a forum gets a new post);
3. **record** the message id (``posted``) or the fault (``failed``, noted on the follows).

A claim left ``claimed`` by a stopped process, or by an attempt whose answer was lost, is
settled by looking for its marker in the place's recent messages first: found means it arrived
(recorded, not resent); not found means it never did, and it is sent once.

Faults are said once and not retried in a loop: a deleted channel marks its follows broken
(shown in ``/follow list``, never tried again); a refused post (lost permission, closed DMs)
is noted on the follows and the next sheet tries again. Rate limits and outages back off,
never sooner than Discord's ``retry_after``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from bot.digest.ports import PostError
from bot.follows.alerts import has_marker
from bot.store.follows import AlertClaim, FollowStore

log = logging.getLogger("bot.follows")

RECENT_MESSAGES = 50
POSTER_TIMEOUT_SECONDS = 120.0
ATTEMPTS_PER_ROUND = 5  # transient failures in a row before a claim waits for the next round
BACKOFF_FIRST_SECONDS = 1.0
BACKOFF_MAX_SECONDS = 60.0
ROLE_GONE = "alerts are posted without a ping"  # the note a follow keeps while its role is deleted


@runtime_checkable
class AlertPoster(Protocol):
    """Sends alerts to a channel, thread, forum (a new post) or a person's DMs."""

    async def post_alert(self, target: str, payload: dict[str, Any], *, thread_name: str) -> int:
        """Send one alert to ``target`` ('c:<channel id>' or 'u:<user id>'); the new message's id.
        A forum channel gets a new post named ``thread_name``. Raises ``PostError``."""
        ...

    async def recent_alerts(self, target: str, limit: int = RECENT_MESSAGES) -> list[tuple[int, str, list[dict]]]:
        """The place's latest messages (id, content, embeds as dicts), newest first; for a forum,
        the first messages of its recent posts. Raises ``PostError``."""
        ...

    async def role_exists(self, guild_id: int, role_id: int) -> bool | None:
        """Whether the role still exists (None: cannot tell)."""
        ...


@dataclass(frozen=True, slots=True)
class Delivered:
    key: tuple[str, str, str]
    status: str  # 'posted' | 'failed' | 'waiting'
    message_id: int | None = None
    error: str | None = None
    reconciled: bool = False


def backoff_seconds(attempts: int, retry_after: float | None) -> float:
    """1 s, 2 s, 4 s … capped at a minute, and never sooner than Discord asked."""
    delay = min(BACKOFF_FIRST_SECONDS * 2.0 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS)
    return max(delay, retry_after or 0.0)


class AlertDelivery:
    """Sends claimed alerts one at a time (so a burst never outruns Discord's rate limits)."""

    def __init__(self, store: FollowStore, poster: AlertPoster, *,
                 now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.store = store
        self.poster = poster
        self.now = now
        self.sleep = sleep
        self._lock = asyncio.Lock()

    async def deliver_all(self, claims: list[AlertClaim], *, check_first: bool = False) -> list[Delivered]:
        async with self._lock:
            return [await self._deliver(claim, check_first=check_first or claim.attempts > 0) for claim in claims]

    async def resume(self) -> list[Delivered]:
        """Settle every unfinished claim (at start, and after a round left some waiting)."""
        return await self.deliver_all(await self.store.unfinished(), check_first=True)

    async def _deliver(self, claim: AlertClaim, *, check_first: bool) -> Delivered:
        attempts = 0
        payload = claim.payload
        while True:
            try:
                if check_first:
                    found = await self._find(claim)
                    if found is not None:
                        await self.store.mark_posted(claim.key, found, self.now())
                        log.info("alert to %s about %s found already posted", claim.target, claim.identity)
                        return Delivered(claim.key, "posted", found, reconciled=True)
                payload, note = await self._checked_mentions(claim, payload)
                message_id = await asyncio.wait_for(
                    self.poster.post_alert(claim.target, payload, thread_name=claim.title), POSTER_TIMEOUT_SECONDS)
            except TimeoutError:
                error: PostError = PostError("transient", "Discord did not answer in time")
            except PostError as exc:
                error = exc
            except Exception as exc:  # a bug: fail this alert, keep the others going
                log.exception("alert to %s about %s could not be sent", claim.target, claim.identity)
                return await self._fail(claim, f"internal error ({type(exc).__name__}); see the bot's log",
                                        broken=False)
            else:
                # Sent: an earlier fault is cleared, but a role that is gone stays said.
                await self.store.mark_posted(claim.key, message_id, self.now(), follow_ids=claim.follow_ids, note=note)
                return Delivered(claim.key, "posted", message_id)
            if error.kind == "not_found":
                return await self._fail(claim, error.message, broken=True)
            if error.kind == "forbidden":
                return await self._fail(claim, error.message, broken=False)
            attempts += 1
            check_first = True  # the lost attempt may have landed
            await self.store.attempted(claim.key, error.message)
            if attempts >= ATTEMPTS_PER_ROUND:
                log.info("alert to %s about %s: Discord keeps failing (%s); will try again later",
                         claim.target, claim.identity, error.message)
                return Delivered(claim.key, "waiting", error=error.message)
            await self.sleep(backoff_seconds(attempts, error.retry_after))

    async def _find(self, claim: AlertClaim) -> int | None:
        try:
            messages = await asyncio.wait_for(self.poster.recent_alerts(claim.target, RECENT_MESSAGES),
                                              POSTER_TIMEOUT_SECONDS)
        except PostError as exc:
            if exc.kind == "transient":
                raise
            return None  # the send that follows reports the fault
        return has_marker(messages, claim.marker)

    async def _checked_mentions(self, claim: AlertClaim,
                                payload: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
        """A role deleted since the follow was made: the alert goes without a ping, and the note
        to keep on the follow says so (None when every role is still there)."""
        roles = [int(r) for r in (payload.get("allowed_mentions") or {}).get("roles") or []]
        kept = [role_id for role_id in roles if await self.poster.role_exists(claim.guild_id, role_id) is not False]
        if kept == roles:
            return payload, None
        gone = [r for r in roles if r not in kept]
        note = f"{ROLE_GONE} (the role {', '.join(map(str, gone))} no longer exists)"
        content = str(payload.get("content") or "")
        for role_id in gone:
            content = content.replace(f"<@&{role_id}> ", "").replace(f"<@&{role_id}>", "")
        mentions: dict[str, Any] = {"parse": []}
        if kept:
            mentions["roles"] = [str(r) for r in kept]
        return payload | {"content": content, "allowed_mentions": mentions}, note

    async def _fail(self, claim: AlertClaim, error: str, *, broken: bool) -> Delivered:
        await self.store.mark_failed(claim.key, error)
        await self.store.record_fault(claim.follow_ids, error, self.now(), broken=broken)
        log.warning("alert to %s about %s failed: %s%s", claim.target, claim.identity, error,
                    " (its follows are not tried again)" if broken else "")
        return Delivered(claim.key, "failed", error=error)
