"""A whole bot on Telegram for tests: the core on SQLite, the real python-telegram-bot
Application, and the fake Bot API, in polling or webhook mode."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from adapters.http import create_app
from adapters.telegram import Options, TelegramBot, start_telegram
from adapters.telegram.app import SECRET_HEADER, WEBHOOK_PATH
from bot.app import Core
from bot.mail.ports import MailSender
from storage.store import SqlAlchemyStore
from tests.fakes.telegram import TOKEN, FakeTelegram
from tests.helpers.bot import build_harness, make_settings
from tests.helpers.clock import FakeClock

SECRET = "s3cret-token_1"
PUBLIC_WEBHOOK = "https://bot.example.org/telegram/webhook"


@dataclass
class World:
    fake: FakeTelegram
    bot: TelegramBot
    core: Core
    store: SqlAlchemyStore
    clock: FakeClock
    http: httpx.AsyncClient | None

    async def send(self, update: dict[str, Any]) -> None:
        """Deliver an update the way the mode does: queued for polling, or POSTed."""
        if self.http is None:
            self.fake.push(update)
            return
        response = await self.post(update)
        assert response.status_code == 200

    async def post(self, update: object, secret: str | None = SECRET) -> httpx.Response:
        assert self.http is not None
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        return await self.http.post(WEBHOOK_PATH, json=update, headers=headers)

    async def replies(self, chat_id: int, count: int) -> list[str]:
        """The texts of the first `count` messages sent to a chat, once they have arrived."""
        await self.fake.wait_for(lambda f: len(f.sent(chat_id)) >= count)
        return [m["text"] for m in self.fake.sent(chat_id)]


@asynccontextmanager
async def telegram_world(
    mode: str,
    store: SqlAlchemyStore,
    clock: FakeClock,
    tmp_path: Path,
    *,
    mail: MailSender | None = None,
    **settings: Any,
) -> AsyncIterator[World]:
    async with FakeTelegram().running() as fake:
        config = make_settings(
            tmp_path,
            telegram_bot_token=TOKEN,
            telegram_api_base_url=fake.api_url,
            **settings,
        )
        core = build_harness(store, config, clock, mail=mail).core
        webhook = PUBLIC_WEBHOOK if mode == "webhook" else ""
        # Conversations, not pacing, are what these tests look at (see test_pacing).
        options = Options(
            webhook_url=webhook, webhook_secret=SECRET, poll_timeout=5, rate_limited=False
        )
        bot = await start_telegram(core, config, options)
        try:
            if mode == "polling":
                yield World(fake, bot, core, store, clock, None)
                return
            transport = httpx.ASGITransport(app=create_app(bot.routes))
            async with httpx.AsyncClient(transport=transport, base_url="http://bot") as http:
                yield World(fake, bot, core, store, clock, http)
        finally:
            await bot.stop()


@dataclass
class Replica:
    """One replica of the bot in webhook mode: its core, its bot, a client for its routes."""

    core: Core
    bot: TelegramBot
    http: httpx.AsyncClient

    async def post(self, update: dict[str, Any]) -> httpx.Response:
        return await self.http.post(WEBHOOK_PATH, json=update, headers={SECRET_HEADER: SECRET})


@asynccontextmanager
async def telegram_replica(
    fake: FakeTelegram, store: SqlAlchemyStore, clock: FakeClock, folder: Path, **options: Any
) -> AsyncIterator[Replica]:
    """A replica on a shared database and fake Bot API, started; stopped afterwards."""
    config = make_settings(folder, telegram_bot_token=TOKEN, telegram_api_base_url=fake.api_url)
    core = build_harness(store, config, clock).core
    webhook = Options(webhook_url=PUBLIC_WEBHOOK, webhook_secret=SECRET, **options)
    bot = await start_telegram(core, config, webhook)
    transport = httpx.ASGITransport(app=create_app(bot.routes))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://bot") as http:
            yield Replica(core, bot, http)
    finally:
        await bot.stop()
