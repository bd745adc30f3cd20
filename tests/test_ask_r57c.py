"""/ask, round 57c: coverage decisions (docs/ask.md, "Round 57c")."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import NO_COUNT_REASON, answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

_HIRING_SHEET = """---
title: "Fact Sheet: President Donald J. Trump Ensures Accountability in Federal Hiring"
date: '2025-10-15'
---

**ACCOUNTABLE HIRING:** Today, President Donald J. Trump signed an Executive Order on Federal hiring.

- The Order directs each agency to establish a Strategic Hiring Committee, consisting of senior agency leadership, to
  approve all hiring decisions.
- The Order also requires each agency to create an Annual Staffing Plan.
"""

_BOARD_SHEET = """---
title: "Fact Sheet: President Donald J. Trump Creates the Hiring Review Board"
date: '2025-11-03'
---

- The Order creates a Hiring Review Board of nine members drawn from senior agency leadership.
"""


def test_a_question_after_a_count_that_no_passage_numbers_is_not_answered(tmp_path: Path) -> None:
    index = _small_library(tmp_path, {"hiring.md": _HIRING_SHEET, "board.md": _BOARD_SHEET})
    # the sheet holds the committee but never says how many sit on it: the reply says the library does not say
    got = answer(index, read_question("how many are on each strategic hiring committee", today=TODAY))
    assert not got.covered and got.reason == NO_COUNT_REASON
    assert got.leads and "Strategic Hiring Committee" in got.leads[0].initiative.text
    # asked what it is, the same sheet answers
    what = answer(index, read_question("what is the strategic hiring committee", today=TODAY))
    assert what.covered
    # a count the sheet says ("nine members") is answered
    board = answer(index, read_question("how many members are on the hiring review board", today=TODAY))
    assert board.covered and "nine members" in board.passage


def _common_words_sheet() -> str:
    """A sheet whose many initiatives say "tariff" and "aluminum" apart, never together: both are common words."""
    lines = ["---", 'title: "Fact Sheet: Trade Statistics for the Year"', "date: '2024-03-01'", "---", ""]
    for n in range(45):
        lines.append(f"- **Schedule {n}.** The tariff schedule for product line {n} was reviewed by the staff.")
        lines.append(f"- **Plant {n}.** Aluminum smelters in region {n} reported steady output to the survey.")
    return "\n".join(lines) + "\n"


_RESTORES_SHEET = """---
title: "Fact Sheet: President Donald J. Trump Restores Section 232 Protections"
date: '2025-02-11'
---

- President Trump is reinstating the full 25% rate on steel imports and increasing tariffs on aluminum imports to 25%.
"""


def test_a_compound_of_common_words_is_found_turned_round_as_the_sheets_say_it(tmp_path: Path) -> None:
    index = _small_library(tmp_path, {"stats.md": _common_words_sheet(), "restores.md": _RESTORES_SHEET})
    got = answer(index, read_question("what did trump do to the aluminum tariff", today=TODAY))
    assert got.covered and got.top is not None
    assert "Restores Section 232" in got.top.document.title
    # the two words apart, in any order, are still not the compound asked about
    assert all("Trade Statistics" not in c.document.title for c in got.candidates if c.coverage >= 0.74)


def test_a_money_question_keeps_its_compound_as_asked(tmp_path: Path) -> None:
    # turned round, a compound made rival figures close in generated money questions: it holds only for the others
    from bot.query.answer import _query

    index = _small_library(tmp_path, {"stats.md": _common_words_sheet(), "restores.md": _RESTORES_SHEET})
    fields = index.columns.fields
    assert _query(fields, read_question("what did trump do to the aluminum tariff", today=TODAY)).turned
    assert not _query(fields, read_question("how much did the aluminum tariff raise", today=TODAY)).turned
