"""Routing a free-text message to one of the bot's intents."""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Literal

from bot.intents.model import LinearIntentModel, class_order
from bot.intents.rules import rule_intent
from bot.intents.seeds import LABELS, seed_phrases
from bot.intents.training import train_model

CACHE_PREFIX = "intents-"

# A message made mostly of words the model never saw gets a confident-looking guess from the few
# features it shares with the training phrases; below this share the router does not trust it.
MIN_KNOWN_SHARE = 0.5

# "embedding": the fast model was unsure and the nearest training phrases in meaning decided.
Source = Literal["model", "rule", "embedding", "none"]


@dataclass(frozen=True)
class Routing:
    """Where a message goes; `label` is None when the router is unsure and should ask."""

    label: str | None
    confidence: float
    candidates: list[tuple[str, float]]
    source: Source


@dataclass(frozen=True)
class RouterStatus:
    """What `nudge intents status` shows."""

    labels: tuple[str, ...]
    phrase_counts: dict[str, int]
    cv_macro_f1: float
    threshold: float


class IntentRouter:
    """A trained intent classifier with a confidence threshold and a keyword fallback."""

    LABELS: tuple[str, ...] = LABELS

    def __init__(self, model: LinearIntentModel) -> None:
        self._model = model
        self.threshold: float = model.threshold

    @classmethod
    def from_seed(cls) -> IntentRouter:
        """Train on the shipped seed phrases only."""
        return cls.train(seed_phrases())

    @classmethod
    def train(cls, phrases: Sequence[tuple[str, str]]) -> IntentRouter:
        """Train on (label, phrase) pairs; raises `ValueError` on an unknown label."""
        return cls(train_model(_clean(phrases)))

    @classmethod
    def load_or_train(cls, extra: Sequence[tuple[str, str]], cache_dir: Path) -> IntentRouter:
        """Seeds plus `extra`, loaded from `cache_dir` when trained on the same data before."""
        phrases = training_phrases(extra)
        path = cache_dir / f"{CACHE_PREFIX}{_cache_key(phrases)}.model"
        try:
            return cls(LinearIntentModel.load(path))
        except (OSError, ValueError):
            pass
        router = cls.train(phrases)
        router._model.save(path)
        for stale in cache_dir.glob(f"{CACHE_PREFIX}*"):  # older models, older formats
            if stale != path:
                stale.unlink(missing_ok=True)
        return router

    def predict(self, text: str) -> tuple[str, float]:
        """Return the model's likeliest label and its probability."""
        return self.ranked(text, k=1)[0]

    def ranked(self, text: str, k: int = 3) -> list[tuple[str, float]]:
        """Return the `k` likeliest labels with their probabilities, likeliest first."""
        probabilities = self._model.probabilities(text)
        return class_order(probabilities, self._model.classes)[: max(k, 1)]

    def route(self, text: str) -> Routing:
        """Use the model's label if it is confident and knows the words, else the rules', else None.

        None means unsure: the caller should ask the user, offering `candidates`.
        """
        candidates = self.ranked(text, k=3)
        label, confidence = candidates[0]
        if not text.strip():
            return Routing(None, confidence, candidates, "none")
        known = self._model.known_share(text) >= MIN_KNOWN_SHARE
        if confidence >= self.threshold and known:
            return Routing(label, confidence, candidates, "model")
        rule = rule_intent(text)
        if rule is not None:
            return Routing(rule, confidence, candidates, "rule")
        return Routing(None, confidence, candidates, "none")

    def status(self) -> RouterStatus:
        """Labels, training phrases per label, cross-validated macro-F1 and the threshold."""
        counts = {label: self._model.counts.get(label, 0) for label in self.LABELS}
        return RouterStatus(self.LABELS, counts, self._model.cv_macro_f1, self.threshold)


def training_phrases(extra: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The seeds plus `extra`, cleaned: what `load_or_train` trains on."""
    return _clean([*seed_phrases(), *extra])


def _clean(phrases: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Strip, drop empties and exact duplicates, reject unknown labels; order kept."""
    seen: set[tuple[str, str]] = set()
    result: list[tuple[str, str]] = []
    for label, phrase in phrases:
        if label not in LABELS:
            raise ValueError(f"unknown intent label: {label!r}")
        pair = (label, " ".join(phrase.split()))
        if pair[1] and pair not in seen:
            seen.add(pair)
            result.append(pair)
    return result


def _cache_key(phrases: Sequence[tuple[str, str]]) -> str:
    """Hash of the training data, the code that turns it into a model, and scikit-learn's version.

    Any change to features, rules or training settings thus retrains instead of reusing a model
    fitted the old way.
    """
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    with contextlib.suppress(metadata.PackageNotFoundError):
        digest.update(metadata.version("scikit-learn").encode())
    digest.update(json.dumps(sorted(phrases), ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()[:20]
