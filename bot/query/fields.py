"""A small inverted index: token → posting arrays for a short "title" field and a long "body" field.

Why not brute force: scoring every title with rapidfuzz costs time proportional to the corpus
(hundreds of milliseconds at 500k initiatives). Here a query token is first expanded against the
*vocabulary* (exact, prefix, typo — the vocabulary is far smaller than the text), and only the
posting lists of those few terms are read. Entries are row numbers in the caller's rank order
(newest first), so truncating a huge posting list keeps the newest rows.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import operator
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.query.columns import Parts

TITLE_WEIGHT = 3.0
BODY_WEIGHT = 1.0
EXACT, PREFIX, TYPO = "exact", "prefix", "typo"

_PREFIX_CACHE_LEN = 2  # best terms for every prefix up to this length are precomputed
_PREFIX_SCAN_CAP = 4000  # longer prefixes scan at most this many vocabulary entries


@dataclass(slots=True)
class Expansion:
    term: str
    term_id: int
    similarity: float  # 1.0 exact; below for prefix and typo matches
    kind: str  # EXACT | PREFIX | TYPO


@dataclass(slots=True)
class QueryGroup:
    """One query word and the vocabulary terms it stands for."""

    token: str
    expansions: list[Expansion]
    idf: float
    size: int  # total postings behind the expansions


def _typo_cutoff(length: int) -> float:
    if length <= 4:
        return 75.0
    if length <= 6:
        return 80.0
    return 84.0


class FieldIndex:
    """Immutable inverted index over rows made of title tokens and body tokens.

    Stored flat so that it costs few Python objects whatever its size: the vocabulary is one
    sorted list (a term's id is its position), and every posting list of a field lives in one
    ``array`` with an offsets array beside it. Loading it from disk is a handful of
    ``array.frombytes`` calls, and the garbage collector has nothing in it to walk.
    """

    def __init__(self, terms: list[str], df: array, title_offsets: array, title_postings: array,
                 body_offsets: array, body_postings: array, rows: int,
                 prefix_top: dict[str, list[int]] | None = None) -> None:
        self.rows = rows
        self.terms = terms
        self.df = df
        self._title_offsets = title_offsets
        self._title_postings = title_postings
        self._body_offsets = body_offsets
        self._body_postings = body_postings
        self.vocab = {term: tid for tid, term in enumerate(terms)}
        by_len: dict[int, list[str]] = {}
        for term in terms:
            if not term.isdigit():
                by_len.setdefault(len(term), []).append(term)
        self.by_len = by_len
        if prefix_top is None:
            prefix_best: dict[str, list[tuple[int, int]]] = {}
            for tid, term in enumerate(terms):
                for n in range(1, min(_PREFIX_CACHE_LEN, len(term) - 1) + 1):
                    prefix_best.setdefault(term[:n], []).append((df[tid], tid))
            prefix_top = {p: [tid for _, tid in heapq.nlargest(24, v)] for p, v in prefix_best.items()}
        self.prefix_top = prefix_top

    @classmethod
    def build(cls, titles: Sequence[Iterable[str]], bodies: Iterable[Iterable[str]] | None = None) -> FieldIndex:
        """Index rows 0..n-1 (``titles[row]``, ``bodies[row]``); postings come out in row order.

        Written for speed, as a rebuild is what stands between another machine's ingest and an
        answer showing it: a list per term filled by dict and set operations, then each field
        laid out flat in one pass.
        """
        title_post: defaultdict[str, list[int]] = defaultdict(list)
        body_post: defaultdict[str, list[int]] = defaultdict(list)
        if bodies is None:
            for row, title_toks in enumerate(titles):
                for term in dict.fromkeys(title_toks):
                    title_post[term].append(row)
        else:
            for row, (title_toks, body_toks) in enumerate(zip(titles, bodies, strict=True)):
                in_title = dict.fromkeys(title_toks)
                for term in in_title:
                    title_post[term].append(row)
                for term in set(body_toks).difference(in_title):  # the title outweighs the body
                    body_post[term].append(row)

        terms = sorted(title_post.keys() | body_post.keys())
        nothing: list[int] = []
        title_lists = [title_post.get(term, nothing) for term in terms]
        body_lists = [body_post.get(term, nothing) for term in terms]
        title_sizes, body_sizes = list(map(len, title_lists)), list(map(len, body_lists))
        df = array("I", map(operator.add, title_sizes, body_sizes))
        title_offsets = array("q", itertools.chain((0,), itertools.accumulate(title_sizes)))
        body_offsets = array("q", itertools.chain((0,), itertools.accumulate(body_sizes)))
        title_postings = array("I", itertools.chain.from_iterable(title_lists))
        body_postings = array("I", itertools.chain.from_iterable(body_lists))
        return cls(terms, df, title_offsets, title_postings, body_offsets, body_postings, len(titles))

    def title_rows(self, term_id: int) -> memoryview:
        """Rows with the term in their title, in row order (a view: nothing is copied)."""
        return memoryview(self._title_postings)[self._title_offsets[term_id]:self._title_offsets[term_id + 1]]

    def body_rows(self, term_id: int) -> memoryview:
        """Rows with the term in their body but not their title, in row order."""
        return memoryview(self._body_postings)[self._body_offsets[term_id]:self._body_offsets[term_id + 1]]

    def has_title(self, term_id: int, row: int) -> bool:
        return _contains(self._title_postings, self._title_offsets[term_id], self._title_offsets[term_id + 1], row)

    def has_body(self, term_id: int, row: int) -> bool:
        return _contains(self._body_postings, self._body_offsets[term_id], self._body_offsets[term_id + 1], row)

    def has_title_between(self, term_id: int, lo: int, hi: int) -> bool:
        """Whether any row in [lo, hi) has the term in its title (one bisection, no copy)."""
        start, end = self._title_offsets[term_id], self._title_offsets[term_id + 1]
        at = bisect.bisect_left(self._title_postings, lo, start, end)
        return at < end and bool(self._title_postings[at] < hi)

    # ---- saving ---------------------------------------------------------------------------

    def parts(self) -> Parts:
        """Everything needed to rebuild this index with ``from_parts`` (see ``bot.query.cache``)."""
        return Parts(terms=self.terms, df=self.df, title_offsets=self._title_offsets,
                     title_postings=self._title_postings, body_offsets=self._body_offsets,
                     body_postings=self._body_postings, rows=self.rows, prefix_top=self.prefix_top)

    @classmethod
    def from_parts(cls, parts: dict[str, object]) -> FieldIndex:
        return cls(**parts)  # type: ignore[arg-type]  # the parts this class saved, by field name

    # ---- query side -------------------------------------------------------------------------

    def idf(self, term_id: int) -> float:
        return math.log(1.0 + self.rows / max(1, self.df[term_id]))

    @property
    def max_idf(self) -> float:
        return math.log(1.0 + max(1, self.rows))

    def prefix_terms(self, prefix: str, limit: int) -> list[int]:
        """The ``limit`` most frequent vocabulary terms that start with ``prefix`` (not equal to it)."""
        if len(prefix) <= _PREFIX_CACHE_LEN:
            return [tid for tid in self.prefix_top.get(prefix, ()) if self.terms[tid] != prefix][:limit]
        start = bisect.bisect_left(self.terms, prefix)
        found: list[tuple[int, int]] = []
        for tid in range(start, min(start + _PREFIX_SCAN_CAP, len(self.terms))):
            term = self.terms[tid]
            if not term.startswith(prefix):
                break
            if term != prefix:
                found.append((self.df[tid], tid))
        return [tid for _, tid in heapq.nlargest(limit, found)]

    def typo_terms(self, token: str, limit: int = 3, cutoff: float | None = None) -> list[tuple[int, float]]:
        """Vocabulary terms within a typo or two of ``token``: (term id, 0–100 similarity)."""
        if len(token) < 4 or token.isdigit():
            return []
        cut = _typo_cutoff(len(token)) if cutoff is None else cutoff
        spread = 1 if len(token) <= 5 else 2
        best: list[tuple[float, int, int]] = []
        for length in range(len(token) - spread, len(token) + spread + 1):
            bucket = self.by_len.get(length)
            if not bucket:
                continue
            for term, score, _ in process.extract(token, bucket, scorer=fuzz.ratio, score_cutoff=cut,
                                                  limit=limit, processor=None):
                tid = self.vocab[term]
                best.append((score, self.df[tid], tid))
        best.sort(reverse=True)
        return [(tid, score) for score, _, tid in best[:limit]]

    def expand(self, token: str, *, prefix: bool, prefix_limit: int = 8,
               typo_cutoff: float | None = None) -> list[Expansion]:
        """Exact, prefix and (when no exact term exists) typo matches of one query token."""
        out: list[Expansion] = []
        tid = self.vocab.get(token)
        if tid is not None:
            out.append(Expansion(token, tid, 1.0, EXACT))
        if prefix and token:
            for ptid in self.prefix_terms(token, prefix_limit):
                term = self.terms[ptid]
                out.append(Expansion(term, ptid, 0.7 + 0.25 * len(token) / len(term), PREFIX))
        if tid is None:
            for ttid, score in self.typo_terms(token, cutoff=typo_cutoff):
                out.append(Expansion(self.terms[ttid], ttid, 0.85 * score / 100.0, TYPO))
        return out

    def groups(self, toks: Sequence[str], *, prefix_last: bool, prefix_min: int = 3,
               typo_cutoff: float | None = None) -> list[QueryGroup]:
        """Expand every query token. The last one may be half typed, so it also matches prefixes."""
        out: list[QueryGroup] = []
        for n, token in enumerate(toks):
            is_last = n == len(toks) - 1
            allow_prefix = (prefix_last and is_last) or len(token) >= prefix_min
            exps = self.expand(token, prefix=allow_prefix, prefix_limit=12 if is_last else 5,
                               typo_cutoff=typo_cutoff)
            exps.sort(key=lambda e: (-e.similarity, -self.df[e.term_id]))
            idf = self.idf(exps[0].term_id) if exps else self.max_idf
            size = sum(self.df[e.term_id] for e in exps)
            out.append(QueryGroup(token, exps, idf, size))
        return out

    def candidates(self, groups: Sequence[QueryGroup], budget: int | None = None,
                   title_weight: float = TITLE_WEIGHT) -> dict[int, float]:
        """Rows that contain any expansion, with a rough weighted score (rarest words first).

        ``budget`` bounds the postings read: words whose lists would exceed it are skipped here
        (the caller re-scores the survivors exactly), and a lone huge list is cut to its newest rows.
        """
        scores: dict[int, float] = {}
        used = 0
        live = sorted((g for g in groups if g.expansions), key=lambda g: g.size)
        for group in live:
            if budget is not None and used and used + group.size > budget:
                break
            remaining = None if budget is None else max(1, budget - used)
            pairs: list[tuple[float, memoryview]] = []
            for exp in group.expansions:
                pairs.append((title_weight * exp.similarity, self.title_rows(exp.term_id)))
                pairs.append((BODY_WEIGHT * exp.similarity, self.body_rows(exp.term_id)))
            pairs.sort(key=lambda p: -p[0])
            chosen: list[tuple[float, memoryview]] = []
            for weight, posts in pairs:  # best weights first, within what is left of the budget
                if not posts:
                    continue
                if remaining is not None:
                    if remaining <= 0:
                        break
                    if len(posts) > remaining:
                        posts = posts[:remaining]  # the newest rows
                    remaining -= len(posts)
                chosen.append((weight, posts))
            best: dict[int, float] = {}
            for weight, posts in reversed(chosen):  # ascending weight: higher weights overwrite lower ones
                best.update(dict.fromkeys(posts, weight))
            used += group.size
            idf = group.idf
            if len(live) == 1:
                return best  # one word: scaling by its idf would not change the order
            if not scores:
                scores = {row: w * idf for row, w in best.items()}
            else:
                get = scores.get
                for row, w in best.items():
                    scores[row] = get(row, 0.0) + w * idf
        return scores

    def rows_matching_all(self, groups: Sequence[QueryGroup]) -> set[int]:
        """Rows in which every query word is found (title or body, any expansion)."""
        result: set[int] | None = None
        for group in sorted(groups, key=lambda g: g.size):
            rows: set[int] = set()
            for exp in group.expansions:
                rows.update(self.title_rows(exp.term_id))
                rows.update(self.body_rows(exp.term_id))
            result = rows if result is None else result & rows
            if not result:
                return set()
        return result or set()


def _contains(postings: array, start: int, end: int, row: int) -> bool:
    """Whether ``row`` is in the sorted slice ``postings[start:end]`` (binary search, no copy)."""
    at = bisect.bisect_left(postings, row, start, end)
    return at < end and postings[at] == row
