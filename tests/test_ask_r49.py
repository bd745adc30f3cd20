"""Round 49: how /ask reads questions (each test fails without its change)."""

from __future__ import annotations

from bot.query.question import KIND_FOREIGN, KIND_NEW, read_question


def test_money_pledged_at_the_g7_or_g20_is_foreign() -> None:
    assert read_question("how much extra food security aid did biden pledge at the g7 in june 2022").kind == KIND_FOREIGN
    assert read_question("how much did the us commit at the g-20 for pandemic preparedness").kind == KIND_FOREIGN


def test_aid_without_a_summit_abroad_stays_federal_money() -> None:
    assert read_question("how much extra food aid did biden announce for farmers in june 2022").kind == KIND_NEW
