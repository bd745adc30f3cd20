"""What a followed topic means, and whether (and why) a fact sheet is about it.

A topic matches the way ``/search`` does — every word of it appears in the sheet, folded the
same way (case, accents, apostrophes) — with three widenings people expect of a follow:

- a word also matches its plural or singular ("quokka" finds "quokkas");
- an acronym the library defines also matches its full name, and the other way round
  ("HIDTA" finds "High Intensity Drug Trafficking Area");
- an everyday phrase of the ``/ask`` paraphrase table also matches most of the sheets' words
  for it ("rural internet" finds "broadband"; "heat waves" needs "extreme heat", never one
  generic word of a longer paraphrase alone).

Words like "in" or "the" are not required ("broadband in Ohio" needs "broadband" and "ohio").
"""

from __future__ import annotations

import itertools
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


def full_names(acronyms: Mapping[str, str]) -> dict[tuple[str, ...], str]:
    """Folded full name → short form: made once per acronym map, not once per topic."""
    return {tuple(tokenize(full)): short for short, full in acronyms.items()}


def _majorities(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every choice of more than half of ``words`` (all of one or two): how a paraphrase's
    words stand in for a phrase. One generic word of a long paraphrase ("high" of "high-speed
    internet") is never enough on its own."""
    need = len(words) // 2 + 1
    return [combo for combo in itertools.combinations(words, need)]


def compile_topic(topic: str, acronyms: Mapping[str, str] | None = None,
                  by_full: Mapping[tuple[str, ...], str] | None = None) -> Topic:
    """A topic's words and every stand-in for each (``acronyms``: folded short → full name;
    ``by_full``: ``full_names(acronyms)``, when compiling many topics against one map)."""
    acronyms = acronyms or {}
    words = required_words(topic)
    folded = " ".join(fold(topic).replace("-", " ").split())
    # Phrases of the paraphrase table: the topic words a phrase covers become one group, which
    # the phrase's own words or most of the sheets' words for it satisfy.
    phrases: list[tuple[tuple[str, ...], list[tuple[str, ...]]]] = []
    for pattern, replacement in _PARAPHRASES:
        found = pattern.search(folded)
        if found is None:
            continue
        covered = tuple(w for w in words if w in set(tokens(found.group(0))))
        kept = tuple(dict.fromkeys(w for w in replacement if w not in STOPWORDS))
        if not covered or not kept:
            continue
        home = next((n for n, (cov, _) in enumerate(phrases) if set(covered) <= set(cov)), None)
        if home is not None:
            phrases[home][1].extend(_majorities(kept))
        elif not any(set(covered) & set(cov) for cov, _ in phrases):
            phrases.append((covered, _majorities(kept)))
    if by_full is None:
        by_full = full_names(acronyms)

    def own(word: str) -> list[Alternative]:
        alternatives = [Alternative((word,))]
        alternatives += [Alternative((form,), f"{form} for {word}") for form in _number_forms(word)]
        full = acronyms.get(word)
        if full:
            full_words = tuple(w for w in tokenize(full) if w not in STOPWORDS)
            if full_words:
                alternatives.append(Alternative(full_words, f"{word.upper()} = {full}"))
        return alternatives

    groups: list[TermGroup] = []
    done: set[str] = set()
    for word in words:
        if word in done:
            continue
        phrase = next(((cov, alts) for cov, alts in phrases if word in cov), None)
        if phrase is None:
            groups.append(TermGroup(word, tuple(_unique(own(word)))))
            continue
        covered, stand_ins = phrase
        done.update(covered)
        said = " ".join(covered)
        alternatives = [Alternative(tuple(w for alt in combo for w in alt.words), " ".join(
            a.note for a in combo if a.note)) for combo in itertools.product(*(own(w) for w in covered))]
        alternatives += [Alternative(combo, f"“{said}” read as {' '.join(combo)}") for combo in stand_ins]
        groups.append(TermGroup(said, tuple(_unique(alternatives))))
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
    # word → positions (in ``initiatives``) of the initiatives holding it: says which initiatives
    # a topic matched without walking every initiative for every matching topic
    postings: Mapping[str, frozenset[int]] = field(default_factory=dict)


def sheet_text(document_id: int, title: str, body: str, initiatives: Sequence[tuple[int, str, str]] = (),
               acronyms: Sequence[str] = ()) -> SheetText:
    """Fold a sheet's title, body and initiatives into word sets (acronyms it defines added)."""
    extra = {"".join(tokenize(short)) for short in acronyms}
    words = set(tokenize(title)) | set(tokenize(body)) | extra
    items = []
    postings: dict[str, set[int]] = {}
    for position, (initiative_id, ini_title, text) in enumerate(initiatives):
        ini_words = frozenset(tokenize(ini_title)) | frozenset(tokenize(text))
        words |= ini_words
        items.append((initiative_id, ini_title, ini_words))
        for word in ini_words:
            postings.setdefault(word, set()).add(position)
    return SheetText(document_id, title, frozenset(words), tuple(items),
                     {word: frozenset(held) for word, held in postings.items()})


@dataclass(frozen=True, slots=True)
class Why:
    """Why a sheet matched a topic: the words found (with stand-ins said) and the initiatives."""

    topic: str
    found: tuple[str, ...]  # "quokka", "HIDTA = high intensity drug trafficking area", …
    initiatives: tuple[int, ...] = field(default=())

    def sentence(self) -> str:
        return f"“{self.topic}”: " + ", ".join(self.found)



def explain(topic: Topic, sheet: SheetText) -> Why | None:
    """None when the sheet is not about the topic; else what matched and in which initiatives."""
    found: list[str] = []
    words = sheet.words
    for group in topic.groups:
        for alternative in group.alternatives:
            if all(w in words for w in alternative.words):
                found.append(alternative.note or group.word)
                break
        else:
            return None
    # Per initiative: how many of the topic's words it holds (an alternative's words all in it).
    counts: dict[int, int] = {}
    none: frozenset[int] = frozenset()
    for group in topic.groups:
        holding: set[int] = set()
        for alternative in group.alternatives:
            if len(alternative.words) == 1:
                holding |= sheet.postings.get(alternative.words[0], none)
                continue
            held = set(sheet.postings.get(alternative.words[0], none))
            for word in alternative.words[1:]:
                if not held:
                    break
                held &= sheet.postings.get(word, none)
            holding |= held
        for position in holding:
            counts[position] = counts.get(position, 0) + 1
    best = max(counts.values(), default=0)
    chosen = tuple(sheet.initiatives[position][0] for position in sorted(counts) if counts[position] == best)
    return Why(topic.text, tuple(found), chosen)
