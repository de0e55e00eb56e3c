"""Sending to Telegram: the core's `Channel` port over python-telegram-bot's `Bot`."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable
from typing import TypeVar

import structlog
from telegram import Bot, InputFile, Message
from telegram.error import (
    BadRequest,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from adapters.pacing import patience
from adapters.telegram.convert import CHANNEL, MAX_TEXT, render, split_text
from adapters.telegram.pacing import flood_seconds
from bot import metrics
from bot.messages import Attachment, Reply, Target
from bot.ports import SlowDown, Unreachable

log = structlog.get_logger(__name__)

T = TypeVar("T")

_NOT_MODIFIED = "message is not modified"
# Bot API errors by the status the API answered with; no status for a network failure.
_CODES: tuple[tuple[type[TelegramError], str], ...] = (
    (BadRequest, "400"),
    (InvalidToken, "401"),
    (Forbidden, "403"),
    (RetryAfter, "429"),
    (TimedOut, "timeout"),
    (NetworkError, "network"),
)


def count_error(error: TelegramError) -> None:
    code = next((code for kind, code in _CODES if isinstance(error, kind)), type(error).__name__)
    metrics.PLATFORM_ERRORS.labels(CHANNEL, code).inc()


class TelegramChannel:
    """Sends replies as plain text (no parse mode), so `<b>`, `_` or `*` show literally.

    Pacing and flood control (429) are waited out, up to `max_wait` seconds at a time; a
    longer wait raises `SlowDown`, so a delivery is given back instead of holding up the
    others, or outliving its lease.
    """

    name = CHANNEL

    def __init__(self, bot: Bot, *, retries: int = 3, max_wait: float = math.inf) -> None:
        self.bot = bot
        self.retries = retries
        self.max_wait = max_wait

    async def send(self, target: Target, reply: Reply) -> str | None:
        """Send, or edit when `reply.edit` is set; returns the id of the (last) message."""
        with patience(self.max_wait):
            return await self._send_or_edit(int(target.chat_id), reply)

    async def _send_or_edit(self, chat_id: int, reply: Reply) -> str | None:
        try:
            if reply.edit is not None and await self._edit(chat_id, int(reply.edit), reply):
                sent = reply.edit
            else:
                sent = await self._send(chat_id, reply)
            for attachment in reply.files:
                await self._send_file(chat_id, attachment)
            return sent
        except Forbidden as gone:
            count_error(gone)
            raise Unreachable(str(gone)) from gone
        except TelegramError as error:
            if not isinstance(error, RetryAfter):  # counted as it was waited out
                count_error(error)
            raise

    async def _send_file(self, chat_id: int, attachment: Attachment) -> None:
        await self._retrying(
            lambda: self.bot.send_document(
                chat_id, InputFile(attachment.data, filename=attachment.name)
            )
        )

    async def _send(self, chat_id: int, reply: Reply) -> str:
        parts = split_text(reply.text)
        message: Message | None = None
        for i, part in enumerate(parts):
            markup = render(reply) if i == len(parts) - 1 else None
            message = await self._retrying(
                lambda part=part, markup=markup: self.bot.send_message(  # type: ignore[misc]
                    chat_id, part, reply_markup=markup
                )
            )
        assert message is not None
        return str(message.message_id)

    async def _edit(self, chat_id: int, message_id: int, reply: Reply) -> bool:
        """Replace a message's text and buttons; False if it can no longer be edited."""
        text = reply.text if len(reply.text) <= MAX_TEXT else reply.text[: MAX_TEXT - 1] + "…"
        try:
            await self._retrying(
                lambda: self.bot.edit_message_text(
                    text or "…", chat_id, message_id, reply_markup=render(reply)
                )
            )
        except BadRequest as error:
            if _NOT_MODIFIED in str(error).lower():
                return True
            log.info("telegram_edit_failed", chat_id=chat_id, error=str(error))
            return False
        return True

    async def typing(self, chat_id: int) -> None:
        await self.bot.send_chat_action(chat_id, "typing")

    async def _retrying(self, call: Callable[[], Awaitable[T]]) -> T:
        """Wait out flood control (429) when the rate limiter's own retries are spent."""
        for _ in range(self.retries):
            try:
                return await call()
            except RetryAfter as flood:
                count_error(flood)
                seconds = flood_seconds(flood)
                if seconds > self.max_wait:
                    raise SlowDown(seconds) from flood
                log.info("telegram_flood_wait", seconds=seconds)
                await asyncio.sleep(seconds)
        return await call()
