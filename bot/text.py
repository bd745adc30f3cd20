"""Shortening and escaping Discord Markdown, for every stage that writes it (no I/O).

Sits beside ``bot.urls`` so the parser (``bot.ingest``) and the reply layer share one of each
without the parser importing the reply layer. Text from the parser is already Discord Markdown
(bold, ``[text](url)`` links); text typed by users or taken verbatim from titles is plain and
must be escaped before it is echoed back. Shortening and splitting never cut inside a word or a
link and never leave bold, underline, strike-through or spoiler markers open, so a cut text
still renders as intended.
"""

from __future__ import annotations

import re

__all__ = ["ELLIPSIS", "escape_markdown", "shorten", "split_text"]

ELLIPSIS = "…"

# A Markdown link as the parser writes it: [text](url), url possibly holding one level of (...).
_LINK_RE = re.compile(r"\[(?:[^\[\]\\\n]|\\.)*\]\((?:[^()\s]|\([^()\s]*\))*\)")
# Inline code or a fenced block: a run of backticks up to the next run of the same length.
_CODE_RE = re.compile(r"(`+).*?(?<!`)\1(?!`)", re.S)
# Tokens that matter when deciding which inline markers are still open.
_TOKEN_RE = re.compile(r"\\.|`+|\]\((?:[^()\s]|\([^()\s]*\))*\)|https?://\S+|\*\*|__|~~|\|\|", re.S)
_PAIRED_MARKERS = frozenset({"**", "__", "~~", "||"})
# Punctuation that looks odd right before an ellipsis.
_TRAILING_PUNCTUATION = ",;:-–—"
# Characters escape_markdown treats as escaped when a backslash precedes them.
_ESCAPABLE = frozenset("\\*_~`|[]>#-")
_ALWAYS_ESCAPE = frozenset("*_~`|[]")
# The parser's escaping of text runs (``escape_markdown(..., inline_run=True)``).
_MD_SPECIAL_RE = re.compile(r"([\\*_~`|\[\]])")
_BARE_URL_RE = re.compile(r"https?://[^\s<>\"]+")
# Below this many characters per piece, split_text stops caring about words and markers.
_MIN_SMART_LIMIT = 32


def _blocked_positions(text: str) -> list[bool]:
    """``blocked[i]`` is True when cutting before ``text[i]`` would split a link or code span."""
    blocked = [False] * (len(text) + 1)
    for pattern in (_LINK_RE, _CODE_RE):
        for match in pattern.finditer(text):
            for index in range(match.start() + 1, match.end()):
                blocked[index] = True
    return blocked


def _best_cut(text: str, budget: int, blocked: list[bool] | None = None) -> int:
    """The largest ``i <= budget`` where ``text[:i]`` ends at a word boundary outside any link.

    Returns 0 when there is no such place (one word, or one link, longer than the budget).
    """
    if budget >= len(text):
        return len(text)
    if blocked is None:
        blocked = _blocked_positions(text)
    for index in range(max(budget, 0), 0, -1):
        if text[index].isspace() and not blocked[index]:
            return index
    return 0


def _open_markers(text: str) -> list[str]:
    """Paired inline markers (``**``, ``__``, ``~~``, ``||``) left open at the end of ``text``."""
    stack: list[str] = []
    position = 0
    while True:
        match = _TOKEN_RE.search(text, position)
        if match is None:
            return stack
        token = match.group()
        position = match.end()
        if token.startswith("`"):
            closing = re.compile(rf"(?<!`){re.escape(token)}(?!`)").search(text, position)
            position = closing.end() if closing else len(text)
        elif token in _PAIRED_MARKERS:
            if token in stack:
                del stack[len(stack) - 1 - stack[::-1].index(token)]
            else:
                stack.append(token)


def _closers(text: str) -> str:
    return "".join(reversed(_open_markers(text)))


def _tidy_end(text: str) -> str:
    """Drop trailing space, dangling punctuation, just-opened markers and a lone backslash."""
    while True:
        before = text
        text = text.rstrip().rstrip(_TRAILING_PUNCTUATION).rstrip()
        opened = _open_markers(text)
        if opened and text.endswith(opened[-1]):
            text = text[: -len(opened[-1])]
        trailing_backslashes = len(text) - len(text.rstrip("\\"))
        if trailing_backslashes % 2:
            text = text[:-1]
        if text == before:
            return text


def shorten(text: str, limit: int, *, ellipsis: str = ELLIPSIS, markdown: bool = True) -> str:
    """``text`` cut to at most ``limit`` characters, ending with ``ellipsis`` when cut.

    Cuts only between words, drops a link that straddles the cut instead of breaking it, and
    closes any bold/underline/strike/spoiler marker left open. A first word longer than the
    limit leaves just the ellipsis: a half word would read as a different word.

    ``markdown=False`` is the parser's cut for plain titles: no Markdown to respect, so it is a
    last space in the final two thirds (else mid-word), trailing ``,;:–—-`` dropped — cheap, and
    what stored titles have always been cut with.
    """
    if len(text) <= limit:
        return text
    if not markdown:
        cut = text[: limit - len(ellipsis)]
        space = cut.rfind(" ")
        if space >= limit // 3:
            cut = cut[:space]
        return cut.rstrip(" ,;:–—-") + ellipsis
    if limit <= len(ellipsis):
        return ellipsis[: max(limit, 0)]
    blocked = _blocked_positions(text)
    budget = limit - len(ellipsis)
    while True:
        kept = _tidy_end(text[: _best_cut(text, budget, blocked)])
        result = kept + ellipsis + _closers(kept)
        if len(result) <= limit:
            return result
        budget -= len(result) - limit


def escape_markdown(text: str, *, inline_run: bool = False) -> str:
    """Escape plain text so Discord shows it literally (user input, titles echoed back).

    Only for plain text: parser output is already Discord Markdown. A backslash already in front
    of a Markdown character is taken as an escape, so escaping twice changes nothing.

    ``inline_run=True`` is the parser's escaping of one run of text inside the Markdown it
    builds: every backslash is escaped (the source text is not Markdown), bare URLs are left
    alone (Discord links them before reading formatting), and line starts are left to the
    parser's ``escape_line_starts``, which sees whole lines.
    """
    if inline_run:
        return _escape_run(text)
    out: list[str] = []
    at_line_start = True
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        following = text[index + 1] if index + 1 < length else ""
        if char == "\\":
            if following and following in _ESCAPABLE:
                out.append(char + following)
                index += 2
            else:
                out.append("\\\\")
                index += 1
            at_line_start = False
            continue
        if char in _ALWAYS_ESCAPE or (at_line_start and (
                char in ">#" or (char == "-" and (following.isspace() or following == "#")))):
            out.append("\\" + char)
        else:
            out.append(char)
        if char == "\n":
            at_line_start = True
        elif char not in " \t":
            at_line_start = False
        index += 1
    return "".join(out)


def _escape_run(text: str) -> str:
    if _MD_SPECIAL_RE.search(text) is None:  # most runs: a search is far cheaper than a sub
        return text
    if "http" not in text:
        return _MD_SPECIAL_RE.sub(r"\\\1", text)
    out: list[str] = []
    last = 0
    for match in _BARE_URL_RE.finditer(text):
        out.append(_MD_SPECIAL_RE.sub(r"\\\1", text[last:match.start()]))
        out.append(match.group())
        last = match.end()
    out.append(_MD_SPECIAL_RE.sub(r"\\\1", text[last:]))
    return "".join(out)


def split_text(text: str, limit: int) -> list[str]:
    """Split one over-long block into pieces of at most ``limit``, losing no words.

    Markers open at a cut are closed at the end of one piece and reopened at the start of the
    next. A word (or link) longer than a whole piece is split inside, rather than lost.
    """
    if limit < _MIN_SMART_LIMIT:
        return [text[start:start + limit] for start in range(0, len(text), max(limit, 1))]
    pieces: list[str] = []
    prefix = ""
    rest = text.strip()
    while rest:
        full = prefix + rest
        if len(full) <= limit:
            pieces.append(full)
            break
        blocked = _blocked_positions(full)
        budget = limit
        while True:
            cut = _best_cut(full, budget, blocked)
            if cut <= len(prefix):
                cut = budget  # no boundary: split the word itself
            head = full[:cut].rstrip()
            closers = _closers(head)
            if len(head) + len(closers) <= limit or budget <= len(prefix) + 1:
                break
            budget -= len(head) + len(closers) - limit
        pieces.append(head + closers)
        prefix = "".join(reversed(closers))
        rest = full[cut:].lstrip()
    return pieces
