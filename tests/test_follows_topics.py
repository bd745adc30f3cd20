"""Which real fact sheets a followed topic finds, and what the alert says about why.

The bundled seed (global illicit drug trafficking) names fentanyl and defines HIDTA; the
infrastructure-week sheet of May 2024 talks about broadband and, elsewhere, Ohio; the Affordable
Connectivity sheet talks about broadband but never Ohio.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.follows.matcher import FollowMatcher
from bot.follows.topics import SheetText, compile_topic, explain, sheet_text
from bot.ingest import parse_document, parse_file
from bot.model import ParsedDocument
from bot.query.text import tokenize
from bot.store.follows import Follow
from tests.conftest import PROJECT_ROOT

SEED = PROJECT_ROOT / "seeds" / "2023-11-16-fact-sheet-global-illicit-drug-trafficking.md"
INFRASTRUCTURE_WEEK = ("wh-factsheets/statements-releases/2024-05/2024-05-13-fact-sheet-biden-harris-administration-"
                       "kicks-off-infrastructure-week-by-highlighting-historic-results-spurred-by-president-bidens-"
                       "investing-in-america-agenda.md")
CONNECTIVITY = "corpus/2022-05-09-affordable-connectivity-internet.md"


def as_sheet(document: ParsedDocument) -> SheetText:
    return sheet_text(0, document.title, document.body_text,
                      [(i.order, i.title, i.text) for i in document.initiatives], [a.short for a in document.acronyms])


def acronyms_of(*documents: ParsedDocument) -> dict[str, str]:
    """The library's acronyms as the follows service reads them (folded short → full name)."""
    return {"".join(tokenize(a.short)): a.full for d in documents for a in d.acronyms}


def titles(document: ParsedDocument, initiative_orders: tuple[int, ...]) -> list[str]:
    by_order = {i.order: i.title for i in document.initiatives}
    return [by_order[n] for n in initiative_orders]


def follow(n: int, topic: str) -> Follow:
    return Follow(n, 1000 + n, 2000, 3000 + n, None, topic, None, dt.datetime(2025, 1, 1, tzinfo=dt.UTC))


def test_fentanyl_finds_the_drug_trafficking_sheet_and_names_its_initiatives() -> None:
    seed = parse_file(SEED)
    why = explain(compile_topic("fentanyl", acronyms_of(seed)), as_sheet(seed))
    assert why is not None and why.found == ("fentanyl",)
    named = titles(seed, why.initiatives)
    assert named and all("fentanyl" in (i.title + i.text).lower()
                         for i in seed.initiatives if i.order in why.initiatives)


def test_hidta_finds_a_sheet_that_only_spells_out_the_full_name() -> None:
    seed = parse_file(SEED)
    assert "hidta" in acronyms_of(seed)
    # The same sheet without the short form: only the acronym the library defines links them.
    spelled_out = seed_text_without_acronym()
    assert "HIDTA" not in spelled_out.body_text and "High Intensity Drug Trafficking Area" in spelled_out.body_text
    why = explain(compile_topic("HIDTA", acronyms_of(seed)), as_sheet(spelled_out))
    assert why is not None
    assert why.found == ("HIDTA = High Intensity Drug Trafficking Area",)
    assert any("High Intensity Drug Trafficking" in t for t in titles(spelled_out, why.initiatives))
    # Without the library's acronyms the short form alone finds nothing there.
    assert explain(compile_topic("HIDTA", {}), as_sheet(spelled_out)) is None


def seed_text_without_acronym() -> ParsedDocument:
    raw = SEED.read_text(encoding="utf-8").replace(" (HIDTA)", "").replace("HIDTA", "High Intensity Drug "
                                                                                     "Trafficking Area")
    return parse_document(raw.encode(), "spelled-out.md")


def test_the_index_of_many_follows_agrees_with_checking_each_topic(shared_dir: Path) -> None:
    seed = parse_file(SEED)
    sheets = [seed, seed_text_without_acronym(), parse_file(shared_dir / INFRASTRUCTURE_WEEK),
              parse_file(shared_dir / CONNECTIVITY)]
    acronyms = acronyms_of(*sheets)
    topics = ["fentanyl", "HIDTA", "broadband in Ohio", "broadband", "rural internet", "quokka",
              "high intensity drug trafficking area", "tribal broadband connectivity program", "ohio"]
    follows = [follow(n, topic) for n, topic in enumerate(topics)]
    matcher = FollowMatcher(follows, acronyms)
    for document in sheets:
        sheet = as_sheet(document)
        expected = [t for t in topics if explain(compile_topic(t, acronyms), sheet) is not None]
        assert [m.follow.topic for m in matcher.match(sheet)] == expected, document.title


@pytest.fixture
def broadband_sheets(shared_dir: Path) -> tuple[ParsedDocument, ParsedDocument]:
    return parse_file(shared_dir / INFRASTRUCTURE_WEEK), parse_file(shared_dir / CONNECTIVITY)


def test_broadband_in_ohio_needs_both_words_and_ignores_in(
        broadband_sheets: tuple[ParsedDocument, ParsedDocument]) -> None:
    infrastructure, connectivity = broadband_sheets
    topic = compile_topic("broadband in Ohio", acronyms_of(infrastructure, connectivity))
    assert [g.word for g in topic.groups] == ["broadband", "ohio"]
    why = explain(topic, as_sheet(infrastructure))
    assert why is not None and why.found == ("broadband", "ohio")
    assert any("Internet" in t for t in titles(infrastructure, why.initiatives))
    assert explain(topic, as_sheet(connectivity)) is None  # broadband, but not a word about Ohio
    assert explain(compile_topic("broadband", {}), as_sheet(connectivity)) is not None
    assert explain(topic, as_sheet(parse_file(SEED))) is None


def test_a_paraphrase_needs_most_of_the_sheets_words_not_one_generic_one(
        broadband_sheets: tuple[ParsedDocument, ParsedDocument]) -> None:
    infrastructure, connectivity = broadband_sheets
    rural_internet = compile_topic("rural internet", {})
    for document in (infrastructure, connectivity):
        why = explain(rural_internet, as_sheet(document))
        assert why is not None and why.found == ("rural internet",), document.title
    # The drug sheet says "High Intensity": one word of "high-speed internet" is not the topic.
    assert explain(rural_internet, as_sheet(parse_file(SEED))) is None
