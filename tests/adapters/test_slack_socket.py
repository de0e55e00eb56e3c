"""Socket Mode: envelopes over the fake's WebSocket, kept in the inbox before they are acked.

Two replicas share one database, each with its own connection: an envelope Slack sends again
(to either of them) is acknowledged and handled once, as over HTTP.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any
from urllib.parse import parse_qsl

import pytest

from adapters.slack import SlackAdapter, web_client
from bot.config import Settings
from storage.store import SqlAlchemyStore
from tests.fakes.slack import BOT_TOKEN, FakeSlack, fake_slack
from tests.helpers.bot import build_harness
from tests.helpers.clock import FakeClock
from tests.helpers.slack import SIGNING_SECRET, command_body, event_body


@asynccontextmanager
async def replicas(
    store: SqlAlchemyStore, settings: Settings, clock: FakeClock, count: int
) -> AsyncIterator[tuple[FakeSlack, list[SlackAdapter]]]:
    """`count` bots on one database, each connected to the fake over Socket Mode."""
    async with fake_slack() as fake, fake.socket_mode(), AsyncExitStack() as stack:
        adapters = []
        for _ in range(count):
            core = build_harness(store, settings, clock).core
            client = web_client(BOT_TOKEN, fake.base_url)
            adapter = SlackAdapter(core.dispatcher.handle, core.services, client, SIGNING_SECRET)
            core.add_channel(adapter.channel)
            await adapter.connect_socket_mode("xapp-test")
            stack.push_async_callback(adapter.stop)
            adapters.append(adapter)
        await fake.connected(count)
        yield fake, adapters


def dm(text: str, event_id: str) -> dict[str, Any]:
    event = {"type": "message", "channel_type": "im", "channel": "D1", "user": "U1"}
    body: dict[str, Any] = json.loads(event_body({**event, "text": text, "ts": "1.1"}, event_id))
    return body


def command(fake: FakeSlack, text: str) -> dict[str, Any]:
    return dict(parse_qsl(command_body("U1", text, "/nudge", fake.response_url(), "D1")))


async def test_an_event_sent_again_to_the_other_replica_is_handled_once(
    store: SqlAlchemyStore, settings: Settings, clock: FakeClock
) -> None:
    async with replicas(store, settings, clock, 2) as (fake, bots):
        event = dm("add task call the plumber", "Ev42")
        first = await fake.envelope(0, "events_api", event)
        again = await fake.envelope(1, "events_api", event, retry=1)
        await fake.acknowledged_all(first, again)
        for bot in bots:
            await bot.drain()
        posted = [m["text"] for m in fake.called("chat.postMessage")]
        assert posted == ["Added task 1. call the plumber"]


@pytest.mark.parametrize("connections", [(0, 0), (0, 1)])
async def test_a_command_envelope_is_answered_once_whichever_connection_gets_it_again(
    store: SqlAlchemyStore, settings: Settings, clock: FakeClock, connections: tuple[int, int]
) -> None:
    async with replicas(store, settings, clock, 2) as (fake, bots):
        payload = command(fake, "add task water the plants")
        sent = [await fake.envelope(n, "slash_commands", payload) for n in connections]
        await fake.acknowledged_all(*sent)
        for bot in bots:
            await bot.drain()
        assert [a["text"] for a in fake.answered()] == ["Added task 1. water the plants"]
