"""Discord's limits on what a bot may send, checked the way the API checks them.

The real API answers 400 "Invalid Form Body" (code 50035) or 50006 "Cannot send an empty
message"; the fake does the same so an end-to-end test fails exactly where production would.
Only the limits a text bot can hit are checked: content, embeds, components, autocomplete
choices.
"""

from __future__ import annotations

from typing import Any

from .state import FLAG_IS_COMPONENTS_V2

CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TOTAL_MAX = 6000
EMBED_TITLE_MAX = 256
EMBED_DESCRIPTION_MAX = 4096
EMBED_FIELDS_MAX = 25
EMBED_FIELD_NAME_MAX = 256
EMBED_FIELD_VALUE_MAX = 1024
EMBED_FOOTER_MAX = 2048
EMBED_AUTHOR_MAX = 256
ACTION_ROWS_MAX = 5
BUTTONS_PER_ROW_MAX = 5
CUSTOM_ID_MAX = 100
BUTTON_LABEL_MAX = 80
SELECT_OPTIONS_MAX = 25
SELECT_OPTION_TEXT_MAX = 100
SELECT_PLACEHOLDER_MAX = 150
AUTOCOMPLETE_CHOICES_MAX = 25
CHOICE_NAME_MAX = 100
CHOICE_VALUE_MAX = 100

Errors = dict[str, str]  # "embeds.0.title" -> what is wrong


class FormError(Exception):
    """A request body Discord would refuse; carries the API's JSON error body."""

    def __init__(self, body: dict[str, Any], status: int = 400) -> None:
        super().__init__(body.get("message", "Invalid Form Body"))
        self.body = body
        self.status = status


def invalid_form_body(errors: Errors) -> FormError:
    """Discord's nested error format, e.g. {"embeds": {"0": {"title": {"_errors": [...]}}}}."""
    nested: dict[str, Any] = {}
    for path, message in errors.items():
        node = nested
        for part in path.split("."):
            node = node.setdefault(part, {})
        node.setdefault("_errors", []).append({"code": "BASE_TYPE_INVALID", "message": message})
    return FormError({"code": 50035, "errors": nested, "message": "Invalid Form Body"})


def empty_message() -> FormError:
    return FormError({"code": 50006, "message": "Cannot send an empty message"})


def _too_long(errors: Errors, path: str, value: Any, limit: int, *, required: bool = False) -> int:
    """Record a length error; return the length counted towards the embed total."""
    if value is None:
        if required:
            errors[path] = "This field is required"
        return 0
    if not isinstance(value, str):
        errors[path] = "Must be a string"
        return 0
    if required and not value.strip():
        errors[path] = "This field is required"
    if len(value) > limit:
        errors[path] = f"Must be {limit} or fewer in length."
    return len(value)


def _check_url(errors: Errors, path: str, url: Any) -> None:
    if url is None:
        return
    if not isinstance(url, str) or not url.startswith(("http://", "https://", "attachment://")):
        errors[path] = "Scheme must be one of ('http', 'https')."


def check_embeds(embeds: Any, errors: Errors) -> None:
    if not isinstance(embeds, list):
        errors["embeds"] = "Must be an array"
        return
    if len(embeds) > EMBEDS_MAX:
        errors["embeds"] = f"Must be {EMBEDS_MAX} or fewer in length."
    total = 0
    for index, embed in enumerate(embeds):
        path = f"embeds.{index}"
        if not isinstance(embed, dict):
            errors[path] = "Must be an object"
            continue
        total += _too_long(errors, f"{path}.title", embed.get("title"), EMBED_TITLE_MAX)
        total += _too_long(errors, f"{path}.description", embed.get("description"), EMBED_DESCRIPTION_MAX)
        _check_url(errors, f"{path}.url", embed.get("url"))
        colour = embed.get("color")
        if colour is not None and not (isinstance(colour, int) and 0 <= colour <= 0xFFFFFF):
            errors[f"{path}.color"] = "Int value should be less than or equal to 16777215."
        footer = embed.get("footer")
        if footer is not None:
            total += _too_long(errors, f"{path}.footer.text", footer.get("text"), EMBED_FOOTER_MAX, required=True)
        author = embed.get("author")
        if author is not None:
            total += _too_long(errors, f"{path}.author.name", author.get("name"), EMBED_AUTHOR_MAX, required=True)
            _check_url(errors, f"{path}.author.url", author.get("url"))
        fields = embed.get("fields") or []
        if len(fields) > EMBED_FIELDS_MAX:
            errors[f"{path}.fields"] = f"Must be {EMBED_FIELDS_MAX} or fewer in length."
        for field_index, item in enumerate(fields):
            field_path = f"{path}.fields.{field_index}"
            total += _too_long(errors, f"{field_path}.name", item.get("name"), EMBED_FIELD_NAME_MAX, required=True)
            total += _too_long(errors, f"{field_path}.value", item.get("value"), EMBED_FIELD_VALUE_MAX,
                               required=True)
    if total > EMBED_TOTAL_MAX:
        errors["embeds"] = f"Embed size exceeds maximum size of {EMBED_TOTAL_MAX}"


def _check_button(errors: Errors, path: str, button: dict[str, Any], seen: set[str]) -> None:
    style = button.get("style")
    if style == 5:  # link
        if not button.get("url"):
            errors[f"{path}.url"] = "This field is required"
        if "custom_id" in button:
            errors[f"{path}.custom_id"] = "A link button cannot have a custom id"
    elif style != 6:  # premium buttons carry a sku instead
        _check_custom_id(errors, path, button, seen)
    label = button.get("label")
    if label is not None:
        _too_long(errors, f"{path}.label", label, BUTTON_LABEL_MAX)
    elif "emoji" not in button:
        errors[f"{path}.label"] = "A button needs a label or an emoji"


def _check_custom_id(errors: Errors, path: str, component: dict[str, Any], seen: set[str]) -> None:
    custom_id = component.get("custom_id")
    _too_long(errors, f"{path}.custom_id", custom_id, CUSTOM_ID_MAX, required=True)
    if isinstance(custom_id, str):
        if custom_id in seen:
            errors[f"{path}.custom_id"] = "Component custom id cannot be duplicated"
        seen.add(custom_id)


def _check_select(errors: Errors, path: str, select: dict[str, Any], seen: set[str]) -> None:
    _check_custom_id(errors, path, select, seen)
    _too_long(errors, f"{path}.placeholder", select.get("placeholder"), SELECT_PLACEHOLDER_MAX)
    min_values = select.get("min_values", 1)
    max_values = select.get("max_values", 1)
    if not (0 <= min_values <= 25) or not (1 <= max_values <= 25) or min_values > max_values:
        errors[f"{path}.max_values"] = "min_values/max_values out of range"
    if select.get("type") != 3:  # user/role/channel selects have no options
        return
    options = select.get("options") or []
    if not 1 <= len(options) <= SELECT_OPTIONS_MAX:
        errors[f"{path}.options"] = f"Must be between 1 and {SELECT_OPTIONS_MAX} in length."
    values: set[str] = set()
    for index, option in enumerate(options):
        option_path = f"{path}.options.{index}"
        _too_long(errors, f"{option_path}.label", option.get("label"), SELECT_OPTION_TEXT_MAX, required=True)
        _too_long(errors, f"{option_path}.value", option.get("value"), SELECT_OPTION_TEXT_MAX, required=True)
        _too_long(errors, f"{option_path}.description", option.get("description"), SELECT_OPTION_TEXT_MAX)
        if option.get("value") in values:
            errors[f"{option_path}.value"] = "Select options must have unique values"
        values.add(option.get("value"))
    if max_values > len(options) and options:
        errors[f"{path}.max_values"] = "max_values cannot exceed the number of options"


def check_components(components: Any, errors: Errors, *, v2: bool) -> None:
    if not isinstance(components, list):
        errors["components"] = "Must be an array"
        return
    seen: set[str] = set()
    if not v2 and len(components) > ACTION_ROWS_MAX:
        errors["components"] = f"Must be {ACTION_ROWS_MAX} or fewer in length."
    for index, row in enumerate(components):
        path = f"components.{index}"
        if not v2 and row.get("type") != 1:
            errors[f"{path}.type"] = "Top-level components must be action rows"
            continue
        if row.get("type") != 1:
            continue  # components v2 layouts are passed through unchecked
        children = row.get("components") or []
        buttons = [c for c in children if c.get("type") == 2]
        selects = [c for c in children if c.get("type") in (3, 5, 6, 7, 8)]
        if not children:
            errors[f"{path}.components"] = "Action rows need at least one component"
        if len(buttons) > BUTTONS_PER_ROW_MAX:
            errors[f"{path}.components"] = f"Must be {BUTTONS_PER_ROW_MAX} or fewer in length."
        if selects and len(children) > 1:
            errors[f"{path}.components"] = "A select menu must be alone in its action row"
        for child_index, child in enumerate(children):
            child_path = f"{path}.components.{child_index}"
            if child.get("type") == 2:
                _check_button(errors, child_path, child, seen)
            elif child.get("type") in (3, 5, 6, 7, 8):
                _check_select(errors, child_path, child, seen)
            else:
                errors[f"{child_path}.type"] = "Unsupported component type in an action row"


def check_message(payload: dict[str, Any], *, files: int = 0, edit: bool = False,
                  existing: dict[str, Any] | None = None) -> None:
    """Raise ``FormError`` for a message body Discord would refuse.

    ``edit`` bodies only change the fields they carry; the emptiness check then applies to the
    message as it would be after the edit (``existing``).
    """
    if not isinstance(payload, dict):
        raise invalid_form_body({"_root": "Must be an object"})
    errors: Errors = {}
    flags = int(payload.get("flags") or 0) | int((existing or {}).get("flags") or 0)
    v2 = bool(flags & FLAG_IS_COMPONENTS_V2)
    if "content" in payload and payload["content"] is not None:
        if not isinstance(payload["content"], str):
            errors["content"] = "Must be a string"
        elif len(payload["content"]) > CONTENT_MAX:
            errors["content"] = f"Must be {CONTENT_MAX} or fewer in length."
        elif v2 and payload["content"]:
            errors["content"] = "The 'content' field cannot be used when using MessageFlags.IS_COMPONENTS_V2"
    if payload.get("embeds") is not None:
        check_embeds(payload["embeds"], errors)
        if v2 and payload["embeds"]:
            errors["embeds"] = "The 'embeds' field cannot be used when using MessageFlags.IS_COMPONENTS_V2"
    if payload.get("embed") is not None:
        errors["embed"] = "Use 'embeds' (a list); the singular 'embed' field is gone in API v10"
    if payload.get("components") is not None:
        check_components(payload["components"], errors, v2=v2)
    if errors:
        raise invalid_form_body(errors)

    def present(key: str) -> bool:
        source = payload if key in payload else (existing or {}) if edit else {}
        value = source.get(key)
        return bool(value.strip()) if isinstance(value, str) else bool(value)

    if not (files or present("content") or present("embeds") or present("components")
            or present("attachments") or present("sticker_ids") or present("poll")):
        raise empty_message()


def check_choices(data: Any) -> None:
    """An autocomplete (type 8) answer: at most 25 choices, names 1–100 chars, values ≤ 100."""
    errors: Errors = {}
    choices = (data or {}).get("choices") if isinstance(data, dict) else None
    if not isinstance(choices, list):
        raise invalid_form_body({"data.choices": "This field is required"})
    if len(choices) > AUTOCOMPLETE_CHOICES_MAX:
        errors["data.choices"] = f"Must be {AUTOCOMPLETE_CHOICES_MAX} or fewer in length."
    for index, choice in enumerate(choices):
        path = f"data.choices.{index}"
        _too_long(errors, f"{path}.name", choice.get("name"), CHOICE_NAME_MAX, required=True)
        value = choice.get("value")
        if isinstance(value, str):
            _too_long(errors, f"{path}.value", value, CHOICE_VALUE_MAX)
        elif not isinstance(value, int | float) or isinstance(value, bool):
            errors[f"{path}.value"] = "Must be a string or a number"
    if errors:
        raise invalid_form_body(errors)


COMMANDS_MAX = 100
COMMAND_OPTIONS_MAX = 25
COMMAND_CHOICES_MAX = 25
COMMAND_DESCRIPTION_MAX = 100
COMMAND_TEXT_LENGTH_MAX = 6000
SUBCOMMAND = 1
SUBCOMMAND_GROUP = 2


def _check_name(errors: Errors, path: str, name: Any, *, chat_input: bool = True) -> None:
    if not isinstance(name, str) or not 1 <= len(name) <= 32:
        errors[path] = "Must be between 1 and 32 in length."
    elif chat_input and (name != name.lower() or not all(c.isalnum() or c in "-_'" for c in name)):
        errors[path] = "Command name is invalid"


def _check_description(errors: Errors, path: str, description: Any) -> None:
    if not isinstance(description, str) or not 1 <= len(description) <= COMMAND_DESCRIPTION_MAX:
        errors[path] = f"Must be between 1 and {COMMAND_DESCRIPTION_MAX} in length."


def _check_options(errors: Errors, path: str, options: Any, *, level: int) -> None:
    """``level`` 0: a command's options; 1: a group's; 2: a subcommand's (no nesting left)."""
    if not isinstance(options, list):
        errors[path] = "Must be an array"
        return
    if len(options) > COMMAND_OPTIONS_MAX:
        errors[path] = f"Must be {COMMAND_OPTIONS_MAX} or fewer in length."
    names: set[str] = set()
    kinds = {o.get("type") in (SUBCOMMAND, SUBCOMMAND_GROUP) for o in options if isinstance(o, dict)}
    if len(kinds) > 1:
        errors[path] = "Subcommands cannot be mixed with other options"
    optional_seen = False
    for index, option in enumerate(options):
        option_path = f"{path}.{index}"
        kind = option.get("type")
        _check_name(errors, f"{option_path}.name", option.get("name"))
        _check_description(errors, f"{option_path}.description", option.get("description"))
        if option.get("name") in names:
            errors[f"{option_path}.name"] = "Option names must be unique"
        names.add(option.get("name"))
        if kind not in range(1, 12):
            errors[f"{option_path}.type"] = "Value is not a valid option type"
            continue
        if kind == SUBCOMMAND_GROUP:
            if level != 0:
                errors[f"{option_path}.type"] = "Subcommand groups can only be top-level options"
            else:
                nested = option.get("options") or []
                if any(o.get("type") != SUBCOMMAND for o in nested):
                    errors[f"{option_path}.options"] = "Subcommand groups may only contain subcommands"
                _check_options(errors, f"{option_path}.options", nested, level=1)
            continue
        if kind == SUBCOMMAND:
            if level == 2:
                errors[f"{option_path}.type"] = "Subcommands cannot be nested this deep"
            else:
                _check_options(errors, f"{option_path}.options", option.get("options") or [], level=2)
            continue
        if option.get("required"):
            if optional_seen:
                errors[f"{option_path}.required"] = "Required options must be placed before non-required options"
        else:
            optional_seen = True
        choices = option.get("choices")
        if choices:
            if option.get("autocomplete"):
                errors[f"{option_path}.autocomplete"] = "Autocomplete cannot be set with choices"
            if len(choices) > COMMAND_CHOICES_MAX:
                errors[f"{option_path}.choices"] = f"Must be {COMMAND_CHOICES_MAX} or fewer in length."
            for choice_index, choice in enumerate(choices):
                _too_long(errors, f"{option_path}.choices.{choice_index}.name", choice.get("name"),
                          CHOICE_NAME_MAX, required=True)
        for key in ("min_length", "max_length"):
            value = option.get(key)
            if value is not None and not 0 <= value <= COMMAND_TEXT_LENGTH_MAX:
                errors[f"{option_path}.{key}"] = f"int value should be between 0 and {COMMAND_TEXT_LENGTH_MAX}."


def check_commands(commands: Any) -> None:
    """A bulk overwrite (PUT) or single upsert body: Discord's rules for application commands."""
    if not isinstance(commands, list):
        raise invalid_form_body({"_root": "Must be an array"})
    errors: Errors = {}
    if sum(1 for c in commands if c.get("type", 1) == 1) > COMMANDS_MAX:
        errors["_root"] = f"Must be {COMMANDS_MAX} or fewer chat input commands."
    seen: set[tuple[Any, Any]] = set()
    for index, command in enumerate(commands):
        path = str(index)
        if not isinstance(command, dict):
            errors[path] = "Must be an object"
            continue
        kind = command.get("type", 1)
        chat_input = kind == 1
        _check_name(errors, f"{path}.name", command.get("name"), chat_input=chat_input)
        if chat_input:
            _check_description(errors, f"{path}.description", command.get("description"))
            _check_options(errors, f"{path}.options", command.get("options") or [], level=0)
        elif command.get("description"):
            errors[f"{path}.description"] = "Context menu commands cannot have a description"
        key = (kind, command.get("name"))
        if key in seen:
            errors[f"{path}.name"] = "Application command names must be unique"
        seen.add(key)
    if errors:
        raise invalid_form_body(errors)
