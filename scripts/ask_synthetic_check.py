"""A broad, automatic check of /ask's answering that is not the gold question set.

Questions are generated mechanically from the fact sheets themselves (never from
tests/data/ask_questions.toml), each with the answer it came from:

- *heading*: "what did the white house announce about <the content words of an initiative's heading>"
  → the sheet the heading is in;
- *money*: "how much for / to <the purpose words after a new federal dollar figure>" ("$40 million to restore
  the wetlands of the delta …" → "how much to restore wetlands delta") → that figure and its sheet. A purpose
  whose words another figure's sentence (another amount) also holds, in any ending, is left out: its answer is not one
  figure.
  ``--short 3`` keeps only the purpose's three rarest words (a thing named by its name), ``--short 3 --common``
  its three most common ones (a thing named by what it is: vague questions many sheets answer).

- *uncovered* (``--uncovered``): questions no sheet answers by construction: an initiative heading's content words
  crossed with a place (a US city, another country) or an agency, or with the heading words of another sheet, kept
  only when no sheet (its title and every initiative) holds all of the question's topic words, in any ending. Each
  should be said "not covered"; the share that is, and those answered, are printed.
- *everyday* (``--everyday``): the heading questions again, with the sheets' words replaced by everyday ones from a
  small list written for this script ("purchase" → "buy", "vehicles" → "cars"; never from the question set): of those
  the code answers right in the sheets' words, how many still have that sheet first.

- *confident* (``--confident``, ``--seeds``): the money questions of every variant (whole purpose, three rarest,
  three most common words) for each seed, by outcome: one figure stated confidently and right, confidently and
  *wrong*, hedged (the close figures listed, the right one first or not), or said not covered; the confident wrong
  ones grouped by where the stated figure stands against the generated one (its sheet, its sentence, larger or
  smaller), each listed (``--show N``) with where the wanted figure ranked and the two figures' own evidence. Seeds
  draw from one pool of purposes, so several seeds repeat many questions: count distinct ones when it matters.

Prints figures, not a test: top-1 sheet, lead figure, figures stated confidently and how many of those are
wrong, with the wrong ones listed (``--show N``). About a minute for 400 of each kind.

    PYTHONPATH=. .venv/bin/python scripts/ask_synthetic_check.py --db /tmp/ask34.db [--per-kind 400] [--seed 33]
        [--short 3 [--common]] [--show 20] [--uncovered | --everyday | --confident [--seeds 33 34 35]]
"""

from __future__ import annotations

import argparse
import random
import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.query.answer import COVERED, answer
from bot.query.ask_eval import DEFAULT_SHARED, library_index, sheet_path
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


def _stem(word: str) -> str:
    """A word without its ending, for telling whether another sentence says the same purpose: "phases" and "phase",
    "connects" and "connecting", "supports" and "support" are one word (as the uncovered questions' ``_ending_free``
    reads them, and a final "e" too, which "phases" loses with its "es")."""
    stem = _ending_free(word)
    return stem[:-1] if stem.endswith("e") and len(stem) >= 5 else stem


def money_questions(index: Any, rng: random.Random, count: int, short: int = 0,
                    common: bool = False) -> list[tuple[str, int, float, str]]:
    return [(text, rec.document_id, rec.amount_usd, rec.sentence)
            for text, rec in money_records(index, rng, count, short, common)]


def money_records(index: Any, rng: random.Random, count: int, short: int = 0,
                  common: bool = False) -> list[tuple[str, Any]]:
    """(question, document id, amount, sentence) from new federal figures followed by what they are for; with
    ``short``, only that many of the purpose's rarest words."""
    records = list(index.funding)
    words_of = [set(tokens(fold(r.sentence))) for r in records]
    stems_of = [{_stem(w) for w in words} for words in words_of]
    frequency: dict[str, int] = defaultdict(int)
    for words in words_of:
        for word in words:
            frequency[word] += 1
    docs = {doc.id: doc for doc in index.documents}
    order = list(range(len(records)))
    rng.shuffle(order)
    out: list[tuple[str, Any]] = []
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
        wanted = {_stem(w) for w in purpose}
        if any(wanted <= stems_of[m] and records[m].amount_usd != rec.amount_usd for m in range(len(records))):
            continue  # another amount's sentence says the same purpose, in any ending: no one answer
        used.add(key)
        verb = "to" if match.group(1) == "to" else "for"
        out.append((f"how much {verb} {key}", rec))
        if len(out) >= count:
            break
    return out


# Real places and agencies, chosen without looking at the sheets: crossed with a sheet's topic they name something
# no sheet announces (a question is kept only when no sheet holds all its words).
_PLACES = ("fargo", "boise", "tulsa", "duluth", "spokane", "anchorage", "savannah", "wichita", "tacoma", "omaha",
           "iceland", "mongolia", "nepal", "uruguay", "finland", "bolivia", "latvia", "madagascar", "laos", "chile")
_AGENCIES = ("nasa", "fema", "irs", "faa", "noaa", "usda", "fbi", "epa", "hud", "sba")


def _ending_free(word: str) -> str:
    for suffix in ("ies", "es", "s", "ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def uncovered_questions(index: Any, rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(question, how it was made) that no sheet answers: a heading's words crossed with a place, an agency or
    another sheet's heading words, kept when no sheet's words hold all of the topic's (in any ending)."""
    sheet_words: dict[int, set[str]] = defaultdict(set)
    for doc in index.documents:
        sheet_words[doc.id].update(_ending_free(w) for w in tokens(fold(doc.title)))
    headings: list[tuple[int, list[str]]] = []
    for rec in index.initiatives:
        sheet_words[rec.document_id].update(_ending_free(w) for w in tokens(fold(f"{rec.title} {rec.text}")))
        words = _content(rec.title)
        if 3 <= len(words) <= 9 and len(rec.title) <= 90:
            headings.append((rec.document_id, words[:3]))
    every = list(sheet_words.values())
    rng.shuffle(headings)
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for n, (document_id, words) in enumerate(headings):
        way = ("place", "agency", "crossed")[n % 3]
        topic = " ".join(words)
        if way == "place":
            extra = [rng.choice(_PLACES)]
            text = rng.choice((f"what did the white house announce about {topic} in {extra[0]}",
                               f"how much for {topic} in {extra[0]}"))
        elif way == "agency":
            extra = [rng.choice(_AGENCIES)]
            text = f"what did {extra[0]} announce about {topic}"
        else:
            other_id, other = headings[rng.randrange(len(headings))]
            if other_id == document_id:
                continue
            extra = other[:2]
            text = f"what did the white house announce about {topic} {' '.join(extra)}"
        wanted = {_ending_free(w) for w in [*words, *extra]}
        if text in seen or any(wanted <= words_of for words_of in every):
            continue
        seen.add(text)
        out.append((text, way))
        if len(out) >= count:
            break
    return out


def run_uncovered(index: Any, count: int, seed: int, show: int) -> list[str]:
    questions = uncovered_questions(index, random.Random(seed), count)
    refused: dict[str, int] = defaultdict(int)
    made: dict[str, int] = defaultdict(int)
    answered: list[str] = []
    for text, way in questions:
        ans = answer(index, read_question(text))
        made[way] += 1
        if ans.covered:
            top = ans.top_document
            answered.append(f"    [{way}] {text!r}: answered from {sheet_path(top.path)[-60:] if top else '?'}")
        else:
            refused[way] += 1
    n = len(questions) or 1
    lines = [f"uncovered questions {len(questions)}: said not covered {sum(refused.values()) / n:.1%} ("
             + ", ".join(f"{way} {refused[way]}/{made[way]}" for way in sorted(made)) + ")"]
    return lines + answered[:show]


# The sheets' words → an everyday word for them, one word each, written for this script from general English.
EVERYDAY = {
    "purchase": "buy", "purchases": "buys", "vehicles": "cars", "children": "kids", "firearms": "guns",
    "employment": "jobs", "physicians": "doctors", "medications": "medicines", "assistance": "help",
    "communities": "towns", "construct": "build", "construction": "building", "eliminate": "end",
    "strengthen": "boost", "strengthening": "boosting", "enhance": "improve", "enhancing": "improving",
    "expand": "grow", "expanding": "growing", "accelerate": "speed", "reduce": "cut", "reducing": "cutting",
    "establish": "set", "establishing": "setting", "individuals": "people", "initiative": "plan",
    "modernize": "update", "modernizing": "updating", "facilities": "buildings", "affordable": "cheap",
    "veterans": "vets", "agricultural": "farm", "employees": "workers", "workforce": "workers", "housing": "homes",
    "residents": "people", "transportation": "transport", "maritime": "shipping", "secure": "safe",
    "prevent": "stop", "preventing": "stopping", "combat": "fight", "combating": "fighting", "combatting": "fighting",
    "address": "tackle", "addressing": "tackling", "provide": "give", "providing": "giving", "ensure": "make sure",
    "increase": "raise", "increasing": "raising", "advance": "push", "advancing": "pushing", "promote": "boost",
    "promoting": "boosting", "support": "back", "supporting": "backing", "deploy": "roll out", "partnership": "team",
    "partnerships": "teams", "opportunities": "chances", "economic": "economy", "domestic": "homegrown",
    "infrastructure": "roads bridges", "pollution": "dirty air", "emissions": "pollution", "disaster": "storm",
}


def run_everyday(index: Any, count: int, seed: int, show: int) -> list[str]:
    heads = heading_questions(index, random.Random(seed), count)
    asked = kept = refused = 0
    lines: list[str] = []
    for text, document_id, key in heads:
        words = key.split()[:5]
        if not any(w in EVERYDAY for w in words):
            continue
        ans = answer(index, read_question(text))
        if not (ans.covered and ans.top_document is not None and ans.top_document.id == document_id):
            continue  # measured only where the sheets' own words are answered right
        reworded = "what did the white house announce about " + " ".join(EVERYDAY.get(w, w) for w in words)
        asked += 1
        other = answer(index, read_question(reworded))
        if other.covered and other.top_document is not None and other.top_document.id == document_id:
            kept += 1
        else:
            refused += not other.covered
            if len(lines) < show:
                got = sheet_path(other.top_document.path)[-55:] if other.covered and other.top_document else \
                    f"not covered ({other.reason[:40]})"
                lines.append(f"    {reworded!r} (was {' '.join(words)!r}): {got}")
    n = asked or 1
    return [f"everyday rewordings {asked}: top sheet kept {kept / n:.1%}, said not covered {refused / n:.1%}, "
            f"another sheet first {(asked - kept - refused) / n:.1%}", *lines]


_VARIANTS = (("whole purpose", 0, False), ("three rarest words", 3, False), ("three most common words", 3, True))


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 0.005 * max(b, 1.0)


def wrong_cause(wanted: Any, lead: Any) -> str:
    """Why a confidently stated figure is not the generated question's: where it stands against the figure the
    question was made from."""
    if lead.record.document_id == wanted.document_id:
        if lead.record.sentence == wanted.sentence:
            return "right sheet, same sentence: " + ("a part of it" if lead.record.amount_usd < wanted.amount_usd
                                                     else "a larger whole")
        if lead.record.amount_usd > wanted.amount_usd:
            return "right sheet, another sentence: a larger figure (a total of it?)"
        return "right sheet, another sentence: a smaller figure (an item of it?)"
    if lead.record.amount_usd > wanted.amount_usd:
        return "another sheet: a larger figure"
    return "another sheet: a smaller figure"


def run_confident(index: Any, per_kind: int, seeds: Sequence[int], show: int) -> list[str]:
    """Generated money questions by outcome: a figure stated confidently and right, confidently and wrong, hedged
    (the figures listed, the right one first or not) or said not covered; the confident wrong ones grouped by cause."""
    outcome: dict[str, int] = defaultdict(int)
    causes: dict[str, int] = defaultdict(int)
    hedges: dict[str, int] = defaultdict(int)
    examples: list[str] = []
    total = 0
    for seed in seeds:
        for name, short, common in _VARIANTS:
            for text, wanted in money_records(index, random.Random(seed), per_kind, short, common):
                total += 1
                reading = read_question(text)
                ans = answer(index, reading)
                figures = ans.figures if ans.covered and reading.intent == FUNDING else []
                lead = figures[0] if figures and figures[0].coverage >= COVERED else None
                if not ans.covered:
                    outcome["not covered"] += 1
                    continue
                if lead is None:
                    outcome["covered, no figure"] += 1
                    continue
                right = _same(lead.record.amount_usd, wanted.amount_usd)
                if ans.figure_sure:
                    outcome["confident, right" if right else "confident, WRONG"] += 1
                    if not right:
                        cause = wrong_cause(wanted, lead)
                        causes[cause] += 1
                        rank = next((n for n, f in enumerate(figures) if f.record.id == wanted.id), -1)
                        at = f"#{rank + 1} of {len(figures)}" if rank >= 0 else "not among them"
                        gap = f", {lead.score - figures[rank].score:.1f} points behind" if rank >= 0 else ""
                        own = (f"lead own {lead.own_coverage:.2f} ev {lead.evidence:.2f} own-ev {lead.own_evidence:.2f}"
                               f" kind {lead.record.kind}")
                        if rank >= 0:
                            w = figures[rank]
                            own += f"; wanted own {w.own_coverage:.2f} ev {w.evidence:.2f} own-ev {w.own_evidence:.2f}"
                        examples.append(f"    [{name}, seed {seed}] {text!r}: stated {lead.record.text} "
                                        f"({sheet_path(lead.document.path)[-45:]} :: {lead.record.sentence[:110]}); "
                                        f"wanted ${wanted.amount_usd:,.0f} ({wanted.sentence[:110]}) — {cause}; "
                                        f"wanted {at}{gap}; {own}")
                else:
                    hedges[ans.hedge] += 1
                    outcome["hedged, right figure first" if right else "hedged, another figure first"] += 1
    n = total or 1
    lines = [f"generated money questions {total} (seeds {', '.join(map(str, seeds))}; "
             f"{', '.join(v[0] for v in _VARIANTS)}, {per_kind} each):"]
    for key in ("confident, right", "confident, WRONG", "hedged, right figure first", "hedged, another figure first",
                "covered, no figure", "not covered"):
        lines.append(f"  {key:<30} {outcome[key]:>5}  {outcome[key] / n:6.1%}")
    stated = outcome["confident, right"] + outcome["confident, WRONG"]
    lines.append(f"  confident wrong, of those stated: {outcome['confident, WRONG'] / max(stated, 1):.2%}")
    lines.append("  confident wrong by cause:")
    lines += [f"    {count:>4}  {cause}" for cause, count in sorted(causes.items(), key=lambda kv: -kv[1])]
    lines.append("  hedges: " + ", ".join(f"{h} {c}" for h, c in sorted(hedges.items(), key=lambda kv: -kv[1])))
    return lines + examples[:show]


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
    parser.add_argument("--uncovered", action="store_true",
                        help="only the questions no sheet answers by construction (should be said not covered)")
    parser.add_argument("--confident", action="store_true",
                        help="only money questions, every variant: confident right / confident wrong (by cause) / "
                             "hedged / not covered")
    parser.add_argument("--seeds", type=int, nargs="+", help="with --confident, these seeds (default: --seed)")
    parser.add_argument("--everyday", action="store_true",
                        help="only the heading questions reworded in everyday words: is the sheet still first")
    args = parser.parse_args(argv)
    index = library_index(args.db, args.shared)
    if index is None:
        return 2
    if args.confident:
        print("\n".join(run_confident(index, args.per_kind, args.seeds or [args.seed], args.show)))
        return 0
    if args.everyday:
        print("\n".join(run_everyday(index, args.per_kind, args.seed, args.show)))
        return 0
    if args.uncovered:
        print("\n".join(run_uncovered(index, args.per_kind, args.seed, args.show)))
        return 0
    print("\n".join(run(index, args.per_kind, args.seed, args.show, args.short, args.common)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
