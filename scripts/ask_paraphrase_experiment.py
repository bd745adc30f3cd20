"""Does a bundled embedding model earn a place in ``/ask`` as a re-ranking stage?

Not part of the bot: it measures the model the bot does *not* ship, so the decision in
``docs/ask.md`` can be checked. It needs ``wordllama`` (which bundles its 256-dimension weights
and tokenizer inside the wheel) installed next to Briefbot; the model is loaded straight from the
package's files, so nothing is fetched from a model hub (``pip install wordllama`` once, then run
with the network off if you like):

    .venv/bin/python scripts/ask_paraphrase_experiment.py --db DB   # a database with the seed,
                                                                    # ../shared/corpus and wh-factsheets

For several weights ``w`` it re-ranks the inverted index's candidates by
``score + w × cosine(question topic, initiative title and opening)`` and reports:

- the question set's scorecard (both halves), and the paraphrase questions alone (those whose
  label note says "paraphrase");
- the query-quality cases (``tests/data/query_quality.toml``) with ``/initiative``'s top 20
  re-ranked the same way (top-1 and top-5).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
import tomllib
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))


def load_model() -> Any:
    """WordLlama from the wheel's own files (its loader looks in the wrong folder and then downloads)."""
    import wordllama
    from safetensors import safe_open
    from tokenizers import Tokenizer
    from wordllama.inference import WordLlamaInference

    root = Path(wordllama.__file__).parent
    tokenizer = Tokenizer.from_file(str(root / "tokenizers" / "l2_supercat_tokenizer_config.json"))
    with safe_open(str(root / "weights" / "l2_supercat_256.safetensors"), framework="np", device="cpu") as f:
        embedding = f.get_tensor("embedding.weight")
    return WordLlamaInference(embedding, tokenizer)


async def _corpus_index(db: Path) -> Any:
    from bot.config import Settings
    from bot.pipeline import ingest_paths
    from bot.query import CorpusIndex
    from bot.store import Store

    store = await Store.open(db)
    try:
        if await store.document_count() == 0:
            files = sorted(p for p in (PROJECT_ROOT.parent / "shared" / "corpus").glob("*.md") if p.name != "SOURCES.md")
            await ingest_paths(store, files, max_bytes=Settings().max_file_bytes, report=lambda line: None)
        snapshot = await store.snapshot()
    finally:
        await store.close()
    return CorpusIndex.build(snapshot)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--quality-db", type=Path, required=True, help="a database with ../shared/corpus only")
    parser.add_argument("--weights", default="0,10,25,50")
    parser.add_argument("--no-table", action="store_true", help="switch the hand-made paraphrase table off")
    args = parser.parse_args()

    import bot.query.answer as answer_module
    from bot.query import ask_eval
    from tests.test_query_quality import evaluate as quality_evaluate
    from tests.test_query_quality import load_cases

    if args.no_table:
        import bot.query.paraphrase as paraphrase_module

        paraphrase_module._COMPILED = ()
        answer_module._PARAPHRASES = ()
    model = load_model()
    index = asyncio.run(ask_eval.build_index(args.db, ask_eval.DEFAULT_SHARED))
    quality_index = asyncio.run(_corpus_index(args.quality_db))
    questions = ask_eval.load_questions()
    notes = {q["id"]: q.get("note", "") for q in tomllib.loads(ask_eval.QUESTIONS_FILE.read_text())["question"]}
    paraphrased = {q.id for q in questions if "paraphrase" in notes[q.id].lower()}
    original = answer_module._score_initiatives

    for weight in (float(w) for w in args.weights.split(",")):
        def reranked(index: Any, reading: Any, query: Any, lo: int, hi: int, docs: tuple[int, int] | None = None,
                     pool: int = answer_module._POOL, *, weight: float = weight) -> list[Any]:
            found = original(index, reading, query, lo, hi, docs, pool)
            if not weight or not found:
                return found
            texts = [f"{c.initiative.title}. {c.initiative.text[:300]}" for c in found]
            topic = " ".join(reading.search_words)
            sims = model.embed([topic, *texts], norm=True)
            scores = sims[1:] @ sims[0]
            out = [dataclasses.replace(c, score=round(c.score + weight * float(s), 2)) for c, s in zip(found, scores, strict=False)]
            out.sort(key=lambda c: -c.score)
            return out

        answer_module._score_initiatives = reranked
        outcomes = ask_eval.evaluate(index, questions)
        para = [o for o in outcomes if o.question.id in paraphrased]
        para_right = sum(o.right for o in para)
        print(f"== weight {weight:g}")
        print("\n".join(ask_eval.scorecard(outcomes)))
        print(f"  paraphrase questions right: {para_right}/{len(para)}")

        class Reranked:
            w = weight

            def find_initiatives(self, query: str, limit: int = 5) -> list[Any]:
                weight = self.w
                found: list[Any] = quality_index.find_initiatives(query, limit=20)
                if not weight or not found:
                    return found[:limit]
                texts = [f"{m.initiative.title}. {m.initiative.text[:300]}" for m in found]
                sims = model.embed([query, *texts], norm=True)
                scores = sims[1:] @ sims[0]
                ranked = sorted(zip(found, scores, strict=False), key=lambda pair: -(pair[0].score + weight * float(pair[1])))
                return [m for m, _ in ranked][:limit]

        top1, top5, _ = quality_evaluate(Reranked(), load_cases())
        print(f"  query quality (../shared/corpus): top-1 {top1:.1%}, top-5 {top5:.1%}")
    answer_module._score_initiatives = original
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
