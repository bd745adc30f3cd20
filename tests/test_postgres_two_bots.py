"""Two real ``briefbot run`` processes on one PostgreSQL database, both serving the same shard (a
hand-over): a digest that falls due while both run is posted once, and a server configured
through one process is answered by the other."""

from __future__ import annotations

import datetime as dt
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import Store
from bot.store.digest import DigestPost
from tests.fake_discord import MANAGE_GUILD, FakeDiscord
from tests.test_digest_e2e import GUILD, digest_messages, fact_sheet
from tests.test_discord_app_process import TOKEN, BotProcess, _environment, _run

ADMIN_ID = 1190300000000000002


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord(token=TOKEN)
    await fake.start()
    fake.add_guild(GUILD, "Policy Club")
    fake.add_member(GUILD, ADMIN_ID, permissions=MANAGE_GUILD)
    try:
        yield fake
    finally:
        await fake.stop()


def ready_sessions(fake: FakeDiscord) -> int:
    return len([s for s in fake.gateway.live_sessions() if s.ready])


async def stop(bots: list[BotProcess]) -> list[str]:
    for bot in bots:
        if bot.process.returncode is None:
            bot.process.send_signal(signal.SIGTERM)
    return [(await bot.finish())[1] for bot in bots]


@pytest.mark.slow
async def test_two_processes_on_one_database_post_the_digest_once_and_share_settings(
        fake: FakeDiscord, pg_url: str, tmp_path: Path) -> None:
    store = await Store.open(pg_url)
    try:
        await store.ingest(fact_sheet())
    finally:
        await store.close()
    channel_id = fake.text_channel_ids(GUILD)[0]
    env = _environment(DISCORD_TOKEN=TOKEN, DISCORD_API_BASE=fake.api_base, DISCORD_GATEWAY_URL=fake.gateway_url,
                       BRIEFBOT_DB=pg_url, BRIEFBOT_REFRESH_SECONDS="60")
    # Due at the first whole minute at least 30 s away: both processes are running by then.
    due = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=90)).replace(second=0, microsecond=0)
    bots: list[BotProcess] = []
    try:
        (tmp_path / "a").mkdir()
        bots.append(await _run(tmp_path / "a", "run", env=env))
        await fake.wait_for(lambda: ready_sessions(fake) == 1, timeout=60, what="the first process to connect")
        handle = await fake.slash(GUILD, channel_id, ADMIN_ID, "digest setup",
                                  {"channel": channel_id, "time": due.strftime("%H:%M"), "timezone": "UTC"})
        done = await handle.wait_final(timeout=15)
        assert "The daily digest is on" in done["content"], done

        (tmp_path / "b").mkdir()
        bots.append(await _run(tmp_path / "b", "run", env=env))
        await fake.wait_for(lambda: ready_sessions(fake) == 2, timeout=60, what="the second process to connect")
        # The fake routes a shard's interactions to its newest session: the second process answers.
        handle = await fake.slash(GUILD, channel_id, ADMIN_ID, "digest status")
        status = await handle.wait_final(timeout=15)
        assert due.strftime("%H:%M") in status["content"], status

        await fake.wait_for(lambda: bool(digest_messages(fake, channel_id)), timeout=150, what="the digest")

        async def recorded() -> DigestPost | None:
            # The bot records the post once its messages are sent: seen on Discord first, stored a moment later.
            store = await Store.open(pg_url)
            try:
                post = await store.digest.get_post(GUILD, due.date())
            finally:
                await store.close()
            return post if post is not None and post.status != "claimed" else None

        from tests.test_postgres_takeover import eventually  # that module imports this one's helpers

        post = await eventually(recorded, timeout=30, what="the digest post to be recorded")
        assert post is not None and post.status == "posted", post
        assert [str(m["id"]) for m in digest_messages(fake, channel_id)] == [str(i) for i in post.message_ids]
    finally:
        stderrs = await stop(bots)
    for stderr in stderrs:
        assert "Traceback" not in stderr, stderr[-3000:]

