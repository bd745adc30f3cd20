"""/ask, round 54m: a money question is answered only by a figure said for its topic (docs/ask.md, "Round 54m")."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from bot.commands import dispatch
from bot.commands.spec import Invocation
from bot.query.answer import NO_FIGURE_REASON, ONLY_CONTEXT_REASON, answer
from bot.query.question import read_question
from tests.fake_app import FakeApp
from tests.test_ask import TODAY, _small_library, ask_small_library
from tests.test_commands_replies import everything, payloads

_VISIT_SHEET = """---
title: "FACT SHEET: The United States and Vietnam Deepen Their Partnership"
date: '2023-09-10'
---

- **Expanding Commerce in the Aviation Industry.** Vietnam Airlines announced an order of 50 Boeing 737 MAX
  airplanes, supporting thousands of American jobs.
- **Education.** The two countries will expand exchanges for students and teachers.
"""

_OTHER_ORDER_SHEET = """---
title: "Joint Fact Sheet on the Meeting of the United States and Korea"
date: '2025-11-13'
---

- **Aviation.** The two leaders welcomed the order of 103 Boeing 737 MAX airplanes announced by Korean Air. The
  Boeing commitment is valued at $36 billion.
- **Shipbuilding.** Korea will invest in American shipyards.
"""


def test_a_figure_of_another_sheet_does_not_answer_what_the_sheet_on_the_topic_gives_no_amount_for(
        tmp_path: Path) -> None:
    index = _small_library(tmp_path, {"vietnam.md": _VISIT_SHEET, "korea.md": _OTHER_ORDER_SHEET})
    result = answer(index, read_question("whats the dollar value of the vietnam airlines boeing 737 max order",
                                         today=TODAY))
    assert not result.covered
    assert result.reason == NO_FIGURE_REASON
    assert result.leads and "Vietnam" in result.leads[0].document.title
    # the other sheet's figure still answers a question on its own topic
    korean = answer(index, read_question("how much is the korean air boeing order worth", today=TODAY))
    assert korean.covered and korean.figures and korean.figures[0].record.amount_usd == 36_000_000_000


def test_a_month_the_sheets_are_from_is_that_month_not_a_span_from_it() -> None:
    reading = read_question("where are the state by state fact sheets for the bipartisan infrastructure framework "
                            "from july 2021", today=TODAY)
    assert (reading.date_from, reading.date_to) == (dt.date(2021, 7, 1), dt.date(2021, 7, 31))
    assert read_question("what was announced on broadband from july 2021 on", today=TODAY).date_to is None
    assert read_question("how much for ports since july 2021", today=TODAY).date_to is None


def test_to_quit_using_something_is_what_the_sheets_call_ending_or_limiting_its_use() -> None:
    reading = read_question("when did biden order the doj to quit using private prisons", today=TODAY)
    assert {"end", "use", "limiting"} <= set(reading.search_words)
    assert "limiting" in read_question("why did they stop using the old system", today=TODAY).search_words


_TAX_SHEET = """---
title: "FACT SHEET: The President's Plan for a Fairer Tax Code"
date: '2024-03-11'
---

Today, the President is proposing a 25 percent minimum tax on billionaires, so that revenue is raised fairly
from the very top.

- **Corporate Tax.** The plan raises the corporate minimum tax. Families making less than $400,000 a year will
  see no new taxes.
- **Tax Fairness.** Billionaires pay lower tax rates than teachers and firefighters.
"""


def test_an_income_line_beside_the_topic_does_not_answer_how_much(tmp_path: Path) -> None:
    result = ask_small_library(tmp_path, {"tax.md": _TAX_SHEET, "korea.md": _OTHER_ORDER_SHEET},
                               "how much revenue would bidens 25% minimum tax on billionaires actually raise")
    assert not result.covered
    assert result.reason == NO_FIGURE_REASON


_LEAVE_SHEET = """---
title: "FACT SHEET: President Biden to Call on All Employers to Provide Paid Time Off for Employees to Get Vaccinated"
date: '2021-04-21'
---

- **A Tax Credit for Small Businesses to Fully Offset the Cost of Paid Leave for Vaccination.** Thanks to the American
  Rescue Plan, a paid leave tax credit will offset the cost of providing full pay for time off to get a COVID-19
  vaccination, up to $511 per day per employee.
- **Outreach.** Employers will be encouraged to share vaccination information with their workers.
"""


def test_a_money_question_whose_amounts_on_the_topic_are_only_prices_or_rates_is_not_covered(tmp_path: Path) -> None:
    index = _small_library(tmp_path, {"leave.md": _LEAVE_SHEET, "korea.md": _OTHER_ORDER_SHEET})
    result = answer(index, read_question("how much did the paid leave for covid vaccination tax credit end up costing",
                                         today=TODAY))
    assert not result.covered
    assert result.reason == ONLY_CONTEXT_REASON
    assert "$511" in result.passage and result.leads
    # asked for the amount a day, the rate is what is asked: still answered with it
    per_day = answer(index, read_question("how much is the covid vaccination paid leave tax credit worth per day",
                                          today=TODAY))
    assert per_day.covered and per_day.figures and per_day.figures[0].record.amount_usd == 511


def test_the_reply_says_no_sum_of_money_is_said_and_quotes_the_amount_that_is_there(tmp_path: Path) -> None:
    index = _small_library(tmp_path, {"leave.md": _LEAVE_SHEET, "korea.md": _OTHER_ORDER_SHEET})
    reply = asyncio.run(dispatch(FakeApp(index), "ask", {
        "question": "how much did the paid leave for covid vaccination tax credit end up costing"}, Invocation(user_id=7)))
    payloads(reply)  # every Discord limit holds
    text = everything(reply)
    assert "don't cover" in text and "No sum of money" in text and "$511" in text
