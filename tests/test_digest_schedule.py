"""Schedule math: one slot per local day, DST gaps and overlaps, catch-up, zone changes."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.digest.schedule import (
    ScheduleError,
    Slot,
    anchor_for,
    describe_instant,
    format_local_date,
    guard_date_for,
    next_slot,
    parse_local_time,
    parse_timezone,
    plan,
    slot_for,
)

UTC = dt.UTC
NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
TOKYO = ZoneInfo("Asia/Tokyo")
CHICAGO = ZoneInfo("America/Chicago")
SIX_HOURS = dt.timedelta(hours=6)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def slots_between(local_time: dt.time, tz: ZoneInfo, start: dt.datetime, end: dt.datetime) -> list[Slot]:
    """Every slot a server would get from ``start`` to ``end``, as the scheduler walks them."""
    found: list[Slot] = []
    after, guard = start, None
    while True:
        slot = next_slot(local_time, tz, after=after, guard_date=guard)
        if slot.at > end:
            return found
        found.append(slot)
        after, guard = slot.at, slot.local_date


# ---- DST ----------------------------------------------------------------------------------------


def test_spring_forward_new_york_runs_at_three_am_once() -> None:
    slots = slots_between(dt.time(2, 30), NEW_YORK, utc(2026, 3, 6), utc(2026, 3, 11))
    assert [s.local_date.day for s in slots] == [6, 7, 8, 9, 10]
    gap_day = slots[2]
    assert gap_day.at == utc(2026, 3, 8, 7, 0)  # 03:00 EDT, the first valid local time after 02:00
    assert gap_day.at.astimezone(NEW_YORK).strftime("%H:%M %Z") == "03:00 EDT"
    assert slots[1].at.astimezone(NEW_YORK).strftime("%H:%M") == "02:30"
    assert slots[3].at.astimezone(NEW_YORK).strftime("%H:%M") == "02:30"


def test_spring_forward_london_runs_at_the_first_instant_after_the_gap() -> None:
    slots = slots_between(dt.time(1, 30), LONDON, utc(2026, 3, 27), utc(2026, 3, 31))
    assert [s.local_date.day for s in slots] == [27, 28, 29, 30]
    assert slots[2].at == utc(2026, 3, 29, 1, 0)  # 02:00 BST
    assert slots[2].at.astimezone(LONDON).strftime("%H:%M %Z") == "02:00 BST"


@pytest.mark.parametrize(("tz", "day", "expected"), [
    (NEW_YORK, dt.date(2026, 11, 1), utc(2026, 11, 1, 5, 30)),  # 01:30 EDT, not 01:30 EST an hour later
    (LONDON, dt.date(2026, 10, 25), utc(2026, 10, 25, 0, 30)),  # 01:30 BST, not 01:30 GMT
])
def test_fall_back_runs_once_at_the_first_occurrence(tz: ZoneInfo, day: dt.date, expected: dt.datetime) -> None:
    slots = slots_between(dt.time(1, 30), tz, dt.datetime.combine(day - dt.timedelta(days=2), dt.time(), UTC),
                          dt.datetime.combine(day + dt.timedelta(days=2), dt.time(), UTC))
    on_the_day = [s for s in slots if s.local_date == day]
    assert [s.at for s in on_the_day] == [expected]
    assert len({s.local_date for s in slots}) == len(slots)  # never two on one local day


ZONES = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Santiago", "Asia/Tehran",
         "Pacific/Chatham", "America/Havana", "Africa/Casablanca", "UTC", "Asia/Kolkata"]


@settings(max_examples=60, deadline=None)
@given(zone=st.sampled_from(ZONES), hour=st.integers(0, 23), minute=st.sampled_from([0, 15, 30, 45, 59]),
       start_day=st.integers(0, 364))
def test_every_local_day_gets_exactly_one_slot(zone: str, hour: int, minute: int, start_day: int) -> None:
    """Over any 60 days in zones with odd DST rules, each local date gets one slot, in order."""
    tz = ZoneInfo(zone)
    start = utc(2026, 1, 1) + dt.timedelta(days=start_day)
    slots = slots_between(dt.time(hour, minute), tz, start, start + dt.timedelta(days=60))
    dates = [s.local_date for s in slots]
    assert dates == sorted(set(dates))
    assert all((b - a).days == 1 for a, b in itertools.pairwise(dates))
    for slot in slots:
        local = slot.at.astimezone(tz)
        wall = dt.datetime.combine(slot.local_date, dt.time(hour, minute))
        # Either the wall time itself, or (inside a gap) the first instant after it.
        assert local.replace(tzinfo=None) >= wall
        assert local.replace(tzinfo=None) - wall <= dt.timedelta(hours=1)
        if local.replace(tzinfo=None) != wall:
            assert (slot.at - dt.timedelta(seconds=1)).astimezone(tz).replace(tzinfo=None) < wall


# ---- catch-up -----------------------------------------------------------------------------------


def test_due_slot_is_posted_and_future_one_waited_for() -> None:
    eight = dt.time(8, 0)
    last = utc(2026, 6, 9, 12, 0)  # 08:00 EDT on 9 June
    waiting = plan(eight, NEW_YORK, anchor=last, guard_date=dt.date(2026, 6, 9), now=utc(2026, 6, 10, 11, 59),
                   catchup=SIX_HOURS)
    assert (waiting.action, waiting.slot.at) == ("wait", utc(2026, 6, 10, 12, 0))
    due = plan(eight, NEW_YORK, anchor=last, guard_date=dt.date(2026, 6, 9), now=utc(2026, 6, 10, 12, 0),
               catchup=SIX_HOURS)
    assert (due.action, due.slot.local_date) == ("post", dt.date(2026, 6, 10))


def test_missed_inside_the_window_posts_late_outside_skips() -> None:
    eight = dt.time(8, 0)
    last = utc(2026, 6, 9, 12, 0)
    late = plan(eight, NEW_YORK, anchor=last, guard_date=dt.date(2026, 6, 9), now=utc(2026, 6, 10, 17, 59),
                catchup=SIX_HOURS)
    assert (late.action, late.slot.local_date) == ("post", dt.date(2026, 6, 10))
    too_late = plan(eight, NEW_YORK, anchor=last, guard_date=dt.date(2026, 6, 9), now=utc(2026, 6, 10, 18, 1),
                    catchup=SIX_HOURS)
    assert (too_late.action, too_late.slot.local_date) == ("skip", dt.date(2026, 6, 10))


def test_after_days_of_downtime_only_the_latest_day_counts() -> None:
    eight = dt.time(8, 0)
    decision = plan(eight, NEW_YORK, anchor=utc(2026, 6, 1, 12, 0), guard_date=dt.date(2026, 6, 1),
                    now=utc(2026, 6, 10, 13, 0), catchup=SIX_HOURS)
    assert (decision.action, decision.slot.local_date) == ("post", dt.date(2026, 6, 10))


def test_setup_after_todays_time_waits_for_tomorrow() -> None:
    decision = plan(dt.time(8, 0), NEW_YORK, anchor=utc(2026, 6, 10, 13, 0), guard_date=None,
                    now=utc(2026, 6, 10, 13, 0), catchup=SIX_HOURS)
    assert (decision.action, decision.slot.at) == ("wait", utc(2026, 6, 11, 12, 0))


# ---- time zone changes --------------------------------------------------------------------------


def test_zone_change_never_gives_two_digests_on_one_local_day() -> None:
    """08:00 New York posted on 10 June; at 10:00 New York the server moves to Chicago, 08:00.

    10:00 New York is 09:00 Chicago on the same date: Chicago's 08:00 has passed, and the
    digest of that local date was already posted, so the next one is tomorrow.
    """
    posted = utc(2026, 6, 10, 12, 0)
    changed = utc(2026, 6, 10, 14, 0)
    decision = plan(dt.time(8, 0), CHICAGO, anchor=anchor_for(posted, changed),
                    guard_date=guard_date_for(posted, CHICAGO), now=changed, catchup=SIX_HOURS)
    assert decision.slot.local_date == dt.date(2026, 6, 11)
    # Even a later time that same day in the new zone does not post again on 10 June.
    later_time = plan(dt.time(11, 0), CHICAGO, anchor=anchor_for(posted, changed),
                      guard_date=guard_date_for(posted, CHICAGO), now=changed, catchup=SIX_HOURS)
    assert later_time.slot.local_date == dt.date(2026, 6, 11)


def test_zone_change_to_a_zone_already_on_the_next_day_posts_that_day() -> None:
    """New York → Tokyo: 12:00 UTC is 21:00 on 10 June in Tokyo, so 11 June in Tokyo is new."""
    posted = utc(2026, 6, 10, 12, 0)
    changed = utc(2026, 6, 10, 14, 0)
    decision = plan(dt.time(8, 0), TOKYO, anchor=anchor_for(posted, changed),
                    guard_date=guard_date_for(posted, TOKYO), now=changed, catchup=SIX_HOURS)
    assert (decision.action, decision.slot.local_date) == ("wait", dt.date(2026, 6, 11))
    assert decision.slot.at == utc(2026, 6, 10, 23, 0)


# ---- parsing and wording ------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["8", "25:00", "08:60", "noon", "", "8:5"])
def test_bad_times_are_refused_with_a_hint(text: str) -> None:
    with pytest.raises(ScheduleError, match=r"HH:MM|00 to 23"):
        parse_local_time(text)


@pytest.mark.parametrize(("text", "expected"), [("08:00", dt.time(8)), ("8:05", dt.time(8, 5)),
                                                ("23:59", dt.time(23, 59)), (" 07.30 ", dt.time(7, 30))])
def test_times_are_read(text: str, expected: dt.time) -> None:
    assert parse_local_time(text) == expected


def test_timezones_are_read_in_any_case_and_unknown_ones_refused() -> None:
    assert parse_timezone("america/new_york").key == "America/New_York"
    assert parse_timezone("Europe/London").key == "Europe/London"
    with pytest.raises(ScheduleError, match="not a time zone"):
        parse_timezone("Mars/Olympus_Mons")
    with pytest.raises(ScheduleError):
        parse_timezone("")


def test_dates_and_instants_read_naturally() -> None:
    assert format_local_date(dt.date(2026, 11, 28)) == "Saturday 28 November 2026"
    text = describe_instant(utc(2026, 3, 9, 12, 0), NEW_YORK)
    assert "08:00 EDT" in text and "12:00 UTC" in text


def test_slot_for_regular_day_is_the_local_time() -> None:
    assert slot_for(dt.date(2026, 1, 15), dt.time(8, 0), TOKYO).at == utc(2026, 1, 14, 23, 0)
