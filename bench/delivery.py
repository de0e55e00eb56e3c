"""Delivery benchmark: lateness, burst throughput and claim cost on a file SQLite database.

Run as `python -m bench.delivery [--quick]`. Prints a table and ends with one JSON line.

Each row says which guarantee its recording mode keeps: recording every sent delivery before
the next is sent (`record_every=1`, the default) repeats at most one message per crash;
recording them 100 at a time may repeat up to 100.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import re
import statistics
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.machine import describe, one_line
from bot.buttons import ButtonSigner
from bot.clock import SystemClock
from bot.delivery import DeliveryLoop
from bot.messages import Reply, Target
from bot.scheduler import Scheduler
from storage.migrate import upgrade
from storage.store import SqlAlchemyStore
from tests.helpers.seeding import seed_reminders


class TimingChannel:
    """An in-process channel that notes when each reminder arrived."""

    name = "console"

    def __init__(self, expected: int = 0) -> None:
        self.arrived: list[tuple[str, datetime]] = []
        self.expected = expected
        self.all_arrived = asyncio.Event()

    async def send(self, target: Target, reply: Reply) -> str:
        match = re.search(r"bench (\d+)", reply.text)
        assert match is not None, reply.text
        self.arrived.append((match.group(1), datetime.now(UTC)))
        if len(self.arrived) >= self.expected:
            self.all_arrived.set()
        return str(len(self.arrived))


async def _store(folder: Path, name: str) -> SqlAlchemyStore:
    url = f"sqlite+aiosqlite:///{folder / name}"
    await upgrade(url)
    return SqlAlchemyStore.from_url(url)


async def _seed(store: SqlAlchemyStore, dues: list[datetime]) -> dict[int, datetime]:
    """One-off reminders due at `dues`; returns each reminder's number → due time."""
    await seed_reminders(store, dues, "bench", "bench")
    return {n: due for n, due in enumerate(dues, 1)}


def _loop(store: SqlAlchemyStore, channel: TimingChannel, record_every: int) -> DeliveryLoop:
    return DeliveryLoop(
        store, {channel.name: channel}, SystemClock(), ButtonSigner(b"b"), record_every=record_every
    )


async def lateness(folder: Path, count: int, spread: float, record_every: int) -> dict[str, float]:
    """Reminders spread evenly over `spread` seconds, woken by the real scheduler."""
    store = await _store(folder, f"lateness-{record_every}.db")
    start = datetime.now(UTC) + timedelta(seconds=2)
    dues = await _seed(store, [start + timedelta(seconds=spread * i / count) for i in range(count)])
    channel = TimingChannel(count)
    scheduler = Scheduler(_loop(store, channel, record_every), SystemClock())
    scheduler.start()
    with contextlib.suppress(TimeoutError):  # a shortfall shows as fewer delivered
        await asyncio.wait_for(channel.all_arrived.wait(), timeout=spread + 30)
    scheduler.shutdown()
    await store.close()
    late = sorted((at - dues[int(n)]).total_seconds() * 1000 for n, at in channel.arrived)
    return {
        "count": count,
        "delivered": len(channel.arrived),
        "p50_ms": round(statistics.median(late), 1),
        "p99_ms": round(late[int(len(late) * 0.99) - 1], 1),
        "max_ms": round(late[-1], 1),
    }


async def burst(folder: Path, count: int, record_every: int) -> dict[str, float]:
    """Reminders all due in the same second, delivered by one loop."""
    store = await _store(folder, f"burst-{record_every}.db")
    await _seed(store, [datetime.now(UTC)] * count)
    channel = TimingChannel()
    started = time.perf_counter()
    await _loop(store, channel, record_every).run_due()
    seconds = time.perf_counter() - started
    await store.close()
    counts = Counter(n for n, _ in channel.arrived)
    return {
        "count": count,
        "record_every": record_every,
        "seconds": round(seconds, 2),
        "per_second": round(count / seconds),
        "lost": count - len(counts),
        "duplicated": sum(c - 1 for c in counts.values()),
    }


async def claim_cost(folder: Path, pending: int, batch: int, rounds: int) -> dict[str, float]:
    """Time to claim one batch while `pending` rows wait (all due)."""
    store = await _store(folder, "claim.db")
    await _seed(store, [datetime.now(UTC) - timedelta(seconds=1)] * pending)
    costs = []
    for _ in range(rounds):
        started = time.perf_counter()
        claimed = await store.deliveries.claim_due(datetime.now(UTC), 60, batch)
        costs.append((time.perf_counter() - started) * 1000)
        assert len(claimed) == batch
    await store.close()
    return {
        "pending": pending,
        "batch": batch,
        "median_ms": round(statistics.median(costs), 2),
        "max_ms": round(max(costs), 2),
    }


def _mode(record_every: int) -> str:
    """A recording mode and the guarantee it keeps."""
    if record_every == 1:
        return "record each (≤ 1 duplicate per crash)"
    return f"record every {record_every} (≤ {record_every} duplicates per crash)"


async def main(quick: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        spread = 6.0 if quick else 60.0
        late = await lateness(folder, 1000 if quick else 10_000, spread, 1)
        late_grouped = await lateness(folder, 1000 if quick else 10_000, spread, 100)
        strict = await burst(folder, 2000 if quick else 10_000, 1)
        grouped = await burst(folder, 2000 if quick else 10_000, 100)
        claim = await claim_cost(folder, 10_000 if quick else 100_000, 500, 20)
    rows = [
        ("machine", one_line()),
    ]
    for every, result in ((1, late), (100, late_grouped)):
        rows.append(
            (
                f"lateness, {result['count']:,} over {spread:g} s, {_mode(every)}",
                f"p50 {result['p50_ms']} ms · p99 {result['p99_ms']} ms"
                f" · max {result['max_ms']} ms ({result['delivered']:,} delivered)",
            )
        )
    for result in (strict, grouped):
        rows.append(
            (
                f"burst of {result['count']:,}, {_mode(int(result['record_every']))}",
                f"{result['seconds']} s = {result['per_second']:,}/s · lost {result['lost']}"
                f" · duplicated {result['duplicated']}",
            )
        )
    rows.append(
        (
            f"claim {claim['batch']} of {claim['pending']:,} pending",
            f"median {claim['median_ms']} ms · max {claim['max_ms']} ms",
        )
    )
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    print(
        json.dumps(
            {
                "machine": describe(),
                "lateness": late,
                "lateness_grouped": late_grouped,
                "burst": strict,
                "burst_grouped": grouped,
                "claim": claim,
            }
        )
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a smaller run of a few seconds")
    asyncio.run(main(parser.parse_args().quick))
