"""Building, loading and retiring a ``CorpusIndex`` without stalling the event loop.

A build of a large library is tens of seconds of pure Python. In a thread it would hold the
GIL the event loop needs (Discord gives an interaction three seconds), so large libraries are
built in a separate, lower-priority process that writes the index file (``bot.query.cache``);
the bot then loads that file in a thread, a few megabytes per step. Small libraries (tests, the
bundled seed) are built in a thread: a child process would cost more than the build.

A load or build freezes the index out of the garbage collector's sight (``gc.freeze``, see
``CorpusIndex.from_rows`` and ``cache.load``): it holds no reference cycles, so it is still freed
by reference counting when replaced, and no full collection ever walks it again. A replaced index is emptied piece by piece in a thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import logging
import os
import sys
from pathlib import Path

from bot.dburl import DatabaseUrl
from bot.query import cache
from bot.query.index import CorpusIndex
from bot.store.index_rows import read_index_rows

log = logging.getLogger(__name__)

_CHILD_NICENESS = 5  # the builder yields the CPU to the bot (and to anything interactive)


# A server database's URL (password included) reaches the child through its environment, never its
# command line, which every user of the machine can read.
_URL_VARIABLE = "BRIEFBOT_BUILDER_DATABASE_URL"


def build_from_database(db_path: Path | str | DatabaseUrl) -> CorpusIndex:
    """Build the index from the database in this thread (one read transaction)."""
    return read_index_rows(db_path, CorpusIndex.from_rows)


def build_index_file(db_path: str | DatabaseUrl, out_path: str, instance: str) -> tuple[int, str]:
    """In a child process: build the index, write it to ``out_path``; returns its data version
    and generation."""
    with contextlib.suppress(OSError, AttributeError):
        os.nice(_CHILD_NICENESS)
    index = build_from_database(db_path)
    if not cache.save(Path(out_path), index, instance=instance):
        raise OSError(f"could not write the index file {out_path}")
    return index.version, index.generation


async def build_in_child_process(db_path: Path | DatabaseUrl, out_path: Path, instance: str) -> tuple[int, str]:
    """Run ``build_index_file`` in a fresh Python process; returns the data version and generation
    it built."""
    env = None
    where = str(db_path)
    if isinstance(db_path, DatabaseUrl):
        env = {**os.environ, _URL_VARIABLE: db_path.secret}
        where = "-"
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.query.builder", where, str(out_path), instance,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env,
    )
    try:
        out, err = await child.communicate()
    except BaseException:  # cancelled (the bot is stopping): don't leave the child running
        with contextlib.suppress(ProcessLookupError):
            child.kill()
        await child.wait()
        raise
    if child.returncode != 0:
        last = err.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"index builder exited with {child.returncode}: {last[0]}")
    version, generation = out.decode().splitlines()[-1].split(" ")
    return int(version), generation


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

def main(argv: list[str]) -> int:
    """``python -m bot.query.builder DB OUT INSTANCE``: build, save, print the data version and
    generation."""
    db_path, out_path, instance = argv
    target: str | DatabaseUrl = DatabaseUrl(os.environ[_URL_VARIABLE]) if db_path == "-" else db_path
    version, generation = build_index_file(target, out_path, instance)
    print(version, generation, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
