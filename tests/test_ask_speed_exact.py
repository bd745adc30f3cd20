"""The faster word gathering and sheet context give exactly what the plain loops they replaced gave.

/ask's first stage (``_gather``: rows holding the topic's words, best rough score first) was rewritten in arrays, and
a sheet's context is now looked up in the word index instead of being built word by word, for speed at 50,000 sheets.
A user would notice any difference as another answer; these tests compare both with the plain readings, written here
as the reference, on generated indexes that exercise what the plain loops did: ties broken by row, a common word that
only re-scores the best rows, windows of rows, words of several spellings.
"""

from __future__ import annotations

import heapq
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.query import answer
from bot.query.answer import _Group, _rows_between, _SheetContext
from bot.query.fields import FieldIndex

VOCAB = [f"w{n}" for n in range(12)]


def _reference_gather(fields: FieldIndex, groups: list[tuple[_Group, float]], lo: int, hi: int, pool: int,
                      postings_max: int, rescore_max: int) -> list[int]:
    """The plain loops ``_gather`` was before it used arrays."""
    scores: dict[int, float] = {}
    live = sorted((pair for pair in groups if pair[0].terms), key=lambda pair: pair[0].size)
    for n, (group, weight) in enumerate(live):
        if n and group.size > postings_max:
            if len(scores) > rescore_max:
                kept = heapq.nsmallest(rescore_max, scores, key=lambda row: (-scores[row], row))
                scores = {row: scores[row] for row in kept}
            for row in list(scores):
                if any(fields.has_title(tid, row) or fields.has_body(tid, row) for tid in group.terms):
                    scores[row] += group.idf * weight
            continue
        best: dict[int, float] = {}
        for tid, similarity in group.terms.items():
            for posts, boost in ((fields.body_rows(tid), 1.0), (fields.title_rows(tid), 1.5)):
                rows = _rows_between(posts, lo, hi)
                if len(rows) > postings_max:
                    rows = rows[:postings_max]
                value = group.idf * weight * similarity * boost
                for row in rows:
                    if best.get(row, 0.0) < value:
                        best[row] = value
        for row, value in best.items():
            scores[row] = scores.get(row, 0.0) + value
    if len(scores) <= pool:
        return sorted(scores, key=lambda row: (-scores[row], row))
    return heapq.nsmallest(pool, scores, key=lambda row: (-scores[row], row))


def _index(seed: int, rows: int) -> FieldIndex:
    rng = random.Random(seed)
    # skewed: the first words are in most rows (common words), the last in few; titles short, bodies longer
    weights = [2 ** (len(VOCAB) - n) for n in range(len(VOCAB))]
    titles = [rng.choices(VOCAB, weights, k=rng.randint(0, 3)) for _ in range(rows)]
    bodies = [rng.choices(VOCAB, weights, k=rng.randint(0, 8)) for _ in range(rows)]
    return FieldIndex.build(titles, bodies)


def _groups(fields: FieldIndex, rng: random.Random) -> list[tuple[_Group, float]]:
    groups = []
    for word in rng.sample(VOCAB, rng.randint(1, 5)):
        spellings = {word, *rng.sample(VOCAB, rng.randint(0, 2))}
        terms = {fields.vocab[w]: (1.0 if w == word else rng.choice([0.9, 0.8, 0.5]))
                 for w in spellings if w in fields.vocab}
        size = sum(fields.df[tid] for tid in terms)
        # equal idfs on purpose for some groups: many rows then tie and the order between them is the row's
        idf = fields.idf(fields.vocab[word]) if word in fields.vocab and rng.random() < 0.7 else 1.0
        groups.append((_Group(word, terms, idf, size), rng.choice([1.0, 0.6])))
    return groups


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 10_000), rows=st.integers(1, 300), pool=st.integers(1, 60),
       postings_max=st.integers(5, 200), rescore_max=st.integers(1, 80), window=st.tuples(st.integers(0, 300),
                                                                                            st.integers(0, 300)))
def test_word_gathering_gives_the_rows_and_order_of_the_plain_loops(seed: int, rows: int, pool: int, postings_max: int,
                                                                   rescore_max: int, window: tuple[int, int]) -> None:
    fields = _index(seed, rows)
    groups = _groups(fields, random.Random(seed + 1))
    lo, hi = min(window), max(window)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(answer, "_GROUP_POSTINGS_MAX", postings_max)
        patch.setattr(answer, "_RESCORE_MAX", rescore_max)
        got = answer._gather(fields, groups, lo, hi, pool)
    assert got == _reference_gather(fields, groups, lo, hi, pool, postings_max, rescore_max)
    assert all(type(row) is int for row in got)  # rows are used as dictionary keys and list positions


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 10_000), rows=st.integers(1, 120), start=st.integers(0, 119), length=st.integers(0, 80),
       lead=st.frozensets(st.sampled_from([*VOCAB, "lead-only"]), max_size=4))
def test_a_sheets_context_holds_the_words_of_its_lead_and_of_its_first_titles(seed: int, rows: int, start: int,
                                                                              length: int, lead: frozenset[str]) -> None:
    rng = random.Random(seed)
    titles = [rng.sample(VOCAB, rng.randint(0, 3)) for _ in range(rows)]
    fields = FieldIndex.build(titles, [[] for _ in range(rows)])
    lo, end = min(start, rows), min(start + length, rows)
    context = _SheetContext(lead, fields, lo, end)
    words = set(lead).union(*titles[lo:end])  # what the context was before: every word, made up front
    for word in [*VOCAB, "lead-only", "nowhere"]:
        assert (word in context) == (word in words), word
    # whether it is empty only decides whether it is read: a context with no words found adds nothing either way
    assert bool(context) or not words
