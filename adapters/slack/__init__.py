"""Slack: slash commands, DMs, mentions and Block Kit buttons, over HTTP or Socket Mode."""

from __future__ import annotations

import structlog

from adapters.pacing import Pacer, pace_for
from adapters.slack.app import SlackAdapter
from adapters.slack.channel import SlackChannel, web_client
from bot.app import Core
from bot.config import Settings

log = structlog.get_logger(__name__)

__all__ = ["SlackAdapter", "SlackChannel", "start_slack", "web_client"]


async def start_slack(core: Core, settings: Settings) -> SlackAdapter:
    """Build the Slack app and add its channel to the core.

    With `SLACK_APP_TOKEN` set, Socket Mode connects now and `routes` is not needed;
    otherwise mount the adapter's `routes` on the HTTP app.
    """
    client = web_client(settings.slack_bot_token, settings.slack_api_url)
    adapter = SlackAdapter(
        core.dispatcher.handle,
        core.services,
        client,
        settings.slack_signing_secret,
        pacer=Pacer(pace_for(settings.redis_url)),
    )
    core.add_channel(adapter.channel)
    adapter.start()
    identity = await client.auth_test()
    log.info("slack_ready", bot=identity.get("user"), team=identity.get("team"))
    if settings.slack_app_token:
        await adapter.connect_socket_mode(settings.slack_app_token)
    return adapter
