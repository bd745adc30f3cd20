"""A folder of fact sheets: new and changed files are ingested.

The poll is a scan of file sizes and modification times against what the store says was last
ingested, so it works everywhere (network shares, containers without inotify) and survives
restarts without re-reading every file. ``watch`` adds watchfiles' notifications on top, which
only wake the watcher sooner; when they are not available the scan alone still finds everything.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import time
from pathlib import Path

from watchfiles import awatch

from bot.pipeline import DOCUMENT_SUFFIXES, NOT_FACT_SHEETS, IngestSummary, discover
from bot.sources import FOLDER, Poll, SourceError
from bot.store.sources import SourceStore

log = logging.getLogger("bot.sources")

# A file modified more recently than this may still be being written: it waits for the next poll
# (which comes this soon), so a sheet copied in slowly is ingested once, whole.
SETTLE_SECONDS = 1.0
WATCH_DEBOUNCE_MS = 500


def is_fact_sheet_name(path: str | Path) -> bool:
    """The files a folder walk takes (``bot.pipeline``): .md/.markdown/.txt, not hidden, not a README."""
    name = os.path.basename(str(path))
    stem, suffix = os.path.splitext(name)
    return (not name.startswith(".") and suffix.lower() in DOCUMENT_SUFFIXES
            and stem.lower() not in NOT_FACT_SHEETS)


def _scan(folder: Path) -> dict[str, tuple[int, int]]:
    files, _rejected = discover([folder])
    found: dict[str, tuple[int, int]] = {}
    for path in files:
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        try:
            info = path.stat()
        except OSError:
            continue
        found[str(path)] = (info.st_size, info.st_mtime_ns)
    return found


class FolderSource:
    """Fact-sheet files under one folder (recursively)."""

    kind = FOLDER

    def __init__(self, name: str, folder: Path, store: SourceStore) -> None:
        self.name = name
        self.folder = folder
        self._store = store

    async def poll(self) -> Poll:
        if not self.folder.is_dir():
            raise SourceError(f"no such folder: {self.folder}" if not self.folder.exists()
                              else f"not a folder: {self.folder}")
        try:
            current = await asyncio.to_thread(_scan, self.folder)
        except OSError as exc:
            raise SourceError(f"cannot read the folder {self.folder}: {exc.strerror or exc}") from exc
        known = await self._store.files(self.name)
        fresh_after = time.time_ns() - int(SETTLE_SECONDS * 1e9)
        changed = {path: mark for path, mark in current.items() if known.get(path) != mark}
        settled = {path: mark for path, mark in changed.items() if mark[1] <= fresh_after}
        removed = [path for path in known if path not in current]

        async def commit(summary: IngestSummary) -> None:
            # Rejected files are remembered too: they are read again only when they change.
            await self._store.save_files(self.name, [(p, s, m) for p, (s, m) in settled.items()], removed,
                                         dt.datetime.now(dt.UTC))

        return Poll(paths=[Path(p) for p in sorted(settled)], commit=commit,
                    again_in=SETTLE_SECONDS if len(settled) < len(changed) else None)

    async def watch(self, wake: asyncio.Event) -> None:
        """Set ``wake`` whenever a fact-sheet file under the folder changes; returns when file
        notifications fail (the poll keeps working without them)."""
        try:
            async for _changes in awatch(self.folder, debounce=WATCH_DEBOUNCE_MS, recursive=True,
                                         watch_filter=lambda _change, path: is_fact_sheet_name(path)):
                wake.set()
        except (OSError, RuntimeError, FileNotFoundError) as exc:
            log.info("source %s: no file notifications (%s); polling only", self.name, exc)

    async def close(self) -> None:
        return None
