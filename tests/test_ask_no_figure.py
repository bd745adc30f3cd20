"""/ask: a money question whose topic the sheets mention with no amount says so before the passage it shows."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.commands import dispatch
from bot.commands.spec import Invocation
from tests.fake_app import FakeApp
from tests.test_ask import _small_library
from tests.test_commands_replies import everything, payloads

_PARADE_SHEET = """---
title: "Fact Sheet: President Donald J. Trump Honors the Army"
date: '2025-09-05'
---

- **Celebrating Service.** To honor the Army's 250th birthday, President Trump held a military parade in Washington,
  D.C., showcasing the Army's storied legacy.
- **Recruiting.** The Army will open new recruiting offices in every state.
"""

_MONEY_SHEET = """---
title: "Fact Sheet: New Grants for Rural Hospitals"
date: '2025-06-02'
---

- **Rural Hospitals.** HHS announced $50 million in new grants to keep rural hospitals open.
"""


def _reply_text(tmp_path: Path, question: str) -> str:
    index = _small_library(tmp_path, {"parade.md": _PARADE_SHEET, "hospitals.md": _MONEY_SHEET})
    reply = asyncio.run(dispatch(FakeApp(index), "ask", {"question": question}, Invocation(user_id=42)))
    payloads(reply)  # every Discord limit holds
    return everything(reply)


def test_a_money_question_the_sheets_answer_without_an_amount_says_no_figure_first(tmp_path: Path) -> None:
    text = _reply_text(tmp_path, "how much did the army 250th birthday parade cost")
    assert "don't cover" in text  # the library does not say how much: not covered, the passage and leads shown
    assert "No dollar figure" in text
    assert text.index("No dollar figure") < text.index("military parade")
    assert "$50 million" not in text


def test_a_question_about_what_was_done_gets_no_such_warning(tmp_path: Path) -> None:
    text = _reply_text(tmp_path, "what did trump do for the army's 250th birthday")
    assert "military parade" in text
    assert "No dollar figure" not in text
