"""Intent routing (and time parsing, when present) on the held-out sets: quality and latency.

Run with `python -m bench.nlu`. Prints tables, then one JSON line of every figure.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench.machine import describe, one_line
from bot.intents import LABELS, IntentRouter
from bot.intents.seeds import parse_tsv

HELDOUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "intents_heldout.tsv"
LATENCY_ROUNDS = 20


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


def measure_intents() -> dict[str, object]:
    started = time.perf_counter()
    router = IntentRouter.from_seed()
    train_s = time.perf_counter() - started
    cases = parse_tsv(HELDOUT.read_text(encoding="utf-8"))
    truth = [label for label, _ in cases]
    texts = [text for _, text in cases]
    predicted = [router.predict(text)[0] for text in texts]
    routed = [router.route(text) for text in texts]
    predict = latency_ms(router.predict, texts)
    route = latency_ms(router.route, texts)
    confusion = {
        t: {
            p: sum(a == t and b == p for a, b in zip(truth, predicted, strict=True)) for p in LABELS
        }
        for t in LABELS
    }
    recall = {label: confusion[label][label] / max(truth.count(label), 1) for label in LABELS}
    status = router.status()
    return {
        "intent_cases": len(cases),
        "intent_accuracy": sum(t == p for t, p in zip(truth, predicted, strict=True)) / len(cases),
        "intent_macro_f1": macro_f1(truth, predicted, LABELS),
        "intent_recall": recall,
        "intent_confusion": confusion,
        "route_answered": sum(r.label is not None for r in routed) / len(cases),
        "route_accuracy_answered": sum(
            r.label == t for r, t in zip(routed, truth, strict=True) if r.label is not None
        )
        / max(sum(r.label is not None for r in routed), 1),
        "intent_cv_accuracy": status.cv_accuracy,
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
    print(f"intent routing on {figures['intent_cases']} held-out phrases")
    for key in (
        "intent_accuracy",
        "intent_macro_f1",
        "intent_cv_accuracy",
        "intent_threshold",
        "route_answered",
        "route_accuracy_answered",
    ):
        print(f"  {key:<26}{figures[key]:.3f}")
    for call in ("predict", "route"):
        for key in ("p50_ms", "p99_ms", "cpu_p50_ms", "cpu_p99_ms"):
            print(f"  {call + '_' + key:<26}{figures[call + '_' + key]:.4f}")
    print(f"  {'intent_train_s':<26}{figures['intent_train_s']:.2f}")
    recall = figures["intent_recall"]
    confusion = figures["intent_confusion"]
    assert isinstance(recall, dict) and isinstance(confusion, dict)
    short = [label[:5] for label in LABELS]
    print("\n  confusion (rows: truth, columns: predicted)")
    print(f"  {'':<10}" + "".join(f"{s:>7}" for s in short) + f"{'recall':>9}")
    for label in LABELS:
        row = "".join(f"{confusion[label][p]:>7}" for p in LABELS)
        print(f"  {label:<10}{row}{recall[label]:>9.3f}")


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
