"""Full-text search support: safe FTS5 queries from user text, plain text for the index."""

from __future__ import annotations

import re

MAX_TERMS = 32  # longer queries add nothing but cost

_WORD = re.compile(r"\w+", re.UNICODE)
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^()\s]*\))*\)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~>])")
_EMPHASIS = re.compile(r"\*\*|__|~~")


def fts_query(text: str) -> str | None:
    """Turn anything a user types into an FTS5 query that matches all of its words.

    Every word is quoted, so FTS5 syntax in the input (``"``, ``*``, ``:``, ``(``, ``AND``,
    ``NEAR``, ``-``) is searched for as plain words and can never make the query invalid.
    Returns None when the text has no words at all (nothing to search for).
    """
    terms: list[str] = []
    for word in _WORD.findall(text):
        quoted = '"' + word.replace('"', '""') + '"'
        if quoted not in terms:
            terms.append(quoted)
        if len(terms) == MAX_TERMS:
            break
    return " ".join(terms) if terms else None


def plain_text(markdown: str) -> str:
    """Initiative text without Markdown marks, so snippets carry only the search highlights.

    Each pass runs only when its mark occurs: a substring test costs far less than a regex pass.
    """
    text = _LINK.sub(r"\1", markdown) if "](" in markdown else markdown
    if "__" in text or "~~" in text:
        text = _EMPHASIS.sub("", text)
    elif "**" in text:  # the only mark present: removing it left to right is what the regex does
        text = text.replace("**", "")
    return _ESCAPE.sub(r"\1", text) if "\\" in text else text
