"""A delivery process for tests and benchmarks: `python -m tests.helpers.delivery_worker`.

It builds the real store and delivery loop, with a channel that appends each delivered id to a
file and syncs it to disk before returning, as a platform acknowledges a message. It delivers
until nothing is pending, then exits. `seed` fills a database with a burst due now.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.buttons import ButtonSigner
from bot.clock import SystemClock
from bot.delivery import DeliveryLoop
from bot.messages import Reply, Target
from storage.migrate import upgrade
from storage.store import SqlAlchemyStore
from tests.helpers.seeding import seed_reminders


class FileChannel:
    """Records each delivered reminder's id durably, one line each."""

    name = "console"

    def __init__(self, path: Path, durable: bool = True) -> None:
        self._file = path.open("a")
        self._durable = durable

    async def send(self, target: Target, reply: Reply) -> str:
        match = re.search(r"burst (\d+)", reply.text)
        assert match is not None, reply.text
        self._file.write(match.group(1) + "\n")
        self._file.flush()
        if self._durable:
            os.fsync(self._file.fileno())
        return "ok"


async def seed(url: str, count: int, due: datetime) -> None:
    """One user with `count` one-off reminders, each text ending in its number, all due."""
    await upgrade(url)
    store = SqlAlchemyStore.from_url(url)
    try:
        await seed_reminders(store, [due] * count, "burst", "load")
    finally:
        await store.close()


async def deliver(url: str, out: Path, lease_seconds: float, batch: int, durable: bool) -> None:
    store = SqlAlchemyStore.from_url(url)
    channel = FileChannel(out, durable)
    loop = DeliveryLoop(
        store,
        {channel.name: channel},
        SystemClock(),
        ButtonSigner(b"worker"),
        lease_seconds=lease_seconds,
        batch=batch,
    )
    try:
        while True:
            await loop.run_due()
            due = await store.deliveries.next_due()
            if due is None:
                return
            wait = (due - datetime.now(UTC)).total_seconds()
            await asyncio.sleep(min(max(wait, 0.01), 1.0))
    finally:
        await store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("action", choices=["seed", "deliver"])
    parser.add_argument("url")
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--lease", type=float, default=1.0)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--no-fsync", action="store_true")
    args = parser.parse_args()
    if args.action == "seed":
        asyncio.run(seed(args.url, args.count, datetime.now(UTC) - timedelta(seconds=1)))
    else:
        asyncio.run(deliver(args.url, args.out, args.lease, args.batch, not args.no_fsync))


if __name__ == "__main__":
    main()
