"""The digest scheduler's clock: wall time, and sleeping until an instant (tests run a simulated one)."""

from __future__ import annotations

import asyncio
import datetime as dt

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
