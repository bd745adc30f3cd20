"""/ask, round 67: more of chat's words, a state written as its code after a city, a size or a count asked with "how
much", a cut asked "how much", what a place is getting from grants, ASPR, and everyday names the sheets spell out
(docs/ask.md, "Round 67")."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.query.question import (
    FUNDING,
    INITIATIVES,
    SOURCES,
    WHO,
    read_question,
)
from tests.test_ask import TODAY, ask_small_library
from tests.test_ask_r54h import FILLER_SHEETS


@pytest.mark.parametrize(("question", "wanted", "not_wanted"), [
    # chat's verbs and nouns are said by the words the sheets write
    ("besides yanking his clearance what else does the miles taylor memo do", {"revoke", "clearance"},
     {"yanking", "besides", "else"}),
    ("does the order dig into what he did as a govt employee", {"review", "employee"}, {"dig", "govt"}),
    ("how much is dfc putting into the fund to regrow degraded land", {"restore", "degraded"}, {"regrow"}),
    ("how much money went to the ombudsman programs that stick up for residents", {"advocate", "ombudsman"},
     {"stick"}),
    ("which officials are supposed to hammer out chip import deals", {"negotiate"}, {"hammer"}),
    ("how much for helping students make the jump from school to work", {"transition"}, {"jump"}),
    ("how much is indiana spending on bodycams for state police", {"body", "cameras"}, {"bodycams"}),
    ("how much did microsoft say itd give state n local govts", {"microsoft", "governments"}, {"itd", "govts"}),
    ("show me the fact sheet with the 2 yr anniversary roundup of the infrastructure law", {"anniversary"},
     {"roundup"}),
    ("how much is set aside for grandparents raising their grandkids", {"grandchildren"}, {"grandkids"}),
])
def test_words_of_the_topic(question: str, wanted: set[str], not_wanted: set[str]) -> None:
    topic = set(read_question(question, today=TODAY).topic)
    assert wanted <= topic and not (not_wanted & topic)


def test_chopping_block_is_no_cut() -> None:
    # "on the chopping block" is the sheets' own phrase (7 sheets write it): it stays as typed
    assert "cut" not in read_question("which programs are on the chopping block", today=TODAY).topic


@pytest.mark.parametrize(("question", "intent"), [
    # a size or a count asked with "how much" / "how big" is no money
    ("how big is the emmett till monument, like how many acres", INITIATIVES),
    ("by how much did the number of ppl living on jobless checks drop", INITIATIVES),
    # what a place is getting from grants is the money it gets
    ("whats goldsboro north carolina getting from femas bric resilience grants for flood drainage", FUNDING),
    # "sums up" is how the asker says a sheet covers it
    ("which fact sheet sums up the national security strategy released in oct 2022", SOURCES),
    ("which officials r supposed to hammer out chip import deals w other countries", WHO),
])
def test_the_intent_of_these_questions(question: str, intent: str) -> None:
    assert read_question(question, today=TODAY).intent == intent


def test_a_size_with_money_named_is_still_money() -> None:
    reading = read_question("how much money per acre did usda pay for the conservation easements", today=TODAY)
    assert reading.intent == FUNDING


def test_a_cut_asked_how_much_is_no_money_handed_out() -> None:
    reading = read_question("the house gop approps bill in nov 2023 wanted to chop how much from amtrak??", today=TODAY)
    assert reading.intent == FUNDING and reading.kind is None
    assert "cut" in reading.topic and "amtrak" in reading.topic


def test_aspr_is_an_agency() -> None:
    assert read_question("how many meds are on the essential medicines list aspr is redoing",
                         today=TODAY).agency == "ASPR"


@pytest.mark.parametrize(("question", "added"), [
    ("how much rescue plan money is indiana spending on body cameras for state troopers", {"police"}),
    ("how much went to ombudsman programs in nursing homes", {"long-term", "care", "facilities"}),
    ("how much is ed putting into helping disabled students find jobs", {"disabilities"}),
    ("how much of its arp school money did nyc put into community schools", {"new", "york", "city"}),
    ("what did the us launch to stop surveillance tech being sold to dictators", {"authoritarian"}),
])
def test_everyday_names_add_the_sheets_words(question: str, added: set[str]) -> None:
    assert added <= set(read_question(question, today=TODAY).expanded)


_WEATHER_SHEET = """---
title: "FACT SHEET: President Biden Announces New Actions to Protect Workers and Communities from Extreme Weather"
date: '2024-07-02'
---

Today, the Administration is announcing new actions to protect communities from extreme weather.

**Building resilient infrastructure**

Projects include $6 million to Goldsboro, NC, for an improved flood drainage channel and $724,000 to build shaded
bus stops in Washington, D.C.
"""


def test_a_state_written_as_its_code_after_a_city_is_found(tmp_path: Path) -> None:
    """"Goldsboro, NC": the state's code after its city names the state. Before, the code was looked for only after a
    character that is no letter, which a city's name never ends in, so the answer said nothing named the state."""
    got = ask_small_library(tmp_path, {"2024-07-02-weather.md": _WEATHER_SHEET, **FILLER_SHEETS},
                            "how much is goldsboro north carolina getting for flood drainage")
    assert got.covered, got.reason
    assert got.figures and got.figures[0].record.amount_usd == 6_000_000


def test_money_for_acres_is_still_money() -> None:
    # "how much for restoring acres of the estuary" asks what the restoration gets, not how big it is
    assert read_question("how much for hudson raritan estuary restore acres", today=TODAY).intent == FUNDING
