"""The Slack app: Bolt receives and verifies, the core answers, the Web API delivers.

Every listener acknowledges at once and leaves the work to a background task, so Slack's
3-second deadline holds however slow an answer is. With `process_before_response` the HTTP
response goes out as soon as the listener returns, instead of Bolt's polled ack path.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import replace
from typing import Any

import structlog
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.adapter.socket_mode.async_internals import send_async_response
from slack_bolt.adapter.socket_mode.internals import build_headers
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import (
    AsyncAck,
    AsyncApp,
    AsyncBoltContext,
    AsyncBoltRequest,
    AsyncRespond,
)
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.async_client import AsyncBaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from adapters.inbox import InboxWorker
from adapters.pacing import Pacer
from adapters.recent import Recent
from adapters.refusals import Refusals
from adapters.slack.channel import SlackChannel
from adapters.slack.convert import (
    ACTION_PREFIX,
    CHANNEL,
    Payload,
    command_to_incoming,
    event_to_incoming,
    is_person_speaking,
    message,
    press_to_incoming,
    shared_files,
)
from adapters.slack.files import FileRefused, SlackFiles
from adapters.slack.keys import envelope_key, inbox_key
from adapters.slack.signing import unreadable, unsigned
from bot.context import Services
from bot.handlers.calendar import receive_file
from bot.messages import ChatType, Incoming, Reply
from bot.models import InboxItem
from bot.onboarding import adopt_timezone

log = structlog.get_logger(__name__)

ROUTE = "/slack/events"
# Where a request's inbox key rides in Bolt's context, from the route to the listener.
INBOX_KEY = "nudge_inbox_key"
_REMEMBERED = 10_000
# Answers worked on together; more would only queue inside the database and slow the acks.
ANSWERS_AT_ONCE = 16

Handle = Callable[[Incoming], Awaitable[Reply]]


class SlackAdapter:
    def __init__(
        self,
        handle: Handle,
        services: Services,
        client: AsyncWebClient,
        signing_secret: str,
        *,
        answers_at_once: int = ANSWERS_AT_ONCE,
        refusals: Refusals | None = None,
        pacer: Pacer | None = None,
    ) -> None:
        self._handle = handle
        self._signing_secret = signing_secret
        self._refusals = refusals or Refusals()
        self._services = services
        self.client = client
        self.channel = SlackChannel(client, pacer)
        self.files = SlackFiles(client)
        self.app = AsyncApp(
            name="nudge",
            client=client,
            signing_secret=signing_secret,
            process_before_response=True,
            # `_receive` checks every request first; Bolt's own check would log each body.
            request_verification_enabled=False,
        )
        self._bolt = AsyncSlackRequestHandler(self.app)
        self._people: Recent[str, str] = Recent(_REMEMBERED)
        self._tasks: set[asyncio.Task[None]] = set()
        # Inbox keys of the work scheduled in the background and not yet done.
        self._working: set[str] = set()
        self.kept = InboxWorker(services.store.inbox, CHANNEL, services.clock)
        self._latest: dict[str, asyncio.Task[None]] = {}
        self._answering = asyncio.Semaphore(answers_at_once)
        self._socket: AsyncSocketModeHandler | None = None
        self._register()

    @property
    def routes(self) -> list[BaseRoute]:
        """`POST /slack/events` (commands, events, interactivity); none in Socket Mode."""
        if self._socket is not None:
            return []
        return [Route(ROUTE, self._receive, methods=["POST"])]

    async def _receive(self, request: Request) -> Response:
        """Slack's POST: refused with a 4xx unless signed and readable, else Bolt's."""
        body = await request.body()
        reason = unsigned(self._signing_secret, body, request.headers, time.time())
        if reason is not None:
            return self._refusals.refuse(ROUTE, reason, 401)
        content_type = request.headers.get("content-type")
        reason = unreadable(body, content_type)
        if reason is not None:
            return self._refusals.refuse(ROUTE, reason, 400)
        key = inbox_key(body, content_type)
        if key is None:
            return await self._bolt.handle(request)
        kept = await self._keep(key, body.decode("utf-8"), content_type)
        if kept is None:
            return Response("try again later", status_code=503, media_type="text/plain")
        if not kept:
            return Response()  # a retry, or another replica has it
        answer = await self._bolt.handle(request, {INBOX_KEY: key})
        if await self._handed_over(key, answer.status_code):
            return Response()
        return answer

    async def _keep(self, key: str, body: str, content_type: str | None) -> bool | None:
        """Keep work in the inbox before it is acknowledged: False if it was kept already.

        None if it could not be kept: then it is not acknowledged either, and Slack sends an
        event again (a command says it failed).
        """
        payload = json.dumps({"body": body, "content_type": content_type})
        try:
            return await self.kept.accept(key, payload)
        except Exception:
            log.exception("slack_update_not_kept")
            return None

    async def _handed_over(self, key: str, status: int) -> bool:
        """After Bolt's dispatch: True if it failed, and the inbox tries again instead of Slack.

        Slack's own retry would be dropped as a duplicate.
        """
        if status >= 500:
            await self.kept.give_back(key)
            return True
        self._unless_working(key)
        return False

    def start(self) -> None:
        """Take over work another process acknowledged and never finished."""
        self.kept.start(self._replay)

    async def _replay(self, item: InboxItem) -> None:
        kept = json.loads(item.payload)
        request = AsyncBoltRequest(
            body=kept["body"],
            headers={"content-type": kept["content_type"] or ""},
            context={INBOX_KEY: item.key},
        )
        await self.app.async_dispatch(request)
        self._unless_working(item.key)

    def _unless_working(self, key: str) -> None:
        """Work no listener took up (an event the bot ignores) is finished at once."""
        if key not in self._working:
            self._background(self.kept.finish(key))

    def _background(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def connect_socket_mode(self, app_token: str) -> None:
        """Receive over Slack's WebSocket instead of HTTP: no public URL needed."""
        self._socket = AsyncSocketModeHandler(self.app, app_token)
        # Envelopes go through the inbox, as HTTP requests do, instead of straight to Bolt.
        self._socket.client.socket_mode_request_listeners[:] = [self._on_envelope]
        await self._socket.connect_async()  # type: ignore[no-untyped-call]

    async def _on_envelope(self, client: AsyncBaseSocketModeClient, req: SocketModeRequest) -> None:
        """Socket Mode's `_receive`: the work is kept before its envelope is acknowledged.

        Slack sends an unacknowledged envelope again, possibly to another replica's
        connection; the inbox key drops it there, whichever replica kept it first.
        """
        started = time.time()
        key = envelope_key(req.payload)
        context: dict[str, str] = {}
        if key is not None:
            kept = await self._keep(key, json.dumps(req.payload), "application/json")
            if kept is None:
                return
            if not kept:
                await client.send_socket_mode_response(SocketModeResponse(req.envelope_id))
                return
            context[INBOX_KEY] = key
        request = AsyncBoltRequest(
            body=req.payload, headers=build_headers(req), context=context, mode="socket_mode"
        )
        answer = await self.app.async_dispatch(request)
        if key is not None and await self._handed_over(key, answer.status):
            answer = BoltResponse(status=200)
        await send_async_response(client, req, answer, started)

    async def stop(self) -> None:
        """Stop receiving (Socket Mode), then finish every answer already acknowledged."""
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[no-untyped-call]
        await self.drain()
        await self.kept.stop()
        if self.channel.pacer is not None:
            await self.channel.pacer.close()

    async def drain(self) -> None:
        """Wait until every answer already acknowledged has been sent."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    def _register(self) -> None:
        self.app.command(re.compile(r"^/"))(self._on_command)
        self.app.event("message")(self._on_message)
        self.app.event("app_mention")(self._on_mention)
        self.app.action(re.compile(f"^{re.escape(ACTION_PREFIX)}"))(self._on_press)

    def _later(
        self, order: str, work: Coroutine[Any, Any, None], context: AsyncBoltContext
    ) -> None:
        """Answer in the background, in the order each person (or card's conversation) wrote."""
        found = context.get(INBOX_KEY)
        key = found if isinstance(found, str) else None
        if key is not None:
            self._working.add(key)
        task = asyncio.create_task(self._answer(work, self._latest.get(order), key))
        self._latest[order] = task
        self._tasks.add(task)
        task.add_done_callback(lambda done: self._finished(order, done))

    async def _answer(
        self, work: Coroutine[Any, Any, None], after: asyncio.Task[None] | None, key: str | None
    ) -> None:
        """Run one answer after the sender's previous one, with a bounded number at once.

        The request was acknowledged already, so a failure is logged, not raised; either
        way its inbox row is finished.
        """
        try:
            if after is not None:
                await asyncio.wait([after])
            async with self._answering:
                await work
        except Exception:
            log.exception("slack_answer_failed")
        finally:
            if key is not None:
                self._working.discard(key)
                await self.kept.finish(key)

    def _finished(self, user: str, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if self._latest.get(user) is task:
            del self._latest[user]

    # Listeners: acknowledge, then answer in the background.

    async def _on_command(
        self, ack: AsyncAck, body: Payload, respond: AsyncRespond, context: AsyncBoltContext
    ) -> None:
        await ack()
        self._later(str(body.get("user_id")), self._answer_command(body, respond), context)

    async def _on_message(self, ack: AsyncAck, body: Payload, context: AsyncBoltContext) -> None:
        await ack()
        event = body.get("event") or {}
        if event.get("channel_type") == "im":
            self._heard(event, context)

    async def _on_mention(self, ack: AsyncAck, body: Payload, context: AsyncBoltContext) -> None:
        await ack()
        self._heard(body.get("event") or {}, context)

    def _heard(self, event: Payload, context: AsyncBoltContext) -> None:
        """A DM or a mention: files shared with it are learned, words are answered."""
        files = shared_files(event)
        me = context.bot_user_id
        user = str(event.get("user"))
        if files:
            self._later(user, self._learn_files(event, files, me), context)
        elif is_person_speaking(event):
            self._later(user, self._answer_event(event, me), context)

    async def _on_press(
        self,
        ack: AsyncAck,
        body: Payload,
        action: Payload,
        respond: AsyncRespond,
        context: AsyncBoltContext,
    ) -> None:
        await ack()
        # Presses on one card are answered in order, so its last edit shows the latest tally.
        container = body.get("container") or {}
        order = str(container.get("channel_id") or (body.get("user") or {}).get("id"))
        self._later(order, self._answer_press(body, action, respond), context)

    # Answers.

    async def _answer_command(self, body: Payload, respond: AsyncRespond) -> None:
        msg = await self._introduce(command_to_incoming(body))
        reply = await self._handle(msg)
        if reply.silent:
            return
        # Only a channel's card (an event with RSVP) is posted for all; a refusal stays private.
        public = msg.chat_type is ChatType.GROUP and bool(reply.buttons)
        if public:
            try:
                # Posted by the bot itself, so each press can edit it with chat.update.
                await self.channel.post(msg.chat_id, reply)
                return
            except SlackApiError:
                pass  # not a member of that channel: the command's response_url still reaches it
        await respond(
            response_type="in_channel" if public else "ephemeral",
            replace_original=False,
            **message(reply),
        )
        await self._send_files(msg, reply)

    async def _answer_event(self, event: Payload, bot_user_id: str | None) -> None:
        msg = await self._introduce(event_to_incoming(event, bot_user_id, ""))
        reply = await self._handle(msg)
        if reply.silent:
            return
        await self.channel.post(str(event.get("channel")), reply, event.get("thread_ts"))

    async def _learn_files(
        self, event: Payload, files: list[Payload], bot_user_id: str | None
    ) -> None:
        msg = await self._introduce(event_to_incoming(event, bot_user_id, ""))
        answers = []
        for shared in files:
            try:
                name, data = await self.files.fetch(shared)
            except FileRefused as refused:
                name = str(shared.get("name") or "that file")
                answers.append(f"I couldn't learn from {name}: {refused}")
                continue
            kind = str(shared.get("mimetype") or "")
            answers.append((await receive_file(self._services, msg, name, data, kind)).text)
        reply = Reply("\n".join(answers))
        await self.channel.post(str(event.get("channel")), reply, event.get("thread_ts"))

    async def _answer_press(self, body: Payload, action: Payload, respond: AsyncRespond) -> None:
        msg = await self._introduce(press_to_incoming(body, action, ""))
        reply = await self._handle(msg)
        if reply.silent:
            return
        container = body.get("container") or {}
        conversation = str(container.get("channel_id", ""))
        if reply.edit is None:
            await self.channel.whisper(conversation, msg.user_id, reply)
        elif container.get("is_ephemeral"):
            await respond(replace_original=True, **message(reply))
        else:
            await self.channel.update(conversation, reply.edit, reply)
        if reply.follow_up:
            await self.channel.post(conversation, Reply(reply.follow_up))
        await self._send_files(msg, reply)

    async def _send_files(self, msg: Incoming, reply: Reply) -> None:
        """A command's or a press's files, which are the person's own: to their DM."""
        if reply.files:
            await self.channel.upload(await self.channel.conversation(msg.user_id), reply.files)

    async def _introduce(self, msg: Incoming) -> Incoming:
        """On first sight of a person: their name and, unless they chose one, their time zone.

        Their identity is recorded with their own id as its chat even when they first speak
        in a channel: the bot can always open a DM, so their own alerts reach them there.
        """
        name = self._people.get(msg.user_id)
        if name is None:
            name, zone = await self._profile(msg.user_id)
            own = replace(
                msg,
                chat_id=msg.user_id,
                chat_type=ChatType.PRIVATE,
                display_name=msg.display_name or name,
            )
            settings = self._services.settings
            user = await self._services.store.users.resolve(
                own.channel, own.user_id, own.chat_id, own.display_name, settings.bot_timezone
            )
            if zone:
                await adopt_timezone(self._services, user, zone)
            self._people.put(msg.user_id, name)
        return msg if msg.display_name else replace(msg, display_name=name)

    async def _profile(self, user_id: str) -> tuple[str, str]:
        try:
            found = await self.client.users_info(user=user_id)
        except SlackApiError as failure:
            log.warning("slack_users_info_failed", error=str(failure.response.get("error")))
            return "", ""
        user = found.get("user") or {}
        profile = user.get("profile") or {}
        name = profile.get("display_name") or user.get("real_name") or user.get("name") or ""
        return str(name), str(user.get("tz") or "")
