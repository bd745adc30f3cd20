"""What ``/sources-status`` and ``/digest status`` say about the watched sources."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from bot.reply.text import escape_markdown, shorten
from bot.sources.health import BAD
from bot.sources.notices import display_name
from bot.store.sources import FAILING, SourceState

if TYPE_CHECKING:
    from bot.store import Store


def _when(moment: dt.datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "never"


def source_lines(states: list[SourceState]) -> list[str]:
    """One block per source: name and state, last success, last new sheet, last error."""
    lines: list[str] = []
    for state in states:
        name = escape_markdown(shorten(display_name(state.source), 150))
        mark = {"ok": "ok", "failing": "**failing**", "stale": "**stale**"}.get(state.state, state.state)
        lines.append(f"• {name} ({state.kind}): {mark} since {_when(state.since)}")
        lines.append(f"  last success {_when(state.last_success)} · last new sheet {_when(state.last_new)}")
        if state.error:
            error = escape_markdown(shorten(state.error, 300))
            lines.append(f"  last error ({_when(state.last_error_at)}): {error}")
    return lines


def summary_lines(states: list[SourceState]) -> list[str]:
    """The one or two lines ``/digest status`` adds (none when nothing is watched)."""
    if not states:
        return []
    bad = [s for s in states if s.state in BAD]
    count = f"{len(states)} source{'' if len(states) == 1 else 's'} watched"
    if not bad:
        return [f"**Sources:** {count}, all ok."]
    failing = sum(1 for s in bad if s.state == FAILING)
    first = bad[0]
    detail = shorten(display_name(first.source), 120)
    lines = [f"**Sources:** {count}: {failing} failing, {len(bad) - failing} stale."]
    lines.append(f"**Source problem:** {escape_markdown(detail)} — {first.state} since {_when(first.since)}"
                 + (f": {escape_markdown(shorten(first.error, 200))}" if first.state == FAILING and first.error else "")
                 + (" (`/sources-status` lists all)" if len(bad) > 1 else ""))
    return lines


async def digest_status_lines(store: Store) -> list[str]:
    """For ``/digest status``: ``lines += await digest_status_lines(app.store)``."""
    return summary_lines(await store.sources.states())
