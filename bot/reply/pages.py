"""Pages: text packed into pages within Discord's limits, and the buttons that turn them.

Handlers build long replies as several pages (``pages_from_lines``, ``pages_from_entries``),
each one embed with "page n/N" in its footer; ``render_payload`` adds the ◀ / ▶ row
(``page_row``), whose custom ids ``bb:page:<reply_key>:<page>`` the transport reads back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.reply import limits
from bot.reply.model import COLOR, Embed, Page
from bot.text import shorten, split_text
from bot.urls import safe_url

PAGE_TEXT = 3800  # description characters per page, leaving room for title and footer
PAGE_PREFIX = "bb:page:"
PAGE_HERE_PREFIX = "bb:here:"  # the disabled "Page i/n" label; pressing it does nothing
LOCAL_REPLY_KEY = "local"
PREVIOUS_LABEL = "◀ Previous"
NEXT_LABEL = "Next ▶"


@dataclass(frozen=True, slots=True)
class PageRef:
    """A page button: show page ``page`` (0-based) of the reply cached under ``reply_key``."""

    reply_key: str
    page: int


def page_custom_id(reply_key: str, page: int) -> str:
    return f"{PAGE_PREFIX}{reply_key}:{page}"



# ---- packing text into pages -----------------------------------------------------------------


def split_pages(blocks: list[str], limit: int, *, separator: str = "\n") -> list[str]:
    """Pack whole blocks (joined by ``separator``) into chunks of at most ``limit`` characters.

    A block longer than ``limit`` is split at word boundaries (``bot.text.split_text``), so no text
    is lost; every other block stays whole on one chunk.
    """
    pages: list[str] = []
    current: list[str] = []
    size = 0
    for block in blocks:
        for piece in ([block] if len(block) <= limit else split_text(block, limit)):
            extra = len(piece) + (len(separator) if current else 0)
            if current and size + extra > limit:
                pages.append(separator.join(current))
                current, size = [], 0
                extra = len(piece)
            current.append(piece)
            size += extra
    if current:
        pages.append(separator.join(current))
    return pages



def pages_from_lines(title: str, lines: Sequence[str], *, url: str | None = None, footer: str | None = None,
                     head: Sequence[str] = (), per_page: int = PAGE_TEXT, max_pages: int = 40) -> list[Page]:
    """One embed per page: ``head`` lines on the first page, then the lines, never cut mid-line."""
    blocks = [*head, *lines]
    chunks = split_pages(blocks, per_page) if blocks else [""]
    if len(chunks) > max_pages:
        dropped = len(chunks) - max_pages + 1
        chunks = [*chunks[:max_pages - 1], f"… {dropped} more pages not shown: narrow the question."]
    return _pages(title, chunks, url=url, footer=footer)


NOTE_ROOM = 120  # characters kept free on the last page for the "… and N more" note


def pages_from_entries(title: str, entries: Iterable[tuple[str, int]], *, total: int,
                       more: Callable[[int], str], url: str | None = None, footer: str | None = None,
                       head: Sequence[str] = (), per_page: int = PAGE_TEXT, max_pages: int = 40) -> list[Page]:
    """Like ``pages_from_lines``, but reads ``entries`` only until ``max_pages`` pages are full.

    Each entry is a line and how many of the ``total`` items it shows (0 for headings and blank
    lines). Lines past the last page are never read, so they are never formatted; the last page
    then ends with ``more(total - items shown)``, e.g. "… and 120 more amounts not shown".
    """
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    shown = 0
    truncated = False

    def limit() -> int:
        return per_page - NOTE_ROOM if len(chunks) == max_pages - 1 else per_page

    def place(piece: str) -> bool:
        nonlocal current, size
        extra = len(piece) + (1 if current else 0)
        if current and size + extra > limit():
            if len(chunks) == max_pages - 1:
                return False
            chunks.append("\n".join(current))
            current, size, extra = [], 0, len(piece)
        current.append(piece)
        size += extra
        return True

    def pieces(line: str) -> list[str]:
        return [line] if len(line) <= per_page - NOTE_ROOM else split_pages([line], per_page - NOTE_ROOM)

    for line in head:
        for piece in pieces(line):
            place(piece)  # the head is short: it always fits on the first page
    loose = 0  # headings and blank lines ending the current page, with nothing under them yet
    for line, items in entries:
        parts = pieces(line)
        pages_before = len(chunks)
        if not place(parts[0]):
            truncated = True
            break
        shown += items
        loose = 0 if items or len(chunks) != pages_before else loose
        loose += 0 if items else len(parts)
        if not all(place(piece) for piece in parts[1:]):
            truncated = True
            break
    if truncated:
        if 0 < loose < len(current):
            del current[-loose:]  # a heading with none of its lines is dropped along with them
        current.append(more(max(total - shown, 0)))
    if current or not chunks:
        chunks.append("\n".join(current))
    return _pages(title, chunks, url=url, footer=footer)


def _pages(title: str, chunks: Sequence[str], *, url: str | None, footer: str | None) -> list[Page]:
    """One embed per chunk; the footer says "page n/N" once there is more than one."""
    pages: list[Page] = []
    for n, chunk in enumerate(chunks):
        embed = Embed(
            title=shorten(title, limits.EMBED_TITLE_MAX),
            description=chunk,
            url=safe_url(url),
            color=COLOR,
            footer=footer if len(chunks) == 1 else f"{footer + ' · ' if footer else ''}page {n + 1}/{len(chunks)}",
        )
        pages.append(Page(embeds=[embed]))
    return pages


# ---- page buttons ----------------------------------------------------------------------------


def _button(label: str, custom_id: str, *, disabled: bool) -> dict[str, Any]:
    return {"type": limits.BUTTON, "style": limits.BUTTON_STYLE_SECONDARY, "label": label,
            "custom_id": custom_id, "disabled": disabled}


def page_row(reply_key: str, page: int, count: int) -> dict[str, Any]:
    """◀ Previous / Page i/n / Next ▶. Ids stay unique: the label button has its own prefix."""
    return {"type": limits.ACTION_ROW, "components": [
        _button(PREVIOUS_LABEL, page_custom_id(reply_key, max(page - 1, 0)), disabled=page == 0),
        _button(f"Page {page + 1}/{count}", f"{PAGE_HERE_PREFIX}{reply_key}:{page}", disabled=True),
        _button(NEXT_LABEL, page_custom_id(reply_key, min(page + 1, count - 1)), disabled=page == count - 1),
    ]}
