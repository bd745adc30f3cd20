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


_EQUITABLE_DATA_SHEET = """---
title: "Fact Sheet: Biden-Harris Administration Releases Recommendations for Advancing Use of Equitable Data"
date: '2022-04-22'
---

Today, the Biden-Harris Administration is releasing recommendations on the use of equitable data.

President Biden ordered the formation of the Equitable Data Working Group (“Working Group”). The President directed
the Working Group to study existing federal data collection policies.

The Working Group, chaired by Dr. Alondra Nelson (Office of Science and Technology Policy) and Dr. Margo Schwab
(Office of Management and Budget), consulted with a range of advocates and experts from civil society.

- **Disaggregated Statistics.** Agencies will produce statistical estimates for historically underserved groups.
- **Community Access.** Agencies will widen research access to federal surveys.
"""

_RELIEF_SHEET = """---
title: "Fact Sheet: President Biden's Executive Actions Deliver Relief for Families"
date: '2021-01-20'
---

- **Equitable Data.** Launch a new equitable data working group to ensure that federal data reflects the diversity
  of America, chaired by agency leaders.
- **Relief.** Extend the pause on student loan payments.
"""


def test_a_lead_that_names_a_group_by_its_short_name_and_its_chairs_by_title_holds_the_group(tmp_path: Path) -> None:
    """"who chaired bidens equitable data working group": the sheet names the group in full once ("the Equitable Data
    Working Group (“Working Group”)") and then says "The Working Group, chaired by Dr. Alondra Nelson … and Dr. Margo
    Schwab …". The short name is read as the name it stands for, and "Dr." does not end the sentence: the passage
    holds the topic and the sheet answers, not the one that only launched the group."""
    got = ask_small_library(tmp_path, {"2022-04-22-data.md": _EQUITABLE_DATA_SHEET, "2021-01-20-relief.md": _RELIEF_SHEET},
                            "who chaired bidens equitable data working group")
    assert got.covered and got.top_document is not None
    assert got.top_document.title.endswith("Advancing Use of Equitable Data")
    assert "chaired by Dr. Alondra Nelson" in got.passage and "Margo Schwab" in got.passage
