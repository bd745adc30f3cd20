"""A digest claim whose process stopped is taken over by another running process, and the day's
digest still reaches the channel exactly once: sent by the other process when the first never
got it through, found in the channel and recorded when it did."""

from __future__ import annotations

import asyncio
import datetime as dt
import signal
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import pytest

from bot.store import Store
from bot.store.digest import CLAIMED, POSTED, DigestPost
from tests.fake_discord import FakeDiscord
from tests.test_digest_e2e import GUILD, digest_messages, fact_sheet
from tests.test_discord_app_process import TOKEN, BotProcess, _environment, _run
from tests.test_postgres_two_bots import ready_sessions, stop

T = TypeVar("T")

DAY = dt.date(2026, 6, 1)
DUE = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


async def eventually(check: Callable[[], Awaitable[T | None]], timeout: float, what: str) -> T:
    """Poll an async ``check`` (a database read) until it returns something truthy, or fail."""
    deadline = time.monotonic() + timeout
    while not (result := await check()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.1)
    return result


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord(token=TOKEN)
    await fake.start()
    fake.add_guild(GUILD, "Policy Club")
    try:
        yield fake
    finally:
        await fake.stop()


def pid_of(post: DigestPost) -> int:
    assert post.claimed_by is not None
    return int(post.claimed_by.split("/")[1])


# ---- the takeover rule, on each backend -------------------------------------------------------------


async def test_a_claim_is_taken_over_once_and_only_when_its_process_is_known_to_have_stopped(
        db_target: Path | str) -> None:
    postgres = isinstance(db_target, str)
    holder, watcher, other = [await Store.open(db_target) for _ in range(3)]
    try:
        assert await holder.digest.claim(GUILD, DAY, channel_id=1, marker="m-1", due_at=DUE, now=DUE)
        claim = await watcher.digest.get_post(GUILD, DAY)
        assert claim is not None and claim.claimed_by == holder.digest.owner
        states = await watcher.digest.owner_states([claim])
        # PostgreSQL sees the holder's lock; SQLite cannot tell, and leaves it to the next start.
        assert states[claim.claimed_by] == ("alive" if postgres else "unknown")

        await holder.close()  # its process stops: the connection, and the lock, go with it

        async def stopped() -> bool:
            return (await watcher.digest.owner_states([claim]))[claim.claimed_by] == "gone"

        if postgres:
            await eventually(stopped, 10, "the holder's lock to go")
        results = await asyncio.gather(watcher.digest.take_over(claim), other.digest.take_over(claim))
        assert sorted(results) == [False, True]  # two processes noticed; one got it
        winner = watcher if results[0] else other
        row = await winner.digest.get_post(GUILD, DAY)
        assert row is not None and row.status == CLAIMED and row.marker == "m-1"  # sent ones carry it
        assert row.claimed_by == winner.digest.owner
        assert not await winner.digest.take_over(claim)  # stale: the holder changed
        assert await winner.digest.mark_posted(GUILD, DAY, "m-1", [42], DUE)
        assert not await (watcher if winner is other else other).digest.take_over(row)  # finished
    finally:
        for store in (holder, watcher, other):
            await store.close()


# ---- two real processes, one killed mid-send ----------------------------------------------------------


async def read_post(pg_url: str, day: dt.date) -> DigestPost | None:
    store = await Store.open(pg_url)
    try:
        return await store.digest.get_post(GUILD, day)
    finally:
        await store.close()


@pytest.mark.slow
@pytest.mark.parametrize("reached_discord", [False, True], ids=["killed-before-it-landed", "killed-after"])
async def test_a_process_killed_mid_send_is_taken_over_and_the_digest_is_posted_once(
        fake: FakeDiscord, pg_url: str, tmp_path: Path, reached_discord: bool) -> None:
    channel_id = fake.text_channel_ids(GUILD)[0]
    now = dt.datetime.now(dt.UTC)
    due = (now - dt.timedelta(minutes=2)).replace(second=0, microsecond=0)  # due, inside the catch-up window
    store = await Store.open(pg_url)
    try:
        await store.ingest(fact_sheet())
        await store.digest.save_config(GUILD, channel_id, due.strftime("%H:%M"), "UTC", now - dt.timedelta(hours=1))
    finally:
        await store.close()
    sends = f"/channels/{channel_id}/messages"
    # A's digest is held on its way in (it never lands), or lands with A's answer held (A never records it).
    held = fake.hold_response_next("POST", sends) if reached_discord else fake.hold_request_next("POST", sends)
    env = _environment(DISCORD_TOKEN=TOKEN, DISCORD_API_BASE=fake.api_base, DISCORD_GATEWAY_URL=fake.gateway_url,
                       BRIEFBOT_DB=pg_url, BRIEFBOT_REFRESH_SECONDS="60")
    bots: list[BotProcess] = []
    try:
        (tmp_path / "a").mkdir()
        bots.append(await _run(tmp_path / "a", "run", env=env))
        first = bots[0]
        if reached_discord:
            await fake.wait_for(lambda: len(digest_messages(fake, channel_id)) == 1, timeout=60,
                                what="A's digest to land")
        else:
            await fake.wait_for(lambda: held.held, timeout=60, what="A's digest to be on its way")
        claim = await read_post(pg_url, due.date())
        assert claim is not None and claim.status == CLAIMED and pid_of(claim) == first.process.pid

        (tmp_path / "b").mkdir()
        bots.append(await _run(tmp_path / "b", "run", env=env))
        second = bots[1]
        await fake.wait_for(lambda: ready_sessions(fake) == 2, timeout=60, what="the second process to connect")
        # B serves the same server and sees A's claim being sent: it leaves it alone.
        await fake.wait_for(lambda: "is being posted by" in second.stderr_path.read_text(), timeout=30,
                            what="B to notice A's claim")
        posts = [r for r in fake.requests if r.method == "POST" and r.path == sends]
        assert len(posts) == 1  # only A's, still held

        first.process.send_signal(signal.SIGKILL)  # mid-send
        await first.process.wait()
        if not reached_discord:
            await fake.wait_for(lambda: held.abandoned, timeout=10, what="A's request to be abandoned")

        async def posted() -> DigestPost | None:
            post = await read_post(pg_url, due.date())
            return post if post is not None and post.status == POSTED else None

        post: DigestPost = await eventually(posted, 30, "B to finish the day's digest")
        messages = digest_messages(fake, channel_id)
        assert len(messages) == 1
        assert [str(i) for i in post.message_ids] == [str(messages[0]["id"])]
        assert pid_of(post) == second.process.pid
        posts = [r for r in fake.requests if r.method == "POST" and r.path == sends]
        assert len(posts) == (1 if reached_discord else 2)  # found and recorded, not sent again
        assert "taken over from" in second.stderr_path.read_text()
    finally:
        stderrs = await stop(bots[1:])
        if bots and bots[0].process.returncode is None:
            bots[0].process.kill()
            await bots[0].process.wait()
    for stderr in stderrs:
        assert "Traceback" not in stderr, stderr[-3000:]
