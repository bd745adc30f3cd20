"""App: opening (seeding an empty database), answering on the real pipeline, refreshing the index."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import App
from bot.commands.spec import Invocation
from bot.config import Settings
from bot.model import Snapshot
from bot.query import CorpusIndex
from tests.test_query_index import (
    BORDER,
    DETECTION,
    HIDTA,
    PRECURSOR,
    TRILATERAL,
    make_document,
    seed_snapshot,
)


@pytest.fixture
async def app(tmp_db: Path) -> AsyncIterator[App]:
    opened = await App.open(Settings(db_path=tmp_db))
    try:
        yield opened
    finally:
        await opened.close()


async def test_open_seeds_an_empty_database_and_builds_the_index(app: App) -> None:
    assert len(app.index.documents) == 1
    assert len(app.index.initiatives) == 12
    assert app.index.version == await app.store.data_version()
    assert app.poster is None


@pytest.mark.parametrize(("query", "expected"), [
    ("hidta", HIDTA),
    ("hidat", HIDTA),
    ("HIDTA program", HIDTA),
    ("detection tech", DETECTION),
    ("border security", BORDER),
    ("precursor chemicals", PRECURSOR),
    ("mexico canada", TRILATERAL),
])
async def test_seed_acceptance_through_the_real_pipeline(app: App, query: str, expected: str) -> None:
    reply = await app.handle("initiative", {"query": query}, Invocation())
    title = reply.pages[0].embeds[0].title
    # The parser may shorten a long title at a word boundary; the start must be the expected one.
    assert title.rstrip("…") == expected[: len(title.rstrip("…"))]
    assert len(title.rstrip("…")) >= min(len(expected), 60)


async def test_initiative_card_names_its_section(app: App) -> None:
    reply = await app.handle("initiative", {"query": "hidta"}, Invocation())
    fields = {field.name: field.value for field in reply.pages[0].embeds[0].fields}
    assert fields["Section"] == "The Administration’s decisive actions to crack down on drug trafficking include"


async def test_funding_on_the_real_seed(app: App) -> None:
    reply = await app.handle("funding", {}, Invocation())
    assert "at least $2.75 billion" in reply.pages[0].embeds[0].title
    border = await app.handle("funding", {"query": "border"}, Invocation())
    description = border.pages[0].embeds[0].description
    assert "more than $1.2 billion" in description and "$535 million" in description
    assert "$535 million (asked for earlier, in the FY 2024 Budget, not added)" in description
    assert "$305 million (part of $535 million, not added)" in description


async def test_autocomplete_goes_through_the_registry(app: App) -> None:
    choices = app.autocomplete("initiative", "query", "hidt")
    assert choices and choices[0][1].startswith("id:")
    assert app.autocomplete("initiative", "nope", "hidt") == []


async def test_open_without_seeding_stays_empty(tmp_db: Path) -> None:
    opened = await App.open(Settings(db_path=tmp_db), seed_if_empty=False)
    try:
        assert opened.index.documents == ()
        reply = await opened.handle("briefing", {}, Invocation())
        assert "library is empty" in reply.pages[0].content
    finally:
        await opened.close()


# ---- refresh ----------------------------------------------------------------------------------


class CountingStore:
    """A store whose data version we control, counting snapshot reads; snapshots wait for a go.

    Only the part of ``Store`` that opening and refreshing an ``App`` read, hence the ignores where
    one is made from it."""

    read_only = False

    def __init__(self, version: int) -> None:
        self.version = version
        self.snapshots = 0
        self.go = asyncio.Event()
        self.go.set()
        self.started = asyncio.Event()

    async def data_version(self) -> int:
        return self.version

    async def data_state(self) -> tuple[int, str]:
        return self.version, ""

    async def document_count(self) -> int:
        return 2  # a small library: the index is built in a thread from snapshots

    async def snapshot(self) -> Snapshot:
        self.snapshots += 1
        self.started.set()
        await self.go.wait()
        base = seed_snapshot(version=self.version)
        extra = make_document(99, f"Sheet v{self.version}", dt.date(2030, 1, 1))
        return Snapshot(self.version, (*base.documents, extra), base.initiatives, base.funding, base.acronyms)

    async def close(self) -> None:
        pass


async def test_refresh_only_when_the_data_version_moved() -> None:
    store = CountingStore(version=1)
    app = App(Settings(), store, CorpusIndex.build(seed_snapshot(version=1)))  # type: ignore[arg-type]  # partial Store
    assert await app.refresh_if_changed() is False
    assert store.snapshots == 0
    store.version = 2
    old = app.index
    assert await app.refresh_if_changed() is True
    assert app.index is not old and app.index.version == 2
    newest = app.index.newest_document()
    assert newest is not None and newest.title == "Sheet v2"
    assert await app.refresh_if_changed() is False


async def test_concurrent_refreshes_share_one_rebuild() -> None:
    store = CountingStore(version=1)
    app = App(Settings(), store, CorpusIndex.build(seed_snapshot(version=1)))  # type: ignore[arg-type]  # partial Store
    store.version = 5
    store.go.clear()
    first = asyncio.create_task(app.refresh_if_changed())
    await store.started.wait()  # the rebuild is now reading its snapshot
    calls = [first, *(asyncio.create_task(app.refresh_if_changed()) for _ in range(4))]
    store.go.set()
    results = await asyncio.gather(*calls)
    assert results == [True] * 5
    assert store.snapshots == 1
    assert app.index.version == 5


async def test_answers_keep_coming_from_the_old_index_during_a_rebuild() -> None:
    store = CountingStore(version=1)
    app = App(Settings(), store, CorpusIndex.build(seed_snapshot(version=1)))  # type: ignore[arg-type]  # partial Store
    store.version = 2
    store.go.clear()
    refresh = asyncio.create_task(app.refresh_if_changed())
    await store.started.wait()
    reply = await app.handle("briefing", {}, Invocation())
    assert reply.pages[0].embeds[0].title != "Sheet v2"  # still the old index
    store.go.set()
    assert await refresh is True
    reply = await app.handle("briefing", {}, Invocation())
    assert reply.pages[0].embeds[0].title == "Sheet v2"
