"""``briefbot run`` as a real process: it connects to the (fake) Discord named by the environment,
answers a slash command, stops cleanly on SIGTERM (even while checking a hostile upload), and
refuses bad tokens in one line."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fake_discord import MANAGE_GUILD, FakeDiscord

PROJECT_ROOT = Path(__file__).resolve().parents[1]
GUILD_ID = 1190200000000000000
USER_ID = 1190300000000000001
ADMIN_ID = 1190300000000000002
TOKEN = "MTE5MDAwMDAwMDAwMDAwMDAwMQ.process-test.secret-token-value"


def _environment(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DISCORD_", "BRIEFBOT_"))}
    env.update(extra)
    return env


class BotProcess:
    """``python -m bot ...`` with stderr going to a file (a full pipe would stall a chatty process)."""

    def __init__(self, process: asyncio.subprocess.Process, stderr_path: Path) -> None:
        self.process = process
        self.stderr_path = stderr_path

    async def finish(self, timeout: float = 30) -> tuple[int, str]:
        try:
            await asyncio.wait_for(self.process.wait(), timeout)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
            raise
        assert self.process.returncode is not None
        return self.process.returncode, self.stderr_path.read_text(encoding="utf-8", errors="replace")


async def _run(tmp_path: Path, *args: str, env: dict[str, str]) -> BotProcess:
    stderr_path = tmp_path / "stderr.txt"
    with stderr_path.open("wb") as stderr:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", *args, cwd=PROJECT_ROOT, env=env,
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL, stderr=stderr)
    return BotProcess(process, stderr_path)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """A fake Discord that only accepts ``TOKEN``; the bot process finds it through the environment."""
    fake = FakeDiscord(token=TOKEN)
    await fake.start()
    fake.add_guild(GUILD_ID, "Policy Club")
    fake.add_member(GUILD_ID, USER_ID)
    try:
        yield fake
    finally:
        await fake.stop()


@pytest.mark.slow
async def test_run_connects_answers_and_stops_on_sigterm(fake: FakeDiscord, tmp_path: Path):
    env = _environment(DISCORD_TOKEN=TOKEN, DISCORD_API_BASE=fake.api_base, DISCORD_GATEWAY_URL=fake.gateway_url,
                       BRIEFBOT_LOG_LEVEL="DEBUG")
    bot = await _run(tmp_path, "run", "--db", str(tmp_path / "bot.db"), env=env)
    try:
        await fake.wait_until_ready(timeout=30)
        await fake.wait_for(lambda: bool(fake.synced_commands()), timeout=30, what="the commands to be synced")
        handle = await fake.slash(GUILD_ID, None, USER_ID, "initiative", {"query": "hidta"})
        response = await handle.wait_response(timeout=10)
        assert response.received_after_seconds < 3
        assert "HIDTA" in response.embeds[0]["title"]
    finally:
        if bot.process.returncode is None:
            bot.process.send_signal(signal.SIGTERM)
    status, stderr = await bot.finish()
    assert status == 0, stderr[-2000:]
    assert " ERROR " not in stderr, stderr[-2000:]
    assert "Traceback" not in stderr
    assert TOKEN not in stderr  # not even at DEBUG level
    await fake.wait_for(lambda: not fake.gateway.live_sessions(), timeout=5, what="the gateway to be closed")


@pytest.mark.slow
async def test_sigterm_stops_the_bot_promptly_while_it_checks_an_upload_that_parses_for_a_minute(
    fake: FakeDiscord, tmp_path: Path
):
    # 4 MB of "[" keeps markdown-it busy for about a minute; the bot parses uploads in a worker
    # process, which it kills on the way out instead of waiting for it.
    upload = fake.add_attachment("brackets.md", b"---\ntitle: Brackets\n---\n" + b"[" * 4_000_000 + b"\n")
    fake.add_member(GUILD_ID, ADMIN_ID, permissions=MANAGE_GUILD)
    env = _environment(DISCORD_TOKEN=TOKEN, DISCORD_API_BASE=fake.api_base, DISCORD_GATEWAY_URL=fake.gateway_url,
                       BRIEFBOT_ATTACHMENT_MAX_BYTES=str(5 * 1024 * 1024))
    bot = await _run(tmp_path, "run", "--db", str(tmp_path / "bot.db"), env=env)
    try:
        await fake.wait_until_ready(timeout=30)
        await fake.wait_for(lambda: bool(fake.synced_commands()), timeout=30, what="the commands to be synced")
        handle = await fake.slash(GUILD_ID, None, ADMIN_ID, "briefing-admin add", attachment=upload)
        thinking = await handle.wait_response(timeout=10)  # deferred: the file is being parsed
        assert thinking.type == 5, thinking
    finally:
        if bot.process.returncode is None:
            bot.process.send_signal(signal.SIGTERM)
    status, stderr = await bot.finish(timeout=10)
    assert status == 0, stderr[-2000:]
    assert "Traceback" not in stderr


async def test_a_missing_token_is_one_line_and_status_2(tmp_path: Path):
    bot = await _run(tmp_path, "run", "--db", str(tmp_path / "bot.db"), env=_environment())
    status, stderr = await bot.finish()
    assert status == 2
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "DISCORD_TOKEN" in lines[0]
    assert not (tmp_path / "bot.db").exists()  # nothing was started


async def test_a_rejected_token_is_one_line_and_status_2(fake: FakeDiscord, tmp_path: Path):
    wrong = "MTE5MDAwMDAwMDAwMDAwMDAwMQ.not-the-right-one.abcdef"
    env = _environment(DISCORD_TOKEN=wrong, DISCORD_API_BASE=fake.api_base, DISCORD_GATEWAY_URL=fake.gateway_url)
    bot = await _run(tmp_path, "run", "--db", str(tmp_path / "bot.db"), env=env)
    status, stderr = await bot.finish()
    assert status == 2
    assert "Traceback" not in stderr
    assert wrong not in stderr
    errors = [line for line in stderr.splitlines() if line.startswith("briefbot:")]
    assert len(errors) == 1 and "rejected" in errors[0] and "401" in errors[0]
    assert stderr.strip().splitlines()[-1] == errors[0]
    assert any(r.path == "/users/@me" and r.status == 401 for r in fake.requests)


async def test_a_token_file_is_read_when_the_variable_is_unset(fake: FakeDiscord, tmp_path: Path):
    token_file = tmp_path / "token"
    token_file.write_text("wrong-token-from-a-file\n", encoding="utf-8")
    env = _environment(DISCORD_TOKEN_FILE=str(token_file), DISCORD_API_BASE=fake.api_base,
                       DISCORD_GATEWAY_URL=fake.gateway_url, BRIEFBOT_LOG_LEVEL="WARNING")
    bot = await _run(tmp_path, "run", "--db", str(tmp_path / "bot.db"), env=env)
    status, stderr = await bot.finish()
    assert status == 2
    assert "wrong-token-from-a-file" not in stderr
    assert "Traceback" not in stderr
    assert [line for line in stderr.splitlines() if "error" in line.lower()] == [stderr.strip().splitlines()[-1]]
    assert any(r.path == "/users/@me" and not r.authorized for r in fake.requests)
