"""The fitted intent model in plain Python and numpy: fast to score, cheap to load.

A prediction is two TF-IDF blocks (word and character n-grams, each L2-normalized), a linear
layer and a softmax, computed directly so that one message does not pay scikit-learn's per-call
overhead. Saved as an `.npz` of plain arrays; loading it never imports scikit-learn.
"""

from __future__ import annotations

import json
import math
import os
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.intents.text import char_terms, cue_terms, word_terms, words

FloatArray = npt.NDArray[np.float64]
Analyzer = Callable[[str], list[str]]

ANALYZERS: dict[str, Analyzer] = {"word": word_terms, "char": char_terms, "cue": cue_terms}


@dataclass(frozen=True)
class Block:
    """One TF-IDF feature block: its vocabulary, idf weights and the linear weights per class."""

    analyzer: str
    vocabulary: dict[str, int]
    idf: list[float]
    coef: FloatArray  # shape (terms, classes)

    def add_scores(self, text: str, scores: FloatArray) -> None:
        """Add this block's contribution to the class scores of `text`."""
        counts = Counter(ANALYZERS[self.analyzer](text))
        rows: list[int] = []
        weights: list[float] = []
        vocabulary, idf = self.vocabulary, self.idf
        for term, count in counts.items():
            row = vocabulary.get(term)
            if row is not None:
                rows.append(row)
                weights.append((1.0 + math.log(count)) * idf[row])
        if not rows:
            return
        norm = math.sqrt(math.fsum(w * w for w in weights))
        scores += np.asarray(weights) @ self.coef[rows] / norm


@dataclass(frozen=True)
class LinearIntentModel:
    """Multinomial logistic regression over TF-IDF blocks, with its training facts."""

    classes: tuple[str, ...]
    blocks: tuple[Block, ...]
    intercept: FloatArray
    threshold: float
    cv_macro_f1: float
    counts: dict[str, int] = field(default_factory=dict)

    def probabilities(self, text: str) -> FloatArray:
        """Class probabilities of `text`, in the order of `classes`."""
        scores = self.intercept.copy()
        for block in self.blocks:
            block.add_scores(text, scores)
        scores -= scores.max()
        exp = np.exp(scores)
        result: FloatArray = exp / exp.sum()
        return result

    def known_share(self, text: str) -> float:
        """Share of the message's words seen in training; 0.0 for a message without words."""
        vocabulary = next((b.vocabulary for b in self.blocks if b.analyzer == "word"), {})
        found = words(text)
        if not found:
            return 0.0
        return sum(word in vocabulary for word in found) / len(found)

    def save(self, path: Path) -> None:
        """Write the model atomically, so a reader never sees half a file."""
        arrays: dict[str, Any] = {"intercept": self.intercept}
        for i, block in enumerate(self.blocks):
            terms = sorted(block.vocabulary, key=block.vocabulary.__getitem__)
            arrays[f"terms{i}"] = np.array(terms, dtype=np.str_)
            arrays[f"idf{i}"] = np.asarray(block.idf, dtype=np.float64)
            arrays[f"coef{i}"] = block.coef
        meta = {
            "classes": list(self.classes),
            "analyzers": [block.analyzer for block in self.blocks],
            "threshold": self.threshold,
            "cv_macro_f1": self.cv_macro_f1,
            "counts": self.counts,
        }
        arrays["meta"] = np.array(json.dumps(meta))
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as out:
            np.savez(out, **arrays)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> LinearIntentModel:
        """Read a model written by `save`; raises `ValueError` or `OSError` if unreadable."""
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(str(data["meta"]))
                blocks = tuple(
                    Block(
                        analyzer=analyzer,
                        vocabulary={t: i for i, t in enumerate(data[f"terms{n}"].tolist())},
                        idf=data[f"idf{n}"].tolist(),
                        coef=np.ascontiguousarray(data[f"coef{n}"], dtype=np.float64),
                    )
                    for n, analyzer in enumerate(meta["analyzers"])
                )
                intercept = np.asarray(data["intercept"], dtype=np.float64)
        except (KeyError, EOFError, json.JSONDecodeError, zipfile.BadZipFile) as exc:
            raise ValueError(f"not an intent model: {path}") from exc
        if any(b.analyzer not in ANALYZERS for b in blocks):
            raise ValueError(f"unknown analyzer in {path}")
        return cls(
            classes=tuple(meta["classes"]),
            blocks=blocks,
            intercept=intercept,
            threshold=float(meta["threshold"]),
            # Models saved before the figure was macro-F1 have none until retrained.
            cv_macro_f1=float(meta.get("cv_macro_f1", "nan")),
            counts={str(k): int(v) for k, v in meta["counts"].items()},
        )


def class_order(probabilities: FloatArray, classes: Sequence[str]) -> list[tuple[str, float]]:
    """Pair classes with their probabilities, likeliest first."""
    order = np.argsort(-probabilities, kind="stable")
    return [(classes[i], float(probabilities[i])) for i in order]
