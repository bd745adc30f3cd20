"""/ask: earlier money (as the money model reads it) that is the only amount for the topic is stated where its sentence
hands it out, also when the verb that gives it comes after the figure ("was awarded") or whoever gets it says so
("will receive"), and where it recalls an announcement of that month in an earlier sheet that gave the same amount."""

from __future__ import annotations

import dataclasses
import datetime as dt

from bot.query.answer import HEDGE_KIND, _hedge
from bot.query.question import read_question
from tests.test_ask import NO_SHEETS, TODAY, _figure


def test_money_handed_out_by_a_verb_after_it_or_said_received_is_stated() -> None:
    # asked for what was announced (what the bridge got is answered by earlier money too: round 55m)
    reading = read_question("how much money was announced for the harbor bridge's seismic retrofit", today=TODAY)
    awarded = _figure(90e6, "more than $90 million", "Harbor Bridge: In Portsmouth, more than $90 million was awarded "
                      "to the Harbor Bridge to retrofit it against earthquakes.", "Building a Better America", 120.0,
                      1.0, kind="background")
    assert _hedge([awarded], reading, NO_SHEETS) == ""
    receives = _figure(90e6, "$90 million", "The Harbor Bridge Authority will receive $90 million to retrofit the "
                       "bridge against earthquakes.", "Building a Better America", 120.0, 1.0, kind="background")
    assert _hedge([receives], reading, NO_SHEETS) == ""
    # money the sentence only describes, or had before, stays listed
    described = _figure(90e6, "$90 million", "The Harbor Bridge Authority used the $90 million it was awarded to "
                        "retrofit the bridge.", "Building a Better America", 120.0, 1.0, kind="background")
    assert _hedge([described], reading, NO_SHEETS) == HEDGE_KIND
    received_before = _figure(90e6, "$90 million", "The Harbor Bridge has already been awarded $90 million, and "
                              "$90 million was awarded to it last year.", "Building a Better America", 120.0, 1.0,
                              kind="background")
    assert _hedge([received_before], reading, NO_SHEETS) == HEDGE_KIND


def test_a_recalled_announcement_dated_to_an_earlier_sheet_giving_the_amount_is_stated() -> None:
    reading = read_question("how much did the vice president promise fiji's coast guard on her suva trip", today=TODAY)
    recalled = _figure(6e6, "$6 million", "When the Vice President visited Suva in March 2023, she announced $6 million "
                       "in new assistance for the Fiji coast guard.", "Partnership with Fiji", 120.0, 1.0,
                       kind="background")
    earlier = _figure(6e6, "$6 million", "Maritime Assistance: The United States will provide $6 million to the Fiji "
                      "coast guard.", "Vice President Visits Fiji", 100.0, 0.6, doc_id=2)
    earlier = dataclasses.replace(earlier, document=dataclasses.replace(earlier.document, date=dt.date(2023, 3, 14)))
    assert _hedge([recalled, earlier], reading, NO_SHEETS) == ""
    # the same amount, only near the topic, in a sheet of another month than the one the sentence names: listed
    other_month = dataclasses.replace(earlier, document=dataclasses.replace(earlier.document, date=dt.date(2023, 1, 9)))
    assert _hedge([recalled, other_month], reading, NO_SHEETS) == HEDGE_KIND
