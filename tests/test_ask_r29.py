"""/ask, twenty-ninth round: general fixes (see docs/ask.md)."""

from __future__ import annotations

import pytest

from bot.query.question import FUNDING, INITIATIVES, WHEN, WHO, read_question
from tests.test_ask import TODAY


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
