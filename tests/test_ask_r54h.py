"""/ask, round 54h: figure hedges on the development money questions (see docs/ask.md, "Round 54h")."""

from __future__ import annotations

from pathlib import Path

from tests.test_ask import ask_small_library

PORTS_SHEET = """---
title: "FACT SHEET: The Biden-Harris Action Plan for America’s Ports and Waterways"
date: '2021-11-09'
---

While American ports are a cornerstone of the U.S. economy, outdated infrastructure and the COVID-19 pandemic have
strained their capacity and exposed long-standing vulnerabilities in our supply chains.

**Further Near-Term Actions:**

-   **Launch programs to modernize ports and marine highways with more
    than $240 million in grant funding within the next 45 days. ** The
    Port Infrastructure Development Grant program is the first and only
    federal grant program wholly dedicated to investments in port
    infrastructure.  DOT will award $230 million in funding for this
    program and $13 million for the Marine Highway Program to support
    waterborne freight service.
-   **Identify projects for U.S. Army Corps of Engineers construction at
    coastal ports and inland waterways within the next 60 days.** This
    plan will provide a roadmap for more than $4 billion in funding to
    repair outdated infrastructure and to deepen harbors for larger
    cargo ships.
-   **Open competition for the first round of port infrastructure grants
    funded through the bipartisan infrastructure deal within 90 days.**
    DOT will announce more than $475 million in additional funding for
    port and marine highway infrastructure.
"""


# Other sheets, so that the question's common words ("giving", "program", "action plan") weigh as little as they do in
# the library, and "marine highway" carries the question as it does there.
FILLER_SHEETS = {
    f"2021-0{n}-0{n}-filler-{n}.md": f"""---
title: "FACT SHEET: The Biden-Harris Action Plan for {topic}"
date: '2021-0{n}-0{n}'
---

The Administration is giving {topic} a new program, and the action plan sets out how the program will work.

-   **A new program for {topic}.** The Department will award $ {n}5 million for the program, giving communities the
    help they need under the action plan.
"""
    for n, topic in ((1, "Rural Broadband"), (2, "School Meals"), (3, "Clean Water"), (4, "Wildfire Resilience"))}


def test_a_lead_saying_less_of_the_topic_than_money_announced_beside_it_is_listed(tmp_path: Path) -> None:
    # "more than $475 million … for port and marine highway infrastructure" leads (the money model reads it as new
    # money), but the same sheet launches "more than $240 million" for ports and marine highways and awards "$13 million
    # for the Marine Highway Program": earlier money by the model's reading, announced by the hedge's own rules, and
    # saying more of the topic. The $475 million is listed with them, not given as the answer.
    ans = ask_small_library(tmp_path, {"2021-11-09-ports.md": PORTS_SHEET, **FILLER_SHEETS},
                            "how much was dot giving the marine highway program in the nov 2021 ports action plan")
    assert ans.covered and ans.figures
    assert ans.figures[0].record.amount_usd == 475e6
    assert not ans.figure_sure and ans.hedge == "close"


def test_a_lead_whose_own_words_say_the_topic_still_stands_beside_earlier_money(tmp_path: Path) -> None:
    # asked for the whole plan's port money, the $475 million's own words hold the topic as well as the others'
    ans = ask_small_library(tmp_path, {"2021-11-09-ports.md": PORTS_SHEET, **FILLER_SHEETS},
                            "how much additional funding will dot announce for port infrastructure grants")
    assert ans.covered and ans.figures
    assert ans.figures[0].record.amount_usd == 475e6
    assert ans.figure_sure, ans.hedge


BUDGET_SHEET = """---
title: "FACT SHEET: President Biden’s Budget Keeps America Safe and Confronts Global Challenges"
date: '2023-03-09'
---

As the President delivers results for the American people at home, he is also investing in America's leadership
abroad.

-   **Strengthens Democracy and Promotes Human Rights Globally.** The
    Budget provides more than $3.4 billion to advance democratic
    governance and foster democratic renewal globally. The Budget would
    strengthen free and independent media, fight corruption, bolster
    democratic institutions, advance technology for democracy, promote
    gender equality and women’s civic and political participation, and
    defend free and fair elections and political processes. Within this
    total, the Budget includes $345 million for the Presidential
    Initiative for Democratic Renewal, as well as $25 million for the
    President’s new African Democratic and Political Transitions (ADAPT)
    initiative, as well as targeted increases for “bright spot”
    countries experiencing democratic opportunities.
"""


def test_a_figure_said_for_the_topic_goes_before_one_only_near_it(tmp_path: Path) -> None:
    # "more than $3.4 billion to advance democratic governance" scores first (its paragraph holds the topic), but its
    # own words hold almost none of it; "$25 million for the President's new African Democratic and Political
    # Transitions (ADAPT) initiative", in the same paragraph, says the topic: it goes first and is stated.
    ans = ask_small_library(tmp_path, {"2023-03-09-budget.md": BUDGET_SHEET, **FILLER_SHEETS},
                            "how much did the fy24 budget ask for biden's ADAPT initiative on african democracy")
    assert ans.covered and ans.figures
    assert ans.figures[0].record.amount_usd == 25e6
    assert ans.figure_sure, ans.hedge


SUPER_POLLUTANTS_SHEET = """---
title: "FACT SHEET: Biden Administration Combats Super-Pollutants and Bolsters Domestic Manufacturing with New Programs
  and Historic Commitments"
date: '2021-09-23'
---

Today, the Biden Administration is announcing new actions to cut the use of hydrofluorocarbons (HFCs).

**<u>Advancing Innovation and Testing to Identify HFC Alternatives and
Technologies</u>**

-   DoD will invest more than $8 million over the next five years to
    identify and qualify suitable low-global-warming-potential (GWP)
    alternatives to high-GWP HFCs in applications with military-unique
    performance requirements. These efforts include:
    -   Evaluation of low-GWP alternatives for refrigerants in ground
        vehicles, aviation systems, environmental control units (ECUs),
        fields kitchens and other military equipment;

    <!-- -->

    -   Research on low-GWP refrigerants to replace HFC refrigerants
        currently used in Naval systems.
"""


def test_a_figure_whose_next_sentence_says_what_its_money_does_is_not_weak(tmp_path: Path) -> None:
    # "DoD will invest more than $8 million … to identify … alternatives to high-GWP HFCs": what the money replaces is
    # said in the next sentence, which goes on about it ("These efforts include: … Research on low-GWP refrigerants to
    # replace HFC refrigerants …") and gives no amount of its own. Read with it, the figure's words hold the topic.
    ans = ask_small_library(tmp_path, {"2021-09-23-super-pollutants.md": SUPER_POLLUTANTS_SHEET, **FILLER_SHEETS},
                            "how much is the pentagon spending to replace hfc refrigerants in naval systems")
    assert ans.covered and ans.figures
    assert ans.figures[0].record.amount_usd == 8e6
    assert ans.figure_sure, ans.hedge


def test_a_next_sentence_about_something_else_is_not_read_with_the_figure(tmp_path: Path) -> None:
    # the same words after the figure, but in a sentence that does not go on about its money: the figure's own words
    # still hold too little of the topic, and it is listed, not stated
    sheet = SUPER_POLLUTANTS_SHEET.replace("These efforts include:", "Separately, the Navy is reviewing:")
    ans = ask_small_library(tmp_path, {"2021-09-23-super-pollutants.md": sheet, **FILLER_SHEETS},
                            "how much is the pentagon spending to replace hfc refrigerants in naval systems")
    assert ans.covered and ans.figures
    assert ans.figures[0].record.amount_usd == 8e6
    assert not ans.figure_sure and ans.hedge == "weak"
