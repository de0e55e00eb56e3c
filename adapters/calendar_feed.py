"""`GET /calendar/<token>.ics`: a person's calendar for the apps that subscribe to it.

The token is the feed's only key: an unknown or revoked one is answered 404, like a page
that does not exist, so the route says nothing about which tokens are real.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from bot.context import Services
from bot.handlers.calendar import FEED_PATH, feed

# Calendar apps poll; a few minutes of caching spares the database without going stale.
CACHE = "private, max-age=300"


def calendar_routes(services: Services) -> list[BaseRoute]:
    async def serve_feed(request: Request) -> Response:
        data = await feed(services, str(request.path_params["token"]))
        if data is None:
            return PlainTextResponse("Not found", status_code=404)
        return Response(
            data,
            media_type="text/calendar; charset=utf-8",
            headers={
                "Cache-Control": CACHE,
                "Content-Disposition": 'inline; filename="calendar.ics"',
            },
        )

    return [Route(FEED_PATH.format(token="{token}"), serve_feed, methods=["GET"])]
