"""A ``BotApp`` over a fixed index, for handler tests that need no database, Discord or digest."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from bot.app_protocol import Rescheduler
from bot.commands import autocomplete, dispatch
from bot.commands.spec import Invocation
from bot.config import Settings
from bot.digest.ports import Poster
from bot.query import CorpusIndex
from bot.query.answer import SheetReader
from bot.reply.model import Reply
from bot.store import SearchHit, SearchResults
from bot.store.follows import Follow


@dataclass
class FakeStore:
    """Only what the read-only handlers use: full-text search, with canned hits."""

    hits: list[SearchHit] = field(default_factory=list)
    searched: list[str] = field(default_factory=list)

    async def search(self, text: str, *, limit: int = 10, offset: int = 0) -> SearchResults:
        self.searched.append(text)
        page = tuple(self.hits[offset:offset + limit])
        return SearchResults(query=text, hits=page, total=len(self.hits), offset=offset, limit=limit)


@dataclass
class FakeApp:
    """A ``BotApp`` over a fixed index: nothing to refresh, no Discord, no digest, no follows."""

    index: CorpusIndex
    store: Any = field(default_factory=FakeStore)  # a ``FakeStore``: only the search the handlers use
    settings: Settings = field(default_factory=Settings)
    poster: Poster | None = None
    digest_scheduler: Rescheduler | None = None
    seeded: int = 0
    follow_directory: dict[int, list[Follow]] = field(default_factory=dict)
    reader: SheetReader | None = None  # /ask's second reader: none unless a test gives one

    async def refresh_if_changed(self, *, debounce: bool = True) -> bool:
        return False

    async def wait_for_change(self, poll_seconds: float) -> None:
        await asyncio.sleep(poll_seconds)

    def keep_reading(self) -> None:
        pass

    async def handle(self, key: str, options: dict[str, str], invocation: Invocation) -> Reply:
        return await dispatch(self, key, options, invocation)

    def autocomplete(self, key: str, option: str, current: str,
                     invocation: Invocation | None = None) -> list[tuple[str, str]]:
        return autocomplete(self, key, option, current, invocation)

    async def close(self) -> None:
        pass
