"""Sending to Slack through the Web API: DMs, channel posts, edits, and rate limits."""

from __future__ import annotations

import asyncio
import hashlib
import math
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

from adapters.pacing import Busy, Limit, Pacer, patience
from adapters.recent import Recent
from adapters.slack.convert import CHANNEL, message
from bot import metrics
from bot.messages import Attachment, Reply, Target
from bot.ports import SlowDown, Unreachable

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
# A delivery waits no more than a moment: a busy conversation or a 429 gives it back.
DELIVERY_MAX_WAIT = 0.2
# Slack allows about one message a second in a conversation.
CONVERSATION_INTERVAL = 1.0

Sleep = Callable[[float], Awaitable[None]]
# How long a 429 may be waited out inside the current call: a delivery hardly (`send`).
_retry_patience: ContextVar[float] = ContextVar("slack_patience", default=math.inf)


def retry_after(headers: Mapping[str, Any]) -> float:
    """Slack's `Retry-After`, in seconds (1 when it is missing)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    wait = lowered.get("retry-after", ["1"])
    return float(wait[0] if isinstance(wait, list) else wait)


class RateLimitRetry(AsyncRateLimitErrorRetryHandler):
    """slack-sdk's 429 handler, waiting exactly `Retry-After` through an injectable sleep.

    A wait longer than the call's patience is not waited: the call fails with the 429.
    """

    def __init__(self, max_retry_count: int = 3, sleep: Sleep = asyncio.sleep) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self._sleep = sleep

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        return retry_after(response.headers) <= _retry_patience.get()

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
        await self._sleep(retry_after(response.headers))
        state.increment_current_attempt()


def web_client(token: str, base_url: str, *, sleep: Sleep = asyncio.sleep) -> AsyncWebClient:
    """The Web API client every Slack call goes through, honouring 429 `Retry-After`."""
    return AsyncWebClient(
        token=token, base_url=base_url, retry_handlers=[RateLimitRetry(sleep=sleep)]
    )


class SlackChannel:
    """The core's `Channel` for Slack: a user id gets a DM, a conversation id a post.

    With a `pacer`, posts and edits keep Slack's pace per conversation across replicas.
    """

    name = CHANNEL

    def __init__(
        self,
        client: AsyncWebClient,
        pacer: Pacer | None = None,
        *,
        max_wait: float = DELIVERY_MAX_WAIT,
    ) -> None:
        self.client = client
        self.pacer = pacer
        self.max_wait = max_wait
        self._dms: Recent[str, str] = Recent(_DM_CACHE)
        # Replicas of one app share its limits; other apps have their own.
        self._app = hashlib.sha256((client.token or "").encode()).hexdigest()[:12]

    async def send(self, target: Target, reply: Reply) -> str | None:
        """Deliver; a wait longer than `max_wait` (pace or 429) raises `SlowDown`."""
        retries = _retry_patience.set(self.max_wait)
        try:
            conversation = await self.conversation(target.chat_id)
            with patience(self.max_wait):
                if reply.edit:
                    edited = await self.update(conversation, reply.edit, reply)
                    await self.upload(conversation, reply.files)
                    return edited
                return await self.post(conversation, reply)
        except Busy as busy:
            raise SlowDown(busy.seconds) from busy
        except SlackApiError as failure:
            error = str(failure.response.get("error", ""))
            code = error or str(failure.response.status_code)
            metrics.PLATFORM_ERRORS.labels(CHANNEL, code).inc()
            if error in UNREACHABLE_ERRORS:
                raise Unreachable(error) from failure
            if failure.response.status_code == 429:
                raise SlowDown(retry_after(failure.response.headers)) from failure
            raise
        finally:
            _retry_patience.reset(retries)

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
        async with self._turn(conversation):
            sent = await self.client.chat_postMessage(
                channel=conversation, **message(reply), **extra
            )
        await self.upload(conversation, reply.files, thread_ts)
        return str(sent["ts"])

    async def upload(
        self, conversation: str, files: Sequence[Attachment], thread_ts: str | None = None
    ) -> None:
        """Share files in a conversation (Slack's external upload: URL, bytes, complete)."""
        for attachment in files:
            await self.client.files_upload_v2(
                channel=conversation,
                file=attachment.data,
                filename=attachment.name,
                title=attachment.name,
                thread_ts=thread_ts,
            )

    async def update(self, conversation: str, ts: str, reply: Reply) -> str:
        async with self._turn(conversation):
            await self.client.chat_update(channel=conversation, ts=ts, **message(reply))
        return ts

    @asynccontextmanager
    async def _turn(self, conversation: str) -> AsyncIterator[None]:
        """Wait for the conversation's next moment; a 429 holds it for every replica."""
        if self.pacer is None:
            yield
            return
        key = f"slack:{self._app}:{conversation}"
        try:
            async with self.pacer.turn([Limit(key, CONVERSATION_INTERVAL, after_finish=True)]):
                yield
        except SlackApiError as failure:
            if failure.response.status_code == 429:
                await self.pacer.hold(key, retry_after(failure.response.headers))
            raise

    async def whisper(self, conversation: str, user: str, reply: Reply) -> None:
        """A message only `user` sees, in a conversation others share."""
        await self.client.chat_postEphemeral(channel=conversation, user=user, **message(reply))
