"""RSVP links from e-mail: `GET /rsvp/<token>` asks, `POST /rsvp` (the token in the form) answers.

Opening a link only shows the event, the answer and one button, so a mail scanner that opens
links answers for nobody. A forged or expired link is refused with a 4xx page; nothing about
the event is shown.
"""

from __future__ import annotations

import html
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute, Route

from adapters.web.common import BadRequest, read_body
from bot.mail.links import ANSWER_PATH, INVALID, RSVP_PATH, LinkAnswer, RsvpLinks

# A form with one token in it; anything far larger is not one.
MAX_FORM_BYTES = 4096
# The one inline style is the page's own; nothing may frame the page to steer its button.
HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


def _page(answer: LinkAnswer, token: str = "") -> HTMLResponse:
    form = ""
    if answer.confirm is not None:
        form = (
            f'<form method="post" action="{ANSWER_PATH}">'
            f'<input type="hidden" name="token" value="{html.escape(token)}">'
            f'<button type="submit" style="font:inherit;padding:.5em 1.2em">'
            f"{html.escape(answer.confirm)}</button></form>"
        )
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width">'
        f"<title>{html.escape(answer.title)}</title></head>"
        '<body style="font-family:sans-serif;margin:3em auto;max-width:32em">'
        f"<h1>{html.escape(answer.title)}</h1><p>{html.escape(answer.text)}</p>{form}"
        "</body></html>"
    )
    return HTMLResponse(page, status_code=answer.status, headers=HEADERS)


async def _form_token(request: Request) -> str | None:
    """The form's `token`; None for a body too large or not a form."""
    try:
        body = await read_body(request, MAX_FORM_BYTES)
    except BadRequest:
        return None
    try:
        fields = dict(parse_qsl(body.decode("ascii")))
    except ValueError:  # not ASCII, so not a form's
        return None
    return fields.get("token")


def rsvp_routes(links: RsvpLinks) -> list[BaseRoute]:
    async def ask(request: Request) -> HTMLResponse:
        token = str(request.path_params["token"])
        return _page(await links.check(token), token)

    async def answer(request: Request) -> HTMLResponse:
        token = await _form_token(request)
        return _page(INVALID if token is None else await links.follow(token))

    return [
        Route(RSVP_PATH.format(token="{token}"), ask, methods=["GET"]),
        Route(ANSWER_PATH, answer, methods=["POST"]),
    ]
