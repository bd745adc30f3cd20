"""/ask, forty-third round: behaviour a user notices, on tiny libraries built for each test."""

from __future__ import annotations

from pathlib import Path

from tests.test_ask import ask_small_library as _ask

# An initiative about one project with one sum: the sentence giving the sum names the project, not all it is for.
_PACIFIC_SHEET = """---
title: "FACT SHEET: Following Through on the U.S.-Pacific Islands Partnership"
date: '2024-08-27'
---

- **Tuvalu Coastal Adaptation Project.** Rising seas threaten the atolls, and the project will build up the
  coastline of Funafuti with new land above the storm line. The Department of State intends to provide $2.65 million
  for the Tuvalu Coastal Adaptation Project.
- **Fisheries.** The Department of State will provide $3 million to strengthen fisheries management in Tonga and
  Fiji, with training for observers and patrols.
"""


def test_the_one_sum_of_an_initiative_that_holds_the_topic_is_stated(tmp_path: Path) -> None:
    """"How much … giving tuvalu to build up its coastline": the initiative on the Tuvalu coastal project holds the whole
    topic and gives one sum, whose own sentence names only the project. That sum is the initiative's money: it is
    stated, not listed as only near the topic."""
    result = _ask(tmp_path, {"2024-08-27-pacific.md": _PACIFIC_SHEET},
                  "how much is the state department giving tuvalu to build up its coastline")
    assert result.figures and result.figures[0].record.amount_usd == 2_650_000
    assert result.figure_sure, result.hedge


# Earlier money an agency already announced, beside a sum another sheet releases today for the same thing.
_OUTREACH_BEFORE = """---
title: "FACT SHEET: Getting Families Signed Up for the Affordable Connectivity Program"
date: '2022-07-21'
---

- **Outreach so far.** In 2021, the FCC already announced $1 billion in outreach grants to get people signed up for
  the Affordable Connectivity Program. That $1 billion in grants reached every state.
"""

_OUTREACH_NOW = """---
title: "FACT SHEET: FCC Takes New Actions to Lower High-Speed Internet Costs"
date: '2023-03-15'
---

- **Outreach grants.** Today, the Administration is releasing an additional $73 million in outreach grants to get
  people signed up for the Affordable Connectivity Program.
"""


def test_announced_money_goes_before_earlier_money_that_would_only_be_listed(tmp_path: Path) -> None:
    """"How much did the fcc give in grants to get people signed up for the affordable connectivity program": the
    $1 billion the FCC "already announced" in 2021 scores a little higher (its size, said twice) but is earlier money,
    which would only be listed; the $73 million another sheet releases today, its own words on the topic, goes first
    and is stated. The earlier sum is still listed after it."""
    result = _ask(tmp_path, {"2022-07-21-outreach.md": _OUTREACH_BEFORE, "2023-03-15-outreach.md": _OUTREACH_NOW},
                  "how much did the fcc give in grants to get people signed up for the affordable connectivity program")
    assert [f.record.amount_usd for f in result.figures[:2]] == [73_000_000, 1_000_000_000]
    assert result.figure_sure, result.hedge


# A settlement: the sum a university will pay the government.
_SETTLEMENT_SHEET = """---
title: "Fact Sheet: President Donald J. Trump Secures Landmark Settlement with Lakeside University"
date: '2025-07-24'
---

- **Settlement.** Lakeside University will pay the United States $200 million to settle claims related to
  discriminatory practices, marking a major victory in the fight against discrimination on campus.
- **Oversight.** Lakeside University will report its admissions data to the Department of Education each year.
"""


def test_what_a_payer_will_pay_answers_how_much_it_is_paying(tmp_path: Path) -> None:
    """"How much is lakeside university paying to settle …": the sheet says the university "will pay the United
    States $200 million". The money model reads that sum as a statistic, not money announced; said as what the payer
    will pay, it is what the question asks for, and it is stated."""
    result = _ask(tmp_path, {"2025-07-24-settlement.md": _SETTLEMENT_SHEET},
                  "how much is lakeside university paying to settle with the trump administration")
    assert result.figures and result.figures[0].record.amount_usd == 200_000_000
    assert result.figure_sure, result.hedge


# A company's investment said in the sheet's lead, the sheet's title naming what the deal is about.
_PRICING_SHEET = """---
title: "Fact Sheet: President Donald J. Trump Announces Second Deal to Bring Most-Favored-Nation Pricing to
  American Patients"
date: '2025-10-10'
---

Today, President Donald J. Trump announced a second agreement with a major drug manufacturer. AstraZeneca is also
announcing that it will invest $50 billion in U.S. manufacturing and research and development by 2030.

- **Medicaid.** The agreement will provide every State Medicaid program in the country with access to
  most-favored-nation drug pricing from AstraZeneca.
- **New medicines.** The agreement requires AstraZeneca to launch new medicines at prices no higher than abroad.
"""


# Drug safety money elsewhere: "drug" is a common word among the figures' sentences.
_DRUG_SHEET = """---
title: "Fact Sheet: Safer Medicines"
date: '2024-08-15'
---

- **Item 0.** The agency will provide $1 million for drug safety in region 0.
- **Item 1.** The agency will provide $2 million for drug safety in region 1.
- **Item 2.** The agency will provide $3 million for drug safety in region 2.
- **Plain.** The agency will hire inspectors for ports.
"""


def test_a_figure_whose_words_with_its_sheets_title_hold_the_topic_is_stated(tmp_path: Path) -> None:
    """"How much is astrazeneca investing … as part of its drug pricing deal": the lead's "$50 billion", read with its
    sheet's title (most-favored-nation pricing), holds the topic as a stated figure must (its evidence, 0.74 or more);
    that evidence is now its coverage as the lead, not 0.9 of it, so it is stated rather than listed."""
    result = _ask(tmp_path, {"2025-10-10-pricing.md": _PRICING_SHEET, "2024-08-15-drugs.md": _DRUG_SHEET},
                  "how much is astrazeneca investing in the us as part of its drug pricing deal with trump")
    assert result.figures and result.figures[0].record.amount_usd == 50_000_000_000
    assert result.figure_sure, result.hedge
