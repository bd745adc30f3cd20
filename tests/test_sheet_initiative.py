"""A sheet of prose only (no list, bold lead or heading over prose) is one initiative under its own title, so
/ask and /initiative can find it; before, such a sheet had no initiative and nothing could show it."""

from __future__ import annotations

from pathlib import Path

from bot.ingest import parse_document
from bot.query.answer import answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

PROSE_SHEET = """---
title: "FACT SHEET: White House Launches Office of Lighthouse Readiness and Response Policy"
date: '2023-07-21'
---

*Rear Admiral Jane Doe Will Serve as the Inaugural Director*

The Administration is standing up the Office of Lighthouse Readiness and Response Policy (OLRRP). This will be a
permanent office in the Executive Office of the President charged with leading and coordinating actions that keep
the nation's lighthouses lit through storms and blackouts.

To lead this work, the President announced that Rear Admiral Jane Doe will serve as the inaugural Director of
OLRRP. The office will receive $12 million to train keepers along every coast of the United States.
"""

LISTED_SHEET = """---
title: "FACT SHEET: The Lighthouse Budget"
date: '2022-03-28'
---

The Budget invests in lighthouses.

- **Lighthouse readiness.** The Budget supports lighthouse readiness with $40 million for new lenses.
"""


def test_a_sheet_of_prose_only_is_one_initiative_under_its_own_title() -> None:
    parsed = parse_document(PROSE_SHEET.encode(), "2023-07-21-lighthouse-office.md")
    assert [i.title for i in parsed.initiatives] == [
        "White House Launches Office of Lighthouse Readiness and Response Policy"]
    assert "Rear Admiral Jane Doe will serve as the inaugural Director" in parsed.initiatives[0].text
    # its money belongs to it, as a section's money belongs to the section's initiative
    assert [f.initiative_order for f in parsed.funding] == [0]


def test_a_sheet_with_a_list_keeps_its_own_initiatives() -> None:
    parsed = parse_document(LISTED_SHEET.encode(), "2022-03-28-lighthouse-budget.md")
    assert [i.title for i in parsed.initiatives] == ["Lighthouse readiness"]


def test_a_few_words_of_prose_are_no_initiative() -> None:
    parsed = parse_document(b"---\ntitle: A statement\n---\n\nJust one paragraph of prose.\n", "statement.md")
    assert parsed.initiatives == []


def test_ask_finds_a_sheet_of_prose_only(tmp_path: Path) -> None:
    """The office is named only in a sheet of prose: /ask answers from that sheet, with its one initiative."""
    index = _small_library(tmp_path, {"2023-07-21-lighthouse-office.md": PROSE_SHEET,
                                      "2022-03-28-lighthouse-budget.md": LISTED_SHEET})
    result = answer(index, read_question("who is the director of the lighthouse readiness and response office",
                                         today=TODAY))
    assert result.covered
    assert result.top is not None
    assert result.top.document.title.endswith("Office of Lighthouse Readiness and Response Policy")
    assert result.top.initiative.title == result.top.document.title.removeprefix("FACT SHEET: ")
