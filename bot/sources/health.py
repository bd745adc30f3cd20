"""A source's health from one poll: ok, failing (with the error) or stale (nothing new for too long).

Pure logic: ``assess`` turns the previous state and a poll's outcome into the next state, and
``went_bad_or_recovered`` decides whether servers hear about the change. Failing and stale are
both "bad": moving between them is logged but does not warn servers twice.
"""

from __future__ import annotations

import datetime as dt

from bot.store.sources import FAILING, OK, STALE, SourceState

BAD = frozenset({FAILING, STALE})


def assess(previous: SourceState | None, *, source: str, kind: str, now: dt.datetime, error: str | None,
           new: bool, stale_after: dt.timedelta, cursor: str | None = None) -> SourceState:
    """The state after a poll that failed with ``error`` (None: it worked) and stored new sheets or not."""
    first_seen = previous.first_seen if previous else now
    last_new = now if new else (previous.last_new if previous else None)
    last_error: str | None
    last_error_at: dt.datetime | None
    if error is not None:
        state = FAILING
        last_success = previous.last_success if previous else None
        last_error, last_error_at = error, now
    else:
        last_success = now
        quiet_since = last_new or first_seen
        state = STALE if now - quiet_since > stale_after else OK
        last_error = previous.error if previous else None
        last_error_at = previous.last_error_at if previous else None
    since = previous.since if previous and previous.state == state else now
    return SourceState(
        source=source, kind=kind, state=state, error=last_error, since=since, first_seen=first_seen,
        checked_at=now, last_success=last_success, last_new=last_new, last_error_at=last_error_at,
        cursor=cursor if cursor is not None else (previous.cursor if previous else None),
    )


def went_bad_or_recovered(previous: str | None, current: str) -> bool:
    """Whether a change of state is one servers are told about (a new source counts as ok)."""
    return ((previous or OK) in BAD) != (current in BAD)


def describe(state: SourceState, now: dt.datetime) -> str:
    """``failing since 2025-01-02 10:00 UTC: HTTP 500`` — one line for logs and status."""
    when = state.since.strftime("%Y-%m-%d %H:%M UTC")
    if state.state == FAILING:
        return f"failing since {when}: {state.error or 'unknown error'}"
    if state.state == STALE:
        quiet = state.last_new or state.first_seen
        days = (now - quiet).total_seconds() / 86400
        return f"stale: nothing new for {days:.1f} days (since {quiet.strftime('%Y-%m-%d %H:%M UTC')})"
    return f"ok since {when}"


__all__ = ["BAD", "FAILING", "OK", "STALE", "assess", "describe", "went_bad_or_recovered"]
