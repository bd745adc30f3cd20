"""/ask, thirty-seventh round: behaviour a user notices, on tiny libraries built for each test."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import answer
from bot.query.question import FUNDING, KIND_NEW, KIND_STATE_LOCAL, SOURCES, WHO, read_question
from tests.test_ask import TODAY, _small_library

_WORKFORCE_SHEET = """---
title: "FACT SHEET: White House Announces Rescue Plan Investments in Our Workforce"
date: '2022-07-12'
---

States are using American Rescue Plan funds to support the workers their communities rely on.

- **The State of Kansas is providing more than 22,000 child care workers with bonus payments of up to $2,500.**
  Kansas is committing $53 million in American Rescue Plan funds to supporting one-time bonuses of between $750 and
  $2,500 to an estimated 22,650 early childhood workers.
- **Maine is supporting its direct care workforce.** Maine is providing $1,000 retention payments to direct care
  workers across the state.
"""


def test_a_state_spending_its_money_is_asked_as_state_money() -> None:
    """"How much is kansas spending on …" asks for what the state puts in, not for new federal money; a question
    about what a state gets stays federal money."""
    spending = read_question("how much is kansas spending on bonuses for child care workers", today=TODAY)
    getting = read_question("how much is kansas getting for child care", today=TODAY)
    assert (spending.kind, spending.state) == (KIND_STATE_LOCAL, "Kansas")
    assert getting.kind == KIND_NEW


def test_a_states_own_spending_is_answered_with_its_total_not_a_payment_each(tmp_path: Path) -> None:
    """The answer to what Kansas spends is the $53 million it commits, not the "up to $2,500" each worker gets."""
    index = _small_library(tmp_path, {"2022-07-12-workforce.md": _WORKFORCE_SHEET})
    result = answer(index, read_question("how much is kansas spending on bonuses for child care workers", today=TODAY))
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == 53_000_000, [f.record.text for f in result.figures[:3]]
    assert result.figure_sure, result.hedge


def test_which_companies_acted_asks_who() -> None:
    """"Which ai companies made commitments …" asks for the companies, as "who" does; a sheet listing is still a
    sources question and "how much did companies invest" still asks for money."""
    assert read_question("which ai companies made voluntary safety commitments in july 2023", today=TODAY).intent == WHO
    assert read_question("which hospitals signed the health sector climate pledge", today=TODAY).intent == WHO
    assert read_question("which company fact sheets mention chips", today=TODAY).intent == SOURCES
    assert read_question("how much did companies invest in chips", today=TODAY).intent == FUNDING
