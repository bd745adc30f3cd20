"""The ingest says which sheets it added or changed, so alerts fire once per real change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.config import SEEDS_DIR
from bot.pipeline import ingest_paths
from bot.store import Store


async def test_changes_list_new_sheets_then_nothing_then_the_changed_sheet(tmp_path: Path) -> None:
    folder = tmp_path / "sheets"
    shutil.copytree(SEEDS_DIR, folder)
    sheet = next(folder.glob("*.md"))
    store = await Store.open(tmp_path / "briefbot.db")
    try:
        first = await ingest_paths(store, [folder], max_bytes=10_000_000, isolate=False)
        assert [(change.path, change.status) for change in first.changes] == [(str(sheet), "new")]
        again = await ingest_paths(store, [folder], max_bytes=10_000_000, isolate=False)
        assert again.changes == []
        sheet.write_text(sheet.read_text(encoding="utf-8") + "\nThe Quokka Program adds $5 million.\n",
                         encoding="utf-8")
        changed = await ingest_paths(store, [folder], max_bytes=10_000_000, isolate=False)
        assert [(change.status, change.document_id) for change in changed.changes] == [
            ("updated", first.changes[0].document_id)]
        assert changed.changes[0].content_hash != first.changes[0].content_hash
    finally:
        await store.close()


async def test_the_event_loop_keeps_running_while_a_slow_folder_is_walked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bot ingesting its watched folder must keep answering: the walk of a slow disk (here one
    that finishes only once the event loop has run something else) happens off the loop."""
    import asyncio
    import threading

    import bot.pipeline as pipeline

    folder = tmp_path / "sheets"
    shutil.copytree(SEEDS_DIR, folder)
    loop_ran = threading.Event()
    real_walk = pipeline._walk

    def slow_walk(path: Path) -> tuple[list[Path], list[pipeline.Rejection]]:
        assert loop_ran.wait(timeout=10), "the folder walk blocked the event loop"
        return real_walk(path)

    monkeypatch.setattr(pipeline, "_walk", slow_walk)
    store = await Store.open(tmp_path / "briefbot.db")
    try:
        ingest = asyncio.create_task(ingest_paths(store, [folder], max_bytes=10_000_000, isolate=False))
        await asyncio.sleep(0)  # the ingest starts its walk
        loop_ran.set()  # reached only if the walk left the loop free
        summary = await ingest
        assert summary.added == 1
    finally:
        await store.close()
