"""/funding [query] [document] — totals that never double count, with a breakdown and sources.

The headline adds counted amounts only and says "at least" when one of them was a lower bound.
Parts of a larger amount and repeats are listed, marked, and not added. Items are grouped by
fact sheet (newest first), and each group's heading links to the fact sheet it comes from.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby
from operator import attrgetter
from typing import Any

from bot.commands import handler
from bot.commands.common import (
    breakdown_lines,
    document_line,
    headline_line,
    iter_funding_lines,
    nearest_documents_text,
    pages_from_entries,
    quoted,
)
from bot.commands.spec import Invocation
from bot.model import DocumentRecord, FundingRecord
from bot.query import CorpusIndex, totals
from bot.reply import limits
from bot.reply.model import Reply
from bot.reply.text import escape_markdown, shorten

FOOTER = "Counted amounts only: parts of a larger amount and repeats are listed but not added."


def _entries(index: CorpusIndex, records: Sequence[FundingRecord], *, with_headers: bool,
             not_counted: int) -> Iterator[tuple[str, int]]:
    """The listing, one (line, amounts it shows) at a time, formatted only as the pages fill up.

    ``records`` come newest fact sheet first, then in document order (the index's order), so
    each fact sheet's amounts are one run and its subtotal needs only that run.
    """
    first = True
    for document_id, run in groupby(records, key=attrgetter("document_id")):
        items = list(run)
        doc = index.document(document_id)
        if with_headers and doc is not None:
            if not first:
                yield "", 0
            yield f"**{document_line(doc, 180)}** — {totals(items).headline}", 0
        first = False
        for line in iter_funding_lines(index, items):
            yield line, 1
    if not_counted:
        yield "", 0
        yield (f"{not_counted} amount{' is' if not_counted == 1 else 's are'} listed but not added: part of a "
               "larger amount, a repeat, or a stated total."), 0


def _more_amounts(count: int) -> str:
    if count <= 0:
        return "… more not shown: narrow the question."
    return f"… and {count} more amount{'' if count == 1 else 's'} not shown: narrow the question."


def _spans_documents(records: Sequence[FundingRecord]) -> bool:
    first = records[0].document_id
    return any(r.document_id != first for r in records)


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


@handler("funding", offload=True)
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
        records = index.funding  # records are made only for the lines that fit the pages sent

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

    result = index.library_totals() if not query and doc is None else index.funding_totals(records)
    head = [headline_line(result)]
    if result.breakdown:
        head += ["By category:", *breakdown_lines(result)]
    if doc is not None:
        head.append(f"Source: {document_line(doc)}")
    head.append("")
    entries = _entries(index, records, with_headers=doc is None or _spans_documents(records),
                       not_counted=len(result.not_counted))
    pages = pages_from_entries(_title(query, doc, result.headline), entries, total=len(records),
                               more=_more_amounts, head=head, url=doc.source_url if doc else None,
                               footer=FOOTER)
    return Reply(pages=pages)
