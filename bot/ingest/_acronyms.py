"""Acronyms a fact sheet defines, "High Intensity Drug Trafficking Area (HIDTA)", and who uses them.

The full name is the run of capitalised words right before the parenthesis whose initials spell
the acronym; small words ("of", "and", "on") may sit inside it. "UN Commission on Narcotic Drugs
(CND)" defines CND as "Commission on Narcotic Drugs".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.ingest._normalize import fold_for_match
from bot.model import Acronym

_DEFINITION_RE = re.compile(r"\(\s*([A-Z][A-Za-z0-9&.\-]{0,14}[A-Za-z0-9])\s*\)")
_SMALL_WORDS = frozenset(
    ["of", "and", "the", "for", "on", "in", "to", "at", "by", "with", "a", "an", "&", "de", "del", "la", "des", "du", "y", "or", "its", "their", "from"]
)
_STOP_CHARS = ",;:.!?"  # a full name never runs across these
_INITIALS_RE = re.compile(r"(?:[A-Za-z]\.)+")
_TRIM_CHARS = "\"“”‘’'()[]"
MAX_WORDS = 16
MAX_ACRONYMS = 500  # real sheets define at most a few dozen
MANY_ACRONYMS = 40  # past this, look words up in a set instead of searching for each acronym


def _letters(short: str) -> str:
    """The letters a full name must spell: the capitals ("DoD" → "DD", "HBCUs" → "HBCU")."""
    return "".join(ch for ch in short if ch.isupper())


_WORD_PARTS_RE = re.compile(r"[-/]")
_OPTIONS: dict[str, list[str]] = {}  # word → _word_options(word): the same words recur in every sheet
_OPTIONS_MAX = 20000


def _word_options(word: str) -> list[str]:
    """Letters one word may contribute, longest first: "U.S." → "US", "Non-Intrusive" → "NI"."""
    options = _OPTIONS.get(word)
    if options is None:
        if len(_OPTIONS) >= _OPTIONS_MAX:
            _OPTIONS.clear()
        options = _OPTIONS[word] = _options_of(word)
    return options


def _options_of(word: str) -> list[str]:
    options: list[str] = []
    capitals = "".join(ch for ch in word if ch.isupper())
    if len(capitals) >= 2:
        options.append(capitals)
    parts = [p for p in _WORD_PARTS_RE.split(word) if p]
    if len(parts) >= 2:
        initials = "".join(p[0] for p in parts if p[0].isalpha()).upper()
        if initials and initials not in options:
            options.append(initials)
    if word[0].isalpha() and word[0].upper() not in options:
        options.append(word[0].upper())
    return options


def _full_name(words: list[str], letters: str) -> str | None:
    """Match ``letters`` against the words, right to left; the shortest name that spells them."""

    def match(position: int, remaining: int) -> int | None:
        # Returns the index of the first word of the name, or None.
        if remaining == 0:
            return position + 1
        if position < 0:
            return None
        word = words[position]
        small = word.lower() in _SMALL_WORDS
        if not small and not word[0].isupper() and not word[0].isdigit():
            return None
        if small and position == len(words) - 1:
            return None
        need = letters[:remaining]
        if small:
            # Usually skipped ("Office of Personnel Management"), sometimes spelled ("DoD", "DOD").
            start = match(position - 1, remaining)
            if start is not None or not need.endswith(word[0].upper()):
                return start
            return match(position - 1, remaining - 1)
        for option in _word_options(word):
            if need.endswith(option):
                start = match(position - 1, remaining - len(option))
                if start is not None:
                    return start
        return None

    if not words or not letters:
        return None
    start = match(len(words) - 1, len(letters))
    if start is None:
        return None
    while start < len(words) and words[start].lower() in _SMALL_WORDS:
        start += 1
    if start >= len(words):
        return None
    return " ".join(words[start:])


def find_definitions(texts: Iterable[str]) -> list[Acronym]:
    """Acronyms defined in ``texts`` (first definition wins), in order of appearance."""
    found: dict[str, Acronym] = {}
    for text in texts:
        if "(" not in text:
            continue
        for match in _DEFINITION_RE.finditer(text):
            short = match.group(1).rstrip(".")
            if short in found:  # defined already: the first definition wins
                continue
            letters = _letters(short)
            if len(letters) < 2 or len(letters) * 2 < sum(ch.isalpha() for ch in short):
                continue
            words = _words_before(text, match.start(), len(letters))
            full = _full_name(words, letters)
            if full and fold_for_match(full) != fold_for_match(short):
                found[short] = Acronym(short=short, full=full)
                if len(found) >= MAX_ACRONYMS:
                    return list(found.values())
    return list(found.values())


def _words_before(text: str, end: int, letters: int) -> list[str]:
    window = text[max(0, end - 40 * (letters + 4)):end]
    limit = min(MAX_WORDS, 2 * letters + 4)
    # At most ``limit`` words are taken, so only the last ``limit`` are split off the window.
    tail = window.rsplit(None, limit)
    if len(tail) > limit:
        del tail[0]  # the rest of the window, not a word
    words: list[str] = []
    for raw in reversed(tail):
        if words and raw[-1] in _STOP_CHARS and not _INITIALS_RE.fullmatch(raw):
            break
        word = raw.strip(_TRIM_CHARS)
        if not word:
            break
        if not words:
            word = word.rstrip(_STOP_CHARS).removesuffix("’s").removesuffix("'s")
        words.append(word)
        if len(words) >= limit:
            break
    words.reverse()
    return [w for w in words if w]


_ASCII_WORD_RE = re.compile(r"[A-Za-z]{3,}")


class AcronymMatcher:
    """Finds which of a document's acronyms a piece of text uses, by short form or full name."""

    def __init__(self, acronyms: list[Acronym]) -> None:
        self.acronyms = acronyms
        # Per acronym: its short form, its folded full name, and a word of the full name to look
        # for first (cheap) before folding the whole text.
        self._keys = [
            (a.short, fold_for_match(a.full), max(_ASCII_WORD_RE.findall(a.full), key=len, default="").lower())
            for a in acronyms
        ]

    def used_in(self, text: str) -> list[str]:
        if not self.acronyms:
            return []
        lowered = text.lower()
        folded: str | None = None
        used: list[str] = []
        words = _words(text) if len(self.acronyms) > MANY_ACRONYMS else None
        for short, full, needle in self._keys:
            # Most acronyms do not occur in a given text at all: ``in`` says so without a call.
            if short in words if words is not None else short in text and _mentions(text, short):
                used.append(short)
                continue
            if not full or (needle and needle not in lowered):
                continue
            if folded is None:
                folded = fold_for_match(text)
            if full in folded:
                used.append(short)
        return used


def _mentions(text: str, short: str) -> bool:
    """``short`` occurs as a word of its own ("HIDTA", "HIDTAs", "HIDTA’s"; not "HIDTAX")."""
    start = text.find(short)
    while start != -1:
        end = start + len(short)
        before = text[start - 1:start]
        after = text[end:end + 1]
        if after == "s":
            after = text[end + 1:end + 2]
        if not _is_word_char(before) and not _is_word_char(after):
            return True
        start = text.find(short, start + 1)
    return False


def _is_word_char(char: str) -> bool:
    return bool(char) and (char.isalnum() or char in "_-")


_TOKEN_RE = re.compile(r"[\w&\-]+(?:\.[\w&\-]+)*")


def _words(text: str) -> set[str]:
    """Every word of ``text``, plus each plural without its "s" ("HIDTAs" → "HIDTA")."""
    words = set(_TOKEN_RE.findall(text))
    words.update([word[:-1] for word in words if word.endswith("s")])
    return words
