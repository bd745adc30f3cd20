"""/ask: a figure is not stated for a question naming an agency its fact sheet never names."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import HEDGE_AGENCY, answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

FLOOD_SHEET = """---
title: "FACT SHEET: Biden-Harris Administration Announces Funding to Protect River Towns from Flooding"
date: '2023-08-14'
---

Today, the Biden-Harris Administration announced new steps to protect river towns from flooding.

- **Levee repairs.** The Administration is announcing $120 million to repair levees that protect river towns from
  flooding.
- **Flood maps.** New flood maps will be published for 40 river towns.
"""


def test_a_figure_whose_sheet_never_names_the_agency_asked_about_is_listed(tmp_path: Path) -> None:
    index = _small_library(tmp_path, {"2023-08-14-floods.md": FLOOD_SHEET})
    reading = read_question("how much did FEMA give to repair levees in river towns", today=TODAY)
    assert reading.agency == "FEMA"
    result = answer(index, reading)
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == 120_000_000
    assert not result.figure_sure, "a figure was stated for FEMA from a sheet that never names it"
    assert result.hedge == HEDGE_AGENCY


def test_a_figure_whose_sheet_names_the_agency_is_stated(tmp_path: Path) -> None:
    sheet = FLOOD_SHEET.replace("- **Flood maps.** New flood maps", "- **Flood maps.** FEMA will publish new flood maps")
    sheet = sheet.replace("will be published for 40 river towns", "for 40 river towns")
    index = _small_library(tmp_path, {"2023-08-14-floods.md": sheet})
    result = answer(index, read_question("how much did FEMA give to repair levees in river towns", today=TODAY))
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == 120_000_000
    assert result.figure_sure, result.hedge
