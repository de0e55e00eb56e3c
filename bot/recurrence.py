"""Recurring occurrences computed in the user's local time, so 09:00 stays 09:00 across DST."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from bot.timeparse.zones import localize


def next_occurrence(rule: str, anchor: datetime, timezone: str, after: datetime) -> datetime | None:
    """The first occurrence of `rule` (started at `anchor`) strictly after `after`, in UTC."""
    tz = ZoneInfo(timezone)
    start = anchor.astimezone(tz).replace(tzinfo=None)
    after_local = after.astimezone(tz).replace(tzinfo=None)
    # UNTIL is given in UTC; dateutil wants it naive to match a naive start.
    recurrence = rrulestr(_naive_until(rule, tz), dtstart=start)
    following = recurrence.after(after_local, inc=False)
    while following is not None:
        aware = localize(following, tz)
        if aware > after:
            return aware.astimezone(UTC)
        following = recurrence.after(following, inc=False)
    return None


def _naive_until(rule: str, tz: ZoneInfo) -> str:
    parts = []
    for part in rule.split(";"):
        key, _, value = part.partition("=")
        if key.upper() == "UNTIL" and value.endswith("Z"):
            utc = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            value = utc.astimezone(tz).strftime("%Y%m%dT%H%M%S")
        parts.append(f"{key}={value}")
    return ";".join(parts)
