"""Watched sources: folders, git repositories and RSS/Atom feeds that keep the library current.

``[sources] watch`` lists them (``BRIEFBOT_WATCH``). Each entry becomes one source (``make_source``)
whose ``poll`` says which fact-sheet files to ingest now; ``SourceWatcher`` (``watcher.py``) polls
them all every ``poll_seconds``, ingests through ``bot.pipeline.ingest_paths`` (parsing in worker
processes, off the event loop) and records each source's health (``health.py``) in the store, where
the bot finds the transitions to tell servers about (``notices.py``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from bot.dburl import DatabaseUrl, local_path

if TYPE_CHECKING:
    from bot.pipeline import IngestSummary

FOLDER = "folder"
GIT = "git"
FEED = "feed"


class SourceError(Exception):
    """A source cannot be read this time; the message is one line a person can act on."""


@dataclass(slots=True)
class Poll:
    """What one poll of a source found.

    ``paths``: fact-sheet files to ingest now. ``errors``: problems that make the source failing
    (pages that could not be fetched or read). ``commit`` is called with the ingest's summary once
    the files are stored, to remember what was handled. ``cursor``: the source's position to keep
    (git: the commit now ingested). ``again_in``: poll again this soon (a file still being written).
    """

    paths: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    commit: Callable[[IngestSummary], Awaitable[None]] | None = None
    cursor: str | None = None
    again_in: float | None = None


class Source(Protocol):
    name: str  # the watch entry as configured
    kind: str

    async def poll(self) -> Poll: ...

    async def close(self) -> None: ...


_GIT_URL = re.compile(r"^(?:git\+|git://|ssh://|[\w.-]+@[\w.-]+:)|\.git/?$")


def kind_of(entry: str) -> str:
    """``feed`` for an http(s) URL, ``git`` for a repository address (``git+…``, ``git://``,
    ``ssh://``, ``user@host:path``, anything ending in ``.git``), else ``folder``."""
    text = entry.strip()
    if _GIT_URL.search(text):
        return GIT
    if re.match(r"^https?://", text, re.IGNORECASE):
        return FEED
    return FOLDER


def slug(entry: str) -> str:
    """A folder name for a source's files under the data folder: readable, and unique by hash."""
    readable = re.sub(r"[^A-Za-z0-9]+", "-", re.sub(r"^[a-z+]+://", "", entry.strip()))[-48:].strip("-")
    return f"{readable or 'source'}-{hashlib.sha256(entry.encode()).hexdigest()[:10]}"


def data_folder(db_path: Path | str | DatabaseUrl) -> Path:
    """Where sources keep their files: ``sources/`` beside the database."""
    path = local_path(db_path)
    return (path.parent if str(db_path) != ":memory:" else Path.cwd() / "data") / "sources"
