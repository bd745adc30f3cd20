"""Background loops stop when cancelled, even when woken in the same instant (bot/tasks.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.app import App
from bot.config import Settings
from bot.tasks import cancel_and_wait, wait_event


async def _woken_and_cancelled_together(loop_body: Callable[[], Awaitable[object]],
                                        wake: Callable[[], None]) -> asyncio.Task[None]:
    """A task running ``loop_body`` over and over (a background loop waiting for a change or a poll), woken with
    ``wake()`` and cancelled in one turn of the event loop (a change heard of just as the bot shuts down). Returns
    the task once it has ended, or once it has kept running for a second after the cancel."""
    async def loop() -> None:
        while True:
            await loop_body()

    task = asyncio.create_task(loop())
    for _ in range(3):
        await asyncio.sleep(0)  # the loop is now waiting
    helpers = [t for t in asyncio.all_tasks() if getattr(t.get_coro(), "__qualname__", "") == "Event.wait"]
    wake()
    for _ in range(10):  # a task the wait runs the event's wait in (as asyncio.wait_for does) sees the wake-up first
        if all(t.done() for t in helpers):
            break
        await asyncio.sleep(0)
    task.cancel()
    await asyncio.wait({task}, timeout=1.0)  # bounds the failure; a working loop ends within a few turns
    if not task.done():
        task.cancel()  # the loop is waiting again now: this cancel lands
        await cancel_and_wait([task])
        raise AssertionError("the loop ran on after it was cancelled")
    return task


async def test_a_loop_woken_as_it_is_cancelled_still_stops() -> None:
    """With ``asyncio.wait_for`` in place of ``wait_event`` this fails on Python 3.11: the loop runs on."""
    event = asyncio.Event()

    async def body() -> None:
        await wait_event(event, 30)
        event.clear()

    task = await _woken_and_cancelled_together(body, event.set)
    assert task.cancelled()


async def test_the_bots_refresh_loop_stops_when_a_change_is_heard_as_it_shuts_down(tmp_db: Path) -> None:
    """The bot's refresh loop waits in ``App.wait_for_change``; a database that reports changes (PostgreSQL's
    LISTEN/NOTIFY) may wake it just as the client closes, which must still stop it (else closing waits for ever)."""
    app = await App.open(Settings(db_path=tmp_db))
    wakes: list[Callable[[], None]] = []

    async def listen(wake: Callable[[], None]) -> bool:
        wakes.append(wake)
        return True

    app.store.listen_for_changes = listen  # type: ignore[method-assign]
    try:
        task = await _woken_and_cancelled_together(lambda: app.wait_for_change(30), lambda: wakes[0]())
        assert task.cancelled()
    finally:
        await app.close()


async def test_wait_event_says_whether_the_event_came() -> None:
    event = asyncio.Event()
    assert await wait_event(event, 0.01) is False
    event.set()
    assert await wait_event(event, 30) is True
