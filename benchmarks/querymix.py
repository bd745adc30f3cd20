"""A fixed, seeded mix of queries drawn from the corpus itself, the way users would type them.

Five kinds (shares of the mix): acronyms as defined in the fact sheets (20%), title words with
one or two typing mistakes (20%), prefixes of 1–5 characters as a user types them into the
autocomplete box (25%: a title word, or a finished first word and the next one being typed),
words found only in an initiative's body (17.5%) and title words (17.5%). The same database and
seed always give the same list, so runs and sizes compare like for like.

It reads the database with ``sqlite3`` directly (read-only), not through the store: the
benchmark's own memory and time must not include a snapshot of the corpus.
"""

from __future__ import annotations

import random
import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from bot.query.text import STOPWORDS, fold, tokens

KINDS = ("acronym", "typo", "prefix", "body", "title")
SHARES = {"acronym": 0.20, "typo": 0.20, "prefix": 0.25, "body": 0.175, "title": 0.175}
PREFIX_LENGTHS = (1, 2, 3, 4, 5)
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_URL = re.compile(r"https?://\S+")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_SAMPLE_ROWS = 3000  # initiatives sampled to draw words from


def build_mix(db_path: Path, count: int = 1000, seed: int = 0) -> list[dict[str, str]]:
    """``count`` queries as ``{"q": text, "kind": kind}``, in a fixed shuffled order."""
    rng = random.Random(seed)
    titles, texts, acronyms = _sample(db_path, rng)
    if not titles:
        raise ValueError(f"{db_path} holds no initiatives to draw queries from")
    wanted = _quotas(count)
    queries: list[dict[str, str]] = []
    queries += [{"q": q, "kind": "acronym"} for q in _acronym_queries(rng, acronyms, titles, wanted["acronym"])]
    queries += [{"q": q, "kind": "typo"} for q in _typo_queries(rng, titles, wanted["typo"])]
    queries += [{"q": q, "kind": "prefix"} for q in _prefix_queries(rng, titles, wanted["prefix"])]
    queries += [{"q": q, "kind": "body"} for q in _body_queries(rng, titles, texts, wanted["body"])]
    queries += [{"q": q, "kind": "title"} for q in _title_queries(rng, titles, wanted["title"])]
    rng.shuffle(queries)
    return queries[:count]


def _quotas(count: int) -> dict[str, int]:
    quotas = {kind: int(count * SHARES[kind]) for kind in KINDS}
    quotas["prefix"] -= quotas["prefix"] % len(PREFIX_LENGTHS)  # whole typing sequences
    quotas["title"] += count - sum(quotas.values())
    return quotas


def _sample(db_path: Path, rng: random.Random) -> tuple[list[str], list[str], list[str]]:
    uri = f"file:{db_path}?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM initiatives ORDER BY id")]
        chosen = sorted(rng.sample(ids, min(_SAMPLE_ROWS, len(ids))))
        rows: list[tuple[str, str]] = []
        for start in range(0, len(chosen), 500):
            part = chosen[start:start + 500]
            marks = ",".join("?" * len(part))
            rows += conn.execute(f"SELECT title, text FROM initiatives WHERE id IN ({marks}) ORDER BY id", part)
        shorts = sorted({row[0] for row in conn.execute("SELECT DISTINCT short FROM acronyms")})
    return [r[0] for r in rows], [r[1] for r in rows], shorts


def _words(text: str, min_len: int) -> list[str]:
    return [w for w in tokens(fold(_URL.sub(" ", _LINK_TARGET.sub("]", text))))
            if len(w) >= min_len and w not in STOPWORDS and w.isalpha()]


def _acronym_queries(rng: random.Random, acronyms: Sequence[str], titles: Sequence[str], n: int) -> list[str]:
    pool = [a for a in acronyms if 2 <= len(a) <= 12] or _title_word_pool(titles, 4)
    out = []
    for i in range(n):
        short = rng.choice(pool)
        out.append(short if i % 2 == 0 else short.lower())  # as written, and as typed in a hurry
    return out


def _title_word_pool(titles: Sequence[str], min_len: int) -> list[str]:
    return sorted({w for t in titles for w in _words(t, min_len)})


def _typo(rng: random.Random, word: str) -> str:
    """One edit: substitute, delete, insert or swap two neighbours (never the first letter)."""
    chars = list(word)
    where = rng.randrange(1, len(chars))
    action = rng.choice(("substitute", "delete", "insert", "swap"))
    if action == "substitute":
        chars[where] = rng.choice([c for c in _LETTERS if c != chars[where]])
    elif action == "delete":
        del chars[where]
    elif action == "insert":
        chars.insert(where, rng.choice(_LETTERS))
    elif where + 1 < len(chars) and chars[where] != chars[where + 1]:
        chars[where], chars[where + 1] = chars[where + 1], chars[where]
    else:
        chars[where] = rng.choice([c for c in _LETTERS if c != chars[where]])
    return "".join(chars)


def _typo_queries(rng: random.Random, titles: Sequence[str], n: int) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        words = _words(rng.choice(titles), 5)
        if not words:
            continue
        start = rng.randrange(len(words))
        picked = words[start:start + rng.choice((1, 2))]
        edits = rng.choice((1, 2))
        victim = rng.randrange(len(picked))
        word = picked[victim]
        for _ in range(edits):
            word = _typo(rng, word)
        if word == picked[victim]:
            continue
        picked[victim] = word
        out.append(" ".join(picked))
    return out


def _prefix_queries(rng: random.Random, titles: Sequence[str], n: int) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        words = _words(rng.choice(titles), 5)
        if not words:
            continue
        start = rng.randrange(len(words))
        if rng.random() < 0.5 and start + 1 < len(words):
            lead, typed = words[start] + " ", words[start + 1]  # first word done, typing the second
        else:
            lead, typed = "", words[start]
        out += [lead + typed[:length] for length in PREFIX_LENGTHS]
    return out[:n]


def _body_queries(rng: random.Random, titles: Sequence[str], texts: Sequence[str], n: int) -> list[str]:
    out: list[str] = []
    attempts = 0
    while len(out) < n:
        attempts += 1
        row = rng.randrange(len(titles))
        in_title = set(_words(titles[row], 1))
        words = [w for w in _words(texts[row], 5) if w not in in_title]
        if not words and attempts < 50 * n:
            continue
        words = words or _words(texts[row], 3) or _words(titles[row], 1)
        if not words:
            continue
        start = rng.randrange(len(words))
        out.append(" ".join(words[start:start + rng.choice((1, 1, 2))]))
    return out


def _title_queries(rng: random.Random, titles: Sequence[str], n: int) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        words = _words(rng.choice(titles), 3)
        if not words:
            continue
        start = rng.randrange(len(words))
        out.append(" ".join(words[start:start + rng.choice((1, 2, 2, 3))]))
    return out
