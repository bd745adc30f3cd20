"""Money rules judged on sheets they were not written from: each test is a way English states
money that the rules read generally, not a phrase of one sheet."""

from __future__ import annotations

from bot.ingest import parse_document
from bot.model import BACKGROUND, FOREIGN_COMMITMENT, NEW_FEDERAL, PRIVATE_COMMITMENT, FundingMention


def funding(body: str, title: str = "Administration Announces New Funding", date: str | None = None
            ) -> list[FundingMention]:
    dated = f"date: {date}\n" if date else ""
    return parse_document(f"---\ntitle: {title}\n{dated}---\n{body}".encode(), "test.md").funding


def test_money_measured_as_private_commitments_is_private_whoever_announces_it() -> None:
    (mention,) = funding("Vice President Harris today announced more than $1.9 billion in new private sector "
                         "commitments to create economic opportunity in the region.\n")
    assert mention.category == PRIVATE_COMMITMENT
    assert mention.counted


def test_parts_of_a_headline_total_of_private_commitments_are_private_too() -> None:
    mentions = funding(
        "Across the whole of society, Americans responded and advanced more than $5 million in private- and "
        "public-sector commitments.\n\n"
        "- Acme Foods will invest $2 million to build a new plant.\n"
        "- At least $3 million will be invested in start-up ventures.\n",
        title="Vice President Announces More Than $5 Million in New Private Sector Commitments",
    )
    assert [m.category for m in mentions] == [PRIVATE_COMMITMENT] * 3
    assert [m.counted for m in mentions] == [True, False, False]


def test_a_pledge_said_again_in_other_words_by_the_same_giver_counts_once() -> None:
    mentions = funding(
        "The President secured a historic deal.\n\n"
        "The EU will purchase $750 billion in U.S. energy and make new investments of $600 billion in the "
        "United States, all by 2028.\n\n"
        "Other provisions cover tariffs and standards.\n\n"
        "- Investment: The EU will invest $600 billion in the United States over the course of the term.\n",
        title="The United States and the European Union Reach a Trade Deal",
    )
    assert [m.category for m in mentions] == [FOREIGN_COMMITMENT] * 3
    assert [m.counted for m in mentions] == [True, True, False]
    assert mentions[2].parent_position == 1


def test_equal_pledges_by_different_givers_both_count() -> None:
    mentions = funding(
        "The President secured historic deals.\n\n"
        "Japan will invest $600 billion in the United States by 2029.\n\n"
        "Other provisions cover tariffs and standards.\n\n"
        "- Investment: The EU will invest $600 billion in the United States over the course of the term.\n",
        title="The United States Reaches Trade Deals",
    )
    assert [m.counted for m in mentions] == [True, True]


def test_a_laws_money_someone_will_now_invest_is_new_months_after_the_law() -> None:
    (mention,) = funding("The Administration will invest $7.4 billion from the American Rescue Plan to recruit "
                         "public health workers.\n", date="2021-05-13")
    assert mention.category == NEW_FEDERAL
    assert mention.counted


def test_a_laws_money_already_spent_months_after_the_law_is_background() -> None:
    (mention,) = funding("Schools used $122 billion from the American Rescue Plan to reopen safely.\n",
                         date="2022-03-01")
    assert mention.category == BACKGROUND
    assert not mention.counted



def test_a_budget_request_that_builds_on_earlier_money_is_still_a_request() -> None:
    (mention,) = funding("The Budget builds on our discretionary investments to include over $2.3 billion "
                         "for the Indo-Pacific region.\n", title="The President's Budget Keeps America Safe")
    assert mention.kind == "request"
    assert mention.counted


def test_earlier_money_a_request_sentence_names_is_still_background() -> None:
    (mention,) = funding("Congress has already provided $2.3 billion since 2021, and the Budget continues "
                         "that work.\n", title="The President's Budget Keeps America Safe")
    assert mention.kind == "background"
    assert not mention.counted


def test_money_measured_as_deals_is_the_other_sides_commitment() -> None:
    mentions = funding("In Riyadh, President Trump announced over $300 billion in commercial deals with "
                       "Saudi Arabia.\n\nThe President also announced economic deals totaling more than "
                       "$20 billion with Brazil.\n", title="President Trump Secures Historic Deals")
    assert [m.category for m in mentions] == [FOREIGN_COMMITMENT, FOREIGN_COMMITMENT]


def test_money_a_president_announces_that_is_no_deal_stays_federal() -> None:
    (mention,) = funding("In Riyadh, President Trump announced over $300 million in new funding for "
                         "American schools.\n", title="President Trump Secures Historic Deals")
    assert mention.category == NEW_FEDERAL
