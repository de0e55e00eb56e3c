"""Fitting the intent model with scikit-learn (imported here only, when training).

The threshold is chosen on out-of-fold probabilities from cross-validation of the training
phrases: the value that makes routing cheapest when a wrong route costs 1 and asking the user
costs `ASK_COST`, with the keyword rules answering below the threshold.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from bot.intents.model import ANALYZERS, Block, LinearIntentModel
from bot.intents.rules import rule_intent

ASK_COST = 0.3
DEFAULT_THRESHOLD = 0.5
FOLDS = 5
C = 20.0


def fit_pipeline(phrases: Sequence[tuple[str, str]]) -> Any:
    """Fit the scikit-learn pipeline (TF-IDF word + char n-grams, logistic regression)."""
    pipeline = _pipeline()
    labels, texts = zip(*phrases, strict=True)
    with _one_thread():
        pipeline.fit(list(texts), list(labels))
    return pipeline


def extract(pipeline: Any, threshold: float, cv_macro_f1: float) -> LinearIntentModel:
    """Copy what prediction needs out of a fitted pipeline into plain arrays."""
    import numpy as np

    union, classifier = pipeline.named_steps["features"], pipeline.named_steps["classifier"]
    coef = np.asarray(classifier.coef_, dtype=np.float64).T
    intercept = np.asarray(classifier.intercept_, dtype=np.float64)
    if coef.shape[1] == 1:
        # Two classes: a sigmoid of one score equals a softmax over (0, score).
        coef = np.hstack([np.zeros_like(coef), coef])
        intercept = np.concatenate([np.zeros(1), intercept])
    blocks: list[Block] = []
    start = 0
    for name, vectorizer in union.transformer_list:
        size = len(vectorizer.vocabulary_)
        blocks.append(
            Block(
                analyzer=name,
                vocabulary={str(t): int(i) for t, i in vectorizer.vocabulary_.items()},
                idf=array("d", vectorizer.idf_.tolist()),
                columns=tuple(
                    array("d", column.tolist()) for column in coef[start : start + size].T
                ),
            )
        )
        start += size
    return LinearIntentModel(
        classes=tuple(str(c) for c in classifier.classes_),
        blocks=tuple(blocks),
        intercept=tuple(float(v) for v in intercept),
        threshold=threshold,
        cv_macro_f1=cv_macro_f1,
    )


def train_model(phrases: Sequence[tuple[str, str]]) -> LinearIntentModel:
    """Cross-validate, calibrate the threshold, then fit on all phrases."""
    counts = Counter(label for label, _ in phrases)
    if len(counts) < 2:
        raise ValueError("training needs phrases for at least two labels")
    threshold, cv_macro_f1 = DEFAULT_THRESHOLD, float("nan")
    folds = min(FOLDS, min(counts.values()))
    if folds >= 2:
        threshold, cv_macro_f1 = _calibrate(phrases, folds)
    model = extract(fit_pipeline(phrases), threshold, cv_macro_f1)
    return replace(model, counts=dict(sorted(counts.items())))


def _pipeline() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    vectorizers = [
        (name, TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, lowercase=False))
        for name, analyzer in ANALYZERS.items()
    ]
    return Pipeline(
        [
            ("features", FeatureUnion(vectorizers)),
            ("classifier", LogisticRegression(C=C, solver="newton-cg", max_iter=1000)),
        ]
    )


def _one_thread() -> Any:
    """Limit BLAS and OpenMP to one thread: on problems this small threads only contend."""
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    return threadpool_limits(1)


def _calibrate(phrases: Sequence[tuple[str, str]], folds: int) -> tuple[float, float]:
    """Pick the threshold from out-of-fold predictions; also return their macro-F1."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    labels, texts = (list(x) for x in zip(*phrases, strict=True))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    with _one_thread():
        proba = cross_val_predict(_pipeline(), texts, labels, cv=splitter, method="predict_proba")
    classes = sorted(set(labels))
    best = proba.argmax(axis=1)
    confidence = proba.max(axis=1)
    predicted = [classes[i] for i in best]
    macro_f1 = float(f1_score(labels, predicted, average="macro"))
    fallback = [rule_intent(t) for t in texts]

    def cost(threshold: float) -> float:
        total = 0.0
        for conf, guess, rule, truth in zip(confidence, predicted, fallback, labels, strict=True):
            answer = guess if conf >= threshold else rule
            total += ASK_COST if answer is None else float(answer != truth)
        return total

    candidates = [round(0.2 + i / 100, 2) for i in range(71)]
    return min(candidates, key=lambda t: (cost(t), t)), macro_f1
