"""A stuck end-to-end test fails with a picture of what every task was waiting on.

Timeouts guard each wait a test makes, but not every await inside the client's or the bot's own
start and shutdown. If one of those never returns, the test would hang until CI gives up, with
nothing to say where. This timer, armed for the life of the ``fake_discord`` fixture, writes the
stack of every pending asyncio task (and of every other thread) and cancels the test, so the run goes on and the report shows
the await that never came back.
"""

from __future__ import annotations

import asyncio
import io
import os
import sys
import threading
import traceback

STUCK_AFTER_SECONDS = float(os.environ.get("BRIEFBOT_E2E_STUCK_SECONDS", "300"))


class StuckTestWatchdog:
    """Cancels the test's task after ``seconds`` (every pending task if it cannot tell which)."""

    def __init__(self, test_name: str, seconds: float = STUCK_AFTER_SECONDS) -> None:
        self.test_name = test_name
        self.seconds = seconds
        self.report: str | None = None
        self._timer: asyncio.TimerHandle | None = None

    def arm(self) -> None:
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(self.seconds, self._fire, loop)

    def disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _fire(self, loop: asyncio.AbstractEventLoop) -> None:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        out = io.StringIO()
        out.write(f"{self.test_name} was still running after {self.seconds:.0f}s; "
                  f"{len(pending)} pending task(s):\n")
        for task in pending:
            out.write(f"--- {task.get_name()} ({task.get_coro()!r})\n")
            task.print_stack(file=out)
        names = {thread.ident: thread.name for thread in threading.enumerate()}
        for ident, frame in sys._current_frames().items():  # a worker thread (SQLite, index build) may be the one stuck
            if ident != threading.get_ident():
                out.write(f"--- thread {names.get(ident, ident)}\n")
                out.write("".join(traceback.format_stack(frame)))
        self.report = out.getvalue()
        print(self.report, flush=True)  # shown with the failure even if teardown hangs too
        test_tasks = [t for t in pending if getattr(t.get_coro(), "__name__", None) == self.test_name]
        for task in test_tasks or pending:
            task.cancel(f"stuck for {self.seconds:.0f}s (see the task stacks above)")
