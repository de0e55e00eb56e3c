"""Turning local wall-clock times into aware datetimes, with daylight-saving rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def zone(name: str) -> ZoneInfo:
    """Return the zone, or UTC when the name is not a known IANA zone."""
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return ZoneInfo("UTC")


def local(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """Return the aware datetime for a wall-clock time on a day.

    A time that does not exist (the spring-forward gap) moves forward by the gap, so 02:30 on
    such a day becomes 03:30; a time that happens twice (autumn) is the first one (fold=0).
    """
    naive = datetime.combine(day, clock)
    return naive.replace(tzinfo=tz, fold=0).astimezone(UTC).astimezone(tz)


def localize(naive: datetime, tz: ZoneInfo) -> datetime:
    return local(naive.date(), naive.time(), tz)


def ceil_minute(moment: datetime) -> datetime:
    """Return the moment rounded up to a whole minute."""
    floor = moment.replace(second=0, microsecond=0)
    return floor if floor == moment else floor + timedelta(minutes=1)
