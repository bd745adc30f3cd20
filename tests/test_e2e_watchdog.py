"""The end-to-end tests' watchdog: a test stuck on an await that never returns is cancelled, and
the report names the await it was stuck on (instead of CI hanging until its own limit)."""

from __future__ import annotations

import asyncio
import threading

import pytest

from tests.fake_discord.watchdog import StuckTestWatchdog


async def waits_forever(never: asyncio.Event) -> None:
    await never.wait()


async def test_a_stuck_test_is_cancelled_and_its_await_is_reported() -> None:
    release = threading.Event()
    worker = threading.Thread(target=release.wait, name="a stuck worker", daemon=True)
    worker.start()
    never = asyncio.Event()
    stuck = asyncio.create_task(waits_forever(never))
    helper = asyncio.create_task(never.wait(), name="a background wait")
    watchdog = StuckTestWatchdog("waits_forever", seconds=0.05)
    watchdog.arm()
    with pytest.raises(asyncio.CancelledError):
        await stuck
    assert watchdog.report is not None
    assert "waits_forever was still running after" in watchdog.report
    assert "await never.wait()" in watchdog.report  # the line it was stuck on
    assert "a background wait" in watchdog.report  # every pending task is shown
    worker_stack = watchdog.report.split("--- thread a stuck worker")[1]  # threads too
    assert "in wait" in worker_stack
    release.set()
    assert not helper.done()  # only the test's own task is cancelled when it can be told apart
    helper.cancel()


async def test_a_test_that_finishes_in_time_is_left_alone() -> None:
    watchdog = StuckTestWatchdog("quick", seconds=0.05)
    watchdog.arm()
    await asyncio.sleep(0)
    watchdog.disarm()
    await asyncio.sleep(0.1)  # past the limit: the disarmed timer must not fire
    assert watchdog.report is None
