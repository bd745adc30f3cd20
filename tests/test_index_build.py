"""The index built in a child process, saved flat and loaded back answers exactly like the one
built in memory; a replaced index is freed at once; slow answers never stall the event loop."""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import time
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest

from bot.app import App
from bot.app_protocol import BotApp
from bot.commands import dispatch
from bot.commands.spec import Invocation
from bot.config import Settings
from bot.ingest import parse_document
from bot.model import Snapshot
from bot.pipeline import ingest_paths
from bot.query import CorpusIndex, builder, totals
from bot.query import cache as index_cache
from bot.reply.model import Reply
from bot.store import Store
from tests.test_index_cache import NEW_SHEET
from tests.test_query_index import seed_snapshot

QUERIES = ("hidta", "border security", "fentanyl precursor", "clean energy", "semiconductor chips", "broadband",
           "child care", "cancer moonshot", "quantum", "tax credit", "ukraine", "climate resilience", "abc")
TOPICS = ("border", "energy", "health", "tax", "climate", "infrastructure", "education", "the", "zzzz")


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    """The 40 real fact sheets of ../shared/corpus in a database (ingested once for the module)."""
    fact_sheets = sorted(path for path in (shared_dir / "corpus").glob("*.md") if path.name != "SOURCES.md")
    assert len(fact_sheets) == 40
    db_path = tmp_path_factory.mktemp("index-build") / "corpus.db"

    async def ingest() -> None:
        store = await Store.open(db_path)
        try:
            await ingest_paths(store, fact_sheets, max_bytes=Settings().max_file_bytes,
                               progress=False, report=lambda _line: None)
        finally:
            await store.close()

    asyncio.run(ingest())
    return db_path


def _answers(index: CorpusIndex) -> Iterator[object]:
    """Everything a user can get out of an index, as plain values."""
    for query in QUERIES:
        yield [(m.initiative, m.document.id, m.score, m.why) for m in index.find_initiatives(query)]
        yield index.autocomplete(query[:4])
        yield [doc.id for doc in index.nearest_documents(query)]
    for topic in TOPICS:
        records = index.funding_about(topic)
        result = index.funding_totals(records)
        yield list(records), result.headline, result.breakdown, len(result.counted), len(result.not_counted)
    library = index.library_totals()
    yield library.headline, library.breakdown, len(library.counted), len(library.not_counted)
    yield list(index.initiatives), list(index.funding), index.documents
    for doc in index.documents:
        yield index.initiatives_of(doc.id), index.funding_of_document(doc.id)


async def _snapshot(db_path: Path) -> Snapshot:
    store = await Store.open(db_path)
    try:
        return await store.snapshot()
    finally:
        await store.close()


async def test_child_process_build_and_saved_file_answer_like_the_in_memory_build(corpus_db: Path) -> None:
    in_memory = CorpusIndex.build(await _snapshot(corpus_db))
    expected = list(_answers(in_memory))
    assert len(in_memory.initiatives) > 300  # the real corpus, not an empty database

    settings = Settings(db_path=corpus_db, index_process_min_documents=1)
    app = await App.open(settings, seed_if_empty=False)
    try:
        assert not app.index_loaded_from_cache
        # The child process wrote the index file itself: it is there before anything is saved here.
        assert index_cache.cache_path(corpus_db).is_file()
        assert list(_answers(app.index)) == expected
    finally:
        await app.close()

    again = await App.open(settings, seed_if_empty=False)
    try:
        assert again.index_loaded_from_cache
        assert list(_answers(again.index)) == expected
    finally:
        await again.close()


async def test_funding_totals_from_the_columns_equal_adding_up_the_records(corpus_db: Path) -> None:
    index = CorpusIndex.build(await _snapshot(corpus_db))
    for topic in TOPICS:
        records = index.funding_about(topic)
        # The view knows which records matched the topic (the others came along to show what they
        # belong to), and the index which money an earlier sheet announced first.
        fast = index.funding_totals(records)
        slow = totals(list(records), about=index.funding_about_ids(records),
                      first_announced=index.first_announcements(), first_where=index.announced_where)
        assert (fast.headline, fast.amount, fast.at_least, fast.up_to, fast.breakdown) == (
            slow.headline, slow.amount, slow.at_least, slow.up_to, slow.breakdown), topic
        assert (fast.unclear_amount, fast.reannounced_count) == (slow.unclear_amount, slow.reannounced_count)
        assert list(fast.counted) == list(slow.counted)
        assert list(fast.not_counted) == list(slow.not_counted)
        assert [fast.note(r) for r in fast.counted] == [slow.note(r) for r in slow.counted]
    whole = index.library_totals()
    everything = totals(list(index.funding), first_announced=index.first_announcements(),
                        first_where=index.announced_where)
    assert whole.headline == everything.headline
    assert whole.breakdown == everything.breakdown
    assert list(whole.counted) == list(everything.counted)
    assert whole.reannounced_count == everything.reannounced_count


def test_saved_file_keeps_every_string_whatever_it_holds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Strings across piece boundaries, empty ones and ones holding NUL all come back as written."""
    snapshot = seed_snapshot()
    odd = dataclasses.replace(snapshot.initiatives[0], text="null \x00 inside", section="")
    snapshot = dataclasses.replace(snapshot, initiatives=(odd, *snapshot.initiatives[1:]))
    index = CorpusIndex.build(snapshot)
    monkeypatch.setattr(index_cache, "_PIECE_BYTES", 64)  # many small pieces
    path = tmp_path / "x.index"
    index_cache.save(path, index, instance="i")
    loaded = index_cache.load(path, instance="i", version=index.version)
    assert loaded is not None
    assert list(_answers(loaded)) == list(_answers(index))
    restored = loaded.initiative(odd.id)
    assert restored is not None and restored.text == "null \x00 inside"
    assert index_cache.load(path, instance="other", version=index.version) is None
    path.write_bytes(path.read_bytes()[:-40])  # cut short
    assert index_cache.load(path, instance="i", version=index.version) is None


async def test_refresh_built_in_a_child_process_sees_another_process_ingest(tmp_path: Path) -> None:
    settings = Settings(db_path=tmp_path / "bot.db", index_process_min_documents=1, index_cache=False)
    app = await App.open(settings)
    try:
        other = await Store.open(settings.db_path)  # stands in for `briefbot ingest` elsewhere
        await other.ingest(parse_document(NEW_SHEET, "quantum.md"))
        await other.close()
        replaced = weakref.ref(app.index)
        assert await app.refresh_if_changed(debounce=False)
        assert app.index.find_initiatives("qntp")[0].initiative.title.startswith("Launching the Quantum")
        assert replaced() is None  # the old index is gone, not kept alongside the new one
        assert not list(tmp_path.glob("*.index*"))  # index_cache off: the child's file is removed
    finally:
        await app.close()


async def test_a_replaced_index_is_freed_at_once_unless_an_answer_still_uses_it(tmp_path: Path) -> None:
    settings = Settings(db_path=tmp_path / "bot.db", index_cache=False)
    app = await App.open(settings)
    try:
        in_use = app.index
        other = await Store.open(settings.db_path)
        await other.ingest(parse_document(NEW_SHEET, "quantum.md"))
        assert await app.refresh_if_changed(debounce=False)
        # An answer being formatted from the old index is not pulled from under it.
        assert in_use.find_initiatives("hidta")[0].initiative.title.startswith("Expanding our High Intensity")

        gone = weakref.ref(app.index)
        await other.remove_document(app.index.find_initiatives("qntp")[0].document.id)
        await other.close()
        assert await app.refresh_if_changed(debounce=False)
        # No reference cycles: freed by reference counting, no garbage collection needed.
        assert gone() is None
    finally:
        await app.close()


class _SlowToForgetExecutor(concurrent.futures.ThreadPoolExecutor):
    """A thread pool whose finished work is still held, as a busy worker thread holds its last work item for a moment
    after the waiting coroutine has resumed (on a loaded machine, long enough to matter)."""

    def __init__(self) -> None:
        super().__init__(max_workers=2)
        self.finished: list[concurrent.futures.Future[Any]] = []

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> concurrent.futures.Future[Any]:
        future = super().submit(fn, *args, **kwargs)
        self.finished.append(future)
        return future


async def test_a_replaced_index_is_freed_even_while_a_worker_thread_still_holds_its_finished_work(
        tmp_path: Path) -> None:
    executor = _SlowToForgetExecutor()
    asyncio.get_running_loop().set_default_executor(executor)
    settings = Settings(db_path=tmp_path / "bot.db", index_cache=False)
    app = await App.open(settings)
    try:
        other = await Store.open(settings.db_path)
        await other.ingest(parse_document(NEW_SHEET, "quantum.md"))
        assert await app.refresh_if_changed(debounce=False)  # built in a worker thread of that pool
        gone = weakref.ref(app.index)
        await other.remove_document(app.index.find_initiatives("qntp")[0].document.id)
        await other.close()
        assert await app.refresh_if_changed(debounce=False)
        assert gone() is None  # not kept alive by the thread pool's record of the build that made it
    finally:
        await app.close()
        executor.shutdown()


async def test_a_slow_lookup_does_not_stall_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    index = CorpusIndex.build(seed_snapshot())
    real = CorpusIndex.funding_about

    def slow_funding_about(self: CorpusIndex, query: str, document_id: int | None = None) -> object:
        deadline = time.perf_counter() + 0.6
        while time.perf_counter() < deadline:  # CPU-bound, as a lookup over a huge library is
            pass
        return real(self, query, document_id)

    monkeypatch.setattr(CorpusIndex, "funding_about", slow_funding_about)
    app = type("AppStub", (), {"index": index})()
    gaps: list[float] = []
    answer = asyncio.ensure_future(dispatch(app, "funding", {"query": "border"}, Invocation()))
    last = time.perf_counter()
    while not answer.done():
        await asyncio.sleep(0.005)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    reply = answer.result()
    assert "more than $1.2 billion" in reply.pages[0].embeds[0].description
    assert len(gaps) > 10  # the loop kept turning while the answer was worked out
    assert max(gaps) < 0.3  # on the loop itself the gap would be the whole 0.6 s


async def test_an_offloaded_handler_that_awaits_fails_cleanly() -> None:
    from bot.commands import HANDLERS, OFFLOADED

    async def awaits_something(app: BotApp, options: dict[str, str], invocation: Invocation) -> Reply:
        await asyncio.sleep(0.01)
        raise AssertionError("not reached")

    HANDLERS["test-awaiting"] = awaits_something
    OFFLOADED.add("test-awaiting")
    try:
        no_app = cast("BotApp", object())  # the handler fails before it could use an app
        reply = await dispatch(no_app, "test-awaiting", {}, Invocation())
    finally:
        HANDLERS.pop("test-awaiting")
        OFFLOADED.discard("test-awaiting")
    assert reply.error and "error id" in reply.pages[0].content


def test_builder_command_writes_a_loadable_index(corpus_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "built.index"
    version, generation, _reused, _made = builder.build_index_file(str(corpus_db), str(out), "inst")
    loaded = index_cache.load(out, instance="inst", version=version, generation=generation)
    assert loaded is not None and len(loaded.documents) == 40


async def test_the_bot_starts_from_the_older_saved_index_and_catches_up(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    settings = Settings(db_path=db)
    await (await App.open(settings)).close()  # the saved index of the seeded data
    other = await Store.open(db)  # then `briefbot ingest` runs while the bot is down
    await other.ingest(parse_document(NEW_SHEET, "quantum.md"))
    await other.close()

    saved = index_cache.cache_path(db)
    older = saved.read_bytes()
    one_shot = await App.open(settings)  # `briefbot ask` wants the current data and waits for it
    try:
        assert not one_shot.index_loaded_from_cache
        assert one_shot.index.find_initiatives("qntp")[0].initiative.title.startswith("Launching the Quantum")
    finally:
        await one_shot.close()
    saved.write_bytes(older)  # as if the bot were the first to start after the ingest

    bot = await App.open(settings, accept_older_index=True)
    try:
        assert bot.index_loaded_from_cache  # ready at once, answering from the previous data …
        assert bot.index.find_initiatives("hidta")[0].initiative.title.startswith("Expanding our High Intensity")
        assert not any(m.initiative.title.startswith("Launching the Quantum")
                       for m in bot.index.find_initiatives("qntp"))
        assert await bot.refresh_if_changed()  # … until the refresh loop's first pass
        assert bot.index.find_initiatives("qntp")[0].initiative.title.startswith("Launching the Quantum")
    finally:
        await bot.close()


@pytest.mark.parametrize("recent", [True, False], ids=["new sheets", "spotlight"])
async def test_a_digest_from_the_index_equals_one_from_all_the_records(corpus_db: Path, recent: bool) -> None:
    """The digest reads an index through its columns (no pass making every record): same digest."""
    import datetime as dt

    from bot.digest.content import Corpus, build_digest

    snapshot = await _snapshot(corpus_db)
    index = CorpusIndex.build(snapshot)
    since = dt.datetime(2000, 1, 1, tzinfo=dt.UTC) if recent else dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
    for guild_id in (1, 2, 3):
        arguments: dict[str, Any] = {"guild_id": guild_id, "local_date": dt.date(2026, 11, 28), "since": since,
                                     "spotlight_shown": ()}
        from_index = build_digest(Corpus.of(index), **arguments)
        from_records = build_digest(Corpus.of(snapshot), **arguments)
        assert from_index.reply == from_records.reply
        assert from_index.spotlight == from_records.spotlight
        assert from_index.funding_fact == from_records.funding_fact
        assert from_index.reply.pages  # something was composed


async def test_a_failing_builder_process_falls_back_to_building_here(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    async def broken(*_args: object, **_kwargs: object) -> int:
        raise RuntimeError("index builder failed: MemoryError")

    monkeypatch.setattr(builder.IndexBuilder, "build", broken)
    settings = Settings(db_path=tmp_path / "bot.db", index_process_min_documents=1)
    app = await App.open(settings)
    try:
        assert app.index.find_initiatives("hidta")[0].initiative.title.startswith("Expanding our High Intensity")
        assert "building it here" in caplog.text
    finally:
        await app.close()


async def test_a_rebuild_by_the_builder_process_tokenises_only_the_new_sheet(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The builder process outlives a build and keeps the words it made: after another process
    ingests one sheet, the rebuild tokenises that sheet's texts and reuses every other one."""
    settings = Settings(db_path=tmp_path / "bot.db", index_process_min_documents=1)
    app = await App.open(settings)
    try:
        seen_before = app.index_builder.words_made  # the first build made every text's words
        assert seen_before > 0 and app.index_builder.words_reused == 0
        other = await Store.open(settings.db_path)  # `briefbot ingest` elsewhere
        await other.ingest(parse_document(NEW_SHEET, "quantum.md"))
        await other.close()
        with caplog.at_level("INFO", logger="bot.app"):
            assert await app.refresh_if_changed(debounce=False)
        new = app.index.find_initiatives("qntp")[0].initiative
        assert new.title.startswith("Launching the Quantum")
        # The new sheet's texts: a title and a body per initiative, and a sentence per figure.
        new_texts = (2 * len(app.index.initiatives_of(new.document_id))
                     + len(app.index.funding_of_document(new.document_id)))
        rebuilt = next(r.getMessage() for r in caplog.records if r.getMessage().startswith("index rebuilt"))
        assert f"words of {new_texts:,} texts made, {seen_before:,} reused" in rebuilt
    finally:
        await app.close()
    assert not app.index_builder.running  # closing the bot stops its builder process


async def test_a_bot_started_from_the_saved_index_primes_its_builder(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The long-running bot answers from the saved index at once, and its builder reads the library
    in the background meanwhile, so even the first rebuild tokenises only what is new."""
    settings = Settings(db_path=tmp_path / "bot.db", index_process_min_documents=1)
    await (await App.open(settings)).close()  # seeded, and its index saved
    bot = await App.open(settings, accept_older_index=True)
    try:
        assert bot.index_loaded_from_cache
        assert bot._priming is not None
        await bot._priming  # the background read (the refresh would otherwise wait for it)
        seen = bot.index_builder.words_made
        assert seen > 0
        other = await Store.open(settings.db_path)
        await other.ingest(parse_document(NEW_SHEET, "quantum.md"))
        await other.close()
        with caplog.at_level("INFO", logger="bot.app"):
            assert await bot.refresh_if_changed(debounce=False)
        rebuilt = next(r.getMessage() for r in caplog.records if r.getMessage().startswith("index rebuilt"))
        assert f"{seen:,} reused" in rebuilt
    finally:
        await bot.close()


async def test_past_the_warm_limit_each_build_gets_a_process_that_exits(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A library too large to keep its words for builds in a process of its own each time, which
    exits when done and so hands all its memory back."""
    monkeypatch.setattr(builder, "WARM_MAX_DOCUMENTS", 0)
    settings = Settings(db_path=tmp_path / "bot.db", index_process_min_documents=1)
    app = await App.open(settings)
    try:
        assert app.index.find_initiatives("hidta")[0].initiative.title.startswith("Expanding our High Intensity")
        assert app.index_builder.words_made > 0  # built by the builder process …
        assert not app.index_builder.running  # … which is gone already
    finally:
        await app.close()
