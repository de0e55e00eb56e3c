"""What each delivery says: a reminder, an event alert; late ones say how late."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.formatting import duration_text, when_text
from bot.models import Event, Reminder, Task

LATE_AFTER = timedelta(minutes=1)


def late_suffix(due_at: datetime, now: datetime) -> str:
    """' (late by 3 h)' when a delivery goes out noticeably after its time, else ''."""
    late = now - due_at
    return f" (late by {duration_text(late)})" if late >= LATE_AFTER else ""


def reminder_text(reminder: Reminder, due_at: datetime, now: datetime) -> str:
    return f"⏰ Reminder: {reminder.text}{late_suffix(due_at, now)}"


def task_text(task: Task, due_at: datetime, now: datetime) -> str:
    return f"☐ Task due: {task.text}{late_suffix(due_at, now)}"


def span_text(delta: timedelta) -> str:
    """'1 day', '1 hour', '10 minutes', '2 h 15 min': how far away, rounded to the minute."""
    minutes = round(delta.total_seconds() / 60)
    for size, unit in ((1440, "day"), (60, "hour"), (1, "minute")):
        if minutes >= size and minutes % size == 0:
            count = minutes // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return duration_text(timedelta(minutes=minutes))


def alert_text(event: Event, now: datetime, tz: ZoneInfo) -> str:
    """'🔔 Dentist @ Main St — in 1 hour (15:00)'; the day is named when it is not today."""
    place = f" @ {event.place}" if event.place else ""
    start = event.start_at.astimezone(tz)
    same_day = start.date() == now.astimezone(tz).date()
    at = f"{start:%H:%M}" if same_day else when_text(event.start_at, tz, now)
    ahead = event.start_at - now
    if ahead >= timedelta(seconds=30):
        when = f"in {span_text(ahead)}"
    elif ahead > -timedelta(minutes=1):
        when = "starting now"
    else:
        when = f"started {span_text(-ahead)} ago"
    return f"🔔 {event.title}{place} — {when} ({at})"
