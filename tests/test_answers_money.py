"""What a reader sees of the money model: new money by kind and source, what is not added and
why, bounds in headlines, parts and wholes in topic answers, money announced again in a later
fact sheet counted once. Every reply is rendered and checked against Discord's limits."""

from __future__ import annotations

import datetime as dt
import json
import random
import types
from pathlib import Path
from typing import Any

import pytest

import bot.query.index as index_module
from bot.cli import main
from bot.commands import dispatch
from bot.commands.spec import Invocation
from bot.model import (
    BACKGROUND,
    BUDGET_REQUEST,
    ESTIMATE,
    NEW_FEDERAL,
    OTHER,
    PER_UNIT,
    PRICE,
    PRIVATE_COMMITMENT,
    SUPPLEMENTAL_REQUEST,
    FundingRecord,
    Snapshot,
)
from bot.query import CorpusIndex, totals
from bot.query.funding import REANNOUNCED_MAX_COMPARED, key_words
from bot.reply.model import Reply
from bot.reply.payload import render_payload, validate_payload
from tests.fake_app import FakeApp
from tests.test_query_index import funding, make_document, make_initiatives


async def ask(index: CorpusIndex, key: str, **options: str) -> Reply:
    reply = await dispatch(FakeApp(index), key, options, Invocation(user_id=7))
    for page in range(len(reply.pages)):
        validate_payload(render_payload(reply, page, reply_key="k", owner_id=7))
    return reply


def text_of(reply: Reply) -> str:
    parts: list[str] = []
    for page in reply.pages:
        parts.append(page.content)
        for embed in page.embeds:
            parts += [embed.title, embed.description, embed.footer or ""]
            parts += [f"{item.name}\n{item.value}" for item in embed.fields]
    return "\n".join(parts)


# ---- one fact sheet with every kind of figure -------------------------------------------------

CHIPS_TITLE = "FACT SHEET: Chips Made in America"
CHIPS_URL = "https://example.gov/chips"


def chips_snapshot() -> Snapshot:
    """A stated $39 billion total with states as parts (and an institution inside a state),
    budget requests over two fiscal years, a company's commitment, and figures that are not money
    provided: a price, a per-unit amount, a savings estimate, earlier money and an unclear one."""
    doc = make_document(1, CHIPS_TITLE, dt.date(2024, 3, 1), CHIPS_URL, initiative_count=5)
    inits = make_initiatives(1, 1, [
        ("Manufacturing incentives", "The CHIPS and Science Act provides $39 billion in manufacturing incentives.",
         ()),
        ("California", "California receives $10 billion for new fabs.", ()),
        ("Texas", "Texas receives $5 billion for new fabs.", ()),
        ("Workforce", "Budget requests for the chips workforce.", ()),
        ("Private investment", "Intel is committing $20 billion to new plants.", ()),
    ])
    f = [
        funding(1, 1, 1, 39e9, "$39 billion", "The CHIPS and Science Act provides $39 billion in manufacturing "
                "incentives.", NEW_FEDERAL, 0),
        funding(2, 1, 2, 10e9, "$10 billion", "California receives $10 billion for new fabs.", NEW_FEDERAL, 1,
                counted=False, reason="part of $39 billion", parent_id=1),
        funding(3, 1, 2, 2e9, "$2 billion", "Of this, the University of California receives $2 billion for research "
                "fabs.", NEW_FEDERAL, 2, counted=False, reason="part of $10 billion", parent_id=2),
        funding(4, 1, 3, 5e9, "$5 billion", "Texas receives $5 billion for new fabs.", NEW_FEDERAL, 3,
                counted=False, reason="part of $39 billion", parent_id=1),
        funding(5, 1, 4, 3e9, "$3 billion", "The FY24 Budget requests $3 billion for the chips workforce.",
                BUDGET_REQUEST, 4, fiscal_year=2024),
        funding(6, 1, 4, 1e9, "$1 billion", "The FY25 Budget requests $1 billion for the chips workforce.",
                BUDGET_REQUEST, 5, fiscal_year=2025),
        funding(7, 1, 5, 20e9, "$20 billion", "Intel is committing $20 billion to new plants.", PRIVATE_COMMITMENT, 6),
        funding(8, 1, None, 30_000, "$30,000", "A chip design tool costs $30,000.", PRICE, 7, counted=False,
                reason="a price"),
        funding(9, 1, None, 7_500, "$7,500", "Each apprentice gets $7,500 a year.", PER_UNIT, 8, counted=False,
                reason="a per-person or per-unit amount"),
        funding(10, 1, None, 50e9, "$50 billion", "The plan saves taxpayers $50 billion.", ESTIMATE, 9,
                counted=False, reason="a savings or cost estimate"),
        funding(11, 1, None, 52e9, "$52 billion", "This builds on the $52 billion announced in 2022.", BACKGROUND, 10,
                counted=False, reason="announced earlier or cumulative"),
        funding(12, 1, None, 4e6, "$4 million", "Another $4 million goes somewhere.", OTHER, 11, counted=False,
                reason="role unclear"),
    ]
    return Snapshot(1, (doc,), tuple(inits), tuple(f), ())


@pytest.fixture(scope="module")
def chips() -> CorpusIndex:
    return CorpusIndex.build(chips_snapshot())


async def test_funding_document_leads_with_new_money_by_kind_and_source(chips: CorpusIndex) -> None:
    reply = await ask(chips, "funding", document=CHIPS_TITLE)
    assert reply.pages[0].embeds[0].title == f"Funding in {CHIPS_TITLE}: $63 billion"
    text = text_of(reply)
    assert "**New money in this fact sheet: $63 billion**" in text
    assert ("New federal funding **$39 billion** · Budget requests **$4 billion** (FY24 $3 billion, FY25 "
            "$1 billion) · Commitments by companies and foundations **$20 billion**") in text
    # Then the figures added, with their sentences; the stated total says whether its parts agree.
    assert "**Added up** — 4 figures" in text
    assert ("• **$39 billion** — new federal funding (its 2 parts add up to $15 billion of the stated $39 billion) "
            "— “The CHIPS and Science Act provides $39 billion in manufacturing incentives.”") in text
    assert "• **$20 billion** — commitments by companies and foundations — “Intel is committing" in text


async def test_funding_document_lists_what_is_not_added_and_why(chips: CorpusIndex) -> None:
    text = text_of(await ask(chips, "funding", document=CHIPS_TITLE))
    assert "**Not added** — 8 figures" in text
    for line in ("• $10 billion (part of $39 billion, not added) — “California receives $10 billion",
                 "• $2 billion (part of $10 billion, not added)",
                 "• $30,000 (a price, not added) — “A chip design tool costs $30,000.”",
                 "• $7,500 (a per-person or per-unit amount, not added)",
                 "• $50 billion (a savings or cost estimate, not added)",
                 "• $52 billion (announced earlier or cumulative, not added)",
                 "• $4 million (role unclear, not added)"):
        assert line in text, line
    assert "Left out because the role is unclear: **$4 million** in 1 figure" in text
    assert text.index("**Added up**") < text.index("**Not added**")


async def test_a_sheet_where_nothing_is_unclear_says_so() -> None:
    snap = chips_snapshot()
    clear = Snapshot(1, snap.documents, snap.initiatives, snap.funding[:-1], ())
    text = text_of(await ask(CorpusIndex.build(clear), "funding", document=CHIPS_TITLE))
    assert "No figure was left out for an unclear role." in text


async def test_new_money_the_parser_was_not_sure_of_is_said_as_left_out() -> None:
    # The counted stage keeps a figure's kind but leaves it out of the totals as "role unclear": the answer
    # must say how much was left out, as for a figure the parser could give no kind.
    snap = chips_snapshot()
    unsure = funding(13, 1, None, 6e6, "$6 million", "The grants program receives $6 million.", NEW_FEDERAL, 12,
                     counted=False, reason="role unclear")
    index = CorpusIndex.build(Snapshot(1, snap.documents, snap.initiatives, (*snap.funding, unsure), ()))
    text = text_of(await ask(index, "funding", document=CHIPS_TITLE))
    assert "• $6 million (role unclear, not added)" in text
    assert "Left out because the role is unclear: **$10 million** in 2 figures" in text
    assert "New money: **$63 billion**" in text_of(await ask(index, "briefing"))


async def test_briefing_and_initiative_use_the_same_model(chips: CorpusIndex) -> None:
    briefing = text_of(await ask(chips, "briefing"))
    assert "New money: **$63 billion**" in briefing
    assert "• Budget requests: **$4 billion** (FY24 $3 billion, FY25 $1 billion)" in briefing
    assert "Role unclear: $4 million in 1 figure left out" in briefing
    # California's money is a part of the $39 billion: on its own page the part is what counts.
    california = text_of(await ask(chips, "initiative", query="California"))
    assert "**$10 billion** — new federal funding (part of $39 billion)" in california
    assert "↳ $2 billion (part of $10 billion, not added)" in california
    assert "Counted here: **$10 billion**" in california


# ---- bounds ------------------------------------------------------------------------------------


def bound_records(*qualified: tuple[float, str | None]) -> list[FundingRecord]:
    return [funding(n + 1, 1, None, amount, f"{q + ' ' if q else ''}${amount / 1e9:g} billion",
                    f"Sentence {n} gives money.", NEW_FEDERAL, n, qualifier=q)
            for n, (amount, q) in enumerate(qualified)]


@pytest.mark.parametrize(("qualified", "headline"), [
    ([(8.5e9, "up to"), (1e9, None)], "up to $9.5 billion"),
    ([(8.5e9, "as much as"), (1e9, "up to")], "up to $9.5 billion"),
    ([(1e9, "more than"), (2e9, None)], "at least $3 billion"),
    ([(1e9, "more than"), (8.5e9, "up to")], "about $9.5 billion (some figures are lower bounds, some upper)"),
    ([(1e9, "nearly"), (2e9, "about")], "$3 billion"),
])
async def test_headlines_say_up_to_at_least_or_both(qualified: list[tuple[float, str | None]],
                                                   headline: str) -> None:
    records = bound_records(*qualified)
    assert totals(records).headline == headline
    doc = make_document(1, "Bounds sheet", dt.date(2024, 1, 2), "https://example.gov/b")
    index = CorpusIndex.build(Snapshot(1, (doc,), (), tuple(records), ()))
    assert index.library_totals().headline == headline
    assert index.funding_totals(index.funding_of_document(1)).headline == headline
    for options in ({}, {"document": "Bounds sheet"}):
        reply = await ask(index, "funding", **options)
        assert reply.pages[0].embeds[0].title.endswith(f": {headline}")


async def test_mixed_bounds_are_said_once_in_the_headline_not_on_every_line() -> None:
    records = bound_records((1e9, "more than"), (8.5e9, "up to"))
    doc = make_document(1, "Bounds sheet", dt.date(2024, 1, 2), "https://example.gov/b")
    text = text_of(await ask(CorpusIndex.build(Snapshot(1, (doc,), (), tuple(records), ())), "funding"))
    assert ("**New money: about $9.5 billion** (some figures are lower bounds, some upper; each dollar once: "
            "parts, repeats and money announced before are not added again)") in text
    assert "New federal funding **about $9.5 billion**" in text
    assert "By year of the fact sheet: 2024 **about $9.5 billion**" in text


def test_each_line_of_the_breakdown_keeps_its_own_bound() -> None:
    records = bound_records((1e9, "more than"), (8.5e9, "up to"))
    records[1] = funding(2, 1, None, 8.5e9, "up to $8.5 billion", "The supplemental includes up to $8.5 billion.",
                         SUPPLEMENTAL_REQUEST, 1, qualifier="up to")
    kinds = {item.label: item.text for item in totals(records).by_kind}
    assert kinds == {"New federal funding": "at least $1 billion", "Supplemental requests": "up to $8.5 billion"}


# ---- parts and wholes in topic answers ---------------------------------------------------------


async def test_a_query_matching_a_state_adds_the_state_not_its_institutions_nor_the_whole(
        chips: CorpusIndex) -> None:
    records = chips.funding_about("california")
    result = chips.funding_totals(records)
    assert result.headline == "$10 billion"
    assert [r.text for r in result.counted] == ["$10 billion"]
    reasons = dict((r.text, why) for r, why in result.not_counted)
    assert reasons["$39 billion"] == "shown for the matched part under it"
    assert reasons["$2 billion"] == "part of $10 billion"
    text = text_of(await ask(chips, "funding", query="california"))
    assert "Funding about “california”: $10 billion" in text
    # The part is shown under its whole, and its own part under it; only the part is added.
    assert "(shown for the matched part under it, not added)" in text  # "not added" said once
    assert text.index("$39 billion (shown for the matched part") < text.index("↳ **$10 billion**") \
        < text.index("↳ $2 billion (part of $10 billion, not added)")


async def test_several_matched_parts_add_up_but_never_with_their_whole_or_their_parts(chips: CorpusIndex) -> None:
    result = chips.funding_totals(chips.funding_about("fabs"))  # California, its university, Texas
    assert result.headline == "$15 billion"
    assert sorted(r.text for r in result.counted) == ["$10 billion", "$5 billion"]


async def test_a_query_matching_a_stated_total_shows_the_total_with_its_parts(chips: CorpusIndex) -> None:
    records = chips.funding_about("manufacturing incentives")
    result = chips.funding_totals(records)
    assert result.headline == "$39 billion"
    assert {r.text for r in records} >= {"$39 billion", "$10 billion", "$5 billion"}
    text = text_of(await ask(chips, "funding", query="manufacturing incentives"))
    assert "• **$39 billion** — new federal funding — Manufacturing incentives" in text
    assert "↳ $10 billion (part of $39 billion, not added)" in text


def test_wholes_matched_with_their_parts_add_once(chips: CorpusIndex) -> None:
    everything = chips.funding_totals(chips.funding_about("billion"))
    assert everything.headline == "$63 billion"  # the whole sheet: each whole once, no part again
    assert chips.funding_totals(chips.funding_about("receives")).headline == "$15 billion"  # states, not the university


def test_a_part_counted_by_the_parser_is_not_added_under_a_whole_that_adds() -> None:
    # "It adds $200 million to its earlier $250 million, for a total of $450 million.": should a
    # part and its later whole both come out counted, answers still add the whole only.
    doc = make_document(1, "Totals after parts", dt.date(2024, 1, 2))
    sentence = "It adds $200 million to its earlier $250 million, for a total of $450 million."
    records = (funding(1, 1, None, 200e6, "$200 million", sentence, NEW_FEDERAL, 0, parent_id=3),
               funding(2, 1, None, 250e6, "$250 million", sentence, NEW_FEDERAL, 1, parent_id=3),
               funding(3, 1, None, 450e6, "$450 million", sentence, NEW_FEDERAL, 2))
    index = CorpusIndex.build(Snapshot(1, (doc,), (), records, ()))
    assert index.library_totals().headline == "$450 million"
    assert totals(records).headline == "$450 million"
    assert {why for _, why in totals(records).not_counted} == {"part of $450 million"}


# ---- the same money in several fact sheets -----------------------------------------------------

BEAD = "The Bipartisan Infrastructure Law provides $42.45 billion for the BEAD program to connect every American"


def announced_again_snapshot() -> Snapshot:
    first = make_document(1, "FACT SHEET: Broadband for All", dt.date(2023, 5, 1), "https://example.gov/a")
    later = make_document(2, "FACT SHEET: Internet for All", dt.date(2023, 9, 1), "https://example.gov/b")
    records = (
        funding(1, 1, None, 42.45e9, "$42.45 billion", BEAD + ".", NEW_FEDERAL, 0),
        funding(2, 1, None, 5e6, "$5 million", "EPA awards $5 million to Texas for water systems.", NEW_FEDERAL, 1),
        funding(3, 1, None, 1e9, "$1 billion", "The FY24 Budget requests $1 billion for rural broadband.",
                BUDGET_REQUEST, 2, fiscal_year=2024),
        funding(11, 2, None, 42.45e9, "$42.45 billion", BEAD + " to high-speed internet.", NEW_FEDERAL, 0),
        funding(12, 2, None, 5e6, "$5 million", "EPA awards $5 million to Ohio for water systems.", NEW_FEDERAL, 1),
        funding(13, 2, None, 1e9, "$1 billion", "The FY25 Budget requests $1 billion for rural broadband.",
                BUDGET_REQUEST, 2, fiscal_year=2025),
        funding(14, 2, None, 100e6, "$100 million", "A new $100 million fund starts today.", NEW_FEDERAL, 3),
    )
    return Snapshot(1, (first, later), (), records, ())


@pytest.fixture(scope="module")
def two_sheets() -> CorpusIndex:
    return CorpusIndex.build(announced_again_snapshot())


async def test_money_announced_again_is_counted_once_where_it_was_first_announced(
        two_sheets: CorpusIndex) -> None:
    assert two_sheets.first_announcements() == {11: 1}  # not Texas vs Ohio, not FY24 vs FY25
    library = two_sheets.library_totals()
    assert library.headline == "$44.56 billion"  # 42.45 + 0.005 × 2 + 1 × 2 + 0.1, the BEAD money once
    assert [(y.label, y.text) for y in library.by_year] == [("2023", "$44.56 billion")]
    text = text_of(await ask(two_sheets, "funding"))
    assert "Funding across all fact sheets: $44.56 billion" in text
    assert ("Announced again: 1 figure ($42.45 billion) repeats money first announced in an earlier fact sheet, "
            "counted there only.") in text
    assert "$42.45 billion (first announced in “Broadband for All” (2023-05-01), not added)" in text


async def test_a_topic_matching_both_announcements_adds_the_money_once(two_sheets: CorpusIndex) -> None:
    result = two_sheets.funding_totals(two_sheets.funding_about("BEAD"))
    assert result.headline == "$42.45 billion"
    assert result.reannounced_count == 1
    first = [two_sheets.document(r.document_id) for r in result.counted]
    assert [doc.date if doc else None for doc in first] == [dt.date(2023, 5, 1)]


async def test_the_later_sheet_on_its_own_says_where_its_money_was_first_announced(
        two_sheets: CorpusIndex) -> None:
    reply = await ask(two_sheets, "funding", document="Internet for All")
    text = text_of(reply)
    # Its own new money still includes the figure, marked, since the answer is about this sheet only.
    assert "• **$42.45 billion** — new federal funding (first announced in “Broadband for All” (2023-05-01))" in text
    only_later = two_sheets.funding_totals(two_sheets.funding_about("internet"))
    assert only_later.headline == "$42.45 billion"
    assert only_later.note(only_later.counted[0]) == "first announced in “Broadband for All” (2023-05-01)"


def test_announcements_are_compared_with_a_bounded_number_of_earlier_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    """A thousand sheets naming the same amount in sentences with no telling capital words cost
    at most REANNOUNCED_MAX_COMPARED fuzzy comparisons each, not one per earlier sheet."""
    calls = [0]
    real = index_module.fuzz

    def counting(*args: Any, **kwargs: Any) -> float:
        calls[0] += 1
        return real.token_set_ratio(*args, **kwargs)

    monkeypatch.setattr(index_module, "fuzz", types.SimpleNamespace(token_set_ratio=counting, WRatio=real.WRatio))
    rng = random.Random(5)
    vocabulary = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(5, 9))) for _ in range(400)]
    sheets = 1000
    docs = tuple(make_document(n, f"Sheet {n}", dt.date(2020, 1, 1) + dt.timedelta(days=n))
                 for n in range(1, sheets + 1))
    records = tuple(funding(n, n, None, 5e6, "$5 million", "$5 million goes to " + " ".join(rng.sample(vocabulary, 8)),
                            NEW_FEDERAL, 0) for n in range(1, sheets + 1))
    index = CorpusIndex.build(Snapshot(1, docs, (), records, ()))
    assert REANNOUNCED_MAX_COMPARED * (sheets - REANNOUNCED_MAX_COMPARED) <= calls[0] \
        <= REANNOUNCED_MAX_COMPARED * sheets
    assert index.library_totals().headline == "$5 billion"  # unlike sentences: different money


def test_key_words_tell_places_apart() -> None:
    assert key_words("EPA awards $5 million to Texas for water systems.") == {"EPA", "5", "Texas"}
    assert key_words("The President’s FY24 Budget requests $3 billion.") == {"FY24", "Budget", "3"}


# ---- the bundled fact sheet, parsed and stored -------------------------------------------------


def test_the_seed_sheet_reads_by_kind_with_its_figures_and_reasons(tmp_db: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(tmp_db), "ask", "/funding document:Global Illicit Drug Trafficking", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    validate_payload(payload)
    (embed,) = payload["embeds"]
    assert embed["title"].endswith(": at least $2.75 billion")
    text = embed["description"]
    # The FY 2024 Budget went to Congress in March 2023; this sheet of November says its requests again.
    assert "Supplemental requests **at least $2.75 billion**" in text and "Budget requests **" not in text
    assert "**Added up** — 2 figures" in text and "**Not added** — 5 figures" in text
    assert "• $26 billion (asked for earlier, in the FY 2024 Budget, not added)" in text
    assert "• more than $302 million (announced earlier or cumulative, not added)" in text
    assert "• $305 million (part of $535 million, not added)" in text
    assert "• more than $1.2 billion (repeat of $1.2 billion, not added)" in text
    assert "No figure was left out for an unclear role." in text


# ---- one fact sheet stored twice (two addresses) ------------------------------------------------

def stored_twice_snapshot() -> Snapshot:
    """"Broadband for All" published at whitehouse.gov and stored again from its archive address."""
    title = "FACT SHEET: Broadband for All"
    day = dt.date(2023, 5, 1)
    original = make_document(1, title, day, "https://www.whitehouse.gov/briefing-room/2023/05/01/broadband/")
    archived = make_document(2, title, day, "https://bidenwhitehouse.archives.gov/briefing-room/2023/05/01/broadband/")
    other = make_document(3, "FACT SHEET: Water for All", dt.date(2023, 6, 1), "https://example.gov/water")
    records = (
        funding(1, 1, None, 42.45e9, "$42.45 billion", BEAD + ".", NEW_FEDERAL, 0),
        funding(11, 2, None, 42.45e9, "$42.45 billion", BEAD + ".", NEW_FEDERAL, 0),
        funding(21, 3, None, 5e6, "$5 million", "EPA awards $5 million for the BEAD program in water districts.",
                NEW_FEDERAL, 0),
    )
    return Snapshot(1, (original, archived, other), (), records, ())


async def test_a_sheet_stored_twice_is_listed_once_and_never_said_to_repeat_itself() -> None:
    index = CorpusIndex.build(stored_twice_snapshot())
    for options in ({}, {"query": "BEAD program"}):
        text = text_of(await ask(index, "funding", **options))
        assert "$42.455 billion" in text  # the sheet's money once, with the other sheet's
        assert text.count("Broadband for All") == 1, text  # one sheet, shown once
        assert "first announced" not in text
    # The copy on its own (what `/funding document:` shows for it): its money is its own, not "first announced in"
    # itself, though across sheets it is the other copy's money that is counted.
    assert index.first_announcements() == {11: 1}
    copy_alone = index.funding_totals(index.funding_of_document(2))
    assert copy_alone.headline == "$42.45 billion"
    assert copy_alone.note(copy_alone.counted[0]) is None
