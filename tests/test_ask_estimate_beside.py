"""/ask: a figure is not stated when its sheet hands out a larger sum for the topic that the money model reads as an
estimate ("new funding to lower the cost of …, releasing $40 million in … grants")."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import HEDGE_ESTIMATE, answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

WATER_SHEET = """---
title: "FACT SHEET: Biden-Harris Administration Announces New Actions to Lower Water Bills"
date: '2023-05-10'
---

Today, the Biden-Harris Administration announced new funding to lower the cost of drinking water, releasing $40
million in Water Affordability Outreach grants to help more eligible households enroll in the Low Income Household
Water Assistance Program.

- **Outreach Grants.** Over $4 million in outreach grants to support two pilot programs to raise awareness of the
  Low Income Household Water Assistance Program.
- **Tribal Outreach.** Tribes will receive technical help to enroll households.
"""


def test_a_figure_beside_a_larger_handed_out_sum_read_as_an_estimate_is_listed(tmp_path: Path) -> None:
    index = _small_library(tmp_path, {"2023-05-10-water.md": WATER_SHEET})
    result = answer(index, read_question(
        "how much did they hand out in outreach grants for the low income household water assistance program",
        today=TODAY))
    assert result.covered and result.figures
    by_amount = {f.record.amount_usd: f.record.kind for f in result.figures}
    assert by_amount.get(40_000_000) == "estimate", by_amount  # what the money model makes of the sheet's sum
    assert result.figures[0].record.amount_usd == 4_000_000
    assert not result.figure_sure, "the $4 million was stated"
    assert result.hedge == HEDGE_ESTIMATE
