"""Combining the pieces of one phrase into a start, an end and a recurrence rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr

from bot.timeparse.calendar_days import next_weekday
from bot.timeparse.components import (
    Clock,
    Count,
    DaySpec,
    Except,
    Lasting,
    Offset,
    Part,
    Piece,
    Range,
    Recur,
    Relative,
    Until,
)
from bot.timeparse.durations import Span
from bot.timeparse.lexicon import DEFAULT_HOUR, RRULE_DAYS
from bot.timeparse.zones import ceil_minute, local, localize

_SUB_DAILY = ("SECONDLY", "MINUTELY", "HOURLY")


@dataclass(frozen=True, slots=True)
class Resolved:
    start: datetime
    end: datetime | None
    rrule: str | None
    vague: bool = False


@dataclass(slots=True)
class _Parts:
    day: DaySpec | None = None
    clock: Clock | None = None
    part: Part | None = None
    relative: Relative | None = None
    offset: Offset | None = None
    range: Range | None = None
    lasting: Lasting | None = None
    recurs: list[Recur] = field(default_factory=list)
    count: Count | None = None
    until_day: DaySpec | None = None
    until_clock: Clock | None = None
    excluded: tuple[str, ...] = ()
    cue: str | None = None  # the day part named elsewhere in the message ("dinner")


def _names_the_date(first: DaySpec, then: DaySpec) -> bool:
    """A weekday, then a day of the month ("wednesday the 16th"): the date says which one."""
    return first.weekday is not None and first.monthday is None and then.monthday is not None


def _in_period(period: DaySpec, day: DaySpec) -> DaySpec:
    """A weekday within a period: "friday next week", "next week on tuesday"."""
    weekday = day.weekday
    assert weekday is not None
    return DaySpec(
        lambda t: [next_weekday(period.candidates(t)[0], weekday)], weekday=weekday, hour=day.hour
    )


def _collect(pieces: list[Piece]) -> _Parts:
    parts = _Parts()
    until = False
    for piece in pieces:
        value = piece.value
        if isinstance(value, Until):
            until = True
        elif isinstance(value, DaySpec):
            if until and parts.until_day is None:
                parts.until_day = value
            elif parts.day is None or _names_the_date(parts.day, value):
                parts.day = value
            elif parts.day.vague and value.weekday is not None and not value.past:
                parts.day = _in_period(parts.day, value)
            elif value.vague and parts.day.weekday is not None and not parts.day.past:
                parts.day = _in_period(value, parts.day)
        elif isinstance(value, Clock):
            if until and parts.until_clock is None:
                parts.until_clock = value
            elif parts.clock is None and parts.range is None:
                parts.clock = value
        elif isinstance(value, Part):
            parts.part = parts.part or value
        elif isinstance(value, Relative):
            parts.relative = parts.relative or value
        elif isinstance(value, Offset):
            parts.offset = parts.offset or value
        elif isinstance(value, Range):
            if until and parts.clock is not None:
                parts.until_clock = value.last
            else:
                parts.range = parts.range or value
        elif isinstance(value, Lasting):
            parts.lasting = parts.lasting or value
        elif isinstance(value, Recur):
            parts.recurs.append(value)
        elif isinstance(value, Except):
            parts.excluded += value.byday
        else:
            parts.count = parts.count or value
    return parts


def hour24(clock: Clock, hint: str | None, english: bool) -> int:
    """Return the hour a written time means.

    With am/pm, or written in 24-hour style, it is what it says. After an evening cue
    ("tonight at 8", "evening") an hour below 12 is in the afternoon; around midday ("lunch")
    hours 1 to 5 are. Otherwise, in English,
    hours 1 to 7 mean the afternoon (people arrange little at 3 a.m.): "at 3" is 15:00, while
    "at 9" is 09:00. Other languages use the 24-hour clock, so "um 3" is 03:00.
    """
    if clock.meridiem:
        return clock.hour % 12 + (12 if clock.meridiem == "pm" else 0)
    if clock.literal or clock.hour >= 12:
        return clock.hour
    if hint in ("afternoon", "evening"):
        return clock.hour + 12
    if hint in ("night", "tonight"):
        return clock.hour + 12 if clock.hour >= 6 else clock.hour
    if hint == "midday":
        return clock.hour + 12 if 1 <= clock.hour <= 5 else clock.hour
    if hint == "morning" or not english:
        return clock.hour
    return clock.hour + 12 if 1 <= clock.hour <= 7 else clock.hour


def _last_hour(first: int, last: Clock, hint: str | None, english: bool) -> int:
    """The hour a range ends, after its start when a bare hour allows: "from 6 to 9" is 18–21."""
    hour = hour24(last, hint, english)
    if not (last.meridiem or last.literal) and hour < first < hour + 12 < 24:
        return hour + 12
    return hour


def _hint(parts: _Parts) -> str | None:
    if parts.part is not None:
        return parts.part.name
    hour = parts.day.hour if parts.day is not None else None
    if hour is None and parts.recurs:
        hour = parts.recurs[0].hour
    named = {9: "morning", 15: "afternoon", 19: "evening", 21: "night"}.get(hour or -1)
    return named or parts.cue


def _time_of(clock: Clock, hint: str | None, english: bool) -> tuple[time, int]:
    """Return the wall-clock time and how many days after the named day it falls."""
    return time(hour24(clock, hint, english), clock.minute), 1 if clock.next_day else 0


def _wanted_time(parts: _Parts, english: bool) -> tuple[time, int] | None:
    hint = _hint(parts)
    if parts.range is not None:
        return _time_of(parts.range.first, hint, english)
    if parts.clock is not None:
        return _time_of(parts.clock, hint, english)
    if parts.day is not None and parts.day.clock is not None:
        return _time_of(parts.day.clock, hint, english)
    if parts.part is not None:
        return time(parts.part.hour), 0
    if parts.day is not None and parts.day.hour is not None:
        return time(parts.day.hour), 0
    return None


def _shift(moment: datetime, span: Span, sign: int, tz: ZoneInfo) -> datetime:
    """Move by a length, days by the calendar and hours in real time.

    Whole days, weeks and months keep the wall-clock time; hours, minutes and seconds are
    elapsed time, so "in 2 hours" across a clock change is 2 real hours.
    """
    days = timedelta(days=span.delta.days)
    rest = span.delta - days
    naive = moment.astimezone(tz).replace(tzinfo=None)
    naive += sign * days + relativedelta(months=sign * span.months)
    return (localize(naive, tz).astimezone(UTC) + sign * rest).astimezone(tz)


def _end(parts: _Parts, start: datetime, english: bool, recurring: bool) -> datetime | None:
    tz = start.tzinfo
    assert isinstance(tz, ZoneInfo)
    window = recurring and parts.recurs[0].freq in _SUB_DAILY
    last: Clock | None = parts.range.last if parts.range and not window else None
    if last is None and parts.until_clock is not None and not recurring:
        last = parts.until_clock
    if last is not None:
        wall, extra = _time_of(last, _hint(parts), english)
        wall = wall.replace(hour=_last_hour(start.hour, last, _hint(parts), english))
        end = local(start.date() + timedelta(days=extra), wall, tz)
        return end if end > start else local(start.date() + timedelta(days=1), wall, tz)
    if parts.lasting is not None and not (recurring and _bounds_the_rule(parts)):
        return _shift(start, parts.lasting.span, 1, tz)
    return None


def _is_long(span: Span) -> bool:
    return span.months > 0 or span.delta >= timedelta(days=1)


_STEPS = {"HOURLY": timedelta(hours=1), "MINUTELY": timedelta(minutes=1)}


def _bounds_the_rule(parts: _Parts) -> bool:
    """Tell if "for <length>" limits the repetition rather than saying how long each lasts.

    "every day for 2 weeks" and "every 15 minutes for 2 hours" stop after that long; in
    "every monday at 10 for 1h" each occurrence lasts an hour.
    """
    if parts.lasting is None:
        return False
    span = parts.lasting.span
    if _is_long(span):
        return True
    rec = parts.recurs[0] if parts.recurs else None
    if rec is None or parts.range is not None or rec.freq not in _STEPS:
        return False
    return span.delta > _STEPS[rec.freq] * rec.interval


def _pick(
    day: DaySpec | None, offset: Offset | None, wall: time, extra: int, now: datetime, tz: ZoneInfo
) -> datetime:
    today = now.astimezone(tz).date()
    candidates = [today, today + timedelta(days=1)] if day is None else day.candidates(today)
    if offset is not None:
        span = offset.span
        candidates = [candidates[0] + span.delta + relativedelta(months=span.months)]
    moments = [local(d + timedelta(days=extra), wall, tz) for d in candidates]
    if day is not None and day.past:
        return moments[0]
    return next((m for m in moments if m >= now), moments[0])


def _resolve_single(parts: _Parts, now: datetime, tz: ZoneInfo, english: bool) -> datetime | None:
    here = now.astimezone(tz)
    rel = parts.relative
    wanted = _wanted_time(parts, english)
    if rel is not None:
        moved = _shift(here, rel.span, rel.sign, tz)
        if wanted is not None and _is_long(rel.span):
            return local(moved.date() + timedelta(days=wanted[1]), wanted[0], tz)
        return moved.replace(microsecond=0)
    if parts.day is None and wanted is None:
        return None
    if wanted is None:
        day = parts.day
        assert day is not None
        start = _pick(day, parts.offset, time(DEFAULT_HOUR), 0, now, tz)
        if day.soon and start < now:
            return ceil_minute(here).replace(minute=0) + timedelta(hours=1)
        return start
    return _pick(parts.day, parts.offset, wanted[0], wanted[1], now, tz)


def _merge_recurs(parts: _Parts) -> Recur:
    base = parts.recurs[0]
    byday = base.byday
    for other in parts.recurs[1:]:
        if not byday and other.byday:
            byday = other.byday
    bymonthday = base.bymonthday or next((r.bymonthday for r in parts.recurs if r.bymonthday), None)
    return Recur(base.freq, base.interval, byday, bymonthday, base.hour)


def _without(
    freq: str, interval: int, byday: tuple[str, ...], excluded: tuple[str, ...]
) -> tuple[str, tuple[str, ...]]:
    """Leave the excluded days out: "every day except sunday" is weekly from Monday to Saturday."""
    if not byday:
        byday = RRULE_DAYS
        if freq == "DAILY" and interval == 1:
            freq = "WEEKLY"
    return freq, tuple(d for d in byday if d not in excluded)


def _rrule(parts: _Parts, now: datetime, tz: ZoneInfo, english: bool) -> Resolved | None:
    rec = _merge_recurs(parts)
    freq, byday, bymonth, bymonthday = rec.freq, rec.byday, None, rec.bymonthday
    day = parts.day
    if day is not None:
        if day.weekday is not None and not byday and freq in ("WEEKLY", "DAILY"):
            freq, byday = "WEEKLY", (RRULE_DAYS[day.weekday],)
        elif day.month is not None and day.monthday is not None:
            freq, bymonth, bymonthday = "YEARLY", day.month, day.monthday
        elif day.monthday is not None and bymonthday is None:
            freq, bymonthday = "MONTHLY", day.monthday
    if parts.excluded and all(len(d) == 2 for d in byday):
        freq, byday = _without(freq, rec.interval, byday, parts.excluded)
        if not byday:
            return None
    rule = [f"FREQ={freq}"]
    if rec.interval > 1:
        rule.append(f"INTERVAL={rec.interval}")
    if bymonth:
        rule.append(f"BYMONTH={bymonth}")
    if bymonthday:
        rule.append(f"BYMONTHDAY={bymonthday}")
    if byday:
        rule.append(f"BYDAY={','.join(byday)}")
    here = now.astimezone(tz)
    midnight = here.replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0)
    anchor = midnight
    if freq in _SUB_DAILY:
        if parts.range is not None:
            first = hour24(parts.range.first, _hint(parts), english)
            last = _last_hour(first, parts.range.last, _hint(parts), english)
            step = rec.interval if freq == "HOURLY" else 1
            hours = ",".join(str(h) for h in range(first, last + 1, step))
            if freq == "HOURLY":
                rule = ["FREQ=DAILY", *(r for r in rule[1:] if not r.startswith("INTERVAL="))]
                rule.append(f"BYHOUR={hours}")
                rule.append(f"BYMINUTE={parts.range.first.minute}")
            else:
                rule.append(f"BYHOUR={','.join(str(h) for h in range(first, last))}")
        else:
            anchor = ceil_minute(here).replace(tzinfo=None)
            unit = {"HOURLY": timedelta(hours=1), "MINUTELY": timedelta(minutes=1)}.get(
                freq, timedelta(seconds=1)
            )
            anchor += unit * rec.interval
    else:
        wanted = _wanted_time(parts, english)
        wall = wanted[0] if wanted else time(rec.hour if rec.hour is not None else DEFAULT_HOUR)
        rule.append(f"BYHOUR={wall.hour}")
        rule.append(f"BYMINUTE={wall.minute}")
    body = ";".join(rule)
    # The first occurrence is the next matching day: "every other tuesday" starts this Tuesday,
    # and the interval counts from there when the rule is expanded from `start`.
    probe = body if freq in _SUB_DAILY else body.replace(f";INTERVAL={rec.interval}", "")
    start = _first(probe, anchor, now, tz)
    if start is None:
        return None
    limit = _limit(parts, now, tz, english)
    if limit:
        body += ";" + limit
    return Resolved(start, _end(parts, start, english, recurring=True), body)


def _first(body: str, anchor: datetime, now: datetime, tz: ZoneInfo) -> datetime | None:
    rule = rrulestr(body, dtstart=anchor)
    cursor = anchor
    for _ in range(4):
        found = rule.after(cursor, inc=cursor == anchor)
        if found is None:
            return None
        moment = localize(found, tz)
        if moment >= now:
            return moment
        cursor = max(found, now.astimezone(tz).replace(tzinfo=None))
    return None


def _limit(parts: _Parts, now: datetime, tz: ZoneInfo, english: bool) -> str | None:
    if parts.count is not None:
        return f"COUNT={parts.count.times}"
    until: datetime | None = None
    if parts.until_day is not None or parts.until_clock is not None:
        sub = _Parts(day=parts.until_day, clock=parts.until_clock)
        wanted = _wanted_time(sub, english)
        if wanted is None or parts.until_clock is None:
            wanted = (time(23, 59, 59), 0)
        until = _pick(parts.until_day, None, wanted[0], wanted[1], now, tz)
    elif parts.lasting is not None and _bounds_the_rule(parts):
        until = _shift(now, parts.lasting.span, 1, tz)
    if until is None:
        return None
    return "UNTIL=" + until.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def resolve(
    pieces: list[Piece], now: datetime, tz: ZoneInfo, english: bool, cue: str | None = None
) -> Resolved | None:
    """Return the moment (and end, and rule) the pieces of one phrase describe.

    `cue` is the day part the rest of the message names ("dinner" is the evening); it sets the
    day part of a bare clock time when the phrase itself names none.
    """
    parts = _collect(pieces)
    parts.cue = cue
    if parts.recurs:
        return _rrule(parts, now, tz, english)
    start = _resolve_single(parts, now, tz, english)
    if start is None:
        return None
    vague = bool(parts.day and parts.day.vague) and _wanted_time(parts, english) is None
    vague = vague and parts.relative is None and parts.offset is None
    return Resolved(start, _end(parts, start, english, recurring=False), None, vague)
