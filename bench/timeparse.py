"""How well and how fast `bot.timeparse.parse_when` reads the phrase table in tests/data.

Run as `python -m bench.timeparse`. `measure()` is imported by other benchmarks.

Latency is wall-clock time per parse after `warm_up()`. Each case is timed `REPEATS` times and
the fastest run counts, as timeit does, so that a busy machine preempting the process does not
pass for parser cost; the percentiles are then taken over the cases.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.machine import one_line
from bot.timeparse import When, parse_when, warm_up

CASES = Path(__file__).resolve().parent.parent / "tests" / "data" / "timeparse_cases.json"

Case = dict[str, Any]
REPEATS = 3


def load_cases() -> list[Case]:
    cases: list[Case] = json.loads(CASES.read_text(encoding="utf-8"))
    return cases


def case_now(case: Case) -> datetime:
    return datetime.fromisoformat(case["now"]).replace(tzinfo=ZoneInfo(case["tz"]))


def run_case(case: Case) -> When | None:
    return parse_when(
        case["text"],
        now=case_now(case),
        tz=case["tz"],
        languages=case.get("languages"),
        day_first=case.get("day_first"),
    )


def _local(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=None).isoformat(timespec="seconds")


def _expected_local(text: str | None) -> str | None:
    if text is None:
        return None
    return datetime.fromisoformat(text).isoformat(timespec="seconds")


def mismatches(case: Case, got: When | None) -> list[str]:
    """Return what differs between the result and the case's expectation (empty when it passes)."""
    expect = case["expect"]
    if expect is None:
        return [] if got is None else [f"expected no time, got {got}"]
    if got is None:
        return ["expected a time, got None"]
    problems = []
    zone = ZoneInfo(case["tz"])
    if got.start.tzinfo != zone or (got.end is not None and got.end.tzinfo != zone):
        problems.append(f"zone {got.start.tzinfo} != {zone}")
    pairs = [
        ("start", _local(got.start), _expected_local(expect["start"])),
        ("end", _local(got.end), _expected_local(expect["end"])),
        ("rrule", got.rrule, expect["rrule"]),
        ("text", got.text, expect["text"]),
    ]
    if "utc" in expect:
        got_utc = got.start.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds")
        pairs.append(("utc", got_utc, _expected_local(expect["utc"])))
    for name, actual, wanted in pairs:
        if actual != wanted:
            problems.append(f"{name}: got {actual!r}, expected {wanted!r}")
    return problems


def _percentile(sorted_ms: list[float], share: float) -> float:
    index = min(len(sorted_ms) - 1, max(0, round(share * len(sorted_ms)) - 1))
    return sorted_ms[index]


def measure() -> dict[str, object]:
    """Parse every case of the table; return pass rates (overall, per class) and latencies."""
    warm_up()
    cases = load_cases()
    passed: dict[str, list[bool]] = defaultdict(list)
    timings: list[float] = []
    for case in cases:
        runs = []
        for _ in range(REPEATS):
            began = time.perf_counter()
            got = run_case(case)
            runs.append((time.perf_counter() - began) * 1000)
        timings.append(min(runs))
        passed[case["class"]].append(not mismatches(case, got))
    timings.sort()
    total = [ok for results in passed.values() for ok in results]
    return {
        "time_pass_rate": sum(total) / len(total),
        "time_pass_rate_by_class": {
            name: sum(results) / len(results) for name, results in sorted(passed.items())
        },
        "parse_p50_ms": round(_percentile(timings, 0.50), 3),
        "parse_p99_ms": round(_percentile(timings, 0.99), 3),
        "cases": len(cases),
    }


def main() -> None:
    result = measure()
    print("bot.timeparse — phrase table")
    print(f"{'class':<14} {'pass rate':>9}")
    by_class = result["time_pass_rate_by_class"]
    assert isinstance(by_class, dict)
    for name, rate in by_class.items():
        print(f"{name:<14} {rate:>9.1%}")
    print(f"{'all':<14} {result['time_pass_rate']:>9.1%}  ({result['cases']} cases)")
    print(f"parse p50 {result['parse_p50_ms']} ms, p99 {result['parse_p99_ms']} ms")
    print(f"machine: {one_line()}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
