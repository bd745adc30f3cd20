"""/ask, forty-fourth round: behaviour a user notices, on tiny libraries built for each test."""

from __future__ import annotations

from pathlib import Path

from bot.query.question import read_question
from tests.test_ask import TODAY
from tests.test_ask import ask_small_library as _ask

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
