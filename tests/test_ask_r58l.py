"""/ask, round 58l: a sheet whose lead alone says what was asked is gathered by its lead (docs/ask.md, "Round 58l")."""

from __future__ import annotations

from pathlib import Path

from tests.test_ask import ask_small_library

_WATER_SHEET = """---
title: "Fact Sheet: Vice President Harris Announces Action Plan on Global Water Security"
date: '2022-06-01'
---

Today, Vice President Harris is announcing the White House Action Plan on Global Water Security.

The Drought Resilience Interagency Working Group, co-led by the Department of the Interior and the Department of
Agriculture, has worked to coordinate funding across the Federal family.

- **Elevating Water Security Abroad.** The Action Plan directs agencies to support safe drinking water and sanitation
  in partner countries.
- **Sanitation Partnerships.** The State Department will expand partnerships on sanitation.
"""

_RESILIENCE_SHEET = """---
title: "Fact Sheet: Ten Ways the Administration Builds Resilience"
date: '2022-08-01'
---

- **Drought.** The Administration is tracking drought conditions across the West.
- **Interagency Coordination.** A working group on heat published a report with resilience goals.
- **Community Planning.** Agencies will lead local planning with co-benefits in every region of the country.
"""


def test_a_sheet_that_says_who_leads_a_group_only_in_its_lead_answers_who_leads_it(tmp_path: Path) -> None:
    """"which departments co lead the drought resilience interagency working group": only the water security sheet's
    lead names the group and who leads it; none of its list items says a word of it, so its lead was never read, and
    a sheet whose items say the words apart was all there was. The sheet is now gathered by its lead, and quotes it."""
    got = ask_small_library(tmp_path, {"2022-06-01-water.md": _WATER_SHEET, "2022-08-01-resilience.md": _RESILIENCE_SHEET},
                            "which departments co lead the drought resilience interagency working group")
    assert got.covered and got.top_document is not None
    assert got.top_document.title.endswith("Action Plan on Global Water Security")
    assert "co-led by the Department of the Interior and the Department of Agriculture" in got.passage
