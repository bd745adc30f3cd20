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

_OTHER_SHEET = """---
title: "FACT SHEET: New Funding for Rural Libraries"
date: '2022-07-12'
---

- **Rural Libraries.** Today, the Department of Agriculture is announcing $12 million in new grants to rural
  libraries to expand broadband service.
"""


def test_what_a_program_got_is_stated_from_the_grant_the_sheet_says_it_received(tmp_path: Path) -> None:
    index = _small_library(tmp_path, {"summer.md": _SUMMER_SHEET, "libraries.md": _OTHER_SHEET})
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
