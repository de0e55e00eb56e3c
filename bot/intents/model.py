"""The fitted intent model in plain Python: fast to score, cheap to load, no numpy.

A prediction is two TF-IDF blocks (word and character n-grams, each L2-normalized), a linear
layer and a softmax, computed directly so that one message does not pay scikit-learn's per-call
overhead. The weights are kept per class as flat arrays of floats, so scoring a message is one
C-level dot product per class over the message's few terms. Saved as a zip of those arrays and
a JSON header; loading it imports neither scikit-learn nor numpy.
"""

from __future__ import annotations

import json
import math
import os
import zipfile
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import mul
from pathlib import Path

from bot.intents.text import char_terms, cue_terms, word_terms, words

Analyzer = Callable[[str], list[str]]

ANALYZERS: dict[str, Analyzer] = {"word": word_terms, "char": char_terms, "cue": cue_terms}


@dataclass(frozen=True)
class Block:
    """One TF-IDF feature block: its vocabulary, idf weights and the linear weights per class."""

    analyzer: str
    vocabulary: dict[str, int]
    idf: Sequence[float]
    columns: tuple[array[float], ...]  # per class, one weight per term

    def add_scores(self, text: str, scores: list[float]) -> None:
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
        for c, column in enumerate(self.columns):
            scores[c] += math.fsum(map(mul, weights, map(column.__getitem__, rows))) / norm


@dataclass(frozen=True)
class LinearIntentModel:
    """Multinomial logistic regression over TF-IDF blocks, with its training facts."""

    classes: tuple[str, ...]
    blocks: tuple[Block, ...]
    intercept: tuple[float, ...]
    threshold: float
    cv_macro_f1: float
    counts: dict[str, int] = field(default_factory=dict)

    def probabilities(self, text: str) -> list[float]:
        """Class probabilities of `text`, in the order of `classes`."""
        scores = list(self.intercept)
        for block in self.blocks:
            block.add_scores(text, scores)
        top = max(scores)
        exp = [math.exp(score - top) for score in scores]
        total = math.fsum(exp)
        return [e / total for e in exp]

    def known_share(self, text: str) -> float:
        """Share of the message's words seen in training; 0.0 for a message without words."""
        vocabulary = next((b.vocabulary for b in self.blocks if b.analyzer == "word"), {})
        found = words(text)
        if not found:
            return 0.0
        return sum(word in vocabulary for word in found) / len(found)

    def save(self, path: Path) -> None:
        """Write the model atomically, so a reader never sees half a file."""
        meta = {
            "classes": list(self.classes),
            "analyzers": [block.analyzer for block in self.blocks],
            "intercept": list(self.intercept),
            "threshold": self.threshold,
            "cv_macro_f1": self.cv_macro_f1,
            "counts": self.counts,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
            out.writestr("meta.json", json.dumps(meta))
            for n, block in enumerate(self.blocks):
                terms = sorted(block.vocabulary, key=block.vocabulary.__getitem__)
                out.writestr(f"terms{n}.json", json.dumps(terms))
                out.writestr(f"idf{n}", array("d", block.idf).tobytes())
                out.writestr(f"coef{n}", b"".join(c.tobytes() for c in block.columns))
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> LinearIntentModel:
        """Read a model written by `save`; raises `ValueError` or `OSError` if unreadable."""
        try:
            with zipfile.ZipFile(path) as data:
                meta = json.loads(data.read("meta.json"))
                classes = len(meta["classes"])
                blocks = tuple(
                    _block(analyzer, data, n, classes)
                    for n, analyzer in enumerate(meta["analyzers"])
                )
        except (KeyError, EOFError, json.JSONDecodeError, zipfile.BadZipFile) as exc:
            raise ValueError(f"not an intent model: {path}") from exc
        if any(b.analyzer not in ANALYZERS for b in blocks):
            raise ValueError(f"unknown analyzer in {path}")
        return cls(
            classes=tuple(meta["classes"]),
            blocks=blocks,
            intercept=tuple(float(v) for v in meta["intercept"]),
            threshold=float(meta["threshold"]),
            # Models saved before the figure was macro-F1 have none until retrained.
            cv_macro_f1=float(meta.get("cv_macro_f1", "nan")),
            counts={str(k): int(v) for k, v in meta["counts"].items()},
        )


def _block(analyzer: str, data: zipfile.ZipFile, n: int, classes: int) -> Block:
    terms = json.loads(data.read(f"terms{n}.json"))
    idf = array("d", data.read(f"idf{n}"))
    flat = array("d", data.read(f"coef{n}"))
    size = len(terms)
    if len(idf) != size or len(flat) != size * classes:
        raise ValueError("the arrays do not match the vocabulary")
    columns = tuple(flat[c * size : (c + 1) * size] for c in range(classes))
    return Block(analyzer, {t: i for i, t in enumerate(terms)}, idf, columns)


def class_order(probabilities: Sequence[float], classes: Sequence[str]) -> list[tuple[str, float]]:
    """Pair classes with their probabilities, likeliest first (ties in class order)."""
    order = sorted(range(len(classes)), key=lambda i: -probabilities[i])
    return [(classes[i], float(probabilities[i])) for i in order]
