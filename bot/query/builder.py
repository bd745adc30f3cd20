"""Building, loading and retiring a ``CorpusIndex`` without stalling the event loop.

A build of a large library is seconds to tens of seconds of pure Python. In a thread it would
hold the GIL the event loop needs (Discord gives an interaction three seconds), so large
libraries are built by ``IndexBuilder`` in a separate, lower-priority process that writes the
index file (``bot.query.cache``); the bot then loads that file in a thread, a few megabytes per
step. Small libraries (tests, the bundled seed) are built in a thread: a process would cost more
than the build.

The builder process lives as long as the bot and keeps the words of every text it tokenised
(``TermMemo``), so a rebuild after another machine's ingest tokenises only the new sheets: on
the 1,661 real sheets a rebuild drops from about 3 s to about 1.2 s, which is what lets a bot
show another machine's ingest within two seconds. The process then holds about 130 MB (the
bot itself about 100 MB), some 45 MB more per thousand sheets. Past ``WARM_MAX_DOCUMENTS`` the
memo would cost more memory than it saves time: there each build gets a process of its own,
which exits when it is done and so returns all its memory.

A load or build freezes the index out of the garbage collector's sight (``gc.freeze``, see
``CorpusIndex.from_rows`` and ``cache.load``): it holds no reference cycles, so it is still freed
by reference counting when replaced, and no full collection ever walks it again. A replaced index is emptied piece by piece in a thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import gc
import logging
import os
from pathlib import Path

from bot.dburl import DatabaseUrl
from bot.query import cache
from bot.query.index import CorpusIndex
from bot.query.text import TermMemo
from bot.store.index_rows import read_index_rows
from bot.workers import WorkerPool

log = logging.getLogger(__name__)

_CHILD_NICENESS = 5  # the builder yields the CPU to the bot (and to anything interactive)
WARM_MAX_DOCUMENTS = 5_000  # above this many sheets the builder process keeps nothing between builds
_COLLECT_SECONDS = 0.25  # how often a wait for the builder looks up (a cancelled wait ends within this)

# In the builder process: the words of the texts of its previous build (see TermMemo).
_memo = TermMemo()
_niced = False


def build_from_database(db_path: Path | str | DatabaseUrl, memo: TermMemo | None = None) -> CorpusIndex:
    """Build the index from the database in this thread (one read transaction)."""
    return read_index_rows(db_path, lambda rows: CorpusIndex.from_rows(rows, memo))


def build_index_file(db_path: Path | str | DatabaseUrl, out_path: str, instance: str,
                     keep_words: bool = True) -> tuple[int, str, int, int]:
    """In the builder process: build the index, write it to ``out_path``; returns its data
    version and generation, and how many texts' words came from the memo and how many were made.
    ``keep_words=False`` empties the memo (a library too large for it)."""
    global _niced, _memo
    if not _niced:
        with contextlib.suppress(OSError, AttributeError):
            os.nice(_CHILD_NICENESS)
        _niced = True
    if not keep_words:
        _memo = TermMemo(keep=False)
    elif not _memo.keeps:
        _memo = TermMemo()
    index = build_from_database(db_path, _memo)
    try:
        if not cache.save(Path(out_path), index, instance=instance):
            raise OSError(f"could not write the index file {out_path}")
        return index.version, index.generation, _memo.last_reused, _memo.last_made
    finally:
        del index
        gc.collect()
        return_free_memory()  # what the build held beyond the memo goes back to the system


class IndexBuilder:
    """The bot's builder process: one build at a time, kept between builds while it pays."""

    def __init__(self) -> None:
        self._pool: WorkerPool | None = None
        self._one_at_a_time = asyncio.Lock()  # each build reads the answers: two at once would take each other's
        self.words_reused = 0  # texts of the last build whose words the builder already had
        self.words_made = 0  # texts of the last build it tokenised

    async def build(self, db_path: Path | DatabaseUrl, out_path: Path, instance: str, *,
                    documents: int) -> tuple[int, str]:
        """Build the index of ``db_path`` into ``out_path`` in the builder process; returns the
        data version and generation it built. A database URL (password included) reaches the
        process through a pipe, never a command line every user of the machine can read."""
        async with self._one_at_a_time:
            return await self._build(db_path, out_path, instance, documents=documents)

    async def _build(self, db_path: Path | DatabaseUrl, out_path: Path, instance: str, *,
                     documents: int) -> tuple[int, str]:
        warm = documents <= WARM_MAX_DOCUMENTS
        pool = self._pool
        if pool is None:
            pool = self._pool = WorkerPool(1, deadline=float("inf"), memory_bytes=0, role="index builder")
        try:
            job = pool.submit(build_index_file, db_path, str(out_path), instance, warm)
            while True:
                for answered, (ok, value) in await asyncio.to_thread(pool.collect, _COLLECT_SECONDS):
                    if answered == job:
                        if not ok:
                            raise RuntimeError(value)
                        version, generation, self.words_reused, self.words_made = value
                        return int(version), str(generation)
        except BaseException:  # failed or cancelled (the bot is stopping): start afresh next time
            self.close()
            raise
        finally:
            if not warm:
                self.close()

    @property
    def running(self) -> bool:
        """Whether the builder process is there (it starts with the first build)."""
        return self._pool is not None

    def close(self) -> None:
        """Stop the builder process (a build in progress is abandoned)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()


def return_free_memory() -> None:
    """Hand memory freed by a replaced index back to the system (glibc keeps it otherwise).

    The allocator keeps freed blocks for reuse, per thread arena: without this, every index
    swap leaves the process holding the old index's size too. A no-op where there is no glibc.
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass
