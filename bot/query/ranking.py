"""Ranking: how lookups score and order initiatives and fact sheets.

``CorpusIndex`` finds candidates on its inverted indexes (``FieldIndex``); this module scores
them and puts them in order. An initiative scores by how much of the query (idf-weighted) it
holds, how much of it is in its title, and rapidfuzz title similarity, plus a bonus for query
words next to each other; one holding every query word comes before any holding only some
(``complete_first``). Fact sheets score by title coverage and similarity.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from rapidfuzz import fuzz

from bot.model import DocumentRecord, InitiativeRecord
from bot.query.fields import PREFIX, TYPO, QueryGroup
from bot.query.text import tokens

if TYPE_CHECKING:
    from bot.query.index import CorpusIndex

FOUND_SHARE = 0.55  # of the score: how much of the query (idf-weighted) the initiative contains
TITLE_SHARE = 0.30  # how much of it is in the title; the rest is rapidfuzz title similarity
CANDIDATE_TITLE_WEIGHT = 1.5  # first pass: a title word counts a bit more than a body word
SEARCH_BUDGET = 50_000  # postings read per /initiative lookup


class RowTerms(NamedTuple):
    """One row's words, as the exact re-scoring needs them.

    Tuples, and dicts (word → None) instead of sets: made only of strings, the collector stops
    tracking them, so thousands of cached rows cost full collections nothing (sets are always
    tracked, and walked).
    """

    folded_title: str
    title_list: tuple[str, ...]
    title_set: dict[str, None]
    body_list: tuple[str, ...]
    body_set: dict[str, None]
    raw_title: dict[str, None]  # title words as written (no acronym expansions)


@dataclass(frozen=True, slots=True)
class Match:
    """One answer to a lookup: the initiative, its fact sheet, a 0–100 score and why it matched."""

    initiative: InitiativeRecord
    document: DocumentRecord
    score: float
    why: str


def rank_initiatives(index: CorpusIndex, query: str, *, limit: int, prefix_last: bool, budget: int, pool: int,
                     typo_cutoff: float | None = None) -> list[Match]:
    """The best ``limit`` initiatives for ``query``: candidates read from the inverted index
    within ``budget`` postings, the ``pool`` best of them (and an exact title) scored exactly."""
    columns = index.columns
    folded, toks = index._query_tokens(query)
    if not toks or not index.initiatives:
        return []
    exact = index._exact_title_row(folded)
    groups = columns.fields.groups(toks, prefix_last=prefix_last, typo_cutoff=typo_cutoff)
    if not any(g.expansions for g in groups):
        return []
    rough = columns.fields.candidates(groups, budget, title_weight=CANDIDATE_TITLE_WEIGHT)
    rows = top_rows(rough, pool)
    if exact is not None and exact not in rows:
        rows.append(exact)
    query_text = " ".join(toks)
    scored = [score_row(index, row, groups, query_text, exact_row=exact) for row in rows]
    return complete_first(scored, len([g for g in groups if g.expansions]), limit)


def score_row(index: CorpusIndex, row: int, groups: Sequence[QueryGroup], query_text: str,
              exact_row: int | None) -> tuple[Match, int, int]:
    """(match with its 0–100 score and why, row, query words found) for one initiative row."""
    columns = index.columns
    rec = index._initiative_at(row)
    folded_title, title_list, title_set, body_list, body_set, raw_title = index._row_terms(row)
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
                where = f"title ({columns.acronyms.explain(best_term, raw_title)})"
            notes.append(f"{label} in {where}")
    words_found = sum(1 for term in matched_terms if term is not None)
    if found <= 0 or possible <= 0:
        return Match(rec, index._doc_by_id[rec.document_id], 0.0, "no words matched"), row, 0
    similarity = fuzz.WRatio(query_text, folded_title, processor=None) / 100.0
    bonus = phrase_bonus(matched_terms, title_list, body_list)
    # Finding every word (anywhere) matters most; finding them in the title breaks the tie.
    score = 100.0 * (FOUND_SHARE * found / possible + TITLE_SHARE * in_title / possible
                     + (1.0 - FOUND_SHARE - TITLE_SHARE) * similarity) + bonus
    score = min(99.0, score)  # 100 is for exact titles
    if row == exact_row:
        score, notes = 100.0, ["exact title"]
    why = "; ".join(notes) or "similar title"
    return Match(rec, index._doc_by_id[rec.document_id], round(score, 1), why), row, words_found


def rank_documents(index: CorpusIndex, text: str, *, limit: int, prefix_last: bool = True,
                   typo_cutoff: float | None = None) -> list[tuple[DocumentRecord, float]]:
    """Fact sheets for ``text``, best first, with 0–100 scores; an exact title alone scores 100."""
    columns = index.columns
    folded, toks = index._query_tokens(text)
    if not toks or not columns.documents:
        return []
    exact = index._doc_title_lookup.get(" ".join(tokens(folded)))
    if exact is not None:
        return [(columns.documents[exact], 100.0)]
    groups = columns.doc_fields.groups(toks, prefix_last=prefix_last, typo_cutoff=typo_cutoff)
    if not any(g.expansions for g in groups):
        return []
    rough = columns.doc_fields.candidates(groups, SEARCH_BUDGET)
    if not rough:
        return []
    possible = sum(g.idf for g in groups)
    query_text = " ".join(toks)
    scored: list[tuple[float, int]] = []
    for row in top_rows(rough, max(3 * limit, 60)):
        words = set(tokens(columns.doc_titles_folded[row]))
        gained = sum(max((e.similarity for e in g.expansions if e.term in words), default=0.0) * g.idf
                     for g in groups)
        coverage = gained / possible if possible else 0.0
        similarity = fuzz.WRatio(query_text, columns.doc_titles_folded[row], processor=None) / 100.0
        scored.append((round(100.0 * (0.6 * coverage + 0.4 * similarity), 1), row))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [(columns.documents[row], score) for score, row in scored[:limit]]



def complete_first(scored: list[tuple[Match, int, int]], words: int, limit: int) -> list[Match]:
    """Best first, where an initiative holding every query word (title, text or link text) comes
    before any holding only some of them, whatever their scores; an exact title stays first.

    The scores shown follow that order: a partial match scores just below the complete match
    above it, so "did you mean" sees the gap the order implies.
    """
    def complete(item: tuple[Match, int, int]) -> bool:
        return words < 2 or item[2] >= words or item[0].score >= 100.0

    scored.sort(key=lambda item: (not complete(item), -item[0].score, item[1]))
    out: list[Match] = []
    ceiling: float | None = None
    for item in scored[:limit]:
        match = item[0]
        if match.score <= 0:
            continue
        if complete(item):
            ceiling = match.score if ceiling is None else min(ceiling, match.score)
        elif ceiling is not None and match.score >= ceiling:
            match = Match(match.initiative, match.document, round(max(0.1, ceiling - 0.1), 1), match.why)
        out.append(match)
    return out


def top_rows(scores: dict[int, float], pool: int) -> list[int]:
    """The ``pool`` best-scoring rows; ties go to the lower row (the newer fact sheet)."""
    if len(scores) <= pool:
        return sorted(scores, key=lambda row: (-scores[row], row))
    threshold = heapq.nlargest(pool, scores.values())[-1]
    above = [row for row, value in scores.items() if value > threshold]
    ties = heapq.nsmallest(pool - len(above), (row for row, value in scores.items() if value == threshold))
    return sorted(above, key=lambda row: (-scores[row], row)) + ties


def phrase_bonus(matched: Sequence[str | None], title: Sequence[str], body: Sequence[str]) -> float:
    """Up to 6 points when consecutive query words appear next to each other (title), 2 (text)."""
    pairs = [(a, b) for a, b in itertools.pairwise(matched) if a and b]
    if not pairs:
        return 0.0
    title_pairs = set(itertools.pairwise(title))
    body_pairs = set(itertools.pairwise(body))
    points = sum(6.0 if pair in title_pairs else 2.0 if pair in body_pairs else 0.0 for pair in pairs)
    return points / len(pairs)
