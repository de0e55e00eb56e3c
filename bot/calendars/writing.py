"""A person's events and reminders written as one calendar file (RFC 5545).

Events are VEVENTs: times in their own zone (with its VTIMEZONE), all-day events as dates,
a series with its RRULE and EXDATEs, a changed occurrence with its RECURRENCE-ID. Reminders
are VTODOs due when they speak, each with a VALARM at that moment, so calendar apps that
keep tasks show them and ring; apps that show only events leave them out. Importing the
file back gives the same events: each keeps its UID (made from its id when it had none).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.models import Event, Reminder

if TYPE_CHECKING:  # icalendar is loaded when a calendar is written, not at start-up
    import icalendar

PRODID = "-//Nudge//Calendar 1.0//EN"
_OWN_UID = re.compile(r"^nudge-event-(\d+)@nudge$")


def event_uid(event: Event) -> str:
    """The UID an event is written with: the one it was imported with, else one from its id."""
    return event.uid or f"nudge-event-{event.id}@nudge"


def own_event_id(uid: str) -> int | None:
    """The id in a UID `event_uid` made from one, for finding the event when re-imported."""
    match = _OWN_UID.match(uid)
    return int(match.group(1)) if match else None


def write_calendar(
    events: Sequence[Event], reminders: Sequence[Reminder], *, name: str, now: datetime
) -> bytes:
    import icalendar

    calendar = icalendar.Calendar.new(
        prodid=PRODID, name=name, method="PUBLISH", calscale="GREGORIAN"
    )
    for event in events:
        calendar.add_component(_vevent(event, now))
    for reminder in reminders:
        calendar.add_component(_vtodo(reminder, now))
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data


def event_file(event: Event, now: datetime) -> bytes:
    """One event as a calendar file, for "add to calendar"."""
    return write_calendar([event], [], name=event.title, now=now)


def _vevent(event: Event, now: datetime) -> icalendar.Event:
    import icalendar

    tz = ZoneInfo(event.timezone)
    component = icalendar.Event.new(
        uid=event_uid(event),
        summary=event.title,
        stamp=now.astimezone(UTC),
        start=_when(event.start_at, tz, event.all_day),
        location=event.place or None,
    )
    if event.end_at is not None:
        component.add("DTEND", _when(event.end_at, tz, event.all_day))
    if event.rrule is not None:
        component.add("RRULE", icalendar.vRecur.from_ical(event.rrule))
        for skipped in sorted(event.exdates):
            component.add("EXDATE", _when(skipped, tz, event.all_day))
    if event.recurrence_id is not None:
        component.add("RECURRENCE-ID", _when(event.recurrence_id, tz, event.all_day))
    return component


def _vtodo(reminder: Reminder, now: datetime) -> icalendar.Todo:
    import icalendar

    tz = ZoneInfo(reminder.timezone)
    first = reminder.anchor_at if reminder.rrule else reminder.due_at
    component = icalendar.Todo()
    component.add("UID", f"nudge-reminder-{reminder.id}@nudge")
    component.add("DTSTAMP", now.astimezone(UTC))
    component.add("SUMMARY", reminder.text)
    component.add("DTSTART", first.astimezone(tz))
    component.add("DUE", first.astimezone(tz))
    if reminder.rrule:
        component.add("RRULE", icalendar.vRecur.from_ical(reminder.rrule))
    alarm = icalendar.Alarm()
    alarm.add("ACTION", "DISPLAY")
    alarm.add("DESCRIPTION", reminder.text)
    alarm.add("TRIGGER", timedelta(0), parameters={"RELATED": "END"})
    component.add_component(alarm)
    return component


def _when(at: datetime, tz: ZoneInfo, all_day: bool) -> date | datetime:
    local = at.astimezone(tz)
    return local.date() if all_day else local
