"""The in-memory query layer: ``CorpusIndex.build(snapshot)`` answers lookups without SQL."""

from bot.query.funding import CategoryTotal, FundingTotals, amount_text, format_usd, totals
from bot.query.index import CorpusIndex, Match, display_title

__all__ = ["CategoryTotal", "CorpusIndex", "FundingTotals", "Match", "amount_text", "display_title", "format_usd",
           "totals"]
