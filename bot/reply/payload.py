"""The one place a ``Reply`` becomes a Discord message payload, and where Discord's limits live.

``render_payload`` builds the exact dict sent to Discord (content, embeds, components, allowed
mentions, flags), shortening whatever is too long at word boundaries and never mid-link, then
checks its own output with ``validate_payload`` so a shortening bug fails loudly instead of
Discord rejecting the message in production. Custom ids of buttons and menus are built and
parsed here too, so the transport never formats them by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from bot.reply import limits
from bot.reply.model import Choice, Embed, EmbedField, Page, Reply
from bot.reply.pages import LOCAL_REPLY_KEY, PAGE_PREFIX, PageRef, page_row
from bot.reply.text import ELLIPSIS, safe_url, shorten

PICK_PREFIX = "bb:pick:"
PICK_PLACEHOLDER = "Did you mean…?"
EMPTY_CONTENT = "Nothing to show."
ZERO_WIDTH_SPACE = "\u200b"  # Discord refuses empty field names and values
ALLOWED_MENTIONS: dict[str, list[str]] = {"parse": []}  # never ping anyone, whatever the text says


class PayloadLimitError(ValueError):
    """A payload breaks Discord's limits; ``violations`` lists every problem found."""

    def __init__(self, violations: list[str]) -> None:
        self.violations = list(violations)
        super().__init__("payload breaks Discord limits: " + "; ".join(self.violations))


@dataclass(frozen=True, slots=True)
class PickRef:
    """The did-you-mean menu: only ``owner_id`` (0 when unknown) may pick from it."""

    owner_id: int


def pick_custom_id(owner_id: int | None) -> str:
    return f"{PICK_PREFIX}{owner_id or 0}"


def parse_custom_id(custom_id: str) -> PageRef | PickRef | None:
    """What a pressed component asks for, or None for ids this bot did not make."""
    if not isinstance(custom_id, str):
        return None
    if custom_id.startswith(PAGE_PREFIX):
        reply_key, sep, page = custom_id[len(PAGE_PREFIX):].rpartition(":")
        if sep and reply_key and page.isascii() and page.isdigit():
            return PageRef(reply_key, int(page))
        return None
    if custom_id.startswith(PICK_PREFIX):
        owner = custom_id[len(PICK_PREFIX):]
        if owner.isascii() and owner.isdigit():
            return PickRef(int(owner))
    return None


# ---- rendering ---------------------------------------------------------------------------------


def _embed_text_length(embed: Embed) -> int:
    """Characters Discord counts towards the 6000 across all embeds of a message."""
    return (len(embed.title) + len(embed.description) + len(embed.footer or "")
            + sum(len(f.name) + len(f.value) for f in embed.fields))


def _clip_field(item: EmbedField) -> EmbedField:
    name = shorten(item.name.strip(), limits.EMBED_FIELD_NAME_MAX) or ZERO_WIDTH_SPACE
    value = shorten(item.value.strip(), limits.EMBED_FIELD_VALUE_MAX) or ZERO_WIDTH_SPACE
    return EmbedField(name, value, bool(item.inline))


def _clip_fields(items: list[EmbedField]) -> list[EmbedField]:
    """At most 25 fields; when there are more, the last one says how many were left out."""
    if len(items) <= limits.EMBED_FIELDS_MAX:
        return [_clip_field(item) for item in items]
    kept = items[: limits.EMBED_FIELDS_MAX - 1]
    dropped = items[limits.EMBED_FIELDS_MAX - 1:]
    names = ", ".join(item.name.strip() for item in dropped if item.name.strip())
    summary = EmbedField(f"{ELLIPSIS} {len(dropped)} more", names or f"{len(dropped)} more not shown")
    return [_clip_field(item) for item in [*kept, summary]]


def _clip_embed(embed: Embed) -> Embed:
    """One embed within its own limits: lengths, 25 fields, http(s) url only."""
    footer = shorten(embed.footer.strip(), limits.EMBED_FOOTER_MAX) if embed.footer else None
    color = embed.color if isinstance(embed.color, int) and 0 <= embed.color <= 0xFFFFFF else None
    return Embed(
        title=shorten(embed.title.strip(), limits.EMBED_TITLE_MAX),
        description=shorten(embed.description.strip(), limits.EMBED_DESCRIPTION_MAX),
        url=safe_url(embed.url),
        fields=_clip_fields(list(embed.fields)),
        footer=footer or None,
        color=color,
        timestamp=embed.timestamp,
    )


def _fit_total(embeds: list[Embed], budget: int = limits.EMBEDS_TOTAL_MAX) -> list[Embed]:
    """Shorten text, latest first, until all embeds together fit Discord's 6000 characters.

    The first embed's opening lines are what users read, so cuts start from the end: field
    values of the last embed back to the first, then descriptions, footers, field names and
    finally titles — each only by as much as is still over.
    """
    embeds = [replace(embed, fields=[replace(f) for f in embed.fields]) for embed in embeds]
    excess = sum(_embed_text_length(embed) for embed in embeds) - budget
    if excess <= 0:
        return embeds

    def cut(current: str, minimum: str) -> str:
        nonlocal excess
        if excess <= 0 or len(current) <= len(minimum):
            return current
        shorter = shorten(current, max(len(current) - excess, len(minimum))) or minimum
        excess -= len(current) - len(shorter)
        return shorter

    for embed in reversed(embeds):
        for item in reversed(embed.fields):
            item.value = cut(item.value, ELLIPSIS)
    for embed in reversed(embeds):
        embed.description = cut(embed.description, "")
    for embed in reversed(embeds):
        if embed.footer:
            embed.footer = cut(embed.footer, ELLIPSIS)
    for embed in reversed(embeds):
        for item in reversed(embed.fields):
            item.name = cut(item.name, ELLIPSIS)
    for embed in reversed(embeds):
        if embed.title:
            embed.title = cut(embed.title, ELLIPSIS)
    return embeds


def _timestamp(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def embed_dict(embed: Embed) -> dict[str, Any]:
    """Discord's embed object, as discord.py's ``Embed.to_dict`` writes it: empty parts left out."""
    result: dict[str, Any] = {}
    if embed.footer:
        result["footer"] = {"text": embed.footer}
    if embed.fields:
        result["fields"] = [{"inline": item.inline, "name": item.name, "value": item.value} for item in embed.fields]
    result["flags"] = 0
    if embed.color is not None:
        result["color"] = embed.color
    when = _timestamp(embed.timestamp)
    if when is not None:
        result["timestamp"] = when.astimezone(dt.UTC).isoformat()
    result["type"] = "rich"
    for key, value in (("description", embed.description), ("url", embed.url), ("title", embed.title)):
        if value:
            result[key] = value
    return result


def _pick_row(choices: list[Choice], owner_id: int | None) -> dict[str, Any] | None:
    """The did-you-mean menu: one option per distinct initiative, at most 25."""
    options: list[dict[str, Any]] = []
    seen: set[str] = set()
    for choice in choices:
        value = str(choice.initiative_id)
        if value in seen:
            continue
        seen.add(value)
        label = shorten(" ".join(choice.label.split()), limits.SELECT_OPTION_LABEL_MAX) or value
        option: dict[str, Any] = {"label": label, "value": value}
        description = shorten(" ".join((choice.description or "").split()), limits.SELECT_OPTION_DESCRIPTION_MAX)
        if description:
            option["description"] = description
        options.append(option)
        if len(options) == limits.SELECT_OPTIONS_MAX:
            break
    if not options:
        return None
    return {"type": limits.ACTION_ROW, "components": [{
        "type": limits.STRING_SELECT,
        "custom_id": pick_custom_id(owner_id),
        "placeholder": PICK_PLACEHOLDER,
        "min_values": 1,
        "max_values": 1,
        "options": options,
    }]}


def _content(page: Page, notes: list[str]) -> str:
    """The message text, shortened to leave room for notes about what did not fit."""
    note = " ".join(notes)
    room = limits.CONTENT_MAX - (len(note) + 1 if note else 0)
    content = shorten(page.content.strip(), room)
    return "\n".join(part for part in (content, note) if part)


def render_payload(reply: Reply, page: int = 0, *, reply_key: str | None = None,
                   owner_id: int | None = None) -> dict[str, Any]:
    """The exact Discord message payload for one page of ``reply``, within every limit.

    ``page`` is clamped (past the end shows the last page). Page buttons appear when there are
    several pages; the did-you-mean menu appears under page 0 when the reply has choices.
    Raises ``PayloadLimitError`` only if shortening itself is broken.
    """
    pages = reply.pages or [Page()]
    index = min(max(page, 0), len(pages) - 1)
    current = pages[index]
    notes: list[str] = []
    embeds = list(current.embeds)
    if len(embeds) > limits.EMBEDS_PER_MESSAGE_MAX:
        hidden = len(embeds) - limits.EMBEDS_PER_MESSAGE_MAX
        notes.append(f"({ELLIPSIS} {hidden} more not shown)")
        embeds = embeds[: limits.EMBEDS_PER_MESSAGE_MAX]
    embeds = _fit_total([_clip_embed(embed) for embed in embeds])
    content = _content(current, notes)
    if not content and not embeds:
        content = EMPTY_CONTENT

    components: list[dict[str, Any]] = []
    if index == 0 and reply.choices:
        row = _pick_row(reply.choices, owner_id)
        if row is not None:
            components.append(row)
    if len(pages) > 1:
        components.append(page_row(reply_key or LOCAL_REPLY_KEY, index, len(pages)))

    payload: dict[str, Any] = {
        "content": content,
        "embeds": [embed_dict(embed) for embed in embeds],
        "components": components,
        "allowed_mentions": {"parse": []},
    }
    if reply.ephemeral:
        payload["flags"] = limits.EPHEMERAL_FLAG
    validate_payload(payload)
    return payload


# ---- validation --------------------------------------------------------------------------------


def _check_length(problems: list[str], where: str, value: Any, maximum: int, *, required: bool = False) -> None:
    if value is None and not required:
        return
    if not isinstance(value, str):
        problems.append(f"{where} is not text")
    elif required and not value:
        problems.append(f"{where} is empty")
    elif len(value) > maximum:
        problems.append(f"{where} has {len(value)} characters (max {maximum})")


def _check_embeds(problems: list[str], embeds: Any) -> None:
    if not isinstance(embeds, list):
        problems.append("embeds is not a list")
        return
    if len(embeds) > limits.EMBEDS_PER_MESSAGE_MAX:
        problems.append(f"{len(embeds)} embeds (max {limits.EMBEDS_PER_MESSAGE_MAX})")
    total = 0
    for number, embed in enumerate(embeds, 1):
        where = f"embed {number}"
        if not isinstance(embed, dict):
            problems.append(f"{where} is not an object")
            continue
        footer = (embed.get("footer") or {}).get("text")
        author = (embed.get("author") or {}).get("name")
        _check_length(problems, f"{where} title", embed.get("title"), limits.EMBED_TITLE_MAX)
        _check_length(problems, f"{where} description", embed.get("description"), limits.EMBED_DESCRIPTION_MAX)
        _check_length(problems, f"{where} footer", footer, limits.EMBED_FOOTER_MAX)
        _check_length(problems, f"{where} author name", author, limits.EMBED_AUTHOR_NAME_MAX)
        if embed.get("url") is not None and safe_url(embed["url"]) != embed["url"]:
            problems.append(f"{where} url is not a plain http(s) link")
        fields = embed.get("fields") or []
        if len(fields) > limits.EMBED_FIELDS_MAX:
            problems.append(f"{where} has {len(fields)} fields (max {limits.EMBED_FIELDS_MAX})")
        for position, item in enumerate(fields, 1):
            _check_length(problems, f"{where} field {position} name", item.get("name"),
                          limits.EMBED_FIELD_NAME_MAX, required=True)
            _check_length(problems, f"{where} field {position} value", item.get("value"),
                          limits.EMBED_FIELD_VALUE_MAX, required=True)
        for text in (embed.get("title"), embed.get("description"), footer, author,
                     *(item.get("name") for item in fields), *(item.get("value") for item in fields)):
            total += len(text) if isinstance(text, str) else 0
    if total > limits.EMBEDS_TOTAL_MAX:
        problems.append(f"embeds hold {total} characters together (max {limits.EMBEDS_TOTAL_MAX})")


def _check_select(problems: list[str], where: str, select: dict[str, Any]) -> None:
    _check_length(problems, f"{where} placeholder", select.get("placeholder"), limits.SELECT_PLACEHOLDER_MAX)
    options = select.get("options") or []
    if not 1 <= len(options) <= limits.SELECT_OPTIONS_MAX:
        problems.append(f"{where} has {len(options)} options (1 to {limits.SELECT_OPTIONS_MAX})")
    values = [option.get("value") for option in options]
    if len(set(values)) != len(values):
        problems.append(f"{where} repeats an option value")
    for number, option in enumerate(options, 1):
        _check_length(problems, f"{where} option {number} label", option.get("label"),
                      limits.SELECT_OPTION_LABEL_MAX, required=True)
        _check_length(problems, f"{where} option {number} value", option.get("value"),
                      limits.SELECT_OPTION_VALUE_MAX, required=True)
        _check_length(problems, f"{where} option {number} description", option.get("description"),
                      limits.SELECT_OPTION_DESCRIPTION_MAX)


def _check_components(problems: list[str], rows: Any) -> None:
    if not isinstance(rows, list):
        problems.append("components is not a list")
        return
    if len(rows) > limits.ACTION_ROWS_MAX:
        problems.append(f"{len(rows)} action rows (max {limits.ACTION_ROWS_MAX})")
    custom_ids: list[str] = []
    for row_number, row in enumerate(rows, 1):
        where = f"row {row_number}"
        if not isinstance(row, dict) or row.get("type") != limits.ACTION_ROW:
            problems.append(f"{where} is not an action row")
            continue
        children = row.get("components") or []
        if not children:
            problems.append(f"{where} is empty")
        selects = [child for child in children if child.get("type") == limits.STRING_SELECT]
        buttons = [child for child in children if child.get("type") == limits.BUTTON]
        if selects and len(children) > 1:
            problems.append(f"{where} puts a select menu next to other components")
        if len(buttons) > limits.BUTTONS_PER_ROW_MAX:
            problems.append(f"{where} has {len(buttons)} buttons (max {limits.BUTTONS_PER_ROW_MAX})")
        if len(selects) + len(buttons) != len(children):
            problems.append(f"{where} holds an unknown component type")
        for number, child in enumerate(children, 1):
            child_where = f"{where} component {number}"
            is_link = child.get("type") == limits.BUTTON and child.get("style") == limits.BUTTON_STYLE_LINK
            if is_link:
                if safe_url(child.get("url")) is None:
                    problems.append(f"{child_where} link button has no http(s) url")
            else:
                custom_id = child.get("custom_id")
                _check_length(problems, f"{child_where} custom_id", custom_id, limits.CUSTOM_ID_MAX, required=True)
                if isinstance(custom_id, str):
                    custom_ids.append(custom_id)
            if child.get("type") == limits.BUTTON:
                _check_length(problems, f"{child_where} label", child.get("label"), limits.BUTTON_LABEL_MAX)
            elif child.get("type") == limits.STRING_SELECT:
                _check_select(problems, child_where, child)
    if len(set(custom_ids)) != len(custom_ids):
        problems.append("two components share a custom_id")


def validate_payload(payload: dict[str, Any]) -> None:
    """Raise ``PayloadLimitError`` listing every way ``payload`` breaks Discord's limits."""
    problems: list[str] = []
    if not isinstance(payload, dict):
        raise PayloadLimitError(["payload is not an object"])
    mentions = payload.get("allowed_mentions")
    if not isinstance(mentions, dict) or mentions.get("parse") != []:
        problems.append("allowed_mentions must be present with parse == []")
    elif mentions.get("users") or mentions.get("roles") or mentions.get("replied_user"):
        problems.append("allowed_mentions must not let anyone be pinged")
    content = payload.get("content", "")
    _check_length(problems, "content", content, limits.CONTENT_MAX)
    embeds = payload.get("embeds", [])
    _check_embeds(problems, embeds)
    if not (content or "").strip() and not embeds:
        problems.append("message has neither content nor embeds")
    _check_components(problems, payload.get("components", []))
    flags = payload.get("flags")
    if flags is not None and flags != limits.EPHEMERAL_FLAG:
        problems.append(f"flags is {flags!r}; only {limits.EPHEMERAL_FLAG} (ephemeral) is used")
    if problems:
        raise PayloadLimitError(problems)


# ---- autocomplete ------------------------------------------------------------------------------


def autocomplete_choices(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    """Autocomplete answers within Discord's limits: at most 25, name and value ≤ 100 characters.

    Names are shortened at a word boundary. Values come back as the option's text and are used
    for lookup, so a value is never cut: a pair whose value is longer than 100 characters is
    dropped. Callers with long titles should pass an id-like value (e.g. ``"#42"``) instead.
    Repeated values keep their first name.
    """
    result: list[dict[str, str]] = []
    seen: set[str] = set()
    for name, value in pairs:
        if not value or len(value) > limits.AUTOCOMPLETE_VALUE_MAX or value in seen:
            continue
        label = shorten(" ".join(name.split()), limits.AUTOCOMPLETE_NAME_MAX) or shorten(
            value, limits.AUTOCOMPLETE_NAME_MAX)
        seen.add(value)
        result.append({"name": label, "value": value})
        if len(result) == limits.AUTOCOMPLETE_CHOICES_MAX:
            break
    return result
