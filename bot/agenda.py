"""The daily agenda: when it is next due, and what it says."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.models import User
from bot.ports import Store
from bot.timeparse.zones import localize

_CLOCK = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm)?$", re.I)


def parse_clock(text: str) -> time | None:
    """A time of day: '8:00', '07.30', '8am', '18h15'."""
    match = _CLOCK.match(text.strip())
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half.lower() == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def next_agenda(at: time, tz: ZoneInfo, after: datetime) -> datetime:
    """The first local `at` strictly after `after`, DST-safe (a skipped time moves forward)."""
    day = after.astimezone(tz).date()
    while True:
        due = localize(datetime.combine(day, at), tz)
        if due > after:
            return due
        day += timedelta(days=1)


async def agenda_text(store: Store, user: User, now: datetime) -> str:
    """Today's events, due tasks and reminders in the user's zone."""
    tz = ZoneInfo(user.timezone)
    local = now.astimezone(tz)
    midnight = localize(datetime.combine(local.date(), time()), tz)
    tomorrow = localize(datetime.combine(local.date() + timedelta(days=1), time()), tz)
    events = await store.events.between(user.id, midnight, tomorrow)
    tasks = [
        t
        for t in await store.tasks.list_open(user.id)
        if t.due_at is not None and t.due_at < tomorrow
    ]
    reminders = [
        r for r in await store.reminders.list_active(user.id) if midnight <= r.due_at < tomorrow
    ]
    lines = [f"☀️ Your day — {local:%A} {local.day} {local:%B}"]
    if events:
        lines.append("\nEvents:")
        for event in events:
            place = f" @ {event.place}" if event.place else ""
            lines.append(f"• {event.start_at.astimezone(tz):%H:%M} {event.title}{place}")
    if tasks:
        lines.append("\nTasks due:")
        for task in tasks:
            overdue = " (overdue)" if task.due_at and task.due_at < midnight else ""
            lines.append(f"• {task.number}. {task.text}{overdue}")
    if reminders:
        lines.append("\nReminders:")
        lines.extend(f"• {r.due_at.astimezone(tz):%H:%M} {r.text}" for r in reminders)
    if len(lines) == 1:
        lines.append("Nothing planned today.")
    return "\n".join(lines)
