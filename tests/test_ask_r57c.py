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
