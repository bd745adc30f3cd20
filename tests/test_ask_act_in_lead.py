"""/ask: a question on who, where, when or what about a sheet's action quotes the act its lead reports ("signed an
Executive Order establishing …") beside the initiative that answers."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

COUNCIL_SHEET = """---
title: "Fact Sheet: President Donald J. Trump Establishes the Coastal Fisheries Council"
date: '2025-06-10'
---

Today, President Donald J. Trump signed an Executive Order establishing the Coastal Fisheries Council to restore
American seafood jobs.

- **Advice.** The Coastal Fisheries Council will advise the Secretary of Commerce and the Domestic Policy Council on harbor permits.
- **Membership.** The Council will be comprised of a Chair, a Vice Chair and twelve members drawn from fishing towns.
- **Report.** The Council is tasked with producing a report on seafood imports within one year.
"""


def test_a_who_question_quotes_the_act_the_lead_reports(tmp_path: Path) -> None:
    index = _small_library(tmp_path, {"2025-06-10-fisheries.md": COUNCIL_SHEET})
    result = answer(index, read_question("who does the coastal fisheries council advise", today=TODAY))
    assert result.covered, result.reason
    assert result.top is not None and "will advise the Secretary of Commerce" in result.top.initiative.text
    assert "signed an Executive Order establishing the Coastal Fisheries Council" in result.passage, result.passage


def test_a_lead_that_reports_no_act_is_not_quoted(tmp_path: Path) -> None:
    sheet = COUNCIL_SHEET.replace("signed an Executive Order establishing", "welcomed the members of")
    index = _small_library(tmp_path, {"2025-06-10-fisheries.md": sheet})
    result = answer(index, read_question("who does the coastal fisheries council advise", today=TODAY))
    assert result.covered, result.reason
    assert "welcomed the members" not in result.passage, result.passage


TASK_FORCE_SHEET = """---
title: "Fact Sheet: President Donald J. Trump Restores Order in Portsmouth"
date: '2025-09-16'
---

Today, President Donald J. Trump signed a Presidential Memorandum to address rampant crime in Portsmouth, Virginia.

- **Task force.** The Memorandum establishes a Portsmouth Safe Task Force tasked with ending street and violent crime.
- **Prosecutions.** The Attorney General will prioritize prosecutions of violent offenders.
"""


def test_the_act_is_quoted_when_the_lead_holds_part_of_the_topic(tmp_path: Path) -> None:
    """The lead names the crime, not the task force: the sheet the question found is still the act it reports."""
    index = _small_library(tmp_path, {"2025-09-16-portsmouth.md": TASK_FORCE_SHEET})
    result = answer(index, read_question("what city got trump's new crime task force", today=TODAY))
    assert result.covered, result.reason
    assert "signed a Presidential Memorandum to address rampant crime in Portsmouth" in result.passage, result.passage
