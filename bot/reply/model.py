"""The reply model: what a command handler returns, independent of any transport.

Handlers build a ``Reply`` of one or more ``Page``s. ``bot.reply.payload`` turns one page into
the exact Discord message payload (enforcing every Discord limit in one place); the console
renders the same model with rich. Handlers never worry about Discord's limits beyond
splitting long material into pages or fields — the payload layer validates and, where text is
too long, shortens at a word boundary (never mid-link).
"""

from __future__ import annotations

from dataclasses import dataclass, field

COLOR = 0x2B6CB0  # the one embed colour: every command's replies and the digest


@dataclass(slots=True)
class EmbedField:
    name: str
    value: str
    inline: bool = False


@dataclass(slots=True)
class Embed:
    title: str
    description: str = ""
    url: str | None = None  # http(s) only; dropped otherwise
    fields: list[EmbedField] = field(default_factory=list)
    footer: str | None = None
    color: int | None = None
    timestamp: str | None = None  # ISO 8601


@dataclass(slots=True)
class Page:
    content: str = ""
    embeds: list[Embed] = field(default_factory=list)


@dataclass(slots=True)
class Choice:
    """A "did you mean" alternative: picking it shows that initiative."""

    label: str  # shown to the user (shortened to Discord's limits by the payload layer)
    initiative_id: int
    description: str | None = None  # e.g. the fact sheet title


@dataclass(slots=True)
class Reply:
    pages: list[Page]
    choices: list[Choice] = field(default_factory=list)  # rendered as a select menu under page 0
    ephemeral: bool = False
    error: bool = False  # a refusal or failure; transports may log it

    @classmethod
    def text(cls, content: str, *, ephemeral: bool = False, error: bool = False) -> Reply:
        return cls(pages=[Page(content=content)], ephemeral=ephemeral, error=error)

    @classmethod
    def embed(cls, embed: Embed, *, content: str = "", ephemeral: bool = False) -> Reply:
        return cls(pages=[Page(content=content, embeds=[embed])], ephemeral=ephemeral)
