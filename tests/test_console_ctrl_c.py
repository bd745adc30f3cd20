"""Ctrl-C ends the console at once, whichever of the process's threads the signal lands on."""

from __future__ import annotations

import asyncio
import signal
import sys
import threading

import pytest

from bot.console.line_editing import cancel_on_ctrl_c

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def test_a_ctrl_c_that_lands_on_another_thread_still_wakes_the_console() -> None:
    """The terminal's SIGINT may be delivered to a worker thread (the executor's, the database's). Python then runs
    its handler only once the main thread wakes; the console's loop, asleep waiting for a line, must wake at once and
    leave, not wait for the next key (seen as a hang in the terminal tests)."""
    seen_late: list[bool] = []
    previous = signal.signal(signal.SIGINT, lambda *_: seen_late.append(True))  # never KeyboardInterrupt in pytest
    bystander_may_end = threading.Event()
    bystander = threading.Thread(target=bystander_may_end.wait, name="bystander", daemon=True)
    bystander.start()

    def interrupt_the_bystander() -> None:  # as the kernel may do with the terminal's Ctrl-C
        assert bystander.ident is not None
        signal.pthread_kill(bystander.ident, signal.SIGINT)

    async def console() -> str:
        task = asyncio.current_task()
        assert task is not None
        undo = cancel_on_ctrl_c(task)
        try:
            asyncio.get_running_loop().call_soon(interrupt_the_bystander)
            await asyncio.sleep(30)  # waiting for a line that never comes
            return "kept waiting"
        except asyncio.CancelledError:
            return "left"
        finally:
            undo()

    async def bounded() -> str:
        waiting = asyncio.create_task(console())
        done, _ = await asyncio.wait({waiting}, timeout=10)  # a bound for the failure only: it leaves at once
        if not done:
            waiting.cancel()
            await asyncio.gather(waiting, return_exceptions=True)
            return "still waiting after 10 s"
        return waiting.result()

    try:
        outcome = asyncio.run(bounded())
    finally:
        bystander_may_end.set()
        signal.signal(signal.SIGINT, previous)
    assert outcome == "left"
    assert signal.getsignal(signal.SIGINT) is previous  # the handler is handed back
