"""What a platform may tell the core about a person on first contact."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.context import Services
from bot.models import User


async def adopt_timezone(services: Services, user: User, zone: str) -> bool:
    """Use the platform's time zone for this sender unless they have chosen one themselves.

    Returns True when the zone was adopted.
    """
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    if user.onboarded or user.timezone == zone:
        return False
    await services.store.users.set_timezone(user.id, zone)
    return True
