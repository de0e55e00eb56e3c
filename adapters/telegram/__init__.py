"""Telegram: private chats and groups on python-telegram-bot, by polling or webhook."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from adapters.inbox import InboxWorker
from adapters.openai_models import OpenAITranscriber
from adapters.pacing import pace_for
from adapters.telegram.app import Options, TelegramBot, build_application
from adapters.telegram.channel import TelegramChannel
from adapters.telegram.convert import CHANNEL
from bot.handlers.calendar import receive_file

if TYPE_CHECKING:
    from bot.app import Core
    from bot.config import Settings

__all__ = ["Options", "TelegramBot", "TelegramChannel", "create_telegram", "start_telegram"]


def create_telegram(core: Core, settings: Settings, options: Options | None = None) -> TelegramBot:
    """The Telegram bot for this core, configured from the settings; not yet started."""
    options = options or Options(
        webhook_url=settings.telegram_webhook_url,
        webhook_secret=settings.telegram_webhook_secret,
        sends_per_second=settings.telegram_sends_per_second,
    )
    transcriber = (
        OpenAITranscriber(
            "whisper-1", api_key=settings.openai_api_key, base_url=settings.openai_base_url
        )
        if settings.openai_api_key
        else None
    )
    application = build_application(
        settings.telegram_bot_token,
        settings.telegram_api_base_url,
        options,
        pace_for(settings.redis_url),
    )
    return TelegramBot(
        application,
        core.dispatcher.handle,
        core.dispatcher.registry.commands.values(),
        options,
        transcriber,
        learn=partial(receive_file, core.services),
        kept=InboxWorker(core.services.store.inbox, CHANNEL, core.services.clock),
    )


async def start_telegram(
    core: Core, settings: Settings, options: Options | None = None
) -> TelegramBot:
    """Create the bot, add its channel to the core and start it (polling, or the webhook).

    In webhook mode mount `bot.routes` on the HTTP app; call `bot.stop()` at shutdown.
    """
    bot = create_telegram(core, settings, options)
    core.add_channel(bot.channel)
    await bot.start()
    return bot
