"""A fake Slack Web API over real HTTP on 127.0.0.1, recording every call.

It answers the methods the adapter uses, plus a `response_url` endpoint and private file
downloads (which, like Slack's, need the bot token and answer a sign-in page without it), and
can answer 429 with `Retry-After` or a Slack error on demand. With `socket_mode()` it also
serves Socket Mode: `apps.connections.open` hands out a WebSocket URL, tests send envelopes
down each connection, and the app's acknowledgements are recorded.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from tests.fakes.serving import serving

BOT_USER = "UBOT"
BOT_TOKEN = "xoxb-test"
_SIGN_IN_PAGE = "<!DOCTYPE html><html><body>Sign in to Slack</body></html>"


@dataclass
class Call:
    method: str
    args: dict[str, Any]


@dataclass
class FakeSlack:
    calls: list[Call] = field(default_factory=list)
    responses: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    zones: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    rate_limits: dict[str, list[int]] = field(default_factory=dict)
    files: dict[str, tuple[dict[str, Any], bytes]] = field(default_factory=dict)
    downloads: list[tuple[str, str]] = field(default_factory=list)  # (file id, authorization)
    # Files the bot uploaded (files.getUploadURLExternal), by id: their name and bytes.
    uploads: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    # Uploads the bot completed, by conversation: the files' names.
    shared: dict[str, list[str]] = field(default_factory=dict)
    base_url: str = ""
    socket_url: str = ""
    # Socket Mode: the open connections, and the envelope ids the app acknowledged.
    sockets: list[Any] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _socket_changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    def called(self, method: str) -> list[dict[str, Any]]:
        return [c.args for c in self.calls if c.method == method]

    def response_url(self, name: str = "r") -> str:
        return f"{self.base_url.removesuffix('/api/')}/respond/{name}"

    def answered(self, name: str = "r") -> list[dict[str, Any]]:
        return [body for at, body in self.responses if at == name]

    def add_file(self, name: str, data: bytes, *, size: int | None = None) -> dict[str, Any]:
        """Upload a file; returns the file object as Slack puts it in events."""
        file_id = f"F{len(self.files) + 1:04d}"
        root = self.base_url.removesuffix("/api/")
        url = f"{root}/files-pri/T1-{file_id}/{name}"
        file = {
            "id": file_id,
            "name": name,
            "title": name,
            "mimetype": "text/plain",
            "filetype": name.rsplit(".", 1)[-1],
            "size": len(data) if size is None else size,
            "url_private": url,
            "url_private_download": f"{url}?download=1",
        }
        self.files[file_id] = (file, data)
        return file

    @asynccontextmanager
    async def socket_mode(self) -> AsyncIterator[FakeSlack]:
        """Serve Socket Mode's WebSocket (aiohttp's server: uvicorn here has no WebSocket)."""
        from aiohttp import web

        app = web.Application()
        app.router.add_get("/link", self._connection)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self.socket_url = f"ws://127.0.0.1:{runner.addresses[0][1]}/link"
        try:
            yield self
        finally:
            for socket in list(self.sockets):
                await socket.close()
            await runner.cleanup()

    async def connected(self, count: int) -> None:
        """Until `count` connections are open."""
        await self._socket_wait(lambda: len(self.sockets) >= count)

    async def envelope(
        self, connection: int, kind: str, payload: dict[str, Any], *, retry: int = 0
    ) -> str:
        """Send `payload` down one connection as Slack does; returns the envelope's id.

        `retry` counts Slack's attempts to send it again after no acknowledgement.
        """
        envelope_id = f"envelope-{next(self._ts)}"
        await self.sockets[connection].send_json(
            {
                "envelope_id": envelope_id,
                "type": kind,
                "payload": payload,
                "accepts_response_payload": kind != "events_api",
                "retry_attempt": retry,
                "retry_reason": "timeout" if retry else "",
            }
        )
        return envelope_id

    async def acknowledged_all(self, *envelope_ids: str) -> None:
        """Until the app acknowledged each of these envelopes."""
        await self._socket_wait(lambda: set(envelope_ids) <= set(self.acknowledged))

    async def _socket_wait(self, check: Callable[[], bool]) -> None:
        async with asyncio.timeout(10), self._socket_changed:
            await self._socket_changed.wait_for(check)

    async def _connection(self, request: Any) -> Any:
        from aiohttp import WSMsgType, web

        socket = web.WebSocketResponse()  # answers the client's pings itself
        await socket.prepare(request)
        await socket.send_json(
            {"type": "hello", "num_connections": len(self.sockets) + 1, "debug_info": {}}
        )
        async with self._socket_changed:
            self.sockets.append(socket)
            self._socket_changed.notify_all()
        async for message in socket:
            if message.type is WSMsgType.TEXT:
                async with self._socket_changed:
                    self.acknowledged.append(json.loads(message.data)["envelope_id"])
                    self._socket_changed.notify_all()
        self.sockets.remove(socket)
        return socket

    def rate_limit(self, method: str, retry_after: int) -> None:
        """Answer the next call of `method` with 429 and this `Retry-After`."""
        self.rate_limits.setdefault(method, []).append(retry_after)

    async def api(self, request: Request) -> Response:
        method = request.path_params["method"]
        args = await _arguments(request)
        waits = self.rate_limits.get(method)
        if waits:
            return JSONResponse(
                {"ok": False, "error": "ratelimited"},
                status_code=429,
                headers={"Retry-After": str(waits.pop(0))},
            )
        self.calls.append(Call(method, args))
        if method in self.errors:
            return JSONResponse({"ok": False, "error": self.errors[method]})
        return JSONResponse({"ok": True, **self._answer(method, args)})

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        ts = f"1700000000.{next(self._ts):06d}"
        if method == "apps.connections.open":
            if not self.socket_url:
                return {"ok": False, "error": "not_allowed_token_type"}
            return {"url": self.socket_url}
        if method == "auth.test":
            return {"user_id": BOT_USER, "bot_id": "BBOT", "team_id": "T1", "user": "nudge"}
        if method == "conversations.open":
            return {"channel": {"id": "D" + str(args.get("users", "")).lstrip("UW")}}
        if method == "users.info":
            user = str(args.get("user", ""))
            return {
                "user": {
                    "id": user,
                    "name": user.lower(),
                    "real_name": f"Person {user}",
                    "tz": self.zones.get(user, "Europe/Berlin"),
                }
            }
        if method in ("chat.postMessage", "chat.update"):
            return {"channel": args.get("channel"), "ts": args.get("ts") or ts}
        if method == "files.info":
            found = self.files.get(str(args.get("file", "")))
            return {"file": found[0]} if found else {"ok": False, "error": "file_not_found"}
        if method == "chat.postEphemeral":
            return {"message_ts": ts}
        if method == "files.getUploadURLExternal":
            return self._upload_url(args)
        if method == "files.completeUploadExternal":
            return self._complete_upload(args)
        return {}

    def _upload_url(self, args: dict[str, Any]) -> dict[str, Any]:
        if not args.get("filename") or int(args.get("length") or 0) <= 0:
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"FU{len(self.uploads) + 1:04d}"
        self.uploads[file_id] = (str(args["filename"]), b"")
        root = self.base_url.removesuffix("/api/")
        return {"upload_url": f"{root}/upload/{file_id}", "file_id": file_id}

    def _complete_upload(self, args: dict[str, Any]) -> dict[str, Any]:
        files = args.get("files")
        listed = json.loads(files) if isinstance(files, str) else files or []
        channel = str(args.get("channel_id", ""))
        done = []
        for file in listed:
            name, data = self.uploads.get(str(file.get("id")), ("", b""))
            if not data:
                return {"ok": False, "error": "file_not_found"}
            self.shared.setdefault(channel, []).append(name)
            done.append({"id": file["id"], "name": name, "title": file.get("title", name)})
        return {"files": done}

    def uploaded(self, conversation: str) -> dict[str, bytes]:
        """The files shared in a conversation, by name."""
        names = self.shared.get(conversation, [])
        return {name: data for name, data in self.uploads.values() if name in names}

    async def upload(self, request: Request) -> Response:
        file_id = request.path_params["file_id"]
        if file_id not in self.uploads:
            return PlainTextResponse("not found", status_code=404)
        self.uploads[file_id] = (self.uploads[file_id][0], await request.body())
        return PlainTextResponse(f"OK - {len(self.uploads[file_id][1])}")

    async def respond(self, request: Request) -> Response:
        self.responses.append((request.path_params["name"], json.loads(await request.body())))
        return PlainTextResponse("ok")

    async def download(self, request: Request) -> Response:
        file_id = request.path_params["key"].rpartition("-")[2]
        authorization = request.headers.get("authorization", "")
        self.downloads.append((file_id, authorization))
        if file_id not in self.files:
            return PlainTextResponse("not found", status_code=404)
        if authorization != f"Bearer {BOT_TOKEN}":
            return HTMLResponse(_SIGN_IN_PAGE)
        return Response(self.files[file_id][1], media_type="application/octet-stream")

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/api/{method}", self.api, methods=["GET", "POST"]),
                Route("/files-pri/{key}/{name}", self.download, methods=["GET"]),
                Route("/respond/{name}", self.respond, methods=["POST"]),
                Route("/upload/{file_id}", self.upload, methods=["POST"]),
            ]
        )


async def _arguments(request: Request) -> dict[str, Any]:
    args: dict[str, Any] = dict(request.query_params)
    kind = request.headers.get("content-type", "")
    if kind.startswith("application/json"):
        args.update(json.loads(await request.body() or b"{}"))
    elif kind.startswith("application/x-www-form-urlencoded"):
        args.update(parse_qsl((await request.body()).decode()))
    return args


@asynccontextmanager
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack()
    async with serving(fake.app()) as url:
        fake.base_url = f"{url}/api/"
        yield fake
