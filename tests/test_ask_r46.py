"""/ask, forty-sixth round: how questions are read, on the words a user types."""

from __future__ import annotations

from bot.query.question import WHEN, read_question
from tests.test_ask import TODAY


def test_whens_without_its_apostrophe_asks_when() -> None:
    """"Whens the deadline for troops discharged over the covid vaccine to ask to be reinstated": "when's" typed
    without its apostrophe was a rare topic word ("whens") and the question asked for initiatives. It is "when is", as
    "wheres" is "where is"."""
    reading = read_question("whens the deadline for troops discharged over the covid vaccine to ask to be reinstated",
                            today=TODAY)
    assert reading.intent == WHEN
    assert "whens" not in reading.topic and "deadline" in reading.topic
    assert read_question("when's the next student loan payment due", today=TODAY).intent == WHEN
