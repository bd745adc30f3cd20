"""/ask, round 57s: the sheet that announced something, found by the short form of its name (docs/ask.md,
"Round 57s")."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

# The sheet that launched the framework writes its name out in its title and says the short form only in its lead;
# its list items say neither.
_LAUNCH_SHEET = """---
title: "FACT SHEET: In Asia, President Biden and a Dozen Partners Launch the Harbor Trade Framework for Prosperity"
date: '2022-05-23'
---

Today in Tokyo, President Biden launched the Harbor Trade Framework for Prosperity (HTFP) with a dozen initial
partners. Together the partners represent 40 percent of world output.

- **Connected Economy.** On trade, we will engage with our partners on high-standard commitments.
- **Resilient Economy.** We will seek first-of-their-kind supply chain commitments.
"""

# A later sheet recalls it in passing, in a list item that writes the short form.
_LATER_SHEET = """---
title: "FACT SHEET: Countering Corruption, a Year of Action"
date: '2023-03-29'
---

- **Trade.** The United States launched a process to establish the Harbor Trade Framework for Prosperity (HTFP)
  and its anti-corruption pillar.
- **Beneficial Ownership.** Treasury issued a final rule on beneficial ownership reporting.
"""


def _filler(n: int) -> str:
    """Later sheets whose titles say "launch" of something else: they fill the sheets gathered by their titles."""
    return f"""---
title: "FACT SHEET: Agencies Launch Program Number {n} for Rural Roads"
date: '2024-01-{n % 28 + 1:02d}'
---

- **Roads {n}.** The Department of Transportation launched grants for rural roads in county {n}.
"""


def test_a_short_form_the_question_writes_finds_the_sheet_whose_title_spells_it_out(tmp_path: Path) -> None:
    sheets = {"launch.md": _LAUNCH_SHEET, "later.md": _LATER_SHEET}
    sheets.update({f"filler{n}.md": _filler(n) for n in range(45)})
    index = _small_library(tmp_path, sheets)
    got = answer(index, read_question("when was htfp launched", today=TODAY))
    assert got.covered and got.top_document is not None
    assert got.top_document.title.endswith("Launch the Harbor Trade Framework for Prosperity")
    assert "Today in Tokyo" in (got.top.lead if got.top else "")
