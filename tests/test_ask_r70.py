"""/ask, round 70: money someone pledged, puts in, pays or gets asked without "how much"; a count asked whatever money
the question names; the people and places asked for in more words; money taken away and a saving as no money handed
out; the SAVE plan in capitals as no saving; a department that "has to" act; and a sum an initiative's title names
as that initiative's money (docs/ask.md, "Round 70")."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.query.question import (
    FUNDING,
    INITIATIVES,
    KIND_NEW,
    WHERE,
    WHO,
    read_question,
)
from tests.test_ask import TODAY, _small_library
from tests.test_ask_r54h import FILLER_SHEETS


@pytest.mark.parametrize(("question", "intent"), [
    ("any idea what the us pledged for new maritime programs across southeast asia", FUNDING),
    ("whats the african development bank putting into that digital access alliance for africa", FUNDING),
    ("whats saudi arabia paying to cover us costs under the new defense pact", FUNDING),
    ("whats the smithsonian getting from taxpayers every yr", FUNDING),
    ("for ppl forced out by the new mexico wildfires whats the one time fema payment per household", FUNDING),
    ("whats epa's guidance letting farmers fix their own tractors supposed to save them per repair", FUNDING),
    ("which cabinet ppl n advisers signed off on the principles for carbon offset markets", WHO),
    ("which texas metros were on that list of places w record low unemployment", WHERE),
    ("which territories got their own sheet in the state by state batch", WHERE),
    # a count, whatever money the question names; "how many dollars" is still an amount
    ("out of all the us colleges how many actually report their foreign money each yr", INITIATIVES),
    ("how many dollars of foreign money did colleges report", FUNDING),
    # what was promised is not money pledged
    ("what did the us pledge to do about maritime security in southeast asia", INITIATIVES),
])
def test_the_intent_of_these_questions(question: str, intent: str) -> None:
    assert read_question(question, today=TODAY).intent == intent


@pytest.mark.parametrize("question", [
    "how much money did the us actually freeze when it sanctioned sberbank",
    "how much in ed dept grants had trump already axed for pushing radical agendas",
    "how much funding is trump pulling from the smithsonian w his order",
    "how much us trade with donetsk got cut off by the feb 2022 eo",
    "how much more do showerheads cost bc of the showerhead rule",
    "whats epa's guidance letting farmers fix their own tractors supposed to save them per repair",
])
def test_money_taken_away_or_saved_is_no_money_handed_out(question: str) -> None:
    reading = read_question(question, today=TODAY)
    assert reading.intent == FUNDING and reading.kind is None


@pytest.mark.parametrize("question", [
    # a purpose, not money taken away
    "how much did doe announce for its program to cut emissions from steel",
    "how much was doe putting into the plant to pull rare earths out of coal ash",
    # the SAVE plan, in capitals, is a plan's name, not a saving
    "how much student debt did biden wipe out in feb 2024 for the SAVE ppl",
])
def test_money_handed_out_stays_new(question: str) -> None:
    assert read_question(question, today=TODAY).kind == KIND_NEW


def test_save_typed_in_capitals_is_the_plan_only_beside_lower_case() -> None:
    # a question typed all in capitals has no plan name in it: "SAVE" there is the word
    assert read_question("HOW MUCH WILL THE SHOWERHEAD RULE SAVE FAMILIES", today=TODAY).kind is None
    assert read_question("how much will the showerhead rule save families", today=TODAY).kind is None


def test_a_department_that_has_to_act_is_the_agency() -> None:
    reading = read_question("by when does commerce have to publish its list of state ai laws", today=TODAY)
    assert reading.agency == "DOC"


def test_training_workers_is_the_sheets_workforce() -> None:
    reading = read_question("how much did the energy dept put up to train workers for retrofitting buildings",
                            today=TODAY)
    assert {"workforce", "development"} <= set(reading.expanded)


def test_money_wise_asks_for_money() -> None:
    reading = read_question("what has doe handed out for r&d on methane leak sensors, $ wise", today=TODAY)
    assert reading.intent == FUNDING and "wise" not in reading.topic


_BUILDINGS_SHEET = """---
title: "FACT SHEET: Biden Administration Accelerates Efforts to Make American Buildings Cleaner"
date: '2021-05-17'
---

Today, the Administration is announcing new actions on buildings.

-   **Announcing $30M investment in the American workforce**.
    Constructing, retrofitting, and electrifying America's buildings is only possible with a strong, skilled and
    growing workforce. DOE announced it is expanding its support for organizations, including unions, trade
    associations, and educational institutions, that prepare people to join the workforces of the future. Through
    technical assistance and funding awards, DOE will fund up to $30M of these efforts with workforce development and
    job-creation leaders.
-   **Launching federal building performance standards.** CEQ is launching an effort with GSA on federal buildings.
"""


def test_a_sum_the_initiatives_title_names_is_its_money(tmp_path: Path) -> None:
    """The initiative holds the topic; the sentence with its sum says little of it, but the initiative's title names
    the sum: the sum is given as the answer, not held back as only near the topic."""
    from bot.query.answer import answer

    index = _small_library(tmp_path, {"2021-05-17-buildings.md": _BUILDINGS_SHEET, **FILLER_SHEETS})
    reading = read_question("how much did the energy dept put up to train workers for retrofitting n electrifying "
                            "buildings", today=TODAY)
    result = answer(index, reading)
    assert result.covered and result.figures and result.figure_sure
    assert result.figures[0].record.amount_usd == 30_000_000
