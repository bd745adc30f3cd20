"""Ingest files and folders: find fact sheets, parse them on every core, store each one whole.

Parsing is pure CPU work, so it runs in worker processes (``bot.workers``), which also turn each
document into the rows to store (``prepare_rows``); storing runs here, in the main process, which
only executes those rows, one transaction per file, in the order the files were found. Each parse
is bounded in time and memory, so a hostile file is one rejection, not a hung ingest. A bad file
costs one line on stderr (``rejected: path: reason``) and the rest still go in.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import os
import stat
import sys
import threading
import time
from collections.abc import AsyncGenerator, Callable, Iterable
from contextlib import AbstractAsyncContextManager, aclosing, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bot.changes import DocumentChange
from bot.config import SEEDS_DIR, Settings
from bot.model import ParsedDocument
from bot.workers import memory_limit, too_big

if TYPE_CHECKING:
    from bot.store import IngestOutcome, PreparedDocument, Store
    from bot.workers import WorkerPool

DOCUMENT_SUFFIXES = (".md", ".markdown", ".txt")
# Files that document a folder rather than being fact sheets; skipped when walking folders
# (a file named on the command line is always taken).
NOT_FACT_SHEETS = frozenset({"readme", "sources", "license", "licence", "changelog", "contributing", "notice"})
POOL_THRESHOLD = 20  # fewer files than this are parsed in this process: a pool costs more to start
PROGRESS_THRESHOLD = 20

Report = Callable[[str], None]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Rejection:
    path: str
    reason: str

    @property
    def line(self) -> str:
        return f"rejected: {self.path}: {self.reason}"


@dataclass(slots=True)
class IngestSummary:
    files: int = 0  # files found: added + updated + unchanged + rejected + yielded
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    without_initiatives: list[str] = field(default_factory=list)  # stored, but no initiative found
    same_identity: list[tuple[str, str]] = field(default_factory=list)  # (file, earlier file it replaced)
    yielded: list[tuple[str, str]] = field(default_factory=list)  # (file not stored, later file kept instead)
    changes: list[DocumentChange] = field(default_factory=list)  # sheets added or changed, in file order
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.rejected

    def text(self) -> str:
        """The summary as printed by ``briefbot ingest``."""
        lines = [
            f"{_plural(self.files, 'file')} in {self.seconds:.1f} s: {self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged, {len(self.rejected)} rejected."
        ]
        if self.without_initiatives:
            lines.append(f"{_plural(len(self.without_initiatives), 'document')} yielded no initiative.")
        if self.same_identity:
            lines.append(
                f"{_plural(len(self.same_identity), 'file')} had the same source_url as an earlier file in "
                "this run and replaced it (the later file is kept)."
            )
        if self.yielded:
            lines.append(
                f"{_plural(len(self.yielded), 'file')} not stored: a later file in this run has the same "
                "source_url (the later file is kept)."
            )
        return "\n".join(lines)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


# ---- discovery ----------------------------------------------------------------------------------


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[Rejection]]:
    """Fact-sheet files under ``paths``: files as given, folders walked recursively.

    Folders yield ``*.md``, ``*.markdown`` and ``*.txt`` files, sorted, skipping hidden files and
    folders and README/SOURCES/LICENSE-style notes. Each file appears once. A path that does not
    exist or cannot be read, is not a regular file (a named pipe would block the read forever)
    or is a symbolic link loop is a rejection, not an error: the other paths still go in.
    """
    found: list[Path] = []
    rejected: list[Rejection] = []
    seen: set[str] = set()

    def add(path: Path) -> None:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            found.append(path)

    for raw in paths:
        path = Path(raw)
        kind, problem = _kind_of(path)
        if kind == "folder":
            try:
                files, skipped = _walk(path)
            except OSError as exc:
                rejected.append(Rejection(str(path), f"cannot read folder: {exc.strerror or exc}"))
                continue
            for file in files:
                add(file)
            rejected.extend(skipped)
        elif kind == "file":
            add(path)
        elif problem == "no such file":
            rejected.append(Rejection(str(path), "no such file or folder"))
        else:
            rejected.append(Rejection(str(path), problem or "not a regular file or folder"))
    return found, rejected


_SPECIAL_FILES = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
                  (stat.S_ISBLK, "a device"))


def _kind_of(path: Path | str) -> tuple[str, str | None]:
    """("file" | "folder" | "other", why it is not a file to read), following symbolic links."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "other", "symbolic link loop"
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return "other", "broken symbolic link" if os.path.islink(path) else "no such file"
        return "other", f"cannot read: {exc.strerror or exc}"
    if stat.S_ISREG(mode):
        return "file", None
    if stat.S_ISDIR(mode):
        return "folder", None
    what = next((name for test, name in _SPECIAL_FILES if test(mode)), "not a regular file")
    return "other", f"not a regular file ({what})"


def _walk(folder: Path) -> tuple[list[Path], list[Rejection]]:
    """The fact sheets under ``folder``, sorted, and a rejection for each one that cannot be read
    as a file (named pipes, sockets, devices, broken links, symbolic link loops).

    Linked folders are not followed, so a link back up the tree cannot make the walk go round.
    """
    files: list[Path] = []
    skipped: list[Rejection] = []

    def fail(exc: OSError) -> None:
        raise exc

    for root, dirs, names in os.walk(folder, onerror=fail):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            stem, suffix = os.path.splitext(name)
            if name.startswith(".") or suffix.lower() not in DOCUMENT_SUFFIXES:
                continue
            if stem.lower() in NOT_FACT_SHEETS:
                continue
            path = Path(root) / name
            kind, problem = _kind_of(path)
            if kind == "file":
                files.append(path)
            elif kind == "other":  # a linked folder named like a sheet is a folder os.walk does not enter
                skipped.append(Rejection(str(path), problem or "not a regular file"))
    return sorted(files), sorted(skipped, key=lambda rejection: rejection.path)


# ---- parsing (runs in worker processes) ---------------------------------------------------------

ParseResult = tuple[str, ParsedDocument | None, str | None]  # (path, document, rejection reason)


def parse_one(path: str, max_bytes: int) -> ParseResult:
    """Parse one file; any failure becomes a one-line reason instead of an exception."""
    from bot.ingest import ParseError, parse_file

    try:
        return path, parse_file(path, max_bytes), None
    except MemoryError:
        pass  # answered below, once the exception has let go of what the parse had built
    except ParseError as exc:
        return path, None, _one_line(str(exc)) or "cannot be parsed"
    except OSError as exc:
        return path, None, f"cannot read: {exc.strerror or exc}"
    except Exception as exc:  # a parser bug must not stop the other files
        return path, None, f"parser failed: {type(exc).__name__}: {_one_line(str(exc))}"
    return path, None, too_big(memory_limit())


def check_upload(raw: bytes, filename: str) -> str | None:
    """Why an uploaded file would be rejected (one line), or None when it parses."""
    from bot.ingest import ParseError, parse_document

    try:
        parse_document(raw, filename)
    except MemoryError:
        pass  # answered below, once the exception has let go of what the parse had built
    except ParseError as exc:
        return _one_line(str(exc)) or "it cannot be parsed"
    else:
        return None
    return too_big(memory_limit())


PreparedResult = tuple[str, "PreparedDocument | None", str | None]  # (path, rows to store, rejection reason)


def prepare_one(path: str, max_bytes: int) -> PreparedResult:
    """Parse one file and build its rows, so the storing process only has to execute them."""
    from bot.store.documents import prepare_rows

    path, doc, reason = parse_one(path, max_bytes)
    if doc is None:
        return path, None, reason
    try:
        return path, prepare_rows(doc), None
    except MemoryError:
        pass
    except Exception as exc:  # a bug here must not stop the other files either
        return path, None, f"cannot be prepared: {type(exc).__name__}: {_one_line(str(exc))}"
    finally:
        del doc
    return path, None, too_big(memory_limit())


def _one_line(text: str) -> str:
    return " ".join(text.split())


# ---- the pipeline -------------------------------------------------------------------------------


async def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    max_bytes: int,
    progress: bool = False,
    report: Report | None = None,
    workers: int | None = None,
    deadline: float | None = None,
    isolate: bool = True,
) -> IngestSummary:
    """Ingest files and folders into ``store``; one transaction per file.

    ``report`` receives each rejection line as it happens (default: stderr). A progress bar is
    shown on stderr when ``progress`` is true, or for more than ``PROGRESS_THRESHOLD`` files
    when stderr is a terminal. Each file is parsed in a worker process and rejected as too slow
    after ``deadline`` seconds (default ``bot.workers.DEADLINE_SECONDS``); ``isolate=False`` is
    for trusted files only (see ``_parse_all``).
    """
    started = time.monotonic()
    # Walking a folder and resolving each path is blocking file-system work: in a thread, so a
    # bot that ingests its watched folder keeps answering meanwhile.
    files, rejected = await asyncio.to_thread(discover, list(paths))
    summary = IngestSummary(files=len(files) + len(rejected))
    show_progress = progress or (len(files) > PROGRESS_THRESHOLD and sys.stderr.isatty())
    bar = _ProgressBar(len(files)) if show_progress and files else None
    emit = report or (bar.print if bar else _print_stderr)
    stored_by_identity: dict[str, str] = {}

    def reject(path: str, reason: str) -> None:
        rejection = Rejection(path, reason)
        summary.rejected.append(rejection)
        emit(rejection.line)

    precedence = await asyncio.to_thread(_Precedence, files)

    async def store_and_count(sheets: list[PreparedDocument]) -> None:
        """Store sheets that were held back for a later file that then did not take their place."""
        for prepared, outcome in zip(sheets, await store.ingest_batch(sheets), strict=True):
            _count(prepared.path, prepared, outcome, summary, stored_by_identity, reject)

    for rejection in rejected:
        reject(rejection.path, rejection.reason)
    try:
        async with _bulk_mode_for(store, len(files)), \
                aclosing(_parse_all([str(f) for f in files], max_bytes, workers, isolate=isolate,
                                    deadline=deadline)) as batches:
            async for batch in batches:
                # The sheets of a batch are stored in one hop to the database thread, each in a
                # transaction of its own; outcomes are then reported in file order.
                stored = [item[1] for item in batch if item[1] is not None]
                outcomes = iter(await store.ingest_batch(stored, precedence.yields_to))
                store_now: list[PreparedDocument] = []
                for path, prepared, reason in batch:
                    outcome: IngestOutcome | Exception | None = None
                    if prepared is None:
                        reject(path, reason or "cannot be parsed")
                    else:
                        outcome = next(outcomes)
                        if not precedence.held(prepared, outcome):
                            _count(path, prepared, outcome, summary, stored_by_identity, reject)
                    store_now += precedence.settle(path, prepared, outcome, summary)
                    if bar:
                        bar.advance()
                await store_and_count(store_now)
            await store_and_count(precedence.leftover())
    finally:
        if bar:
            bar.stop()
    summary.seconds = time.monotonic() - started
    return summary


def _bulk_mode_for(store: Store, files: int) -> AbstractAsyncContextManager[None]:
    """Fewer WAL checkpoints for a bulk ingest (the same pages are copied fewer times)."""
    if files < POOL_THRESHOLD:
        return nullcontext()
    return store.bulk_mode()


class _Precedence:
    """Two files of one run with the same identity (``source_url``): the later file wins, and an
    unchanged folder must change nothing.

    Storing them in order does the first; for the second, the earlier file must not overwrite
    the later file's stored version only for the later file to put it back. So an earlier file
    whose identity is stored from a later file of this run writes nothing (``YIELDED``) and is
    held until that later file comes: stored under the same identity, it is final (the summary
    says so); rejected, or under another identity now, the held file is stored after all.
    """

    def __init__(self, files: list[Path]) -> None:
        self._position = {os.path.realpath(file): index for index, file in enumerate(files)}
        self._yielded_to: dict[str, str] = {}  # held file's path -> the later file's real path
        self._held: dict[str, list[PreparedDocument]] = {}  # later file's real path -> files held for it

    def yields_to(self, prepared: PreparedDocument, stored_path: str) -> bool:
        """Whether ``prepared`` leaves alone the version stored from ``stored_path`` (called by
        the store, in its thread, for a sheet whose stored version differs)."""
        later = os.path.realpath(stored_path)
        position = self._position.get(later)
        if position is None or position <= self._position.get(os.path.realpath(prepared.path), len(self._position)):
            return False
        self._yielded_to[prepared.path] = later
        return True

    def held(self, prepared: PreparedDocument, outcome: IngestOutcome | Exception | None) -> bool:
        """True (and ``prepared`` is held) when it yielded to a later file."""
        from bot.store import YIELDED

        if isinstance(outcome, Exception) or outcome is None or outcome.status != YIELDED:
            return False
        self._held.setdefault(self._yielded_to.pop(prepared.path), []).append(prepared)
        return True

    def settle(self, path: str, prepared: PreparedDocument | None, outcome: object,
               summary: IngestSummary) -> list[PreparedDocument]:
        """``path``'s result is in: the files held for it that must be stored after all (it
        was rejected, or could not be stored, or has another identity now)."""
        held = self._held.pop(os.path.realpath(path), None)
        if not held:
            return []
        store_now = []
        for sheet in held:
            if prepared is not None and not isinstance(outcome, Exception) and prepared.identity == sheet.identity:
                summary.yielded.append((sheet.path, path))
            else:
                store_now.append(sheet)
        return store_now

    def leftover(self) -> list[PreparedDocument]:
        """Files still held at the end (their later file never came back): stored after all."""
        left = [sheet for sheets in self._held.values() for sheet in sheets]
        self._held.clear()
        return left


def _count(
    path: str,
    prepared: PreparedDocument,
    outcome: IngestOutcome | Exception,
    summary: IngestSummary,
    stored_by_identity: dict[str, str],
    reject: Callable[[str, str], None],
) -> None:
    from bot.store import ADDED, UPDATED

    if isinstance(outcome, Exception):
        reject(path, f"could not be stored: {_one_line(str(outcome))}")
        return
    log.debug("%s %s (%d initiatives)", outcome.status, path, outcome.initiative_count)
    if outcome.status == ADDED:
        summary.added += 1
    elif outcome.status == UPDATED:
        summary.updated += 1
    else:
        summary.unchanged += 1
    if outcome.status in (ADDED, UPDATED):
        summary.changes.append(DocumentChange(
            document_id=outcome.document_id, identity=prepared.identity, content_hash=prepared.content_hash,
            path=path, status="new" if outcome.status == ADDED else "updated"))
    identity = prepared.identity
    earlier = stored_by_identity.get(identity)
    if earlier is not None and outcome.status == UPDATED:
        summary.same_identity.append((path, earlier))
    stored_by_identity[identity] = path
    if outcome.initiative_count == 0:
        summary.without_initiatives.append(path)


async def _parse_all(paths: list[str], max_bytes: int, workers: int | None, *, isolate: bool = True,
                     deadline: float | None = None) -> AsyncGenerator[list[PreparedResult], None]:
    """Prepared results in the order of ``paths``, a batch at a time.

    Files are parsed in worker processes (``bot.workers``), each bounded by ``deadline`` and a
    memory limit, so a hostile file costs one rejection and never the ingest. Without
    ``isolate`` (trusted files: the bundled seeds), a few files are parsed in a thread here, which
    is cheaper than starting a worker.
    """
    workers = workers or min(os.cpu_count() or 1, 8)
    done = 0
    if isolate or (len(paths) >= POOL_THRESHOLD and workers > 1):
        try:
            async with aclosing(_parse_in_workers(paths, max_bytes, workers, deadline)) as batches:
                async for batch in batches:
                    done += len(batch)
                    yield batch
            return
        except (OSError, NotImplementedError) as exc:
            # No processes here (a sandbox): parse the rest in this process, without the bounds.
            log.warning("parsing in this process only, without time or memory limits (%s: %s)",
                        type(exc).__name__, exc)
    for path in paths[done:]:
        yield [await asyncio.to_thread(prepare_one, path, max_bytes)]


async def _parse_in_workers(paths: list[str], max_bytes: int, workers: int,
                            deadline: float | None) -> AsyncGenerator[list[PreparedResult], None]:
    """Parse results in the order of ``paths``, each batch holding whatever arrived meanwhile.

    A thread of its own feeds the workers and collects their results (``_Feeder``) while this
    coroutine's caller stores the previous batch: neither waits for the other.
    """
    from bot.workers import WorkerPool

    pool = WorkerPool(min(workers, len(paths)), deadline=deadline)
    feeder = _Feeder(pool, paths, max_bytes, window=workers * 64, loop=asyncio.get_running_loop())
    finished: dict[int, PreparedResult] = {}
    next_out = 0
    thread = threading.Thread(target=feeder.run, name="parse-feeder", daemon=True)
    thread.start()
    try:
        while next_out < len(paths):
            arrived = [await feeder.arrived.get()]
            while not feeder.arrived.empty():
                arrived.append(feeder.arrived.get_nowait())
            for item in arrived:
                if isinstance(item, BaseException):
                    raise item
                finished.update(item)
            batch: list[PreparedResult] = []
            while next_out in finished:
                batch.append(finished.pop(next_out))
                next_out += 1
            feeder.made_room(next_out)
            if batch:
                yield batch
    finally:
        feeder.stop()
        pool.close()
        await asyncio.to_thread(thread.join, 10)


class _Feeder:
    """Runs in a thread: submits files to the pool at most ``window`` ahead of the next one to be
    stored, and hands each collection of results to the event loop (``arrived``)."""

    COLLECT_SECONDS = 0.25  # longest wait for results before checking whether to stop

    def __init__(self, pool: WorkerPool, paths: list[str], max_bytes: int, *, window: int,
                 loop: asyncio.AbstractEventLoop) -> None:
        self.arrived: asyncio.Queue[dict[int, PreparedResult] | BaseException] = asyncio.Queue()
        self._pool, self._paths, self._max_bytes, self._window, self._loop = pool, paths, max_bytes, window, loop
        self._next_out = 0  # advanced by the event loop as results are taken
        self._room = threading.Event()
        self._stopping = False

    def made_room(self, next_out: int) -> None:
        self._next_out = next_out
        self._room.set()

    def stop(self) -> None:
        self._stopping = True
        self._room.set()

    def run(self) -> None:
        job_index: dict[int, int] = {}
        submitted = 0
        try:
            while not self._stopping:
                while submitted < len(self._paths) and submitted < self._next_out + self._window:
                    job_index[self._pool.submit(prepare_one, self._paths[submitted], self._max_bytes)] = submitted
                    submitted += 1
                if not self._pool.pending:
                    if submitted >= len(self._paths):
                        return
                    self._room.wait(self.COLLECT_SECONDS)  # every result is out: wait for the store to take some
                    self._room.clear()
                    continue
                results: dict[int, PreparedResult] = {}
                for job_id, (ok, value) in self._pool.collect(self.COLLECT_SECONDS):
                    index = job_index.pop(job_id)
                    results[index] = value if ok else (self._paths[index], None, value)
                if results:
                    self._loop.call_soon_threadsafe(self.arrived.put_nowait, results)
        except BaseException as exc:  # e.g. OSError: no worker process could be started here
            if not self._stopping:
                self._loop.call_soon_threadsafe(self.arrived.put_nowait, exc)


def _print_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


class _ProgressBar:
    """A rich progress bar on stderr; lines printed through it appear above the bar."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._progress = Progress(
            TextColumn("ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
        )
        self._task = self._progress.add_task("ingest", total=total)
        self._progress.start()

    def advance(self) -> None:
        self._progress.advance(self._task)

    def print(self, line: str) -> None:
        self._progress.console.print(line, markup=False, highlight=False, soft_wrap=True)

    def stop(self) -> None:
        self._progress.stop()


# ---- seeding --------------------------------------------------------------------------------


async def ensure_seeded(store: Store, settings: Settings, *, announce: bool = True) -> int:
    """Load the bundled fact sheets into an empty database; returns how many were added.

    With ``announce`` it says so on stderr, so nobody wonders where the first documents came from.
    """
    if not await store.is_empty():
        return 0
    seeds = Path(settings.seeds_dir)
    if not seeds.is_dir():
        if announce:
            _print_stderr(f"No database yet, and no bundled fact sheets at {seeds}: starting empty")
        return 0
    summary = await ingest_paths(store, [seeds], max_bytes=settings.max_file_bytes, isolate=False)  # bundled: trusted
    if announce:
        where = "seeds/" if seeds.resolve() == SEEDS_DIR.resolve() else f"{seeds}/"
        _print_stderr(f"No database yet: loaded {_plural(summary.added, 'bundled fact sheet')} from {where}")
    return summary.added
