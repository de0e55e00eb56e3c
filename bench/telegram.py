"""Telegram throughput and latency: webhook POST of an update → the bot's sendMessage.

Everything runs over loopback HTTP. The bot (its Starlette app under uvicorn, the real
python-telegram-bot Application, the inbox and the core on SQLite) runs in its own process, as
in production; this process plays Telegram: the fake Bot API and the clients posting updates.
Flood limits are off here because this measures our side; Telegram allows about 30 messages/s.

Each setting is also run against python-telegram-bot's own echo bot on the same server
(`bench.telegram_floor`), and our throughput is printed as a share of that floor.

    python -m bench.telegram [--updates 2000] [--users 200] [--inflight 1 16] [--code CHECKOUT]

`--code` runs the bot of another checkout (for a before/after comparison in one sitting); the
floor and this side always run from this one.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from typing import cast

import httpx
from sqlalchemy.engine import make_url

from adapters.telegram.app import SECRET_HEADER, WEBHOOK_PATH
from bench.machine import one_line
from bench.telegram_bot import SECRET
from bot.logs import configure_logs
from tests.fakes.telegram import FakeTelegram, User

TEXTS = ("what time is it", "/tz", "/tasks", "thanks!")
Work = list[tuple[User, str]]


async def _post_all(
    fake: FakeTelegram, http: httpx.AsyncClient, work: Work, inflight: int
) -> dict[int, list[float]]:
    """POST every update from `inflight` clients, each waiting for its reply before the next.

    A closed loop: latency is what one update costs, not how long a backlog grew.
    """
    posted: dict[int, list[float]] = defaultdict(list)
    lanes: list[Work] = [work[i::inflight] for i in range(inflight)]

    async def client(lane: Work) -> None:
        for user, text in lane:
            expected = fake.delivered[user.id] + 1
            posted[user.id].append(time.perf_counter())
            response = await http.post(WEBHOOK_PATH, json=fake.text(user, text))
            response.raise_for_status()
            await fake.wait_for(partial(_replied, chat=user.id, count=expected))

    await asyncio.gather(*(client(lane) for lane in lanes))
    return posted


CHECKOUT = Path(__file__).resolve().parents[1]


@asynccontextmanager
async def _bot(
    folder: Path, fake: FakeTelegram, database_url: str, floor: bool, code: Path
) -> AsyncIterator[str]:
    """The bot (or the floor's echo bot) in a child process on a free port; yields its URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    if floor:
        args = ["bench.telegram_floor", fake.api_url, str(port)]
    else:
        args = ["bench.telegram_bot", str(folder), fake.api_url, str(port), database_url]
    code = CHECKOUT if floor else code
    env = {**os.environ, "PYTHONPATH": str(code)}
    child = await asyncio.create_subprocess_exec(sys.executable, "-m", *args, cwd=code, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient() as probe:
            while True:
                try:
                    if (await probe.get(f"{url}/healthz")).status_code == 200:
                        break
                except httpx.HTTPError:
                    if child.returncode is not None:
                        raise RuntimeError("the bot process ended") from None
                    await asyncio.sleep(0.05)
        yield url
    finally:
        child.terminate()
        await child.wait()


def _replied(fake: FakeTelegram, chat: int, count: int) -> bool:
    return fake.delivered[chat] >= count


def _latencies_ms(fake: FakeTelegram, posted: dict[int, list[float]]) -> list[float]:
    """Each chat's nth reply answers its nth update."""
    replies: dict[int, list[float]] = defaultdict(list)
    for call in fake.calls:
        if call.method == "sendMessage":
            replies[call.params["chat_id"]].append(call.at)
    return sorted(
        (reply - sent) * 1000
        for chat, times in posted.items()
        for sent, reply in zip(times, replies[chat], strict=True)
    )


async def run(
    updates: int,
    users: int,
    inflight: int,
    database_url: str,
    floor: bool = False,
    code: Path = CHECKOUT,
) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        fake = FakeTelegram(wait_limit=600)
        async with (
            fake.running(),
            _bot(Path(folder), fake, database_url, floor, code) as url,
            httpx.AsyncClient(base_url=url, headers={SECRET_HEADER: SECRET}) as http,
        ):
            people = [User(10_000 + i, f"User{i}") for i in range(users)]
            # Warm-up: each person's first contact creates their rows.
            await _post_all(fake, http, [(p, "/tz") for p in people], inflight)
            fake.calls.clear()
            work = [(people[i % users], TEXTS[i % len(TEXTS)]) for i in range(updates)]
            started = time.perf_counter()
            posted = await _post_all(fake, http, work, inflight)
            elapsed = time.perf_counter() - started
    latencies = _latencies_ms(fake, posted)
    return {
        "bench": "telegram",
        "bot": "echo floor" if floor else "nudge",
        "database": make_url(database_url).get_backend_name() if database_url else "sqlite",
        "updates": updates,
        "users": users,
        "inflight": inflight,
        "seconds": round(elapsed, 3),
        "updates_per_s": round(updates / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 2),
        "p99_ms": round(latencies[max(int(len(latencies) * 0.99) - 1, 0)], 2),
        "max_ms": round(latencies[-1], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument(
        "--inflight", type=int, nargs="+", default=[1, 16], help="clients posting at once"
    )
    parser.add_argument("--database-url", default="", help="default: SQLite in a temp folder")
    parser.add_argument("--code", type=Path, default=CHECKOUT, help="the bot's checkout")
    args = parser.parse_args()
    code = args.code.resolve()
    configure_logs("WARNING")
    print(f"machine: {one_line()}")
    print(f"code: {code}")
    keys = ("bot", "database", "updates", "inflight", "updates_per_s", "p50_ms", "p99_ms")
    print(" ".join(f"{k:>13}" for k in keys) + f" {'of floor':>9}")
    results = []
    for inflight in args.inflight:
        floor = asyncio.run(run(args.updates, args.users, inflight, args.database_url, True))
        ours = asyncio.run(run(args.updates, args.users, inflight, args.database_url, code=code))
        share = cast(float, ours["updates_per_s"]) / cast(float, floor["updates_per_s"])
        ours["share_of_floor"] = round(share, 2)
        for result in (floor, ours):
            shown = f"{share:>9.2f}" if result is ours else f"{'':>9}"
            print(" ".join(f"{result[k]!s:>13}" for k in keys) + f" {shown}")
        results += [floor, ours]
    print(json.dumps({"bench": "telegram", "runs": results}))


if __name__ == "__main__":
    main()
