"""/ask, forty-fourth round: behaviour a user notices, on tiny libraries built for each test."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import Answer, answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library


def _ask(tmp_path: Path, sheets: dict[str, str], question: str) -> Answer:
    """The answer to ``question`` from a tiny library of ``sheets`` (file name → text)."""
    return answer(_small_library(tmp_path, sheets), read_question(question, today=TODAY))


# A sheet that recalls what a law already secured: the money model reads the sum as earlier (background) money.
_COLLEGES_SHEET = """---
title: "Fact Sheet: President Donald J. Trump Promotes Excellence at Tribal Colleges"
date: '2025-04-23'
---

- **A record of results.** In his first term, President Trump signed the TRIBE Act into law, securing $85 million in
  permanent annual funding for tribal colleges and universities.
- **A new initiative.** The Order establishes a White House Initiative on tribal colleges to expand partnerships with
  private employers.
"""


def test_recalled_money_answers_a_question_about_what_was_done(tmp_path: Path) -> None:
    """"How much permanent yearly funding for tribal colleges did trump lock in": the sheet recalls the $85 million a law
    secured, which the money model reads as earlier money and which was only listed. The question asks what was done,
    the sum's own words hold the topic and no other amount is near it: it is stated. Asked for new money, it is not."""
    library = _small_library(tmp_path, {"2025-04-23-colleges.md": _COLLEGES_SHEET})
    result = answer(library, read_question("how much permanent yearly funding for tribal colleges did trump lock in",
                                           today=TODAY))
    assert result.figures and result.figures[0].record.amount_usd == 85_000_000
    assert result.figures[0].record.kind == "background"
    assert result.figure_sure, result.hedge

    # asked for new money, the same sum is only listed: a sum the sheet recalls is not new
    result = answer(library, read_question("how much new permanent yearly funding for tribal colleges did trump lock in",
                                           today=TODAY))
    assert result.figures and result.figures[0].record.amount_usd == 85_000_000
    assert not result.figure_sure


# One sum whose own words are on the topic, beside a sum of the same sheet that only the sheet's title ties to it.
_BUSES_SHEET = """---
title: "FACT SHEET: Biden-Harris Administration Announces Funding for Clean Electric Transit Buses"
date: '2024-03-12'
---

- **Rural routes.** Rural towns get $900 million for electric transit buses.
- **Depots.** The Department will also provide $3 billion for bus depots and maintenance yards across the country.
- **Workers.** The Department will train mechanics at community colleges.
"""


def test_a_same_sheet_sum_only_the_title_ties_to_the_topic_is_no_close_rival(tmp_path: Path) -> None:
    """"How much for clean electric transit buses": the $900 million's own words say electric transit buses; the
    $3 billion's say bus depots, and only the sheet's title makes them about clean electric transit buses. Scored within
    a point of each other, the two were "close" and the answer listed both; the depots are not what was asked, so the
    $900 million is stated."""
    result = _ask(tmp_path, {"2024-03-12-buses.md": _BUSES_SHEET}, "how much for clean electric transit buses")
    assert [f.record.amount_usd for f in result.figures[:2]] == [900_000_000, 3_000_000_000]
    assert result.figure_sure, result.hedge


# A part of a sheet whose heading announces its sum, beside a larger sum of the same sheet.
_VACCINES_SHEET = """---
title: "FACT SHEET: Biden Administration Announces Actions to Build COVID-19 Vaccine Confidence"
date: '2021-03-25'
---

- **$3 Billion to Strengthen Vaccine Confidence.** HHS, through the Centers for Disease Control and Prevention (CDC),
  will invest $3 billion to support local efforts to increase vaccine access and confidence.
- **Community Health Centers.** HHS will invest nearly $10 billion to build COVID-19 vaccination sites in
  community health centers.
- **Outreach.** The Administration will recruit volunteers in every state.
"""


def test_a_sum_its_own_heading_announces_is_not_outsaid_by_a_larger_one(tmp_path: Path) -> None:
    """"How much did cdc get to build covid vaccine confidence": the heading "$3 Billion to Strengthen Vaccine
    Confidence" announces the sum its part of the sheet gives. The larger $10 billion of the same sheet, tied to the
    topic as much by the sheet's title, used to make the $3 billion only listed ("outsaid"); the heading says what the
    $3 billion is for, so it is stated."""
    result = _ask(tmp_path, {"2021-03-25-vaccines.md": _VACCINES_SHEET},
                  "how much did cdc get to build covid vaccine confidence")
    assert result.figures and result.figures[0].record.amount_usd == 3_000_000_000
    assert result.figure_sure, result.hedge


# A budget sheet: one sum whose sentence dates an earlier law ("strengthened in 2022"), another for a nearby program.
_BUDGET_SHEET = """---
title: "FACT SHEET: The President's Budget Funds Violence Against Women Act Programs"
date: '2023-03-09'
---

- **Violence Against Women Act.** The Budget proposes $1 billion to support programs through the Violence Against
  Women Act, which was recently reauthorized and strengthened in 2022.
- **Family violence.** The Budget also includes $519 million for the Family Violence Prevention and Services program
  and the National Domestic Violence Hotline to support survivors of violence against women.
- **Hotline staff.** The Budget expands hotline staffing in every region.
"""


def test_a_year_that_dates_an_event_in_a_budget_sentence_is_no_fiscal_year(tmp_path: Path) -> None:
    """"How much did biden's fy2024 budget ask for violence against women act programs": the $1 billion's sentence says
    the law was "strengthened in 2022", which was read as the fiscal year 2022 and cost the sum 25 points, so the
    $519 million for another program came first. A year right after a verb in the past dates what happened; the
    $1 billion, its own words on the whole topic, is stated."""
    result = _ask(tmp_path, {"2023-03-09-budget.md": _BUDGET_SHEET},
                  "how much did biden's fy2024 budget ask for violence against women act programs")
    assert result.figures and result.figures[0].record.amount_usd == 1_000_000_000
    assert result.figure_sure, result.hedge


# A company's own investment, and in another sheet a sum a department awarded the same company.
_COMPANY_INVESTS = """---
title: "FACT SHEET: Biden-Harris Administration Delivers on Made in America Commitments"
date: '2022-03-04'
---

- **Magnets.** Lakeshore Materials, which runs the only rare earth mine in the region, announced a $700 million
  investment to build a rare earth magnet factory in Texas.
- **Batteries.** Other companies announced plans for battery plants in Georgia.
"""

_COMPANY_AWARDED = """---
title: "FACT SHEET: Securing a Made in America Supply Chain for Critical Minerals"
date: '2022-02-22'
---

- **Processing.** The Department of Defense has awarded Lakeshore Materials $35 million to process rare earth
  elements for magnets at its mine.
- **Recycling.** The Department of Energy will study recycling of old batteries.
"""


def test_money_awarded_to_a_company_is_not_what_the_company_puts_in(tmp_path: Path) -> None:
    """"How much is lakeshore materials putting into rare earth magnets": the company "announced a $700 million
    investment"; another sheet says the Department of Defense "has awarded Lakeshore Materials $35 million". The
    $35 million is money the company receives, not what it puts in, so it is no close rival: the $700 million is
    stated."""
    result = _ask(tmp_path, {"2022-03-04-made.md": _COMPANY_INVESTS, "2022-02-22-minerals.md": _COMPANY_AWARDED},
                  "how much is lakeshore materials putting into rare earth magnets")
    assert [f.record.amount_usd for f in result.figures[:2]] == [700_000_000, 35_000_000]
    assert result.figure_sure, result.hedge


# Grants a sheet announces for the first time, and another sheet of other grants.
_MEGA_SHEET = """---
title: "FACT SHEET: Biden-Harris Administration Announces Major Transportation Projects"
date: '2023-01-25'
---

- **New Mega Project Grants.** For the first time, the Department of Transportation is awarding $1.2 billion in
  Mega grants to nine large projects of national significance.
- **Safety.** The Department will also fund safer crossings for people on foot in small towns.
"""

_STREETS_SHEET = """---
title: "FACT SHEET: Grants for Safer Streets"
date: '2023-04-10'
---

- **Street grants.** The Department is awarding $50 million in grants for safer streets.
- **Bus grants.** The Department is awarding $30 million in grants for bus stops.
- **Port grants.** The Department is awarding $20 million in grants for ports.
"""


def test_a_round_of_grants_is_how_the_asker_counts_them_out(tmp_path: Path) -> None:
    """"How much was in the first round of mega grants biden announced": "round of" is how the asker counts the money
    out; no sheet says "round", and the question was said not covered. Read as "the first mega grants", it is answered
    with the $1.2 billion the Mega grants sheet awards. ("The heat wave of 2023" keeps its "wave": no word counts it.)"""
    result = _ask(tmp_path, {"2023-01-25-mega.md": _MEGA_SHEET, "2023-04-10-streets.md": _STREETS_SHEET},
                  "how much was in the first round of mega grants biden announced")
    assert result.covered, result.reason
    assert result.figures and result.figures[0].record.amount_usd == 1_200_000_000
    assert result.figure_sure, result.hedge
    assert "wave" in read_question("how much did the heat wave of 2023 cost", today=TODAY).topic


# An order that sets up litigation against state laws, and a sheet that says "court" about something else.
_AI_ORDER_SHEET = """---
title: "Fact Sheet: President Donald J. Trump Ensures a National Policy Framework for Artificial Intelligence"
date: '2025-12-11'
---

- **Challenging state laws.** The Order directs the Attorney General to establish an AI Litigation Task Force to
  challenge State AI laws that stifle innovation.
- **Evaluation.** The Order directs the Secretary of Commerce to publish an evaluation of State AI laws.
"""

_COURTS_SHEET = """---
title: "Fact Sheet: Courts and Judges"
date: '2025-06-02'
---

- **Judges.** The President nominated judges to the federal court of appeals.
"""


def test_taking_someone_to_court_is_litigation(tmp_path: Path) -> None:
    """"Who's going to take states to court over their ai laws under trump's order": the sheets call it litigation ("an
    AI Litigation Task Force to challenge State AI laws"); read as the asker's "court" only, no sheet held the topic and
    it was said not covered. The sentence naming the Attorney General is now quoted."""
    result = _ask(tmp_path, {"2025-12-11-ai.md": _AI_ORDER_SHEET, "2025-06-02-courts.md": _COURTS_SHEET},
                  "who's going to take states to court over their ai laws under trump's order")
    assert result.covered, result.reason
    assert "Attorney General" in result.passage
