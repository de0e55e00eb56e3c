"""What the API and the pages share: reading a request body, sessions, listing items, talking."""

from __future__ import annotations

import json
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from adapters.web.channel import CHANNEL, KEPT_MESSAGES, Entry, WebChannel
from adapters.web.sessions import COOKIE, Sessions
from bot.context import Services
from bot.messages import Incoming, Reply
from bot.models import User

# A chat message is at most a few thousand characters; anything far larger is not one.
MAX_BODY_BYTES = 16_384
KINDS = ("tasks", "reminders", "notes", "events")


class BadRequest(Exception):
    """A request refused with `status` and a one-line reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason

    def response(self) -> JSONResponse:
        return JSONResponse({"error": self.reason}, status_code=self.status)


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The request's body, refused (413) as soon as it is known to be over `limit` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BadRequest(413, f"the body is over {limit} bytes")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise BadRequest(413, f"the body is over {limit} bytes")
    return body


async def read_json(request: Request) -> dict[str, Any]:
    """The request's JSON object; BadRequest (400, 413) for anything else."""
    body = await read_body(request)
    try:
        data = json.loads(body)
    except ValueError:
        raise BadRequest(400, "the body is not JSON") from None
    if not isinstance(data, dict):
        raise BadRequest(400, "the body is not a JSON object")
    return data


def text_field(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str):
        raise BadRequest(400, f'"{name}" must be a string')
    return value


def _when(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat()


@dataclass(frozen=True, slots=True)
class Visitor:
    """A browser with a live session: the person, their web identity and the session cookie."""

    user: User
    external_id: str
    cookie: str


@dataclass
class WebCore:
    """The core as the web sees it: the services, the dispatcher and the web channel."""

    services: Services
    handle: Callable[[Incoming], Awaitable[Reply]]
    channel: WebChannel
    sessions: Sessions = field(init=False)

    def __post_init__(self) -> None:
        self.sessions = Sessions(self.services.settings.secret)

    async def visitor(self, request: Request) -> Visitor | None:
        """Who the request's session cookie signs in; None without a live one."""
        cookie = request.cookies.get(COOKIE, "")
        external_id = self.sessions.open(cookie, self.services.clock.now())
        if external_id is None:
            return None
        user = await self.services.store.web.by_web_identity(external_id)
        return None if user is None else Visitor(user, external_id, cookie)

    def csrf_ok(self, visitor: Visitor, token: str) -> bool:
        """The one CSRF check of every POST from a page: the token bound to this session."""
        return self.sessions.csrf_ok(visitor.cookie, token)

    async def identity(self, user: User) -> str:
        """The person's web identity, made on their first visit."""
        return await self.services.store.web.web_identity(user.id, secrets.token_hex(8))

    async def history(self, visitor: Visitor) -> list[Entry]:
        """The last messages of this person's web chat, from the message log."""
        chat_id = f"{CHANNEL}:{visitor.external_id}"
        logged = await self.services.store.messages.recent(visitor.user.id, chat_id, KEPT_MESSAGES)
        return self.channel.history(chat_id, logged)

    async def talk(
        self,
        user: User,
        external_id: str,
        *,
        text: str | None = None,
        payload: str | None = None,
        message_id: str | None = None,
    ) -> list[Entry]:
        """Hand a message or a press to the dispatcher; the messages the reply shows."""
        chat_id = f"{CHANNEL}:{external_id}"
        if text is not None:
            self.channel.said(chat_id, text)
        reply = await self.handle(
            Incoming(
                CHANNEL,
                external_id,
                chat_id,
                text=text or "",
                display_name=user.display_name,
                callback=payload,
                message_id=message_id,
            )
        )
        return self.channel.show(chat_id, reply)

    async def press(self, user: User, external_id: str, data: dict[str, Any]) -> list[Entry]:
        """Press the button `data["payload"]`, on the message `data["message"]` if named.

        A payload not signed for this person is refused (403) before it reaches the bot.
        """
        payload = text_field(data, "payload")
        message = data.get("message")
        signer = self.services.signer
        if (
            signer.verify(user.id, payload) is None
            and signer.verify_shared(f"{CHANNEL}:{external_id}", payload) is None
        ):
            raise BadRequest(403, "that button is not yours, or it was changed")
        return await self.talk(
            user,
            external_id,
            payload=payload,
            message_id=message if isinstance(message, str) else None,
        )

    async def items(self, user: User, kind: str) -> list[dict[str, Any]]:
        """The person's open items of one kind, as JSON."""
        store = self.services.store
        if kind == "tasks":
            return [
                {"number": t.number, "text": t.text, "due_at": _when(t.due_at), "rrule": t.rrule}
                for t in await store.tasks.list_open(user.id)
            ]
        if kind == "reminders":
            return [
                {"number": r.number, "text": r.text, "due_at": _when(r.due_at), "rrule": r.rrule}
                for r in await store.reminders.list_active(user.id)
            ]
        if kind == "notes":
            return [
                {"number": n.number, "title": n.title, "body": n.body}
                for n in await store.notes.list(user.id)
            ]
        if kind == "events":
            return [
                {
                    "number": e.number,
                    "title": e.title,
                    "start_at": _when(e.start_at),
                    "end_at": _when(e.end_at),
                    "place": e.place,
                    "rrule": e.rrule,
                }
                for e in await store.events.upcoming(user.id, self.services.clock.now())
            ]
        raise BadRequest(400, f"kind must be one of: {', '.join(KINDS)}")
