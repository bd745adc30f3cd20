"""CorpusIndex lookups on snapshots built straight from the data model (no parser, no database).

``seed_snapshot`` mirrors the bundled fact sheet (titles, key sentences and every dollar figure,
read off seeds/); other tests import it to exercise handlers without the parser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from bot.model import (
    BUDGET_REQUEST,
    NEW_FEDERAL,
    SUPPLEMENTAL_REQUEST,
    AcronymRecord,
    DocumentRecord,
    FundingRecord,
    InitiativeRecord,
    Link,
    Snapshot,
)
from bot.query import CorpusIndex

SEED_URL = ("https://www.whitehouse.gov/briefing-room/statements-releases/2023/11/16/fact-sheet-biden-harris-"
            "administration-continues-progress-on-fight-against-global-illicit-drug-trafficking/")
SEED_TITLE = ("FACT SHEET: Biden-\u2060Harris Administration Continues Progress on Fight Against Global "
              "Illicit Drug\u00a0Trafficking")
HIDTA = "Expanding our High Intensity Drug Trafficking Area (HIDTA) Program"
DETECTION = "Deploying detection technology"
BORDER = "Increasing security at the border"
PRECURSOR = "Regulating “precursor” chemicals used to produce illicit fentanyl"
TRILATERAL = ("Working with Mexico and Canada to counter illicit fentanyl, the Biden-Harris Administration "
              "established the Trilateral Fentanyl Committee in 2022")
IONICS_TITLE = ("At the beginning of this month, and for the first time in nearly three years, the PRC "
                "re-started")

# (title, text, links) in document order, as the bundled fact sheet reads.
SEED_INITIATIVES: list[tuple[str, str, tuple[Link, ...]]] = [
    ("The PRC is issuing a notice to its domestic industry advising on the enforcement of laws",
     "The PRC is issuing a notice to its domestic industry advising on the enforcement of laws and regulations "
     "related to trade in precursor chemicals and pill presses equipment.", ()),
    ("The PRC has begun taking law enforcement action against Chinese synthetic drug and chemical",
     "The PRC has begun taking law enforcement action against Chinese synthetic drug and chemical precursor "
     "suppliers.", ()),
    (IONICS_TITLE,
     "At the beginning of this month, and for the first time in nearly three years, the PRC re-started "
     "submitting incidents to the International Narcotics Control Board’s global IONICS database, which is "
     "used to share real-time information internationally about suspicious shipments.", ()),
    ("Announcing a strategic approach to commercially disrupting the global illicit fentanyl supply chain",
     "**Announcing a strategic approach to commercially disrupting the global illicit fentanyl supply chain.** "
     "The Biden-Harris Administration [announced a strengthened whole-of-government approach]"
     "(https://www.whitehouse.gov/briefing-room/statements-releases/2023/04/11/fact-sheet/) to save lives.",
     (Link("announced a strengthened whole-of-government approach",
           "https://www.whitehouse.gov/briefing-room/statements-releases/2023/04/11/fact-sheet/"),)),
    (BORDER,
     "**Increasing security at the border.** Under President Biden’s leadership, this Administration has "
     "invested significant amounts of funding for law enforcement efforts to address illicit fentanyl "
     "trafficking and enabled historic seizures of illicit fentanyl on the border. Further, President Biden’s "
     "national security supplemental funding request includes more than $1.2 billion to stop the flow of "
     "illicit fentanyl into American communities; portions of this funding will support [an additional 1,300 "
     "border patrol agents](https://www.whitehouse.gov/ondcp/briefing-room/2023/10/20/white-house-calls/).",
     (Link("an additional 1,300 border patrol agents",
           "https://www.whitehouse.gov/ondcp/briefing-room/2023/10/20/white-house-calls/"),)),
    (DETECTION,
     "**Deploying detection technology.** President Biden’s FY24 budget [called for $535 million in U.S. "
     "Customs and Border Protection for border technology](https://www.whitehouse.gov/omb/briefing-room/"
     "2023/03/09/fact-sheet-budget/), including $305 million for Non-Intrusive Inspection Systems, with a "
     "primary focus on fentanyl detection at ports of entry. Further, President Biden’s national security "
     "supplemental funding request includes more than $1.2 billion to stop the flow of illicit fentanyl into "
     "American communities; portions of this funding will ensure deployment of more than 100 cutting-edge "
     "detection machines at the southwest border.",
     (Link("called for $535 million in U.S. Customs and Border Protection for border technology",
           "https://www.whitehouse.gov/omb/briefing-room/2023/03/09/fact-sheet-budget/"),)),
    (HIDTA,
     "**Expanding our High Intensity Drug Trafficking Area (HIDTA) Program.** The HIDTA program devotes more "
     "than $302 million to supporting federal, state, local, and Tribal law enforcement working to stop "
     "traffickers across all 50 states.", ()),
    ("Targeting the global illicit supply chain",
     "**Targeting the global illicit supply chain.** President Biden issued the Executive Order on Imposing "
     "Sanctions on Foreign Persons Involved in the Global Illicit Drug Trade to target the enablers of the "
     "global illicit synthetic drug supply chain including raw material brokers, financiers, and others.", ()),
    ("Launching the Global Coalition to Address Synthetic Drug Threats",
     "**Launching the Global Coalition to Address Synthetic Drug Threats.** The Administration brought "
     "together more than 100 countries and 11 international organizations.", ()),
    (PRECURSOR,
     "**Regulating “precursor” chemicals used to produce illicit fentanyl.** At the request of the United "
     "States, the UN Commission on Narcotic Drugs (CND) voted to control three chemicals used by drug "
     "traffickers to produce illicit fentanyl.", ()),
    ("Bringing law enforcement actions against every aspect of the global illicit fentanyl supply chain",
     "**Bringing law enforcement actions against every aspect of the global illicit fentanyl supply chain.** "
     "The United States has executed a network-focused strategy; criminal indictments against chemical "
     "companies for supplying precursor chemicals to be made into fentanyl.", ()),
    (TRILATERAL,
     f"**{TRILATERAL}.** This high level committee is strengthening regulatory frameworks associated with the "
     "manufacture, shipping, and sale of precursor chemicals and related equipment. Expanded bilateral "
     "collaboration with Mexico has also yielded the September extradition of Ovidio Guzman Lopez (son of "
     "“El Chapo”) to the United States.", ()),
]

PROSE_SENTENCE = ("To help advance these Administration efforts, President Biden has requested $26 billion for "
                  "prevention, harm reduction, treatment, and recovery support services in his FY24 budget request.")
SUPPLEMENTAL_SENTENCE = ("In addition, President Biden is requesting $1.55 billion in his supplemental budget "
                         "request to strengthen these support services across the country.")
BORDER_SENTENCE = ("Further, President Biden’s national security supplemental funding request includes more "
                   "than $1.2 billion to stop the flow of illicit fentanyl into American communities; portions "
                   "of this funding will support an additional 1,300 border patrol agents")
TECH_SENTENCE = ("President Biden’s FY24 budget called for $535 million in U.S. Customs and Border Protection for "
                 "border technology, including $305 million for Non-Intrusive Inspection Systems, with a primary "
                 "focus on fentanyl detection at ports of entry.")
MACHINES_SENTENCE = ("Further, President Biden’s national security supplemental funding request includes more "
                     "than $1.2 billion to stop the flow of illicit fentanyl into American communities; portions "
                     "of this funding will ensure deployment of more than 100 cutting-edge detection machines "
                     "that will help detect fentanyl at ports of entry at the southwest border.")
HIDTA_SENTENCE = ("The HIDTA program devotes more than $302 million to supporting federal, state, local, and "
                  "Tribal law enforcement working to stop traffickers across all 50 states.")


def make_document(doc_id: int, title: str, date: dt.date | None, url: str | None = None,
                  initiative_count: int = 0, path: str = "") -> DocumentRecord:
    return DocumentRecord(
        id=doc_id, title=title, date=date, source_url=url, path=path or f"/data/{doc_id}.md", tags=(),
        ingested_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC), initiative_count=initiative_count,
    )


def make_initiatives(doc_id: int, first_id: int, items: Sequence[tuple[str, str, tuple[Link, ...]]],
                     acronyms: dict[int, tuple[str, ...]] | None = None) -> list[InitiativeRecord]:
    return [
        InitiativeRecord(id=first_id + n, document_id=doc_id, title=title, section=None, order=n, text=text,
                         links=links, acronyms=(acronyms or {}).get(n, ()))
        for n, (title, text, links) in enumerate(items)
    ]


def funding(fid: int, doc_id: int, initiative_id: int | None, amount: float, text: str, sentence: str,
            category: str, position: int, *, qualifier: str | None = None, fiscal_year: int | None = None,
            counted: bool = True, reason: str | None = None, parent_id: int | None = None) -> FundingRecord:
    return FundingRecord(id=fid, document_id=doc_id, initiative_id=initiative_id, amount_usd=amount, text=text,
                         qualifier=qualifier, sentence=sentence, category=category, fiscal_year=fiscal_year,
                         counted=counted, reason=reason, parent_id=parent_id, position=position)


def seed_parts(doc_id: int = 1, first_initiative: int = 1, first_funding: int = 1,
               date: dt.date = dt.date(2023, 11, 16), title: str = SEED_TITLE, url: str = SEED_URL,
               ) -> tuple[DocumentRecord, list[InitiativeRecord], list[FundingRecord], list[AcronymRecord]]:
    """The bundled fact sheet as records: 12 initiatives, 7 dollar figures, 3 acronyms."""
    initiatives = make_initiatives(doc_id, first_initiative, SEED_INITIATIVES,
                                   acronyms={6: ("HIDTA",), 9: ("CND",), 0: ("PRC",)})
    by_title = {rec.title: rec.id for rec in initiatives}
    f = first_funding
    records = [
        funding(f, doc_id, None, 26e9, "$26 billion", PROSE_SENTENCE, BUDGET_REQUEST, 0, fiscal_year=2024),
        funding(f + 1, doc_id, None, 1.55e9, "$1.55 billion", SUPPLEMENTAL_SENTENCE, SUPPLEMENTAL_REQUEST, 1),
        funding(f + 2, doc_id, by_title[BORDER], 1.2e9, "more than $1.2 billion", BORDER_SENTENCE,
                SUPPLEMENTAL_REQUEST, 2, qualifier="more than"),
        funding(f + 3, doc_id, by_title[DETECTION], 535e6, "$535 million", TECH_SENTENCE, BUDGET_REQUEST, 3,
                fiscal_year=2024),
        funding(f + 4, doc_id, by_title[DETECTION], 305e6, "$305 million", TECH_SENTENCE, BUDGET_REQUEST, 4,
                fiscal_year=2024, counted=False, reason="part of $535 million", parent_id=f + 3),
        funding(f + 5, doc_id, by_title[DETECTION], 1.2e9, "more than $1.2 billion", MACHINES_SENTENCE,
                SUPPLEMENTAL_REQUEST, 5, qualifier="more than", counted=False, reason="repeat of $1.2 billion",
                parent_id=f + 2),
        funding(f + 6, doc_id, by_title[HIDTA], 302e6, "more than $302 million", HIDTA_SENTENCE, NEW_FEDERAL,
                6, qualifier="more than"),
    ]
    acronyms = [
        AcronymRecord(doc_id, "HIDTA", "High Intensity Drug Trafficking Area"),
        AcronymRecord(doc_id, "CND", "Commission on Narcotic Drugs"),
        AcronymRecord(doc_id, "PRC", "People’s Republic of China"),
    ]
    doc = make_document(doc_id, title, date, url, initiative_count=len(initiatives))
    return doc, initiatives, records, acronyms


def seed_snapshot(version: int = 1) -> Snapshot:
    doc, initiatives, records, acronyms = seed_parts()
    return Snapshot(version=version, documents=(doc,), initiatives=tuple(initiatives), funding=tuple(records),
                    acronyms=tuple(acronyms))


@pytest.fixture(scope="module")
def index() -> CorpusIndex:
    return CorpusIndex.build(seed_snapshot())


def first_title(index: CorpusIndex, query: str) -> str:
    matches = index.find_initiatives(query)
    assert matches, f"nothing found for {query!r}"
    return matches[0].initiative.title


# ---- acceptance on the bundled fact sheet -----------------------------------------------------


@pytest.mark.parametrize(("query", "expected"), [
    ("hidta", HIDTA),
    ("HIDTA", HIDTA),
    ("hidat", HIDTA),
    ("HIDTA program", HIDTA),
    ("high intensity drug trafficking", HIDTA),
    ("detection tech", DETECTION),
    ("detecton technology", DETECTION),
    ("border security", BORDER),
    ("precursor chemicals", PRECURSOR),
    ("mexico canada", TRILATERAL),
    ("el chapo", TRILATERAL),
    ("IONICS", IONICS_TITLE),
    ("Deploying detection technology", DETECTION),
    ("  DEPLOYING   Détection   Technology ", DETECTION),
])
def test_seed_queries_find_the_right_initiative_first(index: CorpusIndex, query: str, expected: str) -> None:
    assert first_title(index, query) == expected


def test_scores_are_0_to_100_and_best_first(index: CorpusIndex) -> None:
    matches = index.find_initiatives("illicit fentanyl supply chain", limit=6)
    assert 1 < len(matches) <= 6
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 100 for s in scores)
    assert all(m.why for m in matches)
    assert all(m.document.id == m.initiative.document_id for m in matches)


def test_exact_title_scores_100_and_typo_scores_less(index: CorpusIndex) -> None:
    exact = index.find_initiatives(DETECTION)[0]
    typo = index.find_initiatives("detecton technolgy")[0]
    assert exact.score == 100
    assert typo.initiative.title == DETECTION
    assert typo.score < exact.score
    assert "typo" in typo.why


def test_nothing_matches_gives_empty_list_but_suggestions_exist(index: CorpusIndex) -> None:
    assert index.find_initiatives("zzzzqqqq xxyyzz") == []
    assert index.suggest_initiatives("zzzzqqqq xxyyzz") == []  # nothing is near: no list of unrelated titles


def test_id_value_resolves_exactly(index: CorpusIndex) -> None:
    target = next(rec for rec in index.initiatives if rec.title == BORDER)
    assert [m.initiative.id for m in index.find_initiatives(f"id:{target.id}")] == [target.id]
    assert index.resolve_initiative(f"id:{target.id}") == target
    assert index.resolve_initiative("id:999999") is None
    assert index.resolve_initiative("border") is None


# ---- ranking rules ----------------------------------------------------------------------------


def _two_docs() -> CorpusIndex:
    old = make_document(1, "Old fact sheet", dt.date(2022, 1, 1), "https://example.gov/old")
    new = make_document(2, "New fact sheet", dt.date(2024, 6, 1), "https://example.gov/new")
    initiatives = [
        *make_initiatives(1, 1, [
            ("Strengthening ports of entry", "Body that mentions the HIDTA partners in passing.", ()),
            ("Cutting red tape for broadband", "Permits move faster.", ()),
        ], acronyms={0: ("HIDTA",)}),
        *make_initiatives(2, 10, [
            ("Cutting red tape for broadband", "Permits move faster.", ()),
            ("Funding the High Intensity Drug Trafficking Area grants", "Grants to counties.", ()),
        ]),
    ]
    acronyms = [AcronymRecord(2, "HIDTA", "High Intensity Drug Trafficking Area")]
    return CorpusIndex.build(Snapshot(3, (old, new), tuple(initiatives), (), tuple(acronyms)))


def test_acronym_in_title_beats_acronym_in_body_and_matches_full_name() -> None:
    index = _two_docs()
    titles = [m.initiative.title for m in index.find_initiatives("hidta")]
    # The full name in a title counts as the acronym in the title; a mere body mention ranks below.
    assert titles[:2] == ["Funding the High Intensity Drug Trafficking Area grants", "Strengthening ports of entry"]


def test_ties_go_to_the_newer_fact_sheet() -> None:
    index = _two_docs()
    matches = index.find_initiatives("cutting red tape broadband")
    assert [m.document.title for m in matches[:2]] == ["New fact sheet", "Old fact sheet"]
    assert [m.initiative.id for m in index.find_initiatives("cutting red tape broadband")][:2] == [10, 2]


def test_version_and_order_come_from_the_snapshot() -> None:
    index = _two_docs()
    assert index.version == 3
    assert [d.title for d in index.documents] == ["New fact sheet", "Old fact sheet"]
    newest = index.newest_document()
    assert newest is not None and newest.title == "New fact sheet"
    assert [r.order for r in index.initiatives_of(1)] == [0, 1]


def test_empty_snapshot_answers_everything_without_raising() -> None:
    index = CorpusIndex.build(Snapshot(0, (), (), (), ()))
    assert index.find_initiatives("hidta") == []
    assert index.suggest_initiatives("hidta") == []
    assert index.autocomplete("") == []
    assert index.autocomplete("hid") == []
    assert index.autocomplete_documents("") == []
    assert index.find_document("anything") is None
    assert index.nearest_documents("anything") == []
    assert index.funding_about("border") == []
    assert index.newest_document() is None


# ---- autocomplete -----------------------------------------------------------------------------

EDGE_INPUTS = ["", " ", "h", "H", "hid", "x" * 200, "🚀🔥", "🚀 border", "مرحبا بالعالم", "שלום",
               "((((", "'; DROP TABLE documents; --", "\u0000\u200b", "id:", "id:abc", "doc:1", "a" * 5000,
               "détection", "ＨＩＤＴＡ"]


@pytest.mark.parametrize("current", EDGE_INPUTS)
def test_autocomplete_never_raises_and_respects_discord_limits(index: CorpusIndex, current: str) -> None:
    for choices in (index.autocomplete(current), index.autocomplete_documents(current)):
        assert len(choices) <= 25
        for name, value in choices:
            assert 1 <= len(name) <= 100
            assert 1 <= len(value) <= 100


def test_autocomplete_empty_lists_initiatives_and_prefix_narrows(index: CorpusIndex) -> None:
    everything = index.autocomplete("")
    assert len(everything) == len(SEED_INITIATIVES)
    assert all(value.startswith("id:") for _, value in everything)
    assert index.autocomplete("hid")[0][0].startswith(HIDTA[:40])
    assert index.autocomplete("ＨＩＤＴＡ")[0][0].startswith(HIDTA[:40])  # full-width letters fold too
    assert index.autocomplete("detection te")[0][0].startswith(DETECTION)


def test_autocomplete_value_is_resolved_by_the_index(index: CorpusIndex) -> None:
    name, value = index.autocomplete("mexico")[0]
    rec = index.resolve_initiative(value)
    assert rec is not None and rec.title == TRILATERAL
    assert index.autocomplete(value) == [(name, value)]


def test_autocomplete_names_include_the_date(index: CorpusIndex) -> None:
    name, _ = index.autocomplete("border security")[0]
    assert name.endswith("2023-11-16")


# ---- documents --------------------------------------------------------------------------------


def test_find_document_by_value_exact_and_rough_title(index: CorpusIndex) -> None:
    doc = index.documents[0]
    assert index.find_document(f"doc:{doc.id}") == doc
    assert index.find_document(SEED_TITLE) == doc
    assert index.find_document("FACT SHEET: Biden-Harris Administration Continues Progress on Fight Against "
                               "Global Illicit Drug Trafficking") == doc
    assert index.find_document("global ilicit drug trafficking") == doc
    assert index.find_document("offshore wind jobs") is None
    assert index.find_document("doc:999") is None
    assert index.find_document("global illicit drug trafficking", exact_only=True) is None
    assert index.nearest_documents("offshore wind jobs") == [doc]


def test_autocomplete_documents_values_resolve(index: CorpusIndex) -> None:
    choices = index.autocomplete_documents("illicit drug")
    assert choices
    name, value = choices[0]
    assert value.startswith("doc:")
    assert index.find_document(value) == index.documents[0]
    assert "Global Illicit Drug" in name
