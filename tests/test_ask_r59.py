"""/ask, round 59: reading fixes found on fresh development questions (docs/ask.md, "Round 59"). Round 58l's
gathering by a sheet's lead, reapplied for questions that are not about money, keeps its own tests
(tests/test_ask_r58l.py)."""

from __future__ import annotations

from pathlib import Path

from bot.query.question import FUNDING, SOURCES, WHEN, read_question
from tests.test_ask import TODAY, ask_small_library


def test_chat_short_forms_and_an_agency_without_its_apostrophe_are_read_as_the_sheets_words() -> None:
    """No sheet writes "wud", "ok'd", "wh" or "usaids": as typed they were topic words nothing holds, and a question
    naming USAID by its possessive without the apostrophe had no agency."""
    saving = read_question("how much wud the fy24 budget save by killing the special tax break for crypto", today=TODAY)
    assert saving.intent == FUNDING and "wud" not in saving.topic
    approved = read_question("where's the 10th offshore wind farm the admin ok'd in sept 2024", today=TODAY)
    assert "approved" in approved.topic and "okd" not in approved.topic
    recap = read_question("is there a wh fact sheet recapping bidens climate legacy", today=TODAY)
    assert recap.intent == SOURCES and "wh" not in recap.topic
    assert read_question("how much of usaids centroamerica local money is going to guatemala", today=TODAY).agency == "USAID"
    assert read_question("what are epas new soot rules", today=TODAY).agency == "EPA"
    assert read_question("how much did the ed dept award in sept 2024 for reading", today=TODAY).agency == "ED"
    # where the apostrophe-less form is a word, it stays one
    assert read_question("which docs mention bias in home valuation", today=TODAY).agency is None


def test_by_what_year_asks_for_a_date() -> None:
    asked = read_question("by what yr does the sustainability EO want all new fed vehicles to be zero emission",
                          today=TODAY)
    assert asked.intent == WHEN


_ONE_VOICE_SHEET = """---
title: "Fact Sheet: President Donald J. Trump Establishes One Voice for America's Foreign Relations"
date: '2025-02-12'
---

- **Foreign Affairs Manual.** The Executive Order empowers the Secretary of State to revise the Foreign Affairs
  Manual so that the foreign service carries out the President's foreign policy.
"""

_MANUAL_SHEET = """---
title: "Fact Sheet: The Department of State Updates Its Manuals"
date: '2024-05-01'
---

- **Manual Updates.** The Department of State updated the Foreign Affairs Manual on travel by the foreign service.
"""


def test_an_eo_is_found_as_the_executive_order_the_sheet_names(tmp_path: Path) -> None:
    """"what does trumps one voice EO let the sec of state do with the foreign affairs manual": the sheet says
    "Executive Order"; EO is how users write it."""
    got = ask_small_library(tmp_path, {"2025-02-12-one-voice.md": _ONE_VOICE_SHEET, "2024-05-01-manual.md": _MANUAL_SHEET},
                            "what does trumps one voice EO say about the foreign affairs manual")
    assert got.covered and got.top_document is not None
    assert got.top_document.title.endswith("One Voice for America's Foreign Relations")
