"""One bot, one budget: sends keep the platform's limits, in one process or across replicas."""

from __future__ import annotations

import asyncio
import itertools
import os
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.pacing import Busy, Limit, LocalPace, Pace, Pacer, RedisPace
from adapters.slack import SlackChannel, web_client
from adapters.telegram.pacing import TelegramPacing
from bot.messages import Incoming, Reply, Target
from bot.ports import SlowDown
from storage.store import SqlAlchemyStore
from tests.fakes.slack import BOT_TOKEN, fake_slack
from tests.fakes.telegram import TOKEN, FakeTelegram, User
from tests.helpers.clock import FakeClock
from tests.helpers.telegram import telegram_replica

REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
ALICE = User(111, "Alice")


class Moments:
    """A monotonic clock that moves only when a send sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


def busiest_second(times: list[float]) -> int:
    """The most sends in any window of one second (to a nanosecond: floats add up)."""
    ordered = sorted(times)
    return max(
        sum(1 for t in ordered[i:] if t < start + 1.0 - 1e-9) for i, start in enumerate(ordered)
    )


async def test_a_burst_goes_out_at_the_limit_never_above_it() -> None:
    moments = Moments()
    pacer = Pacer(LocalPace(moments), sleep=moments.sleep, max_wait=1000)
    bot = Limit("bot", 1 / 30)
    sent: list[float] = []
    for _ in range(120):
        async with pacer.turn([bot]):
            sent.append(moments.now)
    assert busiest_second(sent) == 30
    assert sent[-1] == pytest.approx(119 / 30), "and no slower than the limit"


async def test_a_chat_waits_a_whole_interval_after_each_send_finished() -> None:
    moments = Moments()
    pacer = Pacer(LocalPace(moments), sleep=moments.sleep, max_wait=1000)
    chat = Limit("chat", 1.0, after_finish=True)
    starts: list[float] = []
    for _ in range(5):
        async with pacer.turn([chat]):
            starts.append(moments.now)
            moments.now += 0.4  # the request takes a while
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert gaps == [pytest.approx(1.4)] * 4


async def test_a_pause_asked_by_the_platform_makes_the_next_send_busy() -> None:
    moments = Moments()
    pacer = Pacer(LocalPace(moments), sleep=moments.sleep, max_wait=5)
    chat = Limit("chat", 1.0, after_finish=True)
    await pacer.hold("chat", 120)
    with pytest.raises(Busy) as busy:
        async with pacer.turn([chat]):
            pass
    assert busy.value.seconds == pytest.approx(120)
    moments.now += 120
    async with pacer.turn([chat]):
        assert moments.now == pytest.approx(120), "a busy send took no moment of its own"


def test_telegram_limits_private_chats_groups_and_the_bot() -> None:
    pacing = TelegramPacing(Pacer(LocalPace()), TOKEN, sends_per_second=30)
    private = pacing.limits("sendMessage", {"chat_id": 111, "text": "hi"})
    group = pacing.limits("editMessageText", {"chat_id": -100123, "text": "hi"})
    assert [(limit.interval, limit.after_finish) for limit in private] == [
        (1.0, True),
        (pytest.approx(1 / 27), False),
    ]
    assert group[0].interval == 3.0, "20 a minute in a group"
    assert private[1].key == group[1].key == "telegram:123456:all"
    assert pacing.limits("sendChatAction", {"chat_id": 111}) == []
    assert pacing.limits("answerCallbackQuery", {"callback_query_id": "1"}) == []


@pytest.fixture
async def redis_paces() -> AsyncIterator[list[Pace]]:
    if not REDIS_URL:
        pytest.skip("TEST_REDIS_URL is not set")
    prefix = f"nudge-test:{uuid.uuid4().hex}:"
    paces: list[Pace] = [RedisPace(REDIS_URL, prefix) for _ in range(3)]
    yield paces
    for pace in paces:
        await pace.close()


async def test_replicas_share_one_budget_through_redis(redis_paces: list[Pace]) -> None:
    """Three replicas asking at once get moments one after another, as one process would."""
    started = time.monotonic()
    waits = await asyncio.gather(
        *(pace.slot("bot", 0.05, 1000) for pace in redis_paces for _ in range(20))
    )
    took = time.monotonic() - started
    # Each replica alone would have its last moment 19 intervals out; together, 59.
    assert 59 * 0.05 - took <= max(waits) <= 59 * 0.05


async def test_a_pause_held_by_one_replica_holds_the_others(redis_paces: list[Pace]) -> None:
    first, second, _ = redis_paces
    await first.hold("chat", 30)
    wait = await second.slot("chat", 1.0, 5)
    assert 29 < wait <= 30
    assert 29 < await second.slot("chat", 1.0, 5) <= 30, "a moment out of reach is not taken"


async def test_redis_away_falls_back_to_pacing_in_process() -> None:
    pace = RedisPace("redis://127.0.0.1:9/0")
    try:
        assert await pace.slot("bot", 10.0, 100) == 0
        assert await pace.slot("bot", 10.0, 100) == pytest.approx(10.0, abs=0.5)
    finally:
        await pace.close()


async def test_a_429_longer_than_the_lease_is_never_sent_twice_by_two_replicas(
    store: SqlAlchemyStore, clock: FakeClock, tmp_path: Path
) -> None:
    """The first replica gives the reminder back until Telegram is ready; the second waits too."""
    async with (
        FakeTelegram().running() as fake,
        telegram_replica(fake, store, clock, tmp_path) as first,
        telegram_replica(fake, store, clock, tmp_path) as second,
    ):
        said = Incoming("telegram", str(ALICE.id), str(ALICE.id), "remind me in 5 min to stretch")
        await first.core.dispatcher.handle(said)
        clock.advance(minutes=5)
        fake.fail_next("sendMessage", 429, retry_after=120)
        sending = asyncio.create_task(first.core.delivery.run_due())
        assert await asyncio.wait_for(sending, 5) == 1, "given back, not held past its lease"
        lease = first.core.delivery.lease_seconds
        clock.advance(seconds=lease + 1)
        await second.core.delivery.run_due()
        await first.core.delivery.run_due()
        assert _reminders(fake) == [], "nobody takes it while Telegram asked to wait"
        clock.advance(seconds=120 - lease)
        await second.core.delivery.run_due()
        await first.core.delivery.run_due()
        clock.advance(seconds=lease + 1)
        await first.core.delivery.run_due()
        [reminder] = _reminders(fake)
        assert reminder.startswith("⏰ Reminder: stretch")


def _reminders(fake: FakeTelegram) -> list[str]:
    """The reminders Telegram accepted (a refused call leaves no message)."""
    return [
        m["text"]
        for (chat, _), m in fake.messages.items()
        if chat == ALICE.id and "⏰" in m["text"]
    ]


async def test_slack_posts_a_second_apart_per_conversation_and_a_429_holds_it() -> None:
    moments = Moments()
    async with fake_slack() as fake:
        pacer = Pacer(LocalPace(moments), sleep=moments.sleep)
        channel = SlackChannel(web_client(BOT_TOKEN, fake.base_url), pacer)
        posted: list[float] = []
        for n in range(3):
            await channel.post("C1", Reply(f"note {n}"))
            posted.append(moments.now)
        await channel.post("C2", Reply("elsewhere"))
        assert posted == [0.0, 1.0, 2.0]
        assert moments.now == 2.0, "another conversation does not wait"

        with pytest.raises(SlowDown) as busy:
            await channel.send(Target("slack", "C1"), Reply("a delivery"))
        assert busy.value.seconds == 1.0, "a delivery does not hold up the others"
        moments.now += 1
        fake.rate_limit("chat.postMessage", 30)
        with pytest.raises(SlowDown) as asked:
            await channel.send(Target("slack", "C1"), Reply("a delivery"))
        assert asked.value.seconds == 30
        with pytest.raises(SlowDown):
            await channel.send(Target("slack", "C1"), Reply("the next one"))
        assert len(fake.called("chat.postMessage")) == 4, "held, not tried again"
