"""``SourceWatcher``: polls every watched source, ingests what changed, records each one's health.

One loop for all sources: every ``poll_seconds`` (sooner when a watched folder reports a change)
each source is polled in turn, its files are ingested through ``bot.pipeline.ingest_paths`` —
parsing runs in worker processes, so a bot serving in the same process keeps answering — and
its state (ok / failing / stale) is saved with a transition whenever it changes. A transition is
logged once; servers hear about it from ``bot.sources.notices``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.pipeline import IngestSummary, ingest_paths
from bot.sources import FEED, FOLDER, GIT, Poll, Source, SourceError, data_folder, kind_of, slug
from bot.sources.feed import FeedSource, HttpClient
from bot.sources.folder import FolderSource
from bot.sources.git import GitSource
from bot.sources.health import BAD, assess, describe, went_bad_or_recovered
from bot.store.sources import SourceState, Transition
from bot.tasks import cancel_and_wait, wait_event

if TYPE_CHECKING:
    from bot.store import Store

log = logging.getLogger("bot.sources")

Clock = Callable[[], dt.datetime]
OnIngest = Callable[[IngestSummary], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class PollReport:
    """One source's poll: its state after it, the transition it caused, what was ingested."""

    source: str
    state: SourceState
    transition: Transition | None
    summary: IngestSummary | None


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def make_source(entry: str, store: Store, settings: Settings, http: HttpClient) -> Source:
    """The source a watch entry names (see ``bot.sources.kind_of``)."""
    kind = kind_of(entry)
    root = data_folder(settings.db_path)
    if kind == FEED:
        return FeedSource(entry, root / "feeds" / slug(entry), store.sources, http,
                          max_file_bytes=settings.max_file_bytes)
    if kind == GIT:
        return GitSource(entry, root / "git" / slug(entry), store.sources)
    assert kind == FOLDER
    return FolderSource(entry, Path(entry).expanduser(), store.sources)


class SourceWatcher:
    """Every source in ``settings.sources_watch``, polled in one loop."""

    def __init__(self, store: Store, settings: Settings, *, http: HttpClient | None = None,
                 on_ingest: OnIngest | None = None, clock: Clock = _utcnow) -> None:
        self.store = store
        self.settings = settings
        self.http = http or HttpClient()
        self.on_ingest = on_ingest
        self.clock = clock
        entries = list(dict.fromkeys(entry for entry in settings.sources_watch if entry.strip()))
        self.sources: list[Source] = [make_source(entry, store, settings, self.http) for entry in entries]
        self._wake = asyncio.Event()
        self._again_in: float | None = None

    async def poll_once(self) -> list[PollReport]:
        """Poll every source once, in order."""
        self._again_in = None
        return [await self.poll_source(source) for source in self.sources]

    async def poll_source(self, source: Source) -> PollReport:
        store = self.store.sources
        previous = await store.get(source.name)
        error: str | None = None
        poll: Poll | None = None
        try:
            poll = await source.poll()
        except SourceError as exc:
            error = " ".join(str(exc).split()) or type(exc).__name__
        except Exception as exc:  # a bug in one source must not stop the others
            log.exception("source %s: polling failed", source.name)
            error = f"{type(exc).__name__}: {' '.join(str(exc).split())}"
        summary: IngestSummary | None = None
        if poll is not None:
            if poll.paths:
                summary = await ingest_paths(self.store, poll.paths, max_bytes=self.settings.max_file_bytes,
                                             report=lambda line: log.warning("source %s: %s", source.name, line))
                if summary.changes or summary.added or summary.updated:
                    log.info("source %s: %s", source.name, summary.text().splitlines()[0])
            if poll.commit is not None:
                await poll.commit(summary or IngestSummary())
            if poll.errors:
                more = f" (and {len(poll.errors) - 1} more)" if len(poll.errors) > 1 else ""
                error = f"{poll.errors[0]}{more}"
            if poll.again_in is not None:
                self._again_in = min(self._again_in or poll.again_in, poll.again_in)
        now = self.clock()
        state = assess(previous, source=source.name, kind=source.kind, now=now, error=error,
                       new=bool(summary and summary.changes),
                       stale_after=dt.timedelta(days=self.settings.sources_stale_days),
                       cursor=poll.cursor if poll else None)
        old = previous.state if previous else None
        transition = await store.record(state, previous=old, notify=went_bad_or_recovered(old, state.state))
        if transition is not None:
            line = describe(state, now)
            if state.state in BAD:
                log.warning("source %s is %s", source.name, line)
            else:
                log.info("source %s recovered: %s", source.name, line)
        if summary is not None and summary.changes and self.on_ingest is not None:
            await self.on_ingest(summary)
        return PollReport(source.name, state, transition, summary)

    async def run(self) -> None:
        """Poll forever (until cancelled), every ``poll_seconds`` or sooner when a folder changes."""
        watchers = [asyncio.create_task(source.watch(self._wake), name=f"briefbot-watch-{index}")
                    for index, source in enumerate(self.sources) if isinstance(source, FolderSource)]
        try:
            while True:
                self._wake.clear()
                try:
                    await self.poll_once()
                except Exception:  # the database, say: try again next round
                    log.exception("polling the sources failed; will try again")
                wait = self.settings.sources_poll_seconds
                if self._again_in is not None:
                    wait = min(wait, self._again_in)
                await wait_event(self._wake, wait)
        finally:
            await cancel_and_wait(watchers, errors_too=True)

    async def close(self) -> None:
        for source in self.sources:
            await source.close()
        await self.http.close()
