"""Requests as Slack sends them (signed with the v0 scheme), and a core behind the Slack app."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx

from adapters.http import create_app
from adapters.slack import SlackAdapter, web_client
from bot.app import Core
from bot.config import Settings
from bot.messages import Incoming, Reply
from storage.store import SqlAlchemyStore
from tests.fakes.serving import serving
from tests.fakes.slack import BOT_TOKEN, BOT_USER, FakeSlack, fake_slack
from tests.helpers.bot import build_harness
from tests.helpers.clock import FakeClock

SIGNING_SECRET = "test-signing-secret"
_ids = itertools.count(1)


def sign(body: str, timestamp: int, secret: str = SIGNING_SECRET) -> dict[str, str]:
    base = f"v0:{timestamp}:{body}".encode()
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}"}


def command_body(user: str, text: str, command: str, response_url: str, channel: str) -> str:
    return urlencode(
        {
            "token": "unused",
            "team_id": "T1",
            "channel_id": channel,
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "response_url": response_url,
            "trigger_id": f"trigger-{next(_ids)}",
        }
    )


def event_body(event: dict[str, Any], event_id: str | None = None) -> str:
    return json.dumps(
        {
            "token": "unused",
            "team_id": "T1",
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(_ids)}",
            "event_time": int(time.time()),
            "event": event,
        }
    )


def press_body(
    user: str, value: str, channel: str, ts: str, response_url: str, *, ephemeral: bool = False
) -> str:
    payload = {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": user, "username": user.lower()},
        "api_app_id": "A1",
        "container": {
            "type": "message",
            "message_ts": ts,
            "channel_id": channel,
            "is_ephemeral": ephemeral,
        },
        "channel": {"id": channel},
        "response_url": response_url,
        "trigger_id": f"trigger-{next(_ids)}",
        "actions": [
            {
                "type": "button",
                "action_id": "nudge:0.0",
                "block_id": "row0",
                "value": value,
                "action_ts": str(time.time()),
            }
        ],
    }
    return urlencode({"payload": json.dumps(payload)})


class SlackSender:
    """Posts signed requests to the app's `/slack/events`, as Slack's servers would."""

    def __init__(self, http: httpx.AsyncClient, url: str) -> None:
        self.http = http
        self.url = url

    async def post(
        self,
        body: str,
        *,
        json_body: bool = False,
        age: int = 0,
        secret: str = SIGNING_SECRET,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        kind = "application/json" if json_body else "application/x-www-form-urlencoded"
        signed = sign(body, int(time.time()) - age, secret)
        return await self.http.post(
            self.url,
            content=body.encode(),
            headers={"Content-Type": kind, **signed, **(headers or {})},
        )


@dataclass
class SlackBed:
    core: Core
    store: SqlAlchemyStore
    clock: FakeClock
    fake: FakeSlack
    adapter: SlackAdapter
    sender: SlackSender
    sleeps: list[float] = field(default_factory=list)

    async def command(
        self, user: str, text: str, *, command: str = "/nudge", channel: str = "C1", name: str = "r"
    ) -> httpx.Response:
        body = command_body(user, text, command, self.fake.response_url(name), channel)
        return await self.sender.post(body)

    async def dm(self, user: str, text: str, **extra: Any) -> httpx.Response:
        event = {"type": "message", "channel_type": "im", "channel": "D" + user[1:]}
        return await self._event({**event, "user": user, "text": text, "ts": "1.1", **extra})

    async def mention(self, user: str, text: str, channel: str, **extra: Any) -> httpx.Response:
        event = {"type": "app_mention", "channel": channel, "user": user, "ts": "2.2"}
        return await self._event({**event, "text": f"<@{BOT_USER}> {text}", **extra})

    async def share(
        self, user: str, files: list[dict[str, Any]], channel: str | None = None, **extra: Any
    ) -> httpx.Response:
        """Share files with the bot: in its DM (`file_share`), or in a channel mentioning it."""
        if channel is None:
            return await self.dm(user, "", subtype="file_share", files=files, **extra)
        return await self.mention(user, "", channel, files=files, **extra)

    async def _event(self, event: dict[str, Any]) -> httpx.Response:
        event_id = event.pop("event_id", None)
        return await self.sender.post(event_body(event, event_id), json_body=True)

    async def press(
        self, user: str, value: str, channel: str, ts: str, *, ephemeral: bool = False
    ) -> httpx.Response:
        url = self.fake.response_url("p")
        body = press_body(user, value, channel, ts, url, ephemeral=ephemeral)
        return await self.sender.post(body)

    async def settle(self) -> None:
        await self.adapter.drain()

    async def console(self, user: str, text: str) -> Reply:
        return await self.core.dispatcher.handle(Incoming("console", user, f"chat-{user}", text))

    async def slack_user_id(self, user: str) -> int:
        found = await self.store.users.resolve("slack", user, user, "", "UTC")
        return found.id


@asynccontextmanager
async def slack_bed(
    store: SqlAlchemyStore, settings: Settings, clock: FakeClock
) -> AsyncIterator[SlackBed]:
    async with fake_slack() as fake:
        sleeps: list[float] = []

        async def sleep(seconds: float) -> None:
            sleeps.append(seconds)

        core = build_harness(store, settings, clock).core
        client = web_client(BOT_TOKEN, fake.base_url, sleep=sleep)
        adapter = SlackAdapter(core.dispatcher.handle, core.services, client, SIGNING_SECRET)
        core.add_channel(adapter.channel)
        async with (
            serving(create_app(adapter.routes)) as url,
            httpx.AsyncClient(timeout=10) as http,
        ):
            sender = SlackSender(http, f"{url}/slack/events")
            yield SlackBed(core, store, clock, fake, adapter, sender, sleeps)
            await adapter.drain()
