"""Dollar figures: amounts, phrases, categories, and what counts toward totals."""

from __future__ import annotations

import pytest

from bot.ingest import parse_document
from bot.model import (
    BACKGROUND,
    BUDGET_REQUEST,
    CATEGORIES,
    NEW_FEDERAL,
    PRIVATE_COMMITMENT,
    STATE_LOCAL_COMMITMENT,
    STATISTIC,
    SUPPLEMENTAL_REQUEST,
    FundingMention,
    ParsedDocument,
)

# A sheet's title and date are evidence too (a sheet that only looks back adds nothing not
# announced today; a law's money months after the law is background): these tests read
# sentences in a sheet that announces something and has no date, unless they say otherwise.
ANNOUNCING = "Administration Announces New Funding"


def parse(body: str, title: str = ANNOUNCING, date: str | None = None) -> ParsedDocument:
    dated = f"date: {date}\n" if date else ""
    raw = f"---\ntitle: {title}\n{dated}---\n{body}".encode()
    return parse_document(raw, "test.md")


def funding(body: str, title: str = ANNOUNCING, date: str | None = None) -> list[FundingMention]:
    return parse(body, title, date).funding


def counted_total(mentions: list[FundingMention]) -> float:
    return sum(m.amount_usd for m in mentions if m.counted)


# ---- amounts and phrases ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "amount", "figure"),
    [
        ("It costs $26 billion.", 26e9, "$26 billion"),
        ("It costs $4.2\u00a0billion.", 4.2e9, "$4.2 billion"),
        ("It costs $1.55 billion.", 1.55e9, "$1.55 billion"),
        ("It costs $750,000 a year.", 750_000, "$750,000"),
        ("It costs $1 trillion.", 1e12, "$1 trillion"),
        ("It costs $3.5M today.", 3.5e6, "$3.5M"),
        ("It costs $2.5B today.", 2.5e9, "$2.5B"),
        ("It costs $10 million.", 10e6, "$10 million"),
        ("It costs $600 Million.", 600e6, "$600 Million"),
        ("It costs $1-2 billion.", 1e9, "$1-2 billion"),
        ("It costs $1 to $2 billion.", 1e9, "$1 to $2 billion"),
        ("It costs between $250 and $500 million each.", 250e6, "$250 and $500 million"),
        ("It costs $15 per hour.", 15, "$15"),
    ],
)
def test_dollar_figures(sentence: str, amount: float, figure: str) -> None:
    (mention,) = funding(f"- **Item.** {sentence}\n")
    assert mention.amount_usd == amount
    assert mention.text == figure
    assert mention.qualifier is None


def test_figure_followed_by_a_number_that_is_not_dollars() -> None:
    mentions = funding("It gives $5 million to 10 communities and $750,000 and $1 trillion more.\n")
    assert [m.text for m in mentions] == ["$5 million", "$750,000", "$1 trillion"]


@pytest.mark.parametrize(
    "qualifier",
    ["more than", "over", "nearly", "almost", "up to", "at least", "about", "approximately", "roughly",
     "an estimated", "upwards of", "in excess of"],
)
def test_qualifier_is_part_of_the_phrase_and_reported_in_lowercase(qualifier: str) -> None:
    written = qualifier.capitalize()
    (mention,) = funding(f"{written} $1.2 billion will flow.\n")
    assert mention.text == f"{written} $1.2 billion"
    assert mention.qualifier == qualifier
    assert mention.amount_usd == 1.2e9


def test_figure_inside_link_text_sentence_is_plain_and_initiative_recorded() -> None:
    doc = parse(
        "Prose with $1 million.\n\n"
        "- **Deploying technology.** The budget [called for $535 million in U.S. Customs and Border "
        "Protection](https://example.gov/x), with a focus on ports.\n"
    )
    prose, linked = doc.funding
    assert prose.initiative_order is None
    assert linked.initiative_order == 0
    assert linked.amount_usd == 535e6
    assert linked.sentence == (
        "The budget called for $535 million in U.S. Customs and Border Protection, with a focus on ports."
    )
    assert [m.position for m in doc.funding] == [0, 1]


# ---- categories ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "category", "fiscal_year"),
    [
        ("The President requested $26 billion for treatment in his FY24 budget request.", BUDGET_REQUEST, 2024),
        ("The Fiscal Year 2024 Budget provides $5 billion for rail.", BUDGET_REQUEST, 2024),
        ("The President’s FY 2023 Budget invests $3 billion in research.", BUDGET_REQUEST, 2023),
        ("The President is requesting $1.55 billion in his supplemental budget request.", SUPPLEMENTAL_REQUEST, None),
        ("The national security supplemental includes more than $1.2 billion.", SUPPLEMENTAL_REQUEST, None),
        ("The Bipartisan Infrastructure Law provides $65 billion for broadband.", NEW_FEDERAL, None),
        ("Thanks to the Inflation Reduction Act, $369 billion goes to clean energy.", NEW_FEDERAL, None),
        ("The American Rescue Plan provides $350 billion to states.", NEW_FEDERAL, None),
        # Said in the past tense, money already given is background, not new in this sheet.
        ("The American Rescue Plan delivered $350 billion to states.", BACKGROUND, None),
        ("The CHIPS and Science Act provides $52 billion for chips.", NEW_FEDERAL, None),
        ("The bill was signed into law with $10 billion for bridges.", NEW_FEDERAL, None),
        ("The HIDTA program devotes more than $302 million to law enforcement.", NEW_FEDERAL, None),
        ("The Department of Labor is awarding $89 million to YouthBuild sites.", NEW_FEDERAL, None),
        ("The Department of Labor awarded $89 million to YouthBuild sites.", BACKGROUND, None),
        ("DOT is making $1 billion in grants available to cities.", NEW_FEDERAL, None),
        ("Microsoft is committing $500 million to skills training.", PRIVATE_COMMITMENT, None),
        ("Philanthropies pledged $200 million to the effort.", PRIVATE_COMMITMENT, None),
        ("Private-sector partners will commit $1 billion to the region.", PRIVATE_COMMITMENT, None),
        ("The private sector has mobilized $1 billion for the region.", BACKGROUND, None),
        ("Intel will invest $20 billion in two new factories.", PRIVATE_COMMITMENT, None),
        ("It builds on an investment by Intel of $20 billion.", BACKGROUND, None),
        ("Each day, nearly $1.9 billion in trade crosses our shared border.", STATISTIC, None),
    ],
)
def test_categories(sentence: str, category: str, fiscal_year: int | None) -> None:
    (mention,) = funding(f"{sentence}\n")
    assert mention.category == category
    assert mention.fiscal_year == fiscal_year


def test_president_budget_takes_the_fiscal_year_from_the_title_when_the_sentence_has_none() -> None:
    (mention,) = funding("The President’s Budget provides $2 billion for the Corps.\n",
                         title="'Fact sheet: the FY 2025 President’s Budget'")
    assert mention.category == BUDGET_REQUEST
    assert mention.fiscal_year == 2025


def test_government_investment_is_not_a_private_commitment() -> None:
    mentions = funding("The Administration is investing $3 billion. The city is investing $30 million.\n")
    assert [m.category for m in mentions] == [NEW_FEDERAL, STATE_LOCAL_COMMITMENT]


def test_every_category_is_a_known_one() -> None:
    mentions = funding("$1 for a. $2 in the FY25 budget. $3 awarded. $4 pledged by firms. $5 supplemental.\n")
    assert {m.category for m in mentions} <= set(CATEGORIES)


# ---- repeats ------------------------------------------------------------------------------------


def test_the_same_amount_for_the_same_purpose_counts_once() -> None:
    mentions = funding(
        "- **Border.** The supplemental funding request includes more than $1.2 billion to stop fentanyl; "
        "portions will support 1,300 agents.\n"
        "- **Detection.** The supplemental funding request includes more than $1.2 billion to stop fentanyl; "
        "portions will deploy 100 machines.\n"
    )
    assert [(m.counted, m.reason, m.parent_position) for m in mentions] == [
        (True, None, None), (False, "repeat of $1.2 billion", 0)]


def test_same_amount_for_different_places_counts_twice() -> None:
    mentions = funding("- North Carolina: $4.1 million\n- South Carolina: $4.1 million\n")
    assert all(m.counted for m in mentions)


def test_same_amount_in_one_sentence_for_two_things_counts_twice() -> None:
    mentions = funding("The grants give $5 million for Boston and $5 million for Denver.\n")
    assert all(m.counted for m in mentions)


def test_same_amount_different_category_counts_twice() -> None:
    mentions = funding(
        "The FY24 budget requests $1 billion for ports. The supplemental requests $1 billion for ports.\n"
    )
    assert all(m.counted for m in mentions)


def test_a_back_reference_to_an_amount_is_a_repeat() -> None:
    mentions = funding(
        "The actions are funded by $600 million from the Bipartisan Infrastructure Law.\n\n"
        "The $600 million in the Bipartisan Infrastructure Law serves as a bridge for two years.\n"
    )
    assert [(m.reason, m.parent_position) for m in mentions] == [(None, None), ("repeat of $600 million", 0)]


def test_a_sum_after_announce_that_is_not_a_back_reference_to_an_earlier_equal_sum() -> None:
    mentions = funding(
        "The Department of Labor is awarding $5 million to train nurses in Ohio.\n\n"
        "Separately, the Department of Energy will announce that $5 million will fund solar installer training in "
        "Texas.\n"
    )
    assert [m.counted for m in mentions] == [True, True]
    assert counted_total(mentions) == 10_000_000


def test_items_under_their_own_bold_titles_are_separate_programmes_not_one_total() -> None:
    """Each item announces its own money: the first item's hedged sum is no total for the others, and an equal
    hedged sum in another item is another programme."""
    mentions = funding(
        "The Administration is taking new steps to get more people vaccinated.\n\n"
        "**Hiring Outreach Workers:** The President will announce nearly $200 million in grants for community "
        "groups to hire outreach workers.\n\n"
        "**Better Education Materials:** The President will announce more than $90 million to produce and translate "
        "education materials.\n\n"
        "**The Next Phase of Outreach:** The President will announce that nearly $200 million will go to state and "
        "city health departments.\n"
    )
    assert [(m.counted, m.reason) for m in mentions] == [(True, None)] * 3
    assert counted_total(mentions) == 490_000_000


def test_an_item_saying_another_items_award_again_in_the_same_words_counts_once() -> None:
    mentions = funding(
        "**Climate Data for Communities:** NOAA is awarding more than $171 million in new climate research grants "
        "and hosting workshops for local planners.\n\n"
        "**Research Grants:** To further support climate science, NOAA is awarding more than $171 million in grants "
        "to universities and laboratories.\n"
    )
    assert [(m.counted, m.reason) for m in mentions] == [(True, None), (False, "repeat of $171 million")]


def test_a_sum_announced_plainly_and_later_with_more_than_counts_once() -> None:
    mentions = funding(
        "The Department of the Treasury announces $50 million to help small businesses secure financing.\n\n"
        "The Department of the Treasury is announcing awards of more than $50 million to 20 states to provide legal "
        "and accounting advice.\n"
    )
    assert [(m.counted, m.reason) for m in mentions] == [(True, None), (False, "repeat of $50 million")]
    assert counted_total(mentions) == 50_000_000


def test_an_exact_sum_of_millions_in_a_summary_and_again_in_its_section_counts_once() -> None:
    mentions = funding(
        "The Vice President will announce new climate initiatives, including putting $17.5 million toward the fund "
        "for responding to loss and damage.\n\n"
        "## Responding to Climate Impacts\n\n"
        "Announcing $17.5 million for the fund for climate impact response, subject to notification.\n"
    )
    assert [(m.counted, m.reason) for m in mentions] == [(True, None), (False, "repeat of $17.5 million")]


def test_a_figure_in_the_title_restated_in_the_text_counts_once() -> None:
    mentions = funding(
        "- **Access to $3 billion in Debt Capital.** DOE’s Loan Programs Office released guidance for "
        "$3 billion in loan guarantees.\n"
    )
    assert [m.counted for m in mentions] == [True, False]


# ---- parts of a parent amount -------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "The budget called for $535 million for technology, including $305 million for inspection systems.\n",
        "The budget called for $535 million for technology, of which $305 million is for inspection.\n",
        "The budget called for $535 million for technology. Of this amount, $305 million is for inspection.\n",
        "The budget called for $535 million for technology. $305 million of that is for inspection.\n",
    ],
)
def test_an_amount_introduced_as_part_of_another_is_nested(body: str) -> None:
    parent, child = funding(body)
    assert (parent.counted, parent.reason, parent.parent_position) == (True, None, None)
    assert (child.counted, child.reason, child.parent_position) == (False, "part of $535 million", 0)


def test_several_parts_of_one_parent() -> None:
    mentions = funding(
        "The Budget provides more than $494 million in grants, including $190 million for opioids, "
        "$95 million for drug courts, and $40 million for veterans.\n"
    )
    assert [m.reason for m in mentions] == [None] + ["part of $494 million"] * 3
    assert [m.parent_position for m in mentions] == [None, 0, 0, 0]
    assert counted_total(mentions) == 494e6


def test_a_larger_amount_is_never_part_of_a_smaller_one() -> None:
    mentions = funding("We gave $5 million to towns, including $8 million from states.\n")
    assert all(m.counted for m in mentions)


def test_parts_cannot_add_up_to_more_than_the_parent() -> None:
    mentions = funding("It offers $10 million, including $6 million for A and $7 million for B.\n")
    assert [m.counted for m in mentions] == [True, False, True]


# ---- stated totals ------------------------------------------------------------------------------


def test_a_stated_total_is_not_added_on_top_of_its_parts() -> None:
    # The outermost figure counts: the stated total, with its parts listed under it.
    mentions = funding("The plan invests a total of $3 billion: $1 billion for roads and $2 billion for rail.\n")
    assert [(m.amount_usd, m.counted, m.reason) for m in mentions] == [
        (3e9, True, None), (1e9, False, "part of $3 billion"), (2e9, False, "part of $3 billion"),
    ]
    assert counted_total(mentions) == 3e9


def test_a_total_stated_after_its_parts() -> None:
    mentions = funding("It adds $200 million to its earlier $250 million, for a total of $450 million.\n")
    assert [m.reason for m in mentions] == ["part of $450 million", "part of $450 million", None]
    assert counted_total(mentions) == 450e6


def test_a_prose_total_followed_by_a_list_of_its_parts() -> None:
    mentions = funding(
        "Today the Department announces $1.55 billion for three programs:\n\n"
        "- **Roads.** $1 billion for roads.\n"
        "- **Rail.** $500 million for rail.\n"
        "- **Ports.** $50 million for ports.\n"
    )
    assert [m.reason for m in mentions] == [None] + ["part of $1.55 billion"] * 3
    assert counted_total(mentions) == 1.55e9


def test_a_total_whose_parts_do_not_add_up_is_counted() -> None:
    # The whole still counts when its parts add up to less (answers say "parts add up to $2.5
    # billion of the stated $3 billion"); the parts are listed under it, not added.
    mentions = funding(
        "The plan invests a total of $3 billion: $1 billion for roads and $1.5 billion for rail.\n\n"
        "Today the Department announces $5 billion:\n\n- $1 billion for roads.\n- $2 billion for rail.\n"
    )
    assert [m.counted for m in mentions] == [True, False, False, True, False, False]
    assert counted_total(mentions) == 8e9


def test_unrelated_figures_further_down_are_not_parts_of_a_total() -> None:
    mentions = funding(
        "- **$1 billion to expand sequencing:** This funding helps states.\n\n"
        "A breakdown of $400 million is below.\n\n"
        "Another $600 million goes to labs.\n"
    )
    assert all(m.counted for m in mentions)


def test_a_flood_of_figures_is_cut_off_with_a_warning() -> None:
    doc = parse("".join(f"- Line {n} gives ${n + 1} million.\n" for n in range(5200)))
    assert len(doc.funding) == 5000
    assert doc.funding[-1].amount_usd == 5000e6
    assert any("dollar figures" in w for w in doc.warnings)


# ---- the sheet as evidence ------------------------------------------------------------------------


def test_a_sheet_that_only_looks_back_adds_only_money_announced_today() -> None:
    body = ("The Department awarded $89 million to YouthBuild sites.\n\n"
            "Today, the Department is announcing $40 million for apprenticeships.\n")
    looking_back = funding(body, title="One Year In, the Administration Celebrates Progress on Jobs")
    assert [(m.amount_usd, m.counted, m.kind) for m in looking_back] == [
        (89e6, False, "background"), (40e6, True, "new")]
    assert looking_back[0].reason == "announced earlier or cumulative"


def test_a_laws_money_is_new_in_the_sheet_that_presents_it_and_background_months_later() -> None:
    sentence = "The Bipartisan Infrastructure Law provides $65 billion for broadband.\n"
    at_signing = funding(sentence, date="2021-11-20")
    a_year_later = funding(sentence, date="2022-11-20")
    assert [(m.counted, m.kind) for m in at_signing] == [(True, "new")]
    assert [(m.counted, m.kind) for m in a_year_later] == [(False, "background")]


def test_a_total_followed_by_its_parts_is_counted_once() -> None:
    mentions = funding("The plan invests a total of $3 billion: $1 billion for roads and $2 billion for rail.\n")
    assert [m.reason for m in mentions] == [None, "part of $3 billion", "part of $3 billion"]
    assert counted_total(mentions) == 3e9


def test_a_figure_larger_than_any_money_provided_is_a_statistic() -> None:
    mentions = funding("The partnership will invest in an $18 trillion marketplace across the region.\n")
    assert [(m.kind, m.counted) for m in mentions] == [("statistic", False)]


def test_no_more_than_is_an_upper_bound_not_a_lower_one() -> None:
    (mention,) = funding("Families will pay no more than $10 a day for child care.\n")
    assert mention.qualifier == "no more than"
    assert not mention.is_lower_bound


@pytest.mark.parametrize("text", [
    "The plan provides $99999999999999999999 trillion for roads.",
    "The plan provides $1e308 for roads.",
    "The plan provides $2E+12 for roads.",
])
def test_absurd_or_scientific_amounts_are_not_money(text: str) -> None:
    doc = parse(text + "\n")
    assert doc.funding == []
    assert any("not read as money" in warning for warning in doc.warnings)


def test_the_largest_real_figures_are_still_read() -> None:
    (mention,) = funding("The Budget proposes $7.3 trillion in spending.\n")
    assert mention.amount_usd == 7.3e12


# ---- list items and the sentences around a figure ------------------------------------------------


def test_list_items_with_no_cue_take_the_kind_their_introduction_announces() -> None:
    requested = funding("The FY 2025 Budget requests funding for these states:\n\n- Ohio: $4 million\n- Iowa: $6 million\n")
    assert [(m.category, m.counted) for m in requested] == [(BUDGET_REQUEST, True), (BUDGET_REQUEST, True)]
    spent = funding("Medicare spent the most on these drugs last year:\n\n- Eliquis: $16 billion\n- Jardiance: $7 billion\n")
    assert [m.counted for m in spent] == [False, False]
    assert counted_total(spent) == 0


def test_money_already_mobilized_or_spurred_is_background_not_an_estimate() -> None:
    mentions = funding(
        "Since 2021, the Administration has helped spur over $500 billion in private investment to lower costs.\n\n"
        "The Administration mobilized over $2 billion in private resources to close gender gaps online.\n"
    )
    assert [(m.category, m.counted) for m in mentions] == [(BACKGROUND, False), (BACKGROUND, False)]


def test_a_pronoun_keeps_the_company_as_the_giver() -> None:
    mentions = funding(
        "- **DANONE:** Danone North America will invest $22 million over 7 years in healthier diets. "
        "It will also invest $6.35 million to build the capacity of community organizations.\n"
    )
    assert [m.category for m in mentions] == [PRIVATE_COMMITMENT, PRIVATE_COMMITMENT]
