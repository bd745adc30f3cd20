"""Round 50: how /ask reads questions (each test fails without its change)."""

from __future__ import annotations

from bot.query.question import FUNDING, INITIATIVES, KIND_REQUEST, SOURCES, WHEN, WHO, read_question


def test_which_agencies_with_a_word_between_asks_who() -> None:
    assert read_question("which federal agencies signed the new tribal 477 program agreement in 2022").intent == WHO
    assert read_question("which state officials are in charge of the grants").intent == WHO
    assert read_question("which is the agency that runs it").intent != SOURCES


def test_which_tribe_asks_who() -> None:
    assert read_question("which tribe signed the first ever co-stewardship agreement with the commerce department"
                         ).intent == WHO
    assert read_question("which tribal nations got the new land back").intent == WHO
    assert read_question("which fact sheets mention tribes").intent == SOURCES


def test_what_is_the_deadline_asks_when() -> None:
    assert read_question("whats the deadline for workers to be fully vaxxed under the osha and cms rules").intent == WHEN
    assert read_question("what is the application deadline for the grants").intent == WHEN
    assert read_question("what did biden do about the deadline for student loan payments").intent == INITIATIVES


def test_the_presidents_plans_put_to_congress_are_requests() -> None:
    reading = read_question("how much was in the american jobs plan for electric school buses")
    assert reading.intent == FUNDING and reading.kind == KIND_REQUEST
    assert read_question("how much did the american families plan put toward child care").kind == KIND_REQUEST
    assert read_question("how much did the american rescue plan give schools").kind != KIND_REQUEST
    assert read_question("how much for build back better world").kind != KIND_REQUEST


def test_vaxxed_is_vaccinated() -> None:
    assert "vaccinated" in read_question("whats the deadline for workers to be fully vaxxed").expanded
    assert "vaccinated" in read_question("how many unvaxxed federal workers were fired").expanded
