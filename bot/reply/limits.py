"""Discord's message limits, named once so the payload layer and its tests agree.

Discord counts characters, not bytes. Python's ``len`` of a ``str`` counts code points, which
matches Discord for everything we send (it only differs for a few emoji sequences, and our text
stays far from the limits there), so ``len`` is what every check uses.
"""

from __future__ import annotations

from bot.urls import URL_MAX as _URL_MAX

# Message
CONTENT_MAX = 2000
EMBEDS_PER_MESSAGE_MAX = 10

# Embeds
EMBED_TITLE_MAX = 256
EMBED_DESCRIPTION_MAX = 4096
EMBED_FIELDS_MAX = 25
EMBED_FIELD_NAME_MAX = 256
EMBED_FIELD_VALUE_MAX = 1024
EMBED_FOOTER_MAX = 2048
EMBED_AUTHOR_NAME_MAX = 256
# Sum of title, description, field names and values, footer text and author name over every
# embed of one message.
EMBEDS_TOTAL_MAX = 6000

# Components
ACTION_ROWS_MAX = 5
BUTTONS_PER_ROW_MAX = 5  # a select menu takes a whole row on its own
SELECT_OPTIONS_MAX = 25
SELECT_OPTION_LABEL_MAX = 100
SELECT_OPTION_VALUE_MAX = 100
SELECT_OPTION_DESCRIPTION_MAX = 100
SELECT_PLACEHOLDER_MAX = 150
CUSTOM_ID_MAX = 100
BUTTON_LABEL_MAX = 80

# Slash-command autocomplete
AUTOCOMPLETE_CHOICES_MAX = 25
AUTOCOMPLETE_NAME_MAX = 100
AUTOCOMPLETE_VALUE_MAX = 100

# Links (Discord rejects longer embed urls): checked with every other rule for links in bot.urls
URL_MAX = _URL_MAX

# Component and message flag values used by the payload layer
ACTION_ROW = 1
BUTTON = 2
STRING_SELECT = 3
BUTTON_STYLE_SECONDARY = 2
BUTTON_STYLE_LINK = 5
EPHEMERAL_FLAG = 64
