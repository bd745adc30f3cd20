"""The follows' headline case with the real ``briefbot run`` process: a watched folder, a channel
follow with a role, and a fact sheet copied in → one alert pinging only that role; restarts, a
touched-but-unchanged file and a changed version behave as a user expects.

"Nothing more arrived" is only asserted after a positive sign that the bot looked: the folder's
``checked_at`` moved past the change, every stored sheet version has been checked against the
follows, no alert is left unsent, and (after a restart) the bot said it caught up.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.store import Store
from tests._deadline import within
from tests.fake_discord import MANAGE_GUILD, FakeDiscord
from tests.test_discord_app_process import TOKEN, BotProcess, _environment, _run
from tests.test_follows_e2e import alerts_in, quokka_sheet

GUILD_ID = 1190200000000000000
ADMIN_ID = 1190300000000000002
POLL_SECONDS = 2
CAUGHT_UP = "topic alerts: caught up"


@pytest.fixture
async def fake() -> Any:
    fake = FakeDiscord(token=TOKEN)
    await fake.start()
    fake.add_guild(GUILD_ID, "Policy Club", channels=["general", "alerts"])
    fake.add_member(GUILD_ID, ADMIN_ID, permissions=MANAGE_GUILD)
    try:
        yield fake
    finally:
        await fake.stop()


class Bot:
    """Starts and stops ``briefbot run`` against one database, config and watched folder."""

    def __init__(self, fake: FakeDiscord, tmp_path: Path, folder: Path) -> None:
        self.fake = fake
        self.tmp_path = tmp_path
        self.db = tmp_path / "bot.db"
        self.config = tmp_path / "briefbot.toml"
        self.config.write_text(f"[sources]\npoll_seconds = {POLL_SECONDS}\n", encoding="utf-8")
        self.env = _environment(DISCORD_TOKEN=TOKEN, DISCORD_API_BASE=fake.api_base,
                                DISCORD_GATEWAY_URL=fake.gateway_url, BRIEFBOT_WATCH=str(folder),
                                BRIEFBOT_LOG_LEVEL="INFO", BRIEFBOT_REFRESH_SECONDS="0.5")
        self.process: BotProcess | None = None
        self.logs: list[str] = []
        self.runs = 0

    async def start(self) -> None:
        self.runs += 1
        run_dir = self.tmp_path / f"run{self.runs}"
        run_dir.mkdir()
        self.process = await _run(run_dir, "--config", str(self.config), "run", "--db", str(self.db), env=self.env)
        await self.fake.wait_for(lambda: CAUGHT_UP in self.log(), timeout=60, what="the bot to check follows at start")

    def log(self) -> str:
        assert self.process is not None
        return self.process.stderr_path.read_text(encoding="utf-8", errors="replace")

    async def stop(self) -> None:
        assert self.process is not None
        if self.process.process.returncode is None:
            self.process.process.send_signal(signal.SIGTERM)
        status, stderr = await self.process.finish()
        self.logs.append(stderr)
        assert status == 0, stderr[-2000:]
        assert "Traceback" not in stderr, stderr[-3000:]


async def eventually(check: Callable[[], Awaitable[bool]], timeout: float, what: str) -> None:
    """Re-check ``check`` (it reads the bot's database) until it holds or the deadline passes."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await check():
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        await asyncio.sleep(0.1)


async def settled_after(db: Path, folder: Path, moment: dt.datetime, file: Path | None = None) -> bool:
    """The folder was polled after ``moment`` (and took in ``file`` as it is now), every stored
    version was checked against the follows, and no alert is waiting to be sent: whatever the
    bot would post about it, it has posted."""
    store = await Store.open(db)
    try:
        state = await store.sources.get(str(folder))
        if state is None or state.checked_at is None or state.checked_at <= moment:
            return False
        if file is not None:
            info = file.stat()
            if (await store.sources.files(str(folder))).get(str(file)) != (info.st_size, info.st_mtime_ns):
                return False
        follows = store.follows
        return not await follows.pending("all") and not await follows.unfinished()
    finally:
        await store.close()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@pytest.mark.slow
async def test_a_sheet_copied_into_the_watched_folder_alerts_its_followers_once(fake: FakeDiscord, tmp_path: Path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    channel = fake.text_channel_ids(GUILD_ID)[1]
    role = fake.add_role(GUILD_ID, "wildlife")
    bot = Bot(fake, tmp_path, folder)
    with within(240, "the follows' end-to-end case"):
        await bot.start()
        try:
            await fake.wait_for(lambda: bool(fake.synced_commands()), timeout=30, what="the commands to be synced")
            handle = await fake.slash(GUILD_ID, None, ADMIN_ID, "follow add",
                                      {"topic": "quokka", "channel": channel, "role": role.id})
            said = await handle.wait_response(timeout=10)
            assert "Following **quokka**" in str(said.content) + str(said.embeds)

            (drafts / "quokka.md").write_bytes(quokka_sheet())
            copied_at = asyncio.get_running_loop().time()
            shutil.copy(drafts / "quokka.md", folder / "quokka.md")
            await fake.wait_for(lambda: len(alerts_in(fake, channel)) == 1, timeout=POLL_SECONDS + 10,
                                what="the alert")
            took = asyncio.get_running_loop().time() - copied_at
            (alert,) = alerts_in(fake, channel)
            assert "Quokka Program" in str(alert["embeds"])
            assert f"<@&{role.id}>" in alert["content"]
            posts = fake.requests_to("POST", f"/channels/{channel}/messages")
            assert [p.json["allowed_mentions"] for p in posts if p.status == 200] == [
                {"parse": [], "roles": [str(role.id)]}]
        finally:
            await bot.stop()

        for _ in range(2):  # restarted twice: the bot catches up and says nothing new
            restarted_at = _now()
            await bot.start()
            try:

                def settled(t: dt.datetime = restarted_at) -> Awaitable[bool]:
                    return settled_after(bot.db, folder, t)

                await eventually(settled, 30, "the restarted bot to poll the folder")
                assert len(alerts_in(fake, channel)) == 1
            finally:
                await bot.stop()

        await bot.start()
        try:
            touched_at = _now()
            os.utime(folder / "quokka.md")  # touched, content unchanged
            await eventually(lambda: settled_after(bot.db, folder, touched_at, folder / "quokka.md"), 30,
                             "the touched file to be read again")
            assert len(alerts_in(fake, channel)) == 1

            (folder / "quokka.md").write_bytes(quokka_sheet("Now with more rangers."))
            await fake.wait_for(lambda: len(alerts_in(fake, channel)) == 2, timeout=POLL_SECONDS + 10,
                                what="the update alert")
            changed_at = _now()
            await eventually(lambda: settled_after(bot.db, folder, changed_at, folder / "quokka.md"), 30,
                             "the bot to settle")
        finally:
            await bot.stop()
    alerts = alerts_in(fake, channel)
    assert len(alerts) == 2
    assert "Updated fact sheet" in alerts[-1]["content"] and "Quokka Program" in str(alerts[-1]["embeds"])
    assert took <= POLL_SECONDS + 10
    assert not any(" ERROR " in log for log in bot.logs), bot.logs
