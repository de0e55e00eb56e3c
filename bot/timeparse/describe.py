"""A recurrence rule read back in words, so a person can check what they asked for.

"FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9,11,13,15,17;BYMINUTE=0" is "every 2 hours from 09:00
to 17:00, Monday to Friday". Only what the rule says is told: the rules `parse_when` writes are
all read in full; an unknown part is left out rather than guessed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import pairwise
from zoneinfo import ZoneInfo

from bot.timeparse.zones import zone

_DAY_NAMES = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
_ORDER = list(_DAY_NAMES)
_NTH = {"1": "first", "2": "second", "3": "third", "4": "fourth", "5": "fifth", "-1": "last"}
_UNITS = {
    "SECONDLY": "second",
    "MINUTELY": "minute",
    "HOURLY": "hour",
    "DAILY": "day",
    "WEEKLY": "week",
    "MONTHLY": "month",
    "YEARLY": "year",
}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _fields(rule: str) -> dict[str, str]:
    pairs = (p.split("=", 1) for p in rule.removeprefix("RRULE:").split(";") if "=" in p)
    return {key.strip().upper(): value.strip().upper() for key, value in pairs}


def _ints(text: str | None) -> list[int]:
    return sorted({int(v) for v in (text or "").split(",") if v.lstrip("-").isdigit()})


def _joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _every(interval: int, unit: str) -> str:
    if interval == 1:
        return f"every {unit}"
    return f"every {interval} {unit}s"


def _days(codes: list[str]) -> str:
    """Name the days: a run of three or more as "Monday to Friday", others one by one."""
    ordered = sorted(codes, key=_ORDER.index)
    indexes = [_ORDER.index(c) for c in ordered]
    if len(indexes) >= 3 and indexes == list(range(indexes[0], indexes[-1] + 1)):
        return f"{_DAY_NAMES[ordered[0]]} to {_DAY_NAMES[ordered[-1]]}"
    return _joined([_DAY_NAMES[c] for c in ordered])


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _length(minutes: int) -> str:
    if minutes % 60 == 0:
        return _every(minutes // 60, "hour")
    return _every(minutes, "minute")


def _window(freq: str, interval: int, hours: list[int], minutes: list[int]) -> list[int]:
    """The times of day a rule with hours falls on, in minutes after midnight."""
    if freq == "MINUTELY":
        first = hours[0] * 60 + (minutes[0] if minutes else 0)
        times = []
        moment = first
        while moment // 60 in hours and moment < 24 * 60:
            times.append(moment)
            moment += interval
        return times
    return sorted(h * 60 + m for h in hours for m in minutes or [0])


def _evenly_spaced(times: list[int]) -> int | None:
    steps = {b - a for a, b in pairwise(times)}
    return steps.pop() if len(times) >= 3 and len(steps) == 1 else None


def _day_phrase(freq: str, interval: int, days: list[str], fields: dict[str, str]) -> str:
    """The days a daily or longer rule falls on: "every weekday", "every other Friday"."""
    plain = [d for d in days if d in _DAY_NAMES]
    nth = [d for d in days if d not in _DAY_NAMES]
    if freq in ("DAILY", "WEEKLY") and plain:
        if set(plain) == set(_ORDER) and interval == 1:
            return "every day"
        if set(plain) == set(_ORDER[:5]) and interval == 1:
            return "every weekday"
        if interval == 1:
            return f"every {_days(plain)}"
        if interval == 2 and freq == "WEEKLY":
            return f"every other {_days(plain)}"
        return f"{_every(interval, _UNITS[freq])} on {_days(plain)}"
    head = "every other week" if freq == "WEEKLY" and interval == 2 else None
    head = head or _every(interval, _UNITS.get(freq, "time"))
    if freq == "MONTHLY" and nth:
        names = [f"the {_NTH.get(d[:-2], d[:-2])} {_DAY_NAMES.get(d[-2:], d[-2:])}" for d in nth]
        return f"{head} on {_joined(names)}"
    monthdays = _ints(fields.get("BYMONTHDAY"))
    months = _ints(fields.get("BYMONTH"))
    if freq == "YEARLY" and months and monthdays:
        return f"{head} on {monthdays[0]} {_MONTHS[months[0] - 1]}"
    if monthdays:
        named = [("the last day" if d == -1 else f"day {d}") for d in monthdays]
        return f"{head} on {_joined(named)}"
    return head


def _until(value: str, tz: ZoneInfo) -> str | None:
    try:
        if value.endswith("Z"):
            moment = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).astimezone(tz)
        else:
            moment = datetime.strptime(value[:8], "%Y%m%d")
    except ValueError:
        return None
    return f"{moment:%a} {moment.day} {_MONTHS[moment.month - 1]} {moment.year}"


def describe_rrule(rule: str, *, timezone: str = "UTC") -> str:
    """Read a recurrence rule in words: "every Monday and Thursday at 07:00".

    Times are the wall-clock times the rule carries; an UNTIL (a UTC timestamp) is told as the
    day it falls on in `timezone`.
    """
    fields = _fields(rule)
    freq = fields.get("FREQ", "")
    interval = max(1, (_ints(fields.get("INTERVAL")) or [1])[0])
    days = [d for d in fields.get("BYDAY", "").split(",") if d]
    hours = [h for h in _ints(fields.get("BYHOUR")) if 0 <= h < 24]
    minutes = [m for m in _ints(fields.get("BYMINUTE")) if 0 <= m < 60]
    times = _window(freq, interval, hours, minutes) if hours else []
    step = _evenly_spaced(times)
    if freq in ("SECONDLY", "MINUTELY", "HOURLY") and not times:
        text = _every(interval, _UNITS[freq])
        text += f", {_days(days)}" if days and all(d in _DAY_NAMES for d in days) else ""
    elif step is not None and freq in ("MINUTELY", "HOURLY", "DAILY", "WEEKLY"):
        text = f"{_length(step)} from {_clock(times[0])} to {_clock(times[-1])}"
        plain = [d for d in days if d in _DAY_NAMES]
        if plain and len(plain) < 7:
            named = _days(plain)
            text += f", {named}" if " to " in named else f", on {named}"
    else:
        text = _day_phrase(freq, interval, days, fields)
        if times:
            text += f" at {_joined([_clock(t) for t in times])}"
    if count := _ints(fields.get("COUNT")):
        text += ", once" if count[0] == 1 else f", {count[0]} times"
    if (until := fields.get("UNTIL")) and (day := _until(until, zone(timezone))):
        text += f", until {day}"
    return text
