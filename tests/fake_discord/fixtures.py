"""Pytest fixtures: a started, patched ``FakeDiscord`` and a guard against discord.py error logs.

``tests/conftest.py`` loads this module as a plugin (``pytest_plugins``), so every test file
has them by naming them as parameters; importing them would bind them twice.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator

import pytest

from .logcheck import ErrorCollector
from .server import FakeDiscord
from .watchdog import StuckTestWatchdog


@pytest.fixture
async def fake_discord(request: pytest.FixtureRequest) -> AsyncIterator[FakeDiscord]:
    """A started fake with discord.py pointed at it; stopped (and discord.py restored) after.

    Fails the test at teardown if the fake hit a bug of its own (``fake.internal_errors``), or if
    the test was still running after the watchdog's limit (then with every task's stack).
    """
    watchdog = StuckTestWatchdog(request.node.originalname)
    watchdog.arm()
    fake = FakeDiscord()
    await fake.start()
    try:
        with fake.patched_discord():
            yield fake
    finally:
        try:
            await fake.stop()
        finally:
            watchdog.disarm()
    if watchdog.report is not None:
        pytest.fail(watchdog.report)
    if fake.internal_errors:
        pytest.fail("the fake Discord itself failed:\n" + "\n".join(fake.internal_errors))


@pytest.fixture
def no_discord_errors() -> Iterator[ErrorCollector]:
    """Fails the test at teardown if the ``discord`` logger (or a child) logged an ERROR.

    discord.py catches exceptions in command handlers, views and event listeners and only logs
    them, so without this a broken handler can look like a silent success.
    """
    collector = ErrorCollector()
    logger = logging.getLogger("discord")
    was_disabled, old_level = logger.disabled, logger.level
    logger.disabled = False
    if logger.getEffectiveLevel() > logging.ERROR:
        logger.setLevel(logging.ERROR)
    logger.addHandler(collector)
    try:
        yield collector
    finally:
        logger.removeHandler(collector)
        logger.disabled, logger.level = was_disabled, old_level
    if collector.records:
        pytest.fail(f"discord.py logged {len(collector.records)} error(s):\n{collector.describe()}")
