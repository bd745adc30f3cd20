"""/sources [query] — links to the fact sheets, or the links one initiative cites.

Without a query: every fact sheet, newest first, paged. With one: the matched initiative's fact
sheet and every http(s) link cited in its text.
"""

from __future__ import annotations

from bot.app_protocol import BotApp
from bot.commands.common import cited_link_lines, document_line, link, quoted
from bot.commands.registry import handler
from bot.commands.spec import Invocation
from bot.model import DocumentRecord, InitiativeRecord
from bot.query import CorpusIndex
from bot.reply import limits
from bot.reply.model import Reply
from bot.reply.pages import pages_from_lines
from bot.reply.text import escape_markdown, shorten
from bot.urls import site_of


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _all_sources(index: CorpusIndex) -> Reply:
    if not index.documents:
        return Reply.text("The library is empty: an admin can add fact sheets with `/briefing-admin add`.")
    sheets = index.sheets_with_copies()
    lines = [f"• {document_line(doc, 200)} · {_plural(doc.initiative_count, 'initiative')}{_also_at(doc, copies)}"
             for doc, copies in sheets]
    twice = sum(1 for _, copies in sheets if copies)
    stored = f" ({twice} of them stored at more than one address)" if twice else ""
    title = f"Sources: {_plural(len(sheets), 'fact sheet')}{stored}, newest first"
    return Reply(pages=pages_from_lines(title, lines, per_page=3000))


def _also_at(doc: DocumentRecord, copies: list[DocumentRecord]) -> str:
    """" · also at [bidenwhitehouse.archives.gov](url)": the other addresses of one fact sheet (named by their site,
    or "another address" on the same site)."""
    places = []
    for copy in copies:
        host = site_of(copy.source_url)
        if host is None:
            places.append("a copy without a link")
        else:
            places.append(link(host if host != site_of(doc.source_url) else "another address", copy.source_url, 60))
    return " · also at " + ", ".join(places) if places else ""


def _initiative_sources(index: CorpusIndex, rec: InitiativeRecord) -> Reply:
    doc = index.document(rec.document_id)
    head = [f"Fact sheet: {document_line(doc, 250)}" if doc else "Fact sheet: unknown", ""]
    lines = cited_link_lines(rec.links, 200)
    if lines:
        head.append(f"Cited in this initiative ({len(lines)}):")
    else:
        head.append("This initiative cites no other links.")
    title = f"Sources: {rec.title}"
    return Reply(pages=pages_from_lines(title, lines, head=head, url=doc.source_url if doc else None,
                                        per_page=3000))


@handler("sources", offload=True)
async def sources(app: BotApp, options: dict[str, str], invocation: Invocation) -> Reply:
    index: CorpusIndex = app.index
    query = (options.get("query") or "").strip()
    if not query:
        return _all_sources(index)
    picked = index.resolve_initiative(query)
    if picked is None:
        matches = index.find_initiatives(query, limit=1)
        picked = matches[0].initiative if matches else None
    if picked is None:
        nearest = index.suggest_initiatives(query, 5)
        lines = [f"No initiative matches {quoted(query)}."]
        if nearest:
            lines.append("Nearest titles:")
            lines += [f"• {escape_markdown(shorten(m.initiative.title, 150))}" for m in nearest]
        lines.append("`/sources` with no query lists every fact sheet.")
        return Reply.text(shorten("\n".join(lines), limits.CONTENT_MAX))
    return _initiative_sources(index, picked)
