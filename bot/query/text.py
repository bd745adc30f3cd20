"""Folding and tokenising for matching: the query and the indexed text go through the same steps.

Matching has to ignore case, accents, curly quotes and invisible joiners (real fact-sheet titles
contain U+2060 inside "Biden-Harris"), so a user typing plain ASCII finds them. The parser's
``fold_for_match`` is applied first; the steps here are idempotent on its output, so the two
never disagree.
"""

from __future__ import annotations

import contextlib
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable

from bot.ingest import fold_for_match  # the parser owns the canonical folding

_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_POSSESSIVE = re.compile(r"['’ʼ`]s\b")
_APOSTROPHE = re.compile(r"['’ʼ`]")
_TOKEN = re.compile(r"[^\W_]+")

# Words too common to say anything about which initiative is meant. Titles still index them
# (titles are short); bodies do not, which keeps the posting lists small.
_STOPWORD_TEXT = """a an and are as at be been by for from has have in into is it its of on or our s so such
that the their them these this those to was were we which who will with also than then there they u"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


# A thousands separator inside a number ("nearly 1,500 Americans"): dropped, so that "1500" typed in a question is the
# same word as the sheets' "1,500" (52nd round); "2023, 2024" (a space after the comma) stays two numbers.
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def fold(text: str) -> str:
    """Lower-case, accent-free, joiner-free form of ``text`` for matching (never raises)."""
    if not text:
        return ""
    with contextlib.suppress(Exception):  # a bad input must not break matching
        text = fold_for_match(text)
    if text.isascii():  # nearly every sheet's text once the parser has folded it: no accents, joiners or marks
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKD", text)
        text = _INVISIBLE.sub("", text)
        text = _COMBINING.sub("", text)
        text = text.casefold()
    text = _POSSESSIVE.sub("", text)
    return _THOUSANDS.sub("", _APOSTROPHE.sub("", text))


def tokens(folded: str) -> list[str]:
    """Word tokens of already folded text, in order."""
    return _TOKEN.findall(folded)


def tokenize(text: str) -> list[str]:
    """Fold then split: the one path both queries and indexed strings take."""
    return tokens(fold(text))


def content_tokens(toks: list[str]) -> list[str]:
    """Drop stopwords and single letters, unless nothing would be left."""
    kept = [t for t in toks if t not in STOPWORDS and (len(t) > 1 or t.isdigit())]
    return kept or toks


class TermMemo:
    """The word lists of the texts one build tokenised, kept for the next build.

    Tokenising every text is most of an index build, and a rebuild after another machine's
    ingest sees the same texts again plus a few new ones. A long-lived builder (see
    ``bot.query.builder``) keeps one memo, so a rebuild tokenises only what it has not seen.
    Only the texts of the latest build are kept (nothing accumulates as sheets are replaced),
    and none at all past ``max_texts``, where the memo would cost more memory than it saves time.
    Words are interned: one string per distinct word, however many texts hold it.
    """

    def __init__(self, *, keep: bool = True, max_texts: int = 300_000) -> None:
        self._keep = keep
        self._max_texts = max_texts
        self._previous: dict[str, tuple[str, ...]] = {}
        self._current: dict[str, tuple[str, ...]] = {}
        self.reused = self.made = 0  # texts of the build in progress: words from the memo, words made
        self.last_reused = self.last_made = 0  # the same, for the last finished build

    def words(self, text: str, make: Callable[[], Iterable[str]]) -> tuple[str, ...]:
        """The words of ``text``: from the previous build when it had the same text, else ``make()``."""
        found = self._previous.get(text)
        if found is not None:
            self.reused += 1
        else:
            found = tuple(map(sys.intern, make()))
            self.made += 1
        if self._keep and len(self._current) < self._max_texts:
            self._current[text] = found
        return found

    def finish(self) -> None:
        """End of a build: its texts become the ones the next build may reuse."""
        too_many = len(self._current) >= self._max_texts
        self._previous = {} if too_many or not self._keep else self._current
        self._current = {}
        self.last_reused, self.last_made, self.reused, self.made = self.reused, self.made, 0, 0

    @property
    def keeps(self) -> bool:
        """Whether it keeps words for the next build (a memo made with ``keep=False`` never does)."""
        return self._keep

    def __len__(self) -> int:
        return len(self._previous)
