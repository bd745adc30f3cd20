"""/ask: a figure is not stated when its sheet hands out a larger sum for the topic that the money model reads as an
estimate ("new funding to lower the cost of …, releasing $40 million in … grants")."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bot.model import ESTIMATE, NEW_FEDERAL
from bot.query.answer import _handed_out_estimate, answer
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


def test_outreach_grants_are_not_stated_as_the_smaller_sum_beside_the_sheets_larger_handed_out_one(
        tmp_path: Path) -> None:
    """Whatever the money model makes of "releasing $40 million in … grants", the asker does not get the $4 million
    of one list item stated as the answer."""
    index = _small_library(tmp_path, {"2023-05-10-water.md": WATER_SHEET})
    result = answer(index, read_question(
        "how much did they hand out in outreach grants for the low income household water assistance program",
        today=TODAY))
    assert result.covered and result.figures
    assert 40_000_000 in {f.record.amount_usd for f in result.figures}
    assert not (result.figure_sure and result.figures[0].record.amount_usd == 4_000_000), "the $4 million was stated"


def test_a_figure_beside_a_larger_handed_out_sum_read_as_an_estimate_is_listed(tmp_path: Path) -> None:
    """The hedge for a money model that reads a handed-out sum as an estimate (older models read this sheet's $40
    million so): the smaller figure is listed beside it, not stated."""
    index = _small_library(tmp_path, {"2023-05-10-water.md": WATER_SHEET})
    result = answer(index, read_question(
        "how much did they hand out in outreach grants for the low income household water assistance program",
        today=TODAY))
    by_amount = {f.record.amount_usd: f for f in result.figures}
    small, large = by_amount[4_000_000], by_amount[40_000_000]
    as_estimate = replace(large, record=replace(large.record, category=ESTIMATE))
    as_new = replace(large, record=replace(large.record, category=NEW_FEDERAL))
    assert _handed_out_estimate(small, as_estimate)
    assert not _handed_out_estimate(small, as_new)
    assert not _handed_out_estimate(as_estimate, small)
