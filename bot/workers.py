"""Worker processes that parse untrusted files, each job bounded in time and in memory.

A fact sheet can be written to take minutes to parse (800 KB of ``[``) or to need more memory
than the machine has, and a parser stuck in a loop cannot be stopped from inside the process
running it. So untrusted files are parsed here, in worker processes:

- each worker runs one job at a time; a job still running after ``deadline`` seconds (wall
  clock) costs its worker, which is killed and replaced, and is answered ``too_slow(deadline)``;
- each worker's address space may grow by ``memory_bytes`` past its size at start; a job that
  needs more gets a ``MemoryError`` in the worker and is answered ``too_big(memory_bytes)``;
- a worker exits by itself as soon as the process that started it is gone, even when that
  process was killed with SIGKILL, so a killed ingest or bot leaves no parser behind.

Workers are forked from a small server process that has already imported the parser
(``multiprocessing``'s "forkserver"), so a new one is ready in milliseconds; where that is not
available they are spawned. ``WorkerPool`` is driven from one thread at a time (``collect``
blocks); ``close`` may be called from another.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import ForkingPickler
from typing import Any

DEADLINE_SECONDS = 10.0  # the real sheets parse in well under 0.2 s each
MEMORY_BYTES = 1024**3  # the real sheets need a few MB each
PIPELINE_DEPTH = 32  # files sent ahead to each worker, so it never runs dry while the caller is busy storing
# Modules the forkserver imports once, so that each worker forked from it starts ready.
PRELOAD = ("bot.ingest", "bot.store.documents", "bot.pipeline")


def too_slow(deadline: float) -> str:
    return f"too slow to parse: stopped after {deadline:g} s"


def too_big(memory_bytes: int | None) -> str:
    limit = f" than the {_human_bytes(memory_bytes)} one file may use" if memory_bytes else ""
    return f"too big to parse: it needs more memory{limit}"


def _human_bytes(size: int | None) -> str:
    size = size or 0
    if size >= 1024**3:
        return f"{size / 1024**3:.1f}".removesuffix(".0") + " GB"
    return f"{size / 1024**2:.0f} MB"


Answer = tuple[bool, Any]  # (True, the job's return value) or (False, why it has none: one line)


# ---- the worker process -------------------------------------------------------------------------


def _worker_main(jobs: Connection, alive: Connection, memory_bytes: int | None, role: str = "parser") -> None:
    """Run jobs from ``jobs`` one at a time, answering each on the same connection, until it
    closes. ``alive`` is never written to: it reads end-of-file when the parent is gone."""
    with contextlib.suppress(ValueError, OSError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which stops the workers
    threading.Thread(target=_exit_with_parent, args=(alive,), name="parent-watch", daemon=True).start()
    # Answers are written by a thread of their own: a large one fills the pipe until the parent
    # reads it, and the next job need not wait for that.
    outbox: queue.SimpleQueue[memoryview] = queue.SimpleQueue()
    threading.Thread(target=_send_answers, args=(jobs, outbox), name="answers", daemon=True).start()
    _limit_memory(memory_bytes)
    while True:
        try:
            job = jobs.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        job_id, function, args = job
        del job
        try:
            reply: tuple[int, bool, Any] | None = (job_id, True, function(*args))
        except MemoryError:
            reply = None  # answered below, once the exception has let go of everything the job built
        except Exception as exc:  # the job's own bug: one line, and the worker carries on
            reply = (job_id, False, f"{role} failed: {type(exc).__name__}: {' '.join(str(exc).split())}")
        del args
        failure = too_big(memory_bytes)
        if reply is not None:
            try:
                outbox.put(ForkingPickler.dumps(reply))
                continue
            except MemoryError:
                pass
            except Exception as exc:  # an answer that cannot be sent (not picklable)
                failure = f"{role} failed: {type(exc).__name__}: {' '.join(str(exc).split())}"
            finally:
                reply = None
        outbox.put(ForkingPickler.dumps((job_id, False, failure)))


def _send_answers(jobs: Connection, outbox: queue.SimpleQueue[memoryview]) -> None:
    while True:
        answer = outbox.get()
        try:
            jobs.send_bytes(answer)
        except OSError:
            os._exit(0)  # the parent is gone
        del answer


def _exit_with_parent(alive: Connection) -> None:
    with contextlib.suppress(EOFError, OSError):
        alive.recv_bytes()
    os._exit(0)


_memory_limit: int | None = None  # the limit _limit_memory set in this process


def memory_limit() -> int | None:
    """How much memory a job may use in this process (None outside a worker, or no limit)."""
    return _memory_limit


def _limit_memory(memory_bytes: int | None) -> None:
    global _memory_limit
    if not memory_bytes:
        return
    try:
        import resource

        with open("/proc/self/statm") as statm:  # Linux: the address space's current size, in pages
            current = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError, IndexError):
        return  # no way to know the current size here: no limit rather than a wrong one
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = current + memory_bytes
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        _memory_limit = memory_bytes


# ---- the pool -----------------------------------------------------------------------------------


def _context() -> multiprocessing.context.ForkServerContext | multiprocessing.context.SpawnContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(PRELOAD))  # only takes effect before the server starts
        return context
    return multiprocessing.get_context("spawn")


@dataclass(slots=True)
class _Worker:
    process: multiprocessing.process.BaseProcess
    jobs: Connection
    alive: Connection  # the write end: closing it makes the worker exit
    running: deque[int] = field(default_factory=deque)  # sent and not answered; the first one is running
    since: float = 0.0  # when the first of ``running`` started


class WorkerPool:
    """Run ``function(*args)`` jobs in ``workers`` processes; ``collect`` returns the answers.

    ``function`` must be importable by name (a module-level function) and its arguments and
    result picklable. ``deadline`` and ``memory_bytes`` default to ``DEADLINE_SECONDS`` and
    ``MEMORY_BYTES`` as they are when the pool is made; ``memory_bytes=0`` sets no limit.
    """

    def __init__(self, workers: int, *, deadline: float | None = None, memory_bytes: int | None = None,
                 role: str = "parser") -> None:
        self.size = max(1, workers)
        self.role = role  # what the workers are, in their process name and in failures
        self.deadline = DEADLINE_SECONDS if deadline is None else deadline
        self.memory_bytes = MEMORY_BYTES if memory_bytes is None else memory_bytes  # 0: no limit
        self._context = _context()
        self._workers: list[_Worker] = []
        self._calls: dict[int, tuple[Callable[..., Any], tuple[Any, ...]]] = {}
        self._waiting: deque[int] = deque()  # submitted, not yet sent to a worker
        self._next_id = 0
        self._closed = False
        self._lock = threading.Lock()  # held by collect(); close() takes it after stopping the workers

    def start(self) -> WorkerPool:
        """Start the workers now (``submit`` would otherwise start them as needed)."""
        while len(self._workers) < self.size:
            self._workers.append(self._start_worker())
        return self

    def submit(self, function: Callable[..., Any], *args: Any) -> int:
        """Queue a job; its id comes back with its answer from ``collect``."""
        if self._closed:
            raise RuntimeError("the worker pool is closed")
        job_id = self._next_id
        self._next_id += 1
        self._calls[job_id] = (function, args)
        self._waiting.append(job_id)
        return job_id

    @property
    def pending(self) -> int:
        """Jobs submitted and not answered yet."""
        return len(self._calls)

    def collect(self, timeout: float) -> list[tuple[int, Answer]]:
        """Answers of finished jobs, in the order they finished; waits at most ``timeout``
        seconds for the first. A job past its deadline is answered ``too_slow`` here."""
        with self._lock:
            end = time.monotonic() + timeout
            answers: list[tuple[int, Answer]] = []
            while not self._closed and self._calls:
                self._dispatch()
                now = time.monotonic()
                due = min((w.since + self.deadline for w in self._workers if w.running), default=end)
                ready = wait([w.jobs for w in self._workers] + [w.process.sentinel for w in self._workers],
                             timeout=max(0.0, min(end, due) - now))
                for worker in list(self._workers):
                    if worker.jobs in ready or worker.process.sentinel in ready:
                        for job_id, answer in self._read(worker):
                            answers.append((job_id, answer))
                            self._calls.pop(job_id, None)
                now = time.monotonic()
                for worker in list(self._workers):  # after reading: what is still running really is
                    if worker.running and now - worker.since > self.deadline:
                        answers.append((worker.running[0], (False, too_slow(self.deadline))))
                        self._calls.pop(worker.running[0], None)
                        self._replace(worker)
                if answers or now >= end:
                    break
            return answers

    def close(self) -> None:
        """Stop every worker at once (a job in progress is abandoned) and forget every job."""
        self._closed = True
        for worker in list(self._workers):  # first, so that a collect() waiting on them returns now
            _kill(worker)
        with self._lock:
            for worker in self._workers:
                _kill(worker)  # also one that collect() started meanwhile
                _dispose(worker)
            self._workers.clear()
            self._calls.clear()
            self._waiting.clear()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- inside collect() --

    def _start_worker(self) -> _Worker:
        jobs, child_jobs = self._context.Pipe(duplex=True)
        alive_read, alive_write = self._context.Pipe(duplex=False)
        process = self._context.Process(
            target=_worker_main, args=(child_jobs, alive_read, self.memory_bytes, self.role),
            name=f"briefbot-{self.role.replace(' ', '-')}", daemon=True,
        )
        process.start()
        child_jobs.close()
        alive_read.close()
        return _Worker(process, jobs, alive_write)

    def _dispatch(self) -> None:
        """Send waiting jobs to the workers with the fewest in hand, up to PIPELINE_DEPTH each."""
        while self._waiting:
            if len(self._workers) < self.size:
                self._workers.append(self._start_worker())
            worker = min(self._workers, key=lambda w: len(w.running))
            if len(worker.running) >= PIPELINE_DEPTH:
                return
            job_id = self._waiting.popleft()
            function, args = self._calls[job_id]
            try:
                worker.jobs.send((job_id, function, args))
            except (BrokenPipeError, OSError):  # it died: _read() notices and answers for it
                self._waiting.appendleft(job_id)
                return
            if not worker.running:
                worker.since = time.monotonic()
            worker.running.append(job_id)

    def _read(self, worker: _Worker) -> list[tuple[int, Answer]]:
        """Every answer ``worker`` has sent; if it died, its current job's answer says so."""
        answers: list[tuple[int, Answer]] = []
        try:
            while worker.jobs.poll():
                job_id, ok, value = worker.jobs.recv()
                worker.running.remove(job_id)
                worker.since = time.monotonic()  # the next one starts now
                answers.append((job_id, (ok, value)))
        except (EOFError, OSError):
            pass
        if not worker.process.is_alive():
            if worker.running:
                code = worker.process.exitcode
                how = f"signal {-code}" if code is not None and code < 0 else f"exit status {code}"
                answers.append((worker.running[0], (False, f"the {self.role} process died while reading it ({how})")))
            self._replace(worker)
        return answers

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker``; the jobs it had after the current one go back to the front of the queue."""
        later = list(worker.running)[1:]
        worker.running.clear()
        _kill(worker)
        _dispose(worker)
        self._workers.remove(worker)
        self._waiting.extendleft(reversed(later))


def _kill(worker: _Worker) -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError):
        worker.process.kill()


def _dispose(worker: _Worker) -> None:
    worker.process.join(timeout=5)
    for connection in (worker.jobs, worker.alive):
        with contextlib.suppress(OSError):
            connection.close()
    with contextlib.suppress(ValueError):
        worker.process.close()


async def run_isolated(function: Callable[..., Any], *args: Any, deadline: float | None = None,
                       memory_bytes: int | None = None) -> Answer:
    """``function(*args)`` in a worker of its own, bounded like any job. Cancelling the call kills
    the worker at once, so a shutdown never waits for a hostile file. A worker that cannot be
    started raises ``OSError``."""
    pool = WorkerPool(1, deadline=deadline, memory_bytes=memory_bytes)
    try:
        job_id = pool.submit(function, *args)
        while True:
            for answered, answer in await asyncio.to_thread(pool.collect, 0.25):
                if answered == job_id:
                    return answer
    finally:
        pool.close()
