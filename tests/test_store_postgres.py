"""What only the PostgreSQL backend has: surviving a server restart, the password kept out of
messages, and the whole app answering from a server database."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.app import App
from bot.commands.spec import Invocation
from bot.config import Settings
from bot.dburl import DatabaseUrl, parse_target
from bot.store import Store, StoreError
from tests.postgres_server import PostgresServer
from tests.test_store import make_doc


async def test_a_server_restart_is_survived_reads_and_writes_resume(
        postgres_server: PostgresServer, pg_url: str) -> None:
    async with await Store.open(pg_url) as store:
        await store.ingest(make_doc())
        version = await store.data_version()
        postgres_server.restart()  # every pooled connection is dropped by the server
        assert await store.document_count() == 1  # a read on a fresh connection
        added = await store.ingest(make_doc(url="https://example.gov/after", title="After", content_hash="h2"))
        assert added.status == "added"
        assert await store.data_version() == version + 1
        assert (await store.search("fentanyl")).total > 0


async def test_an_unreachable_server_is_one_line_without_the_password() -> None:
    with pytest.raises(StoreError) as caught:
        await Store.open("postgresql://briefbot:s3cret@127.0.0.1:1/nothing")
    message = str(caught.value)
    assert "s3cret" not in message and "127.0.0.1:1" in message and "\n" not in message


def test_a_database_url_prints_without_its_password() -> None:
    url = parse_target("postgresql://bot:s3cret@db.internal:5432/briefbot")
    assert isinstance(url, DatabaseUrl)
    assert "s3cret" not in f"{url} {url!r} {Settings(db_path=url)}"
    assert url.secret.endswith("@db.internal:5432/briefbot")


async def test_the_app_answers_from_a_server_database(pg_url: str, tmp_path: Path) -> None:
    settings = dataclasses.replace(Settings(), db_path=parse_target(pg_url), index_cache=False,
                                   seeds_dir=Path(__file__).resolve().parents[1] / "seeds")
    app = await App.open(settings, announce_seed=False)
    try:
        assert app.seeded >= 1 and len(app.index.documents) == app.seeded
        reply = await app.handle("search", {"text": "fentanyl"}, Invocation(user_id=1, guild_id=None))
        assert not reply.error
        shown = repr(reply.pages[0])
        assert "**fentanyl**" in shown.lower() or "**Fentanyl**" in shown  # a highlighted hit
    finally:
        await app.close()
