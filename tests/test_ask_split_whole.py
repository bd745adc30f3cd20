"""/ask: a whole that its own sentence splits into parts ("a $698 million compact, supported with $649 million from the
United States and $49 million from Indonesia") is not stated as what one of the parties puts in."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import HEDGE_SPLIT, answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

HARBOR_SHEET = """---
title: "FACT SHEET: Strengthening the U.S.-Norway Partnership"
date: '2023-04-12'
---

Today, President Biden and Prime Minister Støre reaffirmed the partnership between the United States and Norway.

- **Harbor Resilience Compact.** The United States and Norway have concluded negotiations to launch a $420 million
  Harbor Resilience Compact, supported with $300 million from the United States and $120 million from Norway, to
  rebuild fishing harbors.
- **Student Exchanges.** The two countries will expand student exchanges.
"""


def test_a_whole_split_into_parts_is_listed_not_stated(tmp_path: Path) -> None:
    index = _small_library(tmp_path, {"2023-04-12-norway.md": HARBOR_SHEET})
    result = answer(index, read_question("how much is the us putting into the harbor resilience compact with norway",
                                         today=TODAY))
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == 420_000_000, [f.record.text for f in result.figures]
    assert not result.figure_sure, "the compact's whole was stated as what the United States puts in"
    assert result.hedge == HEDGE_SPLIT


def test_the_whole_is_stated_when_the_question_asks_for_it(tmp_path: Path) -> None:
    index = _small_library(tmp_path, {"2023-04-12-norway.md": HARBOR_SHEET})
    result = answer(index, read_question("how big is the harbor resilience compact with norway in total", today=TODAY))
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == 420_000_000
    assert result.hedge != HEDGE_SPLIT
