"""Killing ``briefbot ingest`` (SIGKILL: no clean-up at all) at any moment — the whole process
group, or the ingesting process alone — leaves a usable database in which every stored fact
sheet is whole, leaves no parser process behind, and the same ingest run again ends with exactly
what a clean ingest stores."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from bot.ingest import parse_file
from bot.model import Snapshot
from bot.store import Store

PROJECT_ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "killpg") or not Path("/proc/self/stat").exists(),
                       reason="needs POSIX process groups and /proc"),
]


def start_ingest(db: Path, folders: list[Path], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as stderr:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "--db", str(db), "ingest", *map(str, folders)],
            cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=stderr, process_group=0,
        )


def ingest_to_the_end(db: Path, folders: list[Path], log: Path) -> float:
    started = time.monotonic()
    process = start_ingest(db, folders, log)
    assert process.wait(timeout=600) == 0, log.read_text(errors="replace")[-3000:]
    return time.monotonic() - started


def live_processes_in_group(group: int) -> list[str]:
    """Processes of a process group that have not exited (zombies waiting for init excluded)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2:].split()  # state, ppid, pgrp, ...
        if int(fields[2]) == group and fields[0] != "Z":
            alive.append(text[:text.rindex(")") + 1])
    return alive


def stored_documents(db: Path) -> int:
    """Documents committed so far, read without disturbing the writer."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            count: int = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            return count
    except sqlite3.OperationalError:  # not created or not migrated yet
        return 0


def contents(db: Path) -> dict[str, Any]:
    """Everything an ingest stores, keyed so that row ids and timestamps do not matter."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        documents = conn.execute(
            """SELECT identity, path, title, date, published_time, source_url, tags, body_text, content_hash,
                      warnings FROM documents ORDER BY identity""").fetchall()
        initiatives = conn.execute(
            """SELECT d.identity, i.ord, i.title, i.section, i.text, i.links, i.acronyms
               FROM initiatives i JOIN documents d ON d.id = i.document_id ORDER BY 1, 2""").fetchall()
        funding = conn.execute(
            """SELECT d.identity, f.position, i.ord, f.amount_usd, f.text, f.qualifier, f.sentence, f.category,
                      f.fiscal_year, f.counted, f.reason, p.position
               FROM funding f JOIN documents d ON d.id = f.document_id
               LEFT JOIN initiatives i ON i.id = f.initiative_id LEFT JOIN funding p ON p.id = f.parent_id
               ORDER BY 1, 2""").fetchall()
        acronyms = conn.execute(
            """SELECT d.identity, a.short, a.full FROM acronyms a JOIN documents d ON d.id = a.document_id
               ORDER BY 1, 2, 3""").fetchall()
        search = conn.execute(
            """SELECT (SELECT count(*) FROM documents_fts), (SELECT count(*) FROM initiatives_fts),
                      (SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'fentanyl'),
                      (SELECT count(*) FROM initiatives_fts WHERE initiatives_fts MATCH 'broadband')""").fetchone()
    return {"documents": documents, "initiatives": initiatives, "funding": funding, "acronyms": acronyms,
            "search": search}


async def read_back(db: Path) -> tuple[int, Snapshot]:
    async with await Store.open(db) as store:  # opens (and would migrate) like any later command
        return await store.document_count(), await store.snapshot()


def assert_only_whole_documents(db: Path, rng: random.Random) -> None:
    """What a killed ingest left: every stored sheet has all its initiatives and amounts (checked
    against the parser for a sample of them)."""
    count, snapshot = asyncio.run(read_back(db))
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        orphans = conn.execute(
            """SELECT (SELECT count(*) FROM initiatives WHERE document_id NOT IN (SELECT id FROM documents))
                    + (SELECT count(*) FROM funding WHERE document_id NOT IN (SELECT id FROM documents))
                    + (SELECT count(*) FROM acronyms WHERE document_id NOT IN (SELECT id FROM documents))"""
        ).fetchone()[0]
        assert orphans == 0
        assert conn.execute("SELECT count(*) FROM documents_fts").fetchone()[0] == count
        assert conn.execute("SELECT count(*) FROM initiatives_fts").fetchone()[0] == len(snapshot.initiatives)
    initiatives: dict[int, int] = {}
    funding: dict[int, int] = {}
    for initiative in snapshot.initiatives:
        initiatives[initiative.document_id] = initiatives.get(initiative.document_id, 0) + 1
    for amount in snapshot.funding:
        funding[amount.document_id] = funding.get(amount.document_id, 0) + 1
    for doc in rng.sample(snapshot.documents, min(60, len(snapshot.documents))):
        parsed = parse_file(PROJECT_ROOT / doc.path, 5 * 1024 * 1024)
        assert doc.title == parsed.title
        assert initiatives.get(doc.id, 0) == len(parsed.initiatives), doc.path
        assert funding.get(doc.id, 0) == len(parsed.funding), doc.path


def test_a_killed_ingest_run_again_stores_exactly_what_a_clean_ingest_stores(shared_dir: Path, tmp_path: Path) -> None:
    # Both folders: 1,661 sheets, among them files that share a source_url (the later one wins).
    folders = [shared_dir / "corpus", shared_dir / "wh-factsheets"]
    log = tmp_path / "stderr.txt"
    clean_db = tmp_path / "clean.db"
    clean_seconds = ingest_to_the_end(clean_db, folders, log)
    expected = contents(clean_db)
    assert len(expected["documents"]) > 1600

    seed = int(os.environ.get("BRIEFBOT_KILL_SEED") or random.randrange(1 << 30))
    rng = random.Random(seed)
    print(f"kill moments drawn with BRIEFBOT_KILL_SEED={seed}")
    # The whole process group, then the ingesting process alone (its parser processes must go by
    # themselves), at moments spread over a clean ingest's length: some before the first sheet is
    # stored, most while sheets are being stored.
    for round_, (target, share) in enumerate([("group", rng.uniform(0.02, 0.3)), ("parent", rng.uniform(0.1, 0.9)),
                                              ("group", rng.uniform(0.3, 0.9)), ("parent", rng.uniform(0.02, 0.5))]):
        db = tmp_path / f"killed-{round_}.db"
        moment = share * clean_seconds
        process = start_ingest(db, folders, log)
        try:
            process.wait(timeout=moment)  # the kill moment (it may finish first: then nothing is killed)
        except subprocess.TimeoutExpired:
            if target == "group":
                os.killpg(process.pid, signal.SIGKILL)
            else:
                os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        what = f"round {round_}: {target} killed after {moment:.1f} s with {stored_documents(db)} sheets stored"
        give_up = time.monotonic() + 15
        while (left := live_processes_in_group(process.pid)) and time.monotonic() < give_up:
            time.sleep(0.05)  # bounded wait for the parser processes to notice their parent is gone
        if left:
            os.killpg(process.pid, signal.SIGKILL)
        assert not left, f"{what}: processes left behind: {left}"
        if db.exists():
            assert_only_whole_documents(db, rng)

        ingest_to_the_end(db, folders, log)
        assert contents(db) == expected, what
