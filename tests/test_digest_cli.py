"""``briefbot digest --preview``: the digest printed in the console, nothing posted or recorded."""

from __future__ import annotations

import asyncio
import datetime as dt
from argparse import Namespace
from pathlib import Path

import pytest

from bot.config import Settings
from bot.digest.cli import digest_main
from bot.model import FundingMention, Initiative, ParsedDocument
from bot.store import SqliteStore, Store

GUILD = 31337


def sheet() -> ParsedDocument:
    return ParsedDocument(
        path="cli.md", title="Fact Sheet: Harbor Dredging", date=dt.date(2026, 2, 2), published_time=None,
        source_url="https://example.gov/harbors", tags=[], body_text="Harbors get $40 million.", sections=[],
        initiatives=[Initiative("Harbor Dredging Program", None, 0, "**Harbor Dredging Program.** Deeper ports.")],
        funding=[FundingMention(4e7, "$40 million", None, "Harbors get $40 million.", 0, "budget request", 2026,
                                True, None, None, 0)],
        acronyms=[], content_hash="cli-1",
    )


@pytest.fixture
def database(tmp_path: Path) -> Settings:
    settings = Settings(db_path=tmp_path / "bot.db", seeds_dir=tmp_path / "no-seeds")

    async def fill() -> None:
        store = await Store.open(settings.db_path)
        try:
            await store.ingest(sheet())
            await store.digest.save_config(GUILD, 1, "07:30", "Europe/London", dt.datetime.now(dt.UTC))
        finally:
            await store.close()

    asyncio.run(fill())
    return settings


def args(settings: Settings, **options: object) -> Namespace:
    values: dict[str, object] = {"preview": True, "guild": None, "date": None, "db": str(settings.db_path),
                                 "config": None, "settings": settings}
    values.update(options)
    return Namespace(**values)


def test_preview_prints_the_digest_for_the_servers_date(database: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert digest_main(args(database, guild=GUILD, date="2026-11-28")) == 0
    out = capsys.readouterr().out
    assert "Policy briefing — Saturday 28 November 2026" in out
    assert "Harbor Dredging Program" in out  # a quiet day (the sheet is old by then): the spotlight
    assert "Briefbot digest ·" not in out  # a preview carries no delivery marker

    async def recorded() -> tuple[object, object]:
        store = await Store.open(database.db_path)
        try:
            assert isinstance(store, SqliteStore)  # read straight from the SQLite file
            rows = list(await store.connection.execute_fetchall("SELECT count(*) FROM digest_posts"))
            return rows[0][0], await store.digest.spotlight_state(GUILD)
        finally:
            await store.close()

    assert asyncio.run(recorded()) == (0, (0, frozenset()))


def test_preview_today_lists_the_fact_sheet_just_added(database: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert digest_main(args(database)) == 0
    out = capsys.readouterr().out
    assert "Fact Sheet: Harbor Dredging" in out
    assert "$40 million" in out


def test_posting_from_the_console_is_refused(database: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert digest_main(args(database, preview=False)) == 2
    assert "--preview" in capsys.readouterr().err


def test_briefbot_digest_command_runs_the_preview(database: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import main

    status = main(["digest", "--preview", "--db", str(database.db_path), "--date", "2026-03-29",
                   "--guild", str(GUILD)])
    assert status == 0
    assert "Policy briefing — Sunday 29 March 2026" in capsys.readouterr().out


def test_preview_is_rendered_like_every_console_reply(database: Settings,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert digest_main(args(database)) == 0
    out = capsys.readouterr().out
    assert "Fact Sheet: Harbor Dredging" in out
    assert "**" not in out and "## " not in out  # Discord Markdown rendered, not printed raw
    assert "](" not in out  # links spelled out: label (address)
    assert "(https://example.gov/harbors)" in out
