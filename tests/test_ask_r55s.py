"""/ask, round 55s: the sheet and the passage shown first (docs/ask.md, "Round 55s")."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

_STATE_LAWS_SHEET = """---
title: "Fact Sheet: President Donald J. Trump Protects American Energy from State Overreach"
date: '2025-04-08'
---

Today, President Donald J. Trump signed an Executive Order aimed at securing America's energy dominance by removing
unlawful and burdensome state-level impediments to domestic energy production.

- **Confronting Extortion.** States like New York and Vermont have imposed retroactive climate change extortion laws on
  energy producers for their alleged past emissions.
- **Directing the Attorney General.** The Order directs the Attorney General to identify and take action against state
  policies that burden domestic energy resources.
"""

_OTHER_SHEET = """---
title: "FACT SHEET: United States Bans Imports of Russian Oil"
date: '2022-03-08'
---

- **Energy Security.** U.S. oil and gas production is approaching record highs, and the ban cuts off Russian imports.
- **Prices.** The way to avoid high gas prices is to invest in clean energy.
"""


class _Picks:
    """A second reader whose best initiative for every question is one given initiative, close in meaning."""

    def __init__(self, initiative_id: int, sheet_id: int) -> None:
        self.pick = (initiative_id, sheet_id, 0.9)

    def best_initiative(self, question: str) -> tuple[int, int, float]:
        return self.pick


def test_a_sheet_found_by_the_sentence_model_shows_the_act_its_lead_reports(tmp_path: Path) -> None:
    index = _small_library(tmp_path, {"state.md": _STATE_LAWS_SHEET, "russia.md": _OTHER_SHEET})
    sheet = next(d for d in index.documents if "State Overreach" in d.title)
    extortion = next(i for i in index.initiatives if i.document_id == sheet.id and "extortion" in i.text)
    result = answer(index, read_question("is trump going after state climate laws that hurt oil and gas producers",
                                         today=TODAY), second_reader=_Picks(extortion.id, sheet.id))
    assert result.covered and result.second_reader
    assert result.top is not None and result.top.document.id == sheet.id
    assert "signed an Executive Order aimed at securing America's energy dominance" in result.passage


_OIL_REVENUE_SHEET = """---
title: "Fact Sheet: President Donald J. Trump Safeguards Venezuelan Oil Revenue"
date: '2026-01-09'
---

Today, President Donald J. Trump signed an Executive Order declaring a national emergency to safeguard Venezuelan oil
revenue held in U.S. Treasury accounts from attachment or judicial process. The Order blocks any lien against the funds.

- **Promoting Stability in the Region.** By safeguarding these oil revenues, President Trump is promoting stability in Venezuela.
- **Protecting Sovereign Property.** The funds are held solely for sovereign purposes.
"""


def test_a_sentence_does_not_end_inside_a_name_written_with_initials(tmp_path: Path) -> None:
    index = _small_library(tmp_path, {"venezuela.md": _OIL_REVENUE_SHEET, "russia.md": _OTHER_SHEET})
    sheet = next(d for d in index.documents if "Venezuelan" in d.title)
    stability = next(i for i in index.initiatives if i.document_id == sheet.id and "stability" in i.text)
    result = answer(index, read_question("what did trump do to keep creditors away from venezuela's oil revenues",
                                         today=TODAY), second_reader=_Picks(stability.id, sheet.id))
    assert result.covered and result.top is not None and result.top.document.id == sheet.id
    assert "held in U.S. Treasury accounts from attachment" in result.passage
