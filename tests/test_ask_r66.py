"""/ask, round 66: phrasal verbs of chat, a statement the White House put out, a state that chips in, "how
soon", a law named by its short form, "call on congress", and a change asked "by" how
much (docs/ask.md, "Round 66")."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.query.question import (
    FUNDING,
    KIND_REQUEST,
    KIND_STATE_LOCAL,
    SOURCES,
    WHEN,
    read_question,
)
from tests.test_ask import TODAY, ask_small_library
from tests.test_ask_r54h import FILLER_SHEETS


@pytest.mark.parametrize(("question", "wanted", "not_wanted"), [
    # a phrasal verb of chat is said by the verb the sheets write
    ("how much fentanyl can the canadian super labs crank out per week", {"produce"}, {"crank"}),
    ("how much private investment did the wh say was lined up in augusta", {"augusta"}, {"lined", "up"}),
    ("which sheet goes thru all the us germany partnership stuff", set(), {"goes", "thru"}),
    ("how much unreported foreign money to colleges did the ed dept dig up", {"found"}, {"dig"}),
    ("how much money has harvard gotten from china", {"harvard", "china"}, {"gotten"}),
    ("how much border security money was in the senate deal biden kept pushing", {"pushing"}, {"kept"}),
    # "how soon" is no word of the topic
    ("how soon did biden want a first progress report on the order", {"progress", "report"}, {"soon"}),
])
def test_words_of_the_topic(question: str, wanted: set[str], not_wanted: set[str]) -> None:
    topic = set(read_question(question, today=TODAY).topic)
    assert wanted <= topic and not (not_wanted & topic)


def test_a_phrasal_verb_needs_its_particle() -> None:
    # "kept" before no verb in -ing is the asker's word of the topic ("records kept"), "up" alone no particle of "dig"
    assert "kept" in read_question("which records has the archive kept since 2021", today=TODAY).topic
    assert "lined" not in read_question("how much was lined up for the port", today=TODAY).topic


@pytest.mark.parametrize(("question", "intent"), [
    # a statement the White House put out is one of its sheets
    ("is there an official wh statement on why they took down the jackson magnolia", SOURCES),
    ("is there a white house statement about the new tariffs", SOURCES),
    # "how soon" asks when
    ("how soon did biden want a first progress report on his jan 2021 order letting trans ppl serve in the military",
     WHEN),
    ("how soon can states order the extra mpox doses", WHEN),
])
def test_the_intent_of_these_questions(question: str, intent: str) -> None:
    assert read_question(question, today=TODAY).intent == intent


def test_a_statement_that_is_no_sheet_is_still_asked_about() -> None:
    # the statement is the topic, not a request for sheets, when it is not asked whether there is one
    assert read_question("what did the statement on the tariffs say about canada", today=TODAY).intent != SOURCES


@pytest.mark.parametrize(("question", "kind"), [
    # a state, or a state's agency of more than three words, that contributes or puts money in: the state's own money
    ("how much is maryland itself chipping in for the baltimore frederick douglass rail tunnel", KIND_STATE_LOCAL),
    ("how much is the texas workforce commission putting up to pay for clinicals in the new nurse apprenticeship",
     KIND_STATE_LOCAL),
    # asked of Congress: a request
    ("how much extra did biden call on congress for to help youth aging out of foster care", KIND_REQUEST),
])
def test_the_kind_of_money(question: str, kind: str) -> None:
    reading = read_question(question, today=TODAY)
    assert reading.intent == FUNDING and reading.kind == kind


def test_a_change_asked_by_how_much_is_no_money_handed_out() -> None:
    reading = read_question("how much did the aca medicaid expansion cut hospitals uncompensated care costs by",
                            today=TODAY)
    assert reading.intent == FUNDING and reading.kind is None
    # "by" naming who does it is no change asked
    assert read_question("how much did hud cut homelessness grants by agency", today=TODAY).kind is not None


def test_the_infrastructure_law_by_its_short_form() -> None:
    reading = read_question("how much bil money is doe putting toward building energy codes", today=TODAY)
    assert {"bipartisan", "infrastructure", "law"} <= set(reading.expanded)


_CARE_SHEET = """---
title: "FACT SHEET: Biden-Harris Administration Highlights Progress on the President's Care Agenda"
date: '2024-04-09'
---

Today, the Administration is highlighting the progress made during the Month of Action on Care.

**Supporting family caregivers**

The ARP delivered $37 billion across all 50 states for home and community-based services. And the ARP provided $145
million to help the National Family Caregiver Support Program deliver respite care to family caregivers.

**Child care**

The Administration expanded access to affordable child care across the country.
"""


def test_what_a_law_named_by_its_short_form_provided_is_the_laws_own_money(tmp_path: Path) -> None:
    """"the ARP provided $145 million to help …": a law's own money, as "the law provides" is; asked of another topic
    without the law's name it is listed, not stated as the money announced."""
    from bot.query.answer import HEDGE_KIND

    got = ask_small_library(tmp_path, {"2024-04-09-care.md": _CARE_SHEET, **FILLER_SHEETS},
                            "how much new money did biden announce for the national family caregiver support program")
    assert got.covered and got.figures, got.reason
    assert got.figures[0].record.amount_usd == 145_000_000
    assert got.hedge == HEDGE_KIND
