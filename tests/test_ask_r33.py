"""/ask, thirty-third round: which figure leads when a question asks about one thing its sheet funds."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

BRIDGES_SHEET = """---
title: "FACT SHEET: Biden-Harris Administration Announces Nearly $4 Billion for Major Bridge Projects Nationwide"
date: '2024-02-14'
---

Today, President Biden will visit Riverton, Ohio, where the Kestrel Bridge connects Riverton and Lakeport, Kentucky, to
announce nearly $4 billion in funding for bridge projects across the country.

The projects receiving funding include:

- $900 million to replace the Kestrel Bridge connecting Riverton, Ohio with Lakeport, Kentucky.
- $700 million to replace the Harbor Point Bridge in Portland, Maine.
- $450 million to replace the Cedar Gap Bridge in Boise, Idaho.
- $300 million to replace the Mill Creek Bridge in Salem, Oregon.
"""


def test_the_figure_said_for_the_thing_asked_leads_the_sheets_headline(tmp_path: Path) -> None:
    """The headline's sentence names the bridge only as where the President speaks; "$900 million to replace the
    Kestrel Bridge" is what the sheet gives for it. The headline figure does not lead it, nor is it stated."""
    index = _small_library(tmp_path, {"2024-02-14-bridges.md": BRIDGES_SHEET})
    result = answer(index, read_question("how much to replace the kestrel bridge connecting riverton", today=TODAY))
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == 900_000_000, [f.record.text for f in result.figures[:3]]
    assert not (result.figure_sure and result.figures[0].record.amount_usd != 900_000_000)


def test_a_question_on_the_sheets_own_topic_still_gets_the_headline(tmp_path: Path) -> None:
    """Asked about what the whole sheet announces, the headline figure still leads."""
    index = _small_library(tmp_path, {"2024-02-14-bridges.md": BRIDGES_SHEET})
    result = answer(index, read_question("how much funding for bridge projects across the country", today=TODAY))
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == 4_000_000_000, [f.record.text for f in result.figures[:3]]


AGENCIES_FOR_MANY = ("Commerce", "Labor", "Energy", "Education", "Agriculture", "Transportation", "the Interior",
                     "Housing and Urban Development", "Health and Human Services", "Homeland Security")


def _resilience_sheet(n: int, agency: str, amount: str, lead: bool) -> str:
    said = "Today, the Department of {} is announcing {} to help communities build resilience." if lead else \
        "The Department of {} will award {} to help communities build resilience."
    return f"""---
title: "FACT SHEET: Department of {agency} Resilience Awards, Round {n}"
date: '{"2023-12-28" if lead else f"2023-0{1 + n % 9}-1{n % 10}"}'
---

Resilience is the focus of round {n} of these awards.

- **Resilience Awards.** {said.format(agency, amount)}
- **Local Partners.** Awards go to local partners in every region.
"""


def test_a_figure_many_sheets_give_in_the_same_words_is_listed_unless_clearly_ahead(tmp_path: Path) -> None:
    """Ten sheets each give an amount "to help communities build resilience": the question names none of them in
    particular. The largest, said today in the newest sheet, leads by some 6 points (more than the 5 another sheet's
    figure must be behind when only a few give one), so with nine other sheets it is listed, not stated."""
    sheets = {f"2023-resilience-{n}.md": _resilience_sheet(n, agency, "$900 million" if n == 0 else f"${n + 1} million",
                                                           lead=n == 0)
              for n, agency in enumerate(AGENCIES_FOR_MANY)}
    index = _small_library(tmp_path, sheets)
    result = answer(index, read_question("how much to help communities build resilience", today=TODAY))
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == 900_000_000, [f.record.text for f in result.figures[:3]]
    assert not result.figure_sure and result.hedge == "close"


def test_a_figure_only_a_few_sheets_give_is_still_stated(tmp_path: Path) -> None:
    """The same lead beside two other sheets' amounts is stated: a few answers are not many."""
    sheets = {f"2023-resilience-{n}.md": _resilience_sheet(n, agency, "$900 million" if n == 0 else f"${n + 1} million",
                                                           lead=n == 0)
              for n, agency in enumerate(AGENCIES_FOR_MANY[:3])}
    index = _small_library(tmp_path, sheets)
    result = answer(index, read_question("how much to help communities build resilience", today=TODAY))
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == 900_000_000, [f.record.text for f in result.figures[:3]]
    assert result.figure_sure, result.hedge


def _survivors_sheet(n: int) -> str:
    return f"""---
title: "FACT SHEET: Support for Storm Survivors, Update {n}"
date: '2024-10-1{n}'
---

The Administration continues to support storm survivors.

- **Help for Survivors.** Disaster teams are helping survivors apply for assistance, update {n}.
- **Shelter.** Shelters remain open across the region.
"""


STATES_SHEET = """---
title: "FACT SHEET: Storm Assistance by State"
date: '2024-10-20'
---

Assistance approved so far, by state:

- **Georgia**: More than $120 million for 40,000 households.
- **Florida**: More than $213 million for 71,000 survivors.
"""


def test_an_answer_naming_the_state_asked_about_comes_first(tmp_path: Path) -> None:
    """Six sheets say "survivors" in their titles and name no state; the one passage naming Florida says it too. The
    question names Florida: that passage answers it first. (Before, it ranked below the first five and the question
    was said not covered: "nothing on this names Florida".)"""
    sheets = {f"2024-10-1{n}-survivors.md": _survivors_sheet(n) for n in range(6)}
    sheets["2024-10-20-states.md"] = STATES_SHEET
    index = _small_library(tmp_path, sheets)
    result = answer(index, read_question("what help did survivors in florida get", today=TODAY))
    assert result.covered, result.reason
    assert result.top is not None and "Florida" in f"{result.top.initiative.title} {result.top.initiative.text}"
