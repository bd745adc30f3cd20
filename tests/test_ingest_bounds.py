"""Hostile files cost one rejection each, never the ingest or the bot: every untrusted file is
parsed in a worker process with a deadline and a memory limit (``bot.workers``)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from bot import workers
from bot.app import App
from bot.cli import main
from bot.commands.spec import Invocation
from bot.config import Settings
from bot.pipeline import ingest_paths, prepare_one
from bot.store import Store
from tests._deadline import within

# markdown-it spends microseconds on every "[" looking for the end of a link label: this
# takes about ten seconds to parse (forty on a slower machine), and is well under 1 MB.
SLOW_SHEET = b"---\ntitle: Brackets\n---\n" + b"[" * 800_000 + b"\n"
# Parsing this needs about 130 MB (a real sheet needs a few); it parses, given the memory.
HUNGRY_SHEET = b"---\ntitle: Many items\n---\n" + b"- **Item.** The plan costs $5 million.\n" * 25_000


def sheet(title: str) -> bytes:
    return f"---\ntitle: {title}\ndate: 2024-03-01\n---\n\n- **{title} step.** It costs $2 million.\n".encode()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def titles(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT title FROM documents")}


def test_a_file_too_slow_to_parse_is_rejected_by_name_and_the_rest_go_in(
    tmp_path: Path, tmp_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "sheets"
    write(folder / "a-first.md", sheet("First Sheet"))
    slow = write(folder / "b-brackets.md", SLOW_SHEET)
    write(folder / "c-last.md", sheet("Last Sheet"))
    started = time.monotonic()
    status = main(["--db", str(tmp_db), "ingest", "--max-seconds", "1", str(folder)])
    elapsed = time.monotonic() - started
    out, err = capsys.readouterr()
    assert status == 2
    assert [line for line in err.splitlines() if line.startswith("rejected: ")] == [
        f"rejected: {slow}: too slow to parse: stopped after 1 s"
    ]
    assert "3 files in" in out and "2 added" in out and "1 rejected" in out
    assert {"First Sheet", "Last Sheet"} <= titles(tmp_db) and "Brackets" not in titles(tmp_db)
    assert elapsed < 8  # the slow file was given up on, not parsed to the end


async def test_a_file_that_needs_too_much_memory_is_rejected_and_the_rest_go_in(
    tmp_path: Path, tmp_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers, "MEMORY_BYTES", 48 * 1024 * 1024)
    folder = tmp_path / "sheets"
    write(folder / "a-first.md", sheet("First Sheet"))
    hungry = write(folder / "b-hungry.md", HUNGRY_SHEET)
    write(folder / "c-last.md", sheet("Last Sheet"))
    lines: list[str] = []
    async with await Store.open(tmp_db) as store:
        summary = await ingest_paths(store, [folder], max_bytes=5_000_000, report=lines.append)
    assert lines == [f"rejected: {hungry}: too big to parse: it needs more memory than the 48 MB one file may use"]
    assert (summary.added, len(summary.rejected)) == (2, 1)


async def test_an_admin_upload_too_slow_to_parse_is_refused_and_nothing_is_stored(
    tmp_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers, "DEADLINE_SECONDS", 1.0)
    app = await App.open(Settings(db_path=tmp_db, index_cache=False), announce_seed=False)
    try:
        before = await app.store.data_version()
        admin = Invocation(user_id=1, guild_id=2, channel_id=3, is_admin=True,
                           extras={"attachment": ("brackets.md", SLOW_SHEET)})
        started = time.monotonic()
        reply = await app.handle("briefing-admin add", {"file": "brackets.md"}, admin)
        elapsed = time.monotonic() - started
        text = reply.pages[0].content or ""
        assert reply.error and reply.ephemeral
        assert text == "Rejected brackets.md: too slow to parse: stopped after 1 s"
        assert elapsed < 6
        assert await app.store.data_version() == before
        assert await app.store.document_count() == 1  # the bundled sheet only
    finally:
        await app.close()


async def test_an_admin_upload_that_is_an_alias_bomb_is_refused_at_once(tmp_db: Path) -> None:
    front = "\n".join(["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
                      + [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, 10)]
                      + ["title: *a9"])
    app = await App.open(Settings(db_path=tmp_db, index_cache=False), announce_seed=False)
    try:
        admin = Invocation(user_id=1, guild_id=2, channel_id=3, is_admin=True,
                           extras={"attachment": ("bomb.md", f"---\n{front}\n---\nBody.\n".encode())})
        with within(5, "refusing an alias bomb"):
            reply = await app.handle("briefing-admin add", {"file": "bomb.md"}, admin)
        assert reply.error
        assert (reply.pages[0].content or "").startswith("Rejected bomb.md: invalid YAML front matter: its aliases")
        assert await app.store.document_count() == 1
    finally:
        await app.close()


async def test_a_good_admin_upload_still_goes_in(tmp_db: Path) -> None:
    app = await App.open(Settings(db_path=tmp_db, index_cache=False), announce_seed=False)
    try:
        admin = Invocation(user_id=1, guild_id=2, channel_id=3, is_admin=True,
                           extras={"attachment": ("good.md", sheet("Good Upload"))})
        reply = await app.handle("briefing-admin add", {"file": "good.md"}, admin)
        assert not reply.error
        assert (reply.pages[0].content or "").startswith("Added")
        assert await app.store.document_count() == 2
    finally:
        await app.close()


def test_a_worker_past_its_deadline_is_replaced_and_the_queue_goes_on(tmp_path: Path) -> None:
    slow = write(tmp_path / "slow.md", SLOW_SHEET)
    good = [write(tmp_path / f"good-{n}.md", sheet(f"Good {n}")) for n in range(5)]
    with workers.WorkerPool(1, deadline=0.5) as pool:
        ids = {pool.submit(prepare_one, str(path), 5_000_000): path for path in [slow, *good]}
        answers: dict[Path, workers.Answer] = {}
        give_up = time.monotonic() + 30
        while pool.pending and time.monotonic() < give_up:
            for job_id, answer in pool.collect(timeout=1.0):
                answers[ids[job_id]] = answer
    assert answers[slow] == (False, "too slow to parse: stopped after 0.5 s")
    for path in good:
        ok, (_name, prepared, reason) = answers[path]
        assert ok and prepared is not None and reason is None
