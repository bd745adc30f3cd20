"""Killing ``briefbot ingest`` half-way (SIGKILL: no clean-up at all) leaves a usable database
in which every stored fact sheet is whole."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.ingest import parse_file
from bot.model import Snapshot
from bot.store import Store

PROJECT_ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs POSIX process groups"),
]


def stored_documents(db: Path) -> int:
    """Documents committed so far, read without disturbing the writer."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # not created or not migrated yet
        return 0


async def read_back(db: Path) -> tuple[int, Snapshot]:
    async with await Store.open(db) as store:  # opens (and would migrate) like any later command
        return await store.document_count(), await store.snapshot()


def test_a_killed_ingest_leaves_only_whole_documents(shared_dir: Path, tmp_db: Path, tmp_path: Path) -> None:
    folder = shared_dir / "wh-factsheets"
    total = sum(1 for _ in folder.rglob("*.md"))
    log = tmp_path / "stderr.txt"
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "--db", str(tmp_db), "ingest", str(folder)],
            cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=stderr, process_group=0,
        )
    try:
        deadline = time.monotonic() + 180
        while stored_documents(tmp_db) < 150:  # bounded wait for a condition, not a guess
            assert process.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, "ingest stored too little in time"
            time.sleep(0.05)
        os.killpg(process.pid, signal.SIGKILL)  # the ingest and its parser processes (its group), mid-write
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    count, snapshot = asyncio.run(read_back(tmp_db))
    assert 150 <= count < total + 1  # stopped part-way: the bundled seed plus some of the folder

    with sqlite3.connect(tmp_db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        orphans = conn.execute(
            """SELECT (SELECT count(*) FROM initiatives WHERE document_id NOT IN (SELECT id FROM documents))
                    + (SELECT count(*) FROM funding WHERE document_id NOT IN (SELECT id FROM documents))
                    + (SELECT count(*) FROM acronyms WHERE document_id NOT IN (SELECT id FROM documents))"""
        ).fetchone()[0]
        assert orphans == 0
        assert conn.execute("SELECT count(*) FROM documents_fts").fetchone()[0] == count
        assert conn.execute("SELECT count(*) FROM initiatives_fts").fetchone()[0] == len(snapshot.initiatives)
        version = int(conn.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()[0])
    assert version >= count  # every stored file was counted as a change

    initiatives: dict[int, int] = {}
    funding: dict[int, int] = {}
    for item in snapshot.initiatives:
        initiatives[item.document_id] = initiatives.get(item.document_id, 0) + 1
    for item in snapshot.funding:
        funding[item.document_id] = funding.get(item.document_id, 0) + 1
    for doc in snapshot.documents:
        parsed = parse_file(doc.path, 5 * 1024 * 1024)
        assert doc.title == parsed.title
        assert initiatives.get(doc.id, 0) == len(parsed.initiatives), doc.path
        assert funding.get(doc.id, 0) == len(parsed.funding), doc.path
