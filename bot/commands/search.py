"""/search text — full-text search (SQLite FTS5, bm25) over fact sheets and initiatives.

Snippets come back from the store with the matched words between ``**``; everything else in
them is escaped so a stray ``*`` or ``_`` in a fact sheet cannot break the formatting.
"""

from __future__ import annotations

from typing import Any

from bot.app_protocol import BotApp
from bot.commands.common import link, quoted
from bot.commands.registry import handler
from bot.commands.spec import Invocation
from bot.reply import limits
from bot.reply.model import COLOR, Embed, Page, Reply
from bot.reply.text import escape_markdown, shorten
from bot.store import SearchHit

HITS_PER_PAGE = 5
MAX_HITS = 50  # ten pages


def snippet_text(snippet: str, limit: int = 500) -> str:
    """Escape a snippet but keep its ``**bold**`` matches."""
    parts = " ".join(snippet.split()).split("**")
    if len(parts) % 2 == 0:  # unbalanced markers: show it plain
        return escape_markdown(shorten(" ".join(parts), limit))
    out = [escape_markdown(part) if n % 2 == 0 else f"**{escape_markdown(part)}**" if part else ""
           for n, part in enumerate(parts)]
    return shorten("".join(out), limit)


def hit_block(hit: Any) -> str:
    title = link(hit.title, hit.source_url, 200)
    lines = [f"**{title}**"]
    snippet = snippet_text(hit.snippet or "")
    if snippet:
        lines.append(snippet)
    if hit.kind == "initiative":
        lines.append(f"in {escape_markdown(shorten(hit.document_title, 200))}"
                     + (f" · `/initiative id:{hit.initiative_id}`" if hit.initiative_id is not None else ""))
    return "\n".join(lines)


def distinct_hits(hits: list[SearchHit]) -> list[SearchHit]:
    """The hits with a fact sheet stored twice shown once: the same sheet published at two addresses (whitehouse.gov,
    then its archive, or again a day later) matches twice with the same title and the same words."""
    seen: set[tuple[str, str, str, str]] = set()
    out = []
    for hit in hits:
        key = (hit.kind, " ".join(hit.title.split()).casefold(), " ".join(hit.document_title.split()).casefold(),
               " ".join((hit.snippet or "").split()))
        if key not in seen:
            seen.add(key)
            out.append(hit)
    return out


@handler("search")
async def search(app: BotApp, options: dict[str, str], invocation: Invocation) -> Reply:
    text = " ".join((options.get("text") or "").split())
    if not text:
        return Reply.text("Give me some words to search for, for example `/search fentanyl precursor`.",
                          ephemeral=True)
    results = await app.store.search(text, limit=MAX_HITS, offset=0)
    found = list(results.hits)[:MAX_HITS]
    hits = distinct_hits(found)
    if not hits:
        return Reply.text(f"No fact sheet or initiative mentions {quoted(text)}. "
                          f"`/initiative {escape_markdown(shorten(text, 80))}` tolerates typos and acronyms.")
    total = max(results.total - (len(found) - len(hits)), len(hits))
    pages: list[Page] = []
    for start in range(0, len(hits), HITS_PER_PAGE):
        chunk = hits[start:start + HITS_PER_PAGE]
        description = "\n\n".join(hit_block(hit) for hit in chunk)
        more = f" (showing the first {len(hits)})" if total > len(hits) else ""
        footer = f"Results {start + 1}–{start + len(chunk)} of {total}{more}"
        pages.append(Page(embeds=[Embed(
            title=shorten(f"Search: {text}", limits.EMBED_TITLE_MAX),
            description=shorten(description, limits.EMBED_DESCRIPTION_MAX),
            footer=footer,
            color=COLOR,
        )]))
    return Reply(pages=pages)
