"""``within(seconds)``: fail a block of code that runs too long instead of hanging the test run.

Uses a real-time timer signal, so it works in the main thread only (where pytest runs tests) and
interrupts Python code, not a single long call into C.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


class TookTooLong(BaseException):  # not an Exception: code under test that catches those cannot hide it
    pass


@contextlib.contextmanager
def within(seconds: float, what: str = "the block") -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TookTooLong(f"{what} took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
