"""/ask, round 69: more chat words and everyday verbs, a person's name asked as who, a leading "when" clause that only
dates the question, a full total as money, a tax's yield as no money handed out, an agency alone as the topic, and
money spent before a budget request not read as the request (docs/ask.md, "Round 69")."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.query.question import (
    FUNDING,
    INITIATIVES,
    KIND_PRIVATE,
    WHEN,
    WHO,
    read_question,
)
from tests.test_ask import TODAY, _small_library
from tests.test_ask_r54h import FILLER_SHEETS


@pytest.mark.parametrize(("question", "wanted", "not_wanted"), [
    ("usaid money for that proinfo thing on fighting disinfo at the democracy summit", {"disinformation"}, {"disinfo"}),
    ("gsa's green concrete rules, is there a size cutoff", {"threshold"}, {"cutoff"}),
    ("the total for food n humanitarian aid incl the refugee n migrant support", {"including"}, {"incl"}),
    ("how much extra medicaid money was missouri in line for", {"eligible"}, {"line"}),
    ("how much arp money did missouri get for finally expanding medicaid", {"expanding"}, {"finally"}),
])
def test_words_of_the_topic(question: str, wanted: set[str], not_wanted: set[str]) -> None:
    topic = set(read_question(question, today=TODAY).topic)
    assert wanted <= topic and not (not_wanted & topic)


@pytest.mark.parametrize(("question", "sheet_words"), [
    ("how much more student debt did biden wipe out in april 2024", {"canceling"}),
    ("how much equity is dfc sinking into that nickel n cobalt mining outfit in brazil", {"investment"}),
    ("how many russian oligarchs got slapped w us visa bans", {"imposed"}),
    ("how much covid relief had bidens team pushed out to main street", {"delivered"}),
    ("how much did the labor dept release for laid off port workers", {"dislocated"}),
    ("how much did the telecom giant pledge for its cell networks", {"telecommunications", "mobile"}),
    ("how big is gsa's backlog of put off repairs on fed buildings", {"deferred", "maintenance"}),
    ("how much free lawyering did the firm give", {"pro", "bono", "legal"}),
])
def test_everyday_verbs_add_the_sheets_words(question: str, sheet_words: set[str]) -> None:
    assert sheet_words <= set(read_question(question, today=TODAY).expanded)


@pytest.mark.parametrize(("question", "intent"), [
    ("whats the name of that kindergarten teacher biden told she was one of the million pslf approvals", WHO),
    ("whats the name of the program that pays for school nurses", INITIATIVES),
    ("hw big is gsa's backlog of put off repairs on fed buildings", FUNDING),
    # a "when" clause that only dates what is asked
    ("when trump announced the indonesia trade deal in july 2025 how big did the wh say the goods trade gap was",
     FUNDING),
    ("when did trump announce the indonesia trade deal", WHEN),
    ("when will the tariffs on indonesia take effect", WHEN),
    ("whats the full total biden announced at the summit of the americas for food aid", FUNDING),
])
def test_the_intent_of_these_questions(question: str, intent: str) -> None:
    assert read_question(question, today=TODAY).intent == intent


def test_what_a_tax_brings_in_is_no_money_handed_out() -> None:
    reading = read_question("how much a yr was the 15% global minimum tax supposed to bring in for the us", today=TODAY)
    assert reading.intent == FUNDING and reading.kind is None


def test_a_company_typed_as_co_is_a_company() -> None:
    reading = read_question("how much did the telecom co millicom pledge for broadband in central america", today=TODAY)
    assert reading.kind == KIND_PRIVATE and "company" in reading.topic and "co" not in reading.topic
    assert read_question("how much did the co-op get", today=TODAY).kind != KIND_PRIVATE


def test_an_agency_alone_is_the_topic_of_a_money_question() -> None:
    reading = read_question("atf money in bidens fy25 budget ask - how much", today=TODAY)
    assert reading.agency == "ATF" and reading.topic == ("atf",)


def test_the_war_secretary_is_the_defense_department() -> None:
    assert read_question("by when does the war secretary have to name the contractors", today=TODAY).agency == "DOD"


_LONG_COVID_SHEET = """---
title: "FACT SHEET: The Administration Accelerates Its Effort to Prevent, Detect, and Treat Long COVID"
date: '2022-04-05'
---

Today, the Administration is announcing new actions on Long COVID.

-   Making further investments to advance Long COVID research and surveillance: Building on the $50 million CDC has
    already invested, the President's FY23 budget has requested $25 million to answer key questions on the
    characteristics, risk factors, underlying mechanisms, and health impacts of Long COVID—through clinician
    engagement, electronic health data analyses, and grant funding.
-   Launching Centers of Excellence: HHS will open new centers for patients with Long COVID.
"""


def test_money_spent_before_a_budget_request_is_not_the_request(tmp_path: Path) -> None:
    """The sentence asks Congress for $25 million and recalls $50 million already spent: a question on what the budget
    asked for is answered by the request, not by the earlier money beside it."""
    from bot.query.answer import answer

    index = _small_library(tmp_path, {"2022-04-05-long-covid.md": _LONG_COVID_SHEET, **FILLER_SHEETS})
    reading = read_question("how much did bidens fy23 budget ask for cdc long covid research", today=TODAY)
    result = answer(index, reading)
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == 25_000_000
