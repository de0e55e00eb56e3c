"""The web channel mounted on the real HTTP app, over a harness, and people who use it."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
from starlette.applications import Starlette

from adapters.http import create_app
from adapters.web import start_web
from adapters.web.channel import WebChannel
from tests.helpers.bot import Harness

LINK = re.compile(r"https?://\S+/web/signin/\S+")


@dataclass
class Web:
    harness: Harness
    channel: WebChannel
    app: Starlette

    @asynccontextmanager
    async def client(self) -> AsyncIterator[httpx.AsyncClient]:
        transport = httpx.ASGITransport(app=self.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


def mount_web(harness: Harness, api_per_minute: int = 60) -> Web:
    channel, routes = start_web(
        harness.core.services, harness.core.dispatcher.handle, api_per_minute=api_per_minute
    )
    harness.core.add_channel(channel)
    return Web(harness, channel, create_app(routes))


async def api_token(harness: Harness, name: str) -> str:
    """The token `/token` gives this person in the terminal channel."""
    reply = await harness.user(name).says("/token")
    return next(word for word in reply.text.split() if word.startswith("nudge_"))


async def sign_in_path(harness: Harness, name: str, command: str = "/web") -> str:
    """The path of the link `/web` (or `/admin`) gives this person."""
    reply = await harness.user(name).says(command)
    found = LINK.search(reply.text)
    assert found is not None, reply.text
    return "/web/signin/" + found.group().rsplit("/web/signin/", 1)[1]
