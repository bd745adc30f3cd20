"""/funding [query] [document] — totals that never double count, with a breakdown and sources.

The headline adds counted amounts only and says "at least" when one of them was a lower bound.
Parts of a larger amount and repeats are listed, marked, and not added. Items are grouped by
fact sheet (newest first), and each group's heading links to the fact sheet it comes from.
"""

from __future__ import annotations

from typing import Any

from bot.commands import handler
from bot.commands.common import (
    breakdown_lines,
    document_line,
    funding_lines,
    headline_line,
    nearest_documents_text,
    pages_from_lines,
    quoted,
)
from bot.commands.spec import Invocation
from bot.model import DocumentRecord, FundingRecord
from bot.query import CorpusIndex, totals
from bot.reply import limits
from bot.reply.model import Reply
from bot.reply.text import escape_markdown, shorten

FOOTER = "Counted amounts only: parts of a larger amount and repeats are listed but not added."


def _grouped_lines(index: CorpusIndex, records: list[FundingRecord], *, with_headers: bool) -> list[str]:
    by_doc: dict[int, list[FundingRecord]] = {}
    for record in records:  # already newest fact sheet first, then document order
        by_doc.setdefault(record.document_id, []).append(record)
    lines: list[str] = []
    for document_id, items in by_doc.items():
        doc = index.document(document_id)
        if with_headers and doc is not None:
            subtotal = totals(items)
            if lines:
                lines.append("")
            lines.append(f"**{document_line(doc, 180)}** — {subtotal.headline}")
        lines += funding_lines(index, items)
    return lines


def _title(query: str, doc: DocumentRecord | None, headline: str) -> str:
    if doc is not None and query:
        where = f"Funding about “{escape_markdown(shorten(query, 60))}” in {doc.title}"
    elif doc is not None:
        where = f"Funding in {doc.title}"
    elif query:
        where = f"Funding about “{escape_markdown(shorten(query, 60))}”"
    else:
        where = "Funding across all fact sheets"
    return shorten(f"{where}: {headline}", limits.EMBED_TITLE_MAX)


@handler("funding")
async def funding(app: Any, options: dict[str, str], invocation: Invocation) -> Reply:
    index: CorpusIndex = app.index
    query = (options.get("query") or "").strip()
    document = (options.get("document") or "").strip()

    doc: DocumentRecord | None = None
    if document:
        doc = index.find_document(document)
        if doc is None:
            return Reply.text(shorten(nearest_documents_text(index, document), limits.CONTENT_MAX))

    if query:
        records = index.funding_about(query, document_id=doc.id if doc else None)
    elif doc is not None:
        records = index.funding_of_document(doc.id)
    else:
        records = list(index.funding)

    if not records:
        if query:
            where = f" in {escape_markdown(doc.title)}" if doc else ""
            text = (f"No funding mentions about {quoted(query)}{where}. Try `/funding` without a topic, "
                    f"or `/search {escape_markdown(shorten(query, 60))}`.")
        elif doc is not None:
            text = f"{document_line(doc)} mentions no dollar amounts."
        else:
            text = "No fact sheet in the library mentions a dollar amount."
        return Reply.text(shorten(text, limits.CONTENT_MAX))

    result = totals(records)
    head = [headline_line(result)]
    if result.breakdown:
        head += ["By category:", *breakdown_lines(result)]
    if doc is not None:
        head.append(f"Source: {document_line(doc)}")
    head.append("")
    documents = {r.document_id for r in records}
    lines = _grouped_lines(index, records, with_headers=doc is None or len(documents) > 1)
    if result.not_counted:
        count = len(result.not_counted)
        lines += ["", f"{count} amount{' is' if count == 1 else 's are'} listed but not added: part of a larger "
                      "amount, a repeat, or a stated total."]
    pages = pages_from_lines(_title(query, doc, result.headline), lines, head=head,
                             url=doc.source_url if doc else None, footer=FOOTER)
    return Reply(pages=pages)
