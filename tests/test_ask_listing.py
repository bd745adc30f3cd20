"""/ask "which fact sheets …": a sheet stored twice (published at two addresses, or again the next day) is listed once."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library


def _sheet(title: str, day: str, url: str, text: str) -> str:
    return f"""---
title: "{title}"
date: '{day}'
source_url: {url}
---

- **{text}** The program supports semiconductor manufacturing in new factories.
"""


_TITLE = "FACT SHEET: Bringing Semiconductor Manufacturing Back to America"
_PATH = "briefing-room/statements-releases/2022/01/21/fact-sheet-bringing-semiconductor-manufacturing-back-to-america"


def test_one_sheet_at_two_addresses_is_listed_once(tmp_path: Path) -> None:
    """The corpus copy (www.whitehouse.gov), the archive's copy (bidenwhitehouse.archives.gov) and the archive's
    copy published again a day later ("…-2") are one fact sheet to the reader: the list names it once, and still
    names the other sheets on the topic, including one with the same title a year later (another sheet)."""
    index = _small_library(tmp_path, {
        "a.md": _sheet(_TITLE, "2022-01-21", f"https://www.whitehouse.gov/{_PATH}/", "Chips for America."),
        "b.md": _sheet(_TITLE, "2022-01-21", f"https://bidenwhitehouse.archives.gov/{_PATH}/", "Chips for America."),
        "c.md": _sheet(_TITLE, "2022-01-22", f"https://bidenwhitehouse.archives.gov/{_PATH}-2/", "Chips for America."),
        "d.md": _sheet(_TITLE, "2023-01-21", "https://bidenwhitehouse.archives.gov/one-year-on/", "A year on."),
        "e.md": _sheet("FACT SHEET: Semiconductor Workforce Hubs", "2024-01-25",
                       "https://bidenwhitehouse.archives.gov/hubs/", "Workforce hubs."),
    })
    result = answer(index, read_question("which fact sheets are about semiconductor manufacturing", today=TODAY))
    assert result.covered, result.reason
    listed = [(doc.title, doc.date.isoformat() if doc.date else None) for doc in result.documents]
    assert len(listed) == len(set(listed)) == 3, listed
    assert {title for title, _ in listed} == {_TITLE, "FACT SHEET: Semiconductor Workforce Hubs"}
    assert sorted(day or "" for title, day in listed if title == _TITLE)[-1] == "2023-01-21"


def _money_sheet(url: str) -> str:
    return f"""---
title: "FACT SHEET: U.S.-Africa Partnership in Promoting Two-Way Trade"
date: '2022-12-14'
source_url: {url}
---

- **Business Forum deals.** At today's Business Forum, the President announced over $15 billion in two-way trade
  and investment commitments.
- **Power Africa.** USAID will provide $25 million to connect clinics to power.
"""


def test_a_figure_said_in_both_copies_of_a_sheet_is_listed_once(tmp_path: Path) -> None:
    """The same sentence and amount in the corpus copy and the archive's copy of one sheet is one figure: the money
    answer lists it once (its other figures still follow)."""
    index = _small_library(tmp_path, {
        "a.md": _money_sheet("https://www.whitehouse.gov/africa-trade/"),
        "b.md": _money_sheet("https://bidenwhitehouse.archives.gov/africa-trade/"),
    })
    result = answer(index, read_question("how much was committed at the africa business forum", today=TODAY))
    assert result.covered, result.reason
    amounts = [figure.record.amount_usd for figure in result.figures]
    assert amounts.count(15_000_000_000) == 1, amounts
    assert result.figures[0].record.amount_usd == 15_000_000_000
