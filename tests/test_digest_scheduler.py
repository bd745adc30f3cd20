"""The scheduler over simulated days: on time, once per local day, through DST, restarts and failures.

Time is a ``FakeClock``: ``run_until`` wakes the scheduler at each time it asked for, so a
week passes in milliseconds and every post lands at an exact, checkable instant.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.config import Settings
from bot.dburl import parse_target
from bot.digest.content import page_nonce
from bot.digest.scheduler import DigestScheduler
from bot.model import DocumentRecord, FundingRecord, InitiativeRecord, Snapshot
from bot.reply.payload import validate_payload
from bot.store import SqliteStore, Store
from bot.store.digest import FAILED, POSTED, SKIPPED
from tests.digest_fakes import Failure, FakeClock, FakePoster

UTC = dt.UTC
GUILD = 111_111_111_111_111_111
CHANNEL = 222_222_222_222_222_222
OLD = dt.datetime(2025, 1, 1, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def corpus(initiatives: int = 6, *, new_docs: int = 0, new_at: dt.datetime | None = None) -> Snapshot:
    """One old fact sheet with ``initiatives`` initiatives, plus ``new_docs`` stored at ``new_at``."""
    docs = [DocumentRecord(1, "Old Fact Sheet", dt.date(2024, 12, 1), "https://example.gov/old", "old.md", (), OLD,
                           initiatives)]
    inits = [InitiativeRecord(10 + n, 1, f"Initiative number {n}", None, n, f"What initiative {n} does.", (), ())
             for n in range(initiatives)]
    funding = [FundingRecord(100 + n, 1, 10 + n, (n + 1) * 1e6, f"${n + 1} million", None,
                             f"It spends ${n + 1} million.", "budget request", 2025, True, None, None, n)
               for n in range(initiatives)]
    for k in range(new_docs):
        doc_id = 50 + k
        docs.append(DocumentRecord(doc_id, f"New Fact Sheet {k}", dt.date(2026, 1, 1), f"https://example.gov/new{k}",
                                   f"new{k}.md", (), new_at or OLD, 2))
        inits += [InitiativeRecord(1000 + doc_id * 10 + j, doc_id, f"New initiative {k}.{j}", None, j, "Text.", (), ())
                  for j in range(2)]
    return Snapshot(1, tuple(docs), tuple(inits), tuple(funding), ())


class Bot:
    """One running process: the app, its scheduler, and the shared fake Discord and clock."""

    def __init__(self, store: Store, clock: FakeClock, poster: FakePoster, index: Any,
                 settings: Settings, **scheduler_options: Any) -> None:
        self.store = store
        self.clock = clock
        self.poster = poster
        self.app = SimpleNamespace(store=store, index=index, settings=settings, poster=poster)
        self.scheduler = DigestScheduler(self.app, poster, clock, settings, **scheduler_options)

    async def setup(self, guild: int = GUILD, channel: int = CHANNEL, time: str = "08:00",
                    zone: str = "America/New_York") -> None:
        await self.store.digest.save_config(guild, channel, time, zone, self.clock.now())
        self.scheduler.reschedule()

    def start(self) -> None:
        self.scheduler.start()

    async def run_until(self, end: dt.datetime) -> None:
        await self.clock.run_until(end, self.scheduler.is_idle)

    async def stop(self) -> None:
        await self.scheduler.stop()


@pytest.fixture
def settings(db_target: Path | str) -> Settings:
    """On both backends: every scheduler test runs on SQLite and on PostgreSQL."""
    return Settings(db_path=parse_target(db_target), digest_catchup_hours=6.0)


@dataclass
class World:
    """A database, a clock, a fake Discord and the fact sheets every bot of a test shares."""

    store: Store
    clock: FakeClock
    poster: FakePoster
    settings: Settings
    index: Snapshot
    bots: list[Bot] = field(default_factory=list)

    def bot(self, store_: Store | None = None, **options: Any) -> Bot:
        made = Bot(store_ or self.store, self.clock, self.poster, self.index, self.settings, **options)
        self.bots.append(made)
        return made

    def start_at(self, when: dt.datetime) -> None:
        """Begin the simulation at ``when`` instead (before any bot is made)."""
        assert not self.bots
        self.clock = self.poster.clock = FakeClock(when)


@pytest.fixture
async def world(db_target: Path | str, settings: Settings) -> AsyncIterator[World]:
    """A database, a clock at 1 June 2026 00:00 UTC, a fake Discord; bots are started per test."""
    clock = FakeClock(utc(2026, 6, 1))
    state = World(await Store.open(db_target), clock, FakePoster(clock=clock), settings, corpus())
    try:
        yield state
    finally:
        for made in state.bots:
            await made.stop()
        await state.store.close()


def sent_times(poster: FakePoster, channel: int = CHANNEL) -> list[dt.datetime]:
    """When each digest (not each message) reached the channel."""
    times: list[dt.datetime] = []
    for messages in poster.digests(channel).values():
        sent_at = messages[0].sent_at
        assert sent_at is not None, "the poster stamps each message with its clock's time"
        times.append(sent_at)
    return times


def local_dates(times: list[dt.datetime], zone: str) -> list[dt.date]:
    return [t.astimezone(ZoneInfo(zone)).date() for t in times]


# ---- on time, once a day, through DST -------------------------------------------------------------


@pytest.mark.parametrize(("zone", "time", "start", "end", "gap_day", "expected_at"), [
    ("America/New_York", "02:30", utc(2026, 3, 6), utc(2026, 3, 11), dt.date(2026, 3, 8), utc(2026, 3, 8, 7, 0)),
    ("Europe/London", "01:30", utc(2026, 3, 27), utc(2026, 3, 31), dt.date(2026, 3, 29), utc(2026, 3, 29, 1, 0)),
])
async def test_spring_forward_posts_once_at_the_next_valid_time(world: World, zone: str, time: str,
                                                                start: dt.datetime, end: dt.datetime,
                                                                gap_day: dt.date, expected_at: dt.datetime) -> None:
    world.start_at(start)
    bot = world.bot()
    await bot.setup(time=time, zone=zone)
    bot.start()
    await bot.run_until(end)
    times = sent_times(world.poster)
    days = local_dates(times, zone)
    assert days == sorted(set(days)), "two digests on one local day"
    assert len(days) == (end - start).days
    assert [t for t, d in zip(times, days, strict=True) if d == gap_day] == [expected_at]


@pytest.mark.parametrize(("zone", "day", "expected_at"), [
    ("America/New_York", dt.date(2026, 11, 1), utc(2026, 11, 1, 5, 30)),
    ("Europe/London", dt.date(2026, 10, 25), utc(2026, 10, 25, 0, 30)),
])
async def test_fall_back_posts_once(world: World, zone: str, day: dt.date, expected_at: dt.datetime) -> None:
    world.start_at(dt.datetime.combine(day - dt.timedelta(days=2), dt.time(12), UTC))
    bot = world.bot()
    await bot.setup(time="01:30", zone=zone)
    bot.start()
    await bot.run_until(dt.datetime.combine(day + dt.timedelta(days=2), dt.time(12), UTC))
    times = sent_times(world.poster)
    days = local_dates(times, zone)
    assert days.count(day) == 1
    assert expected_at in times
    assert len(days) == len(set(days)) == 4


async def test_setup_wakes_the_sleeping_scheduler(world: World) -> None:
    """Nothing configured: the scheduler sleeps. Setting up 08:10 at 08:00 posts at 08:10 sharp."""
    world.clock.set(utc(2026, 6, 1, 12, 0))  # 08:00 in New York
    bot = world.bot()
    bot.start()
    await bot.run_until(utc(2026, 6, 1, 12, 0))
    await bot.setup(time="08:10")
    await bot.run_until(utc(2026, 6, 1, 12, 11))
    assert sent_times(world.poster) == [utc(2026, 6, 1, 12, 10)]


async def test_turning_off_stops_the_digest(world: World) -> None:
    bot = world.bot()
    await bot.setup()
    bot.start()
    await bot.run_until(utc(2026, 6, 2, 13, 0))
    assert len(sent_times(world.poster)) == 2  # 1 and 2 June
    await world.store.digest.disable(GUILD, world.clock.now())
    bot.scheduler.reschedule()
    await bot.run_until(utc(2026, 6, 6))
    assert len(sent_times(world.poster)) == 2


async def test_hundred_servers_each_post_once_at_their_own_time(world: World) -> None:
    rng = random.Random(20260601)
    zones = ["America/New_York", "Europe/London", "Asia/Tokyo", "Australia/Sydney", "America/Los_Angeles",
             "Asia/Kolkata", "UTC", "Pacific/Auckland"]
    bot = world.bot()
    servers = {}
    for n in range(100):
        guild, channel = 10_000 + n, 20_000 + n
        time = f"{rng.randrange(24):02d}:{rng.choice([0, 7, 15, 30, 45, 59]):02d}"
        zone = rng.choice(zones)
        servers[guild] = (channel, time, zone)
        await world.store.digest.save_config(guild, channel, time, zone, world.clock.now())
    sleeps: Counter[str] = Counter()
    real_sleep = world.clock.sleep_until

    async def counting_sleep(when: dt.datetime) -> None:
        sleeps["calls"] += 1
        await real_sleep(when)

    world.clock.sleep_until = counting_sleep  # type: ignore[method-assign]  # counts the scheduler's sleeps
    bot.start()
    end = utc(2026, 6, 3)
    await bot.run_until(end)
    for guild, (channel, time, zone) in servers.items():
        times = sent_times(world.poster, channel)
        tz = ZoneInfo(zone)
        expected = []
        for day in (dt.date(2026, 5, 31) + dt.timedelta(days=n) for n in range(4)):
            at = dt.datetime.combine(day, dt.time.fromisoformat(time), tz).astimezone(UTC)
            if utc(2026, 6, 1) < at <= end:
                expected.append(at)
        assert times == expected, f"server {guild} at {time} {zone}"
    # One wake-up per distinct due time (plus an hourly look), never one per server per tick.
    distinct_due = {t for channel, _, _ in servers.values() for t in sent_times(world.poster, channel)}
    assert sleeps["calls"] <= len(distinct_due) + 48 + 5


# ---- /digest now, zone changes ----------------------------------------------------------------------


async def test_post_now_counts_as_todays_digest(world: World) -> None:
    from bot.commands.digest import now as digest_now
    from bot.commands.spec import Invocation

    world.clock.set(utc(2026, 6, 1, 11, 0))  # 07:00 New York
    bot = world.bot()
    await bot.setup(time="08:00")
    bot.start()
    await bot.run_until(utc(2026, 6, 1, 11, 0))
    reply = await digest_now(bot.app, {}, Invocation(user_id=1, guild_id=GUILD, is_admin=True))
    assert not reply.error
    assert "Posted today's digest" in reply.pages[0].content
    await bot.run_until(utc(2026, 6, 2, 13, 0))
    assert sent_times(world.poster) == [utc(2026, 6, 1, 11, 0), utc(2026, 6, 2, 12, 0)]
    again = await digest_now(bot.app, {}, Invocation(user_id=1, guild_id=GUILD, is_admin=True))
    assert "already" in again.pages[0].content
    assert len(sent_times(world.poster)) == 2


async def test_zone_change_same_local_day_does_not_post_twice(world: World) -> None:
    world.clock.set(utc(2026, 6, 10, 6, 0))
    bot = world.bot()
    await bot.setup(time="08:00", zone="America/New_York")
    bot.start()
    await bot.run_until(utc(2026, 6, 10, 14, 0))  # posted at 12:00 UTC (08:00 EDT)
    await bot.setup(time="10:00", zone="America/Chicago")  # 09:00 in Chicago, still 10 June there
    await bot.run_until(utc(2026, 6, 12, 0, 0))
    times = sent_times(world.poster)
    assert times == [utc(2026, 6, 10, 12, 0), utc(2026, 6, 11, 15, 0)]  # not 15:00 UTC on 10 June


async def test_zone_change_to_a_zone_on_a_new_date_posts_on_that_date(world: World) -> None:
    world.clock.set(utc(2026, 6, 10, 6, 0))
    bot = world.bot()
    await bot.setup(time="08:00", zone="America/New_York")
    bot.start()
    await bot.run_until(utc(2026, 6, 10, 14, 0))
    await bot.setup(time="08:00", zone="Asia/Tokyo")  # 23:00 on 10 June in Tokyo
    await bot.run_until(utc(2026, 6, 12, 0, 0))
    times = sent_times(world.poster)
    assert times == [utc(2026, 6, 10, 12, 0), utc(2026, 6, 10, 23, 0), utc(2026, 6, 11, 23, 0)]
    assert local_dates(times[1:], "Asia/Tokyo") == [dt.date(2026, 6, 11), dt.date(2026, 6, 12)]


async def test_moving_back_west_reuses_a_date_key_without_losing_a_day(world: World) -> None:
    """Tokyo's 11 June digest is stored under 11 June; New York's own 11 June still gets one."""
    world.clock.set(utc(2026, 6, 10, 12, 0))
    bot = world.bot()
    await bot.setup(time="08:00", zone="Asia/Tokyo")
    bot.start()
    await bot.run_until(utc(2026, 6, 10, 23, 30))  # Tokyo 11 June 08:00 posted
    await bot.setup(time="20:00", zone="America/New_York")  # 19:30 on 10 June in New York
    await bot.run_until(utc(2026, 6, 13, 0, 30))
    days = local_dates(sent_times(world.poster)[1:], "America/New_York")
    # 10 June (New York) already had a digest at 19:00 local; then 11 and 12 June at 20:00.
    assert days == [dt.date(2026, 6, 11), dt.date(2026, 6, 12)]


# ---- downtime and restarts ----------------------------------------------------------------------------


async def test_digest_missed_inside_the_window_is_posted_once_on_start(world: World) -> None:
    await world.store.digest.save_config(GUILD, CHANNEL, "08:00", "America/New_York", utc(2026, 6, 1))
    world.clock.set(utc(2026, 6, 1, 12, 30))  # the bot starts 30 minutes after the 08:00 digest was due
    bot = world.bot()
    bot.start()
    await bot.run_until(utc(2026, 6, 1, 20, 0))
    assert sent_times(world.poster) == [utc(2026, 6, 1, 12, 30)]


async def test_digest_missed_by_more_than_the_window_is_skipped(world: World) -> None:
    await world.store.digest.save_config(GUILD, CHANNEL, "08:00", "America/New_York", utc(2026, 6, 1))
    world.clock.set(utc(2026, 6, 1, 18, 30))  # 6.5 hours late
    bot = world.bot()
    bot.start()
    await bot.run_until(utc(2026, 6, 2, 13, 0))
    assert sent_times(world.poster) == [utc(2026, 6, 2, 12, 0)]
    skipped = await world.store.digest.get_post(GUILD, dt.date(2026, 6, 1))
    assert skipped is not None and skipped.status == SKIPPED


async def test_restarts_never_post_twice(world: World, db_target: Path | str) -> None:
    """Restart every 5 hours and 7 minutes for four days, including around due times."""
    await world.store.digest.save_config(GUILD, CHANNEL, "08:00", "America/New_York", utc(2026, 6, 1))
    end = utc(2026, 6, 5)
    store = world.store
    while world.clock.now() < end:
        bot = world.bot(store)
        bot.start()
        await bot.run_until(min(world.clock.now() + dt.timedelta(hours=5, minutes=7), end))
        await bot.stop()
        await store.close()
        store = world.store = await Store.open(db_target)
    assert sent_times(world.poster) == [utc(2026, 6, d, 12, 0) for d in (1, 2, 3, 4)]


@pytest.mark.parametrize("reached_discord", [True, False])
async def test_restart_between_claim_and_result(world: World, db_target: Path | str,
                                                reached_discord: bool) -> None:
    """The process stops while sending. On start, the channel is checked for the digest's marker."""
    world.clock.set(utc(2026, 6, 1, 11, 0))
    first = world.bot()
    await first.setup()
    world.poster.hang = "after" if reached_discord else "before"
    first.start()
    world.clock.set(utc(2026, 6, 1, 12, 0))
    await world.poster.hanging.wait()
    await first.stop()  # the process dies with the claim recorded and no outcome
    await world.store.close()
    claim = None
    world.store = await Store.open(db_target)
    claim = await world.store.digest.get_post(GUILD, dt.date(2026, 6, 1))
    assert claim is not None and claim.status == "claimed"
    assert len(world.poster.messages(CHANNEL)) == (1 if reached_discord else 0)
    world.poster.hang = None
    world.poster.add_message(CHANNEL, "someone chats in the channel meanwhile")
    world.clock.set(utc(2026, 6, 1, 12, 20))
    second = world.bot(world.store)
    second.start()
    await second.run_until(utc(2026, 6, 1, 20, 0))
    digests = world.poster.digests(CHANNEL)
    digests.pop("", None)  # the chat message
    assert len(digests) == 1
    assert len(next(iter(digests.values()))) == 1
    row = await world.store.digest.get_post(GUILD, dt.date(2026, 6, 1))
    assert row is not None and row.status == POSTED
    assert list(row.message_ids) == [next(iter(digests.values()))[0].id]
    assert world.poster.send_calls == (1 if reached_discord else 2)


# ---- spotlight ------------------------------------------------------------------------------------------


@pytest.mark.sqlite_only  # reads the rotation rows through the SQLite connection
async def test_spotlight_never_repeats_before_every_initiative_was_shown(world: World) -> None:
    world.index = corpus(initiatives=5)
    bot = world.bot()
    await bot.setup()
    bot.start()
    await bot.run_until(utc(2026, 6, 12, 13, 0))  # 12 digests, no new fact sheets
    spotlights = []
    for messages in world.poster.digests(CHANNEL).values():
        description = messages[0].embeds[0]["description"]
        spotlights.append(description.split("**Spotlight: ", 1)[1].split("**", 1)[0])
    assert len(spotlights) == 12
    everything = {f"Initiative number {n}" for n in range(5)}
    assert set(spotlights[:5]) == everything and len(set(spotlights[:5])) == 5
    assert set(spotlights[5:10]) == everything
    store = world.store
    assert isinstance(store, SqliteStore)
    cycles = await store.connection.execute_fetchall(
        "SELECT cycle, count(*) FROM digest_spotlight WHERE guild_id = ? GROUP BY cycle ORDER BY cycle", (GUILD,))
    assert [tuple(row) for row in cycles] == [(0, 5), (1, 5), (2, 2)]


async def test_new_fact_sheets_are_listed_once_and_spread_over_messages_when_needed(world: World) -> None:
    world.index = corpus(new_docs=9, new_at=utc(2026, 6, 1, 3, 0))
    bot = world.bot()
    await bot.setup()
    bot.start()
    await bot.run_until(utc(2026, 6, 2, 13, 0))
    digests = list(world.poster.digests(CHANNEL).values())
    assert len(digests) == 2
    first, second = digests
    assert len(first) == 2  # nine fact sheets do not fit one message: one digest in two messages
    listed = [field["name"] for message in first for field in message.embeds[0]["fields"]]
    assert sorted(listed) == sorted(f"New Fact Sheet {k}" for k in range(9))
    for message in first:
        validate_payload({"content": message.content, "embeds": message.embeds, "allowed_mentions": {"parse": []}})
    row = await world.store.digest.get_post(GUILD, dt.date(2026, 6, 1))
    assert row is not None and list(row.message_ids) == [m.id for m in first]
    assert "Spotlight" in second[0].embeds[0]["description"]  # nothing new on 2 June


# ---- failures -------------------------------------------------------------------------------------------


async def test_forbidden_channel_is_recorded_logged_once_and_retried_daily(world: World,
                                                                          caplog: pytest.LogCaptureFixture) -> None:
    world.poster.forbidden.add(CHANNEL)
    bot = world.bot()
    await bot.setup()
    bot.start()
    with caplog.at_level(logging.DEBUG, logger="bot.digest"):
        await bot.run_until(utc(2026, 6, 3, 13, 0))
    assert world.poster.send_calls == 3  # once a day, no retry storm
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING and "failed" in r.getMessage()]
    assert len(warnings) == 1
    for day in (1, 2, 3):
        row = await world.store.digest.get_post(GUILD, dt.date(2026, 6, day))
        assert row is not None and row.status == FAILED and "permission" in (row.error or "")
    config = await world.store.digest.get_config(GUILD)
    assert config is not None and "permission" in (config.last_error or "")
    world.poster.forbidden.clear()  # an admin fixes the permission
    await bot.run_until(utc(2026, 6, 4, 13, 0))
    assert sent_times(world.poster) == [utc(2026, 6, 4, 12, 0)]
    config = await world.store.digest.get_config(GUILD)
    assert config is not None and config.last_error is None


async def test_deleted_channel_is_recorded(world: World) -> None:
    world.poster.deleted.add(CHANNEL)
    bot = world.bot()
    await bot.setup()
    bot.start()
    await bot.run_until(utc(2026, 6, 1, 13, 0))
    row = await world.store.digest.get_post(GUILD, dt.date(2026, 6, 1))
    assert row is not None and row.status == FAILED and "deleted" in (row.error or "")


async def test_transient_errors_are_retried_with_backoff(world: World) -> None:
    world.poster.failures = [Failure("transient"), Failure("transient", retry_after=100.0)]
    bot = world.bot()
    await bot.setup()
    bot.start()
    await bot.run_until(utc(2026, 6, 1, 13, 0))
    # Due 12:00; fails; 30 s backoff; fails asking for 100 s (more than the 60 s backoff); posts.
    assert sent_times(world.poster) == [utc(2026, 6, 1, 12, 2, 10)]
    assert world.poster.send_calls == 3


async def test_lost_response_is_not_posted_twice(world: World) -> None:
    """Discord took the message but the answer was a 502: the retry finds the marker instead."""
    world.poster.failures = [Failure("transient", deliver_first=True)]
    bot = world.bot()
    await bot.setup()
    bot.start()
    await bot.run_until(utc(2026, 6, 1, 13, 0))
    assert len(world.poster.messages(CHANNEL)) == 1
    assert world.poster.send_calls == 1
    row = await world.store.digest.get_post(GUILD, dt.date(2026, 6, 1))
    assert row is not None and row.status == POSTED


async def test_every_send_of_a_day_carries_the_same_page_nonces(world: World) -> None:
    """A resend (here a retry; after a takeover, another process's) carries the nonces of the first
    send, so Discord returns a page that landed late instead of posting it twice."""
    world.poster.failures = [Failure("transient")]
    bot = world.bot()
    await bot.setup()
    bot.start()
    await bot.run_until(utc(2026, 6, 1, 13, 0))
    row = await world.store.digest.get_post(GUILD, dt.date(2026, 6, 1))
    assert row is not None and row.status == POSTED
    assert world.poster.send_calls == 2
    first, again = world.poster.nonces_sent
    assert first == again == [page_nonce(row.marker, 0)]
    assert len(first[0]) <= 25  # Discord's limit for a nonce
    assert page_nonce(row.marker, 1) != first[0]


async def test_transient_errors_past_the_window_fail_the_day(world: World) -> None:
    world.poster.failures = [Failure("transient", retry_after=3600.0)] * 12
    bot = world.bot()
    await bot.setup()
    bot.start()
    await bot.run_until(utc(2026, 6, 1, 23, 0))
    assert world.poster.messages(CHANNEL) == []
    # Hourly from 12:00 to 18:00, the end of the 6-hour window; 19:00 would be past it.
    assert world.poster.send_calls == 7
    row = await world.store.digest.get_post(GUILD, dt.date(2026, 6, 1))
    assert row is not None and row.status == FAILED
    world.poster.failures = []
    await bot.run_until(utc(2026, 6, 2, 13, 0))
    assert sent_times(world.poster) == [utc(2026, 6, 2, 12, 0)]


async def test_only_servers_of_this_process_are_handled(world: World) -> None:
    bot = world.bot(guild_filter=lambda guild: guild % 2 == 0)
    for guild in (2, 3, 4, 5):
        await world.store.digest.save_config(guild, 1000 + guild, "08:00", "UTC", world.clock.now())
    bot.start()
    await bot.run_until(utc(2026, 6, 1, 9, 0))
    assert [bool(world.poster.messages(1000 + g)) for g in (2, 3, 4, 5)] == [True, False, True, False]
