"""Round 52: how /ask reads questions (each test fails without its change)."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import answer
from bot.query.question import FUNDING, NONE, read_question
from tests.test_ask import TODAY, _small_library

CLEMENCY_SHEET = """---
title: "FACT SHEET: President Biden Announces Clemency for Nearly 1,500 Americans"
date: '2024-12-12'
---

- **Commutations.** The President is commuting the sentences of nearly 1,500 people who were placed on home
  confinement during the COVID pandemic and successfully reintegrated into their communities.
- **Pardons.** He is also pardoning 39 people convicted of non-violent crimes.
"""

DEATH_ROW_SHEET = """---
title: "FACT SHEET: President Biden Commutes Sentences on Federal Death Row"
date: '2024-12-23'
---

- **Commutations.** The President is commuting the sentences of 37 people on federal death row to life
  imprisonment without parole, during the COVID years' review of federal sentencing.
"""


def test_a_count_typed_without_its_separator_finds_the_sheet_that_writes_one(tmp_path: Path) -> None:
    index = _small_library(tmp_path, {"2024-12-12-clemency.md": CLEMENCY_SHEET, "2024-12-23-death-row.md": DEATH_ROW_SHEET})
    result = answer(index, read_question("when did biden commute the sentences of the 1500 people", today=TODAY))
    assert result.covered, result.reason
    assert result.top_document is not None and "Clemency" in result.top_document.title


def test_a_thousands_separator_is_no_break_in_a_number() -> None:
    from bot.query.text import tokenize

    assert tokenize("nearly 1,500 Americans; 12,000,000 jobs") == ["nearly", "1500", "americans", "12000000", "jobs"]
    assert tokenize("in 2023, 2024") == ["in", "2023", "2024"]


def test_a_class_of_ships_named_after_a_state_is_no_state() -> None:
    reading = read_question("how much is australia paying the us for the virginia class subs under aukus")
    assert reading.intent == FUNDING and reading.state is None
    assert read_question("how much did virginia get for broadband").state == "Virginia"


def test_the_best_way_to_do_a_chore_is_not_a_question_about_the_sheets() -> None:
    assert read_question("whats the best way to get rid of a wasp nest near my porch").intent == NONE
    assert read_question("what is the best way to apply for the child tax credit").intent != NONE


def test_subs_of_the_navy_are_submarines() -> None:
    assert "submarines" in read_question("where will the us and uk base their rotating subs in australia under aukus").expanded
    assert "submarines" in read_question("how much for new attack subs").expanded
    assert "submarines" not in read_question("how much for substitute teachers subs in schools").expanded
