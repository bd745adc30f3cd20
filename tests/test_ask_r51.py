"""Round 51: how /ask reads questions (each test fails without its change)."""

from __future__ import annotations

from bot.query.question import KIND_PRIVATE, NONE, read_question


def test_a_persons_tastes_are_out_of_scope() -> None:
    assert read_question("whats bidens favorite ice cream flavor").intent == NONE
    assert read_question("what is trumps favourite food").intent == NONE
    assert read_question("what are the presidents favorite programs for veterans").intent != NONE


def test_the_va_in_lower_case_is_veterans_affairs() -> None:
    reading = read_question("how much did the va give out in fall 2022 for programs helping vets find stable housing")
    assert reading.agency == "VA" and "va" not in reading.topic
    assert read_question("what did the va announce for burn pits").agency == "VA"
    assert read_question("how many broadband grants did va get").agency is None


def test_the_gop_is_the_republicans() -> None:
    # since round 61 the short form is read as the sheets' word itself, not only added beside it
    assert "republican" in read_question("which fact sheets say the house gop budget would cut medicaid").topic
    assert "republican" in read_question("what did the g.o.p. tax plan do").topic
    assert "gop" not in read_question("what did the g.o.p. tax plan do").topic
    reading = read_question("what is in the house budget")
    assert not {"republican", "republicans"} & {*reading.topic, *reading.expanded}


def test_kamala_alone_is_the_vice_president() -> None:
    reading = read_question("how much did kamala pledge to the green climate fund at cop28")
    assert reading.kind != KIND_PRIVATE and reading.speakers == ("harris",) and "kamala" not in reading.topic
    assert read_question("what did kamalas task force do").topic == ("task", "force")
    assert read_question("what did kamala harris announce").speakers == ("harris",)


def test_a_rule_that_kicks_in_takes_effect() -> None:
    topic = read_question("when do the new tariff rates in trumps july 2025 letters to other countries kick in").topic
    assert "effect" in topic and "kick" not in topic
    assert read_question("when did the overtime rule kick in").topic == ("overtime", "rule", "effect")
    assert "effect" not in read_question("how much did japan kick in").topic


def test_what_did_the_order_change_asks_what_it_did() -> None:
    assert read_question("what did trumps june 2025 cybersecurity executive order change").topic == (
        "cybersecurity", "executive", "order")
    assert read_question("what does the new rule change for truckers").topic == ("rule", "truckers")
    assert read_question("what did biden do on climate change").topic == ("climate", "change")
    assert read_question("what did the climate change").topic == ("climate", "change")
    assert read_question("what did trump change about commercial fishing").soft == ("change",)
