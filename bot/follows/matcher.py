"""Which of many follows a new fact sheet matches, without trying them one by one.

An inverted index maps every word any followed topic can be satisfied by (the word itself, its
plural, an acronym's full name, a paraphrase) to the (follow, topic word) pairs it satisfies. A
sheet is matched by walking its own words once: each hit ticks off one topic word of one follow,
and a follow matches when all its topic words are ticked. The cost grows with the sheet's words
and the hits, not with the number of follows (10,000 follows across 2,000 servers: see
``benchmarks/follows.py``).
"""

from __future__ import annotations

import gc
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from bot.follows.topics import SheetText, Topic, Why, compile_topic, explain, full_names
from bot.store.follows import Follow


class Explanation:
    """Why one sheet matched one distinct topic, worked out on first use and shared by every
    follow of that topic: a generic topic followed in hundreds of servers is explained once,
    and only if an alert about it is actually composed."""

    __slots__ = ("_chosen", "_sheet", "_topic", "_why")

    def __init__(self, topic: Topic, sheet: SheetText, chosen: Sequence[int] | None = None) -> None:
        self._topic = topic
        self._sheet = sheet
        self._chosen = chosen
        self._why: Why | None = None

    def get(self) -> Why:
        if self._why is None:
            why = explain(self._topic, self._sheet, self._chosen)
            # The matcher found every topic word, so there is always a why; an empty one is
            # never reached but keeps a mismatch from raising in the middle of a batch.
            self._why = why or Why(self._topic.text, ())
        return self._why


class FollowMatch(NamedTuple):
    """One follow a sheet matched; ``why`` is worked out when first read. A tuple: a long sheet
    matches thousands of follows, and making each match should cost next to nothing."""

    follow: Follow
    explanation: Why | Explanation

    @property
    def why(self) -> Why:
        explanation = self.explanation
        return explanation if isinstance(explanation, Why) else explanation.get()


class FollowMatcher:
    """Built once per set of follows (and acronym map); ``match`` is read-only and thread-safe."""

    def __init__(self, follows: Sequence[Follow], acronyms: Mapping[str, str] | None = None) -> None:
        """Built like the answers' index (``CorpusIndex.from_rows``): with the cyclic garbage
        collector paused, then frozen out of its sight. The matcher is tens of thousands of small
        long-lived objects without cycles; left in view, every full collection while a sheet is
        matched walks them all (tens of milliseconds). Replaced, it is freed by reference counting."""
        was_enabled = gc.isenabled()
        gc.collect()  # garbage alive now would be frozen with the matcher, never to be freed
        gc.disable()
        try:
            self._build(follows, acronyms)
            gc.freeze()
        finally:
            if was_enabled:
                gc.enable()

    def _build(self, follows: Sequence[Follow], acronyms: Mapping[str, str] | None) -> None:
        self.follows = list(follows)
        compiled: dict[str, Topic] = {}
        self.topics: list[Topic] = []
        by_full = full_names(acronyms or {})
        for follow in self.follows:
            topic = compiled.get(follow.topic)
            if topic is None:
                topic = compiled[follow.topic] = compile_topic(follow.topic, acronyms, by_full)
            self.topics.append(topic)
        # The same topic followed in many places is matched once: postings point at distinct topics.
        self._distinct = list(compiled.values())
        position = {topic.text: n for n, topic in enumerate(self._distinct)}
        self._follows_of: list[list[int]] = [[] for _ in self._distinct]
        for n, topic in enumerate(self.topics):
            self._follows_of[position[topic.text]].append(n)
        self._needed = [len(topic.groups) for topic in self._distinct]
        postings: dict[str, list[tuple[int, int, int, tuple[str, ...]]]] = {}
        for t, topic in enumerate(self._distinct):
            for g, group in enumerate(topic.groups):
                for a, alternative in enumerate(group.alternatives):
                    first, rest = alternative.words[0], alternative.words[1:]
                    postings.setdefault(first, []).append((t, g, a, rest))
        self._postings = postings

    def __len__(self) -> int:
        return len(self.follows)

    def _found(self, words: frozenset[str]) -> dict[int, dict[int, int]]:
        """Distinct topic → {topic word → the first of its alternatives the words hold}, for
        every topic the words satisfy."""
        postings = self._postings
        ticked: dict[int, dict[int, int]] = {}
        small, large = (words, postings) if len(words) <= len(postings) else (postings.keys(), words)
        for word in small:
            if word not in large:
                continue
            for t, g, a, rest in postings[word]:
                if rest and not all(w in words for w in rest):
                    continue
                groups = ticked.get(t)
                if groups is None:
                    ticked[t] = {g: a}
                elif a < groups.get(g, a + 1):
                    groups[g] = a
        needed = self._needed
        return {t: groups for t, groups in ticked.items() if len(groups) == needed[t]}

    def matching_topics(self, words: frozenset[str]) -> list[int]:
        """Indexes (into the distinct topics) of every topic the word set satisfies."""
        return list(self._found(words))

    def match(self, sheet: SheetText) -> list[FollowMatch]:
        """Every follow the sheet matches, in the order the follows were given; why each
        matched is worked out only when read."""
        explanation_of: dict[int, Explanation] = {}
        for t, groups in self._found(sheet.words).items():
            topic = self._distinct[t]
            explanation = Explanation(topic, sheet, [groups[g] for g in range(len(topic.groups))])
            for n in self._follows_of[t]:
                explanation_of[n] = explanation
        follows, new = self.follows, tuple.__new__
        return [new(FollowMatch, (follows[n], explanation_of[n])) for n in sorted(explanation_of)]
