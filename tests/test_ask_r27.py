"""/ask, twenty-seventh round: general fixes (see docs/ask.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.query.answer import answer
from bot.query.question import NONE, read_question
from tests.test_ask import TODAY, _small_library


@pytest.mark.parametrize("text", [
    "how do i get grass stains out of my jeans",
    "what should i wear to my cousin's wedding",
    "how can i stop my neighbour's leaf blower waking me up",
    "how should i arrange the furniture in my living room",
])
def test_a_first_person_how_to_about_the_askers_own_life_is_out_of_scope(text: str) -> None:
    assert read_question(text, today=TODAY).intent == NONE


@pytest.mark.parametrize("text", [
    "how do i apply for the new student loan repayment plan",
    "how can i get the tax credit for a heat pump",
    "what should i know about the new medicare drug price rule",
    "how do i sign up for cheaper internet",
])
def test_a_first_person_how_to_about_policy_is_still_a_question_about_the_sheets(text: str) -> None:
    assert read_question(text, today=TODAY).intent != NONE


RENTERS_SHEET = """---
title: "FACT SHEET: Administration Announces New Actions to Protect Renters"
date: '2024-04-02'
---

Today, the Administration is announcing new actions to protect renters from junk fees and unfair screening.
Together, these actions will:

- **Fee disclosure.** To protect renters from junk fees, landlords in federally backed buildings must list every fee in
  the advertised rent.
- **Screening reports.** Tenants may see and dispute any screening report used to turn them down.
- **Deposit caps.** Security deposits in public housing are capped at one month of rent.
"""


def test_a_what_question_quotes_the_new_actions_its_sheets_lead_announces(tmp_path: Path) -> None:
    """A lead paragraph that ends introducing a list ("these actions will:") is prose, not a heading, and the
    actions it announces are what the sheet did: a "what did … announce" question quotes it above the initiative."""
    index = _small_library(tmp_path, {"2024-04-02-renters.md": RENTERS_SHEET})
    result = answer(index, read_question("what did the administration announce to protect renters from junk fees",
                                         today=TODAY))
    assert result.covered, result.reason
    assert "is announcing new actions to protect renters" in result.passage, result.passage


def test_a_short_heading_ending_in_a_colon_is_still_no_passage(tmp_path: Path) -> None:
    sheet = RENTERS_SHEET.replace(
        "Today, the Administration is announcing new actions to protect renters from junk fees and unfair screening.\n"
        "Together, these actions will:", "New renter actions:")
    index = _small_library(tmp_path, {"2024-04-02-renters.md": sheet})
    result = answer(index, read_question("what did the administration announce to protect renters from junk fees",
                                         today=TODAY))
    assert "New renter actions" not in result.passage, result.passage


def test_an_office_named_by_the_words_before_it_stays_in_the_topic() -> None:
    assert "office" in read_question("who runs the white house ocean policy office", today=TODAY).topic
    assert "office" not in read_question("which office runs ocean policy", today=TODAY).topic


OFFICE_SHEET = """---
title: "FACT SHEET: White House Launches a New Office to Coordinate Federal Work on the Seas"
date: '2023-07-21'
---

- **Office of Ocean Policy.** The new Office of Ocean Policy will be led by a Director who coordinates ocean policy.
- **Staff.** The Office will have a small permanent staff.
"""

OCEAN_BUDGET_SHEET = """---
title: "FACT SHEET: The Budget Invests in Ocean Policy and Coastal Science"
date: '2023-03-09'
---

- **Ocean policy.** The Budget invests in ocean policy research and ocean policy data across agencies.
- **Coastal science.** The Budget funds coastal science at NOAA.
"""


def test_who_runs_a_named_office_finds_the_sheet_on_that_office(tmp_path: Path) -> None:
    index = _small_library(tmp_path, {"2023-07-21-office.md": OFFICE_SHEET, "2023-03-09-budget.md": OCEAN_BUDGET_SHEET})
    result = answer(index, read_question("who runs the white house ocean policy office", today=TODAY))
    assert result.covered, result.reason
    assert result.top_document is not None and "Launches a New Office" in result.top_document.title
