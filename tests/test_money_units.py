"""Units written once for many figures: a table "in billions", and "$973B" / "$973 B"."""

from __future__ import annotations

import pytest

from bot.ingest import parse_document
from bot.ingest._money import find_money
from bot.model import FundingMention


def funding(body: str) -> list[FundingMention]:
    raw = f"---\ntitle: Administration Announces New Funding\n---\n{body}".encode()
    return parse_document(raw, "test.md").funding


def amounts(body: str) -> dict[str, float]:
    return {m.text: m.amount_usd for m in funding(body)}


# ---- a capital letter after the number ----------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "figure", "amount"),
    [
        ("Spending over five years = $973B.", "$973B", 973e9),
        ("Spending over eight years = $1,209B in all.", "$1,209B", 1209e9),
        ("The program gets $3.5 B for water.", "$3.5 B", 3.5e9),
        ("The program gets $40 M for water.", "$40 M", 40e6),
        ("Each grant is $250 K at most.", "$250 K", 250e3),
        ("The economy is worth $2 T.", "$2 T", 2e12),
    ],
)
def test_a_capital_letter_unit_attached_or_after_a_space(sentence: str, figure: str, amount: float) -> None:
    assert amounts(sentence + "\n") == {figure: amount}


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("Schools get $20 K-12 supplies.", "$20"),
        ("Families save $5 M&A fees.", "$5"),
        ("Fans buy $15 T-shirts.", "$15"),
        ("Firms pay $5 Bonus points.", "$5"),
        ("Firms pay $5Bonus points.", "$5"),
    ],
)
def test_a_capital_letter_that_starts_a_word_is_not_a_unit(sentence: str, figure: str) -> None:
    assert amounts(sentence + "\n") == {figure: float(figure.lstrip("$"))}


@pytest.mark.parametrize(
    ("sentence", "figure", "amount"),
    [
        ("The fund invested $220m in mining projects.", "$220m", 220e6),
        ("Michigan is investing $50mm in hospitals across the state.", "$50mm", 50e6),
        ("HHS expects additional investments of $26 millionin sterilization.", "$26 million", 26e6),
        ("The credit is worth $1.33 billionannually to families.", "$1.33 billion", 1.33e9),
    ],
)
def test_a_lower_case_m_and_a_unit_run_into_the_next_word_still_scale(sentence: str, figure: str,
                                                                      amount: float) -> None:
    """Sheets write "$220m" and lose the space after a unit word ("$26 millionin"): the figure is
    still millions, not $220 or $26."""
    assert amounts(sentence + "\n") == {figure: amount}


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("The tax cut for $2 billionaires is wrong.", "$2"),
        ("Bets of $5 millions are a figure of speech.", "$5"),
        ("The pills cost $5 mg for mg.", "$5"),
    ],
)
def test_other_words_that_start_with_a_unit_do_not_scale(sentence: str, figure: str) -> None:
    assert amounts(sentence + "\n") == {figure: float(figure.lstrip("$"))}


# ---- tables whose header gives the scale ---------------------------------------------------------

HTML_TABLE = """**Framework**

<table>
<tbody>
<tr><td> </td><td><strong>Amount (billions)</strong></td></tr>
<tr><td><strong>Total</strong></td><td><strong>$579</strong></td></tr>
<tr><td>Roads, bridges</td><td>$109</td></tr>
<tr><td>Electric buses /
transit</td><td>$7.5</td></tr>
<tr><td>Pilot</td><td>$5 million</td></tr>
</tbody>
</table>
"""


def test_an_html_table_in_billions_scales_its_bare_figures_only() -> None:
    assert amounts(HTML_TABLE) == {"$579": 579e9, "$109": 109e9, "$7.5": 7.5e9, "$5 million": 5e6}


def test_a_column_header_scales_its_own_column_only() -> None:
    body = ("<table><tr><th>State</th><th>Award (in thousands)</th><th>Per person</th></tr>"
            "<tr><td>Ohio</td><td>$12</td><td>$4</td></tr></table>\n")
    assert amounts(body) == {"$12": 12e3, "$4": 4}


@pytest.mark.parametrize(
    "caption",
    ["<caption>Grants ($ millions)</caption>", "<caption>Grants, in millions of dollars</caption>"],
)
def test_an_html_caption_scales_the_table(caption: str) -> None:
    body = f"<table>{caption}<tr><th>State</th><th>Award</th></tr><tr><td>Ohio</td><td>$12</td></tr></table>\n"
    assert amounts(body) == {"$12": 12e6}


def test_a_heading_above_a_pipe_table_scales_it() -> None:
    body = ("## Funding by program (in millions)\n\n"
            "| Program | Amount |\n| --- | --- |\n| Roads | $5 |\n| Rail | $7.5 billion |\n")
    assert amounts(body) == {"$5": 5e6, "$7.5 billion": 7.5e9}


def test_a_pipe_table_column_header_scales_its_column() -> None:
    body = ("| Program | Amount ($B) | Fee |\n| :--- | ---: | --- |\n"
            "| Roads | $5 | $3 |\n| Rail | $7 | |\n")
    assert amounts(body) == {"$5": 5e9, "$3": 3, "$7": 7e9}


def test_a_pipe_table_without_outer_pipes_takes_its_headers_one_scale() -> None:
    body = "Program | Amount (billions)\n--- | ---\nRoads | $5\nRail | $7\n"
    assert amounts(body) == {"$5": 5e9, "$7": 7e9}


def test_a_table_that_names_no_scale_keeps_plain_dollars() -> None:
    body = ("The table below shows each award.\n\n"
            "<table><tr><th>Recipient</th><th>Initial disbursement</th></tr>"
            "<tr><td>Alabama</td><td>$3,593,711</td></tr></table>\n")
    assert amounts(body) == {"$3,593,711": 3_593_711}


def test_a_scale_in_running_text_does_not_scale_a_figure() -> None:
    body = "Costs are reported in billions. The fee is $20 per visit.\n"
    assert amounts(body) == {"$20": 20}


def test_a_scale_in_the_table_above_does_not_carry_into_the_next_table() -> None:
    body = ("<table><caption>Grants ($ millions)</caption><tr><th>State</th><th>Award</th></tr>"
            "<tr><td>Ohio</td><td>$12</td></tr></table>\n\n"
            "<table><tr><th>State</th><th>Fee</th></tr><tr><td>Ohio</td><td>$4</td></tr></table>\n")
    assert amounts(body) == {"$12": 12e6, "$4": 4}


# ---- an amount written in words -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "amount"),
    [
        ("Families save half a billion dollars a year.", 0.5e9),
        ("Families save half-a-billion dollars a year.", 0.5e9),
        ("The government spends half-a-trillion dollars a year on it.", 0.5e12),
        ("The fund holds two billion dollars.", 2e9),
        ("The fund holds two-billion dollars.", 2e9),
    ],
)
def test_an_amount_in_words_with_or_without_hyphens_is_a_figure(sentence: str, amount: float) -> None:
    assert list(amounts(sentence + "\n").values()) == [amount]


def test_a_share_written_without_its_own_dollar_sign_is_a_figure() -> None:
    """ "14.6 billion of their $122 billion" takes its "$" from the figure it is a share of; a count
    ("2 billion of the people") does not."""
    found = amounts("School districts are spending 14.6 billion of their $122 billion a year on buildings.\n")
    assert sorted(found.values()) == [14.6e9, 122e9]
    assert list(amounts("The $5 million reaches 2 billion of the people.\n").values()) == [5e6]


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("CMS finalized a nearly billion dollar payment increase for nursing homes.", [1e9]),
        ("Prosecutors broke up a billion-dollar scheme.", []),
        ("The rule covers over billion-dollar firms.", []),
    ],
)
def test_a_scale_after_nearly_is_a_figure_and_a_size_is_not(sentence: str, found: list[float]) -> None:
    assert list(amounts(sentence + "\n").values()) == found


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("Corporations that make a billion in profits should pay a minimum tax.", [1e9]),
        ("The plant reached 2.5 billion in annual sales last year.", [2.5e9]),
        ("The campaign delivered a billion in doses to partners.", []),
        ("A billion people gained access to clean water.", []),
    ],
)
def test_a_scale_before_a_money_noun_is_a_figure_without_its_sign(sentence: str, found: list[float]) -> None:
    """Profits, revenue, sales and earnings are money by meaning; doses and people are not."""
    assert list(amounts(sentence + "\n").values()) == found


def test_a_number_a_converter_wrapped_in_escaped_brackets_is_still_a_figure() -> None:
    """"nearly $\\[482\\] million" in the Markdown is "$[482] million" on the page: the figure is there."""
    assert [(m.text, m.amount) for m in find_money("including nearly $[482] million to reduce flood risk")] == [
        ("nearly $[482] million", 482e6)]
