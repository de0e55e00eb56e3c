"""Durable before acknowledged: updates are kept in the inbox, once, and handled after a crash."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import timedelta
from pathlib import Path

import httpx

from adapters.http import create_app
from adapters.inbox import InboxWorker
from adapters.slack import SlackAdapter, web_client
from adapters.telegram.app import SECRET_HEADER, WEBHOOK_PATH
from bot.models import InboxItem
from storage.store import SqlAlchemyStore
from tests.fakes.serving import serving
from tests.fakes.slack import BOT_TOKEN, FakeSlack, fake_slack
from tests.fakes.telegram import FakeTelegram, User
from tests.helpers.bot import build_harness, make_settings
from tests.helpers.clock import FakeClock
from tests.helpers.slack import SIGNING_SECRET, SlackSender, command_body, event_body
from tests.helpers.telegram import SECRET, telegram_replica, telegram_world

ALICE = User(111, "Alice")
PUBLIC = "https://bot.example.org/telegram/webhook"


async def test_the_same_update_posted_to_two_replicas_is_handled_once(
    store: SqlAlchemyStore, clock: FakeClock, tmp_path: Path
) -> None:
    async with FakeTelegram().running() as fake, AsyncExitStack() as stack:
        replicas = [
            await stack.enter_async_context(telegram_replica(fake, store, clock, tmp_path))
            for n in range(2)
        ]
        update = fake.text(ALICE, "add task buy milk")
        for replica in replicas:
            posted = await replica.http.post(
                WEBHOOK_PATH, json=update, headers={SECRET_HEADER: SECRET}
            )
            assert posted.status_code == 200
        await fake.wait_for(lambda f: len(f.sent(ALICE.id)) >= 1)
        for replica in replicas:
            await replica.bot.application.stop()
        assert [m["text"] for m in fake.sent(ALICE.id)] == ["Added task 1. buy milk"]


async def test_an_update_acknowledged_by_a_replica_that_died_is_handled_by_another(
    store: SqlAlchemyStore, clock: FakeClock, tmp_path: Path
) -> None:
    async with FakeTelegram().running() as fake:
        update = fake.text(ALICE, "add task call the bank")
        # Kept and acknowledged by a process killed before it handled it.
        await store.inbox.add(
            "telegram", str(update["update_id"]), json.dumps(update), clock.now(), 10
        )
        async with telegram_replica(fake, store, clock, tmp_path) as replica:
            assert await replica.bot.kept.tick() == 0, "not before the dead process's lease ends"
            clock.advance(seconds=11)
            await replica.bot.kept.tick()  # (or its own look, every few seconds)
            await fake.wait_for(lambda f: len(f.sent(ALICE.id)) >= 1)
        assert fake.sent(ALICE.id)[0]["text"] == "Added task 1. call the bank"
        clock.advance(minutes=5)
        assert await store.inbox.claim("telegram", clock.now(), 10, 10) == [], "finished"


async def test_a_webhook_update_is_kept_before_the_200(
    store: SqlAlchemyStore, clock: FakeClock, tmp_path: Path
) -> None:
    async with (
        FakeTelegram().running() as fake,
        telegram_replica(fake, store, clock, tmp_path) as replica,
    ):
        await replica.bot.application.stop()  # acknowledged, never handled: the process hangs
        update = fake.text(ALICE, "/help")
        assert (await replica.post(update)).status_code == 200
        assert replica.bot.kept.held == {str(update["update_id"])}
        clock.advance(seconds=11)
        kept = await store.inbox.claim("telegram", clock.now(), 10, 10)
        assert [json.loads(item.payload)["message"]["text"] for item in kept] == ["/help"]


async def until_answered(fake: FakeSlack) -> None:
    """Until a background answer has reached the fake's `response_url`."""
    deadline = time.monotonic() + 10
    while not fake.answered():
        assert time.monotonic() < deadline, "no answer through response_url"
        await asyncio.sleep(0.02)


@asynccontextmanager
async def slack_replica(
    fake: FakeSlack, store: SqlAlchemyStore, clock: FakeClock, folder: Path
) -> AsyncIterator[tuple[SlackAdapter, SlackSender]]:
    """One replica of the Slack app over HTTP, on the shared database and fake Web API."""
    core = build_harness(store, make_settings(folder), clock).core
    adapter = SlackAdapter(
        core.dispatcher.handle, core.services, web_client(BOT_TOKEN, fake.base_url), SIGNING_SECRET
    )
    core.add_channel(adapter.channel)
    adapter.start()
    async with serving(create_app(adapter.routes)) as url, httpx.AsyncClient() as http:
        try:
            yield adapter, SlackSender(http, f"{url}/slack/events")
        finally:
            await adapter.stop()


async def test_a_slack_event_posted_to_two_replicas_is_answered_once(
    store: SqlAlchemyStore, clock: FakeClock, tmp_path: Path
) -> None:
    async with fake_slack() as fake, AsyncExitStack() as stack:
        replicas = [
            await stack.enter_async_context(slack_replica(fake, store, clock, tmp_path))
            for _ in range(2)
        ]
        dm = {"type": "message", "channel_type": "im", "channel": "DANN", "user": "UANN"}
        body = event_body({**dm, "text": "add task buy milk", "ts": "1.1"})
        command = command_body("UANN", "add task call mum", "/nudge", fake.response_url(), "D1")
        for adapter, sender in replicas:
            assert (await sender.post(body, json_body=True)).status_code == 200
            assert (await sender.post(command)).status_code == 200
            await adapter.drain()
        assert [m["text"] for m in fake.called("chat.postMessage")] == ["Added task 1. buy milk"]
        assert [m["text"] for m in fake.answered()] == ["Added task 2. call mum"]


async def test_a_slash_command_acknowledged_by_a_replica_that_died_is_answered_by_another(
    store: SqlAlchemyStore, clock: FakeClock, tmp_path: Path
) -> None:
    async with fake_slack() as fake:
        body = command_body("UANN", "add task call the bank", "/nudge", fake.response_url(), "D1")
        kept = json.dumps({"body": body, "content_type": "application/x-www-form-urlencoded"})
        await store.inbox.add("slack", "command:lost-1", kept, clock.now(), 10)
        async with slack_replica(fake, store, clock, tmp_path) as (adapter, _):
            clock.advance(seconds=11)
            await adapter.kept.tick()  # (or its own look, every few seconds)
            await until_answered(fake)
            await adapter.drain()
        assert [m["text"] for m in fake.answered()] == ["Added task 1. call the bank"]
        assert await store.inbox.claim("slack", clock.now() + timedelta(hours=1), 10, 10) == []


async def test_an_event_the_bot_ignores_is_finished_at_once(
    store: SqlAlchemyStore, clock: FakeClock, tmp_path: Path
) -> None:
    async with (
        fake_slack() as fake,
        slack_replica(fake, store, clock, tmp_path) as (adapter, sender),
    ):
        chatter = {"type": "message", "channel_type": "channel", "channel": "C1", "user": "UANN"}
        body = event_body({**chatter, "text": "lunch?", "ts": "1.1"})
        assert (await sender.post(body, json_body=True)).status_code == 200
        await adapter.drain()
        assert adapter.kept.held == set()
        assert await store.inbox.claim("slack", clock.now() + timedelta(hours=1), 10, 10) == []


async def test_a_polled_update_kept_by_a_process_that_died_is_handled_once(
    store: SqlAlchemyStore, clock: FakeClock, tmp_path: Path
) -> None:
    """The dead process fetched it but never confirmed it, so Telegram sends it again."""
    async with telegram_world("polling", store, clock, tmp_path) as world:
        update = world.fake.text(ALICE, "add task buy milk")
        await store.inbox.add(
            "telegram", str(update["update_id"]), json.dumps(update), clock.now(), 10
        )
        world.fake.push(update)
        world.fake.push(world.fake.text(ALICE, "/tz"))
        await world.fake.wait_for(lambda f: len(f.sent(ALICE.id)) >= 1)
        assert world.fake.sent(ALICE.id)[0]["text"].startswith("Your time zone is UTC")
        clock.advance(seconds=11)
        await world.bot.kept.tick()  # (or its own look, every few seconds)
        await world.fake.wait_for(lambda f: len(f.sent(ALICE.id)) >= 2)
        assert world.fake.sent(ALICE.id)[1]["text"] == "Added task 1. buy milk"
        assert await world.bot.kept.tick() == 0
        assert len(world.fake.sent(ALICE.id)) == 2


async def test_an_update_given_back_is_taken_again_and_a_poisoned_one_is_given_up(
    store: SqlAlchemyStore, clock: FakeClock
) -> None:
    replayed: list[str] = []

    async def replay(item: InboxItem) -> None:
        replayed.append(item.key)
        await worker.give_back(item.key)  # fails every time

    worker = InboxWorker(store.inbox, "slack", clock, every=3600)  # the test ticks by hand
    worker.start(replay)
    assert await worker.accept("command:1", "{}")
    await worker.give_back("command:1")
    # More ticks than attempts: the loop's own first tick may hold the update while some of
    # these run, and once given up, no tick takes it again.
    for _ in range(20):
        await worker.tick()
    assert replayed == ["command:1"] * 4, "tried again until its fifth attempt, then given up"
    assert worker.held == set()
    clock.advance(hours=1)
    assert await store.inbox.claim("slack", clock.now(), 10, 10) == []
    await worker.stop()
