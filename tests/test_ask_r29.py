"""/ask, twenty-ninth round: general fixes (see docs/ask.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.query.question import FUNDING, INITIATIVES, NONE, WHEN, WHO, read_question
from tests.test_ask import TODAY, _small_library


@pytest.mark.parametrize(("text", "intent"), [
    ("hey, who chairs the new task force to eliminate fraud", WHO),
    ("can you tell me who chairs the national energy dominance council", WHO),
    ("do you know who is drawing up the plan for a sovereign wealth fund", WHO),
    ("ok so who runs the all inside push on homelessness", WHO),
    ("quick question: when was the ev charging action plan released?", WHEN),
    ("I was wondering when the SAVE plan launched", WHEN),
    ("any idea how much went to pay raises for wildland firefighters", FUNDING),
    ("remind me, who picked the drugs for medicare price negotiation", WHO),
    ("Hello! who inspects roller coasters at amusement parks", WHO),
])
def test_a_lead_in_before_the_question_is_not_read(text: str, intent: str) -> None:
    reading = read_question(text, today=TODAY)
    assert reading.intent == intent
    lead_in_words = {"hey", "ok", "so", "quick", "question", "wondering", "idea", "remind", "hello", "tell", "know"}
    assert not lead_in_words & set(reading.topic)


@pytest.mark.parametrize(("text", "topic"), [
    ("well water funding", "well"),
    ("so-called junk fees", "junk"),
    ("hello", "hello"),
])
def test_words_that_only_look_like_a_lead_in_stay(text: str, topic: str) -> None:
    assert topic in read_question(text, today=TODAY).topic


def test_a_lead_in_keeps_the_question_s_filters_and_topic() -> None:
    plain = read_question("how much did DOE give battery makers in october 2022", today=TODAY)
    led = read_question("can you tell me how much DOE gave battery makers in october 2022?", today=TODAY)
    assert (led.intent, led.agency, led.date_from, led.kind) == (plain.intent, plain.agency, plain.date_from,
                                                                  plain.kind)
    assert set(led.topic) == set(plain.topic)


@pytest.mark.parametrize("text", [
    "what year was the save plan launched",
    "In what year did biden sign the chips act",
    "what month did trump end the sanctions program on syria",
    "EV charging action plan release date?",
])
def test_what_year_or_month_asks_when(text: str) -> None:
    reading = read_question(text, today=TODAY)
    assert reading.intent == WHEN
    assert "year" not in reading.topic and "month" not in reading.topic


@pytest.mark.parametrize(("text", "word"), [
    ("whats the price tag on lead pipe replacement", "lead"),
    ("what's the price tag for the border wall", "border"),
    ("what did they spend on wildland firefighter pay", "wildland"),
    ("what has the us invested in chip plants", "chip"),
    ("what's the us pledge for the african mpox outbreak", "mpox"),
    ("what is the federal investment in sila nanotechnologies", "sila"),
])
def test_money_asked_in_other_shapes(text: str, word: str) -> None:
    reading = read_question(text, today=TODAY)
    assert reading.intent == FUNDING
    assert word in reading.topic
    assert "price" not in reading.topic and "tag" not in reading.topic


@pytest.mark.parametrize("text", [
    "what are biden's rules on americans investing in chinese chip, quantum and ai companies",
    "what is the investment accelerator",
])
def test_investing_named_as_a_subject_is_not_a_money_question(text: str) -> None:
    assert read_question(text, today=TODAY).intent == INITIATIVES


@pytest.mark.parametrize(("text", "start", "end"), [
    ("how much did EPA announce for clean ports in 10/2024", dt.date(2024, 10, 1), dt.date(2024, 10, 31)),
    ("what did biden announce on heat waves in 7/2023", dt.date(2023, 7, 1), dt.date(2023, 7, 31)),
    ("how big was the weapons package for ukraine announced on 3/16/2022", dt.date(2022, 3, 16),
     dt.date(2022, 3, 16)),
    ("how much did the us give ukraine on 3/16/22", dt.date(2022, 3, 16), dt.date(2022, 3, 16)),
    ("what happened on 2022-03-16 with ukraine aid", dt.date(2022, 3, 16), dt.date(2022, 3, 16)),
])
def test_a_date_written_in_figures_is_a_date_not_a_sum(text: str, start: dt.date, end: dt.date) -> None:
    reading = read_question(text, today=TODAY)
    assert reading.intent != NONE
    assert (reading.date_from, reading.date_to) == (start, end)
    assert not {"2024", "2023", "2022", "10", "7"} & set(reading.topic)


@pytest.mark.parametrize("text", ["what is 10/5", "what is 144/12", "how much is 3/4 of 2 billion"])
def test_a_sum_is_still_a_sum(text: str) -> None:
    assert read_question(text, today=TODAY).intent == NONE


@pytest.mark.parametrize(("short", "long"), [
    ("how big is the grant fund the biden admin wants to get towns building more housing",
     "how big is the grant fund the biden administration wants to get towns building more housing"),
    ("how much is potus putting toward psychedelic research for serious mental illness",
     "how much is the president putting toward psychedelic research for serious mental illness"),
    ("how much is the state dept giving tuvalu to build up its coastline",
     "how much is the state department giving tuvalu to build up its coastline"),
    ("which dept gets the defense production act powers over elemental phosphorus",
     "which department gets the defense production act powers over elemental phosphorus"),
    ("how much in trade & investment deals did biden announce at the africa business forum",
     "how much in trade and investment deals did biden announce at the africa business forum"),
    ("what has the govt done about junk fees", "what has the government done about junk fees"),
    ("how much did dept of energy commit to new transmission lines",
     "how much did the department of energy commit to new transmission lines"),
])
def test_short_forms_read_as_the_words_they_stand_for(short: str, long: str) -> None:
    a, b = read_question(short, today=TODAY), read_question(long, today=TODAY)
    assert (a.intent, a.topic, a.agency, a.kind) == (b.intent, b.topic, b.agency, b.kind)


@pytest.mark.parametrize("text", [
    "What State Is The Lumbee Tribe From",
    "Which State Did Harris Visit To Announce Cheaper Mortgage Insurance For Homebuyers",
])
def test_a_title_cased_question_names_no_agency_by_its_capitals(text: str) -> None:
    reading = read_question(text, today=TODAY)
    assert reading.agency is None
    assert reading.intent == read_question(text.lower(), today=TODAY).intent


def test_an_agency_named_in_a_title_cased_question_is_still_read() -> None:
    assert read_question("How Much Did The State Department Give Tuvalu", today=TODAY).agency == "State"
    assert read_question("What Did The VA Announce For Burn Pits", today=TODAY).agency == "VA"


BIDEN_ORDER_SHEET = """---
title: "FACT SHEET: President Biden Signs an Order on Clean Water"
date: '2024-06-01'
---

- **Permits.** The order speeds wetland permits for water projects.
"""

TRUMP_REVOKES_SHEET = """---
title: "FACT SHEET: President Donald J. Trump Ends an Order on Clean Water"
date: '2019-03-01'
---

- **Permits.** Today's memorandum ends the order on wetland permits.
"""


@pytest.mark.parametrize("text", ["did trump cancel biden's order on wetland permits",
                                  "did trump scrap bidens wetland permits order"])
def test_the_speaker_who_acted_not_the_one_whose_order_it_was(tmp_path: Path, text: str) -> None:
    from bot.query.answer import answer

    reading = read_question(text, today=TODAY)
    assert reading.speakers == ("trump",)
    # the two sheets hold the topic alike, and the newer one would come first: who acted decides
    index = _small_library(tmp_path, {"2024-06-01-wetlands.md": BIDEN_ORDER_SHEET,
                                      "2019-03-01-wetlands.md": TRUMP_REVOKES_SHEET})
    result = answer(index, reading)
    assert result.top_document is not None and "Trump" in result.top_document.title


def test_two_speakers_who_acted_together_are_both_kept() -> None:
    assert read_question("how much did biden and harris announce for broadband",
                         today=TODAY).speakers == ("biden", "harris")


@pytest.mark.parametrize(("text", "start"), [
    ("how much did EPA announce for clean ports in october of 2024", dt.date(2024, 10, 1)),
    ("what did the white house announce on ransomware in oct '21", dt.date(2021, 10, 1)),
    ("what did biden announce on heat waves in july ’23", dt.date(2023, 7, 1)),
    ("what happened in sept. of 2024 on tariffs", dt.date(2024, 9, 1)),
])
def test_a_month_of_a_year_said_with_of_or_two_figures(text: str, start: dt.date) -> None:
    reading = read_question(text, today=TODAY)
    assert reading.date_from == start and reading.year is None
    assert not {"october", "oct", "july", "sept"} & set(reading.topic)


def test_a_fiscal_year_written_with_a_hyphen() -> None:
    reading = read_question("how much for fusion energy in the fy-25 budget", today=TODAY)
    assert reading.year == 2025 and reading.fiscal
    assert "fy" not in reading.topic


@pytest.mark.parametrize(("text", "state"), [
    ("how much is intel putting into its chip factory in OH", "Ohio"),
    ("how much BEAD money is OH getting", "Ohio"),
    ("how much emergency relief money did MD get after the bridge collapsed", "Maryland"),
    ("what town in TX is the new chip fab being built in", "Texas"),
    ("how much is EDA spending on job training in pr", "Puerto Rico"),
    ("how much did hbcus in N.C. get", "North Carolina"),
    ("how much for colorado river conservation deals in az", "Arizona"),
])
def test_a_state_by_its_postal_code(text: str, state: str) -> None:
    reading = read_question(text, today=TODAY)
    assert reading.state == state
    assert state.lower().split()[0] not in reading.topic


@pytest.mark.parametrize("text", [
    "how much did the VA get for burn pit claims",
    "what did biden do about the wildfires in LA",
    "how much money is going in or out of the fund",
    "can you get help in me or my family's name",
])
def test_a_code_that_is_also_a_word_or_an_agency_is_no_state(text: str) -> None:
    assert read_question(text, today=TODAY).state is None
