"""Fixtures every test file may use: where the data lives, and a fresh database per test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import Store

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = PROJECT_ROOT.parent / "shared"

# Settings a developer may have exported; tests must not pick them up.
_ENVIRONMENT = (
    "BRIEFBOT_CONFIG", "BRIEFBOT_DB", "BRIEFBOT_INDEX_CACHE", "BRIEFBOT_SEEDS", "BRIEFBOT_MAX_FILE_BYTES", "BRIEFBOT_LOG_LEVEL",
    "BRIEFBOT_DEV_GUILD_IDS", "BRIEFBOT_SHARD_COUNT", "BRIEFBOT_SHARD_IDS", "BRIEFBOT_REFRESH_SECONDS",
    "BRIEFBOT_ATTACHMENT_MAX_BYTES", "BRIEFBOT_DIGEST_TIME", "BRIEFBOT_DIGEST_TIMEZONE",
    "BRIEFBOT_DIGEST_CATCHUP_HOURS", "DISCORD_TOKEN", "DISCORD_TOKEN_FILE", "DISCORD_API_BASE",
    "DISCORD_GATEWAY_URL",
)


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def shared_dir() -> Path:
    """``../shared`` next to the project: the real fact sheets (corpus/, wh-factsheets/)."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DIR}")
    return SHARED_DIR


@pytest.fixture
def seed_path() -> Path:
    """The bundled fact sheet the bot serves out of the box."""
    return PROJECT_ROOT / "seeds" / "2023-11-16-fact-sheet-global-illicit-drug-trafficking.md"


@pytest.fixture
def tmp_db(tmp_path: Path) -> Path:
    """Where a test's own database goes (not created yet)."""
    return tmp_path / "data" / "briefbot.db"


@pytest.fixture
async def store(tmp_db: Path) -> AsyncIterator[Store]:
    """A freshly migrated, empty database."""
    opened = await Store.open(tmp_db)
    try:
        yield opened
    finally:
        await opened.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Scorecards computed by the quality tests, printed once at the end of the run."""
    from tests._scorecards import SCORECARD_LINES

    lines = terminalreporter.config.stash.get(SCORECARD_LINES, [])
    if lines:
        terminalreporter.write_sep("-", "scorecards")
        for line in lines:
            terminalreporter.write_line(line)
