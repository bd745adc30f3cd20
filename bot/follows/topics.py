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
    # word → positions (in ``initiatives``) of the initiatives holding it, built on first use
    # (by ``postings()``): only sheets whose matches are explained need it
    _postings: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def postings(self) -> Mapping[str, int]:
        """Which initiatives hold each word, as a bit mask of their positions in
        ``initiatives``: says which initiatives a topic matched with a few integer operations
        instead of walking every initiative for every matching topic."""
        if not self._postings and self.initiatives:
            built: dict[str, int] = {}
            for position, (_id, _title, words) in enumerate(self.initiatives):
                bit = 1 << position
                for word in words:
                    built[word] = built.get(word, 0) | bit
            self._postings.update(built)
        return self._postings


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


def found_alternatives(topic: Topic, words: frozenset[str]) -> list[int] | None:
    """For each topic word, the first of its alternatives the sheet holds (None: not about it)."""
    chosen = []
    for group in topic.groups:
        for number, alternative in enumerate(group.alternatives):
            if all(w in words for w in alternative.words):
                chosen.append(number)
                break
        else:
            return None
    return chosen


def explain(topic: Topic, sheet: SheetText, chosen: Sequence[int] | None = None) -> Why | None:
    """None when the sheet is not about the topic; else what matched and in which initiatives
    (``chosen``: ``found_alternatives`` when the caller knows them already)."""
    if chosen is None:
        chosen = found_alternatives(topic, sheet.words)
        if chosen is None:
            return None
    found = [group.alternatives[n].note or group.word for group, n in zip(topic.groups, chosen, strict=True)]
    # Per topic word, the initiatives holding it (one of its alternatives, all words in one
    # initiative); the initiatives named are those holding the most of the topic's words.
    postings = sheet.postings()
    masks = []
    for group in topic.groups:
        mask = 0
        for alternative in group.alternatives:
            held = postings.get(alternative.words[0], 0)
            for word in alternative.words[1:]:
                if not held:
                    break
                held &= postings.get(word, 0)
            mask |= held
        masks.append(mask)
    best = _held_by_most(masks)
    chosen_ini = tuple(sheet.initiatives[p][0] for p in range(best.bit_length()) if best >> p & 1)
    return Why(topic.text, tuple(found), chosen_ini)


def _held_by_most(masks: Sequence[int]) -> int:
    """The positions set in the most of ``masks`` (0 when none is set anywhere)."""
    every = -1
    for mask in masks:
        every &= mask
    if every:  # usual case: some initiative holds every topic word
        return every
    counts: dict[int, int] = {}
    for mask in masks:
        for position in range(mask.bit_length()):
            if mask >> position & 1:
                counts[position] = counts.get(position, 0) + 1
    top = max(counts.values(), default=0)
    return sum(1 << p for p, n in counts.items() if n == top)
