"""/ask: a figure found by its sheet's title is listed when the sheet gives a larger one of the same kind as well."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

CORAL_SHEET = """---
title: "FACT SHEET: United States Announces New Support for Coral Reef Restoration in the Pacific"
date: '2023-07-11'
---

Today, the United States is announcing new support for coral reef restoration across the Pacific islands.

- **Ocean Science.** Today, NOAA is committing $20 million for restoration work and to train local scientists.
- **Island Partners.** The Department of the Interior will provide an additional $50 million in new funding for
  restoration by island partners.
- **Reef Monitoring.** Partners will report each year on coral reef restoration across the region.
"""


def test_a_figure_found_by_its_title_beside_a_larger_one_of_its_sheet_is_listed(tmp_path: Path) -> None:
    """Neither figure's own words say coral reefs: the sheet's title puts both on the topic. NOAA's $20 million leads
    (the question names NOAA), but the sheet gives $50 million of the same kind, found the same way: which one the
    sheet gives for coral reef restoration is not said, so both are listed and none is stated."""
    index = _small_library(tmp_path, {"2023-07-11-coral.md": CORAL_SHEET})
    result = answer(index, read_question("how much did noaa commit for coral reef restoration", today=TODAY))
    assert result.covered and result.figures
    assert {f.record.amount_usd for f in result.figures[:2]} == {20_000_000, 50_000_000}
    assert not result.figure_sure, "the $20 million was stated"
