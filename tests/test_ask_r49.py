"""Round 49: how /ask reads questions (each test fails without its change)."""

from __future__ import annotations

from bot.query.question import KIND_FOREIGN, KIND_NEW, KIND_PRIVATE, WHERE, read_question


def test_money_pledged_at_the_g7_or_g20_is_foreign() -> None:
    assert read_question("how much extra food security aid did biden pledge at the g7 in june 2022").kind == KIND_FOREIGN
    assert read_question("how much did the us commit at the g-20 for pandemic preparedness").kind == KIND_FOREIGN


def test_aid_without_a_summit_abroad_stays_federal_money() -> None:
    assert read_question("how much extra food aid did biden announce for farmers in june 2022").kind == KIND_NEW


def test_a_company_that_gives_pays_its_own_money() -> None:
    assert read_question("how much did starbucks give to help resettle afghan refugees").kind == KIND_PRIVATE
    assert read_question("how much did amazon contribute to the climate pledge fund").kind == KIND_PRIVATE


def test_a_department_or_the_government_that_gives_is_not_a_company() -> None:
    assert read_question("how much did commerce give states for broadband").kind == KIND_NEW
    assert read_question("how much did interior give tribes for water").kind == KIND_NEW
    assert read_question("how much did biden give ukraine").kind == KIND_FOREIGN


def test_a_plural_typed_with_ys_is_read_as_the_ies_plural() -> None:
    reading = read_question("how much did biden put into making covid test supplys here at home in february 2021")
    assert "supplies" in reading.topic and "supplys" not in reading.topic
    assert read_question("which citys got money for electric buses").intent == WHERE
    assert read_question("how much are the companys investing in chip plants").kind == KIND_PRIVATE


def test_a_plural_with_a_vowel_before_ys_is_kept() -> None:
    reading = read_question("what did biden do about holidays and keys to homeownership")
    assert "holidays" in reading.topic and "keys" in reading.topic
    assert "genesys" in read_question("how much to genesys biologics limited").topic


def test_turkey_the_country_is_turkiye_as_the_sheets_spell_it() -> None:
    reading = read_question("how much aid did the us send after the turky earthquake")
    assert reading.kind == KIND_FOREIGN
    assert "turkiye" in reading.topic
    assert "turkiye" in read_question("How much aid did the US send to Turkey and Syria").topic


def test_the_bird_stays_a_turkey() -> None:
    assert "turkey" in read_question("did biden pardon a turkey for thanksgiving").topic
    assert "turkey" in read_question("which turkey did trump pardon").topic
    assert "turkey" in read_question("how much are turkey prices up this year").topic


def test_the_bureau_of_indian_education_is_an_agency() -> None:
    reading = read_question("how much rescue plan money is the bureau of indian education using for its k-12 schools")
    assert reading.agency == "BIE"
    assert "education" not in reading.topic
    assert read_question("what did the bureau of indian affairs do about tribal roads").agency == "BIA"
