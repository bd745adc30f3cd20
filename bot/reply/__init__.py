"""Replies: the transport-free model, and the one place it becomes a Discord payload."""

from bot.reply.model import Choice, Embed, EmbedField, Page, Reply
from bot.reply.pages import PageRef, split_pages
from bot.reply.payload import (
    PayloadLimitError,
    PickRef,
    autocomplete_choices,
    parse_custom_id,
    render_payload,
    validate_payload,
)
from bot.reply.text import escape_markdown, safe_url, shorten

__all__ = [
    "Choice",
    "Embed",
    "EmbedField",
    "Page",
    "PageRef",
    "PayloadLimitError",
    "PickRef",
    "Reply",
    "autocomplete_choices",
    "escape_markdown",
    "parse_custom_id",
    "render_payload",
    "safe_url",
    "shorten",
    "split_pages",
    "validate_payload",
]
