"""A fake Telegram Bot API (and a fake transcription endpoint) over HTTP on 127.0.0.1.

It speaks the real protocol closely enough for python-telegram-bot: the methods the adapter
calls, parameter checks like the real API's (text length, callback_data size, parse entities),
429 and 403 answers on demand, and a record of every call. Tests build updates with it and
either queue them for getUpdates or POST them to the bot's webhook.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import re
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.serving import serving

TOKEN = "123456:TEST-token"
BOT = {"id": 123456, "is_bot": True, "first_name": "Nudge", "username": "nudge_test_bot"}
_STRINGS = {"text", "callback_query_id", "url", "secret_token", "action", "file_id", "parse_mode"}
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
MAX_DOWNLOAD = 20 * 1024 * 1024  # what the Bot API serves bots
_HTML_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.perf_counter)
    code: int = 200  # what the API answered: 200, or the error's code

    @property
    def ok(self) -> bool:
        return self.code == 200


@dataclass(frozen=True)
class User:
    id: int
    first_name: str
    username: str = ""

    def json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        return data


@dataclass(frozen=True)
class Group:
    id: int
    title: str = "Team"

    def json(self) -> dict[str, Any]:
        return {"id": self.id, "type": "supergroup", "title": self.title}


class ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after


@dataclass
class FakeTelegram:
    calls: list[Call] = field(default_factory=list)
    messages: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    blocked: set[int] = field(default_factory=set)
    files: dict[str, bytes] = field(default_factory=dict)
    webhook: dict[str, Any] = field(default_factory=dict)
    commands: list[dict[str, Any]] = field(default_factory=list)
    base_url: str = ""
    token: str = TOKEN  # the one token the fake accepts
    wait_limit: float = 10.0  # seconds to wait for the bot before failing
    delivered: Counter[int] = field(default_factory=Counter)  # sendMessage calls per chat
    _queue: list[dict[str, Any]] = field(default_factory=list)
    _failures: dict[str, list[ApiError]] = field(default_factory=dict)
    _floods: dict[int, float] = field(default_factory=dict)  # chat: seconds of its next 429
    _flooded: dict[int, float] = field(default_factory=dict)  # chat: when its 429 ends
    _callbacks: set[str] = field(default_factory=set)
    _arrived: asyncio.Event = field(default_factory=asyncio.Event)
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    # --- running ---------------------------------------------------------------------------

    @asynccontextmanager
    async def running(self) -> AsyncIterator[FakeTelegram]:
        app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self._api, methods=["GET", "POST"]),
                Route("/file/bot{token}/{path:path}", self._file, methods=["GET"]),
            ]
        )
        async with serving(app) as url:
            self.base_url = url
            try:
                yield self
            finally:
                self._arrived.set()  # end the long polls still open, so the server can stop

    @property
    def api_url(self) -> str:
        """What the bot is given as its `base_url` (the token is appended)."""
        return f"{self.base_url}/bot"

    # --- what tests do ---------------------------------------------------------------------

    def fail_next(self, method: str, code: int, retry_after: int | None = None) -> None:
        """Make the next call of `method` fail like the real API would."""
        description = {
            429: f"Too Many Requests: retry after {retry_after}",
            403: "Forbidden: bot was blocked by the user",
        }.get(code, "Bad Request")
        self._failures.setdefault(method, []).append(ApiError(code, description, retry_after))

    def flood_next(self, chat_id: int, retry_after: int) -> None:
        """The next message to `chat_id` starts flood control, as Telegram's does.

        That message and every one to the chat for `retry_after` seconds after it are answered
        429 with the seconds left.
        """
        self._floods[chat_id] = retry_after

    def push(self, update: dict[str, Any]) -> None:
        """Queue an update for getUpdates (polling mode)."""
        self._queue.append(update)
        self._arrived.set()

    def text(self, user: User, text: str, chat: Group | None = None) -> dict[str, Any]:
        entities = []
        if text.startswith("/"):
            entities.append({"type": "bot_command", "offset": 0, "length": len(text.split()[0])})
        return self._update({"message": self._message(user, chat, text=text, entities=entities)})

    def reply_to(
        self, user: User, message_id: int, chat: Group, text: str = "", **more: Any
    ) -> dict[str, Any]:
        """A message answering one of the bot's own (how groups talk to it in privacy mode)."""
        replied = self.messages[(chat.id, message_id)]
        message = self._message(user, chat, reply_to_message=replied, **more)
        if text:
            message["text"] = text
        return self._update({"message": message})

    def voice(self, user: User, audio: bytes) -> dict[str, Any]:
        file_id = f"voice{len(self.files) + 1}"
        self.files[file_id] = audio
        voice = {"file_id": file_id, "file_unique_id": f"u{file_id}", "duration": 2}
        return self._update({"message": self._message(user, None, voice=voice)})

    def document(
        self,
        user: User,
        name: str,
        data: bytes,
        chat: Group | None = None,
        *,
        caption: str = "",
        size: int | None = None,
    ) -> dict[str, Any]:
        """A file sent to a chat; `size` overrides the size Telegram reports for it."""
        file_id = f"doc{len(self.files) + 1}"
        self.files[file_id] = data
        document = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": name,
            "file_size": len(data) if size is None else size,
        }
        message = self._message(user, chat, document=document, caption=caption)
        return self._update({"message": message})

    def press(
        self, user: User, message_id: int, data: str, chat: Group | None = None
    ) -> dict[str, Any]:
        chat_id = chat.id if chat else user.id
        query_id = f"cq{next(self._ids)}"
        self._callbacks.add(query_id)
        query = {
            "id": query_id,
            "from": user.json(),
            "chat_instance": f"ci{chat_id}",
            "data": data,
            "message": self.messages[(chat_id, message_id)],
        }
        return self._update({"callback_query": query})

    async def wait_for(self, check: Callable[[FakeTelegram], bool]) -> None:
        """Until the recorded calls satisfy `check` (woken by each call, not by polling)."""
        async with asyncio.timeout(self.wait_limit), self._changed:
            await self._changed.wait_for(lambda: check(self))

    def sent(self, chat_id: int, method: str = "sendMessage") -> list[dict[str, Any]]:
        return [
            c.params for c in self.calls if c.method == method and c.params["chat_id"] == chat_id
        ]

    def documents(self, chat_id: int) -> dict[str, bytes]:
        """The files sent to a chat with sendDocument, by name."""
        return {
            params["document"]["name"]: params["document"]["data"]
            for params in self.sent(chat_id, "sendDocument")
        }

    def answers(self) -> list[dict[str, Any]]:
        return [c.params for c in self.calls if c.method == "answerCallbackQuery"]

    def count(self, method: str) -> int:
        return sum(1 for c in self.calls if c.method == method)

    def last_message(self, chat_id: int) -> dict[str, Any]:
        return max(
            (m for (c, _), m in self.messages.items() if c == chat_id),
            key=lambda m: m["message_id"],
        )

    @staticmethod
    def buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
        """(label, callback_data) of every button on a message."""
        rows = message.get("reply_markup", {}).get("inline_keyboard", [])
        return [(b["text"], b["callback_data"]) for row in rows for b in row]

    # --- builders --------------------------------------------------------------------------

    def _update(self, body: dict[str, Any]) -> dict[str, Any]:
        return {"update_id": 1000 + next(self._ids), **body}

    def _message(self, user: User, chat: Group | None, **body: Any) -> dict[str, Any]:
        chat_json = chat.json() if chat else {"id": user.id, "type": "private", **user.json()}
        chat_json.pop("is_bot", None)
        return {
            "message_id": next(self._ids),
            "date": 1_700_000_000,
            "chat": chat_json,
            "from": user.json(),
            **{k: v for k, v in body.items() if v},
        }

    # --- the API ---------------------------------------------------------------------------

    async def _api(self, request: Request) -> Response:
        method = request.path_params["method"]
        if request.path_params["token"] != self.token:
            return _error(ApiError(401, "Unauthorized"))
        try:
            params = await _params(request)
        except ClientDisconnect:
            return Response(status_code=400)  # the bot went away mid-request: nothing arrived
        call = Call(method, params)
        if method != "getUpdates" or self._queue:
            await self._record(call)
        try:
            failures = self._failures.get(method)
            if failures:
                raise failures.pop(0)
            handler = getattr(self, f"_m_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found")
            self._flood_control(method, params, call.at)
            result = await handler(params)
        except ApiError as error:
            call.code = error.code
            return _error(error)
        return JSONResponse({"ok": True, "result": result})

    def _flood_control(self, method: str, params: dict[str, Any], at: float) -> None:
        chat_id = params.get("chat_id")
        if method != "sendMessage" or not isinstance(chat_id, int):
            return
        if chat_id in self._floods:
            self._flooded[chat_id] = at + self._floods.pop(chat_id)
        left = self._flooded.get(chat_id, 0.0) - at
        if left > 0:
            seconds = math.ceil(left)
            raise ApiError(429, f"Too Many Requests: retry after {seconds}", seconds)

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            if call.method == "sendMessage":
                self.delivered[call.params.get("chat_id", 0)] += 1
            self._changed.notify_all()

    async def _file(self, request: Request) -> Response:
        name = request.path_params["path"].rsplit("/", 1)[-1]
        if request.path_params["token"] != self.token or name not in self.files:
            return Response(status_code=404)
        return Response(self.files[name], media_type="application/octet-stream")

    async def _m_getMe(self, _: dict[str, Any]) -> Any:
        return {**BOT, "can_join_groups": True, "can_read_all_group_messages": False}

    async def _m_getUpdates(self, params: dict[str, Any]) -> Any:
        offset = int(params.get("offset") or 0)
        self._queue = [u for u in self._queue if u["update_id"] >= offset]
        if not self._queue:
            self._arrived.clear()
            timeout = float(params.get("timeout") or 0)
            try:
                async with asyncio.timeout(timeout):
                    await self._arrived.wait()
            except TimeoutError:
                return []
        return self._queue[: int(params.get("limit") or 100)]

    async def _m_setWebhook(self, params: dict[str, Any]) -> Any:
        if not str(params.get("url", "")).startswith("https://"):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided")
        self.webhook = params
        return True

    async def _m_deleteWebhook(self, _: dict[str, Any]) -> Any:
        self.webhook = {}
        return True

    async def _m_setMyCommands(self, params: dict[str, Any]) -> Any:
        commands = params["commands"]
        for command in commands:
            if not _COMMAND.match(command["command"]) or not len(command["description"]) >= 1:
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        self.commands = commands
        return True

    async def _m_sendChatAction(self, params: dict[str, Any]) -> Any:
        self._chat(params)
        return True

    async def _m_sendMessage(self, params: dict[str, Any]) -> Any:
        chat_id = self._chat(params)
        text = _checked_text(params)
        message_id = next(self._ids)
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": 1_700_000_000,
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "from": BOT,
            "text": text,
        }
        if markup := _checked_markup(params):
            message["reply_markup"] = markup
        self.messages[(chat_id, message_id)] = message
        return message

    async def _m_sendDocument(self, params: dict[str, Any]) -> Any:
        chat_id = self._chat(params)
        document = params.get("document")
        if not isinstance(document, dict) or not document.get("data"):
            raise ApiError(400, "Bad Request: file must be non-empty")
        if len(document["data"]) > 50 * 1024 * 1024:
            raise ApiError(400, "Bad Request: file is too big")
        file_id = f"sent{len(self.files) + 1}"
        self.files[file_id] = document["data"]
        message_id = next(self._ids)
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": 1_700_000_000,
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "from": BOT,
            "document": {
                "file_id": file_id,
                "file_unique_id": f"u{file_id}",
                "file_name": document["name"],
                "file_size": len(document["data"]),
            },
        }
        self.messages[(chat_id, message_id)] = message
        return message

    async def _m_editMessageText(self, params: dict[str, Any]) -> Any:
        message = self._editable(params)
        text, markup = _checked_text(params), _checked_markup(params)
        if text == message["text"] and markup == message.get("reply_markup"):
            raise ApiError(400, "Bad Request: message is not modified")
        message["text"] = text
        message.pop("reply_markup", None)
        if markup:
            message["reply_markup"] = markup
        return message

    async def _m_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        message = self._editable(params)
        message.pop("reply_markup", None)
        if markup := _checked_markup(params):
            message["reply_markup"] = markup
        return message

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        if params["callback_query_id"] not in self._callbacks:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired")
        if len(params.get("text", "")) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._callbacks.discard(params["callback_query_id"])
        return True

    async def _m_getFile(self, params: dict[str, Any]) -> Any:
        file_id = params["file_id"]
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        size = len(self.files[file_id])
        if size > MAX_DOWNLOAD:
            raise ApiError(400, "Bad Request: file is too big")
        path = f"files/{file_id}"
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": size,
            "file_path": path,
        }

    def _chat(self, params: dict[str, Any]) -> int:
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int):
            raise ApiError(400, "Bad Request: chat not found")
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat_id

    def _editable(self, params: dict[str, Any]) -> dict[str, Any]:
        key = (self._chat(params), params.get("message_id"))
        if key not in self.messages:
            raise ApiError(400, "Bad Request: message to edit not found")
        return self.messages[key]


def _checked_text(params: dict[str, Any]) -> str:
    text = str(params.get("text", ""))
    if not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if len(text) > 4096:
        raise ApiError(400, "Bad Request: message is too long")
    mode = params.get("parse_mode")
    if mode == "HTML":
        _HtmlCheck().check(text)
    elif mode is not None:
        raise ApiError(400, f"Bad Request: unsupported parse_mode {mode}")
    return text


def _checked_markup(params: dict[str, Any]) -> dict[str, Any] | None:
    markup = params.get("reply_markup")
    if markup is None:
        return None
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data", "")
            if not 1 <= len(data.encode()) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            if not button.get("text"):
                raise ApiError(
                    400, "Bad Request: text buttons are unallowed in the inline keyboard"
                )
    return dict(markup)


class _HtmlCheck(HTMLParser):
    """Telegram's HTML: only a few tags, properly closed; anything else can't be parsed."""

    def check(self, text: str) -> None:
        self.open: list[str] = []
        self.feed(text)
        self.close()
        if self.open:
            raise ApiError(400, "Bad Request: can't parse entities: unclosed tag")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _HTML_TAGS:
            raise ApiError(400, f"Bad Request: can't parse entities: unsupported tag {tag}")
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            raise ApiError(400, "Bad Request: can't parse entities: unexpected end tag")


async def _params(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").startswith("application/json"):
        body = await request.json()
        return dict(body) if isinstance(body, dict) else {}
    params: dict[str, Any] = {}
    async with request.form() as form:
        for key, value in form.items():
            if not isinstance(value, str):
                params[key] = {"name": value.filename, "data": await value.read()}
                continue
            if key in _STRINGS:
                params[key] = value
                continue
            try:
                params[key] = json.loads(value)
            except ValueError:
                params[key] = value
    return params


def _error(error: ApiError) -> Response:
    body: dict[str, Any] = {"ok": False, "error_code": error.code, "description": error.description}
    if error.retry_after is not None:
        body["parameters"] = {"retry_after": error.retry_after}
    return JSONResponse(body, status_code=error.code)


@dataclass
class FakeTranscription:
    """An OpenAI-compatible `/v1/audio/transcriptions` that hears a fixed sentence."""

    heard: str = "remind me to water the plants in 10 minutes"
    received: list[bytes] = field(default_factory=list)
    base_url: str = ""

    @asynccontextmanager
    async def running(self) -> AsyncIterator[FakeTranscription]:
        app = Starlette(
            routes=[Route("/v1/audio/transcriptions", self._transcribe, methods=["POST"])]
        )
        async with serving(app) as url:
            self.base_url = f"{url}/v1"
            yield self

    async def _transcribe(self, request: Request) -> Response:
        if request.headers.get("authorization") != "Bearer test-key":
            return JSONResponse({"error": {"message": "bad key"}}, status_code=401)
        async with request.form() as form:
            upload = form["file"]
            if isinstance(upload, str) or form.get("model") != "whisper-1":
                return JSONResponse({"error": {"message": "bad request"}}, status_code=400)
            self.received.append(await upload.read())
        return JSONResponse({"text": self.heard})
