"""How the learned parts of the money reading may change what the rules decide: the kind model
takes money out of the totals only when sure, and the optional counted stage flips a figure in or
out only past its thresholds, never adding a whole and its parts twice."""

from __future__ import annotations

import math

import pytest

from bot.ingest import _funding, parse_document
from bot.ingest._money_model import CountedStage, LinearModel
from bot.model import (
    BACKGROUND,
    BUDGET_REQUEST,
    ESTIMATE,
    NEW_FEDERAL,
    OTHER,
    PRICE,
    PRIVATE_COMMITMENT,
    STATISTIC,
    THRESHOLD,
    FundingMention,
)

NEW_MONEY = "The Department today announced $5 million to repair bridges.\n"
EARLIER_MONEY = "Since 2021, the Department has provided $10 billion, including $4 billion for bridges and $6 billion for roads.\n"


def funding(body: str) -> list[FundingMention]:
    return parse_document(f"---\ntitle: Administration Announces New Funding\n---\n{body}".encode(), "t.md").funding


def sure(verdict: str, other: str, confidence: float) -> LinearModel:
    """A model that says ``verdict`` about every figure with this confidence."""
    return LinearModel(classes=(verdict, other), bias=(math.log(confidence / (1 - confidence)), 0.0), weights={})


@pytest.fixture
def models(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Parse with the kind model and counted stage set in the returned dict (None: none)."""
    chosen: dict[str, object] = {"kind": None, "stage": None}
    monkeypatch.setattr(_funding, "load_model", lambda: chosen["kind"])
    monkeypatch.setattr(_funding, "load_counted_stage", lambda: chosen["stage"])
    return chosen


def test_the_kind_model_takes_new_money_out_of_the_totals_only_when_at_least_85_percent_sure(
        models: dict[str, object]) -> None:
    models["kind"] = sure("background", "new", 0.82)
    (mention,) = funding(NEW_MONEY)
    assert (mention.category, mention.counted) == (NEW_FEDERAL, True)
    models["kind"] = sure("background", "new", 0.95)
    (mention,) = funding(NEW_MONEY)
    assert (mention.category, mention.counted) == (BACKGROUND, False)


def test_which_kind_of_money_a_figure_is_stays_the_rules_call_however_sure_the_model(
        models: dict[str, object]) -> None:
    """A pledge by philanthropies is theirs: a model sure it is federal money does not make it so
    (it may only take a figure out of money), or the answer's "Commitments by companies and
    foundations" would lose it to "New federal funding"."""
    pledge = "Philanthropies pledged $200 million to the effort.\n"
    (mention,) = funding(pledge)
    assert mention.category == PRIVATE_COMMITMENT
    models["kind"] = sure("new", "commitment", 0.99)
    (mention,) = funding(pledge)
    assert (mention.category, mention.counted) == (PRIVATE_COMMITMENT, True)
    models["kind"] = sure("statistic", "commitment", 0.99)
    (mention,) = funding(pledge)
    assert not mention.counted


def test_the_kind_model_moves_a_figure_the_rules_read_as_earlier_money_into_money_only_when_80_percent_sure(
        models: dict[str, object]) -> None:
    """"Building on previous support, the DFC will invest $30 million" reads to the rules as money of before; a
    model that has seen many such sentences labelled as the sheet's news may count it, but only when very sure."""
    earlier = "Building on previous support, the Department will invest $30 million in bridges.\n"
    (mention,) = funding(earlier)
    assert (mention.category, mention.counted) == (BACKGROUND, False)
    models["kind"] = sure("new", "background", 0.78)
    (mention,) = funding(earlier)
    assert (mention.category, mention.counted) == (BACKGROUND, False)
    models["kind"] = sure("new", "background", 0.82)
    (mention,) = funding(earlier)
    assert (mention.category, mention.counted) == (NEW_FEDERAL, True)


def test_a_figure_the_rules_leave_unclear_becomes_money_when_the_model_is_65_percent_sure(
        models: dict[str, object]) -> None:
    """"The program: $5 million." says nothing the rules read; the model's reading of it decides at less than it takes
    to overrule a reading the rules did make."""
    bare = "The program: $5 million.\n"
    (mention,) = funding(bare)
    assert (mention.category, mention.counted) == (OTHER, False)
    models["kind"] = sure("new", "background", 0.62)
    (mention,) = funding(bare)
    assert (mention.category, mention.counted) == (OTHER, False)
    models["kind"] = sure("new", "background", 0.68)
    (mention,) = funding(bare)
    assert (mention.category, mention.counted) == (NEW_FEDERAL, True)


def test_money_a_sheet_that_looks_back_says_will_come_stays_out_however_sure_the_model(
        models: dict[str, object]) -> None:
    """A report on the work so far that says a department "will invest" is telling what its programs do, and the
    model reads no tense: the rules' reading stands."""
    body = "The Department of State will invest $6 million in school meals for girls.\n"
    report = parse_document(("---\ntitle: On the Anniversary of the Hunger Summit, a Look at the Work So Far\n"
                             f"date: 2024-06-17\n---\n{body}").encode(), "t.md").funding
    assert [(m.category, m.counted) for m in report] == [(BACKGROUND, False)]
    models["kind"] = sure("new", "background", 0.99)
    report = parse_document(("---\ntitle: On the Anniversary of the Hunger Summit, a Look at the Work So Far\n"
                             f"date: 2024-06-17\n---\n{body}").encode(), "t.md").funding
    assert [(m.category, m.counted) for m in report] == [(BACKGROUND, False)]


def test_the_counted_stage_leaves_a_figure_out_of_the_totals_only_past_its_threshold(
        models: dict[str, object]) -> None:
    models["stage"] = CountedStage(sure("not", "counted", 0.95), out_at=0.97, in_at=2.0)
    assert [m.counted for m in funding(NEW_MONEY)] == [True]
    models["stage"] = CountedStage(sure("not", "counted", 0.95), out_at=0.9, in_at=2.0)
    (mention,) = funding(NEW_MONEY)
    assert not mention.counted
    assert mention.category == NEW_FEDERAL  # read as before, only not added


def test_a_whole_the_counted_stage_puts_into_the_totals_does_not_add_its_parts_too(
        models: dict[str, object]) -> None:
    assert [m.counted for m in funding(EARLIER_MONEY)] == [False, False, False]
    models["stage"] = CountedStage(sure("counted", "not", 0.95), out_at=2.0, in_at=0.9)
    mentions = funding(EARLIER_MONEY)
    assert [m.counted for m in mentions] == [True, False, False]
    assert mentions[0].category == NEW_FEDERAL
    assert sum(m.amount_usd for m in mentions if m.counted) == 10e9



@pytest.mark.parametrize("given_now", [
    "The State Department will provide $20 million to a hospital.\n",
    "The President’s supplemental funding request includes more than $1.2 billion to stop fentanyl.\n",
    "The FY24 budget requests $1 billion for ports.\n",
    "The President will announce more than $130 million to get people vaccinated.\n",
    "HHS is funding $9 million in new grants to community health centers.\n",
    "The Department is launching a new $1.25 million program in Africa.\n",
    "USAID is committing $25 million towards assistive technology.\n",
    "The Administration intends to request from Congress up to $20 million in additional funding for the grid.\n",
    "The Administration has submitted an urgent request to Congress for $5 billion to respond to the virus.\n",
])
def test_the_counted_stage_does_not_take_out_money_the_sentence_says_is_being_given(
        models: dict[str, object], given_now: str) -> None:
    """However sure the stage, money being given or asked for ("will provide", a request that "includes") stays
    in the totals; the same money reported as done does not."""
    models["stage"] = CountedStage(sure("not", "counted", 0.99), out_at=0.7, in_at=2.0)
    (given,) = funding(given_now)
    assert given.counted
    (reported,) = funding(NEW_MONEY)
    assert not reported.counted


@pytest.mark.parametrize(("title", "heading", "counted"), [
    ("Administration Announces New Funding", "New Actions", True),
    ("Administration Celebrates a Year of Progress", "New Actions", False),
    ("Administration Announces New Funding", "Building on Progress", False),
])
def test_the_learned_parts_read_the_sheets_title_and_the_heading_above_a_figure(
        models: dict[str, object], title: str, heading: str, counted: bool) -> None:
    """The same sentence can be this sheet's news or a record of earlier money: a stage that learned that
    "Celebrates" sheets and "Building on" sections hold earlier money leaves it out of those only."""
    stage = LinearModel(classes=("counted", "not"), bias=(0.0, -5.0),
                        weights={"t:celebrates": (0.0, 10.0), "h:building": (0.0, 10.0)})
    models["stage"] = CountedStage(stage, out_at=0.7, in_at=2.0)
    document = parse_document(f"---\ntitle: {title}\n---\n## {heading}\n\n{NEW_MONEY}".encode(), "t.md")
    (mention,) = document.funding
    assert mention.counted is counted


@pytest.mark.parametrize(("opening", "counted"), [
    ("Since the first round of grants to cities and counties across the country in 2021", False),
    ("Under the first round of grants to cities and counties across the country this spring", True),
])
def test_the_counted_stage_reads_words_of_time_anywhere_in_the_figures_sentence(
        models: dict[str, object], opening: str, counted: bool) -> None:
    """"Since …" far from the figure, in another clause, still says the money was given before: the stage reads the
    sentence's words of time, not only the six words either side."""
    stage = LinearModel(classes=("counted", "not"), bias=(0.0, -5.0), weights={"s:since": (0.0, 10.0)})
    models["stage"] = CountedStage(stage, out_at=0.7, in_at=2.0)
    (mention,) = funding(f"{opening}, the Department today announced $5 million to repair bridges.\n")
    assert mention.counted is counted


def test_the_amount_the_title_announces_stays_in_the_totals_however_sure_the_learned_parts(
        models: dict[str, object]) -> None:
    """"… Announces $5.5 Billion to Boost Affordable Housing": the body's first statement of the title's amount is the
    money the sheet announces. Neither the kind model nor the counted stage may take it out, or the answer to "how much
    did this sheet announce" would be $0 while the title says $5.5 billion; other figures stay theirs to judge."""
    body = ("Today, the Vice President announced a crucial infusion of funds: $5.5 billion in grants to build "
            "affordable housing.\n\nThe Department will also provide $20 million to train builders.\n")

    def parse() -> list[FundingMention]:
        return parse_document(("---\ntitle: Vice President Announces $5.5 Billion to Boost Affordable Housing\n---\n"
                               + body).encode(), "t.md").funding

    assert [m.counted for m in parse()] == [True, False]  # the $20 million is part of the headline's money
    models["kind"] = sure("background", "new", 0.99)
    headline, other = parse()
    assert (headline.category, headline.counted) == (NEW_FEDERAL, True)
    assert other.category == BACKGROUND
    models["kind"] = None
    models["stage"] = CountedStage(sure("not", "counted", 0.99), out_at=0.6, in_at=2.0)
    assert parse()[0].counted


def test_the_kind_model_may_tell_federal_money_given_from_money_asked_for_when_75_percent_sure(
        models: dict[str, object]) -> None:
    """"The Budget invests $4.5 billion in clean energy" is asked of Congress, whatever its verb: the model may read
    the government's money as requested rather than given (or the reverse) when at least 75% sure. It still may not
    make a company's pledge federal money (the test above)."""
    given = "The Department invests $4.5 billion in clean energy across America.\n"
    (mention,) = funding(given)
    assert (mention.category, mention.counted) == (NEW_FEDERAL, True)
    models["kind"] = sure("request", "new", 0.7)
    (mention,) = funding(given)
    assert mention.category == NEW_FEDERAL
    models["kind"] = sure("request", "new", 0.8)
    (mention,) = funding(given)
    assert (mention.category, mention.counted) == (BUDGET_REQUEST, True)


@pytest.mark.parametrize(("sentence", "model_says", "category"), [
    ("In South Dakota, a family of 3 earning $46,000 could save on premiums.\n", "per_unit", THRESHOLD),
    ("The plan raised the family income limit to $170,000 for the program.\n", "background", THRESHOLD),
    ("Under the agreement, the inhaler will see its price cut from $202 to $30.\n", "per_unit", PRICE),
    ("The fund aims to mobilize $70 million for climate adaptation.\n", "background", ESTIMATE),
    ("The hub will revolutionize the $90 billion textile industry by advancing new fibers.\n", "background", STATISTIC),
    ("As a result, in 2023, the U.S. imported $274 million of shellfish.\n", "background", STATISTIC),
    ("The deals are worth $62.6 billion in new two-way trade and investment.\n", "background", STATISTIC),
])
def test_the_words_at_a_figure_name_its_kind_of_not_money_however_sure_the_model(
        models: dict[str, object], sentence: str, model_says: str, category: str) -> None:
    """An income line ("a family earning $46,000"), a price before and after a cut, money hoped for ("aims to
    mobilize") and a fact about the economy ("the $90 billion textile industry") are what the words right at the
    figure say, whatever kind of not-money the model would name; none is added."""
    models["kind"] = sure(model_says, "statistic", 0.99)
    first, *_ = funding(sentence)
    assert (first.category, first.counted) == (category, False)
