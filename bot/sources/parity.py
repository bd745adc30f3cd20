"""How closely a fact sheet survives the trip through a web page: initiatives and money of the
original Markdown against those of the sheet converted back from its page.

Used by the feed test (on the sheets the feed actually stored) and ``scripts/feed_parity.py``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from bot.model import FundingMention, Initiative


def _initiative_key(initiative: Initiative) -> str:
    return " ".join(initiative.title.lower().split())


def _money_key(mention: FundingMention) -> tuple[float, bool, str]:
    return (round(mention.amount_usd, 2), mention.counted, mention.category)


@dataclass(slots=True)
class Parity:
    sheets: int = 0
    initiatives: int = 0  # in the originals
    initiatives_matched: int = 0  # same title found in the converted sheet
    money: int = 0  # figures in the originals
    money_matched: int = 0  # same amount, counted or not, and category
    totals: int = 0  # sheets whose counted total is the same
    differences: list[str] = field(default_factory=list)

    def add(self, name: str, original_initiatives: list[Initiative], original_money: list[FundingMention],
            converted_initiatives: list[Initiative], converted_money: list[FundingMention]) -> None:
        self.sheets += 1
        want_i = Counter(_initiative_key(i) for i in original_initiatives)
        got_i = Counter(_initiative_key(i) for i in converted_initiatives)
        self.initiatives += sum(want_i.values())
        self.initiatives_matched += sum((want_i & got_i).values())
        want_m = Counter(_money_key(m) for m in original_money)
        got_m = Counter(_money_key(m) for m in converted_money)
        self.money += sum(want_m.values())
        self.money_matched += sum((want_m & got_m).values())
        total_a = sum(m.amount_usd for m in original_money if m.counted)
        total_b = sum(m.amount_usd for m in converted_money if m.counted)
        if abs(total_a - total_b) < 0.5:
            self.totals += 1
        if want_i != got_i or want_m != got_m or abs(total_a - total_b) >= 0.5:
            missing_i = sorted((want_i - got_i).elements())[:3]
            extra_i = sorted((got_i - want_i).elements())[:3]
            missing_m = sorted((want_m - got_m).elements())[:3]
            extra_m = sorted((got_m - want_m).elements())[:3]
            self.differences.append(f"{name}: initiatives missing {missing_i} extra {extra_i}; "
                                    f"money missing {missing_m} extra {extra_m}; totals {total_a:,.0f} vs {total_b:,.0f}")

    def text(self) -> str:
        def pct(a: int, b: int) -> str:
            return f"{a}/{b} ({100 * a / b:.1f}%)" if b else f"{a}/{b}"

        return (f"{self.sheets} sheets: initiatives matched {pct(self.initiatives_matched, self.initiatives)}, "
                f"money figures matched {pct(self.money_matched, self.money)}, "
                f"counted totals equal {pct(self.totals, self.sheets)}")
