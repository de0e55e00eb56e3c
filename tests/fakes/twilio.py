"""A fake Twilio REST API on 127.0.0.1 for the real SDK, and Twilio's side of the webhooks.

The server speaks the 2010-04-01 API the SDK uses: Calls (create with a Url or inline Twiml,
fetch), Messages (create). It checks HTTP Basic auth and records every request. `sign`
computes Twilio's webhook signature from its published scheme, independently of the SDK.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import count
from urllib.parse import parse_qsl

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


@dataclass
class FakeCall:
    sid: str
    to: str
    from_: str
    url: str | None
    twiml: str | None
    status_callback: str | None
    status_callback_events: list[str]
    machine_detection: str | None
    status: str = "queued"


@dataclass
class FakeMessage:
    sid: str
    to: str
    from_: str
    body: str


@dataclass
class FakeTwilio:
    account_sid: str = "AC" + "0" * 32
    auth_token: str = "fake-auth-token"
    calls: list[FakeCall] = field(default_factory=list)
    messages: list[FakeMessage] = field(default_factory=list)
    unauthorized: int = 0
    fail_calls: bool = False
    _ids: count[int] = field(default_factory=lambda: count(1))
    _server: uvicorn.Server | None = None
    _task: asyncio.Task[None] | None = None

    @property
    def codes(self) -> list[str]:
        """The verification codes texted, newest last."""
        return [m.body.rsplit(" ", 1)[-1] for m in self.messages]

    def app(self) -> Starlette:
        prefix = "/2010-04-01/Accounts/{account}"
        return Starlette(
            routes=[
                Route(f"{prefix}/Calls.json", self._create_call, methods=["POST"]),
                Route(f"{prefix}/Calls/{{sid}}.json", self._fetch_call, methods=["GET"]),
                Route(f"{prefix}/Messages.json", self._create_message, methods=["POST"]),
            ]
        )

    async def start(self) -> str:
        """Serve on a free port of 127.0.0.1; returns the base URL for TWILIO_API_BASE_URL."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        config = uvicorn.Config(self.app(), log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"

    async def stop(self) -> None:
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await self._task

    def _authorized(self, request: Request) -> bool:
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        ok = request.headers.get("authorization") == f"Basic {expected}"
        ok = ok and request.path_params["account"] == self.account_sid
        self.unauthorized += not ok
        return ok

    async def _form(self, request: Request) -> list[tuple[str, str]]:
        return parse_qsl((await request.body()).decode(), keep_blank_values=True)

    async def _create_call(self, request: Request) -> Response:
        if not self._authorized(request):
            return _error(401, 20003, "Authenticate")
        pairs = await self._form(request)
        form = dict(pairs)
        if self.fail_calls:
            return _error(400, 21215, "Geo permission not enabled")
        if not form.get("To") or not form.get("From") or not (form.get("Url") or form.get("Twiml")):
            return _error(400, 21205, "Url or Twiml parameter is required")
        call = FakeCall(
            sid=f"CA{next(self._ids):032x}",
            to=form["To"],
            from_=form["From"],
            url=form.get("Url"),
            twiml=form.get("Twiml"),
            status_callback=form.get("StatusCallback"),
            status_callback_events=[v for k, v in pairs if k == "StatusCallbackEvent"],
            machine_detection=form.get("MachineDetection"),
        )
        self.calls.append(call)
        return JSONResponse(self._call_json(call), status_code=201)

    async def _fetch_call(self, request: Request) -> Response:
        if not self._authorized(request):
            return _error(401, 20003, "Authenticate")
        for call in self.calls:
            if call.sid == request.path_params["sid"]:
                return JSONResponse(self._call_json(call))
        return _error(404, 20404, "The requested resource was not found")

    async def _create_message(self, request: Request) -> Response:
        if not self._authorized(request):
            return _error(401, 20003, "Authenticate")
        form = dict(await self._form(request))
        message = FakeMessage(f"SM{next(self._ids):032x}", form["To"], form["From"], form["Body"])
        self.messages.append(message)
        body = {
            "sid": message.sid,
            "account_sid": self.account_sid,
            "to": message.to,
            "from": message.from_,
            "body": message.body,
            "status": "queued",
        }
        return JSONResponse(body, status_code=201)

    def _call_json(self, call: FakeCall) -> dict[str, object]:
        return {
            "sid": call.sid,
            "account_sid": self.account_sid,
            "to": call.to,
            "from": call.from_,
            "status": call.status,
            "direction": "outbound-api",
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Calls/{call.sid}.json",
        }


def _error(status: int, code: int, message: str) -> Response:
    body = {"code": code, "message": message, "status": status}
    return JSONResponse(body, status_code=status)


def sign(auth_token: str, url: str, params: Mapping[str, str]) -> str:
    """Twilio's X-Twilio-Signature: base64 HMAC-SHA1 of the URL followed by the sorted
    form fields, each name immediately followed by its value."""
    payload = url + "".join(name + params[name] for name in sorted(params))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


@dataclass
class TwilioCallbacks:
    """Twilio's side of the webhooks: signed form posts to our app, as Twilio sends them."""

    http: httpx.AsyncClient
    auth_token: str
    public_base_url: str

    async def post(
        self, path_and_query: str, params: Mapping[str, str], *, signature: str | None = None
    ) -> httpx.Response:
        public = self.public_base_url.rstrip("/") + path_and_query
        header = signature if signature is not None else sign(self.auth_token, public, params)
        return await self.http.post(
            path_and_query, data=dict(params), headers={"X-Twilio-Signature": header}
        )

    async def answer(self, call: FakeCall, answered_by: str = "human") -> httpx.Response:
        assert call.url is not None
        return await self.post(self._local(call.url), _fields(call, AnsweredBy=answered_by))

    async def press(self, call: FakeCall, gather_action: str, digits: str) -> httpx.Response:
        return await self.post(self._local(gather_action), _fields(call, Digits=digits))

    async def status(
        self, call: FakeCall, status: str, answered_by: str | None = None
    ) -> httpx.Response:
        assert call.status_callback is not None
        call.status = status
        extra = {"AnsweredBy": answered_by} if answered_by else {}
        fields = _fields(call, CallStatus=status, **extra)
        return await self.post(self._local(call.status_callback), fields)

    def _local(self, public_url: str) -> str:
        assert public_url.startswith(self.public_base_url)
        return public_url[len(self.public_base_url.rstrip("/")) :]


def _fields(call: FakeCall, **extra: str) -> dict[str, str]:
    return {
        "CallSid": call.sid,
        "AccountSid": "AC" + "0" * 32,
        "From": call.from_,
        "To": call.to,
        "CallStatus": call.status,
        "Direction": "outbound-api",
        **extra,
    }
