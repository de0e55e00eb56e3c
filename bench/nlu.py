"""Intent routing (and time parsing, when present) on the held-out sets: quality and latency.

Each held-out set present is scored twice: the fast model alone, and the service's cascade
(the bundled embedding model's second opinion where the fast model is unsure). Run with
`python -m bench.nlu`. Prints tables, then one JSON line of every figure.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from bench.machine import describe, one_line
from bot.intents import LABELS, IntentRouter, Routing
from bot.intents.seeds import parse_tsv
from bot.ports import Embedder
from bot.understanding import IntentService

ROOT = Path(__file__).resolve().parent.parent
# The development set, and the held-out set written apart from the training phrases (when
# present): each is scored on its own.
SETS = {
    "intents": ROOT / "tests" / "data" / "intents_heldout.tsv",
    "nlu": ROOT / "tests" / "data" / "nlu_heldout.tsv",
}
# The second opinion's index of the training phrases, kept between runs (ignored by git).
CACHE = ROOT / "data" / "cache"
LATENCY_ROUNDS = 20


class _NoPhrases:
    """No stored phrases: the benchmark scores the shipped seeds alone."""

    async def add(
        self, label: str, phrase: str, source: str, at: datetime, user_id: int | None = None
    ) -> None:
        raise NotImplementedError

    async def all(self) -> list[tuple[str, str]]:
        return []

    async def version(self) -> tuple[int, int]:
        return (0, 0)


def macro_f1(truth: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> float:
    scores = []
    for label in labels:
        tp = sum(t == p == label for t, p in zip(truth, predicted, strict=True))
        fp = sum(p == label != t for t, p in zip(truth, predicted, strict=True))
        fn = sum(t == label != p for t, p in zip(truth, predicted, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def latency_ms(call: Callable[[str], object], texts: Sequence[str]) -> dict[str, float]:
    """p50 and p99 of single calls in milliseconds, wall clock and CPU time of this thread.

    On a shared machine the wall-clock tail includes time the process was not running; the CPU
    figure is what one prediction costs.
    """
    wall, cpu = [], []
    for _ in range(LATENCY_ROUNDS):
        for text in texts:
            start_wall, start_cpu = time.perf_counter(), time.thread_time()
            call(text)
            cpu.append((time.thread_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start_wall) * 1000)
    wall_cuts, cpu_cuts = statistics.quantiles(wall, n=100), statistics.quantiles(cpu, n=100)
    return {
        "p50_ms": wall_cuts[49],
        "p99_ms": wall_cuts[98],
        "cpu_p50_ms": cpu_cuts[49],
        "cpu_p99_ms": cpu_cuts[98],
    }


def local_embedder() -> Embedder | None:
    """The bundled sentence-embedding model, or None when it is not installed or turned off."""
    if os.environ.get("LOCAL_EMBEDDINGS", "true").lower() in {"0", "false", "no", "off"}:
        return None
    from adapters.local_embeddings import LocalEmbedder, bundled_model

    folder = bundled_model()
    return LocalEmbedder(folder) if folder is not None else None


async def cascade_routes(
    router: IntentRouter, embedder: Embedder | None, texts: Sequence[str]
) -> tuple[list[Routing], list[float]]:
    """Routings through the service's cascade, and each one's wall-clock milliseconds."""
    service = IntentService.ready(router, _NoPhrases(), CACHE, embedder)
    await service.neighbours()
    routed, took = [], []
    for text in texts:
        start = time.perf_counter()
        routed.append(await service.route(text))
        took.append((time.perf_counter() - start) * 1000)
    return routed, took


def score_set(
    name: str, router: IntentRouter, embedder: Embedder | None, path: Path
) -> dict[str, object]:
    """Quality of the fast path and of the cascade on one held-out set."""
    cases = parse_tsv(path.read_text(encoding="utf-8"))
    truth = [label for label, _ in cases]
    texts = [text for _, text in cases]
    predicted = [router.predict(text)[0] for text in texts]
    routed = [router.route(text) for text in texts]
    cascaded, took = asyncio.run(cascade_routes(router, embedder, texts))
    # Where the cascade still asks, the fast model's guess counts, as for the fast path.
    second = [r.label or p for r, p in zip(cascaded, predicted, strict=True)]
    confusion = {
        t: {p: sum(a == t and b == p for a, b in zip(truth, second, strict=True)) for p in LABELS}
        for t in LABELS
    }
    recall = {label: confusion[label][label] / max(truth.count(label), 1) for label in LABELS}
    answered = [r for r in routed if r.label is not None]
    cuts = statistics.quantiles(took, n=100) if len(took) > 1 else [0.0] * 99
    return {
        f"{name}_cases": len(cases),
        f"{name}_accuracy": sum(t == p for t, p in zip(truth, predicted, strict=True)) / len(cases),
        f"{name}_macro_f1": macro_f1(truth, predicted, LABELS),
        f"{name}_cascade_macro_f1": macro_f1(truth, second, LABELS),
        f"{name}_cascade_used": sum(r.source == "embedding" for r in cascaded) / len(cases),
        f"{name}_cascade_route_p50_ms": cuts[49],
        f"{name}_cascade_route_p99_ms": cuts[98],
        f"{name}_route_answered": len(answered) / len(cases),
        f"{name}_route_accuracy_answered": sum(
            r.label == t for r, t in zip(routed, truth, strict=True) if r.label is not None
        )
        / max(len(answered), 1),
        f"{name}_recall": recall,
        f"{name}_confusion": confusion,
    }


def measure_intents() -> dict[str, object]:
    started = time.perf_counter()
    router = IntentRouter.from_seed()
    train_s = time.perf_counter() - started
    embedder = local_embedder()
    figures: dict[str, object] = {"intent_sets": [n for n, p in SETS.items() if p.is_file()]}
    for name, path in SETS.items():
        if path.is_file():
            figures.update(score_set(name, router, embedder, path))
    texts = [text for _, text in parse_tsv(SETS["intents"].read_text(encoding="utf-8"))]
    predict = latency_ms(router.predict, texts)
    route = latency_ms(router.route, texts)
    status = router.status()
    return {
        **figures,
        "intent_embedder": embedder.name if embedder is not None else None,
        "intent_phrases": sum(status.phrase_counts.values()),
        "intent_cv_macro_f1": status.cv_macro_f1,
        "intent_threshold": status.threshold,
        "intent_train_s": train_s,
        **{f"predict_{key}": value for key, value in predict.items()},
        **{f"route_{key}": value for key, value in route.items()},
    }


def measure_time() -> dict[str, object]:
    try:
        from bench import timeparse  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return {}
    figures: dict[str, object] = timeparse.measure()
    return figures


def print_intents(figures: dict[str, object]) -> None:
    sets = figures["intent_sets"]
    assert isinstance(sets, list)
    print(
        f"intent routing on {sum(_int(figures[f'{n}_cases']) for n in sets)} held-out phrases"
        f" ({', '.join(sets)}), trained on {figures['intent_phrases']} phrases;"
        f" second opinion: {figures['intent_embedder'] or 'none'}"
    )
    for key in ("intent_cv_macro_f1", "intent_threshold"):
        print(f"  {key:<34}{_figure(figures[key])}")
    for call in ("predict", "route"):
        for key in ("p50_ms", "p99_ms", "cpu_p50_ms", "cpu_p99_ms"):
            print(f"  {call + '_' + key:<34}{_figure(figures[call + '_' + key])}")
    print(f"  {'intent_train_s':<34}{_figure(figures['intent_train_s'])}")
    for name in sets:
        print(f"\n  {name}: {figures[f'{name}_cases']} phrases")
        for key in (
            "accuracy",
            "macro_f1",
            "cascade_macro_f1",
            "cascade_used",
            "cascade_route_p50_ms",
            "cascade_route_p99_ms",
            "route_answered",
            "route_accuracy_answered",
        ):
            print(f"  {name + '_' + key:<34}{_figure(figures[f'{name}_{key}'])}")
        print_confusion(figures[f"{name}_confusion"], figures[f"{name}_recall"])


def print_confusion(confusion: object, recall: object) -> None:
    assert isinstance(recall, dict) and isinstance(confusion, dict)
    short = [label[:5] for label in LABELS]
    print("\n  confusion after the cascade (rows: truth, columns: predicted)")
    print(f"  {'':<10}" + "".join(f"{s:>7}" for s in short) + f"{'recall':>9}")
    for label in LABELS:
        row = "".join(f"{confusion[label][p]:>7}" for p in LABELS)
        print(f"  {label:<10}{row}{recall[label]:>9.3f}")


def _int(value: object) -> int:
    assert isinstance(value, int)
    return value


def print_time(figures: dict[str, object]) -> None:
    if not figures:
        print("\ntime parsing: bench.timeparse not available")
        return
    print("\ntime parsing")
    for key in ("time_pass_rate", "parse_p50_ms", "parse_p99_ms", "cases"):
        if key in figures:
            print(f"  {key:<26}{_figure(figures[key])}")
    by_class = figures.get("time_pass_rate_by_class")
    if isinstance(by_class, dict):
        for name, rate in by_class.items():
            print(f"    {name:<24}{_figure(rate)}")


def _figure(value: object) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def main() -> None:
    host = {**describe(), "load_average_1m": os.getloadavg()[0]}
    print(f"machine: {one_line()}, load average {host['load_average_1m']:.2f}\n")
    intents = measure_intents()
    print_intents(intents)
    times = measure_time()
    print_time(times)
    print(json.dumps({"machine": host, **intents, **times}, default=str))


if __name__ == "__main__":
    main()
