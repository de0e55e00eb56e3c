"""Domain records the core works with; storage maps its rows to these."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from bot.messages import Target

# Minutes before an event at which its owner is alerted, unless they chose others.
DEFAULT_ALERT_OFFSETS = (1440, 60, 10)


class ReminderStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    FIRED = "fired"
    DONE = "done"
    CANCELLED = "cancelled"


class DeliveryKind(StrEnum):
    REMINDER = "reminder"
    SNOOZED = "snoozed"
    ALERT = "alert"
    AGENDA = "agenda"
    # A task's due time: Done and Snooze, like a reminder.
    TASK = "task"


class ItemKind(StrEnum):
    """The kinds of item a person keeps and can search."""

    NOTE = "note"
    TASK = "task"
    REMINDER = "reminder"
    EVENT = "event"


class RsvpChoice(StrEnum):
    GOING = "going"
    MAYBE = "maybe"
    NO = "no"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class User:
    id: int
    display_name: str
    timezone: str
    language: str | None
    created_at: datetime
    onboarded: bool = True
    # Some delivery to this user failed and they have not been told yet.
    undelivered: bool = False
    # The chat they chose with /deliver, read with the user when they write.
    delivery_chat: Target | None = None


@dataclass(frozen=True, slots=True)
class Identity:
    user_id: int
    channel: str
    external_id: str
    chat_id: str
    reachable: bool = True


@dataclass(frozen=True, slots=True)
class Task:
    """A task; a repeating one (`rrule`, expanded in `timezone`) is due at its next occurrence."""

    id: int
    user_id: int
    number: int
    text: str
    due_at: datetime | None
    done: bool
    created_at: datetime
    rrule: str | None = None
    timezone: str = "UTC"
    done_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Note:
    id: int
    user_id: int
    number: int
    title: str
    body: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Reminder:
    """A reminder; `due_at` is when it next speaks, `occurrence_at` the occurrence that is.

    They differ only while an occurrence is snoozed; `anchor_at` is the first occurrence, the
    start of the recurrence rule.
    """

    id: int
    user_id: int
    number: int
    text: str
    due_at: datetime
    occurrence_at: datetime
    anchor_at: datetime
    rrule: str | None
    timezone: str
    status: ReminderStatus
    channel: str
    chat_id: str
    created_at: datetime
    # Worth a phone call when a delivery of it goes unanswered.
    urgent: bool = False


@dataclass(frozen=True, slots=True)
class Event:
    """An event, or one occurrence of a recurring one.

    A recurring event (`rrule`, expanded in `timezone`) read by its number or id is the
    series: `start_at` is its first occurrence. Listings give each occurrence as an Event of
    its own, with the same id and number and that occurrence's times.
    """

    id: int
    user_id: int
    number: int
    title: str
    start_at: datetime
    end_at: datetime | None
    place: str
    cancelled: bool
    channel: str
    chat_id: str
    rrule: str | None = None
    timezone: str = "UTC"
    # Lasts whole days (from local midnight in `timezone`); from a calendar file, its UID.
    all_day: bool = False
    uid: str | None = None
    # Occurrences of the series left out (EXDATE), as UTC instants.
    exdates: frozenset[datetime] = frozenset()
    # For an occurrence of a series changed on its own, the start it replaces.
    recurrence_id: datetime | None = None

    def occurrence(self, start_at: datetime) -> Event:
        """The event as the occurrence starting at `start_at`, as long as the first."""
        end_at = None if self.end_at is None else start_at + (self.end_at - self.start_at)
        return replace(self, start_at=start_at, end_at=end_at)

    def occurring(self, at: datetime | None) -> Event:
        """The occurrence an alert names; the event itself when it does not repeat."""
        return self.occurrence(at) if self.rrule is not None and at is not None else self


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One event read from a calendar file, ready to be stored for a person.

    `uid` (with `recurrence_id` for a changed occurrence of a series) names it across
    imports, so importing the same file again updates it; `cancelled` withdraws it.
    """

    uid: str
    title: str
    start_at: datetime
    end_at: datetime | None
    place: str = ""
    all_day: bool = False
    rrule: str | None = None
    timezone: str = "UTC"
    exdates: frozenset[datetime] = frozenset()
    recurrence_id: datetime | None = None
    cancelled: bool = False
    # Sent as an invitation (METHOD:REQUEST), to be answered.
    invited: bool = False


@dataclass(frozen=True, slots=True)
class ImportCounts:
    """What importing a calendar did to events: added, updated, cancelled, left alone.

    `skipped` counts those left out: a repeat rule with no occurrence at all.
    """

    added: int = 0
    updated: int = 0
    cancelled: int = 0
    unchanged: int = 0
    skipped: int = 0


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    kind: DeliveryKind
    user_id: int
    ref_id: int
    due_at: datetime
    channel: str
    chat_id: str
    attempts: int
    status: DeliveryStatus
    message_id: str | None = None
    acknowledged_at: datetime | None = None
    sent_at: datetime | None = None
    error: str | None = None
    # For an event alert, the start of the occurrence it announces.
    occurrence_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class InboxItem:
    """An update a platform delivered and the bot acknowledged, not yet handled."""

    channel: str
    key: str
    payload: str
    attempts: int


@dataclass(frozen=True, slots=True)
class LoggedMessage:
    user_id: int
    direction: str
    channel: str
    chat_id: str
    text: str
    at: datetime


@dataclass(frozen=True, slots=True)
class SentRecord:
    """A delivery the platform accepted, and what follows it (next occurrence or agenda)."""

    delivery_id: int
    message_id: str | None
    at: datetime
    following: datetime | None = None


@dataclass(frozen=True, slots=True)
class Rsvp:
    """One person's answer to a group event; the people going are its attendees."""

    event_id: int
    user_id: int
    name: str
    choice: RsvpChoice


@dataclass(frozen=True, slots=True)
class Vote:
    """What recording an answer changed.

    `previous` is the person's earlier answer; `alerts_to` is, for someone going (not the
    organizer), the private chat their alerts will reach, or None if they have none.
    """

    previous: RsvpChoice | None
    alerts_to: Target | None = None


# One of a person's items, as a search finds it.
Found = Note | Task | Reminder | Event
