"""/ask, fortieth round: behaviour a user notices, on tiny libraries built for each test."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

# A name said only in the sheet's lead (before its first list item): no initiative of the library has the word.
_PENSION_SHEET = """---
title: "FACT SHEET: Biden-Harris Administration Protects the Pensions of Bakery Workers"
date: '2024-06-21'
---

Today, the Administration announced that the earned pensions of bakery workers at the Hershey plant are protected
by the Special Financial Assistance Program.

- **Protecting earned pensions.** The Special Financial Assistance Program protects the pensions of bakery and
  confectionery workers and retirees across many industries.
- **Supporting retirees.** Retirees will keep receiving the benefits they earned.
"""

_HARBOR_SHEET = """---
title: "FACT SHEET: Investments in Ports"
date: '2024-05-01'
---

- **Dredging harbors.** The Army Corps of Engineers is dredging harbors on the Gulf Coast.
"""


def test_a_name_only_the_sheets_lead_says_is_found_there(tmp_path: Path) -> None:
    """"What happened to bakery pensions at hershey": the sheet says "Hershey" in its lead only, and no initiative of
    the library has the word; the lead holds the whole question and answers it, instead of "no fact sheet uses
    “hershey”". A name no sheet says anywhere is still not covered."""
    index = _small_library(tmp_path, {"2024-06-21-pensions.md": _PENSION_SHEET, "2024-05-01-ports.md": _HARBOR_SHEET})
    result = answer(index, read_question("what happened to bakery pensions at hershey", today=TODAY))
    assert result.covered, result.reason
    assert result.top is not None and result.top.document.title.endswith("Pensions of Bakery Workers")
    assert "Hershey plant" in result.passage
    other = answer(index, read_question("what happened to bakery pensions at nabisco", today=TODAY))
    assert not other.covered and "nabisco" in other.reason


# The sheet says "purchase", the asker "buy" (and the other way round).
_COAL_SHEET = """---
title: "FACT SHEET: Securing Electricity for National Defense"
date: '2026-02-11'
---

- **Coal power for installations.** The Department of War will purchase electricity from coal plants under long-term
  agreements to keep military installations running.
- **Buying domestic steel.** Shipyards will buy domestic steel for new hulls.
"""


def test_buying_is_purchasing(tmp_path: Path) -> None:
    """"Who will buy coal electricity" is answered by the sheet's "will purchase electricity from coal plants", not by
    another item that only says "buy"; and "who will purchase domestic steel" by "shipyards will buy domestic steel"
    rather than "not covered": the two verbs name one thing, as a grant is an award."""
    index = _small_library(tmp_path, {"2026-02-11-coal.md": _COAL_SHEET, "2024-05-01-ports.md": _HARBOR_SHEET})
    result = answer(index, read_question("who will buy coal electricity", today=TODAY))
    assert result.covered, result.reason
    assert result.top is not None and result.top.initiative.title.startswith("Coal power for installations")
    assert "purchase electricity from coal plants" in result.passage
    steel = answer(index, read_question("who will purchase domestic steel", today=TODAY))
    assert steel.covered, steel.reason
    assert steel.top is not None and steel.top.initiative.title.startswith("Buying domestic steel")
