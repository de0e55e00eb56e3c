"""The web chat: `GET /` after a sign-in link, its POST endpoints, and live messages (SSE).

`/web/signin/CODE` (from `/web` in any chat, or `nudge web-link`) works once and sets an
HttpOnly session cookie. Every POST from the page carries the CSRF token of its session in
`X-CSRF-Token`. Due reminders and alerts arrive while the page is open over `GET /events`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import BaseRoute, Route

from adapters.web.common import KINDS, BadRequest, WebCore, read_json, text_field
from adapters.web.sessions import COOKIE, LIFETIME
from bot.handlers.web import LANDINGS, base_url, digest
from bot.models import User

HERE = Path(__file__).parent
STATIC = {
    "chat.js": "text/javascript",
    "chat.css": "text/css",
    "admin.css": "text/css",
    "icon.svg": "image/svg+xml",
}
# Scripts and styles come from our own files only; nothing may frame the page.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
# A comment line now and then keeps proxies from closing a quiet stream.
KEEP_ALIVE_SECONDS = 20.0

_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, enable_async=False
)


def render(template: str, status: int = 200, **values: Any) -> HTMLResponse:
    html = _templates.get_template(template).render(**values)
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


SessionEndpoint = Callable[[Request, User, str], Awaitable[Response]]


def page_routes(web: WebCore) -> list[BaseRoute]:
    services = web.services
    sessions = web.sessions
    secure = base_url(services.settings).startswith("https://")
    name = services.settings.bot_name

    def posted(endpoint: SessionEndpoint) -> Callable[[Request], Awaitable[Response]]:
        """A page's call: a live session, and on POST its CSRF token; errors as JSON."""

        async def guarded(request: Request) -> Response:
            visitor = await web.visitor(request)
            if visitor is None:
                return JSONResponse({"error": "not signed in"}, status_code=401)
            token = request.headers.get("x-csrf-token", "")
            if request.method == "POST" and not web.csrf_ok(visitor, token):
                return JSONResponse({"error": "missing or wrong CSRF token"}, status_code=403)
            try:
                return await endpoint(request, visitor.user, visitor.external_id)
            except BadRequest as refused:
                return refused.response()

        return guarded

    async def sign_in(request: Request) -> Response:
        code = str(request.path_params["code"])
        user_id = await services.store.web.redeem_sign_in(digest(code), services.clock.now())
        user = None if user_id is None else await services.store.users.get(user_id)
        if user is None:
            return render("refused.html", 403, name=name)
        external_id = await web.identity(user)
        landing = request.query_params.get("to", "/")
        to = landing if landing in LANDINGS else "/"
        response = RedirectResponse(to, status_code=303, headers=SECURITY_HEADERS)
        response.set_cookie(
            COOKIE,
            sessions.issue(external_id, services.clock.now()),
            max_age=int(LIFETIME.total_seconds()),
            httponly=True,
            samesite="lax",
            secure=secure,
        )
        return response

    async def home(request: Request) -> Response:
        visitor = await web.visitor(request)
        if visitor is None:
            return render("signed_out.html", 401, name=name)
        return render(
            "chat.html",
            name=name,
            person=visitor.user.display_name,
            csrf=sessions.csrf(visitor.cookie),
            zone=visitor.user.timezone,
            kinds=KINDS,
            messages=await web.history(visitor),
        )

    async def chat(request: Request, user: User, external_id: str) -> Response:
        text = text_field(await read_json(request), "text")
        return JSONResponse({"replies": await web.talk(user, external_id, text=text)})

    async def press(request: Request, user: User, external_id: str) -> Response:
        replies = await web.press(user, external_id, await read_json(request))
        return JSONResponse({"replies": replies})

    async def items(request: Request, user: User, _: str) -> Response:
        kind = request.query_params.get("kind", "")
        return JSONResponse({"kind": kind, "items": await web.items(user, kind)})

    async def events(request: Request, user: User, external_id: str) -> Response:
        return StreamingResponse(
            _stream(web, f"web:{external_id}"),
            media_type="text/event-stream",
            headers={**SECURITY_HEADERS, "X-Accel-Buffering": "no"},
        )

    async def sign_out(request: Request, user: User, _: str) -> Response:
        response = JSONResponse({"signed_out": True})
        response.delete_cookie(COOKIE, httponly=True, samesite="lax", secure=secure)
        return response

    async def static(request: Request) -> Response:
        file = str(request.path_params["file"])
        if file not in STATIC:
            return Response("Not found", status_code=404)
        body = (HERE / "static" / file).read_bytes()
        return Response(body, media_type=STATIC[file], headers=SECURITY_HEADERS)

    return [
        Route("/", home, methods=["GET"]),
        Route("/web/signin/{code}", sign_in, methods=["GET"]),
        Route("/web/chat", posted(chat), methods=["POST"]),
        Route("/web/press", posted(press), methods=["POST"]),
        Route("/web/items", posted(items), methods=["GET"]),
        Route("/web/signout", posted(sign_out), methods=["POST"]),
        Route("/events", posted(events), methods=["GET"]),
        Route("/web/static/{file}", static, methods=["GET"]),
    ]


async def _stream(web: WebCore, chat_id: str) -> AsyncIterator[str]:
    with web.channel.listening(chat_id) as queue:
        # At once, once listening: the page knows from then on nothing sent to it is missed.
        yield "event: ready\ndata: listening\n\n"
        while True:
            try:
                one = await asyncio.wait_for(queue.get(), KEEP_ALIVE_SECONDS)
            except TimeoutError:
                yield ": keep-alive\n\n"
                continue
            yield f"event: message\ndata: {json.dumps(one)}\n\n"
