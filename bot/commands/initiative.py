"""/initiative query — the best-matching initiative: its text, funding, links and fact sheet.

When the best match is weak, or the runner-up is nearly as good, the answer still shows the
best one but offers the others as "did you mean" picks; when nothing matches at all it says so
and lists the nearest titles. It never answers with nothing.
"""

from __future__ import annotations

from typing import Any

from bot.commands.common import (
    choices_for,
    cited_link_lines,
    date_text,
    document_line,
    fields_from_lines,
    funding_lines,
    quoted,
)
from bot.commands.registry import handler
from bot.commands.spec import Invocation
from bot.query import CorpusIndex, Match
from bot.reply import limits
from bot.reply.model import COLOR, Embed, EmbedField, Page, Reply
from bot.reply.pages import PAGE_TEXT, split_pages
from bot.reply.text import escape_markdown, safe_url, shorten

WEAK_SCORE = 60.0  # below this the best match is only a guess
CLOSE_GAP = 4.0  # a runner-up this close means the query could mean either
MAX_ALTERNATIVES = 5
_EMBED_BUDGET = limits.EMBEDS_TOTAL_MAX - 300  # room for title, footer and rounding


def initiative_pages(index: CorpusIndex, initiative_id: int) -> list[Page]:
    """The initiative as one embed (more pages when its text is long)."""
    rec = index.initiative(initiative_id)
    if rec is None:
        return [Page(content="That initiative is no longer in the library.")]
    doc = index.document(rec.document_id)
    url = safe_url(doc.source_url) if doc else None
    fields: list[EmbedField] = []

    funding = index.funding_of_initiative(rec.id)
    if funding:
        result = index.funding_totals(funding)  # the same rule as /funding: each dollar once
        lines = funding_lines(index, funding, result=result, prefer_sentence=True)
        if len(result.counted) > 1 or (result.counted and result.not_counted):
            lines.append(f"Counted here: **{result.headline}**")
        fields += fields_from_lines("Funding", lines)

    fields += fields_from_lines("Links", cited_link_lines(rec.links, 150), max_fields=1)

    if rec.section:
        fields.append(EmbedField("Section", shorten(escape_markdown(rec.section), limits.EMBED_FIELD_VALUE_MAX)))
    if doc is not None:
        fields.append(EmbedField("Fact sheet", shorten(document_line(doc, 300), limits.EMBED_FIELD_VALUE_MAX)))

    title = shorten(rec.title, limits.EMBED_TITLE_MAX) or "Initiative"
    used = len(title) + sum(len(f.name) + len(f.value) for f in fields)
    first_budget = max(500, min(PAGE_TEXT, _EMBED_BUDGET - used))
    text = rec.text.strip() or "(No further text in the fact sheet.)"
    blocks = [block for block in text.split("\n") if block.strip()] or [text]
    chunks = split_pages(blocks, first_budget)
    if len(chunks) > 1:  # later pages carry no fields, so they may hold more text
        rest = split_pages(["\n".join(chunks[1:])], PAGE_TEXT)
        chunks = [chunks[0], *rest]
    pages: list[Page] = []
    for n, chunk in enumerate(chunks):
        footer = f"{doc.title if doc else ''} · {date_text(doc)}" if doc else None
        if len(chunks) > 1:
            footer = f"{footer + ' · ' if footer else ''}page {n + 1}/{len(chunks)}"
        pages.append(Page(embeds=[Embed(
            title=title,
            description=chunk,
            url=url,
            fields=fields if n == 0 else [],
            footer=shorten(footer, limits.EMBED_FOOTER_MAX) if footer else None,
            color=COLOR,
        )]))
    return pages


def _alternatives(matches: list[Match]) -> list[int]:
    best = matches[0]
    return [m.initiative.id for m in matches[1:] if m.initiative.id != best.initiative.id][:MAX_ALTERNATIVES]


def _uncertain(matches: list[Match]) -> bool:
    if len(matches) < 2:
        return False
    return matches[0].score < WEAK_SCORE or matches[1].score >= matches[0].score - CLOSE_GAP


@handler("initiative", offload=True)
async def initiative(app: Any, options: dict[str, str], invocation: Invocation) -> Reply:
    index: CorpusIndex = app.index
    query = (options.get("query") or "").strip()
    if not query:
        return Reply.text("Tell me what to look for, for example `/initiative hidta`.", ephemeral=True)
    if not index.initiatives:
        return Reply.text("The library has no initiatives yet: an admin can add fact sheets with "
                          "`/briefing-admin add`.")

    picked = index.resolve_initiative(query)
    if picked is not None:
        return Reply(pages=initiative_pages(index, picked.id))

    matches = index.find_initiatives(query, limit=MAX_ALTERNATIVES + 1)
    if not matches:
        nearest = index.suggest_initiatives(query, MAX_ALTERNATIVES)
        lines = [f"No initiative matches {quoted(query)}."]
        if nearest:
            lines.append("Nearest titles (pick one below):")
            lines += [f"• {escape_markdown(shorten(m.initiative.title, 150))}" for m in nearest]
        lines.append("Full-text search may find more: `/search`.")
        return Reply(pages=[Page(content=shorten("\n".join(lines), limits.CONTENT_MAX))],
                     choices=choices_for(index, [m.initiative.id for m in nearest], MAX_ALTERNATIVES))

    best = matches[0]
    pages = initiative_pages(index, best.initiative.id)
    if not _uncertain(matches):
        return Reply(pages=pages)
    alternatives = _alternatives(matches)
    note = (f"Best match for {quoted(query)} — not the one you meant? Pick another below."
            if alternatives else f"Closest match for {quoted(query)}.")
    pages[0].content = shorten(note, limits.CONTENT_MAX)
    return Reply(pages=pages, choices=choices_for(index, alternatives, MAX_ALTERNATIVES))
