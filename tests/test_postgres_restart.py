"""A PostgreSQL restart while the bot runs: answers go on from memory, a change asked for while the
server is down is made once it is back, another machine's ingest after it still reaches the bot,
and nothing is lost or doubled."""

from __future__ import annotations

import asyncio

import pytest

from bot.config import Settings
from bot.dburl import parse_target
from bot.ingest import parse_document
from bot.store import Store
from tests.fake_discord import FakeDiscord
from tests.postgres_server import PostgresServer
from tests.test_follows_e2e import (
    ADMIN_ID,
    GUILD_ID,
    READER_ID,
    policy_club,
    quokka_sheet,
    running_bot,
    slash,
)
from tests.test_store_notify import sheet


@pytest.fixture
def world(fake_discord: FakeDiscord) -> FakeDiscord:
    return policy_club(fake_discord, ("general", "digest"))


@pytest.mark.slow
async def test_a_server_restart_while_the_bot_runs(world: FakeDiscord, pg_url: str,
                                                   postgres_server: PostgresServer, no_discord_errors) -> None:
    settings = Settings(db_path=parse_target(pg_url), api_base=world.api_base, gateway_url=world.gateway_url,
                        refresh_seconds=60, index_cache=False)
    other = await Store.open(pg_url)
    try:
        await other.ingest(parse_document(quokka_sheet(), "quokka.md"))
    finally:
        await other.close()
    channel = world.text_channel_ids(GUILD_ID)[1]
    async with running_bot(world, settings) as client:
        assert "Quokka" in await slash(world, READER_ID, "initiative", {"query": "quokka"})

        await asyncio.to_thread(postgres_server.stop)
        try:
            # Answers come from memory: the database being down changes nothing for a reader.
            assert "Quokka" in await slash(world, READER_ID, "initiative", {"query": "quokka"})
            # A change asked for meanwhile waits for the server (retried), then is made once.
            setup = await world.slash(GUILD_ID, channel, ADMIN_ID, "digest setup",
                                      {"channel": channel, "time": "08:00", "timezone": "UTC"})
            await setup.wait_response(timeout=10)  # deferred at once
        finally:
            await asyncio.to_thread(postgres_server.start)
        final = await setup.wait_final(timeout=30)
        assert "The daily digest is on" in final["content"], final

        # Another machine ingests after the restart: the bot hears of it (its listening connection
        # came back) and answers from it, with the poll a minute away.
        other = await Store.open(pg_url)
        try:
            await other.ingest(parse_document(sheet("wombat", "Wombat Burrows Act"), "wombat.md"))
            await world.wait_for(lambda: any("Wombat" in d.title for d in client.app.index.documents),
                                 timeout=10, what="the new sheet to be answered")
            configs = await other.digest.configs()
            count = await other.document_count()
        finally:
            await other.close()
    assert [(c.guild_id, c.channel_id, c.local_time) for c in configs] == [(GUILD_ID, channel, "08:00")]
    assert count == 2
