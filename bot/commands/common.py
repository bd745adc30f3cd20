"""Formatting shared by the handlers: funding lines, fact-sheet links, fields of lines.

Handlers keep each page under Discord's limits themselves (the payload layer would otherwise
cut text), so long material becomes more pages (``bot.reply.pages``) rather than lost words.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence

from bot.model import DocumentRecord, FundingRecord, Link
from bot.query import CorpusIndex, FundingTotals, amount_text, display_title, format_usd
from bot.query.funding import MIXED_BOUNDS, bounded_usd, bounds_of
from bot.reply import limits
from bot.reply.model import Choice, EmbedField
from bot.reply.pages import split_pages
from bot.reply.text import escape_markdown, markdown_link, safe_url, shorten

FIELD_TEXT = limits.EMBED_FIELD_VALUE_MAX
PURPOSE_CHARS = 140


def quoted(text: str, limit: int = 80) -> str:
    """User input echoed back: shortened, escaped, in quotes."""
    return f"“{escape_markdown(shorten(' '.join(text.split()), limit))}”"


def link(text: str, url: str | None, limit: int = 200) -> str:
    """``[text](url)`` with the text escaped; plain escaped text when the URL is not http(s)."""
    return markdown_link(text, url, limit)


def cited_link_lines(links: Iterable[Link], text_limit: int) -> list[str]:
    """One bullet per distinct http(s) link an initiative cites, in the order written."""
    seen: set[str] = set()
    lines: list[str] = []
    for item in links:
        target = safe_url(item.url)
        if target and target not in seen:
            seen.add(target)
            lines.append(f"• {link(item.text or target, target, text_limit)}")
    return lines


def date_text(doc: DocumentRecord) -> str:
    return doc.date.isoformat() if doc.date else "undated"


def document_line(doc: DocumentRecord, limit: int = 200) -> str:
    """"[Title](url) · 2023-11-16"."""
    return f"{link(doc.title, doc.source_url, limit)} · {date_text(doc)}"


def not_counted_note(reason: str | None) -> str:
    """Why an amount is listed but not added, as the reader sees it."""
    reason = (reason or "").strip()
    if not reason or reason == "not added":
        return "not added"
    return f"{escape_markdown(reason)}, not added"


def purpose(index: CorpusIndex, record: FundingRecord, *, prefer_sentence: bool = False) -> str:
    """What the money is for: the initiative's title, else a short form of the sentence. A figure in an item nested
    under the initiative's first line ("The following represent just a few of the deals: - Boeing … a $96 billion
    agreement") is for what its own sentence says: the first line only introduces the list."""
    initiative = index.initiative(record.initiative_id) if record.initiative_id is not None else None
    if initiative is not None and not prefer_sentence and not _in_a_nested_line(initiative.text, record.sentence):
        return escape_markdown(shorten(initiative.title, PURPOSE_CHARS))
    return escape_markdown(shorten(" ".join(record.sentence.split()), PURPOSE_CHARS))


def _in_a_nested_line(text: str, sentence: str) -> bool:
    """The sentence stands in a line of the initiative's text after its first (a nested item), not in the first."""
    first, _, rest = text.partition("\n")
    probe = " ".join(sentence.split())[:60]
    return bool(probe) and probe not in " ".join(first.split()) and probe in " ".join(rest.split())


def category_text(record: FundingRecord) -> str:
    if record.fiscal_year is not None:
        return f"{record.category}, FY{record.fiscal_year % 100:02d}"
    return record.category


SENTENCE_CHARS = 220


def excerpt(sentence: str, figure: str, limit: int = SENTENCE_CHARS) -> str:
    """The sentence, or the part of a long one around the figure, with "…" where it was cut."""
    text = " ".join(sentence.split())
    if len(text) <= limit:
        return text
    at = max(text.find(figure), 0)
    start = max(0, min(at - limit // 3, len(text) - limit))
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < at else start
    piece = shorten(text[start:], limit - (1 if start else 0))
    return ("…" if start else "") + piece


def funding_line(index: CorpusIndex, record: FundingRecord, *, result: FundingTotals | None = None,
                 depth: int = 0, prefer_sentence: bool = False, quote_sentence: bool = False,
                 detail: str | None = None) -> str:
    """One figure: "• **more than $1.2 billion** — supplemental request — what it is for", or, when
    the answer does not add it, "• $305 million (part of $535 million, not added) — …".

    ``result``: the answer's totals, which say whether the figure is added and why not (without
    it, the figure's own ``counted``). ``depth``: nested under the figure it belongs to.
    ``quote_sentence``: the sentence it was said in, quoted, instead of what it is for.
    ``detail``: more to say of an added figure ("its parts add up to …").
    """
    amount = escape_markdown(amount_text(record))
    if quote_sentence:
        what = f"“{escape_markdown(excerpt(record.sentence, record.text))}”"
    else:
        what = purpose(index, record, prefer_sentence=prefer_sentence)
    marker = "  ↳ " if depth > 0 else "• "
    added = result.is_added(record) if result is not None else record.counted
    if added:
        notes = [note for note in (detail, result.note(record) if result is not None else None) if note]
        tail = f" ({escape_markdown('; '.join(notes))})" if notes else ""
        return f"{marker}**{amount}** — {category_text(record)}{tail} — {what}"
    reason = result.reason(record) if result is not None else record.reason
    return f"{marker}{amount} ({not_counted_note(reason)}) — {what}"


def funding_lines(index: CorpusIndex, records: Sequence[FundingRecord], *, result: FundingTotals | None = None,
                  prefer_sentence: bool = False) -> list[str]:
    """Mentions in document order, each part listed right under the amount it belongs to."""
    return list(iter_funding_lines(index, records, result=result, prefer_sentence=prefer_sentence))


def iter_funding_lines(index: CorpusIndex, records: Sequence[FundingRecord], *, result: FundingTotals | None = None,
                       prefer_sentence: bool = False) -> Iterator[str]:
    """``funding_lines`` one line at a time, formatted only when asked for.

    Formatting (escaping above all) is the costly part, so a caller that stops once its pages
    are full never pays for the lines it would not send.
    """
    ids = {r.id for r in records}
    children: dict[int, list[FundingRecord]] = {}
    top: list[FundingRecord] = []
    for record in records:
        if record.parent_id is not None and record.parent_id in ids and record.parent_id != record.id:
            children.setdefault(record.parent_id, []).append(record)
        else:
            top.append(record)

    def emit(record: FundingRecord, depth: int) -> Iterator[str]:
        yield funding_line(index, record, result=result, depth=depth, prefer_sentence=prefer_sentence)
        if depth < 5:
            for child in children.get(record.id, ()):
                yield from emit(child, depth + 1)

    for record in top:
        yield from emit(record, 0)


def subtotal_text(records: Sequence[FundingRecord], result: FundingTotals) -> str:
    """What an answer adds of these records (one fact sheet's run of a longer listing)."""
    added = [r for r in records if result.is_added(r)]
    if not added:
        return "nothing added"
    lower, upper = bounds_of(r.qualifier for r in added)
    return bounded_usd(math.fsum(r.amount_usd for r in added), lower, upper)


def headline_line(result: FundingTotals, where: str = "") -> str:
    """"**New money: at least $29.587 billion** (…)", the answer's total."""
    if not result.counted:
        if result.not_counted:
            return f"No new money{where}: none of these dollar figures is money provided by this sheet."
        return "No dollar amounts are added up here."
    notes = ["each dollar once: parts, repeats and money announced before are not added again"]
    if result.at_least and result.up_to:
        notes.insert(0, MIXED_BOUNDS)
    amount = bounded_usd(result.amount, result.at_least, result.up_to, short=True)
    return f"**New money{where}: {amount}** ({'; '.join(notes)})"


def kind_line(result: FundingTotals) -> str:
    """"New federal funding **$X** · Budget requests **$Y** (FY24) · Commitments by … **$Z**"."""
    parts = []
    for item in result.by_kind:
        years = item.years_text
        parts.append(f"{item.label} **{item.text}**" + (f" ({years})" if years else ""))
    return " · ".join(parts)


def kind_lines(result: FundingTotals) -> list[str]:
    """The same as bullets, for a field: "• Budget requests: **$26.535 billion** (FY24)"."""
    out = []
    for item in result.by_kind:
        years = item.years_text
        out.append(f"• {item.label}: **{item.text}**" + (f" ({years})" if years else ""))
    return out


def year_line(result: FundingTotals) -> str:
    """"By year of the fact sheet: 2022 **$X** · 2023 **$Y**"."""
    return "By year of the fact sheet: " + " · ".join(f"{item.label} **{item.text}**" for item in result.by_year)


def left_out_lines(result: FundingTotals) -> list[str]:
    """What an answer does not add although it might look like money: announced before, unclear."""
    lines = []
    if result.reannounced_count:
        n = result.reannounced_count
        lines.append(f"Announced again: {n} figure{'' if n == 1 else 's'} ({format_usd(result.reannounced_amount)}) "
                     f"{'repeats' if n == 1 else 'repeat'} money first announced in an earlier fact sheet, "
                     "counted there only.")
    if result.unclear_count:
        n = result.unclear_count
        lines.append(f"Role unclear: {format_usd(result.unclear_amount)} in {n} figure{'' if n == 1 else 's'} "
                     "left out (listed, not added).")
    return lines


def fields_from_lines(name: str, lines: Sequence[str], *, max_fields: int = 2) -> list[EmbedField]:
    """Pack lines into fields of at most 1024 characters; more than fits ends with "… N more"."""
    if not lines:
        return []
    chunks = split_pages([shorten(line, FIELD_TEXT) for line in lines], FIELD_TEXT)
    fields: list[EmbedField] = []
    for n, chunk in enumerate(chunks[:max_fields]):
        fields.append(EmbedField(name if n == 0 else f"{name} (cont.)", chunk))
    if len(chunks) > max_fields:
        shown = sum(chunk.count("\n") + 1 for chunk in chunks[:max_fields])
        rest = len(lines) - shown
        last = fields[-1]
        note = f"\n… and {rest} more" if rest > 0 else ""
        last.value = shorten(last.value, FIELD_TEXT - len(note)) + note
    return fields


def choices_for(index: CorpusIndex, initiative_ids: Sequence[int], limit: int = 5) -> list[Choice]:
    """Did-you-mean entries: the initiative title, with its fact sheet as the description."""
    out: list[Choice] = []
    for initiative_id in initiative_ids:
        rec = index.initiative(initiative_id)
        if rec is None:
            continue
        doc = index.document(rec.document_id)
        label = shorten(rec.title, limits.SELECT_OPTION_LABEL_MAX) or f"Initiative {rec.id}"
        description = (shorten(f"{display_title(doc.title)} · {date_text(doc)}", limits.SELECT_OPTION_DESCRIPTION_MAX)
                       if doc else None)
        out.append(Choice(label=label, initiative_id=rec.id, description=description))
        if len(out) == limit:
            break
    return out


def nearest_documents_text(index: CorpusIndex, text: str, limit: int = 5) -> str:
    """"No fact sheet matches …" with the closest titles to pick from."""
    lines = [f"No fact sheet matches {quoted(text)}."]
    nearest = index.nearest_documents(text, limit)
    if nearest:
        lines.append("Closest titles:")
        lines += [f"• {document_line(doc, 150)}" for doc in nearest]
    else:
        lines.append("The library is empty: an admin can add fact sheets with `/briefing-admin add`.")
    return "\n".join(lines)
