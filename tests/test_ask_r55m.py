"""/ask, round 55m: what something got or is using is answered by money a sheet tells of having given (docs/ask.md,
"Round 55m")."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

_SUMMER_SHEET = """---
title: "FACT SHEET: Summer Learning and Enrichment Programs Help Students Catch Up"
date: '2022-06-30'
---

Across the country, schools and community groups are using American Rescue Plan funds for summer programs.

- **Connecticut.** Horizons received a $157,500 ARP grant, which is allowing the organization to expand its
  summer programming across the New Haven region to serve 1,000 students.
- **Georgia.** Boys and Girls Clubs are running reading camps in the summer months.
"""

_NEW_SUMMER_SHEET = """---
title: "FACT SHEET: New Grants for Summer Learning"
date: '2022-07-20'
---

- **Summer Learning.** Today, the Department of Education is announcing $3 million in new grants to help students
  in New Haven sign up for summer programs.
"""

_OTHER_SHEET = """---
title: "FACT SHEET: New Funding for Rural Libraries"
date: '2022-07-12'
---

- **Rural Libraries.** Today, the Department of Agriculture is announcing $12 million in new grants to rural
  libraries to expand broadband service.
"""


def test_what_a_program_got_is_stated_from_the_grant_the_sheet_says_it_received(tmp_path: Path) -> None:
    index = _small_library(tmp_path, {"summer.md": _SUMMER_SHEET, "new.md": _NEW_SUMMER_SHEET})
    got = answer(index, read_question("how much arp money did the horizons summer program in new haven get",
                                      today=TODAY))
    assert got.covered and got.figures and got.figures[0].record.amount_usd == 157_500
    assert got.figure_sure and not got.hedge
    # asked what was announced, money had before is still not stated as the announcement
    announced = answer(index, read_question("how much did biden announce for the horizons summer program in new haven",
                                            today=TODAY))
    assert announced.figures and announced.figures[0].record.amount_usd == 157_500
    assert not announced.figure_sure

    # "to get" people signed up is what the money is for, not what someone got
    signing = answer(index, read_question("how much did they hand out to get students in the horizons summer program "
                                          "in new haven signed up", today=TODAY))
    assert signing.figures and not signing.figure_sure


_HBCU_SHEET = """---
title: "FACT SHEET: The Administration Supports Historically Black Colleges and Universities"
date: '2020-09-22'
---

- **Permanent Funding.** Last year the President signed the FUTURE Act into law, securing $255 million in permanent
  annual funding for HBCUs.
- **Partnerships.** Agencies will expand partnerships with HBCUs on research.
"""

_HBCU_NEW_SHEET = """---
title: "FACT SHEET: New Grants for HBCU Research"
date: '2020-10-05'
---

- **Research Grants.** Today, the Department of Education is announcing $40 million in new annual funding for HBCUs
  to expand research.
"""


def test_when_earlier_money_is_all_the_sheets_say_for_the_topic_it_is_stated(tmp_path: Path) -> None:
    (tmp_path / "alone").mkdir()
    (tmp_path / "beside").mkdir()
    question = "how much permanent yearly funding for hbcus did the president lock in"
    alone = answer(_small_library(tmp_path / "alone", {"hbcu.md": _HBCU_SHEET, "libraries.md": _OTHER_SHEET}),
                   read_question(question, today=TODAY))
    assert alone.figures and alone.figures[0].record.amount_usd == 255_000_000
    assert alone.figure_sure
    # beside money announced for the topic, the earlier money is listed, not stated
    beside = answer(_small_library(tmp_path / "beside", {"hbcu.md": _HBCU_SHEET, "new.md": _HBCU_NEW_SHEET}),
                    read_question(question, today=TODAY))
    assert beside.figures and not beside.figure_sure


def test_how_many_places_or_groups_are_asked_for_does_not_change_what_is_asked() -> None:
    from bot.query.question import WHERE, WHO

    twelve = read_question("which 12 states were in the irs direct file pilot", today=TODAY)
    assert twelve.intent == WHERE and "direct" in twelve.topic
    three = read_question("which three countries joined the methane pledge", today=TODAY)
    assert three.intent == WHERE and "three" not in three.topic
    assert read_question("which 2 agencies run the direct file pilot", today=TODAY).intent == WHO


_AIRPORT_SHEET = """---
title: "FACT SHEET: Investing in South Carolina"
date: '2023-05-01'
---

- **Airports.** The Federal Aviation Administration awarded $5 million to the Columbia Metropolitan Airport to
  expand its terminal.
- **Roads.** The Department of Transportation is repairing bridges across the state.
"""


def test_a_state_code_after_a_town_and_before_a_place_in_it_names_the_state(tmp_path: Path) -> None:
    question = "how much did the faa give columbia sc airport to expand the terminal"
    reading = read_question(question, today=TODAY)
    assert reading.state == "South Carolina" and "sc" not in reading.topic
    result = answer(_small_library(tmp_path, {"sc.md": _AIRPORT_SHEET, "libraries.md": _OTHER_SHEET}), reading)
    assert result.covered and result.figures and result.figures[0].record.amount_usd == 5_000_000
    assert read_question("how much for the savannah ga port", today=TODAY).state == "Georgia"
    assert read_question("how much did the us give the un sc projects", today=TODAY).state is None


_YOUTH_SHEET = """---
title: "FACT SHEET: Actions to Reduce Gun Crime"
date: '2021-06-23'
---

- **Summer Jobs.** Providing meaningful work to keep young people safe: the Department of Labor awarded $89 million in
  YouthBuild grants to serve at-risk young people.
- **Policing.** Supporting community violence intervention programs.
"""


def test_chat_short_forms_are_read_as_the_words_the_sheets_write(tmp_path: Path) -> None:
    reading = read_question("how much youthbuild grant money did the labor dept award for at risk young ppl",
                            today=TODAY)
    assert "people" in reading.topic and "ppl" not in reading.topic
    result = answer(_small_library(tmp_path, {"youth.md": _YOUTH_SHEET, "libraries.md": _OTHER_SHEET}), reading)
    assert result.covered and result.figures and result.figures[0].record.amount_usd == 89_000_000
    assert read_question("how much for natl parks", today=TODAY).topic == ("national", "parks")
    assert "million" not in read_question("what do contractors making 7.5 to 50 mil a yr report", today=TODAY).topic


_HBCU_STATES_SHEET = """---
title: "FACT SHEET: American Rescue Plan Funding for Historically Black Colleges and Universities"
date: '2021-06-14'
---

Today, the Department of Education announced a state-by-state breakdown of over $2.7 billion in American Rescue Plan
funding for HBCUs.

- Alabama: Over $200 million for 14 HBCUs
- Georgia: Over $260 million for 8 HBCUs
- Texas: Over $150 million for 9 HBCUs
"""


def test_a_national_sum_does_not_outsay_the_named_states_own_line(tmp_path: Path) -> None:
    index = _small_library(tmp_path, {"hbcu.md": _HBCU_STATES_SHEET, "libraries.md": _OTHER_SHEET})
    state = answer(index, read_question("how much rescue plan money did hbcus in georgia get", today=TODAY))
    assert state.figures and state.figures[0].record.amount_usd == 260_000_000
    assert state.figure_sure


def test_what_was_announced_is_asked_whatever_money_the_rest_of_the_question_names() -> None:
    from bot.query.question import FUNDING, INITIATIVES

    asked = read_question("what did biden announce in april 2021 so small businesses dont lose money giving workers "
                          "time off to get the covid shot", today=TODAY)
    assert asked.intent == INITIATIVES
    # money as what was announced, or "how much", is still a money question
    assert read_question("what did biden announce for broadband funding", today=TODAY).intent == FUNDING
    assert read_question("how much did biden announce so small businesses dont lose money", today=TODAY).intent == FUNDING
