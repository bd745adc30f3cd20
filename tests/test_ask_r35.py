"""/ask, thirty-fifth round: everyday words for what the sheets call by their official names."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.query.answer import answer
from bot.query.paraphrase import PHRASES, expand_topic
from bot.query.question import read_question
from bot.query.text import fold
from tests.test_ask import TODAY, _small_library

CHILD_CARE_SHEET = """---
title: "FACT SHEET: Biden-Harris Administration Announces Actions to Lower Child Care Costs for Working Families"
date: '2023-04-18'
---

Today, the President is announcing new actions to make child care more affordable.

- **Lowering Child Care Costs.** HHS will cap what families pay for child care at seven percent of income.
- **Supporting Care Workers.** New grants raise wages for care workers and support family caregiving.
"""

HOMELESSNESS_SHEET = """---
title: "FACT SHEET: Biden-Harris Administration Announces New Actions to Reduce Homelessness Among Veterans"
date: '2023-11-09'
---

Today, the Administration is announcing new steps to end homelessness for veterans.

- **Housing First for Veterans.** HUD and VA will place veterans experiencing homelessness in permanent housing.
- **Rental Assistance.** Housing choice vouchers will be set aside for veterans.
"""

SHUTDOWN_SHEET = """---
title: "FACT SHEET: Protecting Federal Employees During a Lapse in Appropriations"
date: '2025-10-02'
---

The Administration is taking steps to protect the federal workforce during the lapse in appropriations.

- **Back Pay.** Federal employees furloughed during the lapse in appropriations will receive back pay.
- **Essential Services.** Air traffic control and border security continue without interruption.
"""

RAIL_SHEET = """---
title: "FACT SHEET: Biden-Harris Administration Announces Investments in Passenger Rail"
date: '2023-12-08'
---

- **Intercity Passenger Rail.** New grants will build high-speed rail corridors and upgrade rail stations.
"""

WORKFORCE_SHEET = """---
title: "FACT SHEET: Biden-Harris Administration Announces Apprenticeship Expansion"
date: '2023-05-01'
---

- **Registered Apprenticeships.** The Department of Labor will train workers in registered apprenticeships.
"""

SHEETS = {"2023-04-18-child-care.md": CHILD_CARE_SHEET, "2023-11-09-homelessness.md": HOMELESSNESS_SHEET,
          "2025-10-02-shutdown.md": SHUTDOWN_SHEET, "2023-12-08-rail.md": RAIL_SHEET,
          "2023-05-01-apprenticeships.md": WORKFORCE_SHEET}


@pytest.mark.parametrize(("question", "sheet"), [
    ("what did biden do about daycare costs", "child-care"),
    ("what is being done for unhoused veterans", "homelessness"),
    ("what is there for federal workers in a government shutdown", "shutdown"),
    ("what did the white house announce for train stations", "rail"),
])
def test_everyday_words_find_the_sheet_in_official_words(tmp_path: Path, question: str, sheet: str) -> None:
    """The asker says "daycare", "unhoused", "government shutdown", "train stations"; the sheets say child care,
    homelessness, a lapse in appropriations, rail stations. Without the table each was "not covered"."""
    index = _small_library(tmp_path, SHEETS)
    result = answer(index, read_question(question, today=TODAY))
    assert result.covered, (question, result.reason)
    assert result.top_document is not None and sheet in result.top_document.path


def test_an_everyday_word_with_another_sense_is_not_paraphrased(tmp_path: Path) -> None:
    """"train workers" is training, not rail; "the european union" is no labor union; "raise taxes" is left to the
    words typed (only "tax hikes" is read as tax increases)."""
    for question, unwanted in [("how much to train workers", "rail"),
                               ("what did biden agree with the european union", "bargaining"),
                               ("did trump raise taxes on tips", "increases")]:
        reading = read_question(question, today=TODAY)
        assert unwanted not in reading.expanded, (question, reading.expanded)
    index = _small_library(tmp_path, SHEETS)
    result = answer(index, read_question("how much to train workers in apprenticeships", today=TODAY))
    # the sheet found first: the answer's, or the first lead's when the sheets say no dollar figure for it
    found = result.top_document or (result.leads[0].document if result.leads else None)
    assert found is not None and "apprenticeships" in found.path


def test_every_phrase_of_the_table_compiles_and_adds_words_of_its_own() -> None:
    """Each entry adds at least one word the everyday phrase does not already say (else it does nothing)."""
    for pattern, words in PHRASES:
        assert words.split(), pattern
    added, _ = expand_topic(["daycare"], fold("who pays for daycare"))
    assert added == ["child", "care"]
