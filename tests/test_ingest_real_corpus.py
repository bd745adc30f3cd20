"""Every real fact sheet goes in: the 40-file corpus and the 1,621 Briefing Room fact sheets."""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

import pytest

from bot.cli import main

pytestmark = pytest.mark.slow


def test_the_whole_real_corpus_ingests_without_a_rejection(
    shared_dir: Path, tmp_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folders = [shared_dir / "corpus", shared_dir / "wh-factsheets"]
    expected = sum(1 for folder in folders for path in folder.rglob("*.md") if path.name != "SOURCES.md")
    assert expected == 1661

    started = time.monotonic()
    status = main(["--db", str(tmp_db), "ingest", *map(str, folders)])
    elapsed = time.monotonic() - started
    out, err = capsys.readouterr()

    assert status == 0, err
    assert "rejected:" not in err and "Traceback" not in err
    match = re.search(r"(\d+) files in [\d.]+ s: (\d+) added, (\d+) updated, (\d+) unchanged, 0 rejected", out)
    assert match, out
    files, added, updated, unchanged = map(int, match.groups())
    assert files == added + updated + unchanged == expected
    with sqlite3.connect(tmp_db) as conn:
        documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        initiatives = conn.execute("SELECT count(*) FROM initiatives").fetchone()[0]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # A few files share a source_url with another (the same page, saved twice): those replace
    # one another, every other file is a document of its own (plus the bundled seed).
    assert added + 1 == documents > 1600
    assert initiatives > 5 * documents  # the bullets were found, not just the titles
    print(f"\ningested {expected} real fact sheets in {elapsed:.1f} s "
          f"({documents} documents, {initiatives} initiatives)")
