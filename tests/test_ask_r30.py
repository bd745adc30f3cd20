"""/ask, thirtieth round: general fixes (see docs/ask.md)."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

OPIOID_SHEET = """---
title: "FACT SHEET: Administration Announces New Actions to Address the Overdose Epidemic"
date: '2022-09-23'
---

- **Awarding $1.5 Billion for States and Territories.** The Department of Health and Human Services (HHS)
  awarded nearly $1.5 billion to support states, tribal lands, and territories' efforts to address the opioid crisis.
- **Naloxone.** HHS will expand access to naloxone in rural communities.
"""


def test_grant_money_asked_about_is_money_the_sheet_says_was_awarded(tmp_path: Path) -> None:
    """Grants are awarded: "how much opioid grant money" is answered by "awarded nearly $1.5 billion … opioid
    crisis", stated, though the sentence never says "grant"."""
    index = _small_library(tmp_path, {"2022-09-23-overdose.md": OPIOID_SHEET})
    reading = read_question("how much opioid grant money did hhs give the states", today=TODAY)
    assert "award" in reading.search_words
    result = answer(index, reading)
    assert result.covered, result.reason
    assert result.figures and result.figures[0].record.amount_usd == 1.5e9
    assert result.figure_sure, result.hedge
