"""``CorpusIndex``: everything a command needs to answer from memory, built once per data version.

Lookups never touch SQL: ``find_initiatives`` and ``autocomplete`` run on inverted indexes
(``FieldIndex``) and rapidfuzz only re-ranks a few hundred candidates, so a keystroke costs the
same at 40 fact sheets and at 50,000. The index is immutable; the app builds a new one off the
event loop when the store's data version moves, then swaps it in.
"""

from __future__ import annotations

import datetime as dt
import gc
import heapq
import itertools
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.model import AcronymRecord, DocumentRecord, FundingRecord, InitiativeRecord, Snapshot
from bot.query.fields import PREFIX, TYPO, FieldIndex, QueryGroup
from bot.query.text import STOPWORDS, content_tokens, fold, tokenize, tokens

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 10
CHOICE_LIMIT = 100  # Discord: autocomplete choice name and value length
FOUND_SHARE = 0.55  # of the score: how much of the query (idf-weighted) the initiative contains
TITLE_SHARE = 0.30  # how much of it is in the title; the rest is rapidfuzz title similarity
_CANDIDATE_TITLE_WEIGHT = 1.5  # first pass: a title word counts a bit more than a body word
_SEARCH_BUDGET = 50_000  # postings read per /initiative lookup
_AUTOCOMPLETE_BUDGET = 15_000  # postings read per keystroke
_TERMS_CACHE_ROWS = 20_000  # rows whose words stay tokenised between lookups
_SEARCH_POOL = 120  # candidates re-scored exactly (each costs a tokenised body and a rapidfuzz call)
_BRUTE_FORCE_CAP = 20_000  # last-resort fuzzy scans look at this many (newest) titles only
_ID_VALUE = re.compile(r"\s*id\s*:\s*(\d+)\s*", re.IGNORECASE)
_DOC_VALUE = re.compile(r"\s*doc\s*:\s*(\d+)\s*", re.IGNORECASE)
_MD_LINK = re.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*\)")
_BARE_URL = re.compile(r"https?://\S+")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
_FACT_SHEET = re.compile(r"^\s*fact\s+sheet\s*[:\-–—]\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Match:
    """One answer to a lookup: the initiative, its fact sheet, a 0–100 score and why it matched."""

    initiative: InitiativeRecord
    document: DocumentRecord
    score: float
    why: str


def _plain(text: str) -> str:
    """Markdown text without link targets: URLs are not words anybody searches for."""
    return _BARE_URL.sub(" ", _MD_LINK.sub("] ", text))


def display_title(title: str) -> str:
    """A title for a short list: no "FACT SHEET:" lead-in, no invisible joiners, single spaces."""
    text = " ".join(_INVISIBLE.sub("", title).split())
    stripped = _FACT_SHEET.sub("", text)
    return stripped or text


def _short(text: str, limit: int) -> str:
    text = " ".join(_INVISIBLE.sub("", text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


def _doc_key(doc: DocumentRecord) -> tuple[dt.date, dt.datetime, int]:
    ingested = doc.ingested_at
    if ingested.tzinfo is None:
        ingested = ingested.replace(tzinfo=dt.UTC)
    return (doc.date or dt.date.min, ingested, doc.id)


class _Acronyms:
    """Acronyms and their full names, so "hidta" also finds "High Intensity Drug Trafficking Area"."""

    def __init__(self, records: Iterable[AcronymRecord]) -> None:
        self.full_names: dict[str, list[str]] = {}  # folded short → full names as written
        self.by_length: dict[int, dict[tuple[str, ...], list[str]]] = {}  # word count → full name → shorts
        self.full_tokens: dict[str, tuple[str, ...]] = {}  # folded short → tokens of one full name
        self.first_words: set[str] = set()  # first words of full names: where a scan can start
        seen: set[tuple[tuple[str, ...], str]] = set()
        for record in records:
            short = "".join(tokenize(record.short))
            full = tuple(tokenize(record.full))
            if len(short) < 2 or len(full) < 2 or (full, short) in seen:
                continue
            seen.add((full, short))
            self.full_names.setdefault(short, []).append(record.full)
            self.by_length.setdefault(len(full), {}).setdefault(full, []).append(short)
            self.first_words.add(full[0])
            self.full_tokens.setdefault(short, full)

    def explain(self, term: str, title_words: set[str]) -> str:
        """Why ``term`` counts as a title word although not written there: which acronym it stands for."""
        names = self.full_names.get(term)
        if names:
            return f"as {names[0]}"
        for short in sorted(title_words):
            full = self.full_tokens.get(short)
            if full and term in full:
                return f"{short.upper()} = {' '.join(full)}"
        return "acronym"

    def extras(self, toks: Sequence[str]) -> set[str]:
        """Short forms whose full name appears in ``toks``, and full-name words of shorts that do."""
        found: set[str] = set()
        if not self.full_names:
            return found
        first_words = self.first_words
        for start, token in enumerate(toks):
            if token not in first_words:
                continue
            for length, names in self.by_length.items():
                shorts = names.get(tuple(toks[start:start + length]))
                if shorts:
                    found.update(shorts)
        for token in toks:
            full = self.full_tokens.get(token)
            if full:
                found.update(t for t in full if t not in STOPWORDS)
        return found


class CorpusIndex:
    """Immutable, in-memory view of the whole corpus, answering every lookup without SQL."""

    def __init__(self) -> None:  # use CorpusIndex.build(snapshot)
        self.version = 0
        self.documents: tuple[DocumentRecord, ...] = ()
        self.initiatives: tuple[InitiativeRecord, ...] = ()
        self.funding: tuple[FundingRecord, ...] = ()
        self._terms_cache: dict[int, tuple[list[str], set[str], list[str], set[str], set[str]]] = {}

    # ---- building ---------------------------------------------------------------------------

    @classmethod
    def build(cls, snapshot: Snapshot) -> CorpusIndex:
        """Build the index with the cyclic garbage collector paused.

        A build allocates millions of objects without cycles; each allocation burst would
        otherwise start full collections that hold the GIL for seconds and stall the event loop
        running in another thread. The previous collector state is restored afterwards (no
        ``gc.freeze``: a replaced index must stay collectable).
        """
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return cls._build(snapshot)
        finally:
            if was_enabled:
                gc.enable()

    @classmethod
    def _build(cls, snapshot: Snapshot) -> CorpusIndex:
        self = cls()
        self.version = snapshot.version
        self.documents = tuple(sorted(snapshot.documents, key=_doc_key, reverse=True))
        self._doc_by_id = {doc.id: doc for doc in self.documents}
        doc_rank = {doc.id: n for n, doc in enumerate(self.documents)}
        self.initiatives = tuple(
            sorted((i for i in snapshot.initiatives if i.document_id in doc_rank),
                   key=lambda i: (doc_rank[i.document_id], i.order, i.id))
        )
        self._row_by_id = {rec.id: row for row, rec in enumerate(self.initiatives)}
        self._by_document: dict[int, list[InitiativeRecord]] = {}
        for rec in self.initiatives:
            self._by_document.setdefault(rec.document_id, []).append(rec)
        self._acronyms = _Acronyms(snapshot.acronyms)

        self._titles_folded = [fold(rec.title) for rec in self.initiatives]
        self._title_lookup: dict[str, int] = {}
        for row, title in enumerate(self._titles_folded):
            self._title_lookup.setdefault(" ".join(tokens(title)), row)
        title_terms = [self._title_terms(row) for row in range(len(self.initiatives))]
        self._fields = FieldIndex(title_terms, (self._body_terms(row) for row in range(len(self.initiatives))))

        self._doc_titles_folded = [fold(doc.title) for doc in self.documents]
        self._doc_title_lookup: dict[str, int] = {}
        for row, title in enumerate(self._doc_titles_folded):
            self._doc_title_lookup.setdefault(" ".join(tokens(title)), row)
        self._doc_fields = FieldIndex([tokens(title) for title in self._doc_titles_folded])

        self._build_funding(snapshot.funding, doc_rank, title_terms)
        return self

    def _build_funding(self, records: Iterable[FundingRecord], doc_rank: dict[int, int],
                       initiative_terms: Sequence[list[str]]) -> None:
        self.funding = tuple(
            sorted((f for f in records if f.document_id in doc_rank),
                   key=lambda f: (doc_rank[f.document_id], f.position, f.id))
        )
        self._funding_row = {rec.id: row for row, rec in enumerate(self.funding)}
        self._funding_by_document: dict[int, list[FundingRecord]] = {}
        self._funding_by_initiative: dict[int, list[FundingRecord]] = {}
        self._funding_children: dict[int, list[FundingRecord]] = {}
        first_counted: dict[tuple[int, float], FundingRecord] = {}
        for rec in self.funding:
            self._funding_by_document.setdefault(rec.document_id, []).append(rec)
            if rec.initiative_id is not None:
                self._funding_by_initiative.setdefault(rec.initiative_id, []).append(rec)
            if rec.parent_id is not None:
                self._funding_children.setdefault(rec.parent_id, []).append(rec)
            if rec.counted:
                first_counted.setdefault((rec.document_id, rec.amount_usd), rec)
        self._repeat_of = {
            rec.id: first_counted[(rec.document_id, rec.amount_usd)]
            for rec in self.funding
            if not rec.counted and rec.parent_id is None and (rec.document_id, rec.amount_usd) in first_counted
        }

        def title_terms(rec: FundingRecord) -> list[str]:
            row = self._row_by_id.get(rec.initiative_id) if rec.initiative_id is not None else None
            words = tokenize(rec.category)
            return words + (initiative_terms[row] if row is not None else [])

        self._funding_fields = FieldIndex(
            [title_terms(rec) for rec in self.funding],
            (content_tokens(tokenize(f"{rec.sentence} {rec.text}")) for rec in self.funding),
        )

    def _row_terms(self, row: int) -> tuple[list[str], set[str], list[str], set[str], set[str]]:
        """Title and body words of one row for exact re-scoring; recent rows are cached."""
        cached = self._terms_cache.get(row)
        if cached is None:
            title_list = self._title_terms(row)
            body_list = self._body_terms(row)
            cached = (title_list, set(title_list), body_list, set(body_list), set(tokens(self._titles_folded[row])))
            if len(self._terms_cache) >= _TERMS_CACHE_ROWS:
                self._terms_cache.clear()  # simple and thread-safe enough: it only ever holds derived data
            self._terms_cache[row] = cached
        return cached

    def _title_terms(self, row: int) -> list[str]:
        toks = tokens(self._titles_folded[row])
        return toks + sorted(self._acronyms.extras(toks))

    def _body_terms(self, row: int) -> list[str]:
        rec = self.initiatives[row]
        toks = [t for t in tokenize(_plain(rec.text)) if t not in STOPWORDS and (len(t) > 1 or t.isdigit())]
        toks.extend("".join(tokenize(short)) for short in rec.acronyms)
        return toks

    # ---- plain lookups ----------------------------------------------------------------------

    def document(self, document_id: int) -> DocumentRecord | None:
        return self._doc_by_id.get(document_id)

    def initiative(self, initiative_id: int) -> InitiativeRecord | None:
        row = self._row_by_id.get(initiative_id)
        return None if row is None else self.initiatives[row]

    def initiatives_of(self, document_id: int) -> list[InitiativeRecord]:
        """A fact sheet's initiatives, in document order."""
        return list(self._by_document.get(document_id, ()))

    def newest_document(self) -> DocumentRecord | None:
        return self.documents[0] if self.documents else None

    def funding_of_document(self, document_id: int) -> list[FundingRecord]:
        return list(self._funding_by_document.get(document_id, ()))

    def funding_of_initiative(self, initiative_id: int) -> list[FundingRecord]:
        return list(self._funding_by_initiative.get(initiative_id, ()))

    def funding_record(self, funding_id: int | None) -> FundingRecord | None:
        row = self._funding_row.get(funding_id) if funding_id is not None else None
        return None if row is None else self.funding[row]

    def match_for(self, initiative: InitiativeRecord, score: float = 100.0, why: str = "picked") -> Match:
        return Match(initiative, self._doc_by_id[initiative.document_id], score, why)

    # ---- initiatives ------------------------------------------------------------------------

    def resolve_initiative(self, value: str) -> InitiativeRecord | None:
        """An "id:<n>" value (from autocomplete or a pick) → that initiative, exactly."""
        found = _ID_VALUE.fullmatch(value or "")
        return self.initiative(int(found.group(1))) if found else None

    def find_initiatives(self, query: str, limit: int = 6) -> list[Match]:
        """Best matches first. Empty when no word of the query is anywhere in the corpus."""
        try:
            picked = self.resolve_initiative(query)
            if picked is not None:
                return [self.match_for(picked, 100.0, "picked by id")]
            return self._rank(query, limit=limit, prefix_last=True, budget=_SEARCH_BUDGET, pool=_SEARCH_POOL)
        except Exception:
            log.exception("initiative lookup failed for %r", query[:MAX_QUERY_CHARS])
            return []

    def suggest_initiatives(self, query: str, limit: int = 5) -> list[Match]:
        """The nearest titles, for when nothing matched: looser typo matching, then raw fuzziness."""
        try:
            found = self._rank(query, limit=limit, prefix_last=True, budget=_SEARCH_BUDGET, pool=100,
                               typo_cutoff=60.0)
            if found:
                return found
            folded = fold((query or "")[:MAX_QUERY_CHARS])
            if folded.strip() and self.initiatives:
                pool = self._titles_folded[:_BRUTE_FORCE_CAP]
                hits = process.extract(folded, pool, scorer=fuzz.WRatio, processor=None, limit=limit)
                found = [self.match_for(self.initiatives[row], round(score / 2, 1), "similar title")
                         for _, score, row in hits if score > 0]
            if found:
                return found
        except Exception:
            log.exception("suggestions failed for %r", (query or "")[:MAX_QUERY_CHARS])
        return [self.match_for(rec, 0.0, "newest") for rec in self.initiatives[:limit]]

    def _query_tokens(self, query: str) -> tuple[str, list[str]]:
        folded = fold((query or "")[:MAX_QUERY_CHARS])
        return folded, content_tokens(tokens(folded))[:MAX_QUERY_WORDS]

    def _rank(self, query: str, *, limit: int, prefix_last: bool, budget: int, pool: int,
              typo_cutoff: float | None = None) -> list[Match]:
        folded, toks = self._query_tokens(query)
        if not toks or not self.initiatives:
            return []
        exact = self._title_lookup.get(" ".join(tokens(folded)))
        groups = self._fields.groups(toks, prefix_last=prefix_last, typo_cutoff=typo_cutoff)
        if not any(g.expansions for g in groups):
            return []
        rough = self._fields.candidates(groups, budget, title_weight=_CANDIDATE_TITLE_WEIGHT)
        rows = _top_rows(rough, pool)
        if exact is not None and exact not in rows:
            rows.append(exact)
        query_text = " ".join(toks)
        scored = [self._score_row(row, groups, query_text, exact_row=exact) for row in rows]
        scored.sort(key=lambda item: (-item[0].score, item[1]))
        return [match for match, _ in scored[:limit] if match.score > 0]

    def _score_row(self, row: int, groups: Sequence[QueryGroup], query_text: str,
                   exact_row: int | None) -> tuple[Match, int]:
        rec = self.initiatives[row]
        title_list, title_set, body_list, body_set, raw_title = self._row_terms(row)
        found = in_title = possible = 0.0
        notes: list[str] = []
        matched_terms: list[str | None] = []
        for group in groups:
            possible += group.idf
            best, best_title, best_term, where, kind = 0.0, 0.0, None, "", ""
            for exp in group.expansions:
                if exp.term in title_set:
                    best_title = max(best_title, exp.similarity)
                    loc = "title"
                elif exp.term in body_set:
                    loc = "text"
                else:
                    continue
                if exp.similarity > best or (exp.similarity == best and loc == "title"):
                    best, best_term, where, kind = exp.similarity, exp.term, loc, exp.kind
            found += best * group.idf
            in_title += best_title * group.idf
            matched_terms.append(best_term)
            if best_term is not None:
                label = best_term if best_term == group.token else f"{group.token}→{best_term}"
                if kind == TYPO:
                    label += " (typo)"
                elif kind == PREFIX:
                    label = f"{group.token}…→{best_term}"
                if where == "title" and best_term not in raw_title:
                    where = f"title ({self._acronyms.explain(best_term, raw_title)})"
                notes.append(f"{label} in {where}")
        if found <= 0 or possible <= 0:
            return Match(rec, self._doc_by_id[rec.document_id], 0.0, "no words matched"), row
        similarity = fuzz.WRatio(query_text, self._titles_folded[row], processor=None) / 100.0
        bonus = _phrase_bonus(matched_terms, title_list, body_list)
        # Finding every word (anywhere) matters most; finding them in the title breaks the tie.
        score = 100.0 * (FOUND_SHARE * found / possible + TITLE_SHARE * in_title / possible
                         + (1.0 - FOUND_SHARE - TITLE_SHARE) * similarity) + bonus
        score = min(99.0, score)  # 100 is for exact titles
        if row == exact_row:
            score, notes = 100.0, ["exact title"]
        why = "; ".join(notes) or "similar title"
        return Match(rec, self._doc_by_id[rec.document_id], round(score, 1), why), row

    def autocomplete(self, current: str, limit: int = 25) -> list[tuple[str, str]]:
        """(name, value) choices for the initiative option; values are "id:<n>". Never raises."""
        try:
            limit = max(0, min(limit, 25))
            text = (current or "").strip()[:MAX_QUERY_CHARS]
            picked = self.resolve_initiative(text)
            if picked is not None:
                return [self._initiative_choice(picked)]
            if not text:
                return [self._initiative_choice(rec) for rec in self.initiatives[:limit]]
            found = self._rank(text, limit=limit, prefix_last=True, budget=_AUTOCOMPLETE_BUDGET,
                               pool=max(2 * limit, 40))
            return [self._initiative_choice(m.initiative) for m in found]
        except Exception:
            log.exception("autocomplete failed for %r", (current or "")[:MAX_QUERY_CHARS])
            return []

    def _initiative_choice(self, rec: InitiativeRecord) -> tuple[str, str]:
        doc = self._doc_by_id.get(rec.document_id)
        suffix = f" · {doc.date.isoformat()}" if doc is not None and doc.date else ""
        name = _short(rec.title, CHOICE_LIMIT - len(suffix)) + suffix
        return name or f"Initiative {rec.id}", f"id:{rec.id}"

    # ---- documents --------------------------------------------------------------------------

    def find_document(self, text: str, *, exact_only: bool = False) -> DocumentRecord | None:
        """"doc:<id>", an exact title, or (unless ``exact_only``) a title typed roughly."""
        try:
            value = (text or "").strip()
            found = _DOC_VALUE.fullmatch(value)
            if found:
                return self.document(int(found.group(1)))
            if value.isdigit() and self.document(int(value)) is not None:
                return self.document(int(value))
            if exact_only:
                row = self._doc_title_lookup.get(" ".join(tokenize(value)))
                return None if row is None else self.documents[row]
            ranked = self._rank_documents(value, limit=1)
            if ranked and ranked[0][1] >= 70:
                return ranked[0][0]
        except Exception:
            log.exception("document lookup failed for %r", (text or "")[:MAX_QUERY_CHARS])
        return None

    def nearest_documents(self, text: str, limit: int = 5) -> list[DocumentRecord]:
        """Titles closest to ``text``; the newest fact sheets when nothing is close at all."""
        try:
            ranked = [doc for doc, _ in self._rank_documents(text, limit=limit, typo_cutoff=60.0)]
            if not ranked and (text or "").strip():
                hits = process.extract(fold(text[:MAX_QUERY_CHARS]), self._doc_titles_folded[:_BRUTE_FORCE_CAP],
                                       scorer=fuzz.WRatio, processor=None, limit=limit)
                ranked = [self.documents[row] for _, score, row in hits if score > 0]
            if ranked:
                return ranked
        except Exception:
            log.exception("document suggestions failed for %r", (text or "")[:MAX_QUERY_CHARS])
        return list(self.documents[:limit])

    def _rank_documents(self, text: str, *, limit: int, prefix_last: bool = True,
                        typo_cutoff: float | None = None) -> list[tuple[DocumentRecord, float]]:
        folded, toks = self._query_tokens(text)
        if not toks or not self.documents:
            return []
        exact = self._doc_title_lookup.get(" ".join(tokens(folded)))
        if exact is not None:
            return [(self.documents[exact], 100.0)]
        groups = self._doc_fields.groups(toks, prefix_last=prefix_last, typo_cutoff=typo_cutoff)
        if not any(g.expansions for g in groups):
            return []
        rough = self._doc_fields.candidates(groups, _SEARCH_BUDGET)
        if not rough:
            return []
        possible = sum(g.idf for g in groups)
        query_text = " ".join(toks)
        scored: list[tuple[float, int]] = []
        for row in _top_rows(rough, max(3 * limit, 60)):
            words = set(tokens(self._doc_titles_folded[row]))
            gained = sum(max((e.similarity for e in g.expansions if e.term in words), default=0.0) * g.idf
                         for g in groups)
            coverage = gained / possible if possible else 0.0
            similarity = fuzz.WRatio(query_text, self._doc_titles_folded[row], processor=None) / 100.0
            scored.append((round(100.0 * (0.6 * coverage + 0.4 * similarity), 1), row))
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [(self.documents[row], score) for score, row in scored[:limit]]

    def autocomplete_documents(self, current: str, limit: int = 25) -> list[tuple[str, str]]:
        """(name, "doc:<id>") choices for fact-sheet options, newest first when empty. Never raises."""
        try:
            limit = max(0, min(limit, 25))
            text = (current or "").strip()[:MAX_QUERY_CHARS]
            found = _DOC_VALUE.fullmatch(text)
            if found and self.document(int(found.group(1))) is not None:
                return [self._document_choice(self.document(int(found.group(1))))]  # type: ignore[arg-type]
            if not text:
                return [self._document_choice(doc) for doc in self.documents[:limit]]
            return [self._document_choice(doc) for doc, _ in self._rank_documents(text, limit=limit)]
        except Exception:
            log.exception("document autocomplete failed for %r", (current or "")[:MAX_QUERY_CHARS])
            return []

    @staticmethod
    def _document_choice(doc: DocumentRecord) -> tuple[str, str]:
        suffix = f" · {doc.date.isoformat()}" if doc.date else ""
        name = _short(display_title(doc.title), CHOICE_LIMIT - len(suffix)) + suffix
        return name or f"Fact sheet {doc.id}", f"doc:{doc.id}"

    # ---- funding ----------------------------------------------------------------------------

    def funding_about(self, query: str, document_id: int | None = None) -> list[FundingRecord]:
        """Funding mentions about a topic (initiative titles, sentences, categories; typos allowed).

        Every query word must be found. Related mentions come along so nothing is added twice or
        lost: the parent of a part, the parts of a parent, and the first mention of a repeat.
        """
        _, toks = self._query_tokens(query)
        toks = [t for t in toks if t not in STOPWORDS]  # "the" is not a topic
        if not toks or not self.funding:
            return []
        groups = self._funding_fields.groups(toks, prefix_last=False, prefix_min=4)
        if not all(g.expansions for g in groups):
            return []
        rows = self._funding_fields.rows_matching_all(groups)
        picked = {self.funding[row].id: self.funding[row] for row in rows}
        for rec in list(picked.values()):
            parent = self.funding_record(rec.parent_id)
            if parent is not None:
                picked.setdefault(parent.id, parent)
            for child in self._funding_children.get(rec.id, ()):
                picked.setdefault(child.id, child)
            original = self._repeat_of.get(rec.id)
            if original is not None:
                picked.setdefault(original.id, original)
        chosen = sorted(picked.values(), key=lambda f: self._funding_row[f.id])
        if document_id is not None:
            chosen = [f for f in chosen if f.document_id == document_id]
        return chosen


def _top_rows(scores: dict[int, float], pool: int) -> list[int]:
    """The ``pool`` best-scoring rows; ties go to the lower row (the newer fact sheet)."""
    if len(scores) <= pool:
        return sorted(scores, key=lambda row: (-scores[row], row))
    threshold = heapq.nlargest(pool, scores.values())[-1]
    above = [row for row, value in scores.items() if value > threshold]
    ties = heapq.nsmallest(pool - len(above), (row for row, value in scores.items() if value == threshold))
    return sorted(above, key=lambda row: (-scores[row], row)) + ties


def _phrase_bonus(matched: Sequence[str | None], title: Sequence[str], body: Sequence[str]) -> float:
    """Up to 6 points when consecutive query words appear next to each other (title), 2 (text)."""
    pairs = [(a, b) for a, b in itertools.pairwise(matched) if a and b]
    if not pairs:
        return 0.0
    title_pairs = set(itertools.pairwise(title))
    body_pairs = set(itertools.pairwise(body))
    points = sum(6.0 if pair in title_pairs else 2.0 if pair in body_pairs else 0.0 for pair in pairs)
    return points / len(pairs)
