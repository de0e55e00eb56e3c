"""The web channel: the API for programs, the chat page for people and the admins' dashboard."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.routing import BaseRoute

from adapters.web.admin import admin_routes
from adapters.web.api import API_PER_MINUTE, api_routes
from adapters.web.channel import WebChannel
from adapters.web.common import WebCore
from adapters.web.pages import page_routes
from bot.context import Services
from bot.messages import Incoming, Reply


def start_web(
    services: Services,
    handle: Callable[[Incoming], Awaitable[Reply]],
    *,
    api_per_minute: int = API_PER_MINUTE,
) -> tuple[WebChannel, list[BaseRoute]]:
    """The channel to add to the core, and the routes to mount on the HTTP app."""
    channel = WebChannel(services.clock)
    web = WebCore(services, handle, channel)
    return channel, [*api_routes(web, api_per_minute), *page_routes(web), *admin_routes(web)]
