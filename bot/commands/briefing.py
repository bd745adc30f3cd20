"""/briefing [document] — one fact sheet at a glance: date, link, initiatives, funding headline."""

from __future__ import annotations

from typing import Any

from bot.commands.common import date_text, kind_lines, left_out_lines, nearest_documents_text
from bot.commands.registry import handler
from bot.commands.spec import Invocation
from bot.model import DocumentRecord
from bot.query import CorpusIndex
from bot.reply import limits
from bot.reply.model import COLOR, Embed, EmbedField, Reply
from bot.reply.text import escape_markdown, safe_url, shorten

FIRST_TITLES = 8


def briefing_embed(index: CorpusIndex, doc: DocumentRecord) -> Embed:
    """The at-a-glance card for one fact sheet (also what a digest can reuse)."""
    initiatives = index.initiatives_of(doc.id)
    count = len(initiatives)
    lines = [f"Published {date_text(doc)} · {count} initiative{'' if count == 1 else 's'}"]
    if initiatives:
        lines.append("")
        lines += [f"{n}. {escape_markdown(shorten(rec.title, 150))}"
                  for n, rec in enumerate(initiatives[:FIRST_TITLES], start=1)]
        if count > FIRST_TITLES:
            lines.append(f"… and {count - FIRST_TITLES} more: open any with `/initiative`.")
    fields: list[EmbedField] = []
    result = index.funding_totals(index.funding_of_document(doc.id))
    if result.counted:
        value = "\n".join([f"New money: **{result.headline}**", *kind_lines(result), *left_out_lines(result)])
        fields.append(EmbedField("Funding", shorten(value, limits.EMBED_FIELD_VALUE_MAX)))
    elif result.not_counted:
        value = "\n".join([f"No new money: its {len(result.not_counted)} dollar figures are parts, repeats, "
                           "or not money provided (prices, estimates, statistics, money announced before).",
                           *left_out_lines(result)])
        fields.append(EmbedField("Funding", shorten(value, limits.EMBED_FIELD_VALUE_MAX)))
    else:
        fields.append(EmbedField("Funding", "No dollar amounts mentioned."))
    if doc.source_url and safe_url(doc.source_url):
        fields.append(EmbedField("Link", shorten(safe_url(doc.source_url) or "", limits.EMBED_FIELD_VALUE_MAX)))
    return Embed(
        title=shorten(doc.title, limits.EMBED_TITLE_MAX) or "Fact sheet",
        description=shorten("\n".join(lines), 3500),
        url=safe_url(doc.source_url),
        fields=fields,
        footer="/funding document: for every amount · /sources for the links",
        color=COLOR,
    )


@handler("briefing", offload=True)
async def briefing(app: Any, options: dict[str, str], invocation: Invocation) -> Reply:
    index: CorpusIndex = app.index
    document = (options.get("document") or "").strip()
    if document:
        doc = index.find_document(document)
        if doc is None:
            return Reply.text(shorten(nearest_documents_text(index, document), limits.CONTENT_MAX))
    else:
        doc = index.newest_document()
        if doc is None:
            return Reply.text("The library is empty: an admin can add fact sheets with `/briefing-admin add`.")
    return Reply.embed(briefing_embed(index, doc))
