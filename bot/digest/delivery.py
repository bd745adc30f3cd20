"""Exactly-once delivery of one server's digest: claim the day, send, record the outcome.

The order of operations is what makes it safe:

1. **claim** the (server, local date) row in SQLite before anything is sent, with a fresh
   marker; a second process, a restart or ``/digest now`` racing the scheduler finds the row
   and does not post;
2. **send** the messages, each carrying the marker in its footer;
3. **record** the message ids (``posted``) or the failure (``failed``).

A crash between 1 and 3 leaves a ``claimed`` row. Before posting for such a row again, the
channel's recent messages are searched for its marker: found means Discord got it (the ids
are recorded, nothing is resent); not found means it never arrived, and it is sent once.
Such a row is settled by the next process to start, or — when the store can tell that the
process holding it stopped (PostgreSQL) — by another running process at once (``take_over``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass, replace
from typing import Literal

from bot.app_protocol import BotApp
from bot.config import Settings
from bot.store.digest import CLAIMED, FAILED, POSTED, SKIPPED, DigestConfig, DigestPost, DigestStore
from bot.store.follows import TopicMatch

from .content import Corpus, Digest, build_digest, marker_pages, new_marker, page_nonce, render_messages
from .ports import Clock, Poster, PostError
from .schedule import Slot, local_date_of, parse_timezone

log = logging.getLogger("bot.digest")

FIRST_DIGEST_LOOKBACK = dt.timedelta(hours=24)
# A Discord call that has not answered after this long is treated as a lost response: the
# digest is retried, after checking the channel for the marker.
POSTER_TIMEOUT_SECONDS = 120.0
RECENT_MESSAGES = 50
BACKOFF_FIRST_SECONDS = 30.0
BACKOFF_MAX_SECONDS = 30 * 60.0

Status = Literal["posted", "already", "failed", "retry", "skipped"]


@dataclass(frozen=True, slots=True)
class Claim:
    """A claimed day being delivered (what a retry needs to try again)."""

    guild_id: int
    local_date: dt.date
    channel_id: int
    marker: str
    due_at: dt.datetime
    attempts: int = 0
    check_channel_first: bool = False  # an earlier attempt may have reached Discord


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one delivery attempt did. ``retry``: a transient failure; the claim is kept."""

    status: Status
    guild_id: int
    local_date: dt.date
    message_ids: tuple[int, ...] = ()
    error: str | None = None
    retry_after: float | None = None
    reconciled: bool = False  # the messages were found in the channel rather than sent now
    post: DigestPost | None = None
    claim: Claim | None = None  # the claim attempted (a retry needs it)


def message_link(guild_id: int, channel_id: int | None, message_id: int) -> str:
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


def backoff_seconds(attempts: int, retry_after: float | None) -> float:
    """30 s, 60 s, 120 s … capped at 30 minutes, and never sooner than Discord asked."""
    delay: float = min(BACKOFF_FIRST_SECONDS * (2 ** max(attempts - 1, 0)), BACKOFF_MAX_SECONDS)
    return max(delay, retry_after or 0.0)


def digest_store(app: BotApp) -> DigestStore:
    """The app's ``DigestStore`` (every ``Store`` has one, on its connection)."""
    store: DigestStore = app.store.digest
    return store


class DigestService:
    """Builds and delivers digests; shared by the scheduler and the ``/digest`` commands."""

    def __init__(self, app: BotApp, poster: Poster | None, clock: Clock, settings: Settings) -> None:
        self.app = app
        self.poster = poster
        self.clock = clock
        self.settings = settings
        self.store = digest_store(app)

    @property
    def catchup(self) -> dt.timedelta:
        return dt.timedelta(hours=self.settings.digest_catchup_hours)

    # ---- content -----------------------------------------------------------------------------

    def corpus(self) -> Corpus:
        return Corpus.of(self.app.index)

    async def compose(self, guild_id: int, local_date: dt.date, *, marker: str | None,
                      now: dt.datetime | None = None) -> Digest:
        """The digest as it would be posted for ``local_date`` (a preview when marker is None)."""
        now = now or self.clock.now()
        previous = await self.store.previous_posted(guild_id, before=local_date)
        since = previous.claimed_at if previous else now - FIRST_DIGEST_LOOKBACK
        cycle, shown = await self.store.spotlight_state(guild_id)
        identities = await self.store.document_identities()
        topic_matches = await self._topic_matches(guild_id, since)
        # A pass over every initiative of the library: in a worker thread, not on the event loop.
        return await asyncio.to_thread(
            build_digest, self.corpus(), guild_id=guild_id, local_date=local_date, since=since,
            first=previous is None, identities=identities, spotlight_cycle=cycle, spotlight_shown=shown,
            marker=marker, topic_matches=topic_matches)

    async def _topic_matches(self, guild_id: int, since: dt.datetime) -> list[TopicMatch]:
        """What matched the server's follows since ``since``."""
        return await self.app.store.follows.matches_since(guild_id, since)

    # ---- delivering --------------------------------------------------------------------------

    async def deliver(self, config: DigestConfig, slot: Slot, *, manual: bool = False) -> Outcome:
        """Claim ``slot``'s day for the server and post its digest, unless the day is taken.

        ``manual`` (``/digest now``) may take over a day whose digest failed or was skipped;
        nothing ever takes over a day that was posted or is being posted.
        """
        now = self.clock.now()
        marker = new_marker(config.guild_id, slot.local_date)
        claim = Claim(config.guild_id, slot.local_date, config.channel_id, marker, slot.at)
        if await self.store.claim(config.guild_id, slot.local_date, channel_id=config.channel_id, marker=marker,
                                  due_at=slot.at, now=now):
            return await self.attempt(claim)
        existing = await self.store.get_post(config.guild_id, slot.local_date)
        if existing is None:  # the row vanished between insert and read: someone else is at work
            return Outcome("already", config.guild_id, slot.local_date)
        if self._belongs_to_other_zone(existing, config):
            # A row keyed by the same date in the server's previous time zone: another day.
            if await self.store.reclaim(config.guild_id, slot.local_date, expected_marker=existing.marker,
                                        expected_status=existing.status, channel_id=config.channel_id,
                                        marker=marker, due_at=slot.at, now=now):
                return await self.attempt(claim)
            return Outcome("already", config.guild_id, slot.local_date, post=existing)
        if manual and existing.status in (FAILED, SKIPPED):
            # Keep the old marker: a failed attempt may have half-reached the channel.
            retry = Claim(config.guild_id, slot.local_date, config.channel_id, existing.marker, slot.at,
                          check_channel_first=existing.status == FAILED and existing.channel_id == config.channel_id)
            if await self.store.reclaim(config.guild_id, slot.local_date, expected_marker=existing.marker,
                                        expected_status=existing.status, channel_id=config.channel_id,
                                        marker=existing.marker, due_at=slot.at, now=now):
                return await self.attempt(retry)
        return Outcome("already", config.guild_id, slot.local_date, message_ids=existing.message_ids, post=existing)

    @staticmethod
    def _belongs_to_other_zone(post: DigestPost, config: DigestConfig) -> bool:
        try:
            tz = parse_timezone(config.timezone)
        except ValueError:
            return False
        return local_date_of(post.scheduled_at, tz) != post.local_date

    async def attempt(self, claim: Claim) -> Outcome:
        """Send a claimed digest (checking the channel first when an earlier try may have landed)."""
        assert self.poster is not None, "posting needs a Poster"
        found: dict[int, int] = {}
        expected_pages: int | None = None
        try:
            if claim.check_channel_first:
                found, expected_pages = await self._find_in_channel(claim)
            digest = await self.compose(claim.guild_id, claim.local_date, marker=claim.marker)
            payloads = render_messages(digest.reply)
            if found and (expected_pages != len(payloads) or len(found) >= len(payloads)):
                ids = [found[index] for index in sorted(found)]
                return await self._posted(claim, digest, ids, reconciled=True)
            missing = [index for index in range(len(payloads)) if index not in found]
            sent = await asyncio.wait_for(
                self.poster.send(claim.channel_id, [payloads[i] for i in missing],
                                 [page_nonce(claim.marker, i) for i in missing]),
                POSTER_TIMEOUT_SECONDS)
            by_index = dict(found)
            by_index.update(zip(missing, sent, strict=False))
            return await self._posted(claim, digest, [by_index[i] for i in sorted(by_index)],
                                      reconciled=bool(found))
        except PostError as error:
            if error.kind == "transient":
                log.info("digest for server %s (%s): Discord failed transiently: %s", claim.guild_id,
                         claim.local_date, error.message)
                return Outcome("retry", claim.guild_id, claim.local_date, error=error.message,
                               retry_after=error.retry_after, claim=claim)
            return await self.fail(claim, error.message)
        except TimeoutError:
            return Outcome("retry", claim.guild_id, claim.local_date, error="Discord did not answer in time",
                           claim=claim)
        except Exception as exc:
            log.exception("digest for server %s (%s) could not be built or sent", claim.guild_id, claim.local_date)
            return await self.fail(claim, f"internal error ({type(exc).__name__}); see the bot's log")

    async def _find_in_channel(self, claim: Claim) -> tuple[dict[int, int], int | None]:
        assert self.poster is not None
        messages = await asyncio.wait_for(self.poster.recent_messages(claim.channel_id, RECENT_MESSAGES),
                                          POSTER_TIMEOUT_SECONDS)
        return marker_pages(messages, claim.marker)

    async def _posted(self, claim: Claim, digest: Digest, ids: list[int], *, reconciled: bool) -> Outcome:
        spotlight = (digest.spotlight.key, digest.spotlight.cycle) if digest.spotlight else None
        await self.store.mark_posted(claim.guild_id, claim.local_date, claim.marker, ids, self.clock.now(),
                                     spotlight=spotlight)
        log.info("digest for server %s (%s) %s in channel %s (%d message%s)", claim.guild_id, claim.local_date,
                 "found already posted" if reconciled else "posted", claim.channel_id, len(ids),
                 "" if len(ids) == 1 else "s")
        return Outcome("posted", claim.guild_id, claim.local_date, tuple(ids), reconciled=reconciled)

    async def fail(self, claim: Claim, error: str) -> Outcome:
        """Record that today's digest will not be posted; say so in the log once per distinct error."""
        config = await self.store.get_config(claim.guild_id)
        previous = config.last_error if config else None
        await self.store.mark_failed(claim.guild_id, claim.local_date, claim.marker, error, self.clock.now())
        if previous != error:
            log.warning("digest for server %s (%s) failed: %s (will try again with the next digest)",
                        claim.guild_id, claim.local_date, error)
        else:
            log.debug("digest for server %s (%s) failed again: %s", claim.guild_id, claim.local_date, error)
        return Outcome("failed", claim.guild_id, claim.local_date, error=error)

    async def skip(self, config: DigestConfig, slot: Slot, reason: str) -> Outcome:
        """Record a day missed by more than the catch-up window (nothing is posted for it)."""
        marker = new_marker(config.guild_id, slot.local_date)
        await self.store.record_skipped(config.guild_id, slot.local_date, channel_id=config.channel_id,
                                        marker=marker, due_at=slot.at, now=self.clock.now(), reason=reason)
        log.info("digest for server %s (%s) skipped: %s", config.guild_id, slot.local_date, reason)
        return Outcome("skipped", config.guild_id, slot.local_date, error=reason)

    async def resume(self, post: DigestPost, config: DigestConfig | None) -> Outcome:
        """Settle a claim left unfinished by a stopped process: find it in the channel, or send it once."""
        assert post.status == CLAIMED
        claim = Claim(post.guild_id, post.local_date, post.channel_id or (config.channel_id if config else 0),
                      post.marker, post.scheduled_at, check_channel_first=True)
        now = self.clock.now()
        still_wanted = config is not None and config.enabled and now - post.scheduled_at <= self.catchup
        if still_wanted:
            return await self.attempt(claim)
        try:
            found, _ = await self._find_in_channel(claim)
        except (PostError, TimeoutError) as error:
            found = {}
            log.info("digest for server %s (%s): could not read the channel (%s)", post.guild_id,
                     post.local_date, error)
        if found:
            ids = [found[index] for index in sorted(found)]
            await self.store.mark_posted(post.guild_id, post.local_date, post.marker, ids, now)
            return Outcome("posted", post.guild_id, post.local_date, tuple(ids), reconciled=True)
        reason = "the bot stopped before posting, and it is now too late" if config and config.enabled \
            else "the digest was turned off"
        await self.store.mark_skipped(post.guild_id, post.local_date, post.marker, reason)
        return Outcome("skipped", post.guild_id, post.local_date, error=reason)

    async def take_over(self, post: DigestPost, config: DigestConfig | None) -> Outcome:
        """Settle another process's unfinished claim (its process stopped): make it ours with the
        same marker, then ``resume`` it — found in the channel, or sent once."""
        if not await self.store.take_over(post):
            return Outcome("already", post.guild_id, post.local_date)  # someone else got there first
        log.info("digest for server %s (%s): taken over from %s, which stopped before recording it",
                 post.guild_id, post.local_date, post.claimed_by or "a stopped process")
        return await self.resume(replace(post, claimed_by=self.store.owner), config)

    async def give_up(self, claim: Claim, error: str) -> Outcome:
        """Transient failures lasted past the catch-up window: fail today's digest."""
        return await self.fail(claim, f"Discord kept failing until it was too late to post ({error})")

    @staticmethod
    def is_posted(post: DigestPost | None) -> bool:
        return post is not None and post.status == POSTED
