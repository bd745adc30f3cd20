"""/funding stays cheap however many amounts match: only what fits in the pages sent is formatted.

The totals are still exact: they come from the numbers, not from the formatted lines.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import time
from typing import Any

import pytest

import bot.commands.common as common
from bot.commands import dispatch
from bot.commands.spec import Invocation
from bot.model import (
    BUDGET_REQUEST,
    NEW_FEDERAL,
    PRIVATE_COMMITMENT,
    STATE_LOCAL_COMMITMENT,
    SUPPLEMENTAL_REQUEST,
    DocumentRecord,
    FundingRecord,
    InitiativeRecord,
    Snapshot,
)
from bot.query import CorpusIndex, format_usd
from bot.reply.payload import render_payload, validate_payload
from tests.fake_app import FakeApp

TOPICS = ("border security", "clean water", "rural broadband", "cancer research", "port upgrades")
INGESTED = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def scale_snapshot(documents: int, *, initiatives_per_document: int = 10,
                   funding_per_document: int = 6) -> Snapshot:
    """A large corpus built straight from records: each fact sheet has counted amounts in several
    categories (one a lower bound), a part of a larger amount and a repeat."""
    docs: list[DocumentRecord] = []
    inits: list[InitiativeRecord] = []
    funding: list[FundingRecord] = []
    categories = (BUDGET_REQUEST, SUPPLEMENTAL_REQUEST, NEW_FEDERAL, STATE_LOCAL_COMMITMENT, PRIVATE_COMMITMENT)
    for d in range(1, documents + 1):
        topic = TOPICS[d % len(TOPICS)]
        docs.append(DocumentRecord(
            id=d, title=f"Fact sheet {d} on {topic}", date=dt.date(2020, 1, 1) + dt.timedelta(days=d % 1500),
            source_url=f"https://example.gov/{d}", path=f"sheet-{d}.md", tags=(), ingested_at=INGESTED,
            initiative_count=initiatives_per_document))
        first_init = (d - 1) * initiatives_per_document + 1
        for n in range(initiatives_per_document):
            inits.append(InitiativeRecord(
                id=first_init + n, document_id=d, title=f"Funding {topic} item {n}", section=None, order=n,
                text=f"Funding {topic} item {n}.", links=(), acronyms=()))
        first_funding = (d - 1) * funding_per_document + 1
        for n in range(funding_per_document):
            fid = first_funding + n
            if n == funding_per_document - 1:  # a part of the first amount
                parent, counted, reason, amount = first_funding, False, "part of $5 million", 1_000_000.0
            elif n == funding_per_document - 2:  # the first amount said again
                parent, counted, reason, amount = first_funding, False, "repeat of $5 million", 5_000_000.0
            else:
                parent, counted, reason, amount = None, True, None, 5_000_000.0 + n * 250_000 + d
            category = categories[n % len(categories)]
            funding.append(FundingRecord(
                id=fid, document_id=d, initiative_id=first_init + n % initiatives_per_document,
                amount_usd=amount, text=f"${amount:,.0f}", qualifier="more than" if n == 1 else None,
                sentence=f"It provides ${amount:,.0f} for {topic} [item] *{n}*.", category=category,
                fiscal_year=2024 + d % 3 if category == BUDGET_REQUEST else None, counted=counted,
                reason=reason, parent_id=parent, position=n))
    return Snapshot(1, tuple(docs), tuple(inits), tuple(funding), ())


def expected_total(snapshot: Snapshot) -> float:
    return math.fsum(f.amount_usd for f in snapshot.funding if f.counted)


# ---- tests ------------------------------------------------------------------------------------





@pytest.fixture(scope="module")
def big_index() -> CorpusIndex:
    return CorpusIndex.build(scale_snapshot(3_400))  # 20,400 amounts


def count_formatted_lines(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]
    real = common.funding_line

    def counting(*args: Any, **kwargs: Any) -> str:
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(common, "funding_line", counting)
    return calls


def listed_amounts(reply: Any) -> int:
    text = "\n".join(page.embeds[0].description for page in reply.pages)
    return sum(1 for line in text.splitlines() if line.startswith(("• ", "  ↳ ")) and " — " in line)


@pytest.mark.parametrize("options", [{}, {"query": "border"}])
async def test_only_the_lines_of_the_pages_sent_are_formatted(big_index: CorpusIndex, options: dict[str, str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_formatted_lines(monkeypatch)
    reply = await dispatch(FakeApp(big_index), "funding", options, Invocation())
    assert len(reply.pages) == 40
    shown = listed_amounts(reply)
    assert 0 < shown < 10_000
    assert calls[0] <= shown + 1  # at most the one line that no longer fitted
    matching = len(big_index.funding_about("border")) if options else len(big_index.funding)
    last = reply.pages[-1].embeds[0].description.splitlines()[-1]
    found = re.fullmatch(r"… and (\d+) more amounts not shown: narrow the question\.", last)
    assert found and int(found.group(1)) == matching - shown
    for page in range(len(reply.pages)):
        validate_payload(render_payload(reply, page, reply_key="k", owner_id=1))


async def test_totals_stay_exact_when_the_listing_is_cut(big_index: CorpusIndex) -> None:
    snapshot = scale_snapshot(3_400)
    reply = await dispatch(FakeApp(big_index), "funding", {}, Invocation())
    title = reply.pages[0].embeds[0].title
    assert title.endswith(f"at least {format_usd(expected_total(snapshot))}")
    first = reply.pages[0].embeds[0].description
    # The breakdown by category became one line by kind and source, with the requests' fiscal years.
    assert "Budget requests **" in first and "FY24 " in first and "By year of the fact sheet: 2020 **" in first


async def test_a_short_listing_is_shown_whole(big_index: CorpusIndex) -> None:
    reply = await dispatch(FakeApp(big_index), "funding", {"document": big_index.documents[0].title},
                           Invocation())
    assert len(reply.pages) == 1
    text = reply.pages[0].embeds[0].description
    assert "more amounts not shown" not in text
    assert listed_amounts(reply) == 6
    # One fact sheet: the figures added, then those not added, each with its reason.
    assert "**Added up** — 4 figures" in text and "**Not added** — 2 figures" in text
    assert "(repeat of $5 million, not added)" in text and "(part of $5 million, not added)" in text


@pytest.mark.slow
async def test_funding_at_500k_initiatives_answers_fast() -> None:
    index = CorpusIndex.build(scale_snapshot(50_000))  # 500,000 initiatives, 300,000 amounts
    app = FakeApp(index)
    for options in ({}, {"query": "border"}, {"document": index.documents[-1].title}):
        started = time.perf_counter()
        reply = await dispatch(app, "funding", options, Invocation())
        elapsed = time.perf_counter() - started
        assert reply.pages and not reply.pages[0].embeds[0].title.startswith("Something")
        assert elapsed < 1.5, (options, elapsed)  # was several seconds; ~0.1-0.2 s on a quiet machine
