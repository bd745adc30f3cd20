"""The bundled fact sheet, parsed: the figures here were read off the document by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.ingest import parse_file
from bot.model import (
    BACKGROUND,
    BUDGET_REQUEST,
    SUPPLEMENTAL_REQUEST,
    ParsedDocument,
)

SEED = Path(__file__).resolve().parents[1] / "seeds" / "2023-11-16-fact-sheet-global-illicit-drug-trafficking.md"

PRC_SECTION = "The Biden-Harris Administration’s diplomacy with PRC has resulted in concrete action"
BOLD_LEAD_TITLES = [
    "Announcing a strategic approach to commercially disrupting the global illicit fentanyl supply chain",
    "Increasing security at the border",
    "Deploying detection technology",
    "Expanding our High Intensity Drug Trafficking Area (HIDTA) Program",
    "Targeting the global illicit supply chain",
    "Launching the Global Coalition to Address Synthetic Drug Threats",
    # after the "<!-- -->" that splits the list in two
    "Regulating “precursor” chemicals used to produce illicit fentanyl",
    "Bringing law enforcement actions against every aspect of the global illicit fentanyl supply chain",
    "Working with Mexico and Canada to counter illicit fentanyl, the Biden-Harris Administration "
    "established the Trilateral Fentanyl Committee in 2022",
]


@pytest.fixture(scope="module")
def seed() -> ParsedDocument:
    return parse_file(SEED)


def test_front_matter(seed: ParsedDocument) -> None:
    assert seed.title == (
        "FACT SHEET: Biden-Harris Administration Continues Progress on Fight Against Global Illicit Drug Trafficking"
    )
    assert seed.date == dt.date(2023, 11, 16)
    assert seed.published_time == "2023-11-16 11:04:25-05:00"
    assert seed.source_url is not None and seed.source_url.startswith("https://www.whitehouse.gov/briefing-room/")
    assert seed.tags == ["statements-releases"]
    assert seed.warnings == []


def test_twelve_initiatives_three_prc_bullets_then_nine_bold_leads(seed: ParsedDocument) -> None:
    assert len(seed.initiatives) == 12
    assert [i.order for i in seed.initiatives] == list(range(12))
    prc = seed.initiatives[:3]
    assert [i.title.split()[:3] for i in prc] == [["The", "PRC", "is"], ["The", "PRC", "has"], ["At", "the", "beginning"]]
    assert all(len(i.title) <= 100 for i in prc)
    assert [i.title for i in seed.initiatives[3:]] == BOLD_LEAD_TITLES
    actions = "The Administration’s decisive actions to crack down on drug trafficking include"
    assert seed.sections == [PRC_SECTION, actions]
    assert {i.section for i in prc} == {PRC_SECTION}
    assert {i.section for i in seed.initiatives[3:]} == {actions}


def test_hidta_initiative(seed: ParsedDocument) -> None:
    hidta = seed.initiatives[6]
    assert hidta.title == "Expanding our High Intensity Drug Trafficking Area (HIDTA) Program"
    assert hidta.acronyms == ["HIDTA"]
    assert hidta.text.startswith("**Expanding our High Intensity Drug Trafficking Area (HIDTA) Program.** The HIDTA")
    assert [link.url for link in hidta.links] == [
        "https://www.whitehouse.gov/ondcp/briefing-room/2023/07/06/the-white-house-announces-nine-newly-"
        "designated-counties-across-america-are-joining-the-high-intensity-drug-trafficking-areas-program/"
    ]
    assert "[the White House announced the designation of nine new counties to the HIDTA Program](https://" in hidta.text


def test_acronyms(seed: ParsedDocument) -> None:
    assert [(a.short, a.full) for a in seed.acronyms] == [
        ("PRC", "People’s Republic of China"),
        ("HIDTA", "High Intensity Drug Trafficking Area"),
        ("CND", "Commission on Narcotic Drugs"),
    ]
    assert seed.initiatives[0].acronyms == ["PRC"]
    assert seed.initiatives[9].acronyms == ["CND"]


def test_seven_dollar_mentions_two_counted(seed: ParsedDocument) -> None:
    rows = [
        (m.text, m.amount_usd, m.qualifier, m.category, m.fiscal_year, m.counted, m.reason, m.parent_position,
         m.initiative_order)
        for m in seed.funding
    ]
    assert rows == [
        # The FY 2024 Budget went to Congress on 9 March 2023: eight months on, its requests are said again.
        ("$26 billion", 26e9, None, BUDGET_REQUEST, 2024, False, "asked for earlier, in the FY 2024 Budget", None, None),
        ("$1.55 billion", 1.55e9, None, SUPPLEMENTAL_REQUEST, None, True, None, None, None),
        ("more than $1.2 billion", 1.2e9, "more than", SUPPLEMENTAL_REQUEST, None, True, None, None, 4),
        ("$535 million", 535e6, None, BUDGET_REQUEST, 2024, False, "asked for earlier, in the FY 2024 Budget", None, 5),
        ("$305 million", 305e6, None, BUDGET_REQUEST, 2024, False, "part of $535 million", 3, 5),
        ("more than $1.2 billion", 1.2e9, "more than", SUPPLEMENTAL_REQUEST, None, False, "repeat of $1.2 billion",
         2, 5),
        # The HIDTA program's standing funding, in a sheet that reports progress: not new money.
        ("more than $302 million", 302e6, "more than", BACKGROUND, None, False, "announced earlier or cumulative",
         None, 6),
    ]
    assert [m.position for m in seed.funding] == list(range(7))
    assert sum(m.amount_usd for m in seed.funding if m.counted) == 2_750_000_000


def test_funding_sentences_are_plain_text(seed: ParsedDocument) -> None:
    assert seed.funding[3].sentence == (
        "President Biden’s FY24 budget called for $535 million in U.S. Customs and Border Protection for "
        "border technology, including $305 million for Non-Intrusive Inspection Systems, with a primary "
        "focus on fentanyl detection at ports of entry."
    )


def test_body_text_is_clean(seed: ParsedDocument) -> None:
    assert seed.body_text.startswith("President Biden has made beating the overdose epidemic")
    assert seed.body_text.endswith("public health and public safety initiatives.")
    for leftover in ("###", "\u00a0", "\u2060", "<!--", "**", "](http"):
        assert leftover not in seed.body_text
