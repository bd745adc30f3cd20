"""Fixtures every test file may use: where the data lives, and a fresh database per test.

The real fact sheets live beside the project in ``../shared`` (``corpus/``, ``wh-factsheets/``).
A test that reads them asks for the ``shared_dir`` fixture (directly or through another
fixture) or carries the ``requires_shared`` marker. Without ``../shared`` — a fresh clone on
its own — those tests are skipped, all with the same reason. Under CI (``CI`` set) the folder
must be there: the run stops with an error instead of skipping them.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import Store

# The fake Discord's fixtures (``fake_discord``, ``no_discord_errors``), for every test file,
# loaded here once so pytest rewrites their asserts; test files only name them as parameters.
# The throw-away PostgreSQL server (``postgres_server``, ``pg_url``) likewise, and the one
# parametrised fixture that runs a test on each backend (``backend``, ``db_target``, ``any_store``).
pytest_plugins = ["tests.fake_discord.fixtures", "tests.postgres_server", "tests.backends"]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
# BRIEFBOT_TEST_SHARED_DIR points elsewhere (the tests of this very rule use it).
SHARED_DIR = Path(os.environ.get("BRIEFBOT_TEST_SHARED_DIR") or PROJECT_ROOT.parent / "shared")
SHARED_MISSING = f"needs the shared fact sheets (../shared), not found at {SHARED_DIR}"

# Settings a developer may have exported; tests must not pick them up.
_ENVIRONMENT = (
    "BRIEFBOT_CONFIG", "BRIEFBOT_DB", "BRIEFBOT_INDEX_CACHE", "BRIEFBOT_SEEDS", "BRIEFBOT_MAX_FILE_BYTES", "BRIEFBOT_LOG_LEVEL",
    "BRIEFBOT_DEV_GUILD_IDS", "BRIEFBOT_SHARD_COUNT", "BRIEFBOT_SHARD_IDS", "BRIEFBOT_REFRESH_SECONDS",
    "BRIEFBOT_ATTACHMENT_MAX_BYTES", "BRIEFBOT_DIGEST_TIME", "BRIEFBOT_DIGEST_TIMEZONE",
    "BRIEFBOT_DIGEST_CATCHUP_HOURS", "BRIEFBOT_INDEX_PROCESS_MIN_DOCUMENTS", "BRIEFBOT_INGEST_NICENESS",
    "DISCORD_TOKEN", "DISCORD_TOKEN_FILE", "DISCORD_API_BASE",
    "DISCORD_GATEWAY_URL",
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "requires_shared: reads the real fact sheets in ../shared; skipped when it is absent, "
        "an error under CI")
    config.addinivalue_line(
        "markers", "sqlite_only: probes the SQLite file itself; not run on the PostgreSQL backend")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.hookimpl(trylast=True)  # after -m and -k have deselected what will not run
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    kept = [item for item in items if not (
        item.get_closest_marker("sqlite_only") is not None
        and "postgresql" in getattr(getattr(item, "callspec", None), "params", {}).values())]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept
    needing = []
    for item in items:
        if "shared_dir" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.requires_shared)
        if item.get_closest_marker("requires_shared") is not None:
            needing.append(item)
    if not needing or SHARED_DIR.is_dir():
        return
    if _in_ci():
        raise pytest.UsageError(
            f"CI is set but {len(needing)} selected tests need the shared fact sheets and {SHARED_DIR} is "
            "missing: in CI they must run, not be skipped")
    skip = pytest.mark.skip(reason=SHARED_MISSING)
    for item in needing:
        item.add_marker(skip)


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` next to the project: the real fact sheets (corpus/, wh-factsheets/).

    Asking for it marks the test ``requires_shared`` (see ``pytest_collection_modifyitems``),
    so it never runs without the folder.
    """
    if not SHARED_DIR.is_dir():  # only when called in a way collection could not see
        pytest.skip(SHARED_MISSING)
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
