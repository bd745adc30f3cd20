"""Round 53: how /ask reads questions (each test fails without its change)."""

from __future__ import annotations

from bot.query.question import read_question


def test_an_agency_the_president_tells_what_to_do_is_not_the_one_acting() -> None:
    reading = read_question("what did biden tell the park service to do about womens history")
    assert reading.agency is None
    assert "history" in reading.topic
    assert read_question("how much did biden tell the epa to spend on lead pipes").agency is None
    assert read_question("what did the park service announce about womens history").agency == "NPS"
