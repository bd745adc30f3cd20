"""Round 53: how /ask reads questions (each test fails without its change)."""

from __future__ import annotations

from bot.query.question import read_question


def test_an_agency_the_president_tells_what_to_do_is_not_the_one_acting() -> None:
    reading = read_question("what did biden tell the park service to do about womens history")
    assert reading.agency is None
    assert "history" in reading.topic
    assert read_question("how much did biden tell the epa to spend on lead pipes").agency is None
    assert read_question("what did the park service announce about womens history").agency == "NPS"


def test_an_agencys_rules_are_the_topic_not_the_one_acting() -> None:
    reading = read_question("whats the deadline for workers to be fully vaxxed under the osha and cms rules")
    assert reading.agency is None
    assert "cms" in reading.topic
    assert read_question("which fact sheets are about trump exempting chemical makers from biden era epa rules").agency is None
    assert read_question("when did the epa issue new soot rules").agency == "EPA"
