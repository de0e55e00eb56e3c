"""The second opinion: the labelled training phrases nearest in meaning to a message.

Sentence embeddings know that "count me out of the match" is about an event although the fast
model never saw those words. Each training phrase is embedded once; the vectors are cached on
disk keyed by the phrases and the embedding model, so a restart only loads them.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy is imported on first use: only a configured embedder needs it
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float32]

CACHE_PREFIX = "neighbours-"
# Neighbours that vote on a message's label, each with its cosine similarity as weight.
NEIGHBOURS = 5
# Below this cosine similarity to the nearest training phrase the embedding model is guessing
# too: measured on all-MiniLM-L6-v2, gibberish lands at 0.3-0.45 and a paraphrase above 0.5.
MIN_SIMILARITY = 0.5


@dataclass(frozen=True)
class Neighbours:
    """What the nearest training phrases say: a label, or None when none is near enough."""

    label: str | None
    similarity: float
    votes: list[tuple[str, float]]


@dataclass(frozen=True)
class PhraseIndex:
    """Unit vectors of the training phrases, row by row with their labels."""

    labels: tuple[str, ...]
    vectors: Matrix

    @classmethod
    def build(cls, labels: Sequence[str], vectors: Sequence[Sequence[float]]) -> PhraseIndex:
        import numpy as np

        matrix = np.asarray(vectors, dtype=np.float32).reshape(len(labels), -1)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return cls(tuple(labels), matrix / np.maximum(norms, 1e-12))

    def nearest(self, vector: Sequence[float], k: int = NEIGHBOURS) -> Neighbours:
        """Similarity-weighted vote of the `k` nearest phrases, likeliest label first."""
        import numpy as np

        query = np.asarray(vector, dtype=np.float32)
        query /= max(float(np.linalg.norm(query)), 1e-12)
        similarities = self.vectors @ query
        k = min(k, len(self.labels))
        if k == 0:
            return Neighbours(None, 0.0, [])
        top = np.argpartition(-similarities, k - 1)[:k]
        scores: dict[str, float] = {}
        for row in top:
            label = self.labels[row]
            scores[label] = scores.get(label, 0.0) + float(similarities[row])
        votes = sorted(scores.items(), key=lambda pair: -pair[1])
        best = float(similarities[top].max())
        label = votes[0][0] if best >= MIN_SIMILARITY else None
        return Neighbours(label, best, votes)

    def save(self, path: Path) -> None:
        """Write atomically, so a reader never sees half a file."""
        import numpy as np

        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as out:
            np.savez(out, labels=np.array(self.labels, dtype=np.str_), vectors=self.vectors)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> PhraseIndex:
        """Read an index written by `save`; raises `ValueError` or `OSError` if unreadable."""
        import numpy as np

        try:
            with np.load(path, allow_pickle=False) as data:
                labels = tuple(str(label) for label in data["labels"].tolist())
                vectors = np.ascontiguousarray(data["vectors"], dtype=np.float32)
        except (KeyError, EOFError, zipfile.BadZipFile) as exc:
            raise ValueError(f"not a phrase index: {path}") from exc
        if vectors.ndim != 2 or vectors.shape[0] != len(labels):
            raise ValueError(f"not a phrase index: {path}")
        return cls(labels, vectors)


def index_path(cache_dir: Path, phrases: Sequence[tuple[str, str]], model: str) -> Path:
    """Where the index of `phrases` embedded by `model` is cached."""
    digest = hashlib.sha256(model.encode("utf-8"))
    digest.update(json.dumps(list(phrases), ensure_ascii=False).encode("utf-8"))
    return cache_dir / f"{CACHE_PREFIX}{digest.hexdigest()[:20]}.npz"


def forget_others(cache_dir: Path, keep: Path) -> None:
    """Remove indexes of older training data, so the cache holds one."""
    for stale in cache_dir.glob(f"{CACHE_PREFIX}*.npz"):
        if stale != keep:
            stale.unlink(missing_ok=True)
