"""Round 48: how /ask reads questions (each test fails without its change)."""

from __future__ import annotations

from bot.query.question import SOURCES, read_question


def test_a_white_house_list_asked_for_is_a_sheet() -> None:
    reading = read_question("is there a white house list of usaid grants they called waste, like the dei musical in ireland")
    assert reading.intent == SOURCES
    assert reading.agency == "USAID"
    assert read_question("is there an official list of the projects that got money").intent == SOURCES


def test_a_list_of_things_not_said_to_be_put_out_is_not_a_sheet() -> None:
    assert read_question("is there a list of grants for rural hospitals").intent != SOURCES


def test_agencies_given_as_examples_are_not_who_acted() -> None:
    reading = read_question("what did trump do to make agencies like the ftc and sec answer to the white house")
    assert reading.agency is None
    assert "ftc" in reading.topic
    assert read_question("how much did agencies such as fema spend on the fires").agency is None
    assert read_question("what did the fda do about vaping").agency == "FDA"
