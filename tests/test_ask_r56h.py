"""/ask, round 56h: figure hedges on money questions (docs/ask.md, "Round 56h")."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

_HBCU_SHEET = """---
title: "FACT SHEET: The Administration Supports Historically Black Colleges and Universities"
date: '2020-09-22'
---

- **Permanent Funding.** Last year the President signed the FUTURE Act into law, securing $255 million in permanent
  annual funding for HBCUs.
- **Partnerships.** Agencies will expand partnerships with HBCUs on research.
"""

# Money announced in a paragraph that mentions the topic, said for something else in its own sentence.
_NEARBY_SHEET = """---
title: "FACT SHEET: New Steps for Rural Communities"
date: '2020-10-05'
---

- **Community Partners.** Agencies will keep working with HBCUs on their permanent yearly funding. Separately, the
  Department of Energy is announcing $40 million in new grants for solar panels on rural libraries.
"""


def test_earlier_money_is_stated_beside_announced_money_only_its_paragraph_puts_near_the_topic(tmp_path: Path) -> None:
    question = "how much permanent yearly funding for hbcus did the president lock in"
    got = answer(_small_library(tmp_path, {"hbcu.md": _HBCU_SHEET, "nearby.md": _NEARBY_SHEET}),
                 read_question(question, today=TODAY))
    assert got.figures and got.figures[0].record.amount_usd == 255_000_000
    assert any(f.record.amount_usd == 40_000_000 for f in got.figures)
    assert got.figure_sure and not got.hedge
