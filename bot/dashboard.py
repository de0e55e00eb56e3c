"""The admins' dashboard as the core sees it: who may open it, and what it shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.context import Services
from bot.knowledge.models import GLOBAL, Document
from bot.overview import DeliveryFigures, People, Phrases
from bot.ports import Store

DAYS = 14
# Deliveries sent or failed, their lateness and the calls placed: over the last week.
WINDOW = timedelta(days=7)
NEWEST_PEOPLE = 50
RECENT_PHRASES = 10


@dataclass(frozen=True, slots=True)
class Day:
    day: date
    said: int
    answered: int


@dataclass(frozen=True, slots=True)
class Dashboard:
    at: datetime
    people: People
    days: tuple[Day, ...]
    deliveries: DeliveryFigures
    calls: dict[str | None, int]
    documents: tuple[Document, ...]
    phrases: Phrases


async def is_admin_person(store: Store, settings: Settings, user_id: int) -> bool:
    """Whether any identity of this person is listed in `BOT_ADMINS` (as `channel:id`).

    Asked on every request, so taking someone out of the list locks them out at once.
    """
    admins = settings.admins
    return any(
        f"{i.channel}:{i.external_id}" in admins for i in await store.users.identities(user_id)
    )


def day_bounds(today: date, tz: ZoneInfo, days: int = DAYS) -> list[datetime]:
    """The local midnights that start each of the last `days` days, and the one after today."""
    first = today - timedelta(days=days - 1)
    return [datetime.combine(first + timedelta(days=n), time(), tz) for n in range(days + 1)]


async def gather(services: Services, tz: ZoneInfo) -> Dashboard:
    """Everything the dashboard shows, with days as they fall in `tz`."""
    store = services.store
    now = services.clock.now().astimezone(tz)
    bounds = day_bounds(now.date(), tz)
    counts: Sequence[tuple[int, int]] = await store.overview.messages_between(bounds)
    days = tuple(
        Day(start.date(), said, answered)
        for start, (said, answered) in zip(bounds, counts, strict=False)
    )
    return Dashboard(
        at=now,
        people=await store.overview.people(NEWEST_PEOPLE),
        days=days,
        deliveries=await store.overview.deliveries(now, now - WINDOW),
        calls=await store.overview.calls(now - WINDOW),
        documents=tuple(await services.knowledge.documents(GLOBAL)),
        phrases=await store.overview.phrases(RECENT_PHRASES),
    )
