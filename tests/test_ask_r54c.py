"""Round 54c: covered questions said not covered, and top answers from the wrong sheet (each test fails without its
change)."""

from __future__ import annotations

from bot.query.question import read_question


def test_thru_is_through() -> None:
    reading = read_question("how much has treasury put into latino owned banks thru the emergency capital investment "
                            "program")
    assert "thru" not in reading.topic
    assert "through" in reading.topic
    assert "thru" not in read_question("what happened with the bridge thru the park").topic


def test_a_country_that_buys_goods_imports_them() -> None:
    reading = read_question("what did trump do in march 2025 about countries that buy venezuelan oil")
    assert {"import", "importing"} <= set(reading.expanded)
    assert "importing" in read_question("which nations are buying russian gas").expanded
    assert "importing" not in read_question("how much oil is the government buying for the strategic petroleum "
                                            "reserve").expanded
