"""/ask: what a buyer or investor other than the government paid is answered by that sum, whatever the money model
makes of it for the sheet's totals (a purchase is earlier money by the guideline)."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

TRADE_SHEET = """---
title: "FACT SHEET: President Donald J. Trump Announces Trade Deal with Portugal"
date: '2025-07-30'
---

Today, President Donald J. Trump announced a trade deal with Portugal that opens its markets to American goods.

Portugal has made historic commitments to invest in American industries:

- TAP Air Portugal purchased four Boeing 787-9 aircraft valued at $1.2 billion and signed long-term leasing
  agreements for additional aircraft valued at $400 million.
- Portuguese businesses have agreed to purchase over $200 million in farm goods annually from the United States.
"""


def test_what_a_buyer_paid_is_stated_with_its_kind(tmp_path: Path) -> None:
    """The airline's purchase is the sum the question asks for: stated, though the money model reads it as earlier
    money (shown as such, and added to no total)."""
    index = _small_library(tmp_path, {"2025-07-30-portugal.md": TRADE_SHEET})
    reading = read_question("how much did tap air portugal pay for its boeing 787s", today=TODAY)
    assert reading.kind == "foreign"
    result = answer(index, reading)
    assert result.covered and result.figures
    lead = result.figures[0]
    assert lead.record.amount_usd == 1_200_000_000
    assert not lead.record.counted, "a purchase is added to no total"
    assert result.figure_sure, f"the $1.2 billion was listed ({result.hedge})"



DEALS_SHEET = """---
title: "FACT SHEET: President Donald J. Trump Secures Billion-Dollar Deals During State Visit to Vietnam"
date: '2025-10-29'
---

Today, President Donald J. Trump secured deals with Vietnamese companies worth billions of dollars.

- Vietnam Airlines will purchase 40 new Boeing aircraft valued at $9.5 billion, supporting jobs across the United
  States.
- To power these new Boeing jets, Vietnam Airlines will also purchase GE Aerospace engines in a separate deal valued
  at $3.2 billion.
"""


def test_what_a_company_pays_is_its_own_purchase_however_the_money_model_names_the_giver(tmp_path: Path) -> None:
    """Asked what airlines are paying for their jets, the jets' price answers, not the engines bought for them, though
    the money model calls the airline a foreign government (the question asks for a company's money) and leaves the
    engines' giver unsaid."""
    index = _small_library(tmp_path, {"2025-10-29-vietnam.md": DEALS_SHEET})
    result = answer(index, read_question("how much are airlines paying for the boeing jets", today=TODAY))
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == 9_500_000_000, [
        (f.record.amount_usd, f.record.kind, f.record.source, f.score) for f in result.figures]
