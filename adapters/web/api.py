"""`/api/…`: the chat for programs, with a personal token from `/token`.

`Authorization: Bearer TOKEN` on every call; a missing, revoked or made-up token is answered
401. Each token may make `per_minute` calls a minute; more are answered 429.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from adapters.web.common import BadRequest, WebCore, read_json, text_field
from adapters.web.openapi import SPEC
from adapters.web.pages import render
from bot.flood import FloodGate, Verdict
from bot.handlers.web import digest
from bot.models import User

API_PER_MINUTE = 60
Endpoint = Callable[[Request, User], Awaitable[Response]]


def api_routes(web: WebCore, per_minute: int = API_PER_MINUTE) -> list[BaseRoute]:
    gate = FloodGate(web.services.clock, per_minute)

    def authorized(endpoint: Endpoint) -> Callable[[Request], Awaitable[Response]]:
        async def guarded(request: Request) -> Response:
            scheme, _, token = request.headers.get("authorization", "").partition(" ")
            key = digest(token.strip())
            user = None
            if scheme.lower() == "bearer" and token.strip():
                user = await web.services.store.web.by_api_token(key)
            if user is None:
                return JSONResponse(
                    {"error": "a valid API token is needed: send /token to the bot for one"},
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
            if gate.check("api", key) is not Verdict.PASS:
                return JSONResponse(
                    {"error": f"over {per_minute} calls a minute; try again shortly"},
                    status_code=429,
                    headers={"Retry-After": "60"},
                )
            try:
                return await endpoint(request, user)
            except BadRequest as refused:
                return refused.response()

        return guarded

    async def chat(request: Request, user: User) -> Response:
        text = text_field(await read_json(request), "text")
        replies = await web.talk(user, await web.identity(user), text=text)
        return JSONResponse({"replies": replies})

    async def press(request: Request, user: User) -> Response:
        external_id = await web.identity(user)
        return JSONResponse(
            {"replies": await web.press(user, external_id, await read_json(request))}
        )

    async def items(request: Request, user: User) -> Response:
        kind = request.query_params.get("kind", "")
        return JSONResponse({"kind": kind, "items": await web.items(user, kind)})

    async def openapi(_: Request) -> Response:
        return JSONResponse(SPEC)

    async def docs(_: Request) -> Response:
        return render("docs.html", spec=SPEC)

    return [
        Route("/api/chat", authorized(chat), methods=["POST"]),
        Route("/api/press", authorized(press), methods=["POST"]),
        Route("/api/items", authorized(items), methods=["GET"]),
        Route("/api/openapi.json", openapi, methods=["GET"]),
        Route("/api/docs", docs, methods=["GET"]),
    ]
