"""What a listed figure is said to be for: its initiative's title, unless the figure stands in an item nested under a
line that only introduces the list."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import App
from bot.commands import dispatch
from bot.commands.spec import Invocation
from bot.config import Settings
from bot.pipeline import ingest_paths
from bot.store import Store

SHEET = """---
title: "Fact Sheet: The President Secures Deals Worth $300 Million"
date: 2025-05-14
---
- **Expanding Treatment:** HHS will award $150 million to expand treatment in rural counties.
- The following represent just a few of the deals secured today:
    - Acme Aerospace secured an order worth $100 million to build forty aircraft in Ohio.
    - Globex signed a $50 million agreement to supply turbines to the port of Doha.
"""


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[App]:
    sheet = tmp_path / "deals.md"
    sheet.write_text(SHEET, encoding="utf-8")
    db_path = tmp_path / "deals.db"
    store = await Store.open(db_path)
    try:
        await ingest_paths(store, [sheet], max_bytes=Settings().max_file_bytes, report=lambda line: None)
    finally:
        await store.close()
    opened = await App.open(Settings(db_path=db_path), seed_if_empty=False)
    try:
        yield opened
    finally:
        await opened.close()


async def test_a_figure_in_a_nested_item_is_for_what_its_own_sentence_says(app: App) -> None:
    reply = await dispatch(app, "funding", {}, Invocation(user_id=7))
    text = "\n".join(embed.description for page in reply.pages for embed in page.embeds)
    lines = {line.split(" — ")[0].lstrip("•↳ *"): line for line in text.splitlines() if "$" in line and " — " in line}
    hundred = next(line for key, line in lines.items() if key.startswith("$100 million"))
    fifty = next(line for key, line in lines.items() if key.startswith("$50 million"))
    treatment = next(line for key, line in lines.items() if key.startswith("$150 million"))
    # The item's bold title says what its money is for; the list's introduction says nothing of the aircraft order.
    assert "Expanding Treatment" in treatment
    assert "Acme Aerospace secured an order" in hundred and "The following represent" not in hundred
    assert "Globex signed" in fifty and "The following represent" not in fifty
