"""Stopping background tasks: cancel, then wait until each has really ended."""

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
