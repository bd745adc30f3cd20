"""When a server's digest is due: pure functions over aware datetimes and ``zoneinfo``.

A server picks a local time (``HH:MM``) and an IANA zone. Each local calendar day has one
*slot*: that wall-clock time on that day, resolved to an instant:

- a time that does not exist (the hour skipped when clocks spring forward) resolves to the
  first valid instant after the gap: 02:30 on 2026-03-08 in New York runs at 03:00 EDT;
- a time that happens twice (clocks fall back) resolves to its first occurrence (``fold=0``).

Rules that keep one digest per server per local day:

- the next slot is the first one strictly after the *anchor* (the later of the last digest's
  due time and the moment the settings last changed) whose local date is after the *guard
  date*: the local date, in the server's current zone, of the last digest's due time;
- changing the zone therefore never gives two digests on the same local day of the new
  zone. It may bring the next digest closer than 24 hours (08:00 New York, then switched to
  Asia/Tokyo at 10:00 New York: the next one is 08:00 Tokyo, 11 hours after the last), but
  only when that zone's local date is a new one; there is no minimum gap beyond that;
- a slot missed by no more than the catch-up window is posted late, once; one missed by more
  is recorded as skipped, and the next slot is waited for.

Everything here is deterministic and does no I/O; the scheduler and ``/digest status`` share it.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

UTC = dt.UTC
_TIME_RE = re.compile(r"^\s*(\d{1,2})\s*[:.h]\s*(\d{2})\s*$")
# A slot search never needs more than a few days; this bounds it even for odd zones.
_MAX_DAYS_SEARCHED = 10


class ScheduleError(ValueError):
    """A time or zone a person typed cannot be used; the message says how to fix it."""


@dataclass(frozen=True, slots=True)
class Slot:
    """One day's digest: the server's local date it belongs to and the UTC instant it is due."""

    local_date: dt.date
    at: dt.datetime  # aware, UTC


@dataclass(frozen=True, slots=True)
class Plan:
    """What the scheduler should do about one server now.

    ``wait``: sleep until ``slot.at``; ``post``: post ``slot`` now (on time or within the
    catch-up window); ``skip``: ``slot`` was missed by more than the window — record it skipped.
    """

    action: Literal["wait", "post", "skip"]
    slot: Slot


def parse_local_time(text: str) -> dt.time:
    """``HH:MM`` (24-hour; ``8:05``, ``08.05`` and ``08h05`` are accepted too)."""
    match = _TIME_RE.match(text or "")
    if not match:
        raise ScheduleError(f"“{text}” is not a time: use HH:MM, 24-hour, e.g. 08:00 or 17:30")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise ScheduleError(f"“{text}” is not a time of day: hours go from 00 to 23, minutes from 00 to 59")
    return dt.time(hour, minute)


def format_local_time(value: dt.time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


@lru_cache(maxsize=1)
def available_timezones() -> tuple[str, ...]:
    """Every IANA zone name this machine knows, sorted (tzdata is a dependency)."""
    return tuple(sorted(zoneinfo.available_timezones()))


@lru_cache(maxsize=1)
def _zones_by_folded_name() -> dict[str, str]:
    return {name.casefold(): name for name in available_timezones()}


def parse_timezone(name: str) -> zoneinfo.ZoneInfo:
    """The zone called ``name`` (any letter case), or ``ScheduleError`` saying it is unknown."""
    cleaned = (name or "").strip().replace(" ", "_")
    canonical = _zones_by_folded_name().get(cleaned.casefold())
    if canonical is None:
        raise ScheduleError(
            f"“{name}” is not a time zone I know: pick one from the list, e.g. America/New_York, "
            "Europe/London or UTC"
        )
    return zoneinfo.ZoneInfo(canonical)


def _require_aware(value: dt.datetime, what: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime")


def _exists(wall: dt.datetime, tz: dt.tzinfo) -> bool:
    """Whether the naive wall-clock time ``wall`` happens in ``tz`` (False inside a gap)."""
    instant = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    return instant.astimezone(tz).replace(tzinfo=None) == wall


def slot_for(local_date: dt.date, local_time: dt.time, tz: dt.tzinfo) -> Slot:
    """The instant ``local_time`` happens on ``local_date`` in ``tz`` (see the module rules)."""
    wall = dt.datetime.combine(local_date, local_time.replace(tzinfo=None, fold=0))
    if _exists(wall, tz):
        return Slot(local_date, wall.replace(tzinfo=tz, fold=0).astimezone(UTC))
    # In a gap. fold=1 maps the wall time with the offset after the transition (an instant
    # before it), fold=0 with the offset before it (an instant after it): the transition lies
    # between, at the first instant whose wall time is past ``wall``. Find it to the second.
    low = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    high = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if low > high:
        low, high = high, low
    while high - low > dt.timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).replace(tzinfo=None) > wall:
            high = middle
        else:
            low = middle
    whole_second = high.replace(microsecond=0)
    if whole_second.astimezone(tz).replace(tzinfo=None) > wall:
        high = whole_second
    return Slot(local_date, high)


def local_date_of(instant: dt.datetime, tz: dt.tzinfo) -> dt.date:
    _require_aware(instant, "instant")
    return instant.astimezone(tz).date()


def next_slot(local_time: dt.time, tz: dt.tzinfo, *, after: dt.datetime,
              guard_date: dt.date | None = None) -> Slot:
    """The first slot strictly after ``after`` whose local date is later than ``guard_date``."""
    _require_aware(after, "after")
    day = local_date_of(after, tz) - dt.timedelta(days=1)
    if guard_date is not None and day <= guard_date:
        day = guard_date + dt.timedelta(days=1)
    for _ in range(_MAX_DAYS_SEARCHED):
        slot = slot_for(day, local_time, tz)
        if slot.at > after:
            return slot
        day += dt.timedelta(days=1)
    raise AssertionError("no slot found within ten days")  # pragma: no cover - impossible for real zones


def latest_slot(local_time: dt.time, tz: dt.tzinfo, *, now: dt.datetime,
                guard_date: dt.date | None = None) -> Slot | None:
    """The last slot at or before ``now`` whose local date is later than ``guard_date``."""
    _require_aware(now, "now")
    day = local_date_of(now, tz) + dt.timedelta(days=1)
    for _ in range(_MAX_DAYS_SEARCHED):
        if guard_date is not None and day <= guard_date:
            return None
        slot = slot_for(day, local_time, tz)
        if slot.at <= now:
            return slot
        day -= dt.timedelta(days=1)
    return None


def plan(local_time: dt.time, tz: dt.tzinfo, *, anchor: dt.datetime, guard_date: dt.date | None,
         now: dt.datetime, catchup: dt.timedelta) -> Plan:
    """Decide about one server: wait for its next slot, post a due one, or skip a stale one.

    ``anchor`` is the later of the last digest's due time and the last settings change;
    ``guard_date`` the last digest's local date in the current zone (None: never posted).
    """
    _require_aware(now, "now")
    upcoming = next_slot(local_time, tz, after=anchor, guard_date=guard_date)
    if upcoming.at > now:
        return Plan("wait", upcoming)
    # Missed or due right now: only the most recent missed slot matters.
    recent = latest_slot(local_time, tz, now=now, guard_date=guard_date) or upcoming
    if recent.at < upcoming.at:
        recent = upcoming
    if now - recent.at <= catchup:
        return Plan("post", recent)
    return Plan("skip", recent)


def guard_date_for(last_due_at: dt.datetime | None, tz: dt.tzinfo) -> dt.date | None:
    """The local date, in ``tz``, of the last digest: no second digest may share it."""
    return None if last_due_at is None else local_date_of(last_due_at, tz)


def anchor_for(last_due_at: dt.datetime | None, settings_updated_at: dt.datetime) -> dt.datetime:
    """Slots count from the later of the last digest and the last settings change."""
    _require_aware(settings_updated_at, "settings_updated_at")
    if last_due_at is None:
        return settings_updated_at
    return max(last_due_at, settings_updated_at)


def format_local_date(day: dt.date) -> str:
    """``Saturday 28 November 2026`` — the digest's title date, in the server's zone."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def describe_instant(instant: dt.datetime, tz: dt.tzinfo) -> str:
    """``Mon 9 Mar 2026, 08:00 EDT (12:00 UTC)`` for ``/digest status``."""
    local = instant.astimezone(tz)
    utc = instant.astimezone(UTC)
    zone = local.tzname() or str(tz)
    return f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M} {zone} ({utc:%H:%M} UTC, {utc:%Y-%m-%d})"
