"""What a platform may tell the core about a person on first contact."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.context import Services
from bot.messages import Incoming


async def adopt_timezone(services: Services, msg: Incoming, zone: str) -> bool:
    """Use the platform's time zone for this sender unless they have chosen one themselves.

    Returns True when the zone was adopted.
    """
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    users = services.store.users
    user = await users.resolve(
        msg.channel, msg.user_id, msg.chat_id, msg.display_name, services.settings.bot_timezone
    )
    if user.onboarded or user.timezone == zone:
        return False
    await users.set_timezone(user.id, zone)
    return True
