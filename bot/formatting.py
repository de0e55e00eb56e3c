"""How times and durations read in replies."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


def when_text(at: datetime, tz: ZoneInfo, now: datetime, *, dated: bool = False) -> str:
    """'today 09:00', 'tomorrow 18:30', 'Fri 27 Nov 15:00', '3 Jan 2027 10:00'.

    `dated` adds the date to a relative day ('tomorrow 18:30, Tue 8 Dec'), as a confirmation
    shows exactly which day it chose.
    """
    local, today = at.astimezone(tz), now.astimezone(tz).date()
    clock = local.strftime("%H:%M")
    days = (local.date() - today).days
    date = f", {local.strftime('%a')} {local.day} {local.strftime('%b')}" if dated else ""
    if days == 0:
        return f"today {clock}{date}"
    if days == 1:
        return f"tomorrow {clock}{date}"
    if days == -1:
        return f"yesterday {clock}{date}"
    if local.year != today.year:
        return f"{local.day} {local.strftime('%b %Y')} {clock}"
    return f"{local.strftime('%a')} {local.day} {local.strftime('%b')} {clock}"


def duration_text(delta: timedelta) -> str:
    """'45 min', '2 h 5 min', '3 days'."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    if minutes < 1:
        return f"{max(int(delta.total_seconds()), 0)} s"
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} day{'s' if days != 1 else ''}"] if days else []
    if hours:
        parts.append(f"{hours} h")
    if mins and not days:
        parts.append(f"{mins} min")
    return " ".join(parts) or "0 min"
