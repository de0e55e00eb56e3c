"""Time expressions in chat text (interim version, replaced by the full grammar)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

_UNITS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "h": 3600,
    "hr": 3600,
    "hour": 3600,
    "d": 86400,
    "day": 86400,
    "w": 604800,
    "week": 604800,
}
_DURATION = re.compile(
    r"(\d+)\s*(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w)\b", re.I
)
_IN = re.compile(
    r"\bin\s+(\d+)\s*(seconds?|secs?|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w)\b", re.I
)


@dataclass(frozen=True, slots=True)
class When:
    start: datetime
    end: datetime | None
    rrule: str | None
    text: str


def parse_duration(text: str) -> timedelta | None:
    match = _DURATION.search(text)
    if not match:
        return None
    unit = match.group(2).lower().rstrip("s") or "s"
    return timedelta(seconds=int(match.group(1)) * _UNITS.get(unit, 60))


def parse_when(
    text: str,
    *,
    now: datetime,
    tz: str,
    languages: Sequence[str] | None = None,
    day_first: bool | None = None,
) -> When | None:
    match = _IN.search(text)
    if match:
        delta = parse_duration(match.group(0)[3:])
        if delta:
            return When(now.astimezone(ZoneInfo(tz)) + delta, None, None, match.group(0))
    import dateparser.search

    found = dateparser.search.search_dates(
        text[:500],
        languages=list(languages) if languages else ["en"],
        settings={
            "RELATIVE_BASE": now.astimezone(ZoneInfo(tz)).replace(tzinfo=None),
            "PREFER_DATES_FROM": "future",
            "TIMEZONE": tz,
            "RETURN_AS_TIMEZONE_AWARE": True,
        },
    )
    if not found:
        return None
    span, value = found[0]
    return When(value.astimezone(ZoneInfo(tz)), None, None, span)


def strip_span(text: str, when: When) -> str:
    head, _, tail = text.partition(when.text)
    head = re.sub(r"\s+(?:at|on|in|by)\s*$", "", head.rstrip())
    return re.sub(r"\s+", " ", f"{head} {tail}").strip()


def warm_up() -> None:
    parse_when("tomorrow at 9", now=datetime.now(ZoneInfo("UTC")), tz="UTC")
