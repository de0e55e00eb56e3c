"""`GET /rsvp/<token>`: an answer from an e-mail's link, and a small page saying so.

A forged or expired link is refused with a 4xx page; nothing about the event is shown.
"""

from __future__ import annotations

import html

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute, Route

from bot.mail.links import RSVP_PATH, RsvpLinks


def rsvp_routes(links: RsvpLinks) -> list[BaseRoute]:
    async def follow(request: Request) -> HTMLResponse:
        answer = await links.follow(str(request.path_params["token"]))
        page = (
            '<!doctype html><html><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width">'
            f"<title>{html.escape(answer.title)}</title></head>"
            '<body style="font-family:sans-serif;margin:3em auto;max-width:32em">'
            f"<h1>{html.escape(answer.title)}</h1><p>{html.escape(answer.text)}</p>"
            "</body></html>"
        )
        return HTMLResponse(page, status_code=answer.status, headers={"Cache-Control": "no-store"})

    return [Route(RSVP_PATH.format(token="{token}"), follow, methods=["GET"])]
