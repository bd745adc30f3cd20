"""A git repository of fact sheets (a local checkout or a remote URL), pulled every poll.

The repository is cloned once into a cache folder under the data folder (a local checkout is
cloned too, so the watcher never touches anyone's working tree); each poll fetches, moves the
clone to the fetched commit (fast-forward; a rewritten history is followed with a hard reset of
our own clone) and ingests the fact-sheet files changed since the commit last ingested
(``git diff --name-only``). Git runs as a subprocess without a shell and never prompts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
from pathlib import Path

from bot.sources import GIT, Poll, SourceError
from bot.sources.folder import is_fact_sheet_name
from bot.store.sources import SourceStore

log = logging.getLogger("bot.sources")

CLONE_TIMEOUT_SECONDS = 600.0
GIT_TIMEOUT_SECONDS = 120.0


def repository_address(entry: str) -> str:
    """What to hand to ``git clone``: the entry without a ``git+`` prefix."""
    text = entry.strip()
    return text[4:] if text.startswith("git+") else text


async def run_git(*args: str, cwd: Path | None = None, timeout: float = GIT_TIMEOUT_SECONDS) -> str:
    """``git args…``: its stdout, or ``SourceError`` with git's last line of stderr."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "true", "LC_ALL": "C"}
    try:
        process = await asyncio.create_subprocess_exec(
            "git", *args, cwd=cwd, env=env, stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    except FileNotFoundError as exc:
        raise SourceError("git is not installed") from exc
    try:
        out, err = await asyncio.wait_for(process.communicate(), timeout)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()
        raise SourceError(f"git {args[0]} took longer than {timeout:g} s") from None
    if process.returncode != 0:
        lines = [line for line in err.decode("utf-8", "replace").splitlines() if line.strip()]
        raise SourceError(f"git {args[0]} failed: {lines[-1].strip() if lines else f'exit {process.returncode}'}")
    return out.decode("utf-8", "replace")


class GitSource:
    """A repository's fact-sheet files, followed commit by commit."""

    kind = GIT

    def __init__(self, name: str, cache: Path, store: SourceStore) -> None:
        self.name = name
        self.address = repository_address(name)
        self.cache = cache
        self._store = store

    async def _update(self) -> None:
        if not (self.cache / ".git").is_dir():
            partial = self.cache.with_name(self.cache.name + ".partial")
            shutil.rmtree(partial, ignore_errors=True)
            partial.parent.mkdir(parents=True, exist_ok=True)
            await run_git("clone", "--quiet", "--no-tags", "--single-branch", "--", self.address, str(partial),
                          timeout=CLONE_TIMEOUT_SECONDS)
            shutil.rmtree(self.cache, ignore_errors=True)
            partial.rename(self.cache)
            return
        await run_git("fetch", "--quiet", "--no-tags", "origin", "HEAD", cwd=self.cache)
        try:
            await run_git("merge", "--quiet", "--ff-only", "FETCH_HEAD", cwd=self.cache)
        except SourceError:
            log.warning("source %s: history was rewritten upstream; following it", self.name)
            await run_git("reset", "--quiet", "--hard", "FETCH_HEAD", cwd=self.cache)

    async def poll(self) -> Poll:
        state = await self._store.get(self.name)
        before = state.cursor if state else None
        await self._update()
        head = (await run_git("rev-parse", "HEAD", cwd=self.cache)).strip()
        if head == before:
            return Poll(cursor=head)
        names: list[str]
        known = before is not None and await _has_commit(self.cache, before)
        if known:
            assert before is not None
            out = await run_git("diff", "--name-only", "--diff-filter=AMRC", "-z", before, head, cwd=self.cache)
        else:
            out = await run_git("ls-files", "-z", cwd=self.cache)
        names = [name for name in out.split("\0") if name]
        paths = [self.cache / name for name in names
                 if is_fact_sheet_name(name) and not any(part.startswith(".") for part in Path(name).parts)]
        return Poll(paths=sorted(paths), cursor=head)

    async def close(self) -> None:
        return None


async def _has_commit(repo: Path, commit: str) -> bool:
    try:
        await run_git("cat-file", "-e", f"{commit}^{{commit}}", cwd=repo)
    except SourceError:
        return False
    return True
