"""/ask, twenty-seventh round: general fixes (see docs/ask.md)."""

from __future__ import annotations

import pytest

from bot.query.question import NONE, read_question
from tests.test_ask import TODAY


@pytest.mark.parametrize("text", [
    "how do i get grass stains out of my jeans",
    "what should i wear to my cousin's wedding",
    "how can i stop my neighbour's leaf blower waking me up",
    "how should i arrange the furniture in my living room",
])
def test_a_first_person_how_to_about_the_askers_own_life_is_out_of_scope(text: str) -> None:
    assert read_question(text, today=TODAY).intent == NONE


@pytest.mark.parametrize("text", [
    "how do i apply for the new student loan repayment plan",
    "how can i get the tax credit for a heat pump",
    "what should i know about the new medicare drug price rule",
    "how do i sign up for cheaper internet",
])
def test_a_first_person_how_to_about_policy_is_still_a_question_about_the_sheets(text: str) -> None:
    assert read_question(text, today=TODAY).intent != NONE
