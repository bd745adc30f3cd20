"""/ask, round 57f: a money question's figure whose sentence writes the topic by its short form is still found when
many sentences write out the topic's words (docs/ask.md, "Round 57f")."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

_CLINICS = "\n".join(
    f"- **Clinic {n}.** In 2020, the Indian Health Service health clinic number {n} served patients, with ${n + 1}.5 "
    f"million in service contracts." for n in range(220))

_CLINICS_SHEET = f"""---
title: "FACT SHEET: Tribal Health Clinics Across the Country"
date: '2021-12-01'
---

{_CLINICS}
"""

_NATION_SHEET = """---
title: "FACT SHEET: Building a New Era of Nation-to-Nation Engagement"
date: '2021-11-15'
---

- **Health Equity.** The Indian Health Service (IHS) serves Tribal communities. As part of our commitment to promoting
  health equity for Native Americans, the Administration requested $8.5 billion in discretionary funding for the IHS
  in FY 2022.
"""


def test_a_request_written_with_the_agency_short_form_is_found_among_many_sentences_on_it(tmp_path: Path) -> None:
    index = _small_library(tmp_path, {"clinics.md": _CLINICS_SHEET, "nation.md": _NATION_SHEET})
    got = answer(index, read_question("how much did biden request for the indian health service ihs in fy 2022",
                                      today=TODAY))
    assert got.covered
    assert any(f.record.amount_usd == 8_500_000_000 for f in got.figures)
    assert got.figures[0].record.amount_usd == 8_500_000_000
