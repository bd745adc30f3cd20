"""A broad, automatic check of /ask's answering that is not the gold question set.

Questions are generated mechanically from the fact sheets themselves (never from
tests/data/ask_questions.toml), each with the answer it came from:

- *heading*: "what did the white house announce about <the content words of an initiative's heading>"
  → the sheet the heading is in;
- *money*: "how much for / to <the purpose words after a new federal dollar figure>" ("$40 million to restore
  the wetlands of the delta …" → "how much to restore wetlands delta") → that figure and its sheet. A purpose
  whose words another figure's sentence (another amount) also holds is left out: its answer is not one figure.
  ``--short 3`` keeps only the purpose's three rarest words (a thing named by its name), ``--short 3 --common``
  its three most common ones (a thing named by what it is: vague questions many sheets answer).

Prints figures, not a test: top-1 sheet, lead figure, figures stated confidently and how many of those are
wrong, with the wrong ones listed (``--show N``). About a minute for 400 of each kind.

    PYTHONPATH=. .venv/bin/python scripts/ask_synthetic_check.py --db /tmp/ask34.db [--per-kind 400] [--seed 33]
        [--short 3 [--common]] [--show 20]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.query.answer import COVERED, answer
from bot.query.ask_eval import DEFAULT_SHARED, build_index, sheet_path
from bot.query.question import FUNDING, read_question
from bot.query.text import STOPWORDS, fold, tokens

_SKIP_WORDS = STOPWORDS | {"new", "more", "than", "over", "nearly", "about", "up", "including", "which", "will",
                           "this", "that", "these", "those", "their", "his", "her", "they", "we", "us", "who"}
_PURPOSE = re.compile(r"^\s*(?:in\s+\w+\s+)?(to|for)\s+([^,.;:()—–]+)")
_ANNOUNCED = frozenset({"new"})  # what "how much for …" asks without naming a kind


def _content(text: str) -> list[str]:
    return [w for w in tokens(fold(text)) if w not in _SKIP_WORDS and not w.isdigit() and len(w) > 1]


def heading_questions(index: Any, rng: random.Random, count: int) -> list[tuple[str, int, str]]:
    """(question, document id, heading) from initiative headings used by one sheet only."""
    by_title: dict[str, set[int]] = defaultdict(set)
    pool: list[tuple[str, int, list[str]]] = []
    for rec in index.initiatives:
        words = _content(rec.title)
        if not 3 <= len(words) <= 9 or len(rec.title) > 90:
            continue
        key = " ".join(words)
        by_title[key].add(rec.document_id)
        pool.append((key, rec.document_id, words))
    docs = {doc.id: doc for doc in index.documents}
    seen: set[str] = set()
    out: list[tuple[str, int, str]] = []
    rng.shuffle(pool)
    for key, document_id, words in pool:
        if key in seen or len(by_title[key]) > 1 or "wh-factsheets" not in docs[document_id].path:
            continue
        seen.add(key)
        out.append((f"what did the white house announce about {' '.join(words[:5])}", document_id, key))
        if len(out) >= count:
            break
    return out


def _rarest(words: list[str], frequency: dict[str, int], keep: int, common: bool = False) -> list[str]:
    """The ``keep`` rarest (or most ``common``) of ``words``, in their order: how a person names a thing in few
    words, by its name or by what it is."""
    sign = -1 if common else 1
    chosen = set(sorted(dict.fromkeys(words), key=lambda w: (sign * frequency.get(w, 0), w))[:keep])
    return [w for w in dict.fromkeys(words) if w in chosen]


def money_questions(index: Any, rng: random.Random, count: int, short: int = 0,
                    common: bool = False) -> list[tuple[str, int, float, str]]:
    """(question, document id, amount, sentence) from new federal figures followed by what they are for; with
    ``short``, only that many of the purpose's rarest words."""
    records = list(index.funding)
    words_of = [set(tokens(fold(r.sentence))) for r in records]
    frequency: dict[str, int] = defaultdict(int)
    for words in words_of:
        for word in words:
            frequency[word] += 1
    docs = {doc.id: doc for doc in index.documents}
    order = list(range(len(records)))
    rng.shuffle(order)
    out: list[tuple[str, int, float, str]] = []
    used: set[str] = set()
    for n in order:
        rec = records[n]
        if rec.kind not in _ANNOUNCED or "wh-factsheets" not in docs[rec.document_id].path:
            continue
        at = rec.sentence.find(rec.text)
        if at < 0:
            continue
        after = rec.sentence[at + len(rec.text):]
        after = re.sub(r"^\s*(?:in\s+)?(?:new\s+)?(?:funding|grants?|investments?|loans?|awards?)\b", "", after)
        match = _PURPOSE.match(after)
        if not match:
            continue
        purpose = _content(match.group(2))[:5]
        if short:
            purpose = _rarest(purpose, frequency, short, common)
        if len(purpose) < 2:
            continue
        key = " ".join(purpose)
        if key in used:
            continue
        wanted = set(purpose)
        if any(wanted <= words_of[m] and records[m].amount_usd != rec.amount_usd for m in range(len(records))):
            continue  # another amount's sentence says the same purpose: no one answer
        used.add(key)
        verb = "to" if match.group(1) == "to" else "for"
        out.append((f"how much {verb} {key}", rec.document_id, rec.amount_usd, rec.sentence))
        if len(out) >= count:
            break
    return out


def run(index: Any, per_kind: int, seed: int, show: int, short: int = 0, common: bool = False) -> list[str]:
    rng = random.Random(seed)
    lines: list[str] = []
    docs = {doc.id: doc for doc in index.documents}

    heads = heading_questions(index, rng, per_kind)
    right = covered = 0
    misses: list[str] = []
    for text, document_id, _key in heads:
        ans = answer(index, read_question(text))
        top = ans.top_document
        covered += ans.covered
        if ans.covered and top is not None and top.id == document_id:
            right += 1
        elif len(misses) < show:
            got = sheet_path(top.path)[-60:] if (ans.covered and top) else f"not covered ({ans.reason[:40]})"
            misses.append(f"    {text!r}: wanted {sheet_path(docs[document_id].path)[-60:]}, got {got}")
    n = len(heads) or 1
    lines.append(f"heading questions {len(heads)}: covered {covered / n:.1%}, top sheet right {right / n:.1%}")
    lines += misses

    money = money_questions(index, rng, per_kind, short, common)
    covered = sheet_right = lead_right = stated = stated_wrong = 0
    wrong_lines: list[str] = []
    miss_lines: list[str] = []
    for text, document_id, amount, _sentence in money:
        reading = read_question(text)
        ans = answer(index, reading)
        if not ans.covered:
            if len(miss_lines) < show:
                miss_lines.append(f"    {text!r}: not covered ({ans.reason[:50]})")
            continue
        covered += 1
        figures = ans.figures if reading.intent == FUNDING else []
        lead = figures[0] if figures and figures[0].coverage >= COVERED else None
        top = ans.top_document
        same = lead is not None and abs(lead.record.amount_usd - amount) <= 0.005 * amount
        if top is not None and (top.id == document_id or same):
            sheet_right += 1
        lead_right += same
        if lead is not None and ans.figure_sure:
            stated += 1
            if not same:
                stated_wrong += 1
                wrong_lines.append(f"    {text!r}: stated {lead.record.text} ({sheet_path(lead.document.path)[-50:]}"
                                   f" :: {lead.record.sentence[:90]}), wanted ${amount:,.0f}"
                                   f" ({sheet_path(docs[document_id].path)[-50:]})")
        elif not same and len(miss_lines) < show:
            got = f"{lead.record.text} [{ans.hedge or 'sure'}]" if lead else "no figure"
            miss_lines.append(f"    {text!r}: {got}, wanted ${amount:,.0f} ({sheet_path(docs[document_id].path)[-50:]})")
    n = len(money) or 1
    lines.append(f"money questions {len(money)}: covered {covered / n:.1%}, top sheet right {sheet_right / n:.1%}, "
                 f"lead figure right {lead_right / n:.1%}, stated {stated / n:.1%}, "
                 f"stated wrong {stated_wrong} ({stated_wrong / max(stated, 1):.1%} of stated)")
    lines += wrong_lines[:show]
    lines += miss_lines
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="a database holding the seed, corpus/ and wh-factsheets/")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--per-kind", type=int, default=300)
    parser.add_argument("--seed", type=int, default=33)
    parser.add_argument("--show", type=int, default=0, help="list this many misses of each kind")
    parser.add_argument("--short", type=int, default=0,
                        help="money questions name only this many of the purpose's rarest words (0: up to five)")
    parser.add_argument("--common", action="store_true", help="with --short, the most common words instead")
    args = parser.parse_args(argv)
    if not (args.shared / "corpus").is_dir():
        print(f"needs the shared fact sheets, not found at {args.shared}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        index = asyncio.run(build_index(args.db or Path(folder) / "ask.db", args.shared))
    print("\n".join(run(index, args.per_kind, args.seed, args.show, args.short, args.common)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
