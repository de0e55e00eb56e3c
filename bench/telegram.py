"""Telegram throughput and latency: webhook POST of an update → the bot's sendMessage.

Everything runs over loopback HTTP: the bot's Starlette app under uvicorn, the real
python-telegram-bot Application, the core on SQLite, and the fake Bot API. Flood limits are
off here because this measures our side; Telegram itself allows about 30 messages/s.

    python -m bench.telegram [--updates 2000] [--users 200] [--inflight 16]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import tempfile
import time
from collections import defaultdict
from functools import partial
from pathlib import Path

import httpx
from sqlalchemy.engine import make_url

from adapters.http import create_app
from adapters.telegram import Options, start_telegram
from adapters.telegram.app import SECRET_HEADER, WEBHOOK_PATH
from bot.app import assemble
from bot.clock import SystemClock
from bot.intents import IntentRouter
from bot.logs import configure_logs
from bot.understanding import IntentService
from storage.migrate import upgrade
from storage.store import SqlAlchemyStore
from tests.fakes.serving import serving
from tests.fakes.telegram import TOKEN, FakeTelegram, User
from tests.helpers.bot import make_settings

SECRET = "bench-secret"
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


async def run(updates: int, users: int, inflight: int, database_url: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        async with FakeTelegram(wait_limit=600).running() as fake:
            settings = make_settings(
                Path(folder), telegram_bot_token=TOKEN, telegram_api_base_url=fake.api_url
            )
            if database_url:
                settings = settings.model_copy(update={"database_url": database_url})
            await upgrade(settings.database_url)
            store = SqlAlchemyStore.from_url(settings.database_url)
            cache = Path(folder) / "cache"
            router = IntentRouter.load_or_train([], cache)
            intents = IntentService.ready(router, store.phrases, cache)
            core = assemble(store, settings, SystemClock(), intents, wake=lambda: None)
            options = Options(
                webhook_url="https://bot.example.org/telegram/webhook",
                webhook_secret=SECRET,
                rate_limited=False,
            )
            bot = await start_telegram(core, settings, options)
            try:
                async with (
                    serving(create_app(bot.routes)) as url,
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
            finally:
                await bot.stop()
                await store.close()
    latencies = _latencies_ms(fake, posted)
    return {
        "bench": "telegram",
        "database": make_url(settings.database_url).get_backend_name(),
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
    parser.add_argument("--inflight", type=int, default=16)
    parser.add_argument("--database-url", default="", help="default: SQLite in a temp folder")
    args = parser.parse_args()
    configure_logs("WARNING")
    print(
        f"machine: {platform.platform()}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    result = asyncio.run(run(args.updates, args.users, args.inflight, args.database_url))
    keys = ("database", "updates", "inflight", "updates_per_s", "p50_ms", "p99_ms")
    print(" ".join(f"{k:>13}" for k in keys))
    print(" ".join(f"{result[k]!s:>13}" for k in keys))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
