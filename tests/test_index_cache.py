"""A restart with unchanged data loads the saved index instead of rebuilding it — and never
serves a stale or foreign one."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from bot.app import App
from bot.commands.spec import Invocation
from bot.config import Settings
from bot.ingest import parse_document
from bot.query.cache import cache_path

NEW_SHEET = b"""---
title: "FACT SHEET: Quantum Networking Testbeds"
source_url: https://example.gov/quantum-testbeds
date: '2026-11-20'
---

-   **Launching the Quantum Networking Testbed Program (QNTP).** The QNTP provides $40 million.
"""


async def _titles(app: App, query: str) -> list[str]:
    return [match.initiative.title for match in app.index.find_initiatives(query, limit=3)]


async def test_second_start_loads_the_saved_index_and_answers_the_same(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    settings = Settings(db_path=db)
    first = await App.open(settings)
    assert not first.index_loaded_from_cache
    built = await _titles(first, "hidta")
    await first.close()  # waits for the index file
    assert cache_path(db).is_file()

    second = await App.open(settings)
    try:
        assert second.index_loaded_from_cache
        assert await _titles(second, "hidta") == built
        reply = await second.handle("funding", {}, Invocation())
        assert "at least $2.75 billion" in reply.pages[0].embeds[0].description
    finally:
        await second.close()


async def test_changed_data_is_never_answered_from_a_stale_index(tmp_path: Path) -> None:
    settings = Settings(db_path=tmp_path / "bot.db")
    await (await App.open(settings)).close()
    other = await App.open(settings)  # stands in for another process ingesting
    await other.store.ingest(parse_document(NEW_SHEET, "quantum.md"))
    await other.store.close()

    app = await App.open(settings)
    try:
        assert not app.index_loaded_from_cache
        assert (await _titles(app, "qntp"))[0] == "Launching the Quantum Networking Testbed Program (QNTP)"
    finally:
        await app.close()


async def test_damaged_or_foreign_index_files_are_rebuilt(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    settings = Settings(db_path=db)
    await (await App.open(settings)).close()
    path = cache_path(db)
    path.write_bytes(path.read_bytes()[:200])  # cut short, as by a full disk
    app = await App.open(settings)
    assert not app.index_loaded_from_cache
    assert (await _titles(app, "hidta"))[0].startswith("Expanding our High Intensity")
    await app.close()

    # Another database with the same data version: its saved index must not be used here.
    twin_db = tmp_path / "twin.db"
    twin = dataclasses.replace(settings, db_path=twin_db)
    await (await App.open(twin)).close()
    shutil.copyfile(cache_path(twin_db), path)
    app = await App.open(settings)
    try:
        assert not app.index_loaded_from_cache
    finally:
        await app.close()


async def test_the_cache_can_be_switched_off(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    settings = Settings(db_path=db, index_cache=False)
    await (await App.open(settings)).close()
    assert not cache_path(db).exists()


async def test_the_index_is_saved_into_a_folder_that_does_not_exist_yet(tmp_path: Path) -> None:
    """A PostgreSQL bot keeps its index under data/, which a fresh checkout does not have."""
    from bot.query.cache import load, save

    app = await App.open(Settings(db_path=tmp_path / "bot.db"))
    try:
        target = tmp_path / "data" / "nested" / "db.pg.index"
        assert save(target, app.index, instance="test")
        again = load(target, instance="test", version=app.index.version,
                     generation=app.index.generation)
        assert again is not None
        assert [m.initiative.title for m in again.find_initiatives("hidta", limit=3)] == \
            await _titles(app, "hidta")
    finally:
        await app.close()
