"""Test doubles for the digest: ``FakePoster`` keeps channels in memory, ``FakeClock`` simulates time.

``FakePoster`` records every message, and can be told to fail the way Discord does: no permission, a
deleted channel, 5xx/429 errors, a response lost after the message went out, or a process
that stops in the middle of sending.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import heapq
import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.digest.ports import Clock, PostError

UTC = dt.UTC


@dataclass(slots=True)
class FakeMessage:
    id: int
    channel_id: int
    content: str
    embeds: list[dict[str, Any]]
    sent_at: dt.datetime | None

    @property
    def footer(self) -> str:
        return "".join(str((embed.get("footer") or {}).get("text") or "") for embed in self.embeds)


@dataclass(slots=True)
class Failure:
    """What the next send does instead of (or after) posting."""

    kind: str  # 'forbidden' | 'not_found' | 'transient'
    retry_after: float | None = None
    deliver_first: bool = False  # the message goes out, then the error (a lost response)


@dataclass
class FakePoster:
    clock: Clock | None = None
    channels: dict[int, list[FakeMessage]] = field(default_factory=lambda: defaultdict(list))
    cannot_post: dict[int, str] = field(default_factory=dict)  # channel → reason for can_post
    forbidden: set[int] = field(default_factory=set)  # sends there fail with 'forbidden'
    deleted: set[int] = field(default_factory=set)  # sends there fail with 'not_found'
    failures: list[Failure] = field(default_factory=list)  # consumed one per send call
    hang: str | None = None  # 'before' or 'after' delivering: the send never returns
    send_calls: int = 0
    nonces_sent: list[list[str]] = field(default_factory=list)  # per send call

    def __post_init__(self) -> None:
        self._ids = itertools.count(1_000_000)
        self.hanging = asyncio.Event()

    # ---- Poster ------------------------------------------------------------------------------

    async def can_post(self, channel_id: int) -> str | None:
        await asyncio.sleep(0)
        if channel_id in self.deleted:
            return "that channel no longer exists."
        return self.cannot_post.get(channel_id)

    async def send(self, channel_id: int, payloads: list[dict[str, Any]],
                   nonces: list[str] | None = None) -> list[int]:
        await asyncio.sleep(0)
        self.send_calls += 1
        self.nonces_sent.append(list(nonces or []))
        if channel_id in self.deleted:
            raise PostError("not_found", f"channel {channel_id} was deleted")
        if channel_id in self.forbidden:
            raise PostError("forbidden", f"missing permission in channel {channel_id}")
        failure = self.failures.pop(0) if self.failures else None
        if failure is not None and not failure.deliver_first:
            raise PostError(failure.kind, f"simulated {failure.kind} failure",  # type: ignore[arg-type]
                            retry_after=failure.retry_after)
        if self.hang == "before":
            await self._hang()
        ids = [self._deliver(channel_id, payload) for payload in payloads]
        if self.hang == "after":
            await self._hang()
        if failure is not None:
            error = PostError(failure.kind, f"simulated {failure.kind} failure after delivery",  # type: ignore[arg-type]
                              retry_after=failure.retry_after)
            error.message_ids = ids
            raise error
        return ids

    async def recent_messages(self, channel_id: int, limit: int = 50) -> list[tuple[int, str, list[dict[str, Any]]]]:
        await asyncio.sleep(0)
        if channel_id in self.deleted:
            raise PostError("not_found", f"channel {channel_id} was deleted")
        newest_first = list(reversed(self.channels.get(channel_id, [])))[:limit]
        return [(m.id, m.content, [dict(e) for e in m.embeds]) for m in newest_first]

    # ---- helpers -----------------------------------------------------------------------------

    def _deliver(self, channel_id: int, payload: dict[str, Any]) -> int:
        message = FakeMessage(next(self._ids), channel_id, payload.get("content", ""),
                              [dict(e) for e in payload.get("embeds", [])],
                              self.clock.now() if self.clock else None)
        self.channels[channel_id].append(message)
        return message.id

    async def _hang(self) -> None:
        self.hanging.set()
        await asyncio.Event().wait()  # until the task is cancelled (the process "stops")

    def messages(self, channel_id: int) -> list[FakeMessage]:
        return list(self.channels.get(channel_id, []))

    def digests(self, channel_id: int) -> dict[str, list[FakeMessage]]:
        """Messages grouped by digest marker (the footer without its page suffix)."""
        grouped: dict[str, list[FakeMessage]] = {}
        for message in self.messages(channel_id):
            marker = message.footer.rsplit(" · ", 1)[0] if "/" in message.footer.rsplit(" · ", 1)[-1] \
                else message.footer
            grouped.setdefault(marker, []).append(message)
        return grouped

    def add_message(self, channel_id: int, content: str = "", embeds: list[dict[str, Any]] | None = None) -> int:
        """Someone else posts in the channel (pushes older messages down the history)."""
        return self._deliver(channel_id, {"content": content, "embeds": embeds or []})


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
