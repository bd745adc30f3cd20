"""One interaction as a test sees it: what was sent to the bot, how and when the bot answered.

``FakeDiscord.slash`` / ``autocomplete`` / ``press_button`` / ``select`` return an
``InteractionHandle``. The REST side fills it in as the bot calls back: the initial callback
(``/interactions/{id}/{token}/callback``), edits of ``@original`` and follow-ups
(``/webhooks/{app_id}/{token}``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .state import FLAG_EPHEMERAL, FLAG_LOADING, UploadedFile

if TYPE_CHECKING:
    from .server import FakeDiscord

# Interaction types (what Discord sends).
PING = 1
APPLICATION_COMMAND = 2
MESSAGE_COMPONENT = 3
AUTOCOMPLETE = 4
MODAL_SUBMIT = 5

# Callback types (what the bot answers).
PONG = 1
CHANNEL_MESSAGE = 4
DEFERRED_CHANNEL_MESSAGE = 5
DEFERRED_UPDATE_MESSAGE = 6
UPDATE_MESSAGE = 7
AUTOCOMPLETE_RESULT = 8
MODAL = 9

ALLOWED_CALLBACKS: dict[int, frozenset[int]] = {
    APPLICATION_COMMAND: frozenset({CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, MODAL}),
    MESSAGE_COMPONENT: frozenset({CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE,
                                  UPDATE_MESSAGE, MODAL}),
    AUTOCOMPLETE: frozenset({AUTOCOMPLETE_RESULT}),
    MODAL_SUBMIT: frozenset({CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE,
                             UPDATE_MESSAGE}),
}


@dataclass(slots=True)
class CallbackRecord:
    """The bot's initial answer to an interaction, as received."""

    type: int | None  # as sent (None when missing); 4 message, 5 deferred, 6 deferred update, 7 update, 8 autocomplete, 9 modal
    data: dict[str, Any] | None  # the callback's "data" (message payload, choices, modal)
    body: dict[str, Any]  # the whole JSON body (payload_json for multipart)
    files: list[UploadedFile]
    received_after_seconds: float  # since the fake sent INTERACTION_CREATE
    status: int  # what the fake answered (200, or 4xx when it refused)

    @property
    def content(self) -> str | None:
        return (self.data or {}).get("content")

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return (self.data or {}).get("embeds") or []

    @property
    def components(self) -> list[dict[str, Any]]:
        return (self.data or {}).get("components") or []

    @property
    def choices(self) -> list[dict[str, Any]]:
        return (self.data or {}).get("choices") or []

    @property
    def ephemeral(self) -> bool:
        return bool(int((self.data or {}).get("flags") or 0) & FLAG_EPHEMERAL)


@dataclass(eq=False)
class InteractionHandle:
    """A sent interaction. Await ``wait_response()`` for the callback, ``wait_final()`` for the message."""

    fake: FakeDiscord = field(repr=False)
    id: int
    token: str
    type: int
    payload: dict[str, Any] = field(repr=False)  # the INTERACTION_CREATE "d" object
    channel_id: int
    guild_id: int | None
    user_id: int
    sent_at: float = field(default_factory=time.monotonic)
    callbacks: list[CallbackRecord] = field(default_factory=list)  # accepted and refused answers
    original_id: int | None = None  # the @original message, once there is one
    followup_ids: list[int] = field(default_factory=list)
    original_edits: list[dict[str, Any]] = field(default_factory=list)  # PATCH @original bodies
    original_deleted: bool = False
    settled: bool = False  # a visible, non-loading answer exists (see wait_final)

    # ---- what happened ------------------------------------------------------------------------

    @property
    def response(self) -> CallbackRecord | None:
        """The accepted initial callback, if any."""
        accepted = [c for c in self.callbacks if c.status < 300]
        return accepted[0] if accepted else None

    @property
    def original(self) -> dict[str, Any] | None:
        """The @original message as it is now (after edits), or None."""
        if self.original_id is None or self.original_deleted:
            return None
        return self.fake.message(self.original_id)

    @property
    def followups(self) -> list[dict[str, Any]]:
        found = (self.fake.message(message_id) for message_id in self.followup_ids)
        return [message for message in found if message is not None]

    @property
    def choices(self) -> list[dict[str, Any]]:
        response = self.response
        return response.choices if response else []

    # ---- waiting ------------------------------------------------------------------------------

    async def wait_response(self, timeout: float = 5.0) -> CallbackRecord:
        """The initial callback. Fails if the bot answers with a body Discord refuses."""
        await self.fake.wait_for(lambda: bool(self.callbacks), timeout,
                                 f"a callback to interaction {self.id} ({self._describe()})")
        first = self.callbacks[0]
        if first.status >= 300:
            raise AssertionError(f"the bot's callback was refused with {first.status}: {first.body}")
        return first

    async def wait_final(self, timeout: float = 10.0) -> dict[str, Any]:
        """The message the user ends up seeing for this interaction.

        For a type 4/7 callback that is the message sent/updated at once; after a defer (5/6)
        it is the @original message once it has been edited (or filled by the first follow-up,
        which is what Discord does with a "thinking" message).
        """
        response = await self.wait_response(timeout)
        if response.type not in (CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE,
                                 UPDATE_MESSAGE):
            raise ValueError(f"callback type {response.type} does not produce a message")
        remaining = max(0.0, timeout - (time.monotonic() - self.sent_at))
        await self.fake.wait_for(lambda: self.settled, remaining,
                                 f"a final message for interaction {self.id} ({self._describe()})")
        original = self.original
        if original is not None and not int(original.get("flags") or 0) & FLAG_LOADING:
            return original
        followups = self.followups
        if followups:
            return followups[0]
        raise AssertionError(f"interaction {self.id} settled without a visible message")

    async def wait_followup(self, index: int = 0, timeout: float = 10.0) -> dict[str, Any]:
        """The ``index``-th follow-up message that was not absorbed into the @original message."""
        await self.fake.wait_for(lambda: len(self.followup_ids) > index, timeout,
                                 f"follow-up #{index} to interaction {self.id}")
        return self.followups[index]

    async def wait_until(self, predicate: Callable[[InteractionHandle], bool], timeout: float = 10.0) -> None:
        await self.fake.wait_for(lambda: predicate(self), timeout, f"a condition on interaction {self.id}")

    def _describe(self) -> str:
        data = self.payload.get("data") or {}
        return str(data.get("name") or data.get("custom_id") or f"type {self.type}")

    def callback_payload(self, *, message: dict[str, Any] | None, callback_type: int) -> dict[str, Any]:
        """The ``with_response=1`` body discord.py turns into an ``InteractionCallbackResponse``."""
        flags = int((message or {}).get("flags") or 0)
        body: dict[str, Any] = {
            "interaction": {
                "id": str(self.id),
                "type": self.type,
                "activity_instance_id": None,
                "response_message_id": message["id"] if message else None,
                "response_message_loading": bool(flags & FLAG_LOADING),
                "response_message_ephemeral": bool(flags & FLAG_EPHEMERAL),
            },
            "resource": {"type": callback_type},
        }
        if message is not None:
            body["resource"]["message"] = message
        return body


class PendingInteractions:
    """Interactions by id and by token, with Discord's time limits."""

    def __init__(self, deadline: float | None, token_lifetime: float = 15 * 60) -> None:
        self.deadline = deadline  # seconds to send the initial callback (Discord: 3)
        self.token_lifetime = token_lifetime
        self.by_id: dict[int, InteractionHandle] = {}
        self.by_token: dict[str, InteractionHandle] = {}
        self.sent: list[InteractionHandle] = []

    def add(self, handle: InteractionHandle) -> None:
        self.by_id[handle.id] = handle
        self.by_token[handle.token] = handle
        self.sent.append(handle)

    def token_valid(self, handle: InteractionHandle) -> bool:
        return time.monotonic() - handle.sent_at <= self.token_lifetime

    def too_late(self, handle: InteractionHandle) -> bool:
        return self.deadline is not None and time.monotonic() - handle.sent_at > self.deadline
