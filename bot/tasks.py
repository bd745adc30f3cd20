"""Stopping background tasks: cancel, then wait until each has really ended; waiting for an event with a timeout
without losing a cancellation."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable
from typing import Any


async def cancel_and_wait(tasks: Iterable[asyncio.Future[Any] | None], *, errors_too: bool = False) -> None:
    """Cancel every task, then wait for each: a stopped process must not leave one running.

    ``errors_too`` also swallows an error a task ended with (shutting down, it has nowhere to go);
    without it such an error is raised here.
    """
    running = [task for task in tasks if task is not None]
    for task in running:
        task.cancel()
    quiet = (asyncio.CancelledError, Exception) if errors_too else (asyncio.CancelledError,)
    for task in running:
        with contextlib.suppress(*quiet):
            await task


async def wait_event(event: asyncio.Event, seconds: float) -> bool:
    """Wait until ``event`` is set or ``seconds`` pass; True when it was set.

    Background loops wait this way, not with ``asyncio.wait_for``: on Python 3.11 ``wait_for`` returns normally when
    the awaited thing finishes in the same turn of the event loop as a cancellation arrives, so the cancellation is
    lost (CPython gh-86296, fixed in 3.12). A loop woken by a change just as it is stopped then runs on, and whoever
    stops it (``cancel_and_wait``) waits for ever. ``asyncio.timeout`` runs the wait in the task itself, which always
    receives its cancellation.
    """
    try:
        async with asyncio.timeout(seconds):
            await event.wait()
    except TimeoutError:
        return False
    return True
