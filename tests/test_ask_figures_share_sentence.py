"""/ask: two figures in one sentence ("$25 billion on military equipment and $33 billion for base support"): the
words after a figure say what it is for, up to the "and" or comma that opens the next figure's clause; they are not
the next figure's words too (twenty-fifth round)."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

ALLIANCE_SHEET = """---
title: "FACT SHEET: Strengthening the U.S.-Norway Alliance"
date: '2025-10-02'
---

Today, President Trump met Prime Minister Støre of Norway.

- **Defense Purchases.** Norway committed to spending $18 billion on U.S. icebreaker vessels by 2030, and to
  providing $7 billion in support for U.S. forces stationed in the Arctic.
- **Student Exchanges.** The two countries will expand student exchanges.
"""


def _lead(tmp_path: Path, question: str) -> tuple[float, bool]:
    index = _small_library(tmp_path, {"2025-10-02-norway.md": ALLIANCE_SHEET})
    result = answer(index, read_question(question, today=TODAY))
    assert result.covered and result.figures, result.reason
    return result.figures[0].record.amount_usd, result.figure_sure


def test_the_first_figure_is_the_one_its_words_follow(tmp_path: Path) -> None:
    amount, sure = _lead(tmp_path, "how much will go to icebreaker vessels")
    assert amount == 18_000_000_000
    assert sure, "the icebreakers' figure was listed beside the support figure whose clause only follows it"


def test_the_second_figure_keeps_its_own_words(tmp_path: Path) -> None:
    amount, _ = _lead(tmp_path, "how much is norway providing in support for us forces in the arctic")
    assert amount == 7_000_000_000
