"""/ask, round 60: reading fixes and one hedge found on fresh development questions (docs/ask.md, "Round 60")."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.query.question import FUNDING, INITIATIVES, WHEN, WHO, read_question
from tests.test_ask import TODAY, ask_small_library


@pytest.mark.parametrize("question", ["total fed contract $ to small biz in fy23?",
                                      "all stations accessibility grants for those 15 train station projects - total $?",
                                      "va launching a new program to help states prevent vet suicide, whats the $ amount"])
def test_a_dollar_sign_without_a_figure_asks_for_money(question: str) -> None:
    """Users write "$" for money ("contract $", "total $?"): the question asks for a sum."""
    assert read_question(question, today=TODAY).intent == FUNDING


def test_a_share_of_the_money_asks_for_a_rate_not_a_sum() -> None:
    asked = read_question("what % of fed contract $ was biden aiming to send to small disadvantaged businesses in fy22",
                          today=TODAY)
    assert asked.intent == INITIATIVES
    assert read_question("how much of the money went to texas", today=TODAY).intent == FUNDING


def test_chat_numbers_and_short_words_are_read_as_the_sheets_write_them() -> None:
    homes = read_question("how much in neighborhood homes tax credits did biden ask congress for to get 500k homes built",
                          today=TODAY)
    assert "500000" in homes.topic  # the sheets' "500,000"
    assert "401k" in read_question("can i put crypto in my 401k now", today=TODAY).topic_text.replace(" ", "")
    dialogue = read_question("who led the first us singapore critical n emerging tech dialogue", today=TODAY)
    assert dialogue.intent == WHO and "n" not in dialogue.topic and "emerging" in dialogue.topic
    assert "korea" in read_question("what did the us do about n korea missiles", today=TODAY).topic
    federal = read_question("total fed contract $ to small biz in fy23?", today=TODAY)
    assert "fed" not in federal.topic
    assert "fed" in read_question("did the fed raise rates", today=TODAY).topic  # the Federal Reserve


@pytest.mark.parametrize("question", ["under trumps reactor testing EO by when r the doe pilot reactors supposed to go "
                                      "critical", "when are the pandas coming back to the zoo"])
def test_when_are_asks_for_a_date(question: str) -> None:
    assert read_question(question, today=TODAY).intent == WHEN


_INAUGURAL_SHEET = """---
title: "FACT SHEET: Upgrading the U.S.-Singapore Strategic Technology Partnership"
date: '2023-10-12'
---

- **Critical and Emerging Technology Dialogue.** National Security Advisor Jake Sullivan and Minister Josephine Teo led
  the inaugural U.S.-Singapore Critical and Emerging Technology Dialogue in Washington.
"""

_SECOND_SHEET = """---
title: "Joint Fact Sheet: Second U.S.-Singapore Critical and Emerging Technology Dialogue"
date: '2024-08-01'
---

- **Semiconductors.** Committing to deepen collaboration on semiconductors, the first area named in the Dialogue's
  roadmap, under the U.S.-Singapore partnership on critical and emerging technology.
"""


def test_the_first_of_a_series_is_found_as_its_inaugural_one(tmp_path: Path) -> None:
    got = ask_small_library(tmp_path, {"2023-10-12-inaugural.md": _INAUGURAL_SHEET, "2024-08-01-second.md": _SECOND_SHEET},
                            "who led the first us singapore critical and emerging tech dialogue")
    assert got.covered and got.top_document is not None
    assert got.top_document.title.endswith("Strategic Technology Partnership")


_WEEK_SHEET = """---
title: "FACT SHEET: Biden-Harris Administration Holds Justice40 Week of Action to Highlight Historic Investments"
date: '2022-05-23'
---

During the Week of Action, agencies highlighted more than $29 billion in investments in overburdened communities,
including:

- **Providing Healthy and Affordable Housing.** The Department of Housing and Urban Development announced $759.7
  million for grants to support sustainable and affordable housing in disadvantaged, Tribal, and low-income
  communities, including $365 million to identify, remediate, and protect the most vulnerable from the harmful effects
  of lead-based paints in homes.
- **Clean Energy.** The Department of Energy announced over $3 billion for weatherization assistance.
"""

_FILLER_SHEETS = {
    f"2022-0{n}-0{n}-filler-{n}.md": f"""---
title: "FACT SHEET: New Grants for {topic}"
date: '2022-0{n}-0{n}'
---

- **Grants for {topic}.** The Department announced $ {n}5 million in grants for {topic} in homes and communities{where}.
"""
    # "Justice40" in some of them, so that it weighs in the topic about as it does in the library
    for n, topic, where in ((1, "Rural Broadband", ", under the Justice40 Initiative"), (2, "School Meals", ""),
                            (3, "Clean Water", ", under the Justice40 Initiative"), (4, "Wildfire Resilience", ""))}


def test_a_part_its_own_words_and_its_sheets_title_hold_is_the_answer_inside_its_whole(tmp_path: Path) -> None:
    """"including $365 million to … protect … from lead-based paints in homes" under "… Justice40 Week of Action …":
    the part is what was asked, its whole ("$759.7 million for … sustainable and affordable housing") is not."""
    got = ask_small_library(tmp_path, {"2022-05-23-justice40.md": _WEEK_SHEET, **_FILLER_SHEETS},
                            "hud money for getting lead paint out of homes during justice40 week in may 2022?")
    stated = [f.record.amount_usd for f in got.figures[:1]] if got.covered and got.figure_sure else []
    assert stated == [365e6], got.hedge


def test_a_part_whose_whole_says_as_much_of_the_topic_is_still_listed(tmp_path: Path) -> None:
    # asked for the housing money, the whole's own words hold the topic as well: which one answers is not clear
    got = ask_small_library(tmp_path, {"2022-05-23-justice40.md": _WEEK_SHEET, **_FILLER_SHEETS},
                            "hud money for affordable housing and lead paint during justice40 week in may 2022?")
    assert got.covered and got.figures
    assert not (got.figure_sure and got.figures[0].record.amount_usd == 365e6)
