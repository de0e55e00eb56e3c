"""Messages through the dispatcher on a file SQLite database: throughput and latency.

Run: python -m bench.dispatch [--messages 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
import time
from pathlib import Path

from bench.core import bench_core
from bench.machine import describe, one_line, percentile
from bot.logs import configure_logs
from bot.messages import Incoming

USERS = 50
MIX: list[tuple[int, str]] = [
    (12, "add task buy {thing} tomorrow"),
    (6, "/task {thing}"),
    (10, "what's on my todo list"),
    (5, "/done {n}"),
    (8, "note {thing}: remember to bring the {thing}"),
    (5, "remember that the {thing} is in the drawer"),
    (6, "/notes"),
    (5, "search my notes for {thing}"),
    (10, "remind me to call {name} tomorrow at 9"),
    (6, "in 20 min stretch"),
    (6, "/reminders"),
    (5, "add event 2027-08-25 14:00 - Demo with {name} @HQ"),
    (4, "/events week"),
    (4, "what time is it"),
    (4, "hello"),
    (2, "/help"),
    (2, "/unknown"),
]
THINGS = ("milk", "passport", "charger", "keys", "tickets", "bread", "umbrella", "laptop")
NAMES = ("mom", "Bob", "Alice", "the bank", "Luigi")


def messages(count: int, seed: int = 7) -> list[Incoming]:
    rng = random.Random(seed)
    weights = [w for w, _ in MIX]
    templates = [t for _, t in MIX]
    out = []
    for _ in range(count):
        user = f"user{rng.randrange(USERS)}"
        text = rng.choices(templates, weights)[0].format(
            thing=rng.choice(THINGS), name=rng.choice(NAMES), n=rng.randint(1, 5)
        )
        out.append(Incoming("console", user, f"chat-{user}", text=text, display_name=user))
    return out


async def run(count: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        _, core = await bench_core(Path(folder))
        batch = messages(count)
        for msg in batch[:200]:
            await core.dispatcher.handle(msg)
        latencies = []
        errors = 0
        started = time.perf_counter()
        for msg in batch:
            t0 = time.perf_counter()
            reply = await core.dispatcher.handle(msg)
            latencies.append((time.perf_counter() - t0) * 1000)
            errors += "something went wrong" in reply.text
        elapsed = time.perf_counter() - started
        await core.close()
    return {
        "benchmark": "dispatch",
        "messages": count,
        "messages_per_s": round(count / elapsed, 1),
        "p50_ms": round(percentile(latencies, 50), 2),
        "p99_ms": round(percentile(latencies, 99), 2),
        "max_ms": round(max(latencies), 2),
        "errors": errors,
        **describe(),
    }


def main() -> None:
    configure_logs("WARNING")
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=10_000)
    figures = asyncio.run(run(parser.parse_args().messages))
    print(f"machine: {one_line()}")
    print(f"{'messages':>10} {'msg/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7}")
    print(
        f"{figures['messages']:>10} {figures['messages_per_s']:>10} {figures['p50_ms']:>8} "
        f"{figures['p99_ms']:>8} {figures['max_ms']:>8} {figures['errors']:>7}"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
