"""/ask, round 54m: a money question is answered only by a figure said for its topic (docs/ask.md, "Round 54m")."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import NO_FIGURE_REASON, answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

_VISIT_SHEET = """---
title: "FACT SHEET: The United States and Vietnam Deepen Their Partnership"
date: '2023-09-10'
---

- **Expanding Commerce in the Aviation Industry.** Vietnam Airlines announced an order of 50 Boeing 737 MAX
  airplanes, supporting thousands of American jobs.
- **Education.** The two countries will expand exchanges for students and teachers.
"""

_OTHER_ORDER_SHEET = """---
title: "Joint Fact Sheet on the Meeting of the United States and Korea"
date: '2025-11-13'
---

- **Aviation.** The two leaders welcomed the order of 103 Boeing 737 MAX airplanes announced by Korean Air. The
  Boeing commitment is valued at $36 billion.
- **Shipbuilding.** Korea will invest in American shipyards.
"""


def test_a_figure_of_another_sheet_does_not_answer_what_the_sheet_on_the_topic_gives_no_amount_for(
        tmp_path: Path) -> None:
    index = _small_library(tmp_path, {"vietnam.md": _VISIT_SHEET, "korea.md": _OTHER_ORDER_SHEET})
    result = answer(index, read_question("whats the dollar value of the vietnam airlines boeing 737 max order",
                                         today=TODAY))
    assert not result.covered
    assert result.reason == NO_FIGURE_REASON
    assert result.leads and "Vietnam" in result.leads[0].document.title
    # the other sheet's figure still answers a question on its own topic
    korean = answer(index, read_question("how much is the korean air boeing order worth", today=TODAY))
    assert korean.covered and korean.figures and korean.figures[0].record.amount_usd == 36_000_000_000
