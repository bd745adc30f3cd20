"""/funding [query] [document] — new money, each dollar once, by kind and source, with sources.

Every answer leads with what it adds up: new money by kind and source ("New federal funding $X
· Budget requests $Y (FY24) · Commitments by companies and foundations $Z"), "at least" or
"up to" when the figures say so. The rule for what adds is the query layer's
(``bot.query.funding``): the outermost figure counts, a part never with its whole, a repeat
once, money a later sheet announces again where it was first announced.

- ``document:`` one fact sheet: the figures added, with their sentences (and whether the parts
  of a stated total agree with it), then the figures not added, each with its reason, and how
  much was left out because its role is unclear.
- ``query:`` figures about a topic, grouped by fact sheet (newest first), each heading linking to
  its sheet: a matched part is shown with its whole and added in its place; a matched total is
  added and its parts listed under it.
- neither: the whole library, by kind and by year of the fact sheet.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby
from operator import attrgetter

from bot.app_protocol import BotApp
from bot.commands.common import (
    document_line,
    funding_line,
    headline_line,
    iter_funding_lines,
    kind_line,
    left_out_lines,
    nearest_documents_text,
    quoted,
    subtotal_text,
    year_line,
)
from bot.commands.registry import handler
from bot.commands.spec import Invocation
from bot.model import DocumentRecord, FundingRecord
from bot.query import CorpusIndex, FundingTotals, format_usd
from bot.query.funding import parts_check, parts_text
from bot.reply import limits
from bot.reply.model import Reply
from bot.reply.pages import pages_from_entries
from bot.reply.text import escape_markdown, shorten

FOOTER = "Each dollar once: parts of a larger figure, repeats and money announced before are listed, not added."


def _entries(index: CorpusIndex, records: Sequence[FundingRecord], result: FundingTotals, *,
             with_headers: bool) -> Iterator[tuple[str, int]]:
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
            yield f"**{document_line(doc, 180)}** — {subtotal_text(items, result)}", 0
        first = False
        for line in iter_funding_lines(index, items, result=result):
            yield line, 1
    not_counted = len(result.not_counted)
    if not_counted:
        yield "", 0
        yield (f"{not_counted} figure{' is' if not_counted == 1 else 's are'} listed but not added, each with its "
               "reason: part of a larger figure, a repeat, money announced before, or not money provided."), 0


def _document_entries(index: CorpusIndex, records: Sequence[FundingRecord],
                      result: FundingTotals) -> Iterator[tuple[str, int]]:
    """One fact sheet: the figures added with their sentences, then those not added with why."""
    checks = parts_check(records)
    added = [r for r in records if result.is_added(r)]
    others = [r for r in records if not result.is_added(r)]
    if added:
        yield f"**Added up** — {len(added)} figure{'' if len(added) == 1 else 's'}", 0
        for record in added:
            check = checks.get(record.id)
            detail = parts_text(record, *check) if check else None
            yield funding_line(index, record, result=result, quote_sentence=True, detail=detail), 1
    if others:
        if added:
            yield "", 0
        yield f"**Not added** — {len(others)} figure{'' if len(others) == 1 else 's'}", 0
        for record in others:
            yield funding_line(index, record, result=result, quote_sentence=True), 1
    yield "", 0
    if result.unclear_count:
        n = result.unclear_count
        yield (f"Left out because the role is unclear: **{escape_markdown(format_usd(result.unclear_amount))}** "
               f"in {n} figure{'' if n == 1 else 's'} (listed above, not added)."), 0
    else:
        yield "No figure was left out for an unclear role.", 0


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


def _head(result: FundingTotals, *, where: str, years: bool) -> list[str]:
    head = [headline_line(result, where)]
    if result.by_kind:
        head.append(kind_line(result))
    if years and result.by_year:
        head.append(year_line(result))
    return head


@handler("funding", offload=True)
async def funding(app: BotApp, options: dict[str, str], invocation: Invocation) -> Reply:
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
        records = index.funding_listed()  # made only for the lines that fit the pages sent; a sheet stored twice once

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

    library = not query and doc is None
    result = index.library_totals() if library else index.funding_totals(records)
    if doc is not None and not query:
        head = _head(result, where=" in this fact sheet", years=False)
        head += [line for line in left_out_lines(result) if not line.startswith("Role unclear")]
        head += [f"Source: {document_line(doc)}", ""]
        entries = _document_entries(index, records, result)
    else:
        spans = _spans_documents(records)
        head = _head(result, where="" if library else " here", years=library or (spans and len(result.by_year) > 1))
        head += left_out_lines(result)
        if doc is not None:
            head.append(f"Source: {document_line(doc)}")
        head.append("")
        entries = _entries(index, records, result, with_headers=doc is None or spans)
    pages = pages_from_entries(_title(query, doc, result.headline), entries, total=len(records),
                               more=_more_amounts, head=head, url=doc.source_url if doc else None,
                               footer=FOOTER)
    return Reply(pages=pages)
