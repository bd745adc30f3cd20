"""/ask, round 55c: covered or not (docs/ask.md, "Round 55c")."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import answer
from bot.query.index import CorpusIndex
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library
from tests.test_reader import FakeReader

_PERMITS_SHEET = """---
title: "Fact Sheet: President Trump Is Delivering Historic Permitting Wins Across the Federal Government"
date: '2025-12-01'
---

- **Faster Reviews.** The White House, through the Council on Environmental Quality (CEQ), coordinates NEPA
  permitting across the agencies and has cut review times by half.
- **Permitting Technology.** A task force will move permit applications online.
"""

_VACCINE_SHEET = """---
title: "Fact Sheet: President Donald J. Trump Reinstates Service Members Discharged for Refusing the COVID Vaccine"
date: '2025-01-27'
---

- **Reinstatement.** The Executive Order directs the Secretary of Defense to reinstate all service members
  discharged for refusing the COVID-19 vaccine, with full back pay and benefits.
- **Troops Harmed.** Thousands of troops were discharged under the vaccine mandate.
"""

_GAMES_SHEET = """---
title: "Fact Sheet: President Donald J. Trump Establishes a White House Task Force on the 2028 Summer Olympics"
date: '2025-08-05'
---

- **The Task Force.** The Task Force will coordinate federal security, transportation and visas for the 2028
  Olympics in Los Angeles, chaired by the President.
- **Members.** Its members include the Secretaries of State, Homeland Security and Transportation.
"""

_OTHER_SHEET = """---
title: "FACT SHEET: Investing in Rural Water Systems"
date: '2024-05-01'
---

- **Clean Water.** The Department of Agriculture will fund an overhaul of rural water systems by 2032.
- **Wells.** A federal task force will help small towns drill new wells before a deadline in 2027.
"""


def _library(tmp_path: Path) -> CorpusIndex:
    return _small_library(tmp_path, {"permits.md": _PERMITS_SHEET, "vaccine.md": _VACCINE_SHEET, "games.md": _GAMES_SHEET,
                                     "water.md": _OTHER_SHEET})


def test_a_who_question_is_answered_where_both_readers_agree_on_the_sheet(tmp_path: Path) -> None:
    index = _library(tmp_path)
    question = read_question("who is coordinating trumps nepa permitting overhaul", today=TODAY)
    alone = answer(index, question)
    assert not alone.covered  # the sheet never says "overhaul": the words alone do not hold the topic
    agreed = answer(index, question, second_reader=FakeReader(index, "Permitting Wins", 0.69))
    assert agreed.covered and agreed.top is not None
    assert agreed.top.document.title.endswith("Permitting Wins Across the Federal Government")
    assert "Council on Environmental Quality" in agreed.passage


def test_a_fact_question_is_not_answered_by_an_agreed_sheet_that_lacks_what_it_asks_or_its_number(
        tmp_path: Path) -> None:
    index = _library(tmp_path)
    deadline = read_question("whens the deadline for troops discharged over the covid vaccine to ask to be "
                             "reinstated", today=TODAY)
    assert not answer(index, deadline, second_reader=FakeReader(index, "Reinstates", 0.7)).covered
    games = read_question("who is on the federal task force for the 2032 olympics", today=TODAY)
    assert not answer(index, games, second_reader=FakeReader(index, "Olympics", 0.73)).covered
