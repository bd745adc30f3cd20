"""/ask, round 56s: the sheet and the initiative shown first, second pass (docs/ask.md, "Round 56s")."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

_ANNOUNCING_SHEET = """---
title: "FACT SHEET: Biden-Harris Administration Announces the Harbor Partnership for Coastal Prosperity"
date: '2022-06-08'
---

- **Reinvigorating Regional Institutions.** The Harbor Partnership for Coastal Prosperity will focus on regional
  institutions and on mobilizing investment in coastal towns.
- **Clean Energy Jobs.** Partners will work together on clean energy jobs.
"""

_RECAP_SHEET = """---
title: "FACT SHEET: Harbor Partnership for Coastal Prosperity Marks Its Anniversary"
date: '2024-11-04'
---

- **A Year of Work.** The Department of Commerce convened the Harbor Partnership for Coastal Prosperity in coastal
  towns this year.
- **Next Steps.** Leaders will meet again next year.
"""


def test_a_title_announcing_the_topic_goes_before_a_later_recap(tmp_path: Path) -> None:
    index = _small_library(tmp_path, {"announce.md": _ANNOUNCING_SHEET, "recap.md": _RECAP_SHEET})
    result = answer(index, read_question("when did commerce announce the harbor partnership for coastal prosperity",
                                         today=TODAY))
    assert result.covered and result.top is not None
    assert "Announces the Harbor Partnership" in result.top.document.title
