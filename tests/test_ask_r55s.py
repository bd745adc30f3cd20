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


_AGREEMENT_SHEET = """---
title: "FACT SHEET: Administration Delivers New Memorandum of Agreement to Streamline Job Training Funding for Tribal Nations"
date: '2022-10-07'
source_url: https://bidenwhitehouse.archives.gov/briefing-room/statements-releases/2022/10/07/fact-sheet-administration-delivers-new-memorandum-of-agreement-for-tribal-nations/
---

- **The New Agreement for the 477 Program.** The new Memorandum of Agreement for the Tribal 477 Program has been signed
  by 12 federal agencies, including the Departments of the Interior, Labor and Education.
- **Funding.** Tribes may combine job training funding from several agencies.
"""

_SUMMIT_SHEET = """---
title: "FACT SHEET: New Actions on the Tribal 477 Program Agreement Ahead of the Tribal Nations Summit"
date: '2022-11-30'
source_url: https://bidenwhitehouse.archives.gov/briefing-room/statements-releases/2022/11/30/fact-sheet-new-actions-to-support-indian-country/
---

- **Enhancing Tribal Participation in the 477 Program.** Last month, 12 federal agencies signed a [new Memorandum of
  Agreement](https://bidenwhitehouse.archives.gov/briefing-room/statements-releases/2022/10/07/fact-sheet-administration-delivers-new-memorandum-of-agreement-for-tribal-nations/)
  for the Tribal 477 Program, which lets Tribes combine program agreement funds.
- **Tribal Lands.** New steps to restore Tribal homelands.
"""


def test_a_passage_that_links_to_the_sheet_it_recalls_gives_way_to_that_sheet(tmp_path: Path) -> None:
    index = _small_library(tmp_path, {"agreement.md": _AGREEMENT_SHEET, "summit.md": _SUMMIT_SHEET})
    result = answer(index, read_question("which federal agencies signed the new tribal 477 program agreement",
                                         today=TODAY))
    assert result.covered and result.top is not None
    assert result.top.document.title.endswith("Streamline Job Training Funding for Tribal Nations")
    # without the link, the sheet that recalls it keeps its place
    unlinked = _SUMMIT_SHEET.replace("[new Memorandum of\n  Agreement](", "new Memorandum of\n  Agreement (").replace(
        "tribal-nations/)", "tribal-nations/ )")
    (tmp_path / "unlinked").mkdir()
    index = _small_library(tmp_path / "unlinked", {"agreement.md": _AGREEMENT_SHEET, "summit.md": unlinked})
    again = answer(index, read_question("which federal agencies signed the new tribal 477 program agreement",
                                        today=TODAY))
    assert again.top is not None and again.top.document.title.startswith("FACT SHEET: New Actions")


_MORTGAGE_SHEET = """---
title: "FACT SHEET: Administration Announces Action to Save Homebuyers and Homeowners $800 Per Year"
date: '2023-02-22'
---

Today, the Administration announced an action that will save homebuyers and homeowners with new insured mortgages an
average of $800 per year, lowering costs for an estimated 850,000 homebuyers.

Vice President Harris and the Housing Secretary will travel to Bowie, Maryland, today to announce that the Federal
Housing Administration will reduce its annual mortgage insurance premium by 0.30 percentage points.

- **Our Commitment to Housing Stability and Affordability.** The Vice President's visit highlights cheaper mortgage
  insurance for homebuyers, one of a range of actions to promote housing stability.
- **Examples of Savings.** A family buying a home with a $200,000 mortgage would save $600 a year.
"""


def test_a_where_question_quotes_the_place_its_sheets_lead_names(tmp_path: Path) -> None:
    index = _small_library(tmp_path, {"mortgage.md": _MORTGAGE_SHEET, "russia.md": _OTHER_SHEET})
    result = answer(index, read_question("which state did harris visit to announce cheaper mortgage insurance for "
                                         "homebuyers", today=TODAY))
    assert result.covered and result.top is not None and "$800" in result.top.document.title
    assert "travel to Bowie, Maryland" in result.passage
    assert "Maryland" in result.facts


_THIRD_MEETING_SHEET = """---
title: "FACT SHEET: U.S.-EU Trade and Technology Council Advances Concrete Action on Transatlantic Cooperation"
date: '2022-12-05'
---

The U.S.-EU Trade and Technology Council held its third ministerial meeting on December 5 at the University of
Maryland in College Park.

- **Export Controls.** Partners agreed on outreach on dual-use export controls.
- **Critical Minerals.** Partners will map supply chains for critical minerals.
"""

_INAUGURAL_SHEET = """---
title: "FACT SHEET: U.S.-EU Establish Common Principles at the Inaugural Trade and Technology Council"
date: '2021-09-29'
---

- **The First Meeting.** The U.S.-EU Trade and Technology Council met in Pittsburgh for its inaugural meeting, where
  trade and technology ministers set out common principles.
- **Global Trade Challenges.** The Council will address non-market trade practices.
"""


def test_a_sheet_whose_title_holds_part_of_the_topic_is_read_for_its_lead(tmp_path: Path) -> None:
    index = _small_library(tmp_path, {"third.md": _THIRD_MEETING_SHEET, "first.md": _INAUGURAL_SHEET})
    result = answer(index, read_question("where did the us-eu trade and technology council meet for its third meeting",
                                         today=TODAY))
    assert result.covered and result.top is not None
    assert result.top.document.title.endswith("Concrete Action on Transatlantic Cooperation")
    assert "College Park" in result.passage
