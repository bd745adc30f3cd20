"""The one exception the parser lets out."""

from __future__ import annotations


class ParseError(Exception):
    """The file cannot be ingested; the message is a one-line reason a person can act on."""

    def __init__(self, reason: str) -> None:
        # Keep the reason on one line so it fits in a log line or a Discord message.
        super().__init__(" ".join(str(reason).split()) or "unreadable file")

    @property
    def reason(self) -> str:
        return str(self.args[0])
