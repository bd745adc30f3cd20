"""A damaged, incomplete or read-only database, as the operator meets it on the command line.

``briefbot ask`` is run as a separate process, as an operator would: what counts is its exit
status and the lines it prints, never a traceback.
"""

from __future__ import annotations

import ctypes
import os
import re
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

SEED_TOTAL = "at least $2.75 billion"
_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _CAP_FOWNER = 1, 2, 3


def _obey_permissions() -> None:
    """In the child, before it runs: as root, give up the capabilities that ignore file modes,
    so a read-only file or folder is read-only for it too (as for any other user)."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _CAP_FOWNER):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def briefbot(db: Path, *args: str, obey_permissions: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BRIEFBOT_SEEDS": str(PROJECT_ROOT / "seeds")}
    return subprocess.run([sys.executable, "-m", "bot", "--db", str(db), *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=120,
                          preexec_fn=_obey_permissions if obey_permissions else None)


@pytest.fixture
def seeded_db(tmp_path: Path) -> Path:
    """A database holding the bundled fact sheet, its log checkpointed into the file."""
    db = tmp_path / "data" / "briefbot.db"
    done = briefbot(db, "ask", "/funding")
    assert done.returncode == 0 and SEED_TOTAL in done.stdout, done.stderr
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return db


def _no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr and "unexpected error" not in stderr, stderr


# ---- damaged -------------------------------------------------------------------------------------


def test_a_dropped_search_table_fails_ask_with_an_error_id_and_no_traceback(seeded_db: Path) -> None:
    with sqlite3.connect(seeded_db) as conn:
        conn.execute("DROP TABLE initiatives_fts")
    conn.close()
    done = briefbot(seeded_db, "ask", "/search hidta")
    assert done.returncode != 0
    _no_traceback(done.stderr)
    assert re.search(r"/search failed \(error id [0-9a-f]{6}\)", done.stderr), done.stderr
    assert "initiatives_fts" in done.stderr and str(seeded_db) in done.stderr
    assert [line for line in done.stderr.splitlines() if not line.startswith("INFO ")] == [
        line for line in done.stderr.splitlines() if line.startswith("briefbot: error: ")], done.stderr


def test_a_zeroed_page_says_the_database_is_damaged_and_how_to_check_it(seeded_db: Path) -> None:
    with sqlite3.connect(seeded_db) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        (meta_page,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'meta'").fetchone()
    conn.close()
    data = bytearray(seeded_db.read_bytes())
    data[(meta_page - 1) * page_size:meta_page * page_size] = bytes(page_size)
    seeded_db.write_bytes(bytes(data))
    done = briefbot(seeded_db, "ask", "/funding")
    assert done.returncode != 0
    _no_traceback(done.stderr)
    assert "is damaged" in done.stderr
    assert f"sqlite3 {seeded_db} 'PRAGMA integrity_check'" in done.stderr


# ---- read-only -----------------------------------------------------------------------------------


@pytest.fixture
def restore_modes(seeded_db: Path) -> Iterator[None]:
    yield
    seeded_db.parent.chmod(0o755)
    seeded_db.chmod(0o644)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_database_still_answers_ask(seeded_db: Path, restore_modes: None, what: str) -> None:
    cache = seeded_db.with_name(seeded_db.name + ".index")
    cache.unlink()  # the index must be built again, and cannot be saved beside a read-only database
    before = seeded_db.read_bytes()
    read_only = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH
    if what == "file":
        seeded_db.chmod(read_only)
    else:
        seeded_db.parent.chmod(read_only | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    done = briefbot(seeded_db, "ask", "/funding", obey_permissions=True)
    assert done.returncode == 0, done.stderr
    assert SEED_TOTAL in done.stdout
    _no_traceback(done.stderr)
    assert "WARNING" not in done.stderr and "ERROR" not in done.stderr, done.stderr
    assert seeded_db.read_bytes() == before
    left = {path.name for path in seeded_db.parent.iterdir()} - {f"{seeded_db.name}-wal", f"{seeded_db.name}-shm"}
    assert left == {seeded_db.name}  # SQLite's own shared-memory files aside, nothing was written

    # A change is refused, saying why, and nothing is written.
    sheet = seeded_db.parent.parent / "new.md"
    sheet.write_text("---\ntitle: A new sheet\n---\n\n- **A thing.** It costs $1 million.\n", encoding="utf-8")
    refused = briefbot(seeded_db, "ingest", str(sheet), obey_permissions=True)
    assert refused.returncode != 0
    _no_traceback(refused.stderr)
    assert re.search(r"read-?only", refused.stderr), refused.stderr
    assert seeded_db.read_bytes() == before
