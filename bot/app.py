"""``App``: settings, the store and a warm ``CorpusIndex``, shared by every transport.

The index is rebuilt only when the store's data version moves (another process ingested, or an
admin added a file), in a worker thread so the event loop keeps answering from the old index
until the new one is swapped in, in one assignment. The built index is also saved beside the
database (``bot.query.cache``) so that the next start skips the build while nothing changed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from bot import commands, reader, workers
from bot.app_protocol import Rescheduler
from bot.commands.spec import Invocation
from bot.config import Settings
from bot.dburl import local_path
from bot.digest.ports import Poster
from bot.query import CorpusIndex, builder
from bot.query import cache as index_cache
from bot.query.answer import SheetReader
from bot.reply import limits
from bot.reply.model import Reply
from bot.reply.text import escape_markdown, shorten
from bot.store import DRIVER_ERRORS, Store, database_fault, is_database_fault
from bot.store.follows import Follow
from bot.tasks import cancel_and_wait, wait_event

log = logging.getLogger(__name__)
_Made = TypeVar("_Made")

# A data version that keeps moving is picked up at the latest this long after it first moved.
SETTLE_MAX_SECONDS = 10.0
SETTLE_RECHECK_SECONDS = 0.5  # a change heard of but still moving is looked at again this soon


class App:
    """The one ``BotApp`` (see ``bot.app_protocol``): what every transport and handler shares."""

    def __init__(self, settings: Settings, store: Store, index: CorpusIndex,
                 index_builder: builder.IndexBuilder | None = None) -> None:
        self.settings = settings
        # The process that rebuilds a large library's index, kept warm between rebuilds.
        self.index_builder = index_builder if index_builder is not None else builder.IndexBuilder()
        self.store = store
        self.index = index
        self.poster: Poster | None = None  # set by the Discord runtime, used for digest delivery
        self.digest_scheduler: Rescheduler | None = None  # set by the digest scheduler when made
        self.seeded = 0  # bundled fact sheets loaded into an empty database by open()
        self.follow_directory: dict[int, list[Follow]] = {}  # guild id -> follows, kept by /follow
        self.index_loaded_from_cache = False
        self._saving: asyncio.Future[None] | None = None
        self._refreshing: asyncio.Future[bool] | None = None
        self._priming: asyncio.Future[None] | None = None  # the builder's first read, see _prime_index_builder
        self._seen_version: int | None = None  # data version at the previous refresh check
        self._moved_at: float | None = None  # when the pending change was first seen (monotonic)
        self._rebuilt_at: float | None = None  # when the last refresh rebuild finished (monotonic)
        self._build_seconds = 0.0  # how long that rebuild took
        self._changed = asyncio.Event()  # set by the store when another process changed the data
        self._notified: bool | None = None  # whether the store tells of changes (None: not asked yet)
        self.reader: SheetReader | None = None  # /ask's second reader, when on and every initiative has a vector
        self._reading: asyncio.Future[None] | None = None  # the job that embeds new initiatives (see keep_reading)
        self._read_again = False  # the data changed while that job ran: it goes round once more

    @classmethod
    async def open(cls, settings: Settings, *, seed_if_empty: bool = True, announce_seed: bool = True,
                   accept_older_index: bool = False) -> App:
        """Open the database (seeding an empty one) and build the index off the event loop.

        ``announce_seed=False`` leaves saying so to the caller (the console puts it in its
        first line); ``App.seeded`` tells how many bundled fact sheets were just loaded.
        ``accept_older_index=True`` (the long-running bot) starts from the saved index even when
        the data changed since it was saved — the bot answers from the previous data for the
        time a rebuild takes, as it does after any ingest — and ``refresh_if_changed`` then
        builds the current one. One-shot commands want the current data and wait for it.
        """
        store = await Store.open(settings.db_path)
        index_builder = builder.IndexBuilder()
        seeded = 0
        try:
            if seed_if_empty and not store.read_only:  # a read-only library is answered as it is
                from bot.pipeline import ensure_seeded  # loads the parser only when seeding

                seeded = await ensure_seeded(store, settings, announce=announce_seed)
            index, loaded, saved = await _load_or_build(store, settings, index_builder,
                                                        accept_older=accept_older_index)
        except DRIVER_ERRORS as exc:
            index_builder.close()
            await store.close()
            if not is_database_fault(exc):
                raise
            raise database_fault(exc, settings.db_path) from exc
        except BaseException:
            index_builder.close()
            await store.close()
            raise
        app = cls(settings, store, index, index_builder)
        app.seeded = seeded
        app.index_loaded_from_cache = loaded
        if not saved:
            app._schedule_save()
        if accept_older_index and loaded:
            app._priming = asyncio.ensure_future(app._prime_index_builder())
        try:
            app.reader = await app._load_reader()
        except BaseException:
            await app.close()
            raise
        return app

    async def _load_reader(self) -> reader.SecondReader | None:
        return await reader.load_reader(self.store, enabled=self.settings.ask_second_reader,
                                        max_initiatives=self.settings.ask_reader_max_initiatives)

    def keep_reading(self) -> None:
        """Keep /ask's second reader current in the background (the console and the bot call this; one-shot commands
        only use the vectors already stored): embed the initiatives that have no vector yet, a batch at a time, then
        load the reader; again after every change of the data. Encoding runs in a worker thread at about 20
        initiatives a second, so a large library's first run takes minutes, and /ask answers from its word index
        alone until it is done."""
        if not self.settings.ask_second_reader or self.store.read_only or reader.model_id() is None:
            return
        if self._reading is not None and not self._reading.done():
            self._read_again = True
            return
        self._reading = asyncio.ensure_future(self._embed_and_load())

    async def _embed_and_load(self) -> None:
        model = await asyncio.to_thread(reader.load_model)  # reads the weights: off the event loop
        if model is None:
            return
        while True:
            self._read_again = False
            try:
                _, total = await self.store.vector_counts(model.name)
                if total > self.settings.ask_reader_max_initiatives:  # it stays off (load_reader said so at open):
                    return  # computing vectors would be hours of work for nothing
                stored = await reader.embed_missing(self.store, model)
                if stored:
                    log.info("second reader: %s new initiative vectors stored", stored)
                self.reader = await self._load_reader()
            except asyncio.CancelledError:
                raise
            except Exception:  # the word index still answers; the next change of the data tries again
                log.warning("second reader: could not embed the new initiatives", exc_info=True)
                return
            if not self._read_again:
                return

    async def _prime_index_builder(self) -> None:
        """Have the builder process read the library once, in the background, when the index came
        from the saved file: the first rebuild after another machine's ingest then tokenises only the
        new sheets, as every later one does (see ``bot.query.builder``)."""
        settings = self.settings
        try:
            documents = await self.store.document_count()
            instance = await _instance_id(self.store)
            if (instance is None or self.store.read_only or documents < settings.index_process_min_documents
                    or documents > builder.WARM_MAX_DOCUMENTS):
                return
            path = _scratch_index_path(settings, "prime")
            try:
                await self.index_builder.build(settings.db_path, path, instance, documents=documents)
            finally:
                with contextlib.suppress(OSError):
                    path.unlink()
            log.debug("index builder primed with %s fact sheets", documents)
        except Exception as exc:  # only the first rebuild's speed is at stake
            log.info("could not prime the index builder (%s); the first rebuild reads everything", exc)

    def _schedule_save(self) -> None:
        """Save the current index for the next start, off the event loop (close() waits for it)."""
        if not self.settings.index_cache or self.store.read_only:
            return
        index = self.index

        async def save() -> None:
            try:
                instance = await _instance_id(self.store)
                if instance is None:
                    return
                await asyncio.to_thread(index_cache.save, index_cache.cache_path(local_path(self.settings.db_path)),
                                        index, instance=instance)
            except Exception:  # only the next start's speed is at stake
                log.warning("could not save the index for the next start", exc_info=True)

        previous = self._saving
        self._saving = asyncio.ensure_future(_after(previous, save))

    async def wait_for_change(self, poll_seconds: float) -> None:
        """Return when the refresh loop should look for changes (then it calls ``refresh_if_changed``).

        A store that hears about changes (PostgreSQL: LISTEN/NOTIFY) ends the wait at once; the
        ``poll_seconds`` poll stays, for SQLite and as the fallback while the listening
        connection is down. A change heard of but still settling (see ``_settled``) is looked at
        again soon rather than at the next poll, which may be a minute away.
        """
        if self._notified is None:
            self._notified = await self.store.listen_for_changes(self._changed.set)
        wait = poll_seconds
        if self._notified and self._moved_at is not None:
            wait = min(poll_seconds, SETTLE_RECHECK_SECONDS)
        await wait_event(self._changed, wait)
        self._changed.clear()

    async def refresh_if_changed(self, *, debounce: bool = True) -> bool:
        """Rebuild the index when the data changed; True when a new index was swapped in.

        Calls made while a rebuild is running wait for that rebuild instead of starting another.
        With ``debounce`` (the polling loop), a change that keeps moving is picked up once it
        settles (see ``_settled``); ``debounce=False`` rebuilds now, for a caller that just
        changed the data itself and answers from it.
        """
        running = self._refreshing
        if running is None or running.done():
            running = self._refreshing = asyncio.ensure_future(self._refresh(debounce=debounce))
        changed = await asyncio.shield(running)
        if changed or debounce or _state_of(self.index) == await self.store.data_state():
            return changed
        return await self.refresh_if_changed(debounce=False)  # the shared poll chose to wait

    async def _refresh(self, *, debounce: bool = True) -> bool:
        state = await self.store.data_state()
        version = state[0]
        previous, self._seen_version = self._seen_version, version
        if state == _state_of(self.index):
            self._moved_at = None
            return False
        now = _now()
        if self._moved_at is None:
            self._moved_at = now
        if debounce and not self._settled(version, previous, now):
            return False
        started = _now()
        index, saved = await _fresh_index(self.store, self.settings, self.index_builder)
        if _state_of(index) == _state_of(self.index):
            return False
        await self._swap(index)
        if self._reading is not None:  # the job was started (keep_reading): new initiatives need vectors
            self.keep_reading()
        elif self.reader is not None:
            self.reader = await self._load_reader()
        self._moved_at = None
        self._rebuilt_at = _now()
        self._build_seconds = self._rebuilt_at - started
        log.info("index rebuilt: data version %s, %s initiatives, in %.2f s%s", index.version,
                 len(index.initiatives), self._build_seconds, self._words_note())
        if not saved:
            self._schedule_save()
        return True

    def _words_note(self) -> str:
        """", words of 12 texts made, 40,081 reused" when the builder process built it."""
        made, reused = self.index_builder.words_made, self.index_builder.words_reused
        self.index_builder.words_made = self.index_builder.words_reused = 0
        return f", words of {made:,} texts made, {reused:,} reused" if made or reused else ""

    async def _swap(self, index: CorpusIndex) -> None:
        """Answer from ``index`` from now on; empty the old one off the event loop if unused."""
        old, self.index = self.index, index
        if sys.getrefcount(old) <= 2:  # this variable and getrefcount's argument: nobody else
            holder = [old]
            del old  # the worker thread drops the last reference: freeing it never runs on the loop
            await asyncio.to_thread(_release_last, holder)

    def _settled(self, version: int, previous: int | None, now: float) -> bool:
        """Whether a pending change is worth a rebuild now (each one costs a full build).

        While an ingest runs elsewhere the data version moves at every poll; rebuilding each
        time would keep a core busy for nothing. So a change is taken at once after a quiet spell
        at least as long as the last rebuild took (capped at ``SETTLE_MAX_SECONDS``): cheap
        rebuilds and lone changes are never delayed. Otherwise it waits until the version held
        still across two checks, or ``SETTLE_MAX_SECONDS`` passed since it first moved, so a
        steady trickle still shows.
        """
        moved_at = self._moved_at if self._moved_at is not None else now
        quiet_needed = min(self._build_seconds, SETTLE_MAX_SECONDS)
        after_quiet = self._rebuilt_at is None or moved_at - self._rebuilt_at >= quiet_needed
        held_still = previous == version
        waited_long_enough = now - moved_at >= SETTLE_MAX_SECONDS
        return after_quiet or held_still or waited_long_enough

    async def handle(self, key: str, options: dict[str, str], invocation: Invocation) -> Reply:
        """Answer one command; raises only ``CommandFault``, when the database fails (see
        ``bot.commands.dispatch``).

        A file attached by an admin (``/briefing-admin add``) is parsed in a worker process first
        (``bot.workers``: bounded in time and memory), and refused there when it is not a usable
        fact sheet, so a hostile upload never runs the parser in this process.
        """
        refusal = await self._screen_attachment(invocation)
        if refusal is not None:
            return refusal
        return await commands.dispatch(self, key, options, invocation)

    async def _screen_attachment(self, invocation: Invocation) -> Reply | None:
        attached = invocation.extras.get("attachment")
        if not (invocation.is_admin and isinstance(attached, tuple) and len(attached) == 2
                and isinstance(attached[1], bytes | bytearray)):
            return None  # the handler refuses non-admins and missing files itself
        filename, data = str(attached[0]), bytes(attached[1])
        if len(data) > self.settings.attachment_max_bytes:
            return None  # refused by the handler without being parsed
        from bot.pipeline import check_upload

        try:
            ok, reason = await workers.run_isolated(check_upload, data, filename)
        except OSError as exc:  # no worker processes here: the handler parses it as before
            log.warning("could not check %s in a worker process (%s); parsing it here", filename, exc)
            return None
        if ok and reason is None:
            return None
        log.info("refused the upload %s: %s", filename, reason)
        text = f"Rejected {escape_markdown(shorten(filename, 100))}: {escape_markdown(str(reason))}"
        return Reply.text(shorten(text, limits.CONTENT_MAX), ephemeral=True, error=True)

    def autocomplete(self, key: str, option: str, current: str,
                     invocation: Invocation | None = None) -> list[tuple[str, str]]:
        return commands.autocomplete(self, key, option, current, invocation)

    async def close(self) -> None:
        await cancel_and_wait([self._refreshing, self._priming, self._reading], errors_too=True)
        self.index_builder.close()
        saving = self._saving
        if saving is not None:
            with contextlib.suppress(Exception):
                await saving  # a half-written index file is never left behind (see cache.save)
        await self.store.close()


def _release_last(holder: list[CorpusIndex]) -> None:
    """Empty the index in ``holder`` and drop it (in a worker thread), before the caller resumes."""
    index = holder.pop()
    index.release()
    del index
    builder.return_free_memory()


def _state_of(index: CorpusIndex) -> tuple[int, str]:
    """What the index was built from, comparable with ``Store.data_state()``."""
    return index.version, index.generation


def _scratch_index_path(settings: Settings, purpose: str) -> Path:
    """An index file of this process's own beside the saved one, removed once read (or not read at all)."""
    path = index_cache.cache_path(local_path(settings.db_path))
    return path.with_name(f"{path.name}.{os.getpid()}.{purpose}")


def _now() -> float:
    """Seconds on a clock that never goes back (one place, so tests can move it)."""
    return time.monotonic()


async def _instance_id(store: Store) -> str | None:
    """A random id for this database file, so a saved index is never applied to another one.

    None for a read-only database that has none yet: it cannot be given one, and no saved index
    can be matched to it.
    """
    value = await store.get_meta("instance_id")
    if value is None and not store.read_only:
        await store.set_meta("instance_id", uuid.uuid4().hex)
        value = await store.get_meta("instance_id")
    return None if value is None else str(value)


async def _load_or_build(store: Store, settings: Settings, index_builder: builder.IndexBuilder, *,
                         accept_older: bool = False) -> tuple[CorpusIndex, bool, bool]:
    """The saved index when it still matches the data (or, with ``accept_older``, any saved
    index of this database), else a fresh build.

    Returns (index, loaded from the saved file, saved already).
    """
    instance = await _instance_id(store) if settings.index_cache else None
    if instance is not None:
        version, generation = await store.data_state()
        path = index_cache.cache_path(local_path(settings.db_path))
        index = await _in_thread(index_cache.load, path, instance=instance,
                                 version=None if accept_older else version, generation=generation)
        if index is not None:
            if _state_of(index) == (version, generation):
                log.debug("index loaded from %s: data version %s", path, version)  # routine: not worth a line on every ask
            else:
                log.info("index loaded from %s: data version %s; the data is now at version %s, its index "
                         "is built in the background", path, index.version, version)
            return index, True, True
    index, saved = await _fresh_index(store, settings, index_builder)
    return index, False, saved


async def _fresh_index(store: Store, settings: Settings,
                       index_builder: builder.IndexBuilder) -> tuple[CorpusIndex, bool]:
    """Build the index from the database; True when it was also saved (built in a child process).

    Large libraries are built in a child process (see ``bot.query.builder``) that writes the
    index file, which is then loaded here in pieces; small ones are built in a thread from a
    snapshot of records.
    """
    documents = await store.document_count()
    # A read-only database is built here: the child could not write the index file beside it.
    if documents >= settings.index_process_min_documents and not store.read_only:
        instance = await _instance_id(store)
        assert instance is not None  # a writable database always gets one
        saved = settings.index_cache
        path = index_cache.cache_path(local_path(settings.db_path)) if saved else _scratch_index_path(settings, "build")
        try:
            version, generation = await index_builder.build(settings.db_path, path, instance, documents=documents)
            index = await _in_thread(index_cache.load, path, instance=instance, version=version,
                                     generation=generation)
            if index is not None:
                return index, saved
            log.warning("the index built in a child process could not be loaded; building it here")
        except Exception as exc:  # one line: the child's own last words are in the message
            log.warning("could not build the index in a child process (%s); building it here", exc)
        finally:
            if not saved:
                with contextlib.suppress(OSError):
                    path.unlink()
    snapshot = await store.snapshot()
    return await _in_thread(CorpusIndex.build, snapshot), False


async def _in_thread(make: Callable[..., _Made], *args: Any, **kwargs: Any) -> _Made:
    """``make(*args, **kwargs)`` in a worker thread, its result handed over without staying in the thread pool's
    finished work: a worker thread holds that for a moment after the caller resumes (on a loaded machine, long enough
    for the index it made to outlive its own replacement, which ``_swap`` frees at once)."""
    made: list[_Made] = []
    await asyncio.to_thread(lambda: made.append(make(*args, **kwargs)))
    return made.pop()


async def _after(previous: asyncio.Future[None] | None, step: Callable[[], Awaitable[None]]) -> None:
    if previous is not None:
        with contextlib.suppress(Exception):
            await previous
    await step()
