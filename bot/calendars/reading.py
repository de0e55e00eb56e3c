"""Calendar files (RFC 5545) read into calendar entries, with icalendar doing the parsing.

Google, Apple and Outlook write the same events differently: Google names IANA zones and
adds `X-WR-TIMEZONE`, Apple defines its zones in VTIMEZONE blocks, Outlook names Windows
zones ("W. Europe Standard Time"). Every time becomes an aware instant, and each event
keeps an IANA zone in which its rule repeats, so "every Monday 10:00" stays 10:00 across
daylight-saving changes. Floating times are read in the calendar's zone, else the person's;
all-day events (dates) are whole days in the person's zone.
A changed occurrence of a series (RECURRENCE-ID) becomes an event of its own, left out of
its series; STATUS:CANCELLED, or a file sent with METHOD:CANCEL, withdraws what it names.
An invitation (METHOD:REQUEST) is imported like any event, marked as one to answer.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.models import CalendarEntry
from bot.timeparse.zones import localize

if TYPE_CHECKING:  # icalendar is loaded when a calendar is read, not at start-up
    import icalendar

CALENDAR_TYPE = "text/calendar"
_ONE_DAY = timedelta(days=1)


class CalendarFileError(ValueError):
    """A file that is not a calendar we can read; the message says why, for the person."""


def is_calendar_file(name: str, data: bytes, mime_type: str = "") -> bool:
    """A calendar by its name (.ics), its declared type (text/calendar) or its first line."""
    if name.lower().endswith((".ics", ".ical", ".ifb")) or mime_type.startswith(CALENDAR_TYPE):
        return True
    return data.lstrip(b"\xef\xbb\xbf \r\n\t")[:15].upper() == b"BEGIN:VCALENDAR"


def read_calendar(data: bytes, default_zone: str) -> list[CalendarEntry]:
    """The events of a calendar file, changed occurrences after their series.

    `default_zone` reads floating times when the file names no zone of its own. Raises
    `CalendarFileError` when the file cannot be read as a calendar.
    """
    import icalendar
    from icalendar.error import GloballyUniqueTZIDGuessed

    try:
        with warnings.catch_warnings():
            # A zone named by a vendor path ("/mozilla.org/…/Europe/Paris") is read as its
            # last part on purpose, here and by `_iana`.
            warnings.simplefilter("ignore", GloballyUniqueTZIDGuessed)
            calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except (ValueError, IndexError, KeyError) as error:
        raise CalendarFileError("it isn't a calendar file I can read") from error
    if not calendars:
        raise CalendarFileError("it has no calendar in it")
    entries: list[CalendarEntry] = []
    for calendar in calendars:
        entries.extend(_entries(calendar, default_zone))
    return _with_exceptions(entries)


def _entries(calendar: icalendar.Calendar, default_zone: str) -> Iterable[CalendarEntry]:
    zone_name = _iana(str(calendar.get("X-WR-TIMEZONE", ""))) or default_zone
    method = str(calendar.get("METHOD", "")).upper()
    for component in calendar.walk("VEVENT"):
        entry = _entry(component, zone_name, default_zone, method == "CANCEL")
        if entry is not None:
            yield replace(entry, invited=method == "REQUEST")


def _entry(event: Any, calendar_zone: str, own_zone: str, cancelling: bool) -> CalendarEntry | None:
    start_prop = event.get("DTSTART")
    uid = str(event.get("UID", "")).strip()
    if start_prop is None or not uid:
        return None
    raw_start = start_prop.dt
    all_day = not isinstance(raw_start, datetime)
    # A date is the same date wherever one is: whole days are the person's own.
    zone_name = own_zone if all_day else _zone_of(start_prop, calendar_zone)
    tz = ZoneInfo(zone_name)
    start = _instant(raw_start, tz)
    end = _end(event, raw_start, start, tz)
    rules = event.get("RRULE")
    rule = _rule(rules) if rules is not None else None
    recurrence = event.get("RECURRENCE-ID")
    status = str(event.get("STATUS", "")).upper()
    return CalendarEntry(
        uid=uid,
        title=" ".join(str(event.get("SUMMARY", "")).split()) or "(no title)",
        start_at=start,
        end_at=end,
        place=" ".join(str(event.get("LOCATION", "")).split()),
        all_day=all_day,
        rrule=rule,
        timezone=zone_name,
        exdates=frozenset(_instant(at, tz) for at in event.exdates) if rule else frozenset(),
        recurrence_id=None if recurrence is None else _instant(recurrence.dt, tz),
        cancelled=cancelling or status == "CANCELLED",
    )


def _end(event: Any, raw_start: date, start: datetime, tz: ZoneInfo) -> datetime | None:
    end_prop = event.get("DTEND")
    if end_prop is not None:
        end = _instant(end_prop.dt, tz)
        return end if end > start else None
    duration = event.get("DURATION")
    if duration is not None and isinstance(duration.dt, timedelta):
        return start + duration.dt if duration.dt > timedelta(0) else None
    if not isinstance(raw_start, datetime):
        return _instant(raw_start + _ONE_DAY, tz)
    return None


def _rule(rules: Any) -> str:
    """The first RRULE as our rules are kept: RFC 5545 text without DTSTART."""
    first = rules[0] if isinstance(rules, list) else rules
    text: str = first.to_ical().decode()
    return text.removeprefix("RRULE:")


def _instant(value: date, tz: ZoneInfo) -> datetime:
    """A DATE, a floating or zoned DATE-TIME as an aware instant; wall times read in `tz`.

    A time in a zone the file defines itself (a VTIMEZONE named like Outlook's) is read as
    wall time in the IANA zone found for it, whose rules are kept up to date.
    """
    if not isinstance(value, datetime):
        return localize(datetime(value.year, value.month, value.day), tz)
    if value.tzinfo is None:
        return localize(value, tz)
    if _standard(value.tzinfo):
        return value.astimezone(UTC)
    from icalendar.timezone import tzid_from_dt

    known = _iana(tzid_from_dt(value) or "")
    if known is None:
        return value.astimezone(UTC)
    return localize(value.replace(tzinfo=None), ZoneInfo(known))


def _standard(zone: tzinfo) -> bool:
    return isinstance(zone, ZoneInfo | timezone)


def _zone_of(prop: Any, calendar_zone: str) -> str:
    """The IANA zone an event's times and rule are read in: its TZID's, else the calendar's."""
    tzid = prop.params.get("TZID")
    if tzid:
        found = _iana(str(tzid))
        if found:
            return found
    return calendar_zone


def _iana(name: str) -> str | None:
    """An IANA zone for a TZID: itself, its Windows equivalent, or a path ending in one."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    name = name.strip().strip('"')
    if not name:
        return None
    candidates = [name, WINDOWS_TO_OLSON.get(name, "")]
    parts = name.strip("/").split("/")
    candidates += ["/".join(parts[i:]) for i in range(1, len(parts))]
    for candidate in candidates:
        if not candidate:
            continue
        try:
            return ZoneInfo(candidate).key
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return None


def _with_exceptions(entries: list[CalendarEntry]) -> list[CalendarEntry]:
    """Leave each changed or cancelled occurrence out of its series; series come first."""
    replaced: dict[str, set[datetime]] = {}
    for entry in entries:
        if entry.recurrence_id is not None:
            replaced.setdefault(entry.uid, set()).add(entry.recurrence_id)
    series = [
        replace(e, exdates=e.exdates | replaced.get(e.uid, set()))
        if e.rrule is not None and e.uid in replaced
        else e
        for e in entries
        if e.recurrence_id is None
    ]
    return series + [e for e in entries if e.recurrence_id is not None]
