"""Sending to Slack through the Web API: DMs, channel posts, edits, and rate limits."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

from adapters.recent import Recent
from adapters.slack.convert import CHANNEL, message
from bot import metrics
from bot.messages import Reply, Target
from bot.ports import Unreachable

# Slack's answers that mean this person or conversation can no longer be reached.
UNREACHABLE_ERRORS = frozenset(
    {
        "account_inactive",
        "user_not_found",
        "users_not_found",
        "user_disabled",
        "channel_not_found",
        "is_archived",
        "not_in_channel",
        "cannot_dm_bot",
    }
)
_DM_CACHE = 10_000

Sleep = Callable[[float], Awaitable[None]]


class RateLimitRetry(AsyncRateLimitErrorRetryHandler):
    """slack-sdk's 429 handler, waiting exactly `Retry-After` through an injectable sleep."""

    def __init__(self, max_retry_count: int = 3, sleep: Sleep = asyncio.sleep) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self._sleep = sleep

    async def prepare_for_next_attempt_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        if response is None:
            raise error or RuntimeError("rate limit retry without a response")
        state.next_attempt_requested = True
        headers = {k.lower(): v for k, v in response.headers.items()}
        wait = headers.get("retry-after", ["1"])
        await self._sleep(float(wait[0] if isinstance(wait, list) else wait))
        state.increment_current_attempt()


def web_client(token: str, base_url: str, *, sleep: Sleep = asyncio.sleep) -> AsyncWebClient:
    """The Web API client every Slack call goes through, honouring 429 `Retry-After`."""
    return AsyncWebClient(
        token=token, base_url=base_url, retry_handlers=[RateLimitRetry(sleep=sleep)]
    )


class SlackChannel:
    """The core's `Channel` for Slack: a user id gets a DM, a conversation id a post."""

    name = CHANNEL

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client
        self._dms: Recent[str, str] = Recent(_DM_CACHE)

    async def send(self, target: Target, reply: Reply) -> str | None:
        try:
            conversation = await self.conversation(target.chat_id)
            if reply.edit:
                return await self.update(conversation, reply.edit, reply)
            return await self.post(conversation, reply)
        except SlackApiError as failure:
            error = str(failure.response.get("error", ""))
            code = error or str(failure.response.status_code)
            metrics.PLATFORM_ERRORS.labels(CHANNEL, code).inc()
            if error in UNREACHABLE_ERRORS:
                raise Unreachable(error) from failure
            raise

    async def conversation(self, chat_id: str) -> str:
        """The conversation to post in: a person's DM (opened once), or the id itself."""
        if not chat_id.startswith(("U", "W")):
            return chat_id
        known = self._dms.get(chat_id)
        if known is not None:
            return known
        opened = await self.client.conversations_open(users=chat_id)
        channel = str(opened["channel"]["id"])
        self._dms.put(chat_id, channel)
        return channel

    async def post(self, conversation: str, reply: Reply, thread_ts: str | None = None) -> str:
        extra: dict[str, Any] = {"thread_ts": thread_ts} if thread_ts else {}
        sent = await self.client.chat_postMessage(channel=conversation, **message(reply), **extra)
        return str(sent["ts"])

    async def update(self, conversation: str, ts: str, reply: Reply) -> str:
        await self.client.chat_update(channel=conversation, ts=ts, **message(reply))
        return ts

    async def whisper(self, conversation: str, user: str, reply: Reply) -> None:
        """A message only `user` sees, in a conversation others share."""
        await self.client.chat_postEphemeral(channel=conversation, user=user, **message(reply))
