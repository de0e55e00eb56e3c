"""Faults against real `nudge run` processes and the platform fakes over HTTP.

Nothing acknowledged is lost, whether the process is stopped or killed; replicas on one
PostgreSQL handle each update once; together they keep Telegram's limits, counted at the fake;
replicas killed in the middle of a burst lose no reminder and repeat at most one per kill; a 429
longer than the delivery lease is sent by nobody before it ends; and a repeating reminder
outlives its person blocking the bot. What was sent is counted at the fakes.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import signal
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta
from itertools import count, pairwise
from pathlib import Path

import httpx
import pytest

from adapters.telegram.app import SECRET_HEADER, WEBHOOK_PATH
from bot.messages import Target
from storage.migrate import upgrade
from storage.store import SqlAlchemyStore
from tests.fakes.slack import FakeSlack, fake_slack
from tests.fakes.telegram import TOKEN, Call, FakeTelegram, User
from tests.helpers.postgres import POSTGRES_URL, throwaway_database
from tests.helpers.running import Running, nudge_process
from tests.helpers.seeding import seed_reminders
from tests.helpers.slack import SIGNING_SECRET, command_body, event_body, sign

pytestmark = pytest.mark.slow

REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
WEBHOOK_SECRET = "run-secret"
PEOPLE = [User(5000 + n, f"P{n}") for n in range(100)]
needs_postgres = pytest.mark.skipif(not POSTGRES_URL, reason="TEST_POSTGRES_URL is not set")


def telegram_env(telegram: FakeTelegram, **more: str) -> dict[str, str]:
    """Telegram in webhook mode, at its fake."""
    return {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": telegram.api_url,
        "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/telegram/webhook",
        "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
        **more,
    }


def platforms(telegram: FakeTelegram, slack: FakeSlack, **more: str) -> dict[str, str]:
    """Telegram in webhook mode and Slack over HTTP, both at their fakes."""
    return {
        **telegram_env(telegram),
        "SLACK_BOT_TOKEN": "xoxb-run",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.base_url,
        **more,
    }


async def post_telegram(http: httpx.AsyncClient, update: dict[str, object]) -> int:
    headers = {SECRET_HEADER: WEBHOOK_SECRET}
    return (await http.post(WEBHOOK_PATH, json=update, headers=headers)).status_code


async def post_slack(http: httpx.AsyncClient, body: str, *, json_body: bool = False) -> int:
    kind = "application/json" if json_body else "application/x-www-form-urlencoded"
    headers = {**sign(body, int(time.time())), "Content-Type": kind}
    return (await http.post("/slack/events", content=body, headers=headers)).status_code


async def acknowledge_200(run: Running, telegram: FakeTelegram, slack: FakeSlack) -> None:
    """100 Telegram updates and 100 Slack commands, all posted at once and answered 200."""
    async with httpx.AsyncClient(base_url=run.base, timeout=30) as http:
        updates = [telegram.text(p, f"add task buy milk {n}") for n, p in enumerate(PEOPLE)]
        commands = [
            command_body(f"U{n % 10}", f"add task call {n}", "/nudge", slack.response_url(), "D1")
            for n in range(100)
        ]
        acks = await asyncio.gather(
            *(post_telegram(http, u) for u in updates), *(post_slack(http, c) for c in commands)
        )
    assert acks == [200] * 200


def all_answered(telegram: FakeTelegram, slack: FakeSlack) -> bool:
    told = {p.id for p in PEOPLE if telegram.delivered[p.id]}
    called = {a["text"].split(". ", 1)[-1] for a in slack.answered()}
    return len(told) == 100 and called >= {f"call {n}" for n in range(100)}


async def until(check: Callable[[], bool], seconds: float, what: str) -> None:
    """Until the processes under test have done something: they run on their own."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, what
        await asyncio.sleep(0.1)


async def test_sigterm_finishes_everything_acknowledged_then_exits_0(
    tmp_path: Path, intents_cache: Path
) -> None:
    telegram = FakeTelegram(wait_limit=30)
    async with telegram.running(), fake_slack() as slack:
        async with nudge_process(tmp_path, intents_cache, **platforms(telegram, slack)) as run:
            await acknowledge_200(run, telegram, slack)
            code = await run.stop()
        assert code == 0
        assert sum(telegram.delivered[p.id] for p in PEOPLE) == 100
        assert len(slack.answered()) == 100


async def test_sigkill_loses_nothing_acknowledged_the_restart_handles_the_rest(
    tmp_path: Path, intents_cache: Path
) -> None:
    telegram = FakeTelegram(wait_limit=30)
    async with telegram.running(), fake_slack() as slack:
        env = platforms(telegram, slack)
        async with nudge_process(tmp_path, intents_cache, **env) as run:
            await acknowledge_200(run, telegram, slack)
            run.child.send_signal(signal.SIGKILL)
            assert await run.child.wait() == -signal.SIGKILL
        before = sum(telegram.delivered[p.id] for p in PEOPLE) + len(slack.answered())
        assert before < 200, "killed with acknowledged work not yet handled"
        async with nudge_process(tmp_path, intents_cache, **env) as restarted:
            await until(lambda: all_answered(telegram, slack), 45, "all 200 handled")
            assert await restarted.stop() == 0
        handled = sum(telegram.delivered[p.id] for p in PEOPLE) + len(slack.answered())
        # Only what was being answered at the instant of the kill can be answered twice.
        assert handled - 200 <= 200 - before or handled == 200


BURST = 1000
# Above Telegram's default (bots may buy more), so the burst takes seconds, not a minute.
SENDS_PER_SECOND = 100
BUSY_CHAT = 7  # one private chat gets ten reminders, a group five; the rest get one each
GROUP = -1007
GROUP_PER_MINUTE = 20  # Telegram's limit for a group


async def seed_telegram_reminders(url: str, chats: list[str]) -> None:
    """Migrate the database at `url`; one reminder due now for each of `chats` ("burst N")."""
    await upgrade(url)
    store = SqlAlchemyStore.from_url(url)
    due = datetime.now(UTC) - timedelta(seconds=1)
    await seed_reminders(store, [due] * len(chats), "burst", chats, channel="telegram")
    await store.close()


def burst_chat(n: int) -> str:
    """The chat of the burst's reminder `n` (from 0)."""
    if n % 200 == 50:
        return str(GROUP)
    return str(BUSY_CHAT if n % 100 == 0 else 10_000 + n)


@pytest.fixture
async def burst_database() -> AsyncIterator[str]:
    """PostgreSQL with 1,000 reminders due now, for Telegram chats."""
    async with throwaway_database() as url:
        await seed_telegram_reminders(url, [burst_chat(n) for n in range(BURST)])
        yield url


@needs_postgres
@pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL is not set")
async def test_three_replicas_keep_telegrams_limits_together_and_handle_each_update_once(
    burst_database: str, tmp_path: Path, intents_cache: Path
) -> None:
    """A burst of 1,000 reminders due at once, and meanwhile updates posted to two replicas."""
    telegram = FakeTelegram(wait_limit=60)
    async with telegram.running(), fake_slack() as slack, AsyncExitStack() as stack:
        env = platforms(
            telegram,
            slack,
            DATABASE_URL=burst_database,
            REDIS_URL=REDIS_URL,
            TELEGRAM_SENDS_PER_SECOND=str(SENDS_PER_SECOND),
        )
        replicas = await asyncio.gather(
            *(
                stack.enter_async_context(nudge_process(tmp_path / f"r{n}", intents_cache, **env))
                for n in range(3)
            )
        )
        ann = PEOPLE[0]
        update = telegram.text(ann, "add task buy milk")
        dm = {"type": "message", "channel_type": "im", "channel": "DANN", "user": "UANN"}
        event = event_body({**dm, "text": "add task call mum", "ts": "1.1"})
        async with httpx.AsyncClient() as http:
            for run in replicas[:2]:
                http.base_url = httpx.URL(run.base)
                assert await post_telegram(http, update) == 200
            for run in replicas[1:]:
                http.base_url = httpx.URL(run.base)
                assert await post_slack(http, event, json_body=True) == 200
        await until(lambda: telegram.count("sendMessage") > BURST, 60, "the burst sent")
        codes = await asyncio.gather(*(run.stop() for run in replicas))
    assert codes == [0, 0, 0]
    assert [m["text"] for m in telegram.sent(ann.id)] == ["Added task 1. buy milk"]
    assert [m["text"] for m in slack.called("chat.postMessage")] == ["Added task 1. call mum"]

    sends = [c for c in telegram.calls if c.method == "sendMessage"]
    reminders = sorted(
        c.params["text"].split(" (late")[0] for c in sends if "⏰" in c.params["text"]
    )
    assert reminders == sorted(f"⏰ Reminder: burst {n}" for n in range(1, BURST + 1)), "each once"
    assert busiest_second([c.at for c in sends]) <= SENDS_PER_SECOND
    by_chat: dict[int, list[float]] = defaultdict(list)
    for call in sends:
        by_chat[call.params["chat_id"]].append(call.at)
    assert len(by_chat[BUSY_CHAT]) == 10
    assert max(busiest_second(times) for times in by_chat.values()) == 1
    group = sorted(by_chat[GROUP])
    assert len(group) == 5
    # Each send at least 3 s after the one before: no minute can hold more than 20.
    assert min(b - a for a, b in pairwise(group)) >= 60 / GROUP_PER_MINUTE


def busiest_second(times: list[float]) -> int:
    """The most sends in any window of one second."""
    ordered = sorted(times)
    return max(sum(1 for t in ordered[i:] if t < start + 1.0) for i, start in enumerate(ordered))


def reminders_sent(telegram: FakeTelegram) -> list[int]:
    """The number of each "burst N" reminder the fake accepted, once per acceptance."""
    return [
        int(found.group(1))
        for c in telegram.calls
        if c.method == "sendMessage" and c.ok
        if (found := re.search(r"⏰ Reminder: burst (\d+)", c.params["text"]))
    ]


def sent_at_least(telegram: FakeTelegram, goal: int) -> Callable[[], bool]:
    return lambda: telegram.count("sendMessage") >= goal


CRASH_BURST = 5000
KILLS = 4
# Short, so what a killed replica had claimed is taken over within seconds.
CRASH_LEASE_SECONDS = 4


@needs_postgres
async def test_replicas_killed_at_random_moments_lose_nothing_and_repeat_one_at_most_per_kill(
    tmp_path: Path, intents_cache: Path
) -> None:
    """5,000 reminders due at once, three replicas, one killed and restarted four times."""
    rng = random.Random(11)
    telegram = FakeTelegram()
    started = count()
    # The replicas are killed, not the database server: its commits need not wait for the disk.
    fast = throwaway_database(flush_each_commit=False)
    async with fast as url, telegram.running(), AsyncExitStack() as stack:
        await seed_telegram_reminders(url, [str(20_000 + n) for n in range(CRASH_BURST)])
        env = telegram_env(
            telegram,
            DATABASE_URL=url,
            DELIVERY_LEASE_SECONDS=str(CRASH_LEASE_SECONDS),
            TELEGRAM_SENDS_PER_SECOND="1000",  # the pace is tested above, not here
        )

        async def replica() -> Running:
            folder = tmp_path / f"r{next(started)}"
            return await stack.enter_async_context(nudge_process(folder, intents_cache, **env))

        replicas = list(await asyncio.gather(*(replica() for _ in range(3))))
        for goal in sorted(rng.sample(range(CRASH_BURST // 10, CRASH_BURST * 8 // 10), KILLS)):
            await until(sent_at_least(telegram, goal), 60, f"{goal} sent")
            victim = rng.randrange(len(replicas))
            replicas[victim].child.send_signal(signal.SIGKILL)
            assert await replicas[victim].child.wait() == -signal.SIGKILL
            replicas[victim] = await replica()
        everything = set(range(1, CRASH_BURST + 1))
        await until(lambda: set(reminders_sent(telegram)) == everything, 60, "all sent")
        assert await asyncio.gather(*(run.stop() for run in replicas)) == [0, 0, 0]
    sent = reminders_sent(telegram)
    assert set(sent) == everything
    assert len(sent) - CRASH_BURST <= KILLS


def sends_to(telegram: FakeTelegram, chat_id: int) -> list[Call]:
    return [
        c for c in telegram.calls if c.method == "sendMessage" and c.params["chat_id"] == chat_id
    ]


LEASE_SECONDS = 2
RETRY_AFTER = 5  # longer than the lease
FLOODED = 4242


@needs_postgres
async def test_a_429_longer_than_the_lease_is_waited_out_and_no_other_replica_sends_meanwhile(
    tmp_path: Path, intents_cache: Path
) -> None:
    """Held in a send instead, the reminder's lease would run out and another replica take it."""
    telegram = FakeTelegram()
    telegram.flood_next(FLOODED, RETRY_AFTER)
    async with throwaway_database() as url, telegram.running(), AsyncExitStack() as stack:
        await seed_telegram_reminders(url, [str(FLOODED)])
        env = telegram_env(telegram, DATABASE_URL=url, DELIVERY_LEASE_SECONDS=str(LEASE_SECONDS))
        replicas = await asyncio.gather(
            *(
                stack.enter_async_context(nudge_process(tmp_path / f"r{n}", intents_cache, **env))
                for n in range(3)
            )
        )
        await until(lambda: any(c.ok for c in sends_to(telegram, FLOODED)), 30, "sent")
        assert await asyncio.gather(*(run.stop() for run in replicas)) == [0, 0, 0]
    tries = sends_to(telegram, FLOODED)
    assert [c.code for c in tries] == [429, 200]
    assert tries[1].at - tries[0].at >= RETRY_AFTER


async def test_a_series_outlives_a_block_and_what_failed_meanwhile_is_told_once(
    tmp_path: Path, intents_cache: Path
) -> None:
    """A reminder repeating every 2 s while its person has blocked the bot, then unblocked.

    People may repeat a reminder at most once a minute; the store takes any rule, so the test
    need not wait minutes for a series.
    """
    ann = PEOPLE[0]
    url = f"sqlite+aiosqlite:///{tmp_path / 'data' / 'nudge.db'}"
    await upgrade(url)
    store = SqlAlchemyStore.from_url(url)
    user = await store.users.resolve("telegram", str(ann.id), str(ann.id), "Ann", "UTC")
    await store.users.set_onboarded(user.id)
    first = datetime.now(UTC) + timedelta(seconds=1)
    target = Target("telegram", str(ann.id))
    await store.reminders.add(user.id, "stretch", first, "FREQ=SECONDLY;INTERVAL=2", "UTC", target)
    await store.close()

    def reminded() -> list[Call]:
        return [c for c in sends_to(telegram, ann.id) if "⏰" in c.params["text"]]

    def answers() -> list[str]:
        return [
            c.params["text"]
            for c in sends_to(telegram, ann.id)
            if c.ok and "⏰" not in c.params["text"]
        ]

    telegram = FakeTelegram()
    telegram.blocked.add(ann.id)
    async with (
        telegram.running(),
        nudge_process(tmp_path, intents_cache, **telegram_env(telegram, DATABASE_URL=url)) as run,
        httpx.AsyncClient(base_url=run.base) as http,
    ):
        await until(lambda: len(reminded()) >= 2, 30, "two occurrences refused")
        telegram.blocked.discard(ann.id)
        await until(lambda: reminded()[-1].ok, 30, "the series goes on")
        refused = [c for c in reminded() if not c.ok]
        assert [c.code for c in refused] == [403] * len(refused)
        assert await post_telegram(http, telegram.text(ann, "hi")) == 200
        await until(lambda: len(answers()) == 1, 30, "an answer")
        assert await post_telegram(http, telegram.text(ann, "thanks")) == 200
        await until(lambda: len(answers()) == 2, 30, "a second answer")
        later = len(reminded())
        await until(lambda: len(reminded()) > later and reminded()[-1].ok, 30, "still going")
        assert await run.stop() == 0
    told, then = answers()
    assert told.startswith("⚠️ I couldn't deliver some messages to you:")
    assert told.count("• reminder “stretch”") == len(refused) <= 5
    assert "blocked" in told
    assert "⚠️" not in then
