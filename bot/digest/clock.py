"""Clocks for the digest scheduler: the real one, and a fake that runs days in milliseconds."""

from __future__ import annotations

import asyncio
import datetime as dt
import heapq
import itertools
from collections.abc import Callable

UTC = dt.UTC
# The real clock re-reads wall time at least this often while sleeping, so a suspended laptop
# or a corrected system clock does not make a digest late by the length of the suspension.
MAX_NAP_SECONDS = 60.0


class SystemClock:
    """Wall-clock time (UTC) and sleeping until an instant."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(UTC)

    async def sleep_until(self, when: dt.datetime) -> None:
        while True:
            remaining = (when - self.now()).total_seconds()
            if remaining <= 0:
                return
            await asyncio.sleep(min(remaining, MAX_NAP_SECONDS))


class FakeClock:
    """Simulated time: nothing waits for real time, and sleepers wake in a fixed order.

    Time moves only when told to (``advance``/``set``) or when ``run_until`` moves it from one
    sleeper's wake-up time to the next. ``run_until`` waits until the code under test is idle
    (every sleeper it released has resumed and ``idle()`` is true) before moving time again,
    so each wake-up sees exactly the time it asked for.
    """

    def __init__(self, start: dt.datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware start time")
        self._now = start.astimezone(UTC)
        self._sleepers: list[tuple[dt.datetime, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._in_flight = 0  # released sleepers that have not resumed yet

    def now(self) -> dt.datetime:
        return self._now

    async def sleep_until(self, when: dt.datetime) -> None:
        if when <= self._now:
            await asyncio.sleep(0)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (when.astimezone(UTC), next(self._order), future)
        heapq.heappush(self._sleepers, entry)
        try:
            await future
        finally:
            if future.done() and not future.cancelled():
                self._in_flight -= 1
            else:
                future.cancel()
                if entry in self._sleepers:
                    self._sleepers.remove(entry)
                    heapq.heapify(self._sleepers)

    @property
    def sleeper_count(self) -> int:
        return len(self._sleepers)

    def next_wakeup(self) -> dt.datetime | None:
        """When the earliest sleeper wants to wake, if anyone sleeps."""
        return self._sleepers[0][0] if self._sleepers else None

    def set(self, when: dt.datetime) -> None:
        """Move time to ``when`` (never backwards) and release every sleeper due by then."""
        self._now = max(self._now, when.astimezone(UTC))
        while self._sleepers and self._sleepers[0][0] <= self._now:
            _, _, future = heapq.heappop(self._sleepers)
            if not future.done():
                self._in_flight += 1
                future.set_result(None)

    def advance(self, delta: dt.timedelta) -> None:
        self.set(self._now + delta)

    async def settle(self, idle: Callable[[], bool] = lambda: True, *, timeout: float = 10.0) -> None:
        """Wait (in real time, briefly) until released sleepers resumed and ``idle()`` holds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._in_flight or not idle():
            if loop.time() > deadline:
                raise TimeoutError("the code under test did not become idle")
            await asyncio.sleep(0.001)

    async def run_until(self, end: dt.datetime, idle: Callable[[], bool] = lambda: True, *,
                        timeout: float = 10.0) -> None:
        """Run simulated time up to ``end``: wake each sleeper at its time, in order, then stop."""
        end = end.astimezone(UTC)
        while True:
            await self.settle(idle, timeout=timeout)
            upcoming = self.next_wakeup()
            if upcoming is None or upcoming > end:
                break
            self.set(upcoming)
        self.set(end)
        await self.settle(idle, timeout=timeout)
