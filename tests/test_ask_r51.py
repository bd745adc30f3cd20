"""Round 51: how /ask reads questions (each test fails without its change)."""

from __future__ import annotations

from bot.query.question import NONE, read_question


def test_a_persons_tastes_are_out_of_scope() -> None:
    assert read_question("whats bidens favorite ice cream flavor").intent == NONE
    assert read_question("what is trumps favourite food").intent == NONE
    assert read_question("what are the presidents favorite programs for veterans").intent != NONE
