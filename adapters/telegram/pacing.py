"""Telegram's limits on every Bot API request python-telegram-bot makes for us.

About 30 messages a second per bot, one a second per private chat and 20 a minute per group.
The limits are shared through a `Pace` (Redis for several replicas), so replicas together
keep them; python-telegram-bot's own limiter keeps them per process only, and lets a burst
through at twice the pace.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from adapters.pacing import Busy, Limit, Pacer

PRIVATE_CHAT_INTERVAL = 1.0
GROUP_INTERVAL = 60 / 20
# The bot's pace keeps a tenth under its limit, so jitter on the way never tips a second over.
HEADROOM = 0.9
JSONDict = dict[str, Any]
Result = bool | JSONDict | list[JSONDict]


def flood_seconds(flood: RetryAfter) -> float:
    wait = flood.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


class TelegramPacing(BaseRateLimiter[None]):
    def __init__(self, pacer: Pacer, token: str, sends_per_second: float) -> None:
        self.pacer = pacer
        # The bot's id: replicas of one bot share its limits, other bots have their own.
        self._bot = token.split(":", 1)[0]
        self._interval = 1 / (sends_per_second * HEADROOM)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        await self.pacer.close()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> Result:
        limits = self.limits(endpoint, data)
        if not limits:
            return await callback(*args, **kwargs)
        try:
            async with self.pacer.turn(limits):
                return await callback(*args, **kwargs)
        except Busy as busy:
            raise RetryAfter(math.ceil(busy.seconds)) from busy
        except RetryAfter as flood:
            await self.pacer.hold(limits[0].key, flood_seconds(flood))
            raise

    def limits(self, endpoint: str, data: dict[str, Any]) -> list[Limit]:
        """A chat's limit then the bot's, for what is sent to a chat; none for the rest.

        A chat action ("typing…") is no message and is not counted.
        """
        chat_id = data.get("chat_id")
        if chat_id is None or endpoint == "sendChatAction":
            return []
        try:
            private = int(chat_id) > 0
        except (TypeError, ValueError):
            private = False  # a channel's @name
        interval = PRIVATE_CHAT_INTERVAL if private else GROUP_INTERVAL
        return [
            Limit(f"telegram:{self._bot}:chat:{chat_id}", interval, after_finish=True),
            Limit(f"telegram:{self._bot}:all", self._interval),
        ]
