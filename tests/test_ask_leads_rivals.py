"""/ask: a sheet about the thing asked quotes its lead, and a figure only near the topic is no rival answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.query.answer import answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

STRATEGY_SHEET = """---
title: "FACT SHEET: President Establishes the Harbor Pilot Licensing Strategy"
date: '2026-02-06'
---

Today, the President signed an Executive Order establishing the Harbor Pilot Licensing Strategy. The strategy
sets one national test for harbor pilots.

- **Licensing.** Through the establishment of the Harbor Pilot Licensing Strategy, states will share one test.
- **Review.** The Harbor Pilot Licensing Strategy will be reviewed every two years by the Coast Guard.
"""

WORKER_SHEET = """---
title: "FACT SHEET: The Global Lighthouse Keeper Initiative"
date: '2022-05-10'
---

Lighthouse keepers guide ships along every coast.

- **Support for Keepers.** Notably, the President's Budget includes an additional $12 million for this new Global
  Lighthouse Keeper Initiative to train and protect lighthouse keepers around the world.
"""

BUDGET_SHEET = """---
title: "FACT SHEET: Commitments to Safe Seas in the FY 2023 President's Budget"
date: '2022-03-28'
---

The Budget invests in safe seas.

- **Safe Seas.** The Budget supports the Global Lighthouse Keeper Initiative and other programs. In addition, the
  FY 2023 Request, released today, includes $40 million for the Coast Guard to establish a regional training hub.
"""


def test_a_question_about_the_thing_itself_quotes_the_lead_of_the_sheet_about_it(tmp_path: Path) -> None:
    """"What is the … Strategy": every initiative of the sheet names it, but what it is — an order the
    President signed — is said in the sheet's lead, which is quoted."""
    index = _small_library(tmp_path, {"2026-02-06-harbor-pilots.md": STRATEGY_SHEET})
    result = answer(index, read_question("what is the harbor pilot licensing strategy", today=TODAY))
    assert result.covered
    assert "signed an Executive Order establishing the Harbor Pilot Licensing Strategy" in result.passage


def test_another_sheets_figure_only_near_the_topic_does_not_hold_back_the_answer(tmp_path: Path) -> None:
    """The $40 million is found through the paragraph it sits in, not its own words: it would be listed,
    not stated, so it does not stop the $12 million said for the initiative from being given as the answer."""
    index = _small_library(tmp_path, {"2022-05-10-lighthouse-keepers.md": WORKER_SHEET,
                                      "2022-03-28-lighthouse-budget.md": BUDGET_SHEET})
    result = answer(index, read_question("how much did the fy2023 budget ask for the global lighthouse keeper initiative",
                                         today=TODAY))
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == 12_000_000
    assert result.figure_sure, result.hedge


VACCINE_SHEET = """---
title: "FACT SHEET: Administration Announces Historic $10 Billion Investment to Expand Access to COVID-19 Vaccines
  and Build Vaccine Confidence in Hardest-Hit Communities"
date: '2021-03-25'
---

Today, the Administration is announcing an investment in vaccines for the hardest-hit communities. With funding in
large part from the American Rescue Plan, the U.S. Department of Health and Human Services (HHS) will invest nearly
$10 billion to expand access to COVID-19 vaccines and better serve rural areas. This funding will increase vaccine
confidence across the country.

**$3 Billion to Strengthen Vaccine Confidence.** HHS, through the Centers for Disease Control and Prevention (CDC),
will invest $3 billion to support local efforts to increase vaccine uptake and equity.

**$6 Billion for Health Centers.** HHS will invest $6 billion in community health centers to expand access.
"""


def test_the_department_headline_is_not_stated_when_the_agency_asked_about_gives_a_part(tmp_path: Path) -> None:
    """"How much did CDC get": the department's $10 billion heads the sheet, but its sentence does not say CDC gives
    it; the $3 billion's does. The headline is not stated as the answer (the figures are listed, CDC's among them)."""
    index = _small_library(tmp_path, {"2021-03-25-vaccine-confidence.md": VACCINE_SHEET})
    result = answer(index, read_question("how much did cdc get to build covid vaccine confidence", today=TODAY))
    assert result.covered and result.figures
    assert not (result.figure_sure and result.figures[0].record.amount_usd == 10_000_000_000)
    assert 3_000_000_000 in [figure.record.amount_usd for figure in result.figures[:2]]


FEVER_SHEET = """---
title: "FACT SHEET: The United States Commitment to Address the Global Marsh Fever Outbreak"
date: '2026-03-10'
---

The United States is working with partners to end the marsh fever outbreak.

- **Support for Africa.** This week, the President announced that the United States is committed to providing at least
  $500 million, as well as one million vaccine doses, to support African countries to prevent and respond to the
  current marsh fever outbreak.
- **A Call to Partners.** We call on governments, charities, and businesses to match our pledge – and make this a
  $1 billion commitment.
"""


TAIGA_SHEET = """---
title: "FACT SHEET: President Marks Conservation Legacy with Trip to Finland's Taiga Forest"
date: '2026-03-12'
---

Today, as part of his trip to the Taiga Forest, the President is announcing new steps to protect it.

- **Financing Reforestation.** DFC is providing a $37.5 million loan to Taiga Carbon Partners, to support the
  large-scale planting of native trees on degraded pasture in Finland.
- **Announcing $50 Million for the Taiga Fund.** The United States is announcing $50 million for the Taiga Fund,
  subject to Congressional notification.
- **Meeting Forest Leaders.** During the trip, the President met leaders of the peoples of the forest.
"""


@pytest.mark.parametrize(("name", "sheet", "question", "announced"), [
    # The sheet's title puts all its figures on the outbreak, and the $1 billion sentence says the pledge, but the
    # $500 million is the one whose own words say the outbreak and Africa: the $1 billion is not stated as the answer.
    ("2026-03-10-marsh-fever.md", FEVER_SHEET, "how much did the president pledge for the marsh fever outbreak",
     500_000_000),
    # The title holds the whole topic, so every figure of the sheet is on it; the loan is money the money model reads
    # as earlier, and its own words hold under half the topic, while the sheet announces $50 million: the loan is
    # listed with the others, not stated as what the President gave.
    ("2026-03-12-taiga-trip.md", TAIGA_SHEET, "how much did the president give the taiga fund on his finland forest trip",
     50_000_000),
])
def test_a_figure_found_by_its_sheets_title_is_listed_beside_what_the_sheet_announces(
        tmp_path: Path, name: str, sheet: str, question: str, announced: float) -> None:
    index = _small_library(tmp_path, {name: sheet})
    result = answer(index, read_question(question, today=TODAY))
    assert result.covered and result.figures
    lead = result.figures[0]
    assert lead.record.amount_usd == announced or not result.figure_sure, (lead.record.text, result.hedge)
    assert any(f.record.amount_usd == announced for f in result.figures[:5])
