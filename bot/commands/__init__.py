"""Command handlers: one per command key, found through a registry both transports use.

``bot.commands.registry`` holds the registry, ``dispatch`` (the only way in, which also enforces
who may run what) and ``autocomplete``; importing this package loads every handler module, so
every ``@handler`` is registered before the first command arrives.
"""

from __future__ import annotations

from bot.app_protocol import BotApp
from bot.commands import (
    admin,
    ask,
    briefing,
    digest,
    follow,
    funding,
    help,
    initiative,
    search,
    sources,
    sources_status,
)
from bot.commands.registry import (
    AUTOCOMPLETERS,
    HANDLERS,
    OFFLOADED,
    CommandFault,
    Completer,
    Handler,
    autocomplete,
    completer,
    dispatch,
    handler,
    new_error_id,
)

__all__ = [
    "AUTOCOMPLETERS",
    "HANDLERS",
    "OFFLOADED",
    "CommandFault",
    "Completer",
    "Handler",
    "admin",
    "ask",
    "autocomplete",
    "briefing",
    "completer",
    "digest",
    "dispatch",
    "follow",
    "funding",
    "handler",
    "help",
    "initiative",
    "new_error_id",
    "search",
    "sources",
    "sources_status",
]


# ---- option autocompletion shared by several commands ----------------------------------------


def _initiatives(app: BotApp, current: str) -> list[tuple[str, str]]:
    return app.index.autocomplete(current)


def _documents(app: BotApp, current: str) -> list[tuple[str, str]]:
    return app.index.autocomplete_documents(current)


for _key, _option in (("initiative", "query"), ("sources", "query")):
    completer(_key, _option)(_initiatives)
for _key, _option in (("funding", "document"), ("briefing", "document"), ("briefing-admin remove", "document")):
    completer(_key, _option)(_documents)
