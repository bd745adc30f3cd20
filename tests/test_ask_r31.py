"""/ask, thirty-first round: how people wrap and write a question (see docs/ask.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.query.question import FUNDING, NONE, WHEN, WHERE, WHO, read_question
from tests.test_ask import TODAY

PLAIN = "how much CHIPS act money is intel getting?"


@pytest.mark.parametrize("text", [
    "Hi there! how much CHIPS act money is intel getting?",
    "hi there how much CHIPS act money is intel getting",
    "Question for you. how much CHIPS act money is intel getting?",
    "hey, quick question: how much CHIPS act money is intel getting",
    "how much CHIPS act money is intel getting? thanks!",
    "how much CHIPS act money is intel getting, thank you so much",
    "how much CHIPS act money is intel getting? I'm curious.",
    "Good morning! how much CHIPS act money is intel getting? Thanks in advance :)",
])
def test_greetings_thanks_and_asides_around_the_question_are_not_read(text: str) -> None:
    """A greeting, a thank-you or an aside before or after the question changes nothing: same intent, same topic
    (no "thanks", "curious" or "question" for the sheets to hold), same kind."""
    plain = read_question(PLAIN, today=TODAY)
    wrapped = read_question(text, today=TODAY)
    assert (wrapped.intent, wrapped.kind) == (plain.intent, plain.kind) == (FUNDING, plain.kind)
    assert set(wrapped.topic) == set(plain.topic)


def test_a_greeting_before_a_question_without_a_question_word_is_not_read() -> None:
    reading = read_question("hey, quick question: fema bric funding fy2022", today=TODAY)
    assert (reading.intent, reading.agency, reading.year) == (FUNDING, "FEMA", 2022)
    assert "hey" not in reading.topic and "question" not in reading.topic


@pytest.mark.parametrize(("text", "intent"), [
    ("hello", NONE),
    ("hi there, what's the weather like", NONE),
    ("hi there! who chairs the national energy dominance council", WHO),
])
def test_a_greeting_alone_or_before_small_talk_is_still_small_talk(text: str, intent: str) -> None:
    assert read_question(text, today=TODAY).intent == intent


def test_words_of_the_topic_between_marks_are_kept() -> None:
    """Only pieces made of courtesy words go: "U.S." or a topic before a comma stay."""
    reading = read_question("U.S. port funding, how much in 2024?", today=TODAY)
    assert "port" in reading.topic


@pytest.mark.parametrize(("text", "intent"), [
    ("show me who chairs the national energy dominance council", WHO),
    ("can you find who inspects roller coasters at amusement parks", WHO),
    ("could you find out when the SAVE plan launched", WHEN),
    ("help me find how much went to pay raises for wildland firefighters", FUNDING),
    ("let me know who runs the all inside push on homelessness", WHO),
    ("look up which agency runs the BEAD program", WHO),
])
def test_a_request_to_look_it_up_before_the_question_is_not_read(text: str, intent: str) -> None:
    reading = read_question(text, today=TODAY)
    assert reading.intent == intent
    assert not {"show", "find", "look", "help", "let", "know"} & set(reading.topic)


@pytest.mark.parametrize("text", [
    "list the states that are getting the high-speed rail grants",
    "name the cities that joined the coalition on greener building rules",
    "show me the states getting high-speed rail grants",
])
def test_list_the_states_asks_where(text: str) -> None:
    assert read_question(text, today=TODAY).intent == WHERE


@pytest.mark.parametrize(("text", "state"), [
    ("how much is microsoft investing in racine WI", "Wisconsin"),
    ("how much is globalwafers investing in its TX wafer plant", "Texas"),
    ("how much emergency relief money did marlyand get", "Maryland"),
    ("how much port electrification money did haawii get", "Hawaii"),
    ("how much is microsoft investing in racine wisocnsin", "Wisconsin"),
])
def test_a_state_by_its_code_in_capitals_or_with_one_slip_is_the_state(text: str, state: str) -> None:
    reading = read_question(text, today=TODAY)
    assert reading.state == state
    assert not {"wi", "tx", "marlyand", "haawii", "wisocnsin"} & set(reading.topic)


@pytest.mark.parametrize("text", [
    "how much for indian tribes",            # not Indiana
    "how much for alaskan native villages",  # an adjective, not a slip
    "what did the AI order say about CT scans",
    "HOW MUCH DID THE NIH SPEND ON CANCER",  # typed in capitals: no code is read from them
])
def test_words_near_a_state_s_name_or_code_are_not_the_state(text: str) -> None:
    assert read_question(text, today=TODAY).state is None


@pytest.mark.parametrize("text", [
    "which agency is handing out the 3 bn to get rid of toxic pipes",
    "which agency is handing out the 3bn to get rid of toxic pipes",
    "which agency is handing out the three billion dollars to get rid of toxic pipes",
    "which agency is handing out the 3 billion dollars to get rid of toxic pipes",
])
def test_money_written_without_its_dollar_sign_is_read_as_the_sum(text: str) -> None:
    plain = read_question("which agency is handing out the $3 billion to get rid of toxic pipes", today=TODAY)
    reading = read_question(text, today=TODAY)
    assert (reading.intent, reading.amounts) == (plain.intent, plain.amounts) == (WHO, (3e9,))
    assert set(reading.topic) == set(plain.topic)


def test_a_count_in_millions_is_no_sum() -> None:
    assert read_question("how many of the 1 million homes got heat pumps", today=TODAY).amounts == ()


@pytest.mark.parametrize(("text", "year", "fiscal"), [
    ("how much for the PACT act toxic exposures fund in the '24 budget", 2024, True),
    ("what did biden say about the SAVE plan in '21", 2021, False),
    ("when did trump declare the national emergency at the southern border in ’25", 2025, False),
])
def test_a_year_s_last_two_figures_are_the_year(text: str, year: int, fiscal: bool) -> None:
    reading = read_question(text, today=TODAY)
    assert (reading.year, reading.fiscal) == (year, fiscal)
    assert not any(w.isdigit() for w in reading.topic)


def test_a_season_with_a_year_s_last_two_figures_is_that_season() -> None:
    reading = read_question("what did the administration do on suicide prevention in fall '22", today=TODAY)
    assert (reading.date_from, reading.date_to) == (dt.date(2022, 9, 1), dt.date(2022, 11, 30))


@pytest.mark.parametrize(("text", "plain"), [
    ("could you check fema bric funding fy2022", "fema bric funding fy2022"),
    ("can you look up budget request for immigration courts fy2024", "budget request for immigration courts fy2024"),
    ("any idea on port money for offshore wind from MARAD", "port money for offshore wind from MARAD"),
    ("how much CHIPS act money is intel getting?? asking for a friend", "how much CHIPS act money is intel getting"),
])
def test_a_request_before_a_question_in_few_words_is_not_read(text: str, plain: str) -> None:
    asked, bare = read_question(text, today=TODAY), read_question(plain, today=TODAY)
    assert (asked.intent, asked.agency, asked.year, asked.kind) == (bare.intent, bare.agency, bare.year, bare.kind)
    assert set(asked.topic) == set(bare.topic)


def test_a_request_for_fact_sheets_still_asks_for_sources() -> None:
    assert read_question("can you find fact sheets on hurricane helene", today=TODAY).intent == "sources"
