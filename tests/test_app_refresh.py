"""Refreshing while another process keeps ingesting: rebuilds wait for the data to settle.

A rebuild at 50k fact sheets costs about a minute of CPU, so rebuilding at every poll while an
ingest runs elsewhere would keep a core busy for nothing. The clock here is a fake one that the
tests move, and a "slow" build moves it as a real one would take time.
"""

from __future__ import annotations

import pytest

import bot.app as app_module
from bot.app import SETTLE_MAX_SECONDS, App
from bot.config import Settings
from bot.model import Snapshot
from bot.query import CorpusIndex
from tests.test_app import CountingStore
from tests.test_query_index import seed_snapshot

POLL = 2.0  # the bot's default refresh_seconds


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# The app test's store: a data version the test moves, one snapshot read counted per rebuild.
MovingStore = CountingStore


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(app_module, "_now", fake)
    return fake


def slow_builds(monkeypatch: pytest.MonkeyPatch, clock: Clock, seconds: float) -> None:
    """Every index build takes ``seconds`` on the fake clock, like a big corpus would."""
    real_build = CorpusIndex.build

    class SlowIndex:
        @staticmethod
        def build(snapshot: Snapshot) -> CorpusIndex:
            clock.now += seconds
            return real_build(snapshot)

    monkeypatch.setattr(app_module, "CorpusIndex", SlowIndex)


def new_app(store: MovingStore) -> App:
    return App(Settings(), store, CorpusIndex.build(seed_snapshot(version=store.version)))  # type: ignore[arg-type]  # partial Store


async def poll(app: App, clock: Clock, store: MovingStore, *, version: int | None = None) -> bool:
    """One tick of the refresh loop: time passes, maybe the data moves, then the check."""
    clock.now += POLL
    if version is not None:
        store.version = version
    return await app.refresh_if_changed()


async def test_a_lone_change_is_picked_up_at_the_first_poll(monkeypatch: pytest.MonkeyPatch, clock: Clock) -> None:
    slow_builds(monkeypatch, clock, 50.0)
    store = MovingStore(version=1)
    app = new_app(store)
    assert await poll(app, clock, store, version=2) is True
    newest = app.index.newest_document()
    assert newest is not None and newest.title == "Sheet v2"
    clock.now += 120  # quiet for longer than a rebuild takes
    assert await poll(app, clock, store, version=3) is True
    assert app.index.version == 3


async def test_slow_rebuilds_wait_until_the_version_holds_still(monkeypatch: pytest.MonkeyPatch,
                                                                clock: Clock) -> None:
    slow_builds(monkeypatch, clock, 50.0)
    store = MovingStore(version=1)
    app = new_app(store)
    assert await poll(app, clock, store, version=2) is True  # the ingest starts: first change at once
    assert await poll(app, clock, store, version=3) is False  # still moving: no second 50 s build
    assert await poll(app, clock, store, version=4) is False
    assert store.snapshots == 1 and app.index.version == 2
    assert await poll(app, clock, store) is True  # unchanged across two polls: the ingest finished
    assert store.snapshots == 2 and app.index.version == 4
    assert await poll(app, clock, store) is False


async def test_a_steady_trickle_still_shows_within_the_settle_limit(monkeypatch: pytest.MonkeyPatch,
                                                                    clock: Clock) -> None:
    slow_builds(monkeypatch, clock, 50.0)
    store = MovingStore(version=1)
    app = new_app(store)
    assert await poll(app, clock, store, version=2) is True
    version = 2
    first_moved = None
    rebuilt_at = None
    for _ in range(20):
        version += 1
        polled_at = clock.now + POLL
        if await poll(app, clock, store, version=version):
            rebuilt_at = polled_at  # when the rebuild started
            break
        first_moved = first_moved or polled_at
    assert rebuilt_at is not None and first_moved is not None
    assert SETTLE_MAX_SECONDS <= rebuilt_at - first_moved <= SETTLE_MAX_SECONDS + POLL
    assert app.index.version == version
    assert store.snapshots == 2


async def test_cheap_rebuilds_are_never_delayed(clock: Clock) -> None:
    store = MovingStore(version=1)
    app = new_app(store)
    for version in range(2, 7):  # changes at every poll, but a rebuild takes no time here
        assert await poll(app, clock, store, version=version) is True
        assert app.index.version == version


async def test_an_undebounced_refresh_rebuilds_at_once(monkeypatch: pytest.MonkeyPatch, clock: Clock) -> None:
    slow_builds(monkeypatch, clock, 50.0)
    store = MovingStore(version=1)
    app = new_app(store)
    assert await poll(app, clock, store, version=2) is True
    store.version = 3
    assert await app.refresh_if_changed() is False  # the polling loop would wait …
    assert await app.refresh_if_changed(debounce=False) is True  # … a caller that needs it now does not
    assert app.index.version == 3
