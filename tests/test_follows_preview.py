"""``briefbot follow --preview PATH``: the follows a sheet would alert and their messages, nothing sent or stored."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from bot.store import Store
from tests.conftest import PROJECT_ROOT

SHEET = """---
title: "FACT SHEET: Protecting the Quokka Program"
date: '2024-05-01'
source_url: https://www.whitehouse.gov/briefing-room/statements-releases/2024/05/01/fact-sheet-quokka/
---

The Administration announced support for island wildlife.

- **Launching the Quokka Program.** The program provides $12 million to protect habitats.
- **Funding ranger stations.** An additional $2 million funds ranger stations on Rottnest Island.
"""


async def _follows(db: Path) -> int:
    store = await Store.open(db)
    try:
        follows = store.follows
        now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
        for guild, user, channel, role, topic in ((111, 1, 501, 701, "quokka"), (111, 2, 502, None, "rangers"),
                                                   (222, 3, None, None, "quokkas"), (333, 4, 503, None, "fentanyl")):
            added = await follows.add(guild_id=guild, user_id=user, channel_id=channel, role_id=role, topic=topic,
                                      min_amount=None, now=now, per_server=25, per_person=10)
            assert not isinstance(added, str), added
        return len((await store.snapshot()).documents)
    finally:
        await store.close()


async def _documents(db: Path) -> int:
    store = await Store.open(db)
    try:
        return len((await store.snapshot()).documents)
    finally:
        await store.close()


async def test_preview_lists_each_place_a_sheet_would_alert_and_sends_nothing(tmp_db: Path, tmp_path: Path) -> None:
    before = await _follows(tmp_db)
    sheet = tmp_path / "quokka.md"
    sheet.write_text(SHEET, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "bot", "--db", str(tmp_db), "follow", "--preview", str(sheet)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "3 alert(s) would be sent" in out
    assert "server 111 · channel 501 · follows: quokka (#1)" in out
    assert "server 111 · channel 502 · follows: rangers (#2)" in out
    assert "server 222 · DM to member 3 · follows: quokkas (#3)" in out
    assert "server 333" not in out  # fentanyl is not in this sheet
    assert out.count("Protecting the Quokka Program") >= 3
    assert "$12 million" in out and "Preview — nothing was sent" in out
    assert await _documents(tmp_db) == before  # previewing stores nothing


def test_preview_of_a_file_that_is_not_a_fact_sheet_says_why(tmp_db: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "bot", "--db", str(tmp_db), "follow", "--preview", str(empty)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.startswith("briefbot: error: ") and str(empty) in done.stderr
