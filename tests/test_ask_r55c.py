"""/ask, round 55c: covered or not (docs/ask.md, "Round 55c")."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import NO_FIGURE_REASON, ONLY_CONTEXT_REASON, answer
from bot.query.index import CorpusIndex
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library
from tests.test_ask_r54m import _VISIT_SHEET
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


_EXPORT_SHEET = """---
title: "FACT SHEET: Two Years of the U.S.-Africa Partnership"
date: '2024-12-10'
---

- **Export Finance.** In fiscal year 2023, the EXIM Board of Directors approved a $281 million transaction for an
  African carrier. The carrier, Ethiopian Airlines, placed an order for Boeing 737 MAX airplanes.
- **Health.** The United States will support health workers across the continent.
"""


def test_a_figure_beside_a_passage_holding_less_of_the_topic_does_not_answer_how_much(tmp_path: Path) -> None:
    """The passage on the Vietnam Airlines order gives no value; the $281 million another sheet's passage on another
    airline's Boeing order gives is not its value."""
    index = _small_library(tmp_path, {"vietnam.md": _VISIT_SHEET, "africa.md": _EXPORT_SHEET,
                                      "water.md": _OTHER_SHEET})
    vietnam = answer(index, read_question("whats the dollar value of the vietnam airlines boeing 737 max order",
                                          today=TODAY))
    assert not vietnam.covered
    assert vietnam.reason == NO_FIGURE_REASON
    assert vietnam.leads and "Vietnam" in vietnam.leads[0].document.title
    # the figure still answers a question on its own passage
    ethiopian = answer(index, read_question("how much did exim approve for the ethiopian airlines boeing order",
                                            today=TODAY))
    assert ethiopian.covered and ethiopian.figures and ethiopian.figures[0].record.amount_usd == 281_000_000


_OBESITY_SHEET = """---
title: "FACT SHEET: Administration Proposes Expanded Coverage of Anti-Obesity Medications for Americans with Medicare and Medicaid"
date: '2024-11-26'
---

Today, the Administration is proposing a rule to expand coverage of anti-obesity medications under Medicare and
Medicaid.

- **Lower Drug Costs.** Without insurance coverage, these drugs can cost someone as much as $1,000 a month. Already
  this year, nearly 1.5 million people with Medicare Part D saved nearly $1 billion on obesity drug coverage.
- **Insulin.** Seniors are already seeing insulin capped at $35 a month.
"""


def test_a_count_of_what_people_saved_is_no_sum_a_proposal_costs(tmp_path: Path) -> None:
    """"Saved nearly $1 billion", which the money model reads as an estimate, is said as a count of what happened: with a
    price and a monthly cost the only other amounts, the sheet gives no sum for what the proposal would cost."""
    index = _small_library(tmp_path, {"obesity.md": _OBESITY_SHEET, "water.md": _OTHER_SHEET})
    result = answer(index, read_question("how many billions would the obesity drug coverage proposal have cost medicare",
                                         today=TODAY))
    assert not result.covered
    assert result.reason == ONLY_CONTEXT_REASON
    assert "saved nearly $1 billion" in result.passage
