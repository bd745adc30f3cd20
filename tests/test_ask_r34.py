"""/ask, thirty-fourth round: a question that names an agency is answered only from sheets that name it."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

BISON_SHEET = """---
title: "FACT SHEET: Biden-Harris Administration Announces Bison Restoration Partnerships with Tribal Nations"
date: '2023-12-06'
---

Today, the Department of the Interior is announcing new partnerships with Tribal Nations to restore bison herds.

- **Bison Restoration Initiative.** The Interior will transfer bison from federal lands to Tribal Nations and
  support Tribal bison herd management across the Great Plains.
- **Grassland Health.** Restored herds improve grassland health and soil carbon.
"""

NASA_SHEET = """---
title: "FACT SHEET: NASA Announces New Earth Science Missions"
date: '2023-11-02'
---

Today, NASA announced two new Earth science missions to measure soil moisture and sea level.

- **Soil Moisture Mission.** NASA will launch a satellite to map soil moisture across farmland.
- **Sea Level Mission.** NASA will track sea level rise along the coasts.
"""


def test_a_topic_no_sheet_of_the_named_agency_holds_is_not_covered(tmp_path: Path) -> None:
    """"What did NASA announce about bison restoration": the bison sheet is the Interior's and never names NASA, so
    the question is not covered, and says why, rather than answering with the Interior's announcement."""
    index = _small_library(tmp_path, {"2023-12-06-bison.md": BISON_SHEET, "2023-11-02-nasa.md": NASA_SHEET})
    result = answer(index, read_question("what did nasa announce about bison restoration", today=TODAY))
    assert result.reading.agency == "NASA"
    assert not result.covered
    assert "NASA" in result.reason and result.reason.startswith("agency")


def test_the_agency_named_by_its_full_name_in_the_sheet_still_covers(tmp_path: Path) -> None:
    """The agency asked about by its acronym is named in the sheet by its full name: covered, as before."""
    index = _small_library(tmp_path, {"2023-12-06-bison.md": BISON_SHEET, "2023-11-02-nasa.md": NASA_SHEET})
    result = answer(index, read_question("what did doi announce about bison restoration", today=TODAY))
    assert result.reading.agency == "DOI", result.reading
    assert result.covered and result.top_document is not None
    assert "bison" in result.top_document.path


def test_the_named_agencys_own_sheet_answers(tmp_path: Path) -> None:
    index = _small_library(tmp_path, {"2023-12-06-bison.md": BISON_SHEET, "2023-11-02-nasa.md": NASA_SHEET})
    result = answer(index, read_question("what did nasa announce about soil moisture", today=TODAY))
    assert result.covered and result.top_document is not None
    assert "nasa" in result.top_document.path


def test_the_generated_uncovered_questions_are_held_by_no_sheet(tmp_path: Path) -> None:
    """scripts/ask_synthetic_check.py --uncovered: every question it makes crosses a sheet's heading with words no
    sheet holds together with it, and on this small library /ask says each is not covered."""
    import importlib.util
    import random

    spec = importlib.util.spec_from_file_location("ask_synthetic_check",
                                                  Path(__file__).parents[1] / "scripts" / "ask_synthetic_check.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    uncovered_questions = script.uncovered_questions
    index = _small_library(tmp_path, {"2023-12-06-bison.md": BISON_SHEET, "2023-11-02-nasa.md": NASA_SHEET})
    questions = uncovered_questions(index, random.Random(1), 20)
    assert questions
    for text, way in questions:
        assert way in ("place", "agency", "crossed")
        assert not answer(index, read_question(text, today=TODAY)).covered, text


def test_a_money_question_naming_an_absent_agency_still_lists_the_figure(tmp_path: Path) -> None:
    """For money the twenty-third round's rule stands: the figure is listed, with the reason it is not stated."""
    sheet = BISON_SHEET.replace("to restore bison herds.", "to restore bison herds, with $25 million for bison "
                                "restoration on Tribal lands.")
    index = _small_library(tmp_path, {"2023-12-06-bison.md": sheet, "2023-11-02-nasa.md": NASA_SHEET})
    result = answer(index, read_question("how much did nasa give for bison restoration", today=TODAY))
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == 25_000_000
    assert not result.figure_sure and result.hedge == "agency"
