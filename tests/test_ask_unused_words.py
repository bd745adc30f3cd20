"""/ask: the asker's verbs a sheet never uses, and a lead read with its sheet's title."""

from __future__ import annotations

from pathlib import Path

from bot.query import CorpusIndex
from bot.query.answer import answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

INSTITUTE_SHEET = """---
title: "Fact Sheet: President Donald J. Trump Eliminates the Federal Executive Institute"
date: '2025-05-29'
---

**ENDING A WASTEFUL PROGRAM:** Today, the President signed an Executive Order that eliminates the Federal Executive
Institute.

- The Order directs the Office of Personnel Management to take all necessary steps to end the operations of the
  Federal Executive Institute.
- The government wastes billions of dollars each year on duplicative programs for senior officials.
"""

TRAINING_SHEET = """---
title: "FACT SHEET: Administration Expands Apprenticeship Training Programs"
date: '2024-03-01'
---

- **Registered apprenticeships.** The Department of Labor will expand registered apprenticeship training programs in
  clean energy and advanced manufacturing.
- **Youth pathways.** New grants will help high schools connect students to apprenticeships.
- **Restarting programs.** Programs that shut down during the pandemic will restart.
- **Executive agencies.** Every executive agency will name an apprenticeship lead, trained at a partner institute.
"""


def _library(tmp_path: Path) -> CorpusIndex:
    return _small_library(tmp_path, {"2025-05-29-institute.md": INSTITUTE_SHEET,
                                     "2024-03-01-training.md": TRAINING_SHEET})


def test_the_askers_verb_the_sheet_never_uses_is_set_aside(tmp_path: Path) -> None:
    """ "shut down": the sheet says "eliminates", and its title names the institute asked about."""
    index = _library(tmp_path)
    reading = read_question("when did trump shut down the federal executive institute", today=TODAY)
    assert {"shut", "down"} <= set(reading.soft)
    result = answer(index, reading)
    assert result.covered, result.reason
    assert result.top_document is not None and "Executive Institute" in result.top_document.title


def test_a_thing_the_sheet_never_names_still_counts(tmp_path: Path) -> None:
    """Only the question's own verbs are set aside: the training programs asked about are not the institute's."""
    index = _library(tmp_path)
    result = answer(index, read_question("when did trump shut down the federal executive institute apprenticeship "
                                         "programs", today=TODAY))
    assert not result.covered or (result.top_document is not None and "Apprenticeship" in result.top_document.title)


FARM_SHEET = """---
title: "Fact Sheet: President Donald J. Trump Advances Regenerative Agriculture and Strengthens American Farm Resilience"
date: '2026-06-25'
---

Today, President Donald J. Trump signed an Executive Order to accelerate American agriculture innovation.

- **Soil health.** The Executive Order directs the Secretary of Agriculture to expand regenerative practices on
  working lands.
- **Farm credit.** American farmers and ranchers are increasingly interested in regenerative farming methods, and
  lenders will be asked to recognise them.
"""


def test_what_an_order_does_quotes_the_lead_read_with_the_sheets_title(tmp_path: Path) -> None:
    """The lead says what the sheet announces ("signed an Executive Order to …"); the sheet's title says that it is
    about regenerative agriculture, as it does for each of the sheet's initiatives."""
    index = _small_library(tmp_path, {"2026-06-25-farm.md": FARM_SHEET,
                                      "2024-03-01-training.md": TRAINING_SHEET})
    result = answer(index, read_question("what does trump's executive order on regenerative farming do", today=TODAY))
    assert result.covered, result.reason
    assert "signed an Executive Order to accelerate American agriculture innovation" in result.passage
