"""``BotApp``: what handlers, the digest and the transports may use of the shared app.

``bot.app.App`` is the one implementation; tests pass stand-ins of the same shape. The poster
(set by the Discord runtime once it is connected) and the digest scheduler (set by the scheduler
when it is made) are declared slots, empty until then. The types named here are imported for
the checker only, so this module imports nothing at run time and every layer can name it
without an import cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.commands.spec import Invocation
    from bot.config import Settings
    from bot.digest.delivery import DigestService
    from bot.digest.ports import Poster
    from bot.query import CorpusIndex
    from bot.query.answer import SheetReader
    from bot.reply.model import Reply
    from bot.store import Store
    from bot.store.follows import Follow


class Rescheduler(Protocol):
    """The running digest scheduler, as ``/digest`` sees it: its service (clock, poster) and a
    way to say settings changed."""

    @property
    def service(self) -> DigestService: ...

    def reschedule(self) -> None: ...


class BotApp(Protocol):
    """Settings, the store, the warm index, the two runtime slots and the calls transports make."""

    settings: Settings
    store: Store
    index: CorpusIndex
    reader: SheetReader | None  # /ask's second reader (bot/reader), None while off or not ready
    poster: Poster | None  # how the digest posts; None until the Discord runtime is connected
    digest_scheduler: Rescheduler | None  # None until a scheduler runs in this process
    seeded: int  # bundled fact sheets loaded into an empty database when it opened
    follow_directory: dict[int, list[Follow]]  # guild id -> its follows, for autocomplete (which may not wait)

    async def refresh_if_changed(self, *, debounce: bool = True) -> bool: ...

    async def wait_for_change(self, poll_seconds: float) -> None: ...

    def keep_reading(self) -> None: ...

    async def handle(self, key: str, options: dict[str, str], invocation: Invocation) -> Reply: ...

    def autocomplete(self, key: str, option: str, current: str,
                     invocation: Invocation | None = None) -> list[tuple[str, str]]: ...

    async def close(self) -> None: ...
