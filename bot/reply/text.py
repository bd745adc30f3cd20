"""Text for Discord-bound replies: masked links and sizes, on top of the shared ``bot.text``
(shortening, escaping) and ``bot.urls`` (link checks), re-exported here for the handlers."""

from __future__ import annotations

from bot.text import ELLIPSIS, escape_markdown, shorten
from bot.urls import honest_label, safe_url

__all__ = ["ELLIPSIS", "escape_markdown", "human_size", "markdown_link", "safe_url", "shorten"]


def markdown_link(text: str, url: str | None, limit: int = 200) -> str:
    """``[text](url)`` with the text on one line, shortened and escaped; just the text when the
    URL is not a safe http(s) link (``bot.urls.safe_url``). A text that shows the address of
    another site than the link's is replaced by the link's own address."""
    label = escape_markdown(shorten(" ".join(text.split()), limit)) or "link"
    safe = safe_url(url)
    if safe is None:
        return label
    if honest_label(label, safe) != label:
        label = escape_markdown(shorten(safe, limit))
    return f"[{label}]({safe})"


def human_size(count: int) -> str:
    """A byte count as people read it in a refusal: "1.5 MB", "12 KB", "900 bytes"."""
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    if count >= 1024:
        return f"{count / 1024:.0f} KB"
    return f"{count} bytes"
