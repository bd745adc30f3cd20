"""/briefing-admin add|remove on a real database: refusals, rejections, adding, removing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import App
from bot.commands.spec import Invocation
from bot.config import Settings
from bot.reply.model import Reply
from bot.reply.payload import render_payload

ADMIN = Invocation(user_id=1, guild_id=10, is_admin=True)


@pytest.fixture
async def app(tmp_db: Path) -> AsyncIterator[App]:
    opened = await App.open(Settings(db_path=tmp_db, attachment_max_bytes=200_000))
    try:
        yield opened
    finally:
        await opened.close()


def with_file(name: str, data: bytes, invocation: Invocation = ADMIN) -> Invocation:
    return Invocation(user_id=invocation.user_id, guild_id=invocation.guild_id, is_admin=invocation.is_admin,
                      extras={"attachment": (name, data)})


def text_of(reply: Reply) -> str:
    render_payload(reply)
    return reply.pages[0].content


@pytest.fixture
def sheet(shared_dir: Path) -> Path:
    return shared_dir / "corpus" / "2023-03-09-budget-border-security.md"


async def test_non_admins_are_refused_and_nothing_changes(app: App, sheet: Path) -> None:
    before = await app.store.data_version()
    member = Invocation(user_id=2, guild_id=10, is_admin=False)
    reply = await app.handle("briefing-admin add", {"file": sheet.name}, with_file(sheet.name, sheet.read_bytes(), member))
    assert reply.error and reply.ephemeral and "Manage Server" in text_of(reply)
    reply = await app.handle("briefing-admin remove", {"document": "doc:1"}, member)
    assert reply.error and "Manage Server" in text_of(reply)
    assert await app.store.data_version() == before


async def test_add_without_a_file_or_with_a_bad_one(app: App) -> None:
    before = await app.store.data_version()
    missing = await app.handle("briefing-admin add", {}, ADMIN)
    assert missing.error and "Attach a fact sheet" in text_of(missing)
    big = await app.handle("briefing-admin add", {"file": "big.md"}, with_file("big.md", b"x" * 300_000))
    assert big.error and text_of(big).startswith("Rejected big.md:")
    bad = await app.handle("briefing-admin add", {"file": "notes.md"}, with_file("notes.md", b"\x00\xff\xfe binary"))
    assert bad.error and text_of(bad).startswith("Rejected notes.md:")
    assert await app.store.data_version() == before
    assert len(app.index.documents) == 1


async def test_add_then_add_again_then_remove(app: App, sheet: Path) -> None:
    reply = await app.handle("briefing-admin add", {"file": sheet.name}, with_file(sheet.name, sheet.read_bytes()))
    text = text_of(reply)
    assert not reply.error, text
    assert text.startswith("Added ")
    assert "initiative" in text and "funding:" in text
    assert len(app.index.documents) == 2  # the index was refreshed
    added = app.index.documents[0] if "Border" in app.index.documents[0].title else app.index.documents[1]
    assert app.index.initiatives_of(added.id)

    again = await app.handle("briefing-admin add", {"file": sheet.name}, with_file(sheet.name, sheet.read_bytes()))
    assert "already up to date" in text_of(again)

    unsure = await app.handle("briefing-admin remove", {"document": "budget border secrity"}, ADMIN)
    assert unsure.error and "Nothing was removed" in text_of(unsure)
    assert len(app.index.documents) == 2

    removed = await app.handle("briefing-admin remove", {"document": f"doc:{added.id}"}, ADMIN)
    assert text_of(removed).startswith("Removed ")
    assert [d.id for d in app.index.documents] != [] and added.id not in [d.id for d in app.index.documents]
    gone = await app.handle("briefing-admin remove", {"document": f"doc:{added.id}"}, ADMIN)
    assert gone.error
