"""/sources-status — every watched source: its state, last success, last new sheet, last error."""

from __future__ import annotations

from bot.app_protocol import BotApp
from bot.commands.registry import handler
from bot.commands.spec import Invocation
from bot.reply.model import Reply
from bot.reply.pages import pages_from_lines
from bot.sources.notices import display_name
from bot.sources.status import source_lines


@handler("sources-status")
async def sources_status(app: BotApp, options: dict[str, str], invocation: Invocation) -> Reply:
    """Admins only (refused in ``dispatch``); the sources are the library's, not one server's."""
    states = await app.store.sources.states()
    watched = list(app.settings.sources_watch)
    known = {state.source for state in states}
    not_yet = [entry for entry in watched if entry not in known]
    if not states and not not_yet:
        return Reply.text("No sources are watched: set `[sources] watch` (or `BRIEFBOT_WATCH`) and run "
                          "`briefbot run` or `briefbot watch`.", ephemeral=True)
    lines = source_lines(states) + [f"• {display_name(entry)}: not polled yet" for entry in not_yet]
    bad = sum(1 for state in states if state.state != "ok")
    title = f"Sources: {len(states) + len(not_yet)} watched, {bad} with a problem"
    reply = Reply(pages=pages_from_lines(title, lines, per_page=3000))
    reply.ephemeral = True
    return reply
