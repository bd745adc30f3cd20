"""Which of many follows a new fact sheet matches, without trying them one by one.

An inverted index maps every word any followed topic can be satisfied by (the word itself, its
plural, an acronym's full name, a paraphrase) to the (follow, topic word) pairs it satisfies. A
sheet is matched by walking its own words once: each hit ticks off one topic word of one follow,
and a follow matches when all its topic words are ticked. The cost grows with the sheet's words
and the hits, not with the number of follows (10,000 follows across 2,000 servers: see
``benchmarks/follow_matching.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.follows.topics import SheetText, Topic, Why, compile_topic, explain, full_names
from bot.store.follows import Follow


@dataclass(frozen=True, slots=True)
class FollowMatch:
    follow: Follow
    why: Why


class FollowMatcher:
    """Built once per set of follows (and acronym map); ``match`` is read-only and thread-safe."""

    def __init__(self, follows: Sequence[Follow], acronyms: Mapping[str, str] | None = None) -> None:
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
        postings: dict[str, list[tuple[int, int, tuple[str, ...]]]] = {}
        for t, topic in enumerate(self._distinct):
            for g, group in enumerate(topic.groups):
                for alternative in group.alternatives:
                    first, rest = alternative.words[0], alternative.words[1:]
                    postings.setdefault(first, []).append((t, g, rest))
        self._postings = postings

    def __len__(self) -> int:
        return len(self.follows)

    def matching_topics(self, words: frozenset[str]) -> list[int]:
        """Indexes (into the distinct topics) of every topic the word set satisfies."""
        postings = self._postings
        ticked: dict[int, set[int]] = {}
        small, large = (words, postings) if len(words) <= len(postings) else (postings.keys(), words)
        for word in small:
            if word not in large:
                continue
            for t, g, rest in postings[word]:
                if rest and not all(w in words for w in rest):
                    continue
                ticked.setdefault(t, set()).add(g)
        needed = self._needed
        return [t for t, groups in ticked.items() if len(groups) == needed[t]]

    def match(self, sheet: SheetText) -> list[FollowMatch]:
        """Every follow the sheet matches, with why (in the order the follows were given)."""
        out: list[FollowMatch] = []
        for t in self.matching_topics(sheet.words):
            why = explain(self._distinct[t], sheet)
            if why is None:  # cannot happen (same rule), kept so a mismatch never alerts wrongly
                continue
            out.extend(FollowMatch(self.follows[n], why) for n in self._follows_of[t])
        out.sort(key=lambda m: m.follow.id)
        return out
