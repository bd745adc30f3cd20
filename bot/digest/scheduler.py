"""One scheduler for every server's digest: sleep until the earliest due time, post, repeat.

There is no per-server polling. Each turn reads every enabled server's settings and last
digest (two queries), works out with ``bot.digest.schedule`` which are due, delivers those
concurrently, and then sleeps until the earliest next due time — or until ``reschedule()``
says settings changed (``/digest setup``, ``/digest off``). Transient Discord failures are
retried with backoff as part of the same plan: a retry is just another due time.

On start, claims a stopped process left unfinished are settled first (see ``delivery``).
With several processes (shards), each handles only the servers ``guild_filter`` accepts. While
two processes serve the same servers (a hand-over), a claim the other process is sending is
looked at again every ``CLAIM_CHECK`` and taken over as soon as the store says its process
stopped (on PostgreSQL: at once, even after a SIGKILL); it is then settled as on start.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace

from bot.app_protocol import BotApp
from bot.config import Settings
from bot.store.digest import CLAIMED, DigestConfig, DigestPost
from bot.tasks import cancel_and_wait

from .clock import SystemClock
from .delivery import Claim, DigestService, Outcome, backoff_seconds
from .ports import Clock, Poster
from .schedule import Plan, ScheduleError, anchor_for, guard_date_for, parse_local_time, parse_timezone, plan

log = logging.getLogger("bot.digest")

# Even with nothing due, look again this often (cheap: two queries), so a change made where
# ``reschedule()`` could not be called is still picked up.
IDLE_RECHECK = dt.timedelta(hours=1)
# After an unexpected error in a turn, wait this long before the next one (no tight loop).
ERROR_PAUSE = dt.timedelta(minutes=1)
CONCURRENT_DELIVERIES = 10
# While another running process holds a claim on one of our servers, look at it this often: one
# query, and only while such a claim lasts (normally the second a post takes).
CLAIM_CHECK = dt.timedelta(seconds=5)


def plan_for(config: DigestConfig, last: DigestPost | None, now: dt.datetime, catchup: dt.timedelta,
             *, done_through: dt.date | None = None) -> Plan:
    """What to do about one server now. Raises ``ScheduleError`` for settings that no longer parse."""
    tz = parse_timezone(config.timezone)
    local_time = parse_local_time(config.local_time)
    last_due = last.scheduled_at if last else None
    guard = guard_date_for(last_due, tz)
    if done_through is not None and (guard is None or done_through > guard):
        guard = done_through
    return plan(local_time, tz, anchor=anchor_for(last_due, config.updated_at), guard_date=guard, now=now,
                catchup=catchup)


class DigestScheduler:
    """Posts every server's daily digest on time, exactly once. ``start()`` it; ``stop()`` it."""

    def __init__(self, app: BotApp, poster: Poster | None = None, clock: Clock | None = None,
                 settings: Settings | None = None, *, guild_filter: Callable[[int], bool] | None = None) -> None:
        self.app = app
        self.poster = poster if poster is not None else app.poster
        self.clock: Clock = clock or SystemClock()
        self.settings: Settings = settings or app.settings
        self.guild_filter = guild_filter
        self.service = DigestService(app, self.poster, self.clock, self.settings)
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._sleep_task: asyncio.Task[None] | None = None
        self._parked = False
        self._sleep_started = False
        self._retries: dict[int, tuple[dt.datetime, Claim]] = {}  # guild → (retry at, claim)
        self._done_through: dict[int, dt.date] = {}  # guild → last local date handled this run
        self._watching: set[tuple[int, dt.date, str | None]] = set()  # other processes' claims seen
        self._limit = asyncio.Semaphore(CONCURRENT_DELIVERIES)
        app.digest_scheduler = self  # lets /digest setup and /digest off call reschedule()

    # The Discord runtime sets ``owns_guild`` (its shard formula); same thing as guild_filter.
    @property
    def owns_guild(self) -> Callable[[int], bool] | None:
        return self.guild_filter

    @owns_guild.setter
    def owns_guild(self, value: Callable[[int], bool] | None) -> None:
        self.guild_filter = value

    def _owns(self, guild_id: int) -> bool:
        return self.guild_filter is None or bool(self.guild_filter(guild_id))

    # ---- life cycle --------------------------------------------------------------------------

    def start(self) -> asyncio.Task[None]:
        """Run in the background (idempotent)."""
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self.run(), name="briefbot-digest")
        return self._task

    async def stop(self) -> None:
        task, self._task = self._task, None
        await cancel_and_wait([task])

    close = stop

    def reschedule(self) -> None:
        """Settings changed: recompute due times now instead of at the next wake-up."""
        self._done_through.clear()
        self._parked = False
        self._wake.set()

    def is_idle(self) -> bool:
        """Sleeping with nothing to do until a due time or ``reschedule()`` (for tests and shutdown)."""
        return (self._parked and self._sleep_started and not self._wake.is_set()
                and self._sleep_task is not None and not self._sleep_task.done())

    # ---- the loop ----------------------------------------------------------------------------

    async def run(self) -> None:
        if self.poster is None:
            log.error("the daily digest cannot run without a way to post (no Poster given)")
            return
        try:
            await self.resume_unfinished()
        except Exception:
            log.exception("settling unfinished digests failed; continuing with the schedule")
        while True:
            self._wake.clear()
            try:
                next_at = await self.run_due()
            except Exception:
                log.exception("digest scheduling failed; trying again shortly")
                next_at = self.clock.now() + ERROR_PAUSE
            await self._wait(next_at)

    async def _wait(self, until: dt.datetime | None) -> None:
        now = self.clock.now()
        if until is None or until > now + IDLE_RECHECK:
            until = now + IDLE_RECHECK
        if until <= now or self._wake.is_set():
            await asyncio.sleep(0)
            return
        self._sleep_started = False
        sleeper = asyncio.create_task(self._sleep(until))
        waker = asyncio.create_task(self._wake.wait())
        self._sleep_task = sleeper
        self._parked = True
        try:
            await asyncio.wait({sleeper, waker}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            self._parked = False
            self._sleep_started = False
            await cancel_and_wait([sleeper, waker])

    async def _sleep(self, until: dt.datetime) -> None:
        self._sleep_started = True  # from here on the clock knows when to wake us
        await self.clock.sleep_until(until)

    async def resume_unfinished(self) -> list[Outcome]:
        """Settle claims a stopped process left behind, before anything new is posted. A claim
        whose process is known to be running (another process in a hand-over) is left to it."""
        store = self.service.store
        posts = [post for post in await store.unfinished() if self._owns(post.guild_id)]
        states = await store.owner_states(posts) if posts else {}
        outcomes: list[Outcome] = []
        for post in posts:
            if post.claimed_by != store.owner and states.get(post.claimed_by) == "alive":
                continue  # being sent right now; ``run_due`` watches it
            outcomes.append(await self._settle(post, await store.get_config(post.guild_id)))
        return outcomes

    async def _settle(self, post: DigestPost, config: DigestConfig | None) -> Outcome:
        """Take over an unfinished claim and finish it (found in the channel, or sent once)."""
        async with self._limit:
            outcome = await self.service.take_over(post, config)
        if outcome.status == "retry" and outcome.claim is not None:
            await self._schedule_retry(replace(outcome.claim, attempts=1), outcome)
        elif outcome.status != "already":
            done = self._done_through.get(post.guild_id)
            if done is None or post.local_date > done:
                self._done_through[post.guild_id] = post.local_date
        return outcome

    async def _others_claims(self, configs: dict[int, DigestConfig], lasts: dict[int, DigestPost]) -> tuple[
            list[DigestPost], bool]:
        """Other processes' unfinished claims on our servers: those whose process stopped (to be
        taken over now), and whether any is still being sent (look again in ``CLAIM_CHECK``)."""
        store = self.service.store
        claims = [post for guild_id, post in lasts.items()
                  if guild_id in configs and guild_id not in self._retries
                  and post.status == CLAIMED and post.claimed_by != store.owner]
        if not claims:
            self._watching.clear()
            return [], False
        states = await store.owner_states(claims)
        stopped = [post for post in claims if states.get(post.claimed_by) == "gone"]
        running = [post for post in claims if states.get(post.claimed_by) == "alive"]
        for post in running:
            seen = (post.guild_id, post.local_date, post.claimed_by)
            if seen not in self._watching:
                log.info("digest for server %s (%s) is being posted by %s; taking over if it stops",
                         post.guild_id, post.local_date, post.claimed_by)
            self._watching.add(seen)
        self._watching &= {(post.guild_id, post.local_date, post.claimed_by) for post in running}
        return stopped, bool(running)

    async def run_due(self) -> dt.datetime | None:
        """Deliver every digest due now; return when the next one is due (None: nothing planned)."""
        now = self.clock.now()
        store = self.service.store
        configs = [config for config in await store.configs() if self._owns(config.guild_id)]
        lasts = await store.last_posts(config.guild_id for config in configs)
        catchup = self.service.catchup
        jobs: list[Awaitable[object]] = []
        next_at: dt.datetime | None = None

        def later(when: dt.datetime) -> None:
            nonlocal next_at
            next_at = when if next_at is None else min(next_at, when)

        configured = {config.guild_id: config for config in configs}
        for guild_id in [g for g in self._retries if g not in configured]:
            del self._retries[guild_id]  # turned off meanwhile: the claim is settled on next start
        stopped, running = await self._others_claims(configured, lasts)
        if running:
            later(now + CLAIM_CHECK)
        taken = {post.guild_id for post in stopped}
        jobs.extend(self._settle(post, configured[post.guild_id]) for post in stopped)
        for config in configs:
            if config.guild_id in taken:
                continue  # planned again once the claim is settled (the next turn is at once)
            pending = self._retries.get(config.guild_id)
            if pending is not None:
                at, claim = pending
                if at <= now:
                    jobs.append(self._retry(claim))
                else:
                    later(at)
                continue
            try:
                decision = plan_for(config, lasts.get(config.guild_id), now, catchup,
                                    done_through=self._done_through.get(config.guild_id))
            except ScheduleError as error:
                log.warning("digest for server %s: settings cannot be used (%s)", config.guild_id, error)
                continue
            if decision.action == "wait":
                later(decision.slot.at)
            elif decision.action == "post":
                jobs.append(self._deliver(config, decision))
            else:
                jobs.append(self._skip(config, decision))
        if jobs:
            results = await asyncio.gather(*jobs, return_exceptions=True)
            for result in results:
                if isinstance(result, BaseException):
                    log.error("a digest delivery failed unexpectedly", exc_info=result)
            return self.clock.now()  # look again straight away: the next due times have moved
        return next_at

    async def _deliver(self, config: DigestConfig, decision: Plan) -> None:
        async with self._limit:
            outcome = await self.service.deliver(config, decision.slot)
        self._done_through[config.guild_id] = decision.slot.local_date
        if outcome.status == "retry" and outcome.claim is not None:
            await self._schedule_retry(replace(outcome.claim, attempts=1, check_channel_first=True), outcome)

    async def _skip(self, config: DigestConfig, decision: Plan) -> None:
        late = self.clock.now() - decision.slot.at
        hours = late.total_seconds() / 3600
        await self.service.skip(config, decision.slot,
                                f"missed by {hours:.1f} h (the bot was not running), more than the "
                                f"{self.settings.digest_catchup_hours:g} h catch-up window")
        self._done_through[config.guild_id] = decision.slot.local_date

    async def _retry(self, claim: Claim) -> None:
        del self._retries[claim.guild_id]
        async with self._limit:
            outcome = await self.service.attempt(claim)
        if outcome.status == "retry":
            await self._schedule_retry(replace(claim, attempts=claim.attempts + 1), outcome)

    async def _schedule_retry(self, claim: Claim, outcome: Outcome) -> None:
        """Try again after a backoff while that is inside the catch-up window; else give up for today."""
        at = self.clock.now() + dt.timedelta(seconds=backoff_seconds(claim.attempts, outcome.retry_after))
        if at - claim.due_at > self.service.catchup:
            await self.service.give_up(claim, outcome.error or "unknown error")
            self._done_through[claim.guild_id] = claim.local_date
            return
        self._retries[claim.guild_id] = (at, claim)
