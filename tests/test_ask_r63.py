"""/ask, round 63: agencies named the way chat names them, a company's name that holds a department's word, money for
a global fund, and chat words and numbers no sheet writes (docs/ask.md, "Round 63")."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.query.question import FUNDING, KIND_FOREIGN, KIND_PRIVATE, NONE, WHEN, read_question
from tests.test_ask import TODAY, ask_small_library
from tests.test_ask_r54h import FILLER_SHEETS


@pytest.mark.parametrize(("question", "agency"), [
    # an agency's own thing after "to" or "for" names the agency (the agency the money is for is still the topic)
    ("which countries chip in to usaids multi donor lgbti global human rights initiative", "USAID"),
    # a short name in capitals with its apostrophe left out
    ("how big is DOEs carbon dioxide removal purchase pilot prize", "DOE"),
    # a department by its bare word, as the one told to act
    ("by when was treasury supposed to finish its illicit finance risk assessment on defi", "Treasury"),
    ("is commerce required to report on it", "DOC"),
])
def test_an_agency_named_the_way_chat_names_it_is_read(question: str, agency: str) -> None:
    assert read_question(question, today=TODAY).agency == agency


@pytest.mark.parametrize(("question", "topic_word"), [("how much for the epa", "epa"),
                                                     ("how much is energy going to cost next winter", "energy")])
def test_an_agency_the_money_is_for_or_a_plain_word_stays_the_topic(question: str, topic_word: str) -> None:
    reading = read_question(question, today=TODAY)
    assert reading.agency is None and topic_word in reading.topic


def test_a_company_whose_name_holds_a_department_s_word_pays_private_money() -> None:
    company = read_question("how much is eos energy putting into expanding its battery manufacturing in turtle creek pa",
                            today=TODAY)
    assert company.intent == FUNDING and company.kind == KIND_PRIVATE
    assert read_question("how much did energy give for batteries", today=TODAY).kind != KIND_PRIVATE


@pytest.mark.parametrize("question", ["how much a yr is state dept putting into the global equality fund for lgbtqi "
                                      "rights", "how much did biden pledge to the global fund",
                                      "how much is the us giving for clean cookstoves around the world"])
def test_money_for_a_global_fund_or_people_worldwide_is_money_abroad(question: str) -> None:
    assert read_question(question, today=TODAY).kind == KIND_FOREIGN


def test_the_tax_a_person_would_pay_is_no_money_handed_out() -> None:
    reading = read_question("if the house gop repealed bidens aca tax credit boost how much more tax would a typical 60 "
                            "yr old making 60k have to pay", today=TODAY)
    assert reading.intent == FUNDING and reading.kind is None


@pytest.mark.parametrize(("question", "wanted", "not_wanted"), [
    ("by when was treasury supposed to finish its illicit finance risk assessment on defi", "decentralized", None),
    ("by when was treasury supposed to finish its illicit finance risk assessment on defi", "complete", None),
    ("how much wud the fy24 budget save on crypto", "cryptocurrency", None),
    ("when did community health centers start getting covid vaccine straight from the feds", "directly", None),
    ("how many native hawaiian men held the pacific islands before ww2", "war", "ww2"),
    ("which sectors already had cyber action plans before chemical was added as the 4th one", "sectors", "already"),
    ("which sectors already had cyber action plans before chemical was added as the 4th one", "chemical", "one"),
    ("how much in federal contracts is the infrastructure law steering to small businesses thru DOT", "contracts",
     "through"),
])
def test_chat_words_are_read_as_the_sheets_words(question: str, wanted: str, not_wanted: str | None) -> None:
    reading = read_question(question, today=TODAY)
    words = {*reading.topic, *reading.expanded}
    assert wanted in words and (not_wanted is None or not_wanted not in reading.topic)


def test_an_age_range_is_no_sum_to_work_out() -> None:
    reading = read_question("how many pediatrician offices were lined up to give covid shots to kids 5-11", today=TODAY)
    assert reading.intent != NONE and "pediatrician" in reading.topic
    assert read_question("what is 5-11", today=TODAY).intent == NONE


_DIGITAL_ASSETS_SHEET = """---
title: "Fact Sheet: White House Releases First-Ever Comprehensive Framework for Responsible Development of Digital
  Assets"
date: '2022-09-16'
---

Today, the White House is releasing the first-ever comprehensive framework for responsible development of digital
assets.

**Fighting Illicit Finance**

Treasury will complete an illicit finance risk assessment on decentralized finance by the end of February 2023 and an
assessment on non-fungible tokens by July 2023.

**Protecting Consumers**

The Consumer Financial Protection Bureau will monitor consumer complaints about digital asset products.
"""


def test_a_deadline_asked_in_chat_words_is_found(tmp_path: Path) -> None:
    """"finish" and "defi" are not the sheet's words ("complete", "decentralized finance"); read as them, the
    passage that gives the deadline answers, and the department told to act is read as the agency."""
    got = ask_small_library(tmp_path, {"2022-09-16-digital-assets.md": _DIGITAL_ASSETS_SHEET, **FILLER_SHEETS},
                            "by when was treasury supposed to finish its illicit finance risk assessment on defi")
    assert got.reading.intent == WHEN and got.reading.agency == "Treasury"
    assert got.covered, got.reason
    assert "by the end of February 2023" in got.passage


@pytest.mark.parametrize(("question", "wanted"), [
    ("what did scotus say about student debt relief", {"supreme", "court"}),
    ("how much mil aid is going to taiwan", {"military"}),
    ("how much are rx drug prices dropping", {"prescription"}),
    ("how much did the exec order on ai cost", {"executive"}),
    ("how much gov funding went to ag exports", {"agricultural"}),  # (and "government" is no topic word)
    ("how much for the hwy 101 bridge", {"highway"}),
])
def test_a_chat_short_form_is_read_as_the_sheets_word(question: str, wanted: set[str]) -> None:
    topic = set(read_question(question, today=TODAY).topic)
    assert wanted <= topic and not topic & {"scotus", "mil", "rx", "exec", "gov", "ag", "hwy"}


@pytest.mark.parametrize(("question", "kept"), [
    ("how many h-1b visas were approved", "1b"),
    ("what did bucks county get for its roads", "bucks"),
    ("what weed killer did the epa ban", "weed"),
    ("what did gov newsom sign", "newsom"),
])
def test_a_word_that_only_looks_like_a_short_form_is_kept(question: str, kept: str) -> None:
    reading = read_question(question, today=TODAY)
    assert kept in " ".join(reading.topic) and not {"military", "billion", "dollars", "marijuana"} & set(reading.topic)


def test_a_million_said_in_chat_is_no_military() -> None:
    reading = read_question("how much did they give, like 50 mil for rural hospitals", today=TODAY)
    assert "military" not in reading.topic and reading.intent == FUNDING
