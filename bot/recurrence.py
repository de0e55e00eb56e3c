"""Recurring occurrences computed in the user's local time, so 09:00 stays 09:00 across DST."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from bot.timeparse.lexicon import RRULE_DAYS
from bot.timeparse.zones import localize

# Rules whose occurrences sit on a fixed grid of naive local time, by the length of one step.
_STEPS = {
    "SECONDLY": timedelta(seconds=1),
    "MINUTELY": timedelta(minutes=1),
    "HOURLY": timedelta(hours=1),
    "DAILY": timedelta(days=1),
    "WEEKLY": timedelta(weeks=1),
}


def next_occurrence(rule: str, anchor: datetime, timezone: str, after: datetime) -> datetime | None:
    """The first occurrence of `rule` (started at `anchor`) strictly after `after`, in UTC.

    A wall-clock time skipped by a clock change is delivered once, moved forward by the gap.
    """
    return next(occurrences_after(rule, anchor, timezone, after), None)


def occurrences_after(
    rule: str, anchor: datetime, timezone: str, after: datetime
) -> Iterator[datetime]:
    """Every occurrence strictly after `after`, in UTC, earliest first; the rule read once."""
    tz = ZoneInfo(timezone)
    after_local = after.astimezone(tz).replace(tzinfo=None)
    start = _rebase(rule, anchor.astimezone(tz).replace(tzinfo=None), after_local)
    # UNTIL is given in UTC; dateutil wants it naive to match a naive start.
    recurrence = rrulestr(_naive_until(rule, tz), dtstart=start)
    last = after
    following = recurrence.after(after_local, inc=False)
    while following is not None:
        aware = localize(following, tz)
        # A time skipped by a clock change lands on the next one: it comes out once.
        if aware > last:
            last = aware
            yield aware.astimezone(UTC)
        following = recurrence.after(following, inc=False)


def _rebase(rule: str, start: datetime, until: datetime) -> datetime:
    """Move the start of a grid rule forward by whole steps, to just before `until`.

    "every 5 minutes" started a year ago would otherwise be walked one occurrence at a time.
    The grid, and so every occurrence, stays the same; a COUNT needs the real start.
    """
    fields = dict(p.split("=", 1) for p in rule.upper().split(";") if "=" in p)
    step = _STEPS.get(fields.get("FREQ", ""))
    if step is None or "COUNT" in fields:
        return start
    step *= int(fields.get("INTERVAL", "1") or 1)
    # A day of margin keeps the occurrences just before `until`, which the caller may skip.
    whole = (until - start - timedelta(days=1)) // step
    return start + step * whole if whole > 0 else start


def _naive_until(rule: str, tz: ZoneInfo) -> str:
    parts = []
    for part in rule.split(";"):
        key, _, value = part.partition("=")
        if key.upper() == "UNTIL" and value.endswith("Z"):
            utc = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            value = utc.astimezone(tz).strftime("%Y%m%dT%H%M%S")
        parts.append(f"{key}={value}")
    return ";".join(parts)


def follow_start(rule: str, start: datetime, timezone: str) -> str:
    """The rule moved to a new start: one-valued BYHOUR and BYMINUTE take its wall time.

    A weekly rule on one weekday moves to the new start's weekday; several hours, minutes or
    days are left as they are.
    """
    local = start.astimezone(ZoneInfo(timezone))
    fields = _fields(rule)
    one_weekday = fields.get("FREQ") == "WEEKLY" and "," not in fields.get("BYDAY", ",")
    moved = {"BYHOUR": str(local.hour), "BYMINUTE": str(local.minute)}
    if one_weekday:
        moved["BYDAY"] = RRULE_DAYS[local.weekday()]
    return _replaced(rule, moved)


def settled(rule: str, at: datetime, timezone: str, *, clock_said: bool) -> str:
    """A repeat said loosely, made exact by the item's own time `at`.

    "make it weekly" of a Wednesday 09:30 item repeats every Wednesday at 09:30; a clock time
    in the words (`clock_said`) is kept, and so are days the words named.
    """
    local = at.astimezone(ZoneInfo(timezone))
    fields = _fields(rule)
    values = {} if clock_said else {"BYHOUR": str(local.hour), "BYMINUTE": str(local.minute)}
    out = _replaced(rule, values)
    if fields.get("FREQ") == "WEEKLY" and "BYDAY" not in fields:
        out += f";BYDAY={RRULE_DAYS[local.weekday()]}"
    if fields.get("FREQ") == "MONTHLY" and not {"BYDAY", "BYMONTHDAY"} & fields.keys():
        out += f";BYMONTHDAY={local.day}"
    return out


def earlier(rule: str, start: datetime, ahead: timedelta, timezone: str) -> str:
    """`rule` of an item at `start`, repeating `ahead` earlier.

    "every wednesday at 16:30, remind me 30 min before" repeats at 16:00, and "a day before"
    on Tuesdays.
    """
    zone = ZoneInfo(timezone)
    then, now = start.astimezone(zone), (start - ahead).astimezone(zone)
    out = _replaced(rule, {"BYHOUR": str(now.hour), "BYMINUTE": str(now.minute)})
    days = (now.date() - then.date()).days
    byday = _fields(rule).get("BYDAY")
    if days and byday and all(day in RRULE_DAYS for day in byday.split(",")):
        moved = ",".join(RRULE_DAYS[(RRULE_DAYS.index(day) + days) % 7] for day in byday.split(","))
        out = ";".join(
            f"BYDAY={moved}" if part.upper().startswith("BYDAY=") else part
            for part in out.split(";")
        )
    return out


def _fields(rule: str) -> dict[str, str]:
    return {k.upper(): v.upper() for k, _, v in (p.partition("=") for p in rule.split(";") if p)}


def _replaced(rule: str, values: dict[str, str]) -> str:
    """`rule` with one-valued parts set to `values`; parts with several values stay."""
    out = []
    for key, _, value in (part.partition("=") for part in rule.split(";") if part):
        if key.upper() in values and "," not in value:
            value = values[key.upper()]
        out.append(f"{key}={value}")
    return ";".join(out)
