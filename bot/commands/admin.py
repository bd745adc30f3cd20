"""/briefing-admin add|remove — change the library from Discord (Manage Server only, which
``dispatch`` enforces from the command table).

``add`` parses the attached file with the real parser (nothing is stored when it is rejected),
stores it in one transaction, refreshes the in-memory index and says what was added.
``remove`` only acts on an exact pick (autocomplete value or exact title): a fuzzy guess is
fine for reading, not for deleting.
"""

from __future__ import annotations

import asyncio
from typing import Any

from bot.commands.common import date_text, document_line, nearest_documents_text, quoted
from bot.commands.registry import handler
from bot.commands.spec import Invocation
from bot.query import CorpusIndex
from bot.reply import limits
from bot.reply.model import Reply
from bot.reply.text import escape_markdown, human_size, shorten


def _attachment(invocation: Invocation) -> tuple[str, bytes] | None:
    """(filename, bytes) as the transport downloaded it (Discord upload or console file)."""
    attached = invocation.extras.get("attachment")
    if isinstance(attached, tuple) and len(attached) == 2 and isinstance(attached[1], bytes | bytearray):
        return str(attached[0]), bytes(attached[1])
    return None


@handler("briefing-admin add")
async def add(app: Any, options: dict[str, str], invocation: Invocation) -> Reply:
    got = _attachment(invocation)
    if got is None:
        return Reply.text("Attach a fact sheet (a Markdown file with front matter) to add it.",
                          ephemeral=True, error=True)
    filename, data = got
    name = escape_markdown(shorten(filename, 100))
    limit = app.settings.attachment_max_bytes
    if len(data) > limit:
        return Reply.text(f"Rejected {name}: it is {human_size(len(data))}; files up to {human_size(limit)} are accepted.",
                          ephemeral=True, error=True)

    from bot.ingest import ParseError, parse_document  # the parser loads only when needed

    try:
        parsed = await asyncio.to_thread(parse_document, data, filename)
    except ParseError as exc:
        reason = " ".join(str(exc).split()) or "it cannot be parsed"
        return Reply.text(shorten(f"Rejected {name}: {escape_markdown(reason)}", limits.CONTENT_MAX),
                          ephemeral=True, error=True)
    outcome = await app.store.ingest(parsed)
    await app.refresh_if_changed(debounce=False)  # the admin expects to see the change at once
    index: CorpusIndex = app.index
    doc = index.document(outcome.document_id)
    title = document_line(doc, 200) if doc else escape_markdown(shorten(parsed.title, 200))
    if outcome.status == "unchanged":
        return Reply.text(shorten(f"{title} is already up to date: nothing changed.", limits.CONTENT_MAX))
    result = index.funding_totals(index.funding_of_document(outcome.document_id))
    verb = "Updated" if outcome.status == "updated" else "Added"
    count = outcome.initiative_count
    lines = [f"{verb} {title}",
             f"{count} initiative{'' if count == 1 else 's'} · funding: {result.headline}"]
    if parsed.warnings:
        lines.append("Notes: " + escape_markdown(shorten("; ".join(parsed.warnings), 600)))
    return Reply.text(shorten("\n".join(lines), limits.CONTENT_MAX))


@handler("briefing-admin remove")
async def remove(app: Any, options: dict[str, str], invocation: Invocation) -> Reply:
    index: CorpusIndex = app.index
    document = (options.get("document") or "").strip()
    if not document:
        return Reply.text("Name the fact sheet to remove (pick it from the list).", ephemeral=True, error=True)
    doc = index.find_document(document, exact_only=True)
    if doc is None:
        text = nearest_documents_text(index, document) + "\nNothing was removed: pick the exact title from the list."
        return Reply.text(shorten(text, limits.CONTENT_MAX), ephemeral=True, error=True)
    removed = await app.store.remove_document(doc.id)
    await app.refresh_if_changed(debounce=False)  # the admin expects to see the change at once
    if removed is None:
        return Reply.text(f"{quoted(doc.title, 200)} was already removed.", ephemeral=True)
    count = removed.initiative_count
    return Reply.text(shorten(f"Removed {quoted(removed.title, 300)} ({date_text(removed)}, {count} "
                              f"initiative{'' if count == 1 else 's'}).", limits.CONTENT_MAX))

