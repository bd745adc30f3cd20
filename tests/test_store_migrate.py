"""``briefbot migrate --to postgresql://…``: a SQLite database copied whole, verified, and only once."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest

from bot.cli import main
from bot.store import Store
from bot.store.sources import FAILING, SourceState
from tests.test_store import make_doc


async def _migrate(db: Path, url: str) -> int:
    return await asyncio.to_thread(main, ["migrate", "--db", str(db), "--to", url])


NOW = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)


async def _fill(path: Path) -> None:
    async with await Store.open(path) as store:
        await store.ingest(make_doc())
        await store.ingest(make_doc(url="https://example.gov/second", title="Second sheet", content_hash="h2"))
        await store.put_vectors("minilm", [(1, b"\x00\x01" * 4), (3, b"\xff\x7f" * 4)])
        await store.set_meta("command_hash:global", "abc")
        await store.digest.save_config(42, 7, "08:00", "Europe/Paris", NOW)
        assert await store.digest.claim(42, NOW.date(), channel_id=7, marker="m1", due_at=NOW, now=NOW)
        await store.digest.mark_posted(42, NOW.date(), "m1", [99], NOW, spotlight=("key#0", 0))
        await store.sources.record(SourceState("feed:https://example.gov/rss", "feed", FAILING, "timed out", NOW, NOW,
                                               checked_at=NOW), previous=None, notify=True)


async def test_migrate_copies_everything_verifies_it_and_a_second_run_changes_nothing(
        tmp_db: Path, pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    await _fill(tmp_db)
    async with await Store.open(tmp_db) as sqlite:
        expected = {what: await sqlite.export_rows(what) for what in ("documents", "initiatives", "funding")}
        state = await sqlite.data_state()
        vectors = await sqlite.load_vectors("minilm")
        expected_search = await sqlite.search("fentanyl")

    assert await _migrate(tmp_db, pg_url) == 0
    first = capsys.readouterr().out
    assert "copied" in first and "verified" in first and "documents 2" in first

    async with await Store.open(pg_url) as pg:
        assert {what: await pg.export_rows(what) for what in expected} == expected
        assert await pg.data_state() == state  # an index saved for the file is not mistaken for this one
        assert await pg.load_vectors("minilm") == vectors and len(vectors.initiative_ids) == 2
        assert await pg.get_meta("command_hash:global") == "abc"
        post = await pg.digest.get_post(42, NOW.date())
        assert post is not None and post.status == "posted" and post.message_ids == (99,)
        config = await pg.digest.get_config(42)
        assert config is not None and config.timezone == "Europe/Paris"
        # The day already posted is not claimable again on the new database: exactly once survives.
        assert not await pg.digest.claim(42, NOW.date(), channel_id=7, marker="m2", due_at=NOW, now=NOW)
        assert [s.state for s in await pg.sources.states()] == [FAILING]
        assert len(await pg.sources.transitions()) == 1
        found = await pg.search("fentanyl")
        assert found.total == expected_search.total
        # New rows get new ids after the copied ones.
        added = await pg.ingest(make_doc(url="https://example.gov/third", title="Third", content_hash="h3"))
        assert added.document_id == 3

    async with await Store.open(pg_url) as pg:
        await pg.remove_document(3)
    assert await _migrate(tmp_db, pg_url) != 0  # removing bumped the version: differs
    assert "already holds other data" in capsys.readouterr().err


async def test_a_second_run_changes_nothing(tmp_db: Path, pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    await _fill(tmp_db)
    assert await _migrate(tmp_db, pg_url) == 0
    capsys.readouterr()
    async with await Store.open(pg_url) as pg:
        before = (await pg.data_state(), await pg.export_rows("funding"))
    assert await _migrate(tmp_db, pg_url) == 0
    assert "nothing changed" in capsys.readouterr().out
    async with await Store.open(pg_url) as pg:
        assert (await pg.data_state(), await pg.export_rows("funding")) == before


def test_the_password_of_the_target_is_never_printed(tmp_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["migrate", "--db", str(tmp_db / "missing.db"), "--to", "postgresql://u:s3cret@127.0.0.1:1/x"])
    assert status != 0
    assert "s3cret" not in capsys.readouterr().err
