"""What a followed topic means, and whether (and why) a fact sheet is about it.

A topic matches the way ``/search`` does — every word of it appears in the sheet, folded the
same way (case, accents, apostrophes) — with three widenings people expect of a follow:

- a word also matches its plural or singular ("quokka" finds "quokkas");
- an acronym the library defines also matches its full name, and the other way round
  ("HIDTA" finds "High Intensity Drug Trafficking Area");
- an everyday phrase of the ``/ask`` paraphrase table also matches the sheets' words for it
  ("rural internet" finds "broadband").

Words like "in" or "the" are not required ("broadband in Ohio" needs "broadband" and "ohio").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.query.paraphrase import PHRASES
from bot.query.text import STOPWORDS, fold, tokenize, tokens

TOPIC_MAX = 100
MAX_WORDS = 8  # a follow is a topic, not a paragraph

_PARAPHRASES = tuple((re.compile(pattern), tuple(tokenize(words))) for pattern, words in PHRASES)


class TopicError(ValueError):
    """A topic that cannot be followed; the message says why."""


def normalise_topic(text: str) -> str:
    """The topic as stored and shown: one line, single spaces, at most ``TOPIC_MAX`` characters."""
    clean = " ".join((text or "").split())
    if not clean:
        raise TopicError("Give a topic to follow, e.g. `fentanyl`, `HIDTA` or `broadband in Ohio`.")
    if len(clean) > TOPIC_MAX:
        raise TopicError(f"A topic is at most {TOPIC_MAX} characters.")
    if not required_words(clean):
        raise TopicError("That topic has no words to look for; try a word such as `fentanyl`.")
    if len(required_words(clean)) > MAX_WORDS:
        raise TopicError(f"A topic has at most {MAX_WORDS} words; follow a shorter phrase.")
    return clean


def required_words(topic: str) -> list[str]:
    """The folded words a sheet must contain (stopwords and single letters left out when others remain)."""
    words = tokenize(topic)
    kept = [w for w in words if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]
    out = kept or words
    return list(dict.fromkeys(out))


def _number_forms(word: str) -> list[str]:
    if word.isdigit() or len(word) < 3:
        return []
    if word.endswith("ies") and len(word) > 4:
        return [word[:-3] + "y"]
    if word.endswith("s") and not word.endswith("ss"):
        return [word[:-1]]
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return [word[:-1] + "ies"]
    return [word + "s"]


@dataclass(frozen=True, slots=True)
class Alternative:
    """Words that together stand for one topic word, and how a person would read the stand-in."""

    words: tuple[str, ...]
    note: str = ""  # "" for the word itself; else e.g. "HIDTA = high intensity drug trafficking area"


@dataclass(frozen=True, slots=True)
class TermGroup:
    """One topic word: the sheet must hold at least one of its alternatives."""

    word: str
    alternatives: tuple[Alternative, ...]


@dataclass(frozen=True, slots=True)
class Topic:
    text: str
    groups: tuple[TermGroup, ...]


def compile_topic(topic: str, acronyms: Mapping[str, str] | None = None) -> Topic:
    """A topic's words and every stand-in for each (``acronyms``: folded short → full name)."""
    acronyms = acronyms or {}
    words = required_words(topic)
    folded = " ".join(fold(topic).replace("-", " ").split())
    paraphrased: dict[str, list[tuple[str, ...]]] = {}
    for pattern, replacement in _PARAPHRASES:
        found = pattern.search(folded)
        if found is None:
            continue
        phrase_words = set(tokens(found.group(0)))
        for word in words:
            if word in phrase_words:
                paraphrased.setdefault(word, []).append(replacement)
    by_full = {tuple(tokenize(full)): short for short, full in acronyms.items()}
    groups: list[TermGroup] = []
    for word in words:
        alternatives = [Alternative((word,))]
        alternatives += [Alternative((form,), f"{form} for {word}") for form in _number_forms(word)]
        full = acronyms.get(word)
        if full:
            full_words = tuple(w for w in tokenize(full) if w not in STOPWORDS)
            if full_words:
                alternatives.append(Alternative(full_words, f"{word.upper()} = {full}"))
        for replacement in paraphrased.get(word, []):
            kept = tuple(w for w in replacement if w not in STOPWORDS)
            for stand_in in kept:
                alternatives.append(Alternative((stand_in,), f"“{word}” read as {stand_in}"))
        groups.append(TermGroup(word, tuple(_unique(alternatives))))
    # A topic that spells out an acronym's full name also matches the acronym alone.
    if len(words) > 1:
        short = by_full.get(tuple(tokenize(topic)))
        if short:
            note = f"{short.upper()} = {topic}"
            groups = [TermGroup(g.word, (*g.alternatives, Alternative((short,), note))) for g in groups]
    return Topic(topic, tuple(groups))


def _unique(items: Iterable[Alternative]) -> list[Alternative]:
    seen: set[tuple[str, ...]] = set()
    out = []
    for item in items:
        if item.words not in seen:
            seen.add(item.words)
            out.append(item)
    return out


@dataclass(frozen=True, slots=True)
class SheetText:
    """A fact sheet as matching sees it: its words, and each initiative's words."""

    document_id: int
    title: str
    words: frozenset[str]
    initiatives: tuple[tuple[int, str, frozenset[str]], ...] = ()  # (id, title, words)


def sheet_text(document_id: int, title: str, body: str, initiatives: Sequence[tuple[int, str, str]] = (),
               acronyms: Sequence[str] = ()) -> SheetText:
    """Fold a sheet's title, body and initiatives into word sets (acronyms it defines added)."""
    extra = {"".join(tokenize(short)) for short in acronyms}
    words = set(tokenize(title)) | set(tokenize(body)) | extra
    items = []
    for initiative_id, ini_title, text in initiatives:
        ini_words = frozenset(tokenize(ini_title)) | frozenset(tokenize(text))
        words |= ini_words
        items.append((initiative_id, ini_title, ini_words))
    return SheetText(document_id, title, frozenset(words), tuple(items))


@dataclass(frozen=True, slots=True)
class Why:
    """Why a sheet matched a topic: the words found (with stand-ins said) and the initiatives."""

    topic: str
    found: tuple[str, ...]  # "quokka", "HIDTA = high intensity drug trafficking area", …
    initiatives: tuple[int, ...] = field(default=())

    def sentence(self) -> str:
        return f"“{self.topic}”: " + ", ".join(self.found)


def _holds(words: frozenset[str], alternative: Alternative) -> bool:
    return all(w in words for w in alternative.words)


def explain(topic: Topic, sheet: SheetText) -> Why | None:
    """None when the sheet is not about the topic; else what matched and in which initiatives."""
    found: list[str] = []
    for group in topic.groups:
        hit = next((alt for alt in group.alternatives if _holds(sheet.words, alt)), None)
        if hit is None:
            return None
        found.append(hit.note or group.word)
    scored = []
    for initiative_id, _title, words in sheet.initiatives:
        count = sum(1 for g in topic.groups if any(_holds(words, alt) for alt in g.alternatives))
        if count:
            scored.append((count, initiative_id))
    best = max((count for count, _ in scored), default=0)
    chosen = tuple(initiative_id for count, initiative_id in scored if count == best)
    return Why(topic.text, tuple(found), chosen)
