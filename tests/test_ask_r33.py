"""/ask, thirty-third round: which figure leads when a question asks about one thing its sheet funds."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

BRIDGES_SHEET = """---
title: "FACT SHEET: Biden-Harris Administration Announces Nearly $4 Billion for Major Bridge Projects Nationwide"
date: '2024-02-14'
---

Today, President Biden will visit Riverton, Ohio, where the Kestrel Bridge connects Riverton and Lakeport, Kentucky, to
announce nearly $4 billion in funding for bridge projects across the country.

The projects receiving funding include:

- $900 million to replace the Kestrel Bridge connecting Riverton, Ohio with Lakeport, Kentucky.
- $700 million to replace the Harbor Point Bridge in Portland, Maine.
- $450 million to replace the Cedar Gap Bridge in Boise, Idaho.
- $300 million to replace the Mill Creek Bridge in Salem, Oregon.
"""


def test_the_figure_said_for_the_thing_asked_leads_the_sheets_headline(tmp_path: Path) -> None:
    """The headline's sentence names the bridge only as where the President speaks; "$900 million to replace the
    Kestrel Bridge" is what the sheet gives for it. The headline figure does not lead it, nor is it stated."""
    index = _small_library(tmp_path, {"2024-02-14-bridges.md": BRIDGES_SHEET})
    result = answer(index, read_question("how much to replace the kestrel bridge connecting riverton", today=TODAY))
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == 900_000_000, [f.record.text for f in result.figures[:3]]
    assert not (result.figure_sure and result.figures[0].record.amount_usd != 900_000_000)


def test_a_question_on_the_sheets_own_topic_still_gets_the_headline(tmp_path: Path) -> None:
    """Asked about what the whole sheet announces, the headline figure still leads."""
    index = _small_library(tmp_path, {"2024-02-14-bridges.md": BRIDGES_SHEET})
    result = answer(index, read_question("how much funding for bridge projects across the country", today=TODAY))
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == 4_000_000_000, [f.record.text for f in result.figures[:3]]

