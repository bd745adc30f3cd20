"""Answering a read question from the index: the initiatives, fact sheets and figures that answer it.

``answer(index, reading)`` works in two stages. The inverted index (``FieldIndex``) gathers
candidates — initiatives, and funding sentences, which also carry the money said in prose —
within the question's dates. Each candidate is then scored exactly: how much of the topic it
contains (rare words weigh more), and whether those words sit close together (title, or a
window of the text), so "tiny homes" does not match a sheet with "tiny" in one paragraph and
"homes" in another. A paraphrase from ``bot.query.paraphrase`` is an alternative reading of the
topic: it may stand in for the words it replaces, at a discount.

An answer is *covered* only when the best candidate contains nearly the whole topic; otherwise
the library does not answer it, and the nearest candidates are offered as leads only when they
are genuinely close. The filters are kept honest the same way: a state must be named where the
answer is, and a date range that holds no sheet on the topic says so.
"""

from __future__ import annotations

import bisect
import calendar
import dataclasses
import datetime as dt
import functools
import itertools
import math
import re
import weakref
from collections import OrderedDict
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from rapidfuzz import fuzz, process

if TYPE_CHECKING:  # numpy itself is imported where the words are gathered, on the first question
    import numpy as np
    import numpy.typing as npt

from bot.ingest import find_money
from bot.model import (
    KIND_COMMITMENT,
    KIND_NEW,
    KIND_REQUEST,
    SOURCE_FOREIGN,
    SOURCE_PRIVATE,
    SOURCE_STATE_LOCAL,
    DocumentRecord,
    FundingRecord,
    InitiativeRecord,
)
from bot.query.copies import same_sheet, without_copies
from bot.query.fields import FieldIndex
from bot.query.index import CorpusIndex, display_title, lead_text
from bot.query.paraphrase import _COMPILED as _PARAPHRASES
from bot.query.question import (
    CHANGE_ASKED,
    FUNDING,
    INITIATIVES,
    KIND_FOREIGN,
    KIND_PRIVATE,
    KIND_STATE_LOCAL,
    NONE,
    SOURCES,
    STATE_CODES,
    STATES,
    WHEN,
    WHERE,
    WHO,
    Reading,
    agency_names,
    names_country,
)
from bot.query.text import STOPWORDS, fold, tokenize, tokens

COVERED = 0.74  # share of the topic (idf-weighted) the best answer must contain, close together
LEAD = 0.5  # a lead offered when nothing answers must contain at least this share
ACT_LEAD_SHARE = 0.3  # a passage of the top sheet's lead that reports an act is quoted from this share of the topic
WINDOW = 24  # content words: how close the topic's words must be in a text
PARAPHRASE_WEIGHT = 0.99  # a paraphrase's words count almost as much as the words they stand for (never a text's whole topic)
LEAD_FIRST = 0.5  # points that put a sheet's quoted lead before its initiatives that tie with it
IZE_SIMILARITY = 0.85  # a verb in -ize and the word it is made from ("finalize" → "final")
SOFT_WEIGHT = 0.3  # the question's own verb ("is indonesia buying") counts this much of its weight
PLURAL_SIMILARITY = 0.98  # a plural or singular of a topic word (other endings count 0.92)
_POOL = 160  # candidates scored exactly
_REASON_POOL = 40  # scored to tell why nothing answers: whether the topic is covered outside the question's dates
_GROUP_POSTINGS_MAX = 15_000  # a word in more rows than this only re-scores candidates, it never adds any
_RESCORE_MAX = 1_500  # rows a very common word re-scores (the best so far)
_NEIGHBOURS = ("{}s", "{}es")
_AGENCY_WORDS_MAX = 6
SPEAKER_BONUS = 6.0  # the sheet's title names, on their own, who the question says acted
COMMON_APART = 0.6  # a topic of common words only, none of them side by side in a text: its share there counts this much
SHEET_TITLE_SHARE = 0.9  # what the topic found with the help of the sheet's title counts for
_FIGURE_WINDOW = 20  # content words on each side of a figure that say what it is for

_KIND_SOURCE = {KIND_PRIVATE: SOURCE_PRIVATE, KIND_STATE_LOCAL: SOURCE_STATE_LOCAL, KIND_FOREIGN: SOURCE_FOREIGN}


@dataclass(slots=True)
class _Group:
    """One word of the topic and the vocabulary terms that stand for it."""

    word: str
    terms: dict[int, float]  # term id → similarity (1.0 exact, less for plurals, typos)
    idf: float
    size: int


@dataclass(frozen=True, slots=True)
class Candidate:
    """An initiative that may answer, with how much of the topic it holds."""

    initiative: InitiativeRecord
    document: DocumentRecord
    coverage: float  # 0–1: share of the topic, close together
    score: float  # ranking score (coverage first, then title, filters, sheet title)
    why: str
    lead: str = ""  # the sentences of its sheet's lead that answer, when the lead holds more of the topic
    lead_coverage: float = 0.0  # the share of the topic that lead holds
    own_coverage: float | None = None  # the initiative's own share, when the lead raised ``coverage``


@dataclass(frozen=True, slots=True)
class Figure:
    """A dollar figure that answers a money question."""

    record: FundingRecord
    document: DocumentRecord
    score: float
    coverage: float
    kind_matches: bool
    state_named: bool
    own_coverage: float = 0.0  # share of the topic in the figure's own words (its sentence, up to the next figure)
    evidence: float = 0.0  # share of the topic in its own words with its sheet's title, or with its initiative's title
    found: float = 0.0  # the coverage that found it, before its own evidence counted: what decides "covered"
    own_evidence: float = 0.0  # share of the topic in its own words with its initiative's title, not its sheet's title


FIGURE_TITLE_MAX = 200  # an initiative's title named under a figure is cut to this many characters


def figure_initiative_title(index: CorpusIndex, figure: Figure) -> str | None:
    """The title of the initiative a figure belongs to, when its sentence does not already say it: the reply names
    it under the figure ("$10 million … — under “Investing in the Women’s Peace and Humanitarian Fund”")."""
    if figure.record.initiative_id is None:
        return None
    title = index.initiative_title(figure.record.initiative_id)
    if not title or " ".join(tokenize(title)) in " ".join(tokenize(figure.record.sentence)):
        return None
    return title if len(title) <= FIGURE_TITLE_MAX else title[:FIGURE_TITLE_MAX - 1].rsplit(" ", 1)[0] + "…"


@dataclass(slots=True)
class Answer:
    reading: Reading
    covered: bool
    candidates: list[Candidate] = field(default_factory=list)  # best first; empty when not covered
    documents: list[DocumentRecord] = field(default_factory=list)  # sheets about the topic, best first
    figures: list[Figure] = field(default_factory=list)  # money questions: best first
    passage: str = ""  # the sentence that answers, as written
    facts: list[str] = field(default_factory=list)  # who: agencies named; where: places named
    overview: list[InitiativeRecord] = field(default_factory=list)  # the top sheet's other initiatives
    figure_sure: bool = False  # the lead figure stands clear of any other amount: given as the answer
    hedge: str = ""  # why the lead figure is not given as the answer (``HEDGE_*``), when it is not
    leads: list[Candidate] = field(default_factory=list)  # when not covered: genuinely close ones
    reason: str = ""  # when not covered: why, in a sentence
    document_filter: DocumentRecord | None = None
    second_reader: bool = False  # covered only because the sentence model agreed on the sheet (``_second_reading``)
    recalled_later: str = ""  # the period asked about, when only a later sheet says what happened then

    @property
    def top(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def top_document(self) -> DocumentRecord | None:
        if self.reading.intent == SOURCES and self.documents:
            return self.documents[0]
        if self.reading.intent == FUNDING and self.figures:
            return self.figures[0].document
        return self.candidates[0].document if self.candidates else None


# ---- words -------------------------------------------------------------------------------------


_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ions", "ion", "ers", "er", "ies", "ied", "es", "ed", "s")
_VOWELS = "aeiou"
_ENDINGS = ("", "e", "s", "es", "ed", "ing", "ment", "ments", "ion", "ions", "er", "ers", "y", "ies", "ied",
            "ist", "ists", "ism")  # "terror" → "terrorist", "terrorism"


# Words for one thing that the sheets use for each other (thirtieth round): a grant is awarded ("how much opioid grant
# money" is "HHS awarded nearly $1.5 billion … opioid crisis"). Read as another ending of the word, not as a paraphrase:
# a topic of common words must still stand together.
# To buy is to purchase (fortieth round): "is trump making military bases buy power from coal plants" is "Power
# Purchase Agreements with America's … coal fleet", and "purchase" in a heading is asked as "buy".
_AWARD_FORMS = ("award", "awards", "awarded", "awarding")
_PURCHASE_FORMS = ("purchase", "purchases", "purchased", "purchasing")
_BUY_FORMS = ("buy", "buys", "buying", "bought")
# A signature is what signing leaves (54th round, c): "biden's autopen signatures" is "documents signed with an
# autopen"; the ending "-ature" is too often no verb's ("temperature", "literature") to be read as one in general.
_SIGN_FORMS = ("sign", "signs", "signed", "signing")
# To start is to begin (54th round, c): "the one they started paying out in feb 2023" is "This week, the United States
# began disbursing"
_START_FORMS = ("start", "starts", "started", "starting")
_BEGIN_FORMS = ("begin", "begins", "began", "begun", "beginning")
# Money a partnership mobilizes is money it catalyzes (54th round, c): "how much is the us uae clean energy partnership
# supposed to mobilize" is "PACE is set to catalyze $100 billion in financing"
_MOBILIZE_FORMS = ("mobilize", "mobilizes", "mobilized", "mobilizing", "mobilization")
_CATALYZE_FORMS = ("catalyze", "catalyzes", "catalyzed", "catalyzing")
_SAME_THING = {"grant": _AWARD_FORMS, "grants": _AWARD_FORMS,
               **{form: _PURCHASE_FORMS for form in _BUY_FORMS}, **{form: _BUY_FORMS for form in _PURCHASE_FORMS},
               "signature": _SIGN_FORMS, "signatures": _SIGN_FORMS,
               **{form: _BEGIN_FORMS for form in _START_FORMS}, **{form: _START_FORMS for form in _BEGIN_FORMS},
               **{form: _CATALYZE_FORMS for form in _MOBILIZE_FORMS}, **{form: _MOBILIZE_FORMS for form in _CATALYZE_FORMS}}


def _variants(word: str) -> list[tuple[str, float]]:
    """The word, and the same word with another ending ("replacement" → "replace", "replacing")."""
    out = {word: 1.0}
    for same in _SAME_THING.get(word, ()):
        out[same] = 0.92
    if len(word) < 4 or word.isdigit():
        return list(out.items())
    stems = {word}
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stems.add(word[: -len(suffix)])
    if word.endswith("y"):
        stems.add(word[:-1])  # "surgery" → "surgeries"
    if word.endswith("ics") and len(word) >= 6:
        out.setdefault(word[:-1] + "al", 0.92)  # a field and its adjective: "politics" → "political", "ethics" → "ethical"
    if word.endswith("e") and not word.endswith("ee"):
        stems.add(word[:-1])  # "hire" → "hiring", "hired"
    for stem in list(stems):
        if len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS + "ls":
            stems.add(stem[:-1])  # "banned" → "ban"
        elif len(stem) >= 3 and stem[-1] not in _VOWELS + "wxy" and stem[-2] in _VOWELS and stem[-3] not in _VOWELS:
            stems.add(stem + stem[-1])  # "ban" → "banned", "banning"
    made = re.match(r"(.{3,})ificat(?:ion|ions)$", word)
    if made:  # a noun in -ification and its verb in -ify: "electrification" → "electrify", "notification" → "notify"
        for ending in ("ify", "ifies", "ified", "ifying"):
            out.setdefault(made.group(1) + ending, 0.92)
    made = re.match(r"(.{3,})if(?:y|ies|ied|ying)$", word)
    if made:  # and back: "classify" → "classification"
        for ending in ("ification", "ifications"):
            out.setdefault(made.group(1) + ending, 0.92)
    made = re.match(r"(.{3,}n)sions?$", word)
    if made:  # a noun in -nsion and its verb in -nd: "suspension" → "suspending", "expansion" → "expand"
        for ending in ("d", "ds", "ded", "ding"):
            out.setdefault(made.group(1) + ending, 0.92)
    made = re.match(r"(.{3,}n)d(?:s|ed|ing)?$", word)
    if made:  # and back: "extend" → "extension", "suspended" → "suspension"
        for ending in ("sion", "sions"):
            out.setdefault(made.group(1) + ending, 0.92)
    made = re.match(r"(.{4,})(?:ism|ia)$", word)
    if made:  # a noun in -ism or -ia and its adjective in -ic (64th round): "antisemitism" → "antisemitic"
        out.setdefault(made.group(1) + "ic", 0.92)
    made = re.match(r"(.{4,})ic$", word)
    if made:  # and back: "islamophobic" → "islamophobia", "antisemitic" → "antisemitism"
        for ending in ("ism", "ia"):
            out.setdefault(made.group(1) + ending, 0.92)
    verb = re.match(r"(.{4,}?)iz(?:e|es|ed|ing)$", word)
    if verb and len(verb.group(1)) >= 5:
        out.setdefault(verb.group(1), IZE_SIMILARITY)  # "finalize" → "final", "modernized" → "modern"
    for plural in (word + "s", word + "es", word[:-1] if word.endswith("s") else "",
                   word[:-2] if word.endswith("es") else ""):
        if len(plural) >= 3 and plural != word:
            out.setdefault(plural, PLURAL_SIMILARITY)  # "engines" / "engine": the same thing
    for stem in stems:
        for ending in _ENDINGS:
            candidate = stem + ending
            if candidate != word and len(candidate) >= 3:
                out.setdefault(candidate, 0.92)
    return list(out.items())


def _group(fields, word: str) -> _Group | None:
    terms: dict[int, float] = {}
    for variant, similarity in _variants(word):
        tid = fields.vocab.get(variant)
        if tid is not None:
            terms[tid] = max(terms.get(tid, 0.0), similarity)
    if not terms and len(word) >= 3 and not word.isdigit():
        # A typo keeps its first letter ("fentanly", "colorodo", "wnd"); a real word that the
        # sheets never use ("betting") must not turn into one they do ("getting").
        for tid, score in _typo_terms(fields, word):
            if fields.terms[tid][:1] == word[:1]:
                similarity = SLIP_SIMILARITY if _one_slip(word, fields.terms[tid]) else 0.9 * score / 100.0
                terms[tid] = max(terms.get(tid, 0.0), similarity)
    if not terms:
        return _Group(word, {}, fields.max_idf, 0)
    best = max(terms, key=lambda tid: (terms[tid], -fields.df[tid]))
    return _Group(word, terms, fields.idf(best), sum(fields.df[tid] for tid in terms))


SLIP_SIMILARITY = 0.95  # a long word the sheets never use, one slip of the keys from one they do (thirtieth round)
SLIP_MIN_LETTERS = 7


def _one_slip(typed: str, term: str) -> bool:
    """``typed`` is ``term`` with one letter left out, one added or two side by side swapped ("worforce",
    "phialnthropies" for "workforce", "philanthropies"), and long enough that the slip cannot make another word."""
    if min(len(typed), len(term)) < SLIP_MIN_LETTERS or typed == term:
        return False
    if len(typed) + 1 == len(term):
        return any(term[:n] + term[n + 1:] == typed for n in range(len(term)))
    if len(typed) == len(term) + 1:
        return any(typed[:n] + typed[n + 1:] == term for n in range(len(typed)))
    if len(typed) == len(term):
        diff = [n for n in range(len(term)) if typed[n] != term[n]]
        return len(diff) == 2 and diff[1] == diff[0] + 1 and typed[diff[0]] == term[diff[1]] and typed[diff[1]] == term[diff[0]]
    return False


def _typo_terms(fields, word: str) -> list[tuple[int, float]]:
    if len(word) >= 4:
        typos: list[tuple[int, float]] = fields.typo_terms(word, limit=3, cutoff=84.0 if len(word) > 6 else 80.0)
        return typos
    found: list[tuple[int, float]] = []
    for length in (3, 4):  # "wnd" → "wind": one letter left out of a short word
        for term, score, _ in process.extract(word, fields.by_len.get(length, ()), scorer=fuzz.ratio,
                                              score_cutoff=85.0, limit=2, processor=None):
            found.append((fields.vocab[term], score))
    return found


@dataclass(slots=True)
class _Query:
    """The topic as groups of terms, and the paraphrases that may stand in for some of its words."""

    groups: list[_Group]  # the topic's own words
    bundles: list[tuple[list[int], list[_Group]]]  # (topic words replaced, the paraphrase's words)
    capitals: set[int]  # topic words written in capitals: names, found only where written so
    common: bool  # every topic word is common: its words must stand next to each other somewhere
    prepared: dict[int, Any] = field(default_factory=dict)  # per vocabulary: see ``_prepare``
    literal: frozenset[str] = frozenset()  # words no text of this field has, found as typed in a sheet's title
    lead_only: frozenset[str] = frozenset()  # words no initiative has, found as typed in a sheet's lead (fortieth round)
    turned: bool = False  # a compound of common words may stand turned round ("tariffs on aluminum"): not for money

    @property
    def possible(self) -> float:
        return sum(g.idf for g in self.groups)

    @property
    def extra(self) -> list[_Group]:
        return [g for _, bundle in self.bundles for g in bundle]

    def all_groups(self) -> list[_Group]:
        return [*self.groups, *self.extra]


def _split(fields, word: str) -> tuple[str, str] | None:
    """A one-word name the sheets write as two words ("globalwafers" → "global wafers"), when neither
    the word nor a typo of it is in them."""
    if len(word) < 7 or word.isdigit() or any(v in fields.vocab for v, _ in _variants(word)):
        return None
    best: tuple[int, tuple[str, str]] | None = None
    for at in range(3, len(word) - 2):
        head, tail = word[:at], word[at:]
        if head in fields.vocab and tail in fields.vocab and head not in STOPWORDS and tail not in STOPWORDS:
            rarer = min(fields.df[fields.vocab[head]], fields.df[fields.vocab[tail]])
            if best is None or rarer > best[0]:
                best = (rarer, (head, tail))
    return best[1] if best else None


def _query(fields, reading: Reading) -> _Query:
    groups = [g for g in (_group(fields, word) for word in reading.topic) if g is not None]
    groups = [dataclasses.replace(g, idf=g.idf * SOFT_WEIGHT) if g.word in reading.soft else g for g in groups]
    for n, word in enumerate(reading.topic):
        parts = _split(fields, word) if not groups[n].terms else None  # a typo ("ransomwear") is read first
        if parts is not None:  # the first part stands in its place, the second comes last
            first, second = _group(fields, parts[0]), _group(fields, parts[1])
            if first is not None and second is not None:
                groups[n] = dataclasses.replace(first, idf=groups[n].idf / 2)
                groups.append(dataclasses.replace(second, idf=groups[n].idf))
    # (not only side by side: "the pride flag on the same pole" is the sheet's "flagpole", 71st round)
    near_pairs = [(i, j) for i in range(len(reading.topic)) for j in range(i + 1, min(i + 4, len(reading.topic)))]
    for a, b in near_pairs:
        joined = fields.vocab.get(reading.topic[a] + reading.topic[b])
        if joined is not None and len(reading.topic[a]) >= 3 and len(reading.topic[b]) >= 3:
            for n in (a, b):  # "global wafers" is written "GlobalWafers": the one word holds both
                groups[n].terms.setdefault(joined, 1.0)
    folded = " ".join(fold(reading.text).replace("-", " ").split())
    bundles: list[tuple[list[int], list[_Group]]] = []
    topic = list(reading.topic)
    for pattern, words in _PARAPHRASES:
        match = pattern.search(folded)
        if match is None:
            continue
        said = set(tokens(match.group(0)))
        replaced = [n for n, word in enumerate(topic) if word in said and word not in words]  # "lead" stays itself
        bundle = [g for g in (_group(fields, w) for w in words if w not in said) if g is not None and g.terms]
        if bundle and replaced:
            bundles.append((replaced, bundle))
    capitals = {n for n, g in enumerate(groups) if g.word in reading.capitals}
    rare_df = max(40, fields.rows // 400)
    found = [g for g in groups if g.terms]
    common = len(groups) >= 2 and bool(found) and min(g.size for g in found) > rare_df and not bundles
    # (turned round, not in a money question: its figures' evidence and their rivals weigh the same words, and there
    # it made three generated questions' rivals close where they were not)
    return _Query(groups, bundles, capitals, common, turned=reading.intent != FUNDING)


def _valuations(query: _Query) -> list[tuple[list[tuple[int, float]], list[tuple[float, list[int]]]]]:
    """Ways to count the topic: its own words, or with paraphrases standing in for some of them.

    Each way is (plain words: (group, weight)), (bundles: (weight, groups))) over the positions of
    ``query.all_groups()``.
    """
    topic = len(query.groups)
    ways: list[tuple[list[tuple[int, float]], list[tuple[float, list[int]]]]] = [([(n, g.idf) for n, g in enumerate(query.groups)], [])]
    offsets: list[list[int]] = []
    at = topic
    for _, bundle in query.bundles:
        offsets.append(list(range(at, at + len(bundle))))
        at += len(bundle)
    subsets = [[k] for k in range(len(query.bundles))]
    if len(query.bundles) > 1:
        subsets.append(list(range(len(query.bundles))))
    for subset in subsets:
        replaced = {n for k in subset for n in query.bundles[k][0]}
        plain = [(n, g.idf) for n, g in enumerate(query.groups) if n not in replaced]
        bundles = []
        for k in subset:
            weight = PARAPHRASE_WEIGHT * sum(query.groups[n].idf for n in query.bundles[k][0] if n not in
                                             {m for j in subset if j < k for m in query.bundles[j][0]})
            bundles.append((weight, offsets[k]))
        ways.append((plain, bundles))
    return ways


@dataclass(slots=True)
class _Prepared:
    """A query made ready for scoring many texts: words per group and the ways to count them."""

    words: list[tuple[str, ...]]  # group → its vocabulary words
    wanted: dict[str, list[tuple[int, float]]]  # word → (group, similarity)
    sims: list[dict[str, float]]  # group → word → similarity
    ways: list[tuple[list[tuple[int, float]], list[tuple[float, list[tuple[int, float]]]]]]
    total: float
    size: int


def _prepare(query: _Query, terms: list[str]) -> _Prepared:
    cached: _Prepared | None = query.prepared.get(id(terms))
    if cached is not None:
        return cached
    groups = query.all_groups()
    sims = [{terms[tid]: sim for tid, sim in g.terms.items()} or ({g.word: 1.0} if g.word in query.literal else {})
            for g in groups]
    for n, g in enumerate(groups):  # a word only a lead says ("Hershey") is found there as typed, beside its typos
        if g.word in query.lead_only and g.word not in sims[n]:
            sims[n] = {**sims[n], g.word: 1.0}
    wanted: dict[str, list[tuple[int, float]]] = {}
    for n, group_sims in enumerate(sims):
        for word, sim in group_sims.items():
            wanted.setdefault(word, []).append((n, sim))
    ways = []
    for plain, bundles in _valuations(query):
        compiled = []
        for weight, members in bundles:
            size = sum(groups[m].idf for m in members) or 1.0
            compiled.append((weight / size, [(m, groups[m].idf) for m in members]))
        ways.append((plain, compiled))
    prepared = _Prepared([tuple(x) for x in sims], wanted, sims, ways, query.possible or 1.0, len(groups))
    query.prepared[id(terms)] = prepared
    return prepared


def _value(found: Sequence[float], prepared: _Prepared) -> float:
    best = 0.0
    for plain, bundles in prepared.ways:
        value = 0.0
        for n, weight in plain:
            value += found[n] * weight
        for factor, members in bundles:
            inner = 0.0
            for m, idf in members:
                inner += found[m] * idf
            value += factor * inner
        if value > best:
            best = value
    return best / prepared.total


def _coverage(query: _Query, title: dict[str, None], body: Sequence[str], terms: list[str],
              blocked: set[int] = frozenset(),  # type: ignore[assignment]  # read only: a frozenset will do
              context: Container[str] = frozenset(), context_share: float = 0.0) -> float:
    """The topic's share found in the title plus one window of the text (rare words weigh more);
    a paraphrase may stand in for the words it replaces. Words of ``context`` count ``context_share`` of theirs."""
    if not query.groups:
        return 0.0
    prepared = _prepare(query, terms)
    size = prepared.size
    wanted = prepared.wanted
    in_title = [0.0] * size
    for word in title:  # (a title has fewer words than the topic has ways of being said: looked up from its side)
        for n, sim in wanted.get(word, ()):
            if sim > in_title[n] and n not in blocked:
                in_title[n] = sim
    if context:
        for n, group_sims in enumerate(prepared.sims):
            if n not in blocked and in_title[n] < context_share:
                in_title[n] = max(in_title[n], context_share * max(
                    (sim for word, sim in group_sims.items() if word in context), default=0.0))
    best = _value(in_title, prepared) if any(in_title) else 0.0
    if not body or best >= 0.999:
        return best
    events: list[tuple[int, int, float]] = []
    for position in [position for position, word in enumerate(body) if word in wanted]:
        events.extend((position, n, sim) for n, sim in wanted[body[position]] if n not in blocked)
    if not events:
        return best
    current: dict[int, list[float]] = {}
    start = 0
    for end in range(len(events)):
        position, n, sim = events[end]
        current.setdefault(n, []).append(sim)
        while events[start][0] < position - WINDOW:
            _, m, old = events[start]
            current[m].remove(old)
            if not current[m]:
                del current[m]
            start += 1
        if end + 1 < len(events) and events[end + 1][0] == position:
            continue  # several groups at one word: value once they are all in
        found = [max(in_title[k], max(current[k])) if k in current else in_title[k] for k in range(size)]
        value = _value(found, prepared)
        if value > best:
            best = value
            if best >= 0.999:
                break
    return best


def _adjacent(query: _Query, title: Sequence[str], body: Sequence[str], terms: list[str]) -> bool:
    """Two words of the topic, next to each other as asked (or turned round), in the title or the text."""
    sets = [{terms[tid] for tid in g.terms} for g in query.groups]
    # (turned round, only the words themselves or their plurals: not another ending, "tours" is no "tourism")
    exact = [{terms[tid] for tid, sim in g.terms.items() if sim >= PLURAL_SIMILARITY} for g in query.groups]
    for words in (title, body):
        # side by side, or one word between them as the sheets name things: "opioid grant" is the "State Opioid
        # Response Grant", "clean energy" is "clean, renewable energy"
        pairs = {*itertools.pairwise(words), *zip(words, words[2:], strict=False)}
        # or the other way round, as the sheets turn the asker's compound round (round 57c): "the aluminum tariff" is
        # "tariffs on aluminum imports", "housing grants" are "grants for housing"
        for a, b in itertools.pairwise(sets):
            if any((x, y) in pairs for x in a for y in b):
                return True
        for a, b in itertools.pairwise(exact if query.turned else ()):
            if any((y, x) in pairs for x in a for y in b):
                return True
    return False


# ---- rows in a date window ---------------------------------------------------------------------


RECALLED_YEARS = 3  # how long after the period asked about a sheet may still say what happened in it


def _recalled_later(index: CorpusIndex, reading: Reading, query: _Query, start: dt.date | None,
                    end: dt.date | None) -> tuple[list[Candidate], int, int, str] | None:
    """When no sheet of the month or year asked about holds the topic, the later sheets whose passage on it dates it
    there (64th round): "how much did va put out in aug 2023 to community groups for … homeless vets" is told by the
    Veterans Day sheet of November ("In August, VA also issued $1 billion … to help homeless and at-risk veterans"); a
    year, by a sheet that writes it ("In 2021 alone, institutions … provided …"). Returns the candidates, their document
    range and the period as said."""
    if start is None or end is None or reading.fiscal or reading.kind == KIND_REQUEST:
        return None
    said = _period_said(start, end)
    if said is None:
        return None
    period, dates_it = said
    lo, hi = _document_range(index, end + dt.timedelta(days=1), end + dt.timedelta(days=366 * RECALLED_YEARS))
    if lo >= hi:
        return None
    ini_lo, ini_hi = index.columns.ini_range[lo], index.columns.ini_range[hi]
    # (as few candidates as the reason "not in that period" is worked out from: this runs for questions not covered)
    found = _score_initiatives(index, reading, query, ini_lo, ini_hi, (lo, hi), pool=_REASON_POOL)
    kept = []
    for candidate in found:
        if candidate.coverage < COVERED:
            continue
        if dates_it(" ".join(filter(None, (candidate.lead, candidate.initiative.text))), candidate.document.date):
            kept.append(candidate)
    return (kept, lo, hi, period) if kept else None


def _period_said(start: dt.date, end: dt.date) -> tuple[str, Callable[[str, dt.date | None], bool]] | None:
    """A whole calendar year or month as said ("2021", "August 2023"), and whether a passage of a sheet of a given date
    dates something there: "In 2021 alone", "in August 2023" (``_dates_to``), or "In August" in a sheet of 2023."""
    if start.year == end.year and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        months = "|".join(calendar.month_name[1:])
        in_year = re.compile(rf"\b(?:in|during|throughout|over|for|of)\s+(?:(?:early|late|mid)[-\s]+)?{start.year}\b"
                             rf"|\b(?:{months})\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?{start.year}\b", re.IGNORECASE)
        return str(start.year), lambda text, day: bool(in_year.search(text))
    if (start.year, start.month) == (end.year, end.month) and start.day == 1 \
            and end.day == calendar.monthrange(end.year, end.month)[1]:
        month = calendar.month_name[start.month]
        alone = re.compile(rf"\b(?:in|since|during|on|this|last|early|late|mid)[-\s]+{month}\b"
                           rf"(?!\s+\d{{1,2}},?\s+\d{{4}})(?!,?\s+\d{{4}})", re.IGNORECASE)
        return f"{month} {start.year}", lambda text, day: _dates_to(text, start) or (
            day is not None and day.year == start.year and bool(alone.search(text)))
    return None


def _document_range(index: CorpusIndex, start: dt.date | None, end: dt.date | None) -> tuple[int, int]:
    """Documents (positions, newest first) dated within [start, end]; undated ones only when open."""
    docs = index.documents
    if start is None and end is None:
        return 0, len(docs)
    dates = _dates(index)
    # dates are descending (None last as date.min): find the first newer-than-end and first older-than-start
    lo = 0 if end is None else _first_at_or_before(dates, end)
    hi = len(docs) if start is None else _first_at_or_before(dates, start - dt.timedelta(days=1))
    return lo, max(lo, hi)


def _dates(index: CorpusIndex) -> list[int]:
    cached = getattr(index, "_ask_dates", None)
    if cached is None or len(cached) != len(index.documents):
        cached = [-(doc.date or dt.date.min).toordinal() for doc in index.documents]
        index._ask_dates = cached  # type: ignore[attr-defined]  # derived data, rebuilt with the index
    return cached


def _first_at_or_before(dates: list[int], day: dt.date) -> int:
    return bisect.bisect_left(dates, -day.toordinal())


def _rows_between(postings: memoryview, lo: int, hi: int) -> memoryview:
    if lo <= 0 and hi >= (postings[-1] + 1 if len(postings) else 0):
        return postings
    a = bisect.bisect_left(postings, lo)
    b = bisect.bisect_left(postings, hi, a)
    return postings[a:b]


def _gather(fields: FieldIndex, groups: Sequence[tuple[_Group, float]], lo: int, hi: int, pool: int) -> list[int]:
    """Rows in [lo, hi) holding the groups' terms, best rough score first (rare words first).

    Scored in arrays over the window (numpy, imported on the first question): at 50,000 sheets a word's rows run to
    thousands, and a loop over them in Python was a third of a slow question's time."""
    import numpy as np

    span = max(0, hi - lo)
    scores = np.zeros(span)
    touched = np.zeros(span, dtype=bool)
    live = sorted((pair for pair in groups if pair[0].terms), key=lambda pair: pair[0].size)
    for n, (group, weight) in enumerate(live):
        if n and group.size > _GROUP_POSTINGS_MAX:
            # a very common word: only re-score the best rows the rarer words found
            rows = np.flatnonzero(touched)
            if len(rows) > _RESCORE_MAX:
                rows = np.sort(rows[_best_first(rows, scores, _RESCORE_MAX)])
                touched[:] = False
                touched[rows] = True
            wanted = (rows + lo).astype(np.uint32)  # the postings' own type: searched without a copy
            found = np.zeros(len(rows), dtype=bool)
            for tid in group.terms:
                for posts in (fields.title_rows(tid), fields.body_rows(tid)):
                    if len(posts):
                        held = np.asarray(posts)
                        at = np.minimum(np.searchsorted(held, wanted), len(held) - 1)
                        found |= held[at] == wanted
            scores[rows[found]] += group.idf * weight
            continue
        best = np.zeros(span)
        for tid, similarity in group.terms.items():
            for posts, boost in ((fields.body_rows(tid), 1.0), (fields.title_rows(tid), 1.5)):
                rows_in = np.asarray(_rows_between(posts, lo, hi)[:_GROUP_POSTINGS_MAX], dtype=np.int64) - lo  # the newest
                value = group.idf * weight * similarity * boost
                best[rows_in] = np.maximum(best[rows_in], value)
                touched[rows_in] = True
        scores += best
    rows = np.flatnonzero(touched)
    order = _best_first(rows, scores, pool)
    best_first: list[int] = (rows[order] + lo).tolist()
    return best_first


def _best_first(rows: npt.NDArray[np.intp], scores: npt.NDArray[np.float64], keep: int) -> npt.NDArray[np.intp]:
    """Positions in ``rows`` of the ``keep`` best by score, ties by row (the first rows, the newest), best first."""
    import numpy as np

    values = scores[rows]
    if len(rows) > keep:
        # every row scoring at least the keep-th best (ties at the edge included), then the exact order among them
        edge = np.partition(values, len(values) - keep)[len(values) - keep]
        among = np.flatnonzero(values >= edge)
        return among[np.lexsort((rows[among], -values[among]))][:keep]
    return np.lexsort((rows, -values))


# ---- exact scoring -----------------------------------------------------------------------------


def _found(group: _Group, where: dict[str, None], terms: list[str]) -> float:
    return max((sim for tid, sim in group.terms.items() if terms[tid] in where), default=0.0) if where else 0.0


@functools.lru_cache(maxsize=256)
def _name_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for every way of writing a name: short capitals as written, the rest in any case."""
    parts = [f"(?-i:{re.escape(name)})" if len(name) <= 4 and name.isupper() else re.escape(name)
             for name in names]
    # A name that opens with a word character may not go on a word; one that opens with punctuation (", NC", the
    # state code after its city) follows the city's last letter (67th round: before, no ", NC" was ever found).
    bounded = [rf"(?<![\w-]){part}" if name[:1].isalnum() else part for name, part in zip(names, parts, strict=True)]
    return re.compile(r"(?:" + "|".join(bounded) + r")(?![\w-])", re.IGNORECASE)


def _mentions(text: str, names: Iterable[str]) -> bool:
    return bool(names) and _name_pattern(tuple(names)).search(text) is not None


_STATE_BEFORE = re.compile(r"\b(?:" + "|".join(re.escape(name) for name in STATES) + r")(?:['’]s)?\s+$", re.IGNORECASE)


def _names_agency(text: str, names: Sequence[str]) -> bool:
    """The text names the agency, not a state's own department of that name ("led by the South Carolina Department
    of Commerce" is no word of the federal Department of Commerce)."""
    if not names:
        return False
    return any(not _STATE_BEFORE.search(text[:match.start()]) for match in _name_pattern(tuple(names)).finditer(text))


def _candidate_text(candidate: Candidate) -> str:
    """Where a candidate may name a state or an agency: its initiative's title and text, and its sheet's title."""
    return f"{candidate.initiative.title}\n{candidate.initiative.text}\n{candidate.document.title}"


def _state_names(state: str) -> list[str]:
    codes = [code for code, name in STATE_CODES.items() if name == state]
    return [state, *(f", {code}" for code in codes)]


# ---- the answer --------------------------------------------------------------------------------


NO_FIGURE_REASON = "figure: the fact sheets hold the topic, but no dollar figure is said for it"
NO_COUNT_REASON = "count: the fact sheets hold the topic, but no number is said for it"
NO_SHARE_REASON = "share: the fact sheets hold the topic, but no percentage is said for it"
ONLY_CONTEXT_REASON = "figure: the fact sheets hold the topic, but the amounts said for it are prices, rates or statistics"


class SheetReader(Protocol):
    """A second reader (``bot.reader.SecondReader``): the initiative a sentence model ranks first for a question over
    the whole library, as (initiative id, its sheet's id, cosine)."""

    def best_initiative(self, question: str) -> tuple[int, int, float]: ...


SECOND_READER_COSINE = 0.6  # the model's best initiative over the library must be at least this close
SECOND_READER_COVERAGE = 0.5  # and a candidate on its sheet must hold at least this share of the topic
# Only questions a sheet answers by being about the topic ("what did they do about …", "which fact sheets …"). A
# question after one fact (how much, when, who, where) is where near misses are: the sheet both readers agree on is
# about the topic but need not say the figure, the deadline or the names (development half: 4 won, none lost,
# where all intents won 5 and lost 3 uncovered questions).
SECOND_READER_INTENTS = frozenset({INITIATIVES, SOURCES})
# Round 55c: a question after a date, a person or a place too, when the sheet both readers agree on has what the
# question asks about (the topic's first word: "whens the deadline for …") and every number of the topic ("the task
# force for the 2032 olympics" is not the sheet on the 2028 one): ``_holds_the_fact``.
SECOND_READER_FACTS = frozenset({WHEN, WHO, WHERE})


# The second reader's best initiative for the question (initiative id, its sheet's id, cosine), asked at most once: a
# cached call, since encoding the question costs milliseconds and only some questions need it.
ModelsPick = Callable[[], tuple[int, int, float]]


def _second_reading(pick: ModelsPick, scored: list[Candidate],
                    fits: Callable[[DocumentRecord], bool] | None = None) -> list[Candidate] | None:
    """When the word index leaves a question uncovered and the sentence model's best initiative over the whole
    library is on the sheet of a candidate holding at least half the topic, that sheet's candidates count as covering
    it (the two readers agree); None when they do not. docs/ask.md, "The second reader, shipped". ``fits``, when
    given, must also accept that sheet (``_holds_the_fact``)."""
    held = [c for c in scored if c.coverage >= SECOND_READER_COVERAGE]
    if not held:
        return None  # nothing the model could agree with: no need to encode the question
    _, sheet, cosine = pick()
    agreed = next((c.document for c in held if c.document.id == sheet), None)
    if cosine < SECOND_READER_COSINE or agreed is None or (fits is not None and not fits(agreed)):
        return None
    lifted = [dataclasses.replace(c, coverage=max(c.coverage, COVERED),
                                  score=c.score + 100.0 * max(0.0, COVERED - c.coverage))
              if c.document.id == sheet and c.coverage >= SECOND_READER_COVERAGE else c for c in scored]
    lifted.sort(key=lambda c: -c.score)
    return lifted


_NUMBER = re.compile(r"\d")


def _holds_the_fact(index: CorpusIndex, reading: Reading, query: _Query, doc: DocumentRecord) -> bool:
    """Whether a sheet (its title, lead or any initiative) has the word a question after a date, a person or a place
    asks about — the topic's first word, right after the question's own words ("whens the deadline for troops
    discharged over the covid vaccine to ask to be reinstated") — and every number of the topic as written. A sheet
    on the topic that never says the deadline, or is on the 2028 games when 2032 is asked, does not answer it, however
    close in meaning (round 55c)."""
    position = index._doc_row.get(doc.id)
    if position is None or not reading.topic:
        return False
    lo, hi = index.columns.ini_range[position], index.columns.ini_range[position + 1]
    title = set(_sheet_title_terms(index, doc))
    lead = {w for _, words in _lead_passages(index, doc) for w in words}
    terms = index.columns.fields.terms
    for group in query.groups:
        if _NUMBER.search(group.word):  # a number is itself: "2032" is no typo of "2022"
            exact = {tid: sim for tid, sim in group.terms.items() if terms[tid] == group.word}
            if not _sheet_uses(index, dataclasses.replace(group, terms=exact), lo, hi, title, lead):
                return False
        elif group.word == reading.topic[0] and not _sheet_uses(index, group, lo, hi, title, lead):
            return False
    return True


def answer(index: CorpusIndex, reading: Reading, *, limit: int = 6,
           second_reader: SheetReader | None = None) -> Answer:
    """The initiatives, fact sheets and figures that answer ``reading``, or why nothing does.

    With a ``second_reader``, a question about what was done or which sheets, that the word index leaves uncovered,
    may still be answered where the sentence model agrees on the sheet (``_second_reading``)."""
    result = Answer(reading=reading, covered=False)
    if reading.intent == NONE:
        result.reason = "out of scope"
        return result
    if not reading.topic or not index.documents:
        result.reason = "no topic" if index.documents else "empty library"
        return result
    doc_filter = index.find_document(reading.document) if reading.document else None
    result.document_filter = doc_filter

    fields = index.columns.fields
    query = _query(fields, reading)
    # The vocabulary is the initiatives' words: a name a sheet says only in its lead ("the earned pensions of bakery
    # workers at the Hershey plant") is in none of them, and must still be found when the lead is read (fortieth round)
    query.lead_only = frozenset(w for w in reading.topic if w not in fields.vocab and not w.isdigit() and len(w) >= 3)
    start, end = reading.window()
    lo_doc, hi_doc = _document_range(index, start, end)
    if doc_filter is not None:
        n = index._doc_row[doc_filter.id]
        lo_doc, hi_doc = n, n + 1
    ini_lo, ini_hi = index.columns.ini_range[lo_doc], index.columns.ini_range[hi_doc]

    found = _score_initiatives(index, reading, query, ini_lo, ini_hi, (lo_doc, hi_doc))
    scored, figures, best_coverage = _with_figures(index, reading, found, lo_doc, hi_doc)
    rescued = False
    pick = (functools.cache(functools.partial(second_reader.best_initiative, reading.text))
            if second_reader is not None else None)
    if best_coverage < COVERED and pick is not None and (reading.intent in SECOND_READER_INTENTS
                                                          or reading.intent in SECOND_READER_FACTS):
        fits = (functools.partial(_holds_the_fact, index, reading, query)
                if reading.intent in SECOND_READER_FACTS else None)
        lifted = _second_reading(pick, found, fits)
        if lifted is not None:
            rescued = True
            scored, figures, best_coverage = _with_figures(index, reading, lifted, lo_doc, hi_doc)
    recalled_period = ""
    if best_coverage < COVERED and doc_filter is None:
        recalled = _recalled_later(index, reading, query, start, end)
        if recalled is not None:
            later, lo_doc, hi_doc, recalled_period = recalled
            scored, figures, best_coverage = _with_figures(index, reading, later, lo_doc, hi_doc)
            on_them = {c.document.id for c in later}
            figures = [f for f in figures if f.document.id in on_them]
    if best_coverage < COVERED:
        result.leads = [c for c in scored if c.coverage >= LEAD][:3]
        if not result.leads and pick is not None:
            result.leads = _meaning_lead(index, pick, lo_doc, hi_doc)
        result.reason = _not_covered_reason(index, reading, query, start, end, doc_filter)
        return result
    if reading.state:
        scored = _state_first(reading, scored)
    if reading.state and not _state_ok(reading, scored, figures) and not _state_in_lead(index, reading, scored):
        result.reason = f"state: nothing on this names {reading.state}"
        result.leads = scored[:3]
        return result

    # (a money question keeps its answer: its figures are listed with the `agency` hedge, which says why)
    if reading.agency and reading.intent != FUNDING and not _agency_ok(index, reading, scored):
        result.reason = f"agency: nothing on this names {reading.agency}"
        result.leads = scored[:3]
        return result

    share_unsaid = (reading.intent != FUNDING and bool(_SHARE_ASKED.search(reading.text))
                    and not _count_said(scored, _SHARE_SAID))
    if share_unsaid or (reading.intent != FUNDING and _COUNT_ASKED.search(reading.text) and not _count_said(scored)):
        # "how many ppl are supposed to sit on each agency's strategic hiring committee": the sheet on the committee
        # says who sits on it, never how many; a question after a count that no passage holding the topic gives a
        # number for is not answered, as a money question with no dollar figure is not (round 57c); nor one after a
        # share ("what tariff % is trump putting on imported jet engines") that no such passage gives a percentage for
        result.leads = [c for c in scored if c.coverage >= LEAD][:3]
        result.reason = NO_SHARE_REASON if share_unsaid else NO_COUNT_REASON
        if result.leads:
            result.passage = _best_passage(index, reading, query, result.leads[0])
        return result

    if reading.intent != FUNDING:
        scored = _recalled_first(_recalled_lead(index, query, scored, lo_doc, hi_doc))
    if reading.intent == WHEN:
        scored = _dated_first(scored)
    # what holds the topic as well as the best does: a figure beside a passage holding less of it, when the passage
    # holding the most gives no amount, is said for something else (round 55c; ``_figure_on_topic``)
    covering = ({c.initiative.id for c in scored if c.coverage >= max(COVERED, best_coverage - COVERING_BELOW_BEST)}
                if reading.intent == FUNDING else set())
    revenue_asked = reading.intent == FUNDING and bool(_REVENUE_ASKED.search(reading.text))
    context_asked = bool(_UNIT_ASKED.search(reading.text) or _SAVING_ASKED.search(reading.text))
    if reading.intent == FUNDING and not any(_figure_on_topic(f, covering, context_asked)
                                             and _answers_revenue(f, revenue_asked) for f in figures):
        # The sheets hold the topic but no dollar figure is said for it ("how much did the parade cost"): the library
        # does not answer how much. Said not covered, with the passage on the topic and its initiatives as leads.
        result.leads = [c for c in scored if c.coverage >= LEAD][:3]
        result.reason = NO_FIGURE_REASON
        if result.leads:
            result.passage = _best_passage(index, reading, query, result.leads[0])
        return result

    result.covered = True
    result.second_reader = rescued
    result.recalled_later = recalled_period
    result.candidates = [c for c in scored if c.coverage >= LEAD][:limit]
    result.figures = figures
    result.documents = _documents(index, reading, query, result.candidates, lo_doc, hi_doc)
    top = result.candidates[0] if result.candidates else None
    if reading.intent == FUNDING and figures and figures[0].coverage >= COVERED:
        result.hedge = _hedge(figures, reading, index)
        if result.hedge == HEDGE_KIND:
            figures = result.figures = _announced_first(figures)
            result.hedge = _hedge(figures, reading, index)
        elif result.hedge == HEDGE_WEAK:
            yielded = _said_for_first(figures)
            if yielded is not figures:
                figures = result.figures = yielded
                result.hedge = _hedge(figures, reading, index, passed_over=yielded[1])
        if (result.hedge in (HEDGE_KIND, HEDGE_WEAK) and not context_asked and not revenue_asked
                and all(f.record.kind in _CONTEXT_ONLY or _said_as_a_count(f) or _economic_effect(f, reading)
                        for f in figures if f.coverage >= COVERED)):
            # every amount said for the topic is a price, a rate or a statistic, and none is what was asked ("how much
            # did the tax credit end up costing": "a paid leave tax credit will offset up to $511 a day"): the library
            # says no sum for it (round 54m). Not an estimate: "how much will the initiative bring in" is answered by
            # what it "is expected to catalyze" (round 50h), unless it is said as a count of what happened (round 55c)
            return _only_context(result, scored, figures[0])
        result.passage = figures[0].record.sentence
        result.figure_sure = not result.hedge
    elif top is not None:
        result.passage = _best_passage(index, reading, query, top)
        if reading.intent in (INITIATIVES, WHO, WHERE, WHEN) and (not top.lead or _REFERS_TO_ACT.match(top.lead)):
            # found by the sentence model, whose words hold too little of the topic to weigh a lead passage by: the
            # sheet's act is what was done (round 55s)
            result.passage = _act_in_lead(index, query, top.document, share=0.0 if rescued else ACT_LEAD_SHARE) \
                or result.passage
    if (reading.intent == WHERE and top is not None
            and not _places_in(result.passage) and not _places_in(top.initiative.text)):
        # "which state did harris visit to announce …": an answer that names no place quotes where the lead says it
        # happened (round 55s)
        result.passage = _place_in_lead(index, query, top.document) or result.passage
    if top is not None and reading.intent in (INITIATIVES, WHERE):
        result.overview = _overview(index, top, result.candidates)
    if reading.intent == WHO and top is not None:
        result.facts = _agencies_in(" ".join([result.passage, top.initiative.text]))
    elif reading.intent == WHERE and top is not None:
        result.facts = _places_in(top.initiative.text) or _places_in(result.passage)
    return result


# A question after a count ("how many people …", "how many countries signed"): a number answers it (round 57c).
_COUNT_ASKED = re.compile(r"\bhow\s+many\b", re.IGNORECASE)
# A number as the sheets write one: in digits, or in words ("two primary copper smelters", "a dozen states").
_NUMBER_SAID = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
                          r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty"
                          r"|ninety|hundreds?|thousands?|millions?|billions?|dozens?|single|both|half|double|twice"
                          r"|triple|quadruple)\b", re.IGNORECASE)
COUNT_SHEETS = 5  # candidates holding the topic read for a number, best first


# A question after a share ("what % of …", "what tariff percent …"): a percentage answers it (round 62).
_SHARE_ASKED = re.compile(r"\bwhat\s+(?:[a-z]+\s+)?(?:%|percent(?:age)?\b)", re.IGNORECASE)
_SHARE_SAID = re.compile(r"\d\s*%|\bper\s*cent\b|\bpercent(?:age)?\b|\bhalf\b", re.IGNORECASE)


def _count_said(scored: list[Candidate], said: re.Pattern[str] = _NUMBER_SAID) -> bool:
    """Whether a passage holding the topic (the first ``COUNT_SHEETS`` candidates that do: the initiative, or the lead
    that raised it) says a number (or, with ``said``, a share), which a question after a count (or a share) needs."""
    holding = [c for c in scored if c.coverage >= COVERED][:COUNT_SHEETS]
    return any(said.search(f"{c.initiative.title}\n{c.initiative.text}\n{c.lead}") for c in holding)


# A question after a price or an amount per person, per month, per dose …: a price or a per-unit amount answers it.
# What something costs someone to do, and how far a sum fell or rose, are a price and a statistic too (61st round:
# "what does it cost agencies to get stuff published", "medical debt in collections dropped by how much").
# A question after what something saves ("how much wouldve the fy24 budget saved by closing …"): an estimate of savings
# answers it (65th round); not daylight saving time
_SAVING_ASKED = re.compile(r"\bsav(?:e|es|ed|ing|ings)\b(?!\s+time\b)", re.IGNORECASE)
_UNIT_ASKED = re.compile(r"\b(?:prices?|priced|per|each|apiece|a\s+(?:day|week|month|year|dose|gallon|barrel|person|family"
                         r"|household|student|worker)|caps?|capped|copays?|premiums?|rates?|fees?)\b"
                         r"|\bwhat\s+(?:does|did|will|would)\s+it\s+cost\b|" + CHANGE_ASKED, re.IGNORECASE)


def _only_context(result: Answer, scored: list[Candidate], lead: Figure) -> Answer:
    """Not covered: the amounts on the topic are context (``ONLY_CONTEXT_REASON``); the first is quoted with the
    candidates as leads."""
    result.covered = False
    result.reason = ONLY_CONTEXT_REASON
    result.leads = [c for c in scored if c.coverage >= LEAD][:3]
    result.passage = lead.record.sentence
    result.candidates, result.figures, result.documents, result.hedge = [], [], [], ""
    return result


COVERING_BELOW_BEST = 0.1  # an initiative within this of the best candidate's share still holds the topic as well


# A question after what the government takes in (61st round): revenue, what a tax, a tariff or a sale brings in or
# raises, what was made selling something. Not what a programme brings in from others ("how much private money is
# the initiative supposed to bring in": money it mobilizes).
_REVENUE_ASKED = re.compile(r"\brevenues?\b|\b(?:make|makes|made|making|earn\w*)\s+(?:from\s+)?(?:selling|the\s+sales?)\b"
                            r"|\b(?:tax|taxes|tariffs?|fees?|sales?|auctions?|fines?)\b[^?]{0,80}?\b(?:bring(?:s|ing)?\s+in"
                            r"|brought\s+in|raise[sd]?|raising|generat\w*|collect\w*)\b", re.IGNORECASE)
# A figure's sentence that says money taken in.
_REVENUE_SAID = re.compile(r"\brevenues?\b|\bproceeds\b|\breceipts\b|\bbr(?:ing|ings|inging|ought)\s+in\b|\bwinning\s+bids\b"
                           r"|\bsold\s+for\b|\b(?:raise[sd]?|raising|generat\w*|collect\w*|earn\w*|(?:take|takes|took|taken)\s+in)"
                           r"\s+(?:(?:about|over|more\s+than|nearly|roughly|approximately|an\s+estimated|up\s+to)\s+)?(?:US)?\$",
                           re.IGNORECASE)


def _answers_revenue(figure: Figure, revenue_asked: bool) -> bool:
    """The figure may answer a question after revenue (``_REVENUE_ASKED``, read once per question): its sentence says
    money taken in. Any figure may answer any other question. A sheet on the tariffs that gives what they drew in
    investment, or on the oil sale that gives a price per gallon, says nothing of what they brought in."""
    return not revenue_asked or bool(_REVENUE_SAID.search(figure.record.sentence))


def _figure_on_topic(figure: Figure, covering: set[int], context_asked: bool = False) -> bool:
    """A figure that may answer how much: its words hold the topic (``COVERED``), or it holds half of it (``LEAD``) and
    stands in an initiative that holds the whole topic ("Canal lining in Arizona. … Totaling approximately $107
    million", at 0.72 of "canal lining water savings contracts in arizona"). Not a figure of another sheet or
    initiative that holds some of the topic while what holds all of it gives no figure: "the dollar value of the
    vietnam airlines boeing order" (the Vietnam sheet names the order but no value) is not answered by the $36 billion
    of Korean Air's Boeing order (round 54m). A price, a rate or a saving may answer only where the question asks for
    one (``context_asked``)."""
    if figure.coverage >= COVERED:
        return True
    if figure.coverage < LEAD or (figure.record.kind in _NOT_MONEY and not context_asked):
        return False  # nor an income line, a price or a statistic that holds only some of it, unless a price, a rate
        # or a saving is what is asked ("how much can women save per cycle on fertility drugs": "estimates women can
        # save up to $2,200 per cycle", at 0.67 of the topic; 65th round)
    return figure.record.initiative_id in covering


def _meaning_lead(index: CorpusIndex, pick: ModelsPick, lo_doc: int, hi_doc: int) -> list[Candidate]:
    """When the words offer no lead, the initiative closest in meaning, if the model finds one close (cosine at least
    ``SECOND_READER_COSINE``) within the question's dates and sheet: offered as a lead, never as the answer."""
    initiative_id, sheet, cosine = pick()
    initiative, doc = index.initiative(initiative_id), index.document(sheet)
    row = index._doc_row.get(sheet)
    if cosine < SECOND_READER_COSINE or initiative is None or doc is None or row is None or not lo_doc <= row < hi_doc:
        return []
    return [Candidate(initiative, doc, coverage=0.0, score=0.0, why="closest in meaning (sentence model)")]


def _with_figures(index: CorpusIndex, reading: Reading, found: list[Candidate], lo_doc: int,
                  hi_doc: int) -> tuple[list[Candidate], list[Figure], float]:
    """The candidates in answer order, a money question's figures, and the best coverage, which decides whether the
    library covers the question."""
    scored = _earliest_first(found) if reading.earliest else found
    figures: list[Figure] = []
    if reading.intent == FUNDING:
        figures = _without_copies(_score_figures(index, reading, lo_doc, hi_doc, scored))
    # a figure's own evidence ranks it among the figures, but whether the library covers the question is decided by
    # what found the candidates, as before: spelled-out acronyms do not turn "not covered" into an answer
    first_found = max(figures, key=lambda f: f.score - 100.0 * (f.coverage - f.found), default=None)
    best_coverage = max([c.coverage for c in scored[:1]] + [first_found.found if first_found else 0.0] + [0.0])
    return scored, figures, best_coverage


def _address_slug(url: str | None) -> str:
    """The last part of a page's address ("fact-sheet-biden-harris-administration-delivers-new-memorandum-…"), which
    names the page whichever site (the White House's or its archive) serves it; "" when too short to name one."""
    slug = (url or "").split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1].lower()
    return slug if len(slug) >= 20 else ""


# A time said in a passage: a month, a year, a weekday, "until", "by the end of", "within 90 days", "mid-September".
_TIME_SAID = re.compile(r"\b(?:jan(?:uary)?|feb(?:ruary)?|march|april|june|july|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?"
                        r"|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
                        r"|(?:19|20)\d\d|until|through|deadline|within\s+\d+\s+(?:days|months|years|weeks)"
                        r"|by\s+the\s+end\s+of|beginning|starting)\b", re.IGNORECASE)


def _dated_first(scored: list[Candidate]) -> list[Candidate]:
    """A question after when: the first candidate says no time, another of its sheet that holds the topic nearly as
    well says one ("till when were lyft and uber doing free rides": "… run until July 4"): that one goes first, as
    the passage that answers when (65th round)."""
    def says_time(c: Candidate) -> bool:
        return bool(_TIME_SAID.search(f"{c.initiative.title}\n{c.initiative.text}"))

    if not scored or says_time(scored[0]):
        return scored
    top = scored[0]
    for n, c in enumerate(scored[1:], 1):
        if (c.document.id == top.document.id and c.coverage >= max(COVERED, top.coverage - COVERING_BELOW_BEST)
                and says_time(c)):
            return [c, *scored[:n], *scored[n + 1:]]
    return scored


def _recalled_first(scored: list[Candidate]) -> list[Candidate]:
    """When the first candidate links to another sheet among the candidates ("Last month, 12 federal agencies signed a
    [new Memorandum of Agreement](…/2022/10/07/fact-sheet-…-delivers-new-memorandum-of-agreement-…)"), it recalls what
    that sheet announced: the linked sheet's best candidate, if it holds the topic, goes first, as the sheet with who
    did it, where and when (round 55s)."""
    linked = _linked_slugs(scored[0]) if scored else set()
    n = _linked_candidate(scored, linked) if linked else None
    return scored if n is None else [scored[n], *scored[:n], *scored[n + 1:]]


def _linked_slugs(candidate: Candidate) -> set[str]:
    """The address slugs of the pages a candidate's text links to."""
    return {slug for link in candidate.initiative.links if (slug := _address_slug(link.url))}


def _linked_candidate(scored: list[Candidate], linked: set[str]) -> int | None:
    """The position of the first candidate after the first that holds the topic on another sheet the first links to."""
    top = scored[0]
    for n, c in enumerate(scored[1:], 1):
        if (c.coverage >= COVERED and c.document.id != top.document.id
                and _address_slug(c.document.source_url) in linked):
            return n
    return None


_SHEETS_BY_SLUG: weakref.WeakKeyDictionary[CorpusIndex, dict[str, DocumentRecord]] = weakref.WeakKeyDictionary()


def _sheets_by_slug(index: CorpusIndex) -> dict[str, DocumentRecord]:
    """The library's sheets by the last part of their address, read once per index."""
    found = _SHEETS_BY_SLUG.get(index)
    if found is None:
        found = {slug: doc for doc in index.documents if (slug := _address_slug(doc.source_url))}
        _SHEETS_BY_SLUG[index] = found
    return found


def _recalled_lead(index: CorpusIndex, query: _Query, scored: list[Candidate], lo_doc: int,
                   hi_doc: int) -> list[Candidate]:
    """When the first candidate links to a sheet of the library that is no candidate, because what it announced is
    said only in its lead ("[Signed an Executive Order that sets an ambitious target to make half of all new vehicles
    sold in 2030 zero-emissions](…/2021/08/05/fact-sheet-…-clean-cars-and-trucks/)", recalled in a later sheet), and
    that lead holds the topic as well: the linked sheet goes first, quoting its lead (57th round)."""
    linked = _linked_slugs(scored[0]) if scored else set()
    if not linked or _linked_candidate(scored, linked) is not None:
        return scored  # none, or a candidate already (``_recalled_first``)
    top = scored[0]
    by_slug = _sheets_by_slug(index)
    for slug in sorted(linked):
        doc = by_slug.get(slug)
        position = index._doc_row.get(doc.id) if doc is not None else None
        if doc is None or position is None or not lo_doc <= position < hi_doc or doc.id == top.document.id:
            continue
        value, passage = _lead_passage(index, query, doc)
        initiatives = index.initiatives_of(doc.id)
        if passage and initiatives and value >= COVERED:  # the link says it is the same act: the lead need only hold it
            return [Candidate(initiatives[0], doc, round(value, 3), top.score, "recalled by the first sheet, its lead "
                              "holds the topic", lead=passage, lead_coverage=round(value, 3)), *scored]
    return scored


EARLIEST_MARGIN = 3.0  # score points within which "the first …" puts the oldest sheet first


def _earliest_first(scored: list[Candidate]) -> list[Candidate]:
    """"Biden's first national monument": of the candidates that hold the topic as well as the best one and
    score within ``EARLIEST_MARGIN`` of it, the oldest sheet's comes first."""
    if not scored:
        return scored
    best = scored[0]
    level = [c for c in scored if c.coverage >= best.coverage - 0.005 and c.score >= best.score - EARLIEST_MARGIN]
    chosen = {id(c) for c in level}
    level.sort(key=lambda c: (c.document.date or dt.date.max).toordinal())
    return level + [c for c in scored if id(c) not in chosen]


def _blocked(query: _Query, raw: str) -> set[int]:
    """Topic words written in capitals ("SAVE") that this text never writes so: not found here."""
    return {n for n in query.capitals if not re.search(rf"\b{re.escape(query.groups[n].word.upper())}\b", raw)}


def _hint_in(reading: Reading, title: str) -> bool:
    words = tokens(fold(title))
    return any(word.startswith(hint) for hint in reading.hints for word in words)


HEADING_WORDS_MAX = 8  # a section longer than this is a lead-in sentence ("Today, the Administration is …"), not a heading


def _heading_words(section: str | None) -> dict[str, None]:
    """The words of the heading an initiative sits under ("SAVING TIKTOK FROM GOING DARK"), when it is one."""
    words = tokens(fold(section)) if section else []
    return dict.fromkeys(words) if 0 < len(words) <= HEADING_WORDS_MAX else {}


def _address_agrees(doc: DocumentRecord) -> float:
    """How much of the sheet's title its address (file name) repeats: of two copies of one sheet (a page
    published again under another page's address), the one whose address names what it says comes first."""
    return _address_agreement(doc.path, doc.title)


@functools.lru_cache(maxsize=8192)
def _address_agreement(path: str, title_text: str) -> float:
    """Cached per title and address: every ranking sorts its candidates by it, and folding both is what it costs."""
    slug = set(tokens(fold(path.rsplit("/", 1)[-1].replace("-", " "))))
    title = [w for w in tokens(fold(title_text)) if w not in STOPWORDS]
    return sum(w in slug for w in title) / len(title) if title else 1.0


@functools.lru_cache(maxsize=64)
def _speaker_pattern(speakers: tuple[str, ...]) -> re.Pattern[str]:
    names = "|".join(re.escape(name) for name in speakers)
    return re.compile(rf"(?<![\w\-\u2010\u2011\u2060])(?:{names})(?![\w\-\u2010\u2011\u2060’'])", re.IGNORECASE)


def _by_speaker(reading: Reading, doc: DocumentRecord) -> bool:
    """The sheet's title names the person the question says acted, on their own ("Vice President Harris
    Announces …"; "Biden-Harris Administration" names the administration, not her)."""
    return bool(reading.speakers) and _speaker_pattern(reading.speakers).search(doc.title) is not None


# When the people a question says acted held office (thirtieth round): "how much did trump give …" is not answered by
# a figure of a sheet from Biden's term, nor "what did biden …" by one from Trump's.
_BIDEN_TERM = ((dt.date(2021, 1, 20), dt.date(2025, 1, 19)),)
_IN_OFFICE: dict[str, tuple[tuple[dt.date, dt.date], ...]] = {
    "biden": _BIDEN_TERM, "harris": _BIDEN_TERM, "emhoff": _BIDEN_TERM,
    "trump": ((dt.date(2017, 1, 20), dt.date(2021, 1, 19)), (dt.date(2025, 1, 20), dt.date.max)),
    "vance": ((dt.date(2025, 1, 20), dt.date.max),),
}
_NOT_A_PERSON = re.compile(r"\bharris\s+county\b", re.IGNORECASE)
_UNDONE = re.compile(r"\bhappen\w*\s+to\b|\b(?:revok|rescind|repeal|cancel|revers|undo|undid|scrap|overturn|terminat"
                     r"|end(?:s|ed|ing)?\b|roll\w*\s+back|stop|kill|gut|dismantl)\w*", re.IGNORECASE)
OUT_OF_OFFICE_PENALTY = 12.0  # points a figure of a sheet from outside the named person's time in office loses


def _out_of_office(reading: Reading, doc: DocumentRecord) -> bool:
    """The sheet is dated outside the time in office of every person the question says acted."""
    terms = _terms_of_those_who_acted(reading.text, reading.speakers)
    return bool(terms) and doc.date is not None and not any(start <= doc.date <= end for start, end in terms)


@functools.lru_cache(maxsize=256)
def _terms_of_those_who_acted(text: str, speakers: tuple[str, ...]) -> tuple[tuple[dt.date, dt.date], ...]:
    """When the people the question says acted held office; none when it names no one, someone whose terms are not
    known, or a person only as whose thing was undone ("what happened to biden's student loan plan", "was biden's rule
    revoked": a later sheet may say so; "trump's fy25 budget" is his own). Read once per question, not per figure."""
    if not speakers or _NOT_A_PERSON.search(text) or any(speaker not in _IN_OFFICE for speaker in speakers):
        return ()
    lowered = text.lower()
    if _UNDONE.search(lowered) and not any(re.search(rf"\b{speaker}\b(?!['’]?s\b)", lowered) for speaker in speakers):
        return ()
    return tuple(term for speaker in speakers for term in _IN_OFFICE[speaker])


_SENTENCE_END = re.compile(r"[.!?][\"”’)]?$")


def _lead_paragraphs(index: CorpusIndex, doc: DocumentRecord) -> list[str]:
    """The sheet's lead: what it says before its first initiative ("Today, the Department of Defense
    released a new report …"). Sheets announce and summarise there, in no list item /initiative shows."""
    text = lead_text(doc.opening, index.first_initiative_title(doc.id))
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


_LEAD_HEADING_WORDS = 8  # a heading of at most this many content words is the context of the lead paragraph after it
# Per index, each sheet's lead as passages of two consecutive sentences, with their content words.
_LEAD_PASSAGES: weakref.WeakKeyDictionary[CorpusIndex, OrderedDict[int, list[tuple[str, list[str]]]]] = (
    weakref.WeakKeyDictionary())


# A name a sheet gives a thing for short, in quotes in brackets after its full name: "President Biden ordered the
# formation of the Equitable Data Working Group (“Working Group”)".
_SHORT_NAME = re.compile(r"((?:[A-Z][\w’'&-]*\s+(?:(?:of|and|for|the|on|in|to|&)\s+)*){2,8})\(\s*[“\"]([A-Z][\w’' &-]{2,40}?)"
                         r"[”\"]\s*\)")


def _short_names(text: str) -> dict[str, str]:
    """Short names a text defines → the full names they stand for, when the short name is some of the full name's
    words ("Working Group" for "Equitable Data Working Group"): a lead names a thing once in full and then by its short
    name ("The Working Group, chaired by …"), as it does by its acronym (``_with_names``; round 58l)."""
    found: dict[str, str] = {}
    for match in _SHORT_NAME.finditer(text):
        full, short = " ".join(match.group(1).split()), " ".join(match.group(2).split())
        full_words, short_words = tokenize(full), tokenize(short)
        if len(full_words) > len(short_words) and set(short_words) <= set(full_words):
            found.setdefault(short, full)
    return found


def _lead_passages(index: CorpusIndex, doc: DocumentRecord) -> list[tuple[str, list[str]]]:
    """Two consecutive sentences of one lead paragraph each (one when it has one): a lead's sentence says
    what is announced and the next one often what it is called. Headings are not passages, but a short heading right
    before a paragraph ("PROHIBITING POLITICIZED OR UNLAWFUL DEBANKING", then "Today, President Donald J. Trump
    signed an Executive Order to ensure …") names what the paragraph's first sentences are about, as a heading an
    initiative sits under is its title: its words are read before them."""
    def work_out() -> list[tuple[str, list[str]]]:
        found: list[tuple[str, list[str]]] = []
        paragraphs = _lead_paragraphs(index, doc)
        joined = "\n".join(paragraphs)
        names = _spelled_out(_acronym_names(joined))
        short_full = _short_names(joined)
        short = re.compile("|".join(rf"\b{re.escape(name)}\b" for name in short_full)) if short_full else None
        heading: list[str] = []
        for paragraph in paragraphs:
            sentences = [s.strip() for s in _SENTENCE.split(paragraph) if s.strip()]
            words = [t for t in tokenize(paragraph) if t not in STOPWORDS]
            # a paragraph that ends introducing a list ("… new actions to lessen the burden of medical debt. Together,
            # these actions will help:") is prose when it is longer than a heading (twenty-seventh round)
            if not sentences or not (_SENTENCE_END.search(sentences[-1])
                                     or (sentences[-1].endswith(":") and len(words) > _LEAD_HEADING_WORDS)):
                heading = words if len(words) <= _LEAD_HEADING_WORDS else []
                continue  # a heading, not prose
            for n in range(max(1, len(sentences) - 1)):
                passage = " ".join(sentences[n:n + 2])
                said = short.sub(lambda m: short_full[m.group(0)], passage) if short is not None else passage
                words = ([] if n else heading) + [t for t in tokenize(said) if t not in STOPWORDS]
                found.append((passage, _with_names(words, names) if names else words))
            heading = []
        return found
    return _per_sheet(_LEAD_PASSAGES, index, doc.id, work_out)


SHEET_CONTEXT_SHARE = 0.5  # a topic word found only elsewhere in an initiative's sheet (lead, headings) counts this much
_SHEET_CONTEXT_ROWS = 60  # headings read per sheet (a table of thousands of rows names no occasion)
_SHEET_CONTEXT: weakref.WeakKeyDictionary[CorpusIndex, OrderedDict[int, frozenset[str]]] = weakref.WeakKeyDictionary()


CONTEXT_FROM = 0.7  # ... for a text that holds at least this share of the bar (0.52) of a topic of three words or more
CONTEXT_WORDS_MIN = 3


def _context_may_cover(query: _Query, coverage: float) -> bool:
    """Whether a text's sheet may make it hold the topic: it holds most of it already, and the topic has enough words
    that one found elsewhere in the sheet is not half of it ("tiny homes": "homes" here, "tiny" somewhere else)."""
    return COVERED * CONTEXT_FROM <= coverage < COVERED and len(query.groups) >= CONTEXT_WORDS_MIN


class _SheetContext:
    """The words a sheet says around its initiatives: its lead's words, and the title words of its first
    ``_SHEET_CONTEXT_ROWS`` initiatives. Only asked whether it holds a topic word, so the titles are looked up in
    the word index (a word's title rows, one bisection) instead of being folded and split sheet by sheet, which
    at 50,000 sheets was a third of a slow question's time."""

    __slots__ = ("_end", "_fields", "_lead", "_lo")

    def __init__(self, lead: frozenset[str], fields: FieldIndex, lo: int, end: int) -> None:
        self._lead, self._fields, self._lo, self._end = lead, fields, lo, end

    def __bool__(self) -> bool:
        return bool(self._lead) or self._end > self._lo

    def __contains__(self, word: object) -> bool:
        if word in self._lead:
            return True
        tid = self._fields.vocab.get(word) if isinstance(word, str) else None
        return tid is not None and self._fields.has_title_between(tid, self._lo, self._end)


def _sheet_context(index: CorpusIndex, doc: DocumentRecord) -> _SheetContext:
    """The words a sheet says around its initiatives: its lead and the titles of its initiatives."""
    n = index._doc_row[doc.id]
    lo, hi = index.columns.ini_range[n], index.columns.ini_range[n + 1]
    lead = _per_sheet(_SHEET_CONTEXT, index, doc.id,
                      lambda: frozenset(w for _, passage in _lead_passages(index, doc) for w in passage))
    return _SheetContext(lead, index.columns.fields, lo, min(hi, lo + _SHEET_CONTEXT_ROWS))


def _sheet_title_terms(index: CorpusIndex, doc: DocumentRecord) -> tuple[str, ...]:
    """A sheet's title terms as an initiative's title reads them (acronyms expanded)."""
    return _title_terms_at(index, index._doc_row[doc.id])


_SHEET_TITLE_TERMS: weakref.WeakKeyDictionary[CorpusIndex, OrderedDict[int, tuple[str, ...]]] = weakref.WeakKeyDictionary()


def _title_terms_at(index: CorpusIndex, position: int) -> tuple[str, ...]:
    """The title terms of the sheet at ``position`` (its row), from the title the index folded once when it was
    built, with the short forms of the names it spells out ("Liquefied Natural Gas" is also "lng"). Kept per sheet:
    every candidate of a sheet reads its title, and finding the short forms is what it costs."""
    return _per_sheet(_SHEET_TITLE_TERMS, index, position,
                      lambda: tuple(index._title_terms_of(index.columns.doc_titles_folded[position])))


def _holds_with_sheet_context(index: CorpusIndex, query: _Query, doc: DocumentRecord, title: dict[str, None],
                              body: Sequence[str], terms: list[str],
                              blocked: set[int] = frozenset()) -> bool:  # type: ignore[assignment]  # read only
    """A text holds the topic once what its sheet says elsewhere (its lead, the headings of its initiatives) counts
    at half the weight, with the sheet's title at 0.9 of it: the occasion it was announced at, the program it belongs
    to are said once for all."""
    return SHEET_TITLE_SHARE * _coverage(query, title, body, terms, blocked, _sheet_context(index, doc),
                                         SHEET_CONTEXT_SHARE) >= COVERED


def _lead_passage(index: CorpusIndex, query: _Query, doc: DocumentRecord, *,
                  titled: bool = False) -> tuple[float, str]:
    """(share of the topic, passage) for the best passage of the sheet's lead, the first of equals. With ``titled``
    the sheet's title is the passage's context, as it is each initiative's (what it finds counts 0.9)."""
    terms = index.columns.fields.terms
    sheet_title = dict.fromkeys(_sheet_title_terms(index, doc))
    title = sheet_title if titled else {}
    best, best_value = "", 0.0
    for passage, words in _lead_passages(index, doc):
        value = _coverage(query, {}, words, terms)
        if title and value < SHEET_TITLE_SHARE:
            value = max(value, SHEET_TITLE_SHARE * _coverage(query, title, words, terms))
        if _context_may_cover(query, value) and _holds_with_sheet_context(index, query, doc, sheet_title, words, terms):
            value = COVERED  # the sheet's context, as for an initiative
        if query.common and value > 0 and not _adjacent(query, (), words, terms):
            value *= COMMON_APART  # only common words, never side by side: as for an initiative
        if value > best_value + 1e-9:
            best, best_value = passage, value
    return best_value, best


# The act a sheet's lead reports: an order, a memorandum or a proclamation signed, a rule issued.
_ACT = re.compile(r"\b(?:signed|signs|will\s+sign|issued|issues|issuing|finaliz\w+)\b[^.]{0,80}\b(?:Executive\s+Orders?|"
                  r"(?:Presidential\s+)?Memorand(?:um|a)|Proclamations?|proclamations?|rules?|Orders?)\b"
                  # new actions announced ("the Administration is announcing new actions to …"; twenty-seventh round)
                  r"|\b(?:announc\w*|unveil\w*|launch\w*|tak(?:e|es|ing))\s+(?:a\s+(?:set|series|slate)\s+of\s+|several\s+"
                  r"|)(?:new\s+|additional\s+|further\s+|key\s+|bold\s+|historic\s+)?(?:actions|steps|measures|reforms)\b")


# A lead passage that refers back to the act its lead reported before ("This E.O. provides strengthened authorities …",
# "The Order directs …"): the act itself is said in an earlier passage, which is what a who / what / when question is
# answered with (twenty-eighth round).
_REFERS_TO_ACT = re.compile(r"\s*(?:This|The|These|That)\s+(?:E\.\s?O\.|EO\b|Executive\s+Orders?|Orders?\b|Proclamations?"
                            r"|(?:Presidential\s+)?Memorand(?:um|a)|Memo\b|Rules?\b|Final\s+Rules?)")


def _act_in_lead(index: CorpusIndex, query: _Query, doc: DocumentRecord, share: float = ACT_LEAD_SHARE) -> str:
    """The passage of a sheet's lead that reports what was done ("Today, President Donald J. Trump signed an Executive
    Order establishing the Religious Liberty Commission"), when it holds at least ``share`` (``ACT_LEAD_SHARE``) of the
    topic read with the sheet's title: a question on who, where, when or what about a sheet's action is answered by its
    initiative, and the lead says which act that initiative belongs to. The first such passage of the lead; quoted
    only, the order of the candidates is left as it is. Without the floor a lead reporting another act of the same
    sheet ("signed a Proclamation imposing a temporary import duty" for the de minimis suspension) is quoted."""
    return _first_lead_passage(index, query, doc, lambda passage: bool(_ACT.search(passage)), share)


def _place_in_lead(index: CorpusIndex, query: _Query, doc: DocumentRecord) -> str:
    """The first passage of a sheet's lead that names a state and holds at least ``LEAD`` of the topic read with the
    sheet's title: a "where" question whose answer names no place is answered by where the lead says it happened
    ("… will travel to Bowie, Maryland, today to announce …"), round 55s."""
    return _first_lead_passage(index, query, doc, lambda passage: bool(_places_in(passage)), LEAD)


def _first_lead_passage(index: CorpusIndex, query: _Query, doc: DocumentRecord, wanted: Callable[[str], bool],
                        share: float) -> str:
    """The first passage of a sheet's lead that ``wanted`` accepts and that holds at least ``share`` of the topic, in
    its own words or (weighed by ``SHEET_TITLE_SHARE``) read with the sheet's title; "" when none does."""
    terms = index.columns.fields.terms
    title = dict.fromkeys(_sheet_title_terms(index, doc))
    for passage, words in _lead_passages(index, doc):
        if wanted(passage) and max(_coverage(query, {}, words, terms),
                                   SHEET_TITLE_SHARE * _coverage(query, title, words, terms)) >= share:
            return passage
    return ""


def _raise_by_leads(index: CorpusIndex, query: _Query, out: list[Candidate], *, whole: bool = False,
                    what: bool = False) -> list[Candidate]:
    """A sheet whose lead holds more of the topic than any of its initiatives is ranked by its lead:
    its best initiative takes the lead's coverage and quotes it. A sheet whose title holds the topic is
    about it as a whole: it quotes its lead, which says what it announces, when the lead holds the topic too.
    With ``whole`` (a question about the thing itself, not its money) that holds even when one of its
    initiatives holds the whole topic: "what is the America First Arms Transfer Strategy" is answered by
    "signed an Executive Order establishing the America First Arms Transfer Strategy", not by a detail."""
    terms = index.columns.fields.terms
    best_of: dict[int, int] = {}
    for n, candidate in enumerate(out):
        best = best_of.get(candidate.document.id)
        if best is None or (candidate.coverage, candidate.score) > (out[best].coverage, out[best].score):
            best_of[candidate.document.id] = n
    for n in best_of.values():
        candidate = out[n]
        complete = candidate.coverage >= 0.999  # already holds it all: quote the lead, leave the order as it is
        if complete and not (whole and _coverage(query, dict.fromkeys(tokenize(candidate.document.title)), (),
                                                 terms) >= COVERED):
            continue  # the sheet's title must hold the topic first: most such sheets' leads are never read
        value, passage = _lead_passage(index, query, candidate.document)
        if not passage:
            continue
        if value > candidate.coverage + 1e-9:
            out[n] = dataclasses.replace(candidate, coverage=round(value, 3), lead=passage, lead_coverage=round(value, 3),
                                         own_coverage=candidate.coverage,
                                         score=round(candidate.score + 100.0 * (value - candidate.coverage), 2),
                                         why=f"{value:.0%} of the topic, in its sheet's lead")
        elif value >= COVERED and ((whole and value >= candidate.coverage - 5e-4) or _coverage(
                query, dict.fromkeys(_sheet_title_terms(index, candidate.document)), (), terms) >= COVERED):
            # (with ``whole``, a lead that holds as much of the topic as the sheet's best initiative says what the
            # sheet does: "signed a Proclamation … to make ground beef affordable", not "ground beef prices reached")
            # a sheet about the topic: its lead says what it does, and is shown before its initiatives that tie
            out[n] = dataclasses.replace(candidate, lead=passage, lead_coverage=round(value, 3),
                                         score=round(candidate.score + (0.0 if complete else LEAD_FIRST), 2))
        elif what and candidate.coverage <= SHEET_TITLE_SHARE and _coverage(
                query, dict.fromkeys(_sheet_title_terms(index, candidate.document)), (), terms) > 0:
            # (``what``: what a sheet or an order does) read with its sheet's title, as an initiative is, a lead that holds as much of the topic says what the
            # sheet does ("signed an Executive Order to accelerate American agriculture innovation" under "…
            # Advances Regenerative Agriculture …"); it is quoted, but does not make the sheet hold more of the topic
            value, passage = _lead_passage(index, query, candidate.document, titled=True)
            if passage and value >= COVERED and value >= candidate.coverage - 5e-4:
                out[n] = dataclasses.replace(candidate, lead=passage, lead_coverage=round(value, 3),
                                             score=round(candidate.score + LEAD_FIRST, 2))
    return out


UNUSED_SHARE_MAX = 0.4  # the question's own verbs a sheet never uses are set aside up to this share of the topic


def _sheet_uses(index: CorpusIndex, group: _Group, lo: int, hi: int, title: set[str], lead: set[str]) -> bool:
    """Whether any word of ``group`` is in the sheet: its title, its lead, or one of its initiatives (rows lo..hi)."""
    fields = index.columns.fields
    terms = fields.terms
    for tid in group.terms:
        if terms[tid] in title or terms[tid] in lead:
            return True
        if len(_rows_between(fields.body_rows(tid), lo, hi)) or len(_rows_between(fields.title_rows(tid), lo, hi)):
            return True
    return False


def _set_aside_unused(index: CorpusIndex, reading: Reading, query: _Query, out: list[Candidate]) -> list[Candidate]:
    """A sheet whose title names the rest of the topic is read without the question's own verbs it never uses.

    "when did trump shut down the federal executive institute": the sheet titled "… Eliminates the Federal
    Executive Institute" never says "shut" or "down". The question's own verb (and a particle, a reported verb)
    already counts 0.3 of its weight, but two of them still weigh 30% of this topic. A verb its sheet uses
    nowhere (title, lead, any initiative) cannot tell that sheet from another, so when the sheet's title holds
    what is left of the topic, the topic is counted without it. Only when nothing holds the whole topic, and a
    word the sheet lacks that is not such a verb (a thing, a name, a number) keeps the sheet as it was: tried
    with one such word, "meals for seniors" was answered by a sheet on care for seniors."""
    soft = {n for n, g in enumerate(query.groups) if g.word in reading.soft and g.terms}
    if not soft or len(query.groups) < 3 or any(c.coverage >= COVERED for c in out):
        return out
    possible = query.possible
    terms = index.columns.fields.terms
    best_of: dict[int, int] = {}
    for n, candidate in enumerate(out):
        best = best_of.get(candidate.document.id)
        if best is None or candidate.coverage > out[best].coverage:
            best_of[candidate.document.id] = n
    for n in best_of.values():
        candidate = out[n]
        if not LEAD <= candidate.coverage < COVERED:
            continue
        doc = candidate.document
        position = index._doc_row[doc.id]
        title = set(_sheet_title_terms(index, doc))
        in_title = _coverage(query, dict.fromkeys(title), (), terms)
        if in_title < LEAD * (1 - UNUSED_SHARE_MAX):
            continue  # the title names too little of the topic to stand for it
        lo, hi = index.columns.ini_range[position], index.columns.ini_range[position + 1]
        lead = {w for _, words in _lead_passages(index, doc) for w in words}
        unused = [k for k in soft if not _sheet_uses(index, query.groups[k], lo, hi, title, lead)]
        if not unused or any(not _sheet_uses(index, g, lo, hi, title, lead)
                             for k, g in enumerate(query.groups) if k not in soft and g.terms):
            continue
        aside = sum(query.groups[k].idf for k in unused)
        if aside > UNUSED_SHARE_MAX * possible:
            continue
        rest = possible / (possible - aside)
        if in_title * rest < COVERED:
            continue
        value = min(1.0, candidate.coverage * rest)
        out[n] = dataclasses.replace(candidate, coverage=round(value, 3),
                                     score=round(candidate.score + 100.0 * (value - candidate.coverage), 2),
                                     why=f"{value:.0%} of the topic, without the question's own verbs its sheet never uses")
    return out


def _bonuses(reading: Reading, doc: DocumentRecord, text: str, amount_text: str, agency: Sequence[str],
             state: Sequence[str]) -> tuple[float, list[str]]:
    """Points for what the question names besides the topic, found in a passage (``text``) or its sheet's title."""
    score = 0.0
    named: list[str] = []
    if reading.hints and _hint_in(reading, doc.title):
        score += 8.0
    if _by_speaker(reading, doc):
        score += SPEAKER_BONUS
    if _out_of_office(reading, doc):
        score -= OUT_OF_OFFICE_PENALTY  # "when did biden end …": not a sheet from Trump's term
    if reading.amounts and _amounts_in(doc.title) & set(reading.amounts):
        score += 30.0  # "the $20 billion competition": the sheet's headline names the figure asked about
    elif reading.amounts and _amounts_in(amount_text) & set(reading.amounts):
        score += 15.0  # "the $3 billion to replace toxic pipes": the figure named is there
    if reading.intent == WHERE:
        score += min(15.0, 3.0 * len(_places_in(text)))
    if agency and (_names_agency(text, agency) or _names_agency(doc.title, agency)):
        score += 10.0
        named.append(reading.agency or "")
    if state and (_mentions(text, state) or _mentions(doc.title, state)):
        score += 8.0
        named.append(reading.state or "")
    return score, named


TITLED_SHEETS = 40  # sheets whose own title holds half the topic brought in by their title, whatever their initiatives say


def _titled_sheet_rows(index: CorpusIndex, reading: Reading, query: _Query, lo_doc: int, hi_doc: int) -> list[int]:
    """The first initiative of each sheet (of the best ``TITLED_SHEETS``) whose title, with the short forms of the
    names it spells out, holds the topic: "Announces Temporary Pause on Pending Approvals of Liquefied Natural Gas
    Exports" is about "a hold on lng export approvals" although its list items recall other actions. Half the topic
    (``LEAD``) is enough to be read (round 55s): "U.S.-EU Trade and Technology Council Advances Concrete Action …" is
    brought in for "where did the … council meet for its third meeting", which its lead, not its list, answers ("held
    its third ministerial meeting … in College Park"); how it ranks is left to its lead."""
    doc_fields = index.columns.doc_fields
    doc_query = _query(doc_fields, reading)
    weighted = [(g, 1.0) for g in doc_query.groups] + [(g, 0.6) for g in doc_query.extra]
    positions = _gather(doc_fields, weighted, lo_doc, hi_doc, TITLED_SHEETS)
    # a short form the question writes ("when was ipef launched") is gathered by the name it stands for, as titles
    # spell it out ("… Launch the Indo-Pacific Economic Framework for Prosperity"); titles are read with the short
    # forms of the names they spell out just below, but the gathering reads only the words a title writes
    acronyms = index.columns.acronyms
    for group in doc_query.groups:
        full = acronyms.full_tokens.get(group.word)
        if not full:
            continue
        named = [g for g in (_group(doc_fields, word) for word in full if word not in STOPWORDS) if g and g.terms]
        if len(named) >= 2:
            positions.extend(p for p in _gather(doc_fields, [(g, 1.0) for g in named], lo_doc, hi_doc, TITLED_SHEETS)
                             if p not in positions)
    out: list[int] = []
    for position in positions:
        title = dict.fromkeys(_title_terms_at(index, position))
        first, end = index.columns.ini_range[position], index.columns.ini_range[position + 1]
        if first < end and _coverage(query, title, (), index.columns.fields.terms) >= LEAD:
            out.append(first)
    return out


LEAD_SHEETS = 8  # sheets gathered by the words of their lead, whatever their initiatives say (20 in round 58l: the
# same development answers at 8, and /ask at 50,000 sheets pays for fewer leads read)


def _lead_sheet_rows(index: CorpusIndex, reading: Reading, query: _Query, lo_doc: int, hi_doc: int) -> list[int]:
    """The first initiative of each sheet (of the best ``LEAD_SHEETS`` by the words of their leads) whose lead holds
    the topic: the word index's vocabulary is the initiatives' words, and a sheet that names what was asked only in
    its lead ("In 2022, President Biden appointed chef José Andrés and basketball player Elena Delle Donne to serve as
    Co-Chairs of the President's Council …", before a list of the leagues' commitments) was never gathered, so its
    lead was never read (round 58l). How it ranks is left to its lead (``_raise_by_leads``)."""
    lead_fields = index.columns.lead_fields
    if not lead_fields.rows:
        return []
    lead_query = _query(lead_fields, reading)
    weighted = [(g, 1.0) for g in lead_query.groups] + [(g, 0.6) for g in lead_query.extra]
    out: list[int] = []
    for position in _gather(lead_fields, weighted, lo_doc, hi_doc, LEAD_SHEETS):
        first, end = index.columns.ini_range[position], index.columns.ini_range[position + 1]
        if first < end and _lead_passage(index, query, index.columns.documents[position])[0] >= COVERED:
            out.append(first)
    return out


def _score_initiatives(index: CorpusIndex, reading: Reading, query: _Query, lo: int, hi: int,
                       docs: tuple[int, int] | None = None, pool: int = _POOL) -> list[Candidate]:
    fields = index.columns.fields
    terms = fields.terms
    weighted = [(g, 1.0) for g in query.groups] + [(g, 0.6) for g in query.extra]
    rows = _gather(fields, weighted, lo, hi, pool)
    titled = set(_titled_sheet_rows(index, reading, query, *docs)) if docs is not None else set()
    rows += [row for row in titled if row not in rows]
    # (not for a money question, round 59: only a money question can give a confident wrong figure, and a held-out read
    # of round 58l's first version, merged beside another change, gave two more; which change did was not looked for)
    led = (set(_lead_sheet_rows(index, reading, query, *docs)) if docs is not None and reading.intent != FUNDING
           else set())
    rows += [row for row in led if row not in rows]
    agency = agency_names(reading.agency) if reading.agency else ()
    state = _state_names(reading.state) if reading.state else ()
    out: list[Candidate] = []
    doc_titles: dict[int, dict[str, None]] = {}
    for row in rows:
        _, title_list, title_set, body_list, _, _ = index._row_terms(row)
        rec = index._initiative_at(row)
        text = f"{rec.title}\n{rec.text}"
        blocked = _blocked(query, text) if query.capitals else set()
        coverage = _coverage(query, title_set, body_list, terms, blocked)
        if coverage <= 0 and row not in titled and row not in led:
            continue
        position = index.columns.ini_doc[row]
        doc_words = doc_titles.get(position)
        if doc_words is None:  # the sheet's title read as an initiative's title is
            doc_words = doc_titles[position] = dict.fromkeys(_title_terms_at(index, position))
        doc = index._doc_by_id[rec.document_id]
        if coverage < SHEET_TITLE_SHARE:
            # The sheet's title is the context of each of its initiatives ("the $20 billion
            # competition" names what its "financing network" paragraph is about).
            with_sheet = SHEET_TITLE_SHARE * _coverage(query, {**title_set, **doc_words}, body_list, terms, blocked)
            coverage = max(coverage, with_sheet)
        if _context_may_cover(query, coverage) and _holds_with_sheet_context(
                index, query, doc, {**title_set, **doc_words}, body_list, terms, blocked):
            # (only when it then holds the topic: under the bar the context ranks nothing)
            coverage = COVERED  # it holds the topic with its sheet's help, no more: one that holds it alone ranks first
        if query.common and not _adjacent(query, title_list, body_list, terms):
            coverage *= COMMON_APART  # only common words, never side by side: not what was asked
        in_title = _coverage(query, title_set, (), terms, blocked)
        heading = _heading_words(rec.section)
        if heading and in_title < 0.999:  # the heading it sits under names the topic: as good as its own title
            in_title = max(in_title, _coverage(query, heading, (), terms, blocked))
        in_doc_title = _coverage(query, doc_words, (), terms)
        if rec.order == 0 and fold(display_title(rec.title)) == fold(display_title(doc.title)):
            in_title = 0.0  # the sheet's own title (a sheet of prose only is one initiative): credited once, below
        score = 100.0 * coverage + 12.0 * in_title + (20.0 if reading.intent == FUNDING else 30.0) * in_doc_title
        why = [f"{coverage:.0%} of the topic"]
        bonus, named = _bonuses(reading, doc, text, rec.text, agency, state)
        out.append(Candidate(rec, doc, round(coverage, 3), round(score + bonus, 2), ", ".join(why + named)))
    out = _raise_by_leads(index, query, out, whole=reading.intent != FUNDING, what=reading.intent == INITIATIVES)
    out = _set_aside_unused(index, reading, query, out)
    out.sort(key=lambda c: (-c.score, -(c.document.date or dt.date.min).toordinal(), -_address_agrees(c.document),
                            c.initiative.order))
    return out


_REQUEST_WORDS = re.compile(r"\bbudget\b|\brequest\w*|\bpropos\w*|\bFY\s?\d|\bfiscal\s+year", re.IGNORECASE)
_FISCAL_IN = re.compile(r"\b(?:FY\s?['’]?|fiscal\s+year\s+)((?:19|20)?\d\d)\b", re.IGNORECASE)
_ANSWER_KINDS = frozenset({KIND_NEW, KIND_REQUEST, KIND_COMMITMENT})  # what a sheet announces: the rest is context
_NOT_MONEY = frozenset({"price", "per_unit", "threshold", "estimate", "statistic"})
_CONTEXT_ONLY = _NOT_MONEY - {"estimate"}  # never the sum a money question asks for, unless it asks for a price or rate


# The money model's readings of money a government gives: new, earlier, or left unclear. Whose government it is (federal,
# a named state's, the United States' for another country) the question and the sentence tell.
_GOVERNMENT_READINGS = (KIND_NEW, "background", "unclear")


def _kind_matches(record: FundingRecord, reading: Reading, evidence: float = 0.0) -> bool:
    """The figure is the kind of money asked for (the money model's kind, or what its sentence says; what a buyer paid
    when its evidence holds the topic)."""
    kind = reading.kind
    if kind is None:
        return record.kind not in _NOT_MONEY
    if kind == KIND_NEW:
        return record.kind in _GOVERNMENT_READINGS or (record.kind == "estimate" and _change(record) == "to")
    if kind == "request":
        if record.kind == "background" and _EARLIER.search(_around(record)):
            return False  # "Building on the $50 million CDC has already invested, the … FY23 budget has requested $25
            # million": the sentence asks for money, but this figure is what was spent before it (69th round)
        return record.kind == KIND_REQUEST or bool(_REQUEST_WORDS.search(record.sentence))
    if kind == KIND_STATE_LOCAL:
        if record.kind in _NOT_MONEY:
            return False  # "how much is kansas spending on bonuses": the state's sum, not the bonus each worker gets
        if record.kind in _GOVERNMENT_READINGS and reading.state and _mentions(record.sentence, _state_names(reading.state)):
            return True  # "Kansas is committing $53 million in American Rescue Plan funds": the named state's money
    if _asks_paid(reading) and (_paid_for(record) or record.kind == KIND_COMMITMENT) and evidence >= COVERED:
        return True  # "how much did Royal Jordanian pay for its 787s": the purchase, whatever the totals make of it, and
        # whoever the money model says gives it ("Korean Air will purchase …" asked as a company's, read as foreign)
    if kind == KIND_FOREIGN and record.kind in _GOVERNMENT_READINGS and names_country(record.sentence):
        return True  # the United States' money for another country: foreign money too, as the question reads it
    if kind == KIND_PRIVATE and record.kind == KIND_NEW:
        near = " ".join(_near_figure(record))
        if _PLEDGED.search(near) and not _GOVERNMENT_MONEY.search(near):
            return True  # "the $1.7 billion in new commitments announced today": pledged, and no agency's money
    return record.kind == KIND_COMMITMENT and record.source in (_KIND_SOURCE.get(kind), None)


# What a buyer or investor that is not the government pays, puts or invests: the question asks for that sum, which the
# money model may leave out of the sheet's new money (a purchase is background by the guideline; an investment it
# reads as earlier money or leaves unclear). The sum is still the answer, shown with its kind and never added.
_PAID_VERB = re.compile(r"\b(?:pa(?:y|ys|id|ying)|put(?:s|ting)?|invest(?:s|ed|ing)?|spen(?:d|ds|t|ding)|buy(?:s|ing)?"
                        r"|sink(?:s|ing)?|sunk|pour(?:s|ed|ing)?"
                        r"|bought|purchas(?:e|es|ed|ing))\b", re.IGNORECASE)


def _asks_paid(reading: Reading) -> bool:
    """The question asks what someone other than the government paid, put into or invested in something."""
    return reading.kind in (KIND_PRIVATE, KIND_FOREIGN) and bool(_PAID_VERB.search(reading.text))


def _state_spends(record: FundingRecord, reading: Reading) -> bool:
    """A state's own spending asked of ("how much is connecticut putting toward …"), said by a sentence naming that
    state ("Connecticut is leveraging $89 million to launch …"): the money model reads it as earlier federal money (the
    state spends its allocation), but it is the sum asked for (71st round)."""
    return reading.kind == KIND_STATE_LOCAL and reading.state is not None and _paid_for(record) \
        and _mentions(record.sentence, _state_names(reading.state))


def _paid_for(record: FundingRecord) -> bool:
    """A sum the money model does not count as money announced (earlier money, left unclear) whose own words do not say
    it was had before ("has already helped catalyze over $10 billion") or a running total."""
    if record.kind == "statistic" and _PAY_BEFORE.search(_before_figure(record)):
        return True  # "Columbia will pay the United States $200 million to settle": what the payer pays (43rd round)
    if record.kind not in ("background", "unclear"):
        return False
    words = _around(record)
    return not _EARLIER.search(words) and not _RUNNING_TOTAL.search(words)


# "will pay (the United States)", "to pay", "agreed to pay" right before the figure: the sum is what the payer pays.
_PAY_BEFORE = re.compile(r"\b(?:will|to|agreed\s+to)\s+pay\b(?:\s+\S+){0,4}\s*$", re.IGNORECASE)


def _before_figure(record: FundingRecord) -> str:
    """The words of the figure's sentence before it."""
    sentence = " ".join(record.sentence.split())
    at = sentence.find(record.text)
    return sentence[:at] if at > 0 else ""


_PLEDGED = re.compile(r"\b(?:commitments?|pledges?|pledged)\b")
_GOVERNMENT_MONEY = re.compile(r"\b(?:federal|department|agency|administration|grants?|loans?|appropriat\w*|law|act"
                               r"|budget|congress|usda|doe|dot|epa|hhs|hud|fema)\b")


def _fiscal_years(sentence: str) -> set[int]:
    """Fiscal years a sentence names ("FY24", "fiscal year 2025", or "in 2025" in a budget sentence)."""
    years: set[int] = set()
    for match in _FISCAL_IN.finditer(sentence):
        value = int(match.group(1))
        years.add(value if value > 99 else 2000 + value)
    if re.search(r"\bBudget\b", sentence):
        years.update(int(m.group(1)) for m in re.finditer(r"\b(?:in|for)\s+((?:19|20)\d\d)\b", sentence)
                     if not _EVENT_BEFORE_YEAR.search(sentence[:m.start()]))
    return years


# "in 2022" right after a verb in the past ("recently reauthorized and strengthened in 2022", "was enacted in 2021"):
# when something happened, not the fiscal year a budget sentence asks money for.
_EVENT_BEFORE_YEAR = re.compile(r"\b(?:[a-z]{3,}ed|was|were|been|since)\s+$", re.IGNORECASE)


_AMOUNT_WORDS = re.compile(r"\$\s?(\d[\d,]*(?:\.\d+)?)\s*(trillion|billion|million|thousand)?", re.IGNORECASE)
_SCALE = {"trillion": 1e12, "billion": 1e9, "million": 1e6, "thousand": 1e3}


def _amounts_in(text: str) -> set[float]:
    out: set[float] = set()
    for match in _AMOUNT_WORDS.finditer(text):
        try:
            value = float(match.group(1).replace(",", ""))
        except ValueError:
            continue
        out.add(round(value * _SCALE.get((match.group(2) or "").lower(), 1.0), 2))
    return out


_CLAUSE_JOIN = re.compile(r"\band\b|[,;]")


def _between_figures(sentence: str, at: int, end: int) -> tuple[int, int]:
    """Where the text of the figure at ``at``–``end`` runs in its sentence: from the end of the figure before it to the
    start of the figure after it (the sentence's ends when there is none)."""
    others = [m.span() for m in _AMOUNT_WORDS.finditer(sentence) if m.end() <= at or m.start() >= end]
    return (max((b for a, b in others if b <= at), default=0),
            min((a for a, b in others if a >= end), default=len(sentence)))


def _near_figure(record: FundingRecord) -> list[str]:
    """The sentence's content words around the figure, up to the figures before and after it: what
    the money is for is said next to it ("$600 billion from the EU, $550 billion from Japan")."""
    sentence = record.sentence
    at = sentence.find(record.text)
    if at < 0:
        return [t for t in tokenize(sentence) if t not in STOPWORDS][:2 * _FIGURE_WINDOW]
    end = at + len(record.text)
    start, stop = _between_figures(sentence, at, end)
    if start > 0:  # "$25 billion on military equipment and $33 billion for …": what follows a figure is its own, up to
        # the "and", comma or semicolon that opens the next figure's clause
        start = max((m.end() for m in _CLAUSE_JOIN.finditer(sentence, start, at)), default=start)
    words_before = [t for t in tokenize(sentence[start:at]) if t not in STOPWORDS]
    own = [t for t in tokenize(record.text) if t not in STOPWORDS]  # the figure's own words ("more", "385", "million")
    words_after = [t for t in tokenize(sentence[end:stop]) if t not in STOPWORDS]
    return words_before[-_FIGURE_WINDOW:] + own + words_after[:_FIGURE_WINDOW]


def _figure_query(index: CorpusIndex, reading: Reading) -> _Query:
    """The topic as the figures' words are read: over the funding vocabulary. A word no figure's sentence has but the
    initiatives do ("omicron") may still be in a sheet's title ("… Against the Delta and Omicron Variants …"), which the
    figures of that sheet are read with, so it is kept as itself."""
    query = _query(index.columns.funding_fields, reading)
    known = index.columns.fields.vocab
    query.literal = frozenset(g.word for g in query.groups if not g.terms and g.word in known)
    return query


def _score_figures(index: CorpusIndex, reading: Reading, lo_doc: int, hi_doc: int,
                   initiatives: list[Candidate]) -> list[Figure]:
    """Dollar figures whose sentence (or initiative, or sheet title) holds the topic, best first."""
    fields = index.columns.funding_fields
    terms = fields.terms
    query = _figure_query(index, reading)
    weighted = [(g, 1.0) for g in query.groups] + [(g, 0.6) for g in query.extra]
    f_lo, f_hi = index.columns.fund_range[lo_doc], index.columns.fund_range[hi_doc]
    rows = set(_gather(fields, weighted, f_lo, f_hi, _POOL))
    top_docs = {c.document.id for c in initiatives[:5]}
    for candidate in initiatives[:5]:  # the figures of the best initiatives come along
        n = index._doc_row[candidate.document.id]
        own = index._initiative_row(candidate.initiative.id)
        rows.update(r for r in range(index.columns.fund_range[n], index.columns.fund_range[n + 1])
                    if index.columns.f_ini[r] == own or (candidate.lead and index.columns.f_ini[r] == -1))
    quoted = {c.document.id: c for c in initiatives[:5] if c.lead}  # the lead a sheet quotes holds its figures
    agency = agency_names(reading.agency) if reading.agency else ()
    state = _state_names(reading.state) if reading.state else ()
    ini_coverage = {c.initiative.id: c.coverage if c.own_coverage is None else c.own_coverage for c in initiatives}
    title_words: dict[int, dict[str, None]] = {}
    title_amounts: dict[int, set[float]] = {}
    amounts_by_doc: dict[int, set[float]] = {}
    out: list[Figure] = []
    initiative_money: dict[int, float] = {}  # figure → the share of the topic its initiative holds
    for row in rows:
        record = index._funding_at(row)
        doc = index._doc_by_id[record.document_id]
        if doc.id not in title_words:
            _note_title(index, doc, title_words, title_amounts)
        amounts_by_doc.setdefault(doc.id, set()).add(round(record.amount_usd, 2))
        blocked = _blocked(query, record.sentence) if query.capitals else set()
        near = _near_figure(record)
        sentence_coverage = _coverage(query, {}, near, terms, blocked)
        sheet_title = _coverage(query, title_words[doc.id], near, terms, blocked)
        initiative_coverage = ini_coverage.get(record.initiative_id or -1, 0.0)
        if record.initiative_id is None and doc.id in quoted and _in_passage(record, quoted[doc.id].lead):
            initiative_coverage = quoted[doc.id].lead_coverage  # a figure of the lead passage quoted, like an initiative's
        coverage = max(sentence_coverage, 0.9 * sheet_title, 0.9 * initiative_coverage)
        if coverage <= 0:
            continue
        if sheet_title < COVERED or sentence_coverage < COVERED:
            own_evidence = _own_evidence(index, query, record, near, blocked)
        else:
            own_evidence = sentence_coverage
        evidence = max(sheet_title, own_evidence) if sheet_title < COVERED else sheet_title
        # the one sum of an initiative that holds the topic is its money, when its own words say half of the topic
        # (or when its title names the sum: "Announcing $30M investment in the American workforce", 70th round)
        if initiative_coverage >= COVERED and record.initiative_id is not None and (
                own_evidence >= LEAD or _title_names_amount(index, record)):
            initiative_money[record.id] = initiative_coverage  # whether it is the only sum: asked of the lead alone
        # its own words, with the acronyms its sheet defines spelled out, may hold more of the topic than what found
        # it ("$12 million … for the Federal Office of Rural Health Policy's RMOMS Program" is for rural maternity care)
        found = coverage
        coverage = max(coverage, 0.9 * evidence)
        figure = _figure(index, reading, record, doc, coverage, title_amounts[doc.id], top_docs, agency, state,
                         times_said=_times_said(index, doc.id).get(round(record.amount_usd, 2), 1), evidence=evidence)
        out.append(dataclasses.replace(figure, score=round(figure.score + 10.0 * sentence_coverage, 2),
                                       own_coverage=round(sentence_coverage, 3), evidence=round(evidence, 3),
                                       found=round(found, 3), own_evidence=round(own_evidence, 3)))
    out = _headline_outsaid(out, title_amounts)
    for candidate in initiatives[:5]:  # the best sheets' headline figures, even when no row of theirs came along
        if candidate.document.id not in title_words:
            _note_title(index, candidate.document, title_words, title_amounts)
    for doc_id, amounts in title_amounts.items():  # a headline figure the text never repeats
        doc = index._doc_by_id[doc_id]
        coverage = 0.95 * _coverage(query, title_words[doc_id], (), terms)
        for amount in amounts - amounts_by_doc.get(doc_id, set()):
            if coverage >= COVERED and amount >= 1e6:
                figure = _figure(index, reading, _title_record(doc, amount), doc, coverage, amounts, top_docs,
                                 agency, state)
                out.append(dataclasses.replace(figure, score=round(figure.score + 10.0 * coverage, 2),
                                               own_coverage=round(coverage, 3), evidence=round(coverage / 0.95, 3),
                                               found=round(coverage, 3), own_evidence=round(coverage / 0.95, 3)))
    out.sort(key=lambda f: (-f.score, -(f.document.date or dt.date.min).toordinal(), f.record.position))
    out = _said_alone_first(out)
    # the lead: the one sum of an initiative that holds the topic has the initiative's share, not 0.9 of it
    if (out and initiative_money.get(out[0].record.id, 0.0) > out[0].evidence
            and _only_amount(index, out[0].record)):
        share = initiative_money[out[0].record.id]
        out[0] = dataclasses.replace(out[0], coverage=max(out[0].coverage, share), evidence=share)
    if out and out[0].evidence >= COVERED and out[0].coverage < COVERED:
        # the lead's own words with its sheet's (or initiative's) title hold the topic as a stated figure's must: that
        # is its share, not 0.9 of it ("AstraZeneca … will invest $50 billion" under "… Most-Favored-Nation Pricing …")
        out[0] = dataclasses.replace(out[0], coverage=out[0].evidence)
    return out


SAID_TWICE_GAP = 5.0  # points within which the same sum said twice in a sheet counts as scored alike


def _said_alone_first(figures: list[Figure]) -> list[Figure]:
    """Where a sheet says the leading sum twice, scored alike, the part of the sheet on it leads, not the opening
    summary (the best scored there first, then the sentence with the fewest other sums): "the United States is
    providing $1 billion to the Green Climate Fund (GCF), bringing …" under "Providing $1 Billion to the Green Climate
    Fund", not the lead's "… including providing $1 billion to the Green Climate Fund and requesting $500 million for
    the Amazon Fund …" (62nd round)."""
    if len(figures) < 2:
        return figures
    lead = figures[0]
    alike = [n for n, f in enumerate(figures) if f.document.id == lead.document.id
             and f.score >= lead.score - SAID_TWICE_GAP and _same_amount(f.record.amount_usd, [lead.record.amount_usd])]
    if len(alike) < 2:
        return figures
    best = min(alike, key=lambda n: (figures[n].record.initiative_id is None, -figures[n].score,
                                     len(list(_AMOUNT_WORDS.finditer(figures[n].record.sentence))), n))
    if best == 0:
        return figures
    return [figures[best], *figures[:best], *figures[best + 1:]]


HEADLINE_BONUS = 12.0  # points for the sheet's headline figure (the amount its title gives)
HEADLINE_OUTSAID = 0.1  # ... not when another figure of its sheet says this much more of the topic in its own words


def _headline_outsaid(figures: list[Figure], title_amounts: dict[int, set[float]]) -> list[Figure]:
    """A sheet's headline figure leads its sheet's figures on the topic of the sheet, not on a topic another of its
    figures says more of in its own words: "how much to replace the X bridge" is the "$900 million to replace the X
    Bridge connecting …", not the "nearly $4 billion" of the sheet's title whose sentence names the bridge only as
    where the President speaks. Such a headline figure loses its headline points (thirty-third round)."""
    best: dict[int, float] = {}
    for figure in figures:
        best[figure.document.id] = max(best.get(figure.document.id, 0.0), figure.own_coverage)
    return [dataclasses.replace(f, score=round(f.score - HEADLINE_BONUS, 2))
            if round(f.record.amount_usd, 2) in title_amounts.get(f.document.id, ())
            and f.own_coverage < best[f.document.id] - HEADLINE_OUTSAID else f
            for f in figures]


def _note_title(index: CorpusIndex, doc: DocumentRecord, title_words: dict[int, dict[str, None]],
                title_amounts: dict[int, set[float]]) -> None:
    """The words and the amounts of a sheet's title, for the figures of that sheet."""
    title_words[doc.id] = dict.fromkeys(tokens(index.columns.doc_titles_folded[index._doc_row[doc.id]]))
    title_amounts[doc.id] = _amounts_in(doc.title)


def _in_passage(record: FundingRecord, passage: str) -> bool:
    """The figure's sentence is one of the passage's."""
    sentence = " ".join(record.sentence.split())
    return bool(sentence) and (sentence in passage or sentence[:80] in passage)


_ACRONYM = re.compile(r"\(([A-Z]{2,8})s?\)")
_CAPITALS_WORD = re.compile(r"\b([A-Z]{2,8})s?\b")
_ACRONYM_FILLER = frozenset({"of", "and", "for", "the", "on", "in", "to", "&"})


def _acronyms_defined(text: str) -> dict[str, str]:
    """Acronyms a text defines, with what introduces them ("As part of the PACT Act, the Congress
    authorized the Cost of War Toxic Exposures Fund (TEF)"): capitalised words before the brackets
    whose initials spell it, read with the rest of their sentence before it."""
    return {letters: introduced for letters, (_, introduced) in _acronym_definitions(text).items()}


def _acronym_names(text: str) -> dict[str, str]:
    """Acronyms a text defines and the words they stand for, only those ("Hispanic-Serving Institutions" for HSIs)."""
    return {letters: name for letters, (name, _) in _acronym_definitions(text).items()}


def _acronym_definitions(text: str) -> dict[str, tuple[str, str]]:
    """letters → (the words whose initials spell them, those words with the rest of their sentence before them)."""
    found: dict[str, tuple[str, str]] = {}
    for match in _ACRONYM.finditer(text):
        letters = match.group(1)
        words = re.findall(r"[\w’'&]+", text[max(0, match.start() - 160):match.start()])  # "Hispanic-Serving": H, S
        at, k = len(words), len(letters) - 1
        while at > 0 and k >= 0:
            word = words[at - 1]
            if word.lower() in _ACRONYM_FILLER and k < len(letters) - 1:
                at -= 1
                continue
            if word[:1].upper() != letters[k] or not word[:1].isupper():
                break
            at, k = at - 1, k - 1
        if k < 0:  # what it stands for, in the words of the sentence that introduces it
            start = max(text.rfind(stop, 0, match.start()) for stop in (". ", "! ", "? ", "\n", "**"))
            found.setdefault(letters, (" ".join(words[at:]), text[max(start + 1, match.start() - 240):match.start()]))
    return found


_PerSheet = TypeVar("_PerSheet")


PER_SHEET_KEPT = 4096  # sheets whose worked-out parts each memo keeps (most recently used): bounded at 50,000 sheets


def _per_sheet(memo: weakref.WeakKeyDictionary[CorpusIndex, OrderedDict[int, _PerSheet]], index: CorpusIndex,
               document_id: int, work_out: Callable[[], _PerSheet]) -> _PerSheet:
    """``work_out()`` for one sheet, done on first use and kept while the index lives, for the
    ``PER_SHEET_KEPT`` sheets used last: a bot that runs for weeks does not grow with every sheet asked about."""
    per_document = memo.setdefault(index, OrderedDict())
    if document_id in per_document:
        per_document.move_to_end(document_id)
        return per_document[document_id]
    found = per_document[document_id] = work_out()
    if len(per_document) > PER_SHEET_KEPT:
        per_document.popitem(last=False)
    return found


def _spelled_out(names: dict[str, str]) -> dict[str, list[str]]:
    """Folded acronym (and its plural) → the content words it stands for."""
    out: dict[str, list[str]] = {}
    for letters, name in names.items():
        words = [t for t in tokenize(name) if t not in STOPWORDS]
        if words:
            short = letters.lower()
            out[short] = out[f"{short}s"] = words
    return out


def _with_names(words: list[str], names: dict[str, list[str]]) -> list[str]:
    """A passage's words with each acronym its sheet defines followed by the words it stands for: a sheet
    names a thing once in full and then by its letters ("… Hispanic-Serving Institutions (HSIs) …",
    later "nearly $19 million … for five HSIs … to build research infrastructure")."""
    return [w for word in words for w in ([word, *names[word]] if word in names else [word])]


# Per index and sheet, what introduces each acronym looked up so far (None: the sheet's initiatives do not define it).
_ACRONYMS_OF: weakref.WeakKeyDictionary[CorpusIndex, OrderedDict[int, dict[str, str | None]]] = (
    weakref.WeakKeyDictionary())


def _sheet_acronyms(index: CorpusIndex, document_id: int, wanted: Iterable[str]) -> dict[str, str]:
    """The words introducing each ``wanted`` acronym where the sheet's first initiative to define it does
    ("(TEF)" read with its sentence). Only the acronyms a figure's sentence uses are looked for, each in the
    initiatives that hold its brackets: reading every definition of every sheet a question reaches was most
    of a slow first answer at 50,000 sheets."""
    known = _per_sheet(_ACRONYMS_OF, index, document_id, dict)
    missing = [letters for letters in wanted if letters not in known]
    if missing:
        texts = [f"{title}. {text}" for title, text in index.initiative_words_of(document_id)]
        read: dict[int, dict[str, str]] = {}  # an initiative's definitions, read once whatever it is asked for

        def defined(n: int) -> dict[str, str]:
            if n not in read:
                read[n] = _acronyms_defined(texts[n])
            return read[n]

        for letters in missing:
            known[letters] = next((defined(n)[letters] for n, text in enumerate(texts)
                                   if f"({letters}" in text and letters in defined(n)), None)
    return {letters: words for letters in wanted if (words := known[letters]) is not None}


_LEAD_ACRONYMS_OF: weakref.WeakKeyDictionary[CorpusIndex, OrderedDict[int, dict[str, str]]] = weakref.WeakKeyDictionary()


def _lead_acronym_names(index: CorpusIndex, document_id: int) -> dict[str, str]:
    """The acronyms a sheet's opening defines, with the words they stand for (no more: the lead is no initiative)."""
    def work_out() -> dict[str, str]:
        doc = index.document(document_id)
        return _acronym_names(doc.opening) if doc is not None and doc.opening else {}
    return _per_sheet(_LEAD_ACRONYMS_OF, index, document_id, work_out)


# Per index, how many distinct sentences of each sheet say each amount.
_TIMES_SAID: weakref.WeakKeyDictionary[CorpusIndex, OrderedDict[int, dict[float, int]]] = weakref.WeakKeyDictionary()


def _times_said(index: CorpusIndex, document_id: int) -> dict[float, int]:
    def work_out() -> dict[float, int]:
        sentences: dict[float, set[str]] = {}
        columns = index.columns  # (read from the columns: a sheet of hundreds of figures made no records for this)
        for row in index._funding_rows_of_document(document_id):
            sentences.setdefault(round(columns.f_amount[row], 2), set()).add(columns.f_sentence[row])
        return {amount: len(said) for amount, said in sentences.items()}
    return _per_sheet(_TIMES_SAID, index, document_id, work_out)


def _only_amount(index: CorpusIndex, record: FundingRecord) -> bool:
    """The figure is the one amount its initiative gives."""
    assert record.initiative_id is not None
    return {round(r.amount_usd, 2) for r in index.funding_of_initiative(record.initiative_id)} == {round(record.amount_usd, 2)}


def _title_names_amount(index: CorpusIndex, record: FundingRecord) -> bool:
    """The figure's initiative names the sum in a title of its own ("Announcing $30M investment …" over "DOE will fund
    up to $30M of these efforts"): the sum is its money. A title that is only the figure's own sentence opening the
    item says nothing more than the sentence does (round 54h)."""
    assert record.initiative_id is not None
    title = index.initiative_title(record.initiative_id) or ""
    if " ".join(title.split()).rstrip(".…").strip() in " ".join(record.sentence.split()):
        return False
    amount = round(record.amount_usd, 2)
    return any(round(match.amount, 2) == amount for match in find_money(title))  # read as the stored figures were


def _own_evidence(index: CorpusIndex, query: _Query, record: FundingRecord, near: list[str],
                  blocked: set[int]) -> float:
    """The topic's share in the figure's own words, read with its initiative's title, and with the
    acronyms its sheet defines spelled out ("$20.3 billion for the TEF" is for the Toxic Exposures Fund)."""
    terms = index.columns.funding_fields.terms
    capitals = set(_CAPITALS_WORD.findall(record.sentence))  # the sentence's acronyms, a plural's "s" taken off
    defined = _sheet_acronyms(index, record.document_id, capitals) if capitals else {}
    if any(letters not in defined for letters in capitals):
        defined = {**_lead_acronym_names(index, record.document_id), **defined}  # defined in the opening only
    acronyms = {short: words for letters, words in defined.items() if letters in capitals
                for short in (letters.lower(), f"{letters.lower()}s")}  # "five HSIs" as "HSI"
    if acronyms:
        near = [w for word in near for w in ([word, *tokens(fold(acronyms[word]))] if word in acronyms else [word])]
        if query.capitals:
            blocked = _blocked(query, " ".join([record.sentence, *acronyms.values()]))
    title_text = index.initiative_title(record.initiative_id) if record.initiative_id is not None else None
    title = dict.fromkeys(tokens(fold(title_text))) if title_text is not None else {}
    return max(_coverage(query, title, near, terms, blocked), _coverage(query, {}, near, terms, blocked))


def _initiative_text(index: CorpusIndex, initiative_id: int) -> str:
    """An initiative's text, made only when a figure's own sentence does not already name what is looked for."""
    initiative = index.initiative(initiative_id)
    return initiative.text if initiative is not None else ""


HEADLINE_REASON = "the fact sheet's headline figure (its text does not repeat it)"


def _title_record(doc: DocumentRecord, amount: float) -> FundingRecord:
    from bot.model import NEW_FEDERAL
    from bot.query.funding import format_usd

    return FundingRecord(id=-doc.id, document_id=doc.id, initiative_id=None, amount_usd=amount,
                         text=format_usd(amount), qualifier=None, sentence=doc.title, category=NEW_FEDERAL,
                         fiscal_year=None, counted=False, reason=HEADLINE_REASON, parent_id=None, position=0)


# How much "a year" (thirtieth round): the question asks for a yearly amount, and a figure said as the total of several
# years ("the 10-year $600 million agreement", "$600 million over ten years") is not that amount, however well its
# words hold the topic ("year" is one of them).
_PER_YEAR_ASKED = re.compile(r"\b(?:a|per|each|every)\s+year\b|\bannual(?:ly)?\b|\byearly\b|\bper\s+annum\b",
                             re.IGNORECASE)
_COUNT = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty|multi)"
_SPAN_BEFORE = re.compile(rf"\b{_COUNT}[-\s]years?,?\s+(?:of\s+)?(?:about\s+|nearly\s+|more\s+than\s+|over\s+|up\s+to\s+)?$",
                          re.IGNORECASE)
_SPAN_AFTER = re.compile(rf"^,?\s+{_COUNT}[-\s]year\b(?![-\s]old)|^[^.;$]{{0,60}}?\b(?:over|across|for|during)\s+"
                         rf"(?:the\s+next\s+|the\s+|a\s+|its\s+)?(?:{_COUNT}[-\s]years?(?![-\s]old)|decade)\b",
                         re.IGNORECASE)
_PER_YEAR_AFTER = re.compile(r"^\s*(?:\w+\s+){0,3}?(?:a|per|each|every)\s+year\b|^\s*(?:\w+\s+){0,3}?(?:annually|yearly)\b",
                             re.IGNORECASE)
SPAN_PENALTY = 15.0  # points a figure said as a several years' total loses when the question asks how much a year


def _several_years(record: FundingRecord) -> bool:
    """The figure is said as the total of several years ("a ten-year, $600 million agreement", "$2 billion over five
    years"), not as an amount a year ("$60 million per year for the next ten years")."""
    sentence = " ".join(record.sentence.split())
    at = sentence.find(record.text)
    if at < 0:
        return False
    after = sentence[at + len(record.text):]
    if _PER_YEAR_AFTER.search(after):
        return False
    return bool(_SPAN_BEFORE.search(sentence[max(0, at - 40):at]) or _SPAN_AFTER.search(after))


def _figure(index: CorpusIndex, reading: Reading, record: FundingRecord, doc: DocumentRecord, coverage: float,
            title_amounts: set[float], top_docs: set[int], agency: Sequence[str], state: Sequence[str],
            times_said: int = 1, evidence: float = 0.0) -> Figure:
    kind_ok = _kind_matches(record, reading, evidence)
    state_named = bool(state) and (_mentions(record.sentence, state) or (
        record.initiative_id is not None and _mentions(_initiative_text(index, record.initiative_id), state)))
    score = 100.0 * coverage
    announced_now = record.kind == "background" and _announced_here(record)  # the model's earlier money, said today
    if reading.kind in (None, KIND_NEW):
        score += 6.0 if kind_ok else -12.0
        score += 4.0 if record.kind == KIND_NEW or announced_now else 0.0
    else:
        score += 16.0 if kind_ok else -8.0
    score += 4.0 if record.counted else 0.0
    change = _change(record)
    if reading.kind in (None, KIND_NEW) and change:
        score += 4.0 if change == "to" else -10.0  # "doubling … $250 million … to $500 million": the new level answers
    # The money model may link a figure its sentence announces today to an earlier total ("today, DOT is
    # announcing nearly $580 million" for ports, after "the law invests $17 billion" in them): what is new is the part.
    linked_part = bool(record.reason and record.reason.startswith("part of")) and not announced_now
    if (linked_part or _inside_larger(record)) and not state:
        score -= 8.0  # the whole answers "how much"; its parts are listed under it
    if reading.year is not None:
        years = _fiscal_years(record.sentence)
        if reading.year in years:
            score += 12.0
        elif years or (record.fiscal_year is not None and record.fiscal_year != reading.year):
            score -= 25.0
    if state:
        score += 25.0 if state_named else (5.0 if _mentions(doc.title, state) else -15.0)
    if agency and _names_agency(record.sentence, agency):
        score += 18.0  # the agency asked about gives this money, in the figure's own words
    elif agency and _names_agency(doc.title, agency):
        score += 12.0
    if record.document_id in top_docs:
        score += 6.0
    if _by_speaker(reading, doc):
        score += SPEAKER_BONUS  # "how much did Harris announce": the sheet where she announces it
    if _out_of_office(reading, doc):
        score -= OUT_OF_OFFICE_PENALTY  # "how much did trump give": not a sheet from Biden's term
    if round(record.amount_usd, 2) in title_amounts:
        score += HEADLINE_BONUS  # the sheet's headline figure
    if reading.amounts and round(record.amount_usd, 2) in reading.amounts:
        score += 10.0
    if record.amount_usd >= 1e6:
        score += min(6.0, 1.5 * math.log10(record.amount_usd / 1e6))
    if re.search(r"\b(?:today|announc\w*|will\s+(?:receive|provide|invest))\b", record.sentence, re.I):
        score += 3.0
    if _PER_YEAR_ASKED.search(reading.text) and _several_years(record):
        score -= SPAN_PENALTY  # "how much a year": not "the 10-year $600 million agreement"
    if _LATER.search(record.sentence):
        score -= 3.0  # "will also release an additional $100 million later this summer": not what is announced now
    score += min(3.0, 1.5 * (times_said - 1))  # said again and again in its sheet: the sheet's main figure
    if any(word.startswith(hint) for hint in reading.hints if hint != "announ" for word in _near_figure(record)):
        score += 3.0  # "how much did DOE commit": the figure said as "a new $1.3 billion commitment"
    return Figure(record, doc, round(score, 2), round(coverage, 3), kind_ok, state_named)


_LATER = re.compile(r"\blater\s+this\s+(?:year|summer|fall|autumn|winter|spring|month)\b|\bin\s+the\s+coming\s+(?:months|weeks)\b",
                    re.IGNORECASE)
_PART_CUE = re.compile(r"\b(?:including|includes|of\s+which|among\s+(?:them|which)|with)\b[^$]{0,40}$", re.IGNORECASE)


def _inside_larger(record: FundingRecord) -> bool:
    """A figure said as part of a larger one in its sentence ("a $340 million loan …, including the
    first $19 million"), whether or not the money model linked them."""
    sentence = record.sentence
    at = sentence.find(record.text)
    if at <= 0:
        return False
    for match in _AMOUNT_WORDS.finditer(sentence[:at]):
        amount = _amounts_in(match.group(0))
        if amount and max(amount) > record.amount_usd and _PART_CUE.search(sentence[match.end():at]):
            return True
    return False


OVERVIEW = 8
SURE_GAP = 2.0  # score points by which the lead figure must beat any other amount to be "the" answer
# ... and by which it must beat another announcement's amount (a sheet with another title): two sheets
# that each answer with their own figure are two answers, and which one was meant is not clear.
SURE_GAP_OTHER_SHEET = 5.0


def _same_amount(amount: float, others: Iterable[float]) -> bool:
    return any(abs(amount - other) <= 0.005 * max(other, 1.0) for other in others)


def _named_part(lead: Figure, figures: list[Figure]) -> bool:
    """A part said inside a larger figure that is still *the* answer: its own words hold the topic and
    the larger figure's own words do not ("a $5 billion investment that includes $1 billion to replace
    the Blatnik Bridge" answers "how much for the Blatnik Bridge")."""
    if lead.coverage < COVERED or not _inside_larger(lead.record):
        return False
    larger = [f for f in figures if f.document.id == lead.document.id and f.record.sentence == lead.record.sentence
              and f.record.amount_usd > lead.record.amount_usd * 1.005]
    if lead.own_coverage < COVERED:
        # round 60: its words and its sheet's title hold the topic ("… including $365 million to … protect … from
        # lead-based paints in homes" under "… Justice40 Week of Action …"), its own words more than the whole's do
        return bool(larger) and all(f.own_coverage < LEAD and f.own_coverage < lead.own_coverage for f in larger)
    return all(f.own_coverage < LEAD for f in larger)  # a larger one not found at all is off the topic


def _own_heading(lead: Figure, index: CorpusIndex) -> bool:
    """The figure its own initiative's heading announces ("**$3 Billion to Strengthen Vaccine Confidence.** HHS,
    through the CDC, will invest $3 billion …"), on its own evidence: the headline of that part of the sheet,
    not a part the sheet's headline figure hides."""
    if lead.record.initiative_id is None or lead.evidence < COVERED:
        return False
    initiative = index.initiative(lead.record.initiative_id)
    return initiative is not None and len(initiative.title.split()) <= _HEADING_WORDS and \
        _same_amount(lead.record.amount_usd, _amounts_in(initiative.title))


_HEADING_WORDS = 12  # a title this short is a heading, not an initiative's first sentence


# Why the lead figure is not given as *the* answer (the reply lists the figures with their sentences instead).
HEDGE_WEAK = "weak"  # its own words do not hold the topic: it is near the topic, not said to be for it
HEDGE_KIND = "kind"  # the money model reads it as earlier or cumulative money, an estimate or a statistic
HEDGE_RUNNING = "running"  # a running or cumulative total, and other figures answer too
HEDGE_PART = "part"  # said as part of a larger figure in its sentence
HEDGE_HEADLINE = "headline"  # its sheet's title announces another of its figures on the topic
HEDGE_TOTAL = "total"  # larger than what its sheet announces: likely the total it adds to
HEDGE_CLOSE = "close"  # another amount scores nearly as well
HEDGE_DIFFERS = "differs"  # its sheet says another, slightly different amount for the same thing
DIFFERS_WITHIN = 0.1  # two amounts this close, both said for the topic in one sheet: the sheet disagrees with itself
HEDGE_OUTSAID = "outsaid"  # found by its sheet's title; another figure of the sheet says much more of the topic itself
HEDGE_ESTIMATE = "estimate"  # its sheet hands out a larger sum for the topic that the money model reads as an estimate
HEDGE_AGENCY = "agency"  # the question names an agency its sheet never names
HEDGE_OFFICE = "office"  # its sheet is from outside the time in office of the person the question says acted
HEDGE_YEARS = "years"  # the question asks how much a year; the figure is the total of several years
HEDGE_SPLIT = "split"  # its own sentence splits it into parts ("a $698 million compact, supported with $649 million from …")
OUTSAID_RATIO = 2.0  # ... at least this many times the share of the topic the lead's own words hold, and half the topic


_RUNNING_TOTAL = re.compile(r"\bbring(?:s|ing)\b[^.$]{0,40}\btotal\b|\btotal\w*\s+(?:to\s+date|so\s+far)\b|\bto\s+date\b|"
                            r"\bso\s+far\b|\baltogether\b|\bcumulative\w*|\bin\s+total\b|\bsince\s+(?:taking\s+office|"
                            r"the\s+(?:start|beginning)|(?:19|20)\d\d)\b", re.IGNORECASE)


# The words that lead to the next figure as the running total ("announced an additional $800 million …, bringing the
# total … to $1 billion"): they say what the next figure is, not the one before them.
_TOTAL_LEADS_ON = re.compile(r"\b(?:bring(?:s|ing)|rais(?:es|ing)|push(?:es|ing))\b[^;$]{0,80}\btotal\b[^;$]{0,80}\bto\s*"
                             r"(?:about\s+|nearly\s+|more\s+than\s+|over\s+|almost\s+)?$", re.IGNORECASE)


# The question asks for the whole ("in total", "altogether", "how big", "overall", "combined"): a whole split into parts
# in its sentence is then the answer.
_TOTAL_ASKED = re.compile(r"\btotal\b|\baltogether\b|\boverall\b|\bcombined\b|\bhow\s+(?:big|large)\b|\bin\s+all\b",
                          re.IGNORECASE)


def _sheet_names(index: CorpusIndex, figure: Figure, names: Sequence[str]) -> bool:
    """The figure's sheet names one of ``names`` anywhere: the figure's sentence, the sheet's title, its lead or any of
    its initiatives."""
    doc = figure.document
    if _mentions(figure.record.sentence, names):
        return True
    texts = [doc.title, *_lead_paragraphs(index, doc)]
    texts += [f"{rec.title}\n{rec.text}\n{rec.section or ''}" for rec in index.initiatives_of(doc.id)]
    return any(_mentions(text, names) for text in texts)


KIND_YIELD_GAP = 15.0  # points within which announced money goes before a lead that is earlier money or an estimate
# A larger sum whose own words hold this much less of the topic than the lead's is not put before it: "how much arp money
# went to the national family caregiver support program" keeps the $145 million whose own words hold the whole topic
# before the $1.4 billion released for all Older Americans Act programs (its own words at 0.85; 65th round)
KIND_YIELD_OWN = 0.1


def _announced_first(figures: list[Figure]) -> list[Figure]:
    """When the lead figure is not announced money (earlier money, an estimate: hedged ``kind``), the best figure within
    ``KIND_YIELD_GAP`` points of it that is — the kind asked for, its own words holding the topic — goes first: the
    question asks what was announced, and the lead would only be listed. 15 points: more than a headline figure's
    bonus (12), less than what a wrong fiscal year costs (25)."""
    lead = figures[0]
    for n, f in enumerate(figures[1:], 1):
        if lead.score - f.score > KIND_YIELD_GAP:
            break
        if f.record.amount_usd > lead.record.amount_usd and lead.own_evidence - f.own_evidence >= KIND_YIELD_OWN:
            continue  # a larger sum whose own words hold less of the topic: what the lead is part of (65th round)
        if f.record.kind in _ANSWER_KINDS and f.kind_matches and f.coverage >= COVERED and f.evidence >= COVERED:
            return [f, *figures[:n], *figures[n + 1:]]
    return figures


# The sentence after a figure's that goes on about its money: "Today, President Biden is announcing $16.4 billion in new
# funding for 25 passenger rail projects on Amtrak's Northeast Corridor … The investments announced today will rebuild
# tunnels and bridges that are over 100 years old". "This", "these", "it", "they", or a word for the money after "the".
_GOES_ON = re.compile(r"^(?:(?:This|These|That|Those|The)\s+(?:[\w-]+\s+){0,2}?(?:funding|money|investments?|grants?|awards?"
                      r"|dollars|resources|loans?|financing)\b|(?:It|They|This|These)\s)")
_NEXT_SENTENCE = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z\"“])")


def _said_on(lead: Figure, reading: Reading, index: CorpusIndex) -> bool:
    """The lead's own words hold the topic with the next sentence of its paragraph, when that sentence goes on about
    its money (``_GOES_ON``) and gives no amount of its own: what the money does is said there, not beside the figure.
    Read with its sheet's title and with its initiative's title, as the figure's evidence is."""
    record = lead.record
    initiative = index.initiative(record.initiative_id) if record.initiative_id is not None else None
    paragraphs = [" ".join(initiative.text.split())] if initiative is not None else \
        _lead_paragraphs(index, lead.document)
    sentence = " ".join(record.sentence.split())
    following = ""
    for paragraph in paragraphs:
        at = paragraph.find(sentence)
        if at >= 0:
            following = _NEXT_SENTENCE.split(paragraph[at + len(sentence):].strip(), maxsplit=1)[0]
            break
    if not following or not _GOES_ON.match(following) or _AMOUNT_WORDS.search(following):
        return False
    query = _figure_query(index, reading)
    words = [*_near_figure(record), *(t for t in tokenize(following) if t not in STOPWORDS)]
    titles = [dict.fromkeys(tokens(index.columns.doc_titles_folded[index._doc_row[lead.document.id]])),
              dict.fromkeys(tokens(fold(initiative.title))) if initiative is not None else {}]
    return any(_coverage(query, title, words, index.columns.funding_fields.terms) >= COVERED for title in titles)


def _said_for_first(figures: list[Figure]) -> list[Figure]:
    """When the lead figure is only near the topic (hedged ``weak``: its own words, even with its sheet's or its
    initiative's title, hold under 74% of it; it was found because its initiative or paragraph holds the topic), the
    best figure of the same sheet within ``KIND_YIELD_GAP`` points of it whose own words, with its initiative's title,
    hold the topic — announced money of the kind asked for — goes first: the sheet says that one *for* the topic ("The
    Budget provides more than $3.4 billion to advance democratic governance …" found by the next sentence, "Within this
    total, the Budget includes … $25 million for the President's new African Democratic and Political Transitions
    (ADAPT) initiative"). The list is returned unchanged when there is none."""
    lead = figures[0]
    for n, f in enumerate(figures[1:], 1):
        if lead.score - f.score > KIND_YIELD_GAP:
            break
        if (f.document.id == lead.document.id and f.record.kind in _ANSWER_KINDS and f.kind_matches
                and f.coverage >= COVERED and f.evidence >= COVERED and f.own_evidence >= COVERED):
            return [f, *figures[:n], *figures[n + 1:]]
    return figures


def _split_after(record: FundingRecord) -> bool:
    """The figure's own sentence goes on to split it into parts that add up to it ("launch a $698 million MCC Compact,
    supported with $649 million from the United States and $49 million from Indonesia"): who puts in what is said
    beside it, and a question on what one of them puts in is answered by a part, not by the whole."""
    sentence = " ".join(record.sentence.split())
    at = sentence.find(record.text)
    if at < 0:
        return False
    parts = [max(amounts) for match in _AMOUNT_WORDS.finditer(sentence, at + len(record.text))
             if (amounts := _amounts_in(match.group(0)))]
    whole = record.amount_usd
    parts = [p for p in parts if p < whole * 0.995]
    for i in range(len(parts)):
        for j in range(i + 1, len(parts)):
            if abs(parts[i] + parts[j] - whole) <= 0.005 * whole:
                return True
    return False


def _running_total_said(record: FundingRecord) -> bool:
    """The figure's own words say a running or cumulative total; not words that lead on to the next figure."""
    sentence = " ".join(record.sentence.split())
    at = sentence.find(record.text)
    if at >= 0:
        end = at + len(record.text)
        following = _AMOUNT_WORDS.search(sentence, end)
        leads_on = _TOTAL_LEADS_ON.search(sentence, end, following.start()) if following else None
        if leads_on is not None:
            sentence = sentence[:leads_on.start()] + " " * (leads_on.end() - leads_on.start()) + sentence[leads_on.end():]
            record = dataclasses.replace(record, sentence=sentence)
    return bool(_RUNNING_TOTAL.search(_around_text(record)))


def _around_text(record: FundingRecord) -> str:
    """The sentence's own text from the figure before this one to the figure after it, its small words kept: "to
    date", "so far", "since the start of" are read in them (``_around`` keeps content words only; 71st round)."""
    sentence = record.sentence
    at = sentence.find(record.text)
    if at < 0:
        return sentence
    start, stop = _between_figures(sentence, at, at + len(record.text))
    return " ".join(sentence[start:stop].split())


def _around(record: FundingRecord) -> str:
    """The words of a figure's sentence from the figure before it to the figure after it."""
    return " ".join(_near_figure(record))


def _hedge(figures: list[Figure], reading: Reading, index: CorpusIndex, passed_over: Figure | None = None) -> str:
    """Why the lead figure is not *the* answer ("" when it is): the rules of ``docs/ask.md``. ``passed_over``: the
    figure that scored higher but only near the topic, which the lead was put before (``_said_for_first``)."""
    lead = figures[0]
    if lead.evidence < COVERED and not _said_on(lead, reading, index):
        return HEDGE_WEAK
    # (the law asked of may be typed by its short form: "arp money" is the American Rescue Plan's)
    if _law_total(lead.record) and reading.kind in (None, KIND_NEW) \
            and not _LAW_SUBJECT.search(" ".join((reading.text, *reading.expanded))):
        return HEDGE_KIND  # "The law will invest $21 billion to … cap orphaned oil and gas wells": a law's total
    change = _change(lead.record)
    if change == "from":
        return HEDGE_KIND  # "doubling his initial $250 million … to $500 million": what there was before
    paid = (_asks_paid(reading) and _paid_for(lead.record)) or _state_spends(lead.record, reading)  # what a buyer
    # paid or a named state spends: the sum asked for, whatever its kind
    if lead.record.kind not in _ANSWER_KINDS and change != "to" and not paid and not (lead.record.kind == "background" and (
            _announced_here(lead.record) or _first_said_here(lead, figures) or _announced_before(lead, figures))) \
            and not _handed_out_not_estimated(lead, figures) \
            and not (lead.record.kind == "estimate" and _ESTIMATE_ASKED.search(reading.text)) \
            and not (lead.record.kind == "background" and (_asks_received(reading) or _only_earlier_money(lead, figures, reading)
                                                           or _asks_what_law_put_in(reading, lead.record))):
        return HEDGE_KIND
    if lead.record.kind == "background" and change != "to" and not paid and lead.own_evidence < LEAD and any(
            f.document.id == lead.document.id and f.record.kind in _ANSWER_KINDS and f.evidence >= COVERED
            and not _same_amount(f.record.amount_usd, [lead.record.amount_usd]) for f in figures[1:]):
        return HEDGE_KIND  # earlier money read as announced, found by its sheet's title, beside what the sheet announces
    own_heading = _own_heading(lead, index)  # "**$3 Billion to Strengthen Vaccine Confidence.**": its part's own sum
    if any((_outsaid(lead, f) or (_larger_beside(lead, f) and not own_heading and not (paid and not _paid_for(f.record))))
           and not _state_sets_apart(lead, f, reading) for f in figures[1:]):
        return HEDGE_OUTSAID  # "match our pledge – and make this a $1 billion commitment" beside "$500 million … mpox"
    if any(_handed_out_estimate(lead, f) for f in figures[1:]):
        return HEDGE_ESTIMATE  # "releasing $73 million in … Outreach grants" (read as an estimate) beside "Over $7 million"
    if any(_says_differently(lead, f) for f in figures[1:]):
        return HEDGE_DIFFERS  # "$1.06 billion to replace the Blatnik Bridge" and "$1 billion to replace the Blatnik Bridge"
    if reading.agency and not _sheet_names(index, lead, agency_names(reading.agency)):
        return HEDGE_AGENCY  # "how much did the Forest Service give": a sheet that never names it gives some other money
    if _out_of_office(reading, lead.document):
        return HEDGE_OFFICE  # "how much did trump give …": a sheet from Biden's term gives some other money
    if _PER_YEAR_ASKED.search(reading.text) and _several_years(lead.record):
        return HEDGE_YEARS  # "how much a year …": "the 10-year $600 million agreement" is not a year's amount
    if _split_after(lead.record) and not _TOTAL_ASKED.search(reading.text):
        return HEDGE_SPLIT  # "a $698 million MCC Compact, supported with $649 million from the United States and $49 …"
    if _inside_larger(lead.record) and not _named_part(lead, figures):
        return HEDGE_PART  # a part of a larger figure in the same sentence: which one answers is not clear
    if _running_total_said(lead.record) and not _RUNNING_TOTAL.search(reading.text) and any(
            f.coverage >= COVERED and not _same_amount(f.record.amount_usd, [lead.record.amount_usd]) for f in figures[1:]):
        return HEDGE_RUNNING  # a running total ("bringing the total to …", "so far"): what was new is another figure
    headline = _amounts_in(lead.document.title)
    if headline and not reading.state and not _same_amount(lead.record.amount_usd, headline) and any(
            f.document.id == lead.document.id and f.coverage >= COVERED and _same_amount(f.record.amount_usd, headline)
            and f.own_coverage >= lead.own_coverage - HEADLINE_OUTSAID  # not a headline its own words say less of
            and not _named_part(lead, figures) for f in figures[1:]) and not own_heading:
        return HEDGE_HEADLINE  # the sheet's title names another of its figures on the topic: that may be what answers
    if headline and not reading.state and lead.record.amount_usd > max(headline) * 1.005 and any(
            _same_amount(record.amount_usd, headline) for record in index.funding_of_document(lead.document.id)):
        return HEDGE_TOTAL  # larger than what the sheet announces (its title's figure): likely the total it adds to
    asked_kind = reading.kind not in (None, KIND_NEW) and lead.kind_matches
    # a running total is no rival to a lead that is not one, unless the question asks for the running total
    running_no_rival = not _RUNNING_TOTAL.search(reading.text) and not _running_total_said(lead.record)
    for f in figures[1:]:
        if f.coverage < COVERED or abs(f.record.amount_usd - lead.record.amount_usd) <= 0.005 * max(lead.record.amount_usd, 1.0):
            continue
        if f.evidence < COVERED and f.document.id != lead.document.id:
            continue  # another sheet's figure only near the topic (it would be listed, not stated): no rival answer
        if f is passed_over:
            continue  # the figure only near the topic that the lead, said for it, was put before: no rival answer
        if running_no_rival and _running_total_said(f.record):
            continue  # "This latest package takes Australia's military assistance to Ukraine to more than $1.1 billion
            # since the start …": a running total beside the package's own sum is no rival answer (71st round)
        if asked_kind and not f.kind_matches:
            continue  # "what did Biden ask for in the budget": new money announced elsewhere is not a rival answer
        if reading.agency and _given_by_another(f.record, agency_names(reading.agency)):
            continue  # "how much is DOT offering": "… EPA has awarded $177 million" is another agency's money
        if paid and _awarded_to(f.record):
            continue  # "how much is MP Materials putting in": what an agency "has awarded MP Materials" is not what it puts in
        same_statement = f.document.title == lead.document.title or f.record.sentence == lead.record.sentence
        if not same_statement and f.record.kind == "background" and lead.record.kind in _ANSWER_KINDS:
            continue  # another sheet recalling earlier money is not another announcement
        gap = SURE_GAP if same_statement else SURE_GAP_OTHER_SHEET  # one sentence quoted by two sheets is one statement
        if lead.score - f.score < gap:
            return HEDGE_CLOSE
    if _many_answers(lead, figures, headline):
        return HEDGE_CLOSE
    if any(_announced_beside(lead, f, figures) for f in figures[1:]):
        return HEDGE_CLOSE  # "DOT will announce more than $475 million …" beside "… $13 million for the Marine Highway …"
    return ""


MANY_SHEETS = 8  # other sheets giving an amount for the topic in their own words: the question may mean any of them
SURE_GAP_MANY = 8.0  # ... then the lead must beat the best of them by this many points to be "the" answer


def _many_answers(lead: Figure, figures: list[Figure], headline: set[float]) -> bool:
    """Eight or more other sheets each give another amount whose own words (with its initiative's title) hold the
    topic, and the lead is not clearly ahead of them: a question put in words that many announcements share ("how much
    to help research") is answered by none of them in particular (thirty-third round). Measured on questions generated
    from the sheets (scripts/ask_synthetic_check.py), such leads were wrong about one time in two (11 of 23), against
    one in forty-three over all stated figures (27 of 1,163)."""
    others = [f for f in figures[1:] if f.document.id != lead.document.id and f.coverage >= COVERED
              and f.own_evidence >= COVERED and not _same_amount(f.record.amount_usd, [lead.record.amount_usd])]
    if len({f.document.id for f in others}) < MANY_SHEETS:
        return False
    # The headline points say which figure its own sheet leads with, not which of many sheets the question means: a
    # headline lead must stand out from the others by its topic and kind, without them (thirty-sixth round).
    # (``headline``: the amounts of the lead's sheet's title)
    bonus = HEADLINE_BONUS if _same_amount(lead.record.amount_usd, headline) else 0.0
    return lead.score - bonus - max(f.score for f in others) < SURE_GAP_MANY


_ANNOUNCING = re.compile(r"\b(?:today\b[^.$]{0,60}\b(?:announc\w*|award\w*|invest\w*|provid\w*)|is\s+(?:announcing|awarding))"
                         r"\b[^.$]{0,200}$", re.IGNORECASE)
# "The Department of War is investing $400 million into …", "USDA is providing $50 million": whoever hands the money out
# doing it now, in the present progressive (twenty-eighth round); not a law ("the law is investing $65 billion").
_DOING_NOW = re.compile(r"\b(?:is|are)\s+(?:now\s+)?(?:investing|providing|committing|allocating|releasing|delivering"
                        r"|granting|making\s+available)\b[^.$]{0,60}$", re.IGNORECASE)
# "Army Corps of Engineers to Invest $14 Billion": an agency's plan. Not when a law is what "will invest"
# ("the Bipartisan Infrastructure Law ... will invest more than $135 billion" is the law's total).
_WILL_INVEST = re.compile(r"\b(?:will|to)\s+invest\b[^.$]{0,40}$", re.IGNORECASE)
_LAW_NOUNS = r"law|laws|act|acts|bill"
_LAW_SUBJECT = re.compile(rf"\b(?:{_LAW_NOUNS}|plan|agenda)\b", re.IGNORECASE)
_EARLIER = re.compile(r"\b(?:has|have|had)\s+(?:already\s+)?(?:invested|provided|awarded|announced|made)\b|\balready\b"
                      r"|\bpreviously\b|\blast\s+year\b|\bbuild(?:s|ing)?\s+on\b", re.IGNORECASE)


# A law as the subject of the verb that gives the figure ("The law will invest $21 billion", "the Bipartisan
# Infrastructure Law provides $65 billion"): what the law holds over its years, not money anyone announced.
# A law named by its short form gives it too ("And the ARP provided $145 million to help the National Family Caregiver
# Support Program", 66th round); only as a verb's subject, not "ARP funds", "ARP investments".
_LAW_GIVES = re.compile(r"(?:\b(?:law|act|plan|bill)(?:\s+(?:will|would|also))?\s+(?:invest|provid|deliver|include|make|dedicat"
                        r"|allocat|appropriat|fund)\w*"
                        r"|\b(?:arpa?(?!-)|bil|iija|ira|chips)(?:\s+(?:will|would|also))?\s+(?:invest(?:s|ed)?|provided?|provides"
                        r"|deliver(?:s|ed)?|include[sd]?|makes|made|dedicated|allocated|appropriated))\b[^.$]{0,30}$",
                        re.IGNORECASE)


# A change of an amount said in one sentence ("he is doubling his initial $250 million investment in domestic
# fertilizer production to $500 million"): the first figure is what there was, the second what is announced.
_RAISE_VERB = r"\b(?:doubl|tripl|increas|rais|boost|expand|grow|scal\w*\s+up)\w*\b"
_RAISED_FROM_BEFORE = re.compile(_RAISE_VERB + r"[^.$]{0,40}$", re.IGNORECASE)
_RAISED_FROM_AFTER = re.compile(r"^[^.$]{0,100}\bto\s+(?:about\s+|nearly\s+|more\s+than\s+|over\s+)?\$", re.IGNORECASE)
_RAISED_TO_BEFORE = re.compile(_RAISE_VERB + r"[^.]{0,160}\$[^.$]{0,100}\bto\s+(?:about\s+|nearly\s+|more\s+than\s+|over\s+)?$",
                               re.IGNORECASE)


def _change(record: FundingRecord) -> str:
    """"from" when the figure is the amount a sentence raises, "to" when it is the amount raised to, else ""."""
    return _change_in(record.sentence, record.text)


@functools.lru_cache(maxsize=4096)
def _change_in(raw_sentence: str, text: str) -> str:
    """``_change`` of a figure's text in its sentence: asked for each figure by the kind check, the figure's
    score and the hedge, for every question, so worked out once per sentence and figure."""
    sentence = " ".join(raw_sentence.split())
    at = sentence.find(text)
    if at < 0:
        return ""
    before, after = sentence[:at], sentence[at + len(text):]
    if _RAISED_FROM_BEFORE.search(before) and _RAISED_FROM_AFTER.search(after):
        return "from"
    if _RAISED_TO_BEFORE.search(before) and _ANNOUNCING_ANYWHERE.search(before):
        return "to"
    return ""


_ANNOUNCING_ANYWHERE = re.compile(r"\btoday\b|\bannounc\w*|\bwill\b", re.IGNORECASE)


def _law_total(record: FundingRecord) -> bool:
    """The figure is a law's own total: the law is what gives it, in the words just before it."""
    before = _before_figure(record)
    return bool(before) and bool(_LAW_GIVES.search(before))


def _announced_here(record: FundingRecord) -> bool:
    """Money the model reads as earlier money, but whose own sentence announces it now ("Today, President
    Biden is announcing that the Department of Energy is awarding $2.8 billion in grants", a heading "Army
    Corps of Engineers to Invest $14 Billion"): the words leading to the figure say so, with no word of
    earlier money or a running total around it."""
    sentence = " ".join(record.sentence.split())
    at = sentence.find(record.text)
    if at < 0:
        return False
    before = sentence[:at]
    # an agency's plan or money it is handing out now, unless a law is what gives it
    givers = (_WILL_INVEST.search(before), _DOING_NOW.search(before))
    announced = bool(_ANNOUNCING.search(before)) or any(
        verb is not None and not _LAW_SUBJECT.search(before[:verb.start()]) for verb in givers)
    # ("providing $1 billion to the Green Climate Fund (GCF), bringing total U.S. contributions to the GCF to $2
    # billion": the running total is the next figure, not this one; 62nd round)
    return announced and not _EARLIER.search(_around(record)) and not _running_total_said(record)


# A verb that hands money out, said before the figure ("announced the immediate availability of $60 million",
# "to allocate $50 million"): the sentence gives the money, it does not describe it.
_HANDING_OUT = re.compile(r"(?:\b(?:announc|award|allocat|provid|releas|approv|commit|grant|deliver|dedicat|direct|launch)\w*"
                          r"|\bfunded\s+(?:by|with|through))\b[^.$]{0,80}$", re.IGNORECASE)
# A law named as where the money comes from ("nearly $50 million—including support from the Bipartisan
# Infrastructure Law", "funded by $600 million from President Biden's Bipartisan Infrastructure Law"), or "law"
# in "law enforcement": the money is drawn from the law by whoever hands it out, not the law's own total.
_LAW_AS_SOURCE = re.compile(r"\b(?:from|through|under|via)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,5}?(?:law|act|plan|agenda)\b"
                            r"|\blaw\s+enforcement\b", re.IGNORECASE)
# The verb that hands the money out, said after the figure ("more than $400 million was awarded to the Golden Gate
# Bridge"), and whoever gets the money saying so before it ("Puerto Rico's Department of Transportation will receive
# $51.4 million"): the sentence gives the money as much as "announced $60 million" does.
_HANDED_AFTER = re.compile(r"^(?:\s+(?:in|of)\s+[\w-]+(?:\s+[\w-]+)?)?\s+(?:was|were|will\s+be|is\s+being|are\s+being)\s+"
                           r"(?:awarded|provided|granted|allocated|released|committed|delivered|dedicated|directed)\b",
                           re.IGNORECASE)
_RECEIVES = re.compile(r"\b(?:will\s+receive|is\s+receiving|are\s+receiving|receives)\s+(?:(?:an?|additional|new|more"
                       r"|than|over|nearly|about|up|to|another)\s+){0,3}$", re.IGNORECASE)


def _handed_out(sentence: str, text: str, before: str) -> bool:
    """The figure's sentence hands the money out: a verb that gives it before the figure, whoever receives it
    saying so before it, or a passive verb that gives it right after it."""
    at = sentence.find(text)
    return bool(_HANDING_OUT.search(before) or _RECEIVES.search(before)
                or (at >= 0 and _HANDED_AFTER.search(sentence[at + len(text):])))


_IN_ADDITION = re.compile(r"\b(?:in\s+addition\s+to|on\s+top\s+of|adds?\s+to|builds?\s+on)\s+(?:the\s+)?[^.$]{0,20}$",
                          re.IGNORECASE)


# A law near a figure: "law", "act", "bill" however written, a plan or an agenda only when named ("the American Rescue
# Plan", "the Build Back Better Agenda"): "shared its plan to provide", "a $5 billion infrastructure plan" are what
# a country or a company means to do, not a law whose money is recalled.
_LAW_WORD = re.compile(rf"\b(?:{_LAW_NOUNS})\b", re.IGNORECASE)
_NAMED_PLAN = re.compile(r"\b(?:Plans?|PLANS?|Agenda|AGENDA)\b")


def _first_said_here(lead: Figure, figures: list[Figure]) -> bool:
    """Money the model reads as earlier money, but that no earlier sheet on the topic gives: as far as the
    library knows, this sheet is where it was announced ("FHWA announced the immediate availability of $60
    million" in the sheet on the actions since the bridge collapsed). Not when its own words say earlier money
    or a running total ("has invested", "to date", "in addition to the $4.5 billion"), nor when a law gives it ("The
    Bipartisan Infrastructure Law invests $17 billion", "the $4.5 billion the American Rescue Plan provided": a
    law's money, recalled whenever it is spent)."""
    day = lead.document.date
    record = lead.record
    sentence = " ".join(record.sentence.split())
    sentence = _LAW_AS_SOURCE.sub(lambda m: " " * len(m.group(0)), sentence)  # same length: the figure stays put
    around = _around(dataclasses.replace(record, sentence=sentence))
    before = sentence[:max(sentence.find(record.text), 0)]
    if day is None or _LAW_SUBJECT.search(before) or _LAW_WORD.search(around) or _NAMED_PLAN.search(sentence) \
            or _EARLIER.search(around) \
            or _RUNNING_TOTAL.search(around) or _IN_ADDITION.search(before) or not _handed_out(sentence, record.text, before):
        return False
    return not any(f.document.date is not None and f.document.date < day and f.coverage >= LEAD
                   and _same_amount(f.record.amount_usd, [lead.record.amount_usd]) for f in figures[1:])


# Words that make a sum a guess or an outcome hoped for, not money handed out: "is expected to catalyze over $8 billion",
# "could unlock", "an estimated $2 billion", "a potential $5 million", "by 2030".
_ESTIMATED = re.compile(r"\b(?:expect\w*|estimat\w*|project(?:ed|s|ing)|anticipat\w*|could|would|may|might|potential\w*"
                        r"|catalyz\w*|leverag\w*|mobiliz\w*|unlock\w*|spur\w*|generat\w*|attract\w*|worth|valued|up\s+to"
                        r"|by\s+20\d\d|goal|target\w*|aim\w*)\b", re.IGNORECASE)


# A verb by which money is awarded, granted or lent to someone, right before the figure ("the Department of Defense …
# has awarded MP Materials $35 million"): the one named gets the sum, it does not pay or put it in.
_AWARDED_BEFORE = re.compile(r"\b(?:award|grant|loan|lend|lent|allocat|disburs)\w*\b[^.$]{0,60}$", re.IGNORECASE)


def _awarded_to(record: FundingRecord) -> bool:
    """The figure's sentence awards, grants or lends the sum to someone (who receives it, not who pays it)."""
    return bool(_AWARDED_BEFORE.search(_before_figure(record)))


# The question asks for a sum expected, not one handed out ("how much private money is the initiative supposed to bring
# in", "how much is it expected to raise"): an estimate is then what it asks for.
_ESTIMATE_ASKED = re.compile(r"\bsuppos(?:e|ed)\s+to\b|\b(?:expected|projected|estimated|forecast)\s+to\b", re.IGNORECASE)
# A question after what something got, received or is using ("how much rescue plan money did hbcus in georgia get"),
# not after what was announced: money the sheet tells of having been given answers it as well as new money (round
# 55m). Not when it asks for news ("did biden announce", "new", "today", "will"), nor for a kind other than new money.
_RECEIVED_ASKED = re.compile(r"\b(?:did|does|do|has|have|had)\s+(?:[^?.]{0,80}?\s)?(?<!\bto\s)(?:get|receive|obtain)\b"
                             r"|\b(?:got|gotten|received|receiving|using)\b", re.IGNORECASE)
# What money went to something, or what a law did put into it (61st round: "how much arp money went to harm reduction",
# "how much did the infrastructure law put into the acp"): answered by what the law itself holds for it ("The American
# Rescue Plan included $30 million …"), not by an agency's earlier spending of the law's money another sheet recalls.
_PUT_IN_ASKED = re.compile(r"\bwent\s+(?:to|into|toward|towards)\b"
                           r"|\b(?:did|has|have|had)\s+(?:[^?.]{0,80}?\s)?put\s+(?:in|into|toward|towards)\b", re.IGNORECASE)
_NEWS_ASKED = re.compile(r"\b(?:announc\w*|unveil\w*|new(?!\s+(?:york|jersey|mexico|hampshire|haven|orleans|england))|newly"
                         r"|today|will|latest|plan(?:s|ned|ning)?\s+to|propos\w*|pledg\w*|commit\w*|request\w*|budget|releas\w*|extra"
                         # (not a count of things: "to hire or keep 50 more cops" asks no news, 64th round)
                         r"|(?<!\d\s)(?:additional|another|more))\b",
                         re.IGNORECASE)


def _asks_no_news(reading: Reading) -> bool:
    """A question after new money or no kind, that asks for no news (``_NEWS_ASKED``): earlier money may answer it."""
    return reading.kind in (None, KIND_NEW) and not _NEWS_ASKED.search(reading.text)


def _only_earlier_money(lead: Figure, figures: list[Figure], reading: Reading) -> bool:
    """The lead is earlier money and no figure of money announced holds even half the topic with another amount, in a
    question that does not ask for news: the earlier money is all the sheets say for it, and is the answer (shown as
    earlier money; round 55m)."""
    return _asks_no_news(reading) and not any(f.record.kind in _ANSWER_KINDS and f.coverage >= LEAD
                   and not _same_amount(f.record.amount_usd, [lead.record.amount_usd]) for f in figures[1:])


def _asks_what_law_put_in(reading: Reading, record: FundingRecord) -> bool:
    """The question asks what went to something or what was put into it, and the figure is a law's own (``_PUT_IN_ASKED``,
    ``_law_total``)."""
    return _asks_no_news(reading) and bool(_PUT_IN_ASKED.search(reading.text)) and _law_total(record)


def _asks_received(reading: Reading) -> bool:
    """The question asks what something received or is using, not what was announced (``_RECEIVED_ASKED``)."""
    return _asks_no_news(reading) and bool(_RECEIVED_ASKED.search(reading.text))


def _given_by_another(record: FundingRecord, names: Sequence[str]) -> bool:
    """The agency that hands the money out in the figure's own clause is another than the one asked about ("In
    coordination with DOT's Thriving Communities Program, …, EPA has awarded $177 million" when DOT is asked about)."""
    before = _before_figure(record)
    verb = _HANDING_OUT.search(before)
    if verb is None:
        return False
    clause = re.split(r"[,;:—]", before[:verb.start()])[-1]  # the giver: the words of the verb's own clause before it
    return bool(_agencies_in(clause)) and not _mentions(clause, names)


def _said_as_a_count(figure: Figure) -> bool:
    """A sum the money model reads as an estimate that its sentence gives as a count of what happened, with no word of
    a guess beside it and no verb handing it out ("nearly 1.5 million people with Medicare Part D saved nearly $1
    billion"): a statistic, not a sum spent or raised (round 55c)."""
    if figure.record.kind != "estimate":
        return False
    around = _words_around(figure.record)
    return around is not None and not _ESTIMATED.search(around[1]) and not _HANDING_OUT.search(around[0])


# What an estimate says of the economy around a thing ("a potential net economic impact of up to $480 million"), and a
# question asking for that effect rather than for money provided ("how big a boost to the economy …").
_ECONOMIC_EFFECT = re.compile(r"\beconomic\s+(?:impact|activity|output|benefits?|growth|gains?)\b"
                              r"|\bboost\s+(?:to\s+)?(?:the\s+)?(?:local\s+|national\s+)?econom(?:y|ies)\b|\bgdp\b",
                              re.IGNORECASE)
_EFFECT_ASKED = re.compile(r"\b(?:impact|econom\w*|bring\s+in|brings\s+in|generat\w*|boost\w*|benefit\w*|gdp|worth)\b",
                           re.IGNORECASE)


def _economic_effect(figure: Figure, reading: Reading) -> bool:
    """An estimate of what something does for the economy, asked by a question after money provided ("how much federal
    money is going to security for the world cup": "a potential net economic impact of up to $480 million"): a
    statistic, not a sum spent or raised (round 57m)."""
    if figure.record.kind != "estimate" or _EFFECT_ASKED.search(reading.text):
        return False
    around = _words_around(figure.record)
    return around is not None and _ECONOMIC_EFFECT.search(around[1]) is not None


def _words_around(record: FundingRecord) -> tuple[str, str] | None:
    """(its sentence up to the figure, the words that say what the sum is: 80 characters before it to 40 after), or
    None when the figure's text is not in its sentence as written."""
    sentence = " ".join(record.sentence.split())
    at = sentence.find(record.text)
    if at < 0:
        return None
    return sentence[:at], sentence[max(0, at - 80):at + len(record.text) + 40]


def _handed_out_not_estimated(lead: Figure, figures: list[Figure]) -> bool:
    """A sum the money model reads as an estimate whose own sentence hands it out with no word of a guess around it
    ("NSF launched a $28 million Future Manufacturing competition on January 10"): money announced, as earlier money
    first said in its sheet is (``_first_said_here``)."""
    if lead.record.kind != "estimate":
        return False
    around = _words_around(lead.record)
    return around is not None and not _ESTIMATED.search(around[1]) and _first_said_here(lead, figures)


def _dates_to(sentence: str, day: dt.date) -> bool:
    """The sentence names the month and year of ``day`` ("in November 2022", "on November 21, 2022")."""
    month = calendar.month_name[day.month]
    return bool(re.search(rf"\b{month}\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?{day.year}\b", sentence, re.IGNORECASE))


# A recall dated relative to its own sheet (64th round): "last week, NEH announced $2.8 million" in a sheet of 28
# September recalls the one of 15 September where "Next week, NEH is announcing $2.8 million".
_LAST_WEEK = re.compile(r"\b(?:last|past|previous|earlier\s+this)\s+week\b", re.IGNORECASE)
_LAST_MONTH = re.compile(r"\b(?:last|past|previous)\s+month\b", re.IGNORECASE)
_THIS_MONTH = re.compile(r"\bearlier\s+this\s+month\b", re.IGNORECASE)


def _recalls_recent(sentence: str, then: dt.date, day: dt.date) -> bool:
    """The sentence (of a sheet dated ``day``) dates what it recalls to "last week", "earlier this month" or "last
    month", and ``then`` falls there."""
    gap = (day - then).days
    if _LAST_WEEK.search(sentence) and 0 < gap <= 16:
        return True
    if _THIS_MONTH.search(sentence) and gap > 0 and (then.year, then.month) == (day.year, day.month):
        return True
    previous = day.replace(day=1) - dt.timedelta(days=1)
    return bool(_LAST_MONTH.search(sentence)) and (then.year, then.month) == (previous.year, previous.month)


def _announced_before(lead: Figure, figures: list[Figure]) -> bool:
    """Earlier money whose amount an earlier sheet announced for the topic: the lead recalls that announcement
    ("NOAA also launched an innovative $575 million competition" after the sheet where NOAA "will later this week
    launch a first-ever $575 million Climate Resilience Regional Challenge"), so the amount is announced money
    whichever sheet says it. The earlier figure must stand on its own words and be announced where it is said."""
    day = lead.document.date
    if day is None:
        return False
    for f in figures[1:]:
        # the earlier sheet's figure stands on its own words; or, read as announced money there, it is near the topic
        # (half of it) and the lead's sentence dates what it recalls to that sheet's month: "when Vice President
        # Harris visited Palawan in November 2022, she announced $7.5 million …" recalls the sheet of 21 November 2022
        # where "The United States will provide $7.5 million … Philippine maritime law enforcement agencies"
        if f.document.date is None:
            continue
        floor = LEAD if f.record.kind in _ANSWER_KINDS and _dates_to(lead.record.sentence, f.document.date) else COVERED
        # (recalled as "last week": the sheet it recalls need only hold half the topic with its initiative's words)
        recent = f.record.kind in _ANSWER_KINDS and f.coverage >= LEAD \
            and _recalls_recent(lead.record.sentence, f.document.date, day)
        if f.document.date >= day or (f.evidence < floor and not recent) or \
                not _same_amount(f.record.amount_usd, [lead.record.amount_usd]):
            continue
        if f.record.kind in _ANSWER_KINDS or (f.record.kind == "background" and (
                _announced_here(f.record) or _first_said_here(f, [f, *(g for g in figures if g is not f)]))):
            return True
    return False


def _announced_beside(lead: Figure, other: Figure, figures: list[Figure]) -> bool:
    """Another figure of the lead's sheet that the money model reads as earlier money, but that this hedge's own rules
    read as announced where it is said (``_announced_here``, ``_first_said_here``: they would state it as the lead),
    and that holds more of the topic than the lead both in its own words and with its titles: only the model's reading
    put it below the lead, and a lead that says less of the topic is then not *the* answer ("DOT will announce more
    than $475 million in additional funding for port and marine highway infrastructure" beside "Launch programs to
    modernize ports and marine highways with more than $240 million in grant funding" and "… $13 million for the
    Marine Highway Program", asked about the Marine Highway Program)."""
    if (other.document.id != lead.document.id or other.record.kind != "background" or other.coverage < COVERED
            or other.evidence <= lead.evidence or other.own_evidence <= lead.own_evidence
            or _same_amount(other.record.amount_usd, [lead.record.amount_usd])):
        return False
    return _announced_here(other.record) or _first_said_here(other, [other, *(f for f in figures if f is not other)])


def _says_differently(lead: Figure, other: Figure) -> bool:
    """Another figure of the lead's sheet, its own words on the topic too, whose amount is close to the
    lead's but not the same: one is rounded or revised, and which one the question wants is not clear."""
    a, b = lead.record.amount_usd, other.record.amount_usd
    return (other.document.id == lead.document.id and other.own_coverage >= COVERED
            and other.record.kind in _ANSWER_KINDS and not _same_amount(b, [a])
            and abs(a - b) <= DIFFERS_WITHIN * max(a, b))


def _outsaid(lead: Figure, other: Figure) -> bool:
    """Another announced figure of the lead's sheet whose own words say much more of the topic than the lead's do,
    when only the sheet's title makes the lead's words hold the topic: a title on the topic puts every figure of its
    sheet on it, so which of them is said *for* the topic is what their own words hold. "We call on governments … to
    match our pledge – and make this a $1 billion commitment" is not the sheet's figure for the mpox pledge when "the
    United States is committed to providing at least $500 million … to support African countries to … respond to the
    current mpox outbreak" is in the same sheet."""
    return (other.document.id == lead.document.id and lead.own_evidence < COVERED
            and other.record.kind in _ANSWER_KINDS and not _same_amount(other.record.amount_usd, [lead.record.amount_usd])
            and other.own_evidence >= max(LEAD, OUTSAID_RATIO * lead.own_evidence))


def _state_sets_apart(lead: Figure, other: Figure, reading: Reading) -> bool:
    """The question names a state that the lead's words name and the other figure's do not: a national figure ("$2.7
    billion in funding for HBCUs") says no more of "how much did hbcus in georgia get" than "Georgia: Over $260 million
    for 8 HBCUs" does (round 55m)."""
    return bool(reading.state) and lead.state_named and not other.state_named


def _larger_beside(lead: Figure, other: Figure) -> bool:
    """A larger figure of the same kind in the lead's sheet that holds at least as much of the topic, when only the
    sheet's title makes the lead's words hold it: which of the two the sheet gives for the topic is not said. "USAID
    will provide another $2 billion" is not *the* figure when the same sheet's "newly announced commitment of an
    additional $2.76 billion" is found the same way."""
    return (other.document.id == lead.document.id and lead.own_evidence < COVERED
            and other.record.kind == lead.record.kind
            and other.record.amount_usd > lead.record.amount_usd * 1.005 and other.evidence >= lead.evidence)


# A verb that hands the money out, right before the figure ("releasing $73 million", "awarding an additional $5 million").
_HANDS_OUT = re.compile(r"\b(?:releas|award|provid|distribut|disburs|allocat|grant)\w*\s+(?:(?:an?|additional|new|more"
                        r"|than|over|nearly|about|up|to|another)\s+){0,3}$", re.IGNORECASE)


def _handed_out_estimate(lead: Figure, other: Figure) -> bool:
    """A larger figure of the lead's sheet that the money model reads as an estimate though a verb handing money out
    introduces it ("announced new funding to lower the cost of high-speed internet, releasing $73 million in Affordable
    Connectivity Outreach grants"), with as much of the topic in its evidence: the model's reading may hide the sum the
    sheet gives for the topic, so the lead is listed beside it rather than stated."""
    if (other.document.id != lead.document.id or other.record.kind != "estimate"
            or other.record.amount_usd <= lead.record.amount_usd * 1.005 or other.evidence < lead.evidence):
        return False
    sentence = " ".join(other.record.sentence.split())
    at = sentence.find(other.record.text)
    return at > 0 and bool(_HANDS_OUT.search(sentence[:at]))


def _sure(figures: list[Figure], reading: Reading, index: CorpusIndex) -> bool:
    """The lead figure is the answer, not one of several close candidates for it."""
    return not _hedge(figures, reading, index)


def _overview(index: CorpusIndex, top: Candidate, candidates: list[Candidate]) -> list[InitiativeRecord]:
    """What else the answering fact sheet announces: its initiatives on the topic first, then the
    others in document order, at most ``OVERVIEW``."""
    sheet = [rec for rec in index.initiatives_of(top.document.id) if rec.id != top.initiative.id]
    on_topic = {c.initiative.id for c in candidates if c.document.id == top.document.id}
    ordered = [rec for rec in sheet if rec.id in on_topic] + [rec for rec in sheet if rec.id not in on_topic]
    return ordered[:OVERVIEW]


def _state_first(reading: Reading, scored: list[Candidate]) -> list[Candidate]:
    """Of the candidates that hold the topic, those that name the state asked about come first, in their order: "what
    did … announce about survivors in florida" is answered by "Florida: More than $213 million for … survivors", not by
    the sheets whose titles say survivors and which name no state (thirty-third round). Before, a state-naming
    candidate below the first five made the question "not covered" (`_state_ok` reads the first five)."""
    names = _state_names(reading.state or "")
    named = [c for c in scored if c.coverage >= COVERED
             and _mentions(_candidate_text(c), names)]
    if not named or named[0] is scored[0]:
        return scored
    chosen = {id(c) for c in named}
    return named + [c for c in scored if id(c) not in chosen]


def _state_ok(reading: Reading, scored: list[Candidate], figures: list[Figure]) -> bool:
    names = _state_names(reading.state or "")
    if reading.intent == FUNDING and any(f.state_named for f in figures[:5] if f.coverage >= COVERED):
        return True
    # (money asked about in a state: an initiative on the topic that names it covers the question, as for any other
    # question, even when its figures' own share falls under the bar: the figure is then listed, not stated)
    return any(_mentions(_candidate_text(c), names)
               for c in scored[:5] if c.coverage >= COVERED)


def _state_in_lead(index: CorpusIndex, reading: Reading, scored: list[Candidate]) -> bool:
    """A question other than a money question is about a state that a sheet holding the topic names in its lead
    ("Today in Hershey, Pennsylvania, …" for "who announced the bakery workers pension rescue in hershey pa"): a sheet
    says once, at its opening, where what it reports happened, as it says who acted (the agency check reads the lead
    for that too). Money questions keep needing the state by the figure or the initiative: there the state is where the
    money goes."""
    if reading.intent == FUNDING:
        return False
    names = _state_names(reading.state or "")
    holding = [c for c in scored[:5] if c.coverage >= COVERED]
    return any(_mentions(text, names) for doc in _sheets_of(holding) for text in _lead_paragraphs(index, doc))


AGENCY_SHEETS = 5  # sheets of the candidates holding the topic read for the agency the question names
_AGENCY_ROWS = 60  # initiatives read per sheet (a table of thousands of rows is no sheet's account of who acts)


def _sheets_of(holding: list[Candidate]) -> list[DocumentRecord]:
    """The first ``AGENCY_SHEETS`` sheets of candidates that hold the topic, each once, in the candidates' order: the
    sheets read for who acted or where (their leads say it once for the whole sheet)."""
    return list({c.document.id: c.document for c in holding}.values())[:AGENCY_SHEETS]


def _agency_ok(index: CorpusIndex, reading: Reading, scored: list[Candidate]) -> bool:
    """A sheet on the topic names the agency the question names, anywhere (its title, lead or one of its first
    initiatives): "what did NASA announce about …" is not answered by a sheet on the topic that never names NASA
    (thirty-fourth round). The sheets read are those of the first candidates that hold the topic; the candidates' own
    texts and titles are read first, the rest of their sheets only when none names it."""
    names = agency_names(reading.agency or "")
    holding = [c for c in scored if c.coverage >= COVERED]
    if any(_names_agency(_candidate_text(c), names) for c in holding):
        return True
    for doc in _sheets_of(holding):
        texts = _lead_paragraphs(index, doc)
        texts += [f"{title}\n{text}" for title, text in index.initiative_words_of(doc.id)[:_AGENCY_ROWS]]
        if any(_names_agency(text, names) for text in texts):
            return True
    return False


def _without_copies(figures: list[Figure]) -> list[Figure]:
    """The figures less those that are another's, said in a copy of its sheet (the same sheet stored at two addresses):
    the same amount and sentence is one figure to the reader, listed once."""
    kept: list[Figure] = []
    said: dict[tuple[float, str], list[DocumentRecord]] = {}
    for figure in figures:
        key = (figure.record.amount_usd, " ".join(figure.record.sentence.split()))
        where = said.setdefault(key, [])
        if not any(doc.id != figure.document.id and same_sheet(doc, figure.document) for doc in where):
            where.append(figure.document)
            kept.append(figure)
    return kept


def _documents(index: CorpusIndex, reading: Reading, query: _Query, candidates: list[Candidate],
               lo_doc: int, hi_doc: int) -> list[DocumentRecord]:
    """Fact sheets about the topic: the topic in the title first, then where the best initiatives are."""
    fields = index.columns.doc_fields
    doc_query = _query(fields, reading)
    weighted = [(g, 1.0) for g in doc_query.groups] + [(g, 0.6) for g in doc_query.extra]
    rows = _gather(fields, weighted, lo_doc, hi_doc, 80)
    best_by_doc: dict[int, float] = {}
    for c in candidates:
        best_by_doc[c.document.id] = max(best_by_doc.get(c.document.id, 0.0), c.coverage)
    scored: dict[int, float] = {}
    held_by_title: set[int] = set()
    for row in rows:
        doc = index.documents[row]
        words = dict.fromkeys(tokens(index.columns.doc_titles_folded[row]))
        title_coverage = _coverage(doc_query, words, (), fields.terms)
        scored[doc.id] = 70.0 * title_coverage + 30.0 * best_by_doc.get(doc.id, 0.0)
        if title_coverage >= COVERED:
            held_by_title.add(doc.id)
    for doc_id, coverage in best_by_doc.items():
        scored.setdefault(doc_id, 30.0 * coverage)
    # A sheet that holds the topic, in its title or in one of its initiatives, comes before one that holds it in
    # neither: a title sharing one word of the topic ("Merit-Based" for "race and sex based preferences") does not
    # outrank the sheet whose initiative says the whole of it (54th round, c)
    holds = {doc_id for doc_id in scored if best_by_doc.get(doc_id, 0.0) >= COVERED} | held_by_title
    ranked = sorted(scored, key=lambda doc_id: (doc_id not in holds, -scored[doc_id],
                                                -(index._doc_by_id[doc_id].date or dt.date.min).toordinal(),
                                                -_address_agrees(index._doc_by_id[doc_id])))
    # one sheet stored twice (at two addresses) is listed once
    return without_copies(index._doc_by_id[doc_id] for doc_id in ranked if scored[doc_id] >= 25.0)[:10]


def _not_covered_reason(index: CorpusIndex, reading: Reading, query: _Query, start: dt.date | None,
                        end: dt.date | None, doc_filter: DocumentRecord | None) -> str:
    """Why nothing answers: unknown words, or the topic is there but not within the filters."""
    missing = [g.word for g in query.groups if not g.terms]
    if (start is not None or end is not None or doc_filter is not None) and not missing:
        everywhere = _score_initiatives(index, reading, query, 0, len(index.columns.ini_ids), pool=_REASON_POOL)
        if everywhere and everywhere[0].coverage >= COVERED:
            dates = sorted({c.document.date for c in everywhere[:20] if c.coverage >= COVERED and c.document.date})
            span = f" (the sheets on it are dated {dates[0].isoformat()} to {dates[-1].isoformat()})" if dates else ""
            return f"dates: the topic is covered, but not in that period{span}"
    if missing:
        return "words: no fact sheet uses " + ", ".join(f"“{w}”" for w in missing)
    return "weak: no fact sheet holds the whole topic together"


# Not after an initial ("President Donald J. Trump", "held in U.S. Treasury accounts"): a sentence that ends with one
# ("… in the U.S. The Order …") is followed by a word that opens a sentence (round 55s).
_SENTENCE = re.compile(r"(?<=[.!?])(?<!\b[A-Z]\.)(?<!\b(?:Dr|Mr|Ms)\.)(?<!\bMrs\.)\s+(?=[A-Z“\"(])"
                       r"|(?<=\b[A-Z]\.)\s+(?=(?:The|This|These|That|Those|It|Its|In|On|As|At|By|For|We|He|She|They"
                       r"|Today|A|An|Our|His|Her|Their|With|Since|But|And)\b)")


def _best_sentence(text: str, query: _Query, index: CorpusIndex) -> str:
    terms = index.columns.fields.terms
    best, best_value = "", -1.0
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).replace("**", "")
    for sentence in _SENTENCE.split(plain)[:40]:
        words = [t for t in tokenize(sentence) if t not in STOPWORDS]
        value = _coverage(query, {}, words, terms)
        if value > best_value:
            best, best_value = sentence.strip(), value
    return best


def _best_passage(index: CorpusIndex, reading: Reading, query: _Query, top: Candidate) -> str:
    """The sentence that answers: from the initiative, or the sheet's sentences that carry money
    (its opening prose among them), preferring one that names the figure the question names."""
    if top.lead:
        return top.lead
    best = _best_sentence(top.initiative.text, query, index)
    if not best:
        return best
    words = [t for t in tokenize(best) if t not in STOPWORDS]
    best_value = _coverage(query, {}, words, index.columns.fields.terms) + 0.05
    if reading.amounts and _amounts_in(best) & set(reading.amounts):
        best_value += 0.5
    seen: set[str] = set()
    for record in index.funding_of_document(top.document.id):
        sentence = " ".join(record.sentence.split())
        if sentence in seen:
            continue
        seen.add(sentence)
        value = _coverage(query, {}, [t for t in tokenize(sentence) if t not in STOPWORDS], index.columns.fields.terms)
        if reading.amounts and round(record.amount_usd, 2) in reading.amounts:
            value += 0.5
        if value > best_value:
            best, best_value = sentence, value
    return best


def _agencies_in(text: str) -> list[str]:
    """Agencies named in a text, as "Full Name (ACRONYM)", in the order written."""
    from bot.query.question import AGENCIES

    found: list[tuple[int, str]] = []
    for key, (full, aliases) in AGENCIES.items():
        positions = [m.start() for m in re.finditer(rf"(?<![\w-]){re.escape(full)}", text)]
        if key.isupper() and len(key) >= 2:
            positions += [m.start() for m in re.finditer(rf"(?<![\w-]){re.escape(key)}(?![\w-])", text)]
        positions += [m.start() for m in re.finditer(r"(?<![\w-])" + r"|(?<![\w-])".join(
            re.escape(a) for a in aliases if len(a) > 4), text, re.IGNORECASE)] if any(len(a) > 4 for a in aliases) else []
        if positions:
            label = full if key == full or not key.isupper() else f"{full} ({key})"
            found.append((min(positions), label))
    found.sort()
    return [label for _, label in found][:_AGENCY_WORDS_MAX]


_PLACES = re.compile(r"\b(" + "|".join(re.escape(name) for name in sorted(STATES, key=len, reverse=True)) + r")\b")


def _places_in(text: str) -> list[str]:
    """US states and territories named in a text, in the order written."""
    found: list[tuple[int, str]] = []
    for match in _PLACES.finditer(text):
        name = match.group(1)
        if all(name != n for _, n in found):
            found.append((match.start(), name))
    for match in re.finditer(r",\s*([A-Z]{2})\b", text):
        name = STATE_CODES.get(match.group(1))
        if name and all(name != n for _, n in found):
            found.append((match.start(), name))
    found.sort()
    return [name for _, name in found]


def coverage_of(index: CorpusIndex, reading: Reading, text: str) -> float:
    """How much of the reading's topic ``text`` holds (for tests and the scorecard)."""
    query = _query(index.columns.fields, reading)
    words = [t for t in tokenize(text) if t not in STOPWORDS]
    return _coverage(query, {}, words, index.columns.fields.terms)


def idf_total(index: CorpusIndex, words: Sequence[str]) -> float:
    fields = index.columns.fields
    return sum(fields.idf(fields.vocab[w]) if w in fields.vocab else math.log(1 + fields.rows) for w in words)
