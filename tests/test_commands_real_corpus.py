"""Every command over the whole real corpus: each page of each reply must be a valid Discord payload.

The 40 fact sheets in ../shared/corpus (plus the bundled one) are ingested once into a temporary
database; then /initiative runs for every initiative (by title and by id), /funding, /briefing and
/sources for every fact sheet, /search for a few words, and /help.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import App
from bot.commands.spec import ALL_COMMANDS, Invocation
from bot.config import Settings
from bot.query.text import fold
from bot.reply.model import Reply
from bot.reply.payload import render_payload, validate_payload

if not hasattr(__import__("bot.ingest", fromlist=["parse_document"]), "parse_document"):
    pytest.skip("parser not available yet", allow_module_level=True)

pytestmark = pytest.mark.slow

USER = Invocation(user_id=7, guild_id=1, channel_id=2)


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    from bot.pipeline import ensure_seeded, ingest_paths
    from bot.store import Store

    db_path = tmp_path_factory.mktemp("walk") / "corpus.db"

    async def build() -> None:
        store = await Store.open(db_path)
        try:
            await ensure_seeded(store, Settings(db_path=db_path), announce=False)
            files = sorted(p for p in (shared_dir / "corpus").glob("*.md") if p.name != "SOURCES.md")
            await ingest_paths(store, files, max_bytes=Settings().max_file_bytes, report=lambda line: None)
        finally:
            await store.close()

    asyncio.run(build())
    return db_path


@pytest.fixture
async def app(corpus_db: Path) -> AsyncIterator[App]:
    opened = await App.open(Settings(db_path=corpus_db), seed_if_empty=False)
    try:
        yield opened
    finally:
        await opened.close()


def check(reply: Reply) -> list[dict]:
    """Render and validate every page, as the transport would (page buttons, pick menu and all)."""
    assert reply.pages, "a reply needs at least one page"
    payloads = []
    for page in range(len(reply.pages)):
        payload = render_payload(reply, page, reply_key="walk", owner_id=USER.user_id)
        validate_payload(payload)
        assert payload["content"] or payload["embeds"]
        payloads.append(payload)
    return payloads


async def test_the_corpus_is_loaded(app: App) -> None:
    assert len(app.index.documents) >= 40
    assert len(app.index.initiatives) > 300


async def test_initiative_for_every_title_and_id(app: App) -> None:
    for rec in app.index.initiatives:
        by_id = await app.handle("initiative", {"query": f"id:{rec.id}"}, USER)
        check(by_id)
        assert not by_id.error
        shown = by_id.pages[0].embeds[0]
        assert fold(shown.title.rstrip("…")) in fold(rec.title) or fold(rec.title).startswith(
            fold(shown.title.rstrip("…")))

        by_title = await app.handle("initiative", {"query": rec.title}, USER)
        check(by_title)
        assert not by_title.error
        title = by_title.pages[0].embeds[0].title
        assert fold(title.rstrip("…")) == fold(rec.title.rstrip("…"))[: len(fold(title.rstrip("…")))], (
            f"{rec.title!r} showed {title!r}")


async def test_funding_briefing_and_sources_for_every_document(app: App) -> None:
    everything = await app.handle("funding", {}, USER)
    check(everything)
    assert "Funding across all fact sheets" in everything.pages[0].embeds[0].title
    for doc in app.index.documents:
        for reply in (
            await app.handle("funding", {"document": f"doc:{doc.id}"}, USER),
            await app.handle("funding", {"document": doc.title}, USER),
            await app.handle("briefing", {"document": f"doc:{doc.id}"}, USER),
            await app.handle("briefing", {"document": doc.title}, USER),
        ):
            check(reply)
            assert not reply.error
        briefing = await app.handle("briefing", {"document": doc.title}, USER)
        assert briefing.pages[0].embeds[0].title.rstrip("…") in doc.title
    check(await app.handle("sources", {}, USER))
    for rec in app.index.initiatives[::3]:
        check(await app.handle("sources", {"query": f"id:{rec.id}"}, USER))


async def test_funding_topics_and_search(app: App) -> None:
    for topic in ("border", "broadband", "lead pipes", "semiconductors", "veterans", "heat", "qqqzzz"):
        check(await app.handle("funding", {"query": topic}, USER))
    for words in ("fentanyl", "lead pipe", "chips", "clean energy", "“quoted”", "AND OR NOT", "*", "x" * 200):
        check(await app.handle("search", {"text": words}, USER))


async def test_help_and_autocomplete_over_the_corpus(app: App) -> None:
    check(await app.handle("help", {}, USER))
    for spec in ALL_COMMANDS:
        for option in spec.options:
            if not option.autocomplete:
                continue
            for current in ("", "a", "border", "hidta", "infrastructure investment", "🚀"):
                choices = app.autocomplete(spec.key, option.name, current)
                assert len(choices) <= 25
                assert all(1 <= len(n) <= 100 and 1 <= len(v) <= 100 for n, v in choices)
