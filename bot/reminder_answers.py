"""What "done" and "snooze" do to a delivered reminder, pressed as a button or keyed on a call."""

from __future__ import annotations

from datetime import datetime

from bot.models import Reminder, ReminderStatus
from bot.ports import Store
from bot.recurrence import next_occurrence


def live(reminder: Reminder) -> bool:
    return reminder.status is not ReminderStatus.CANCELLED


async def mark_done(store: Store, reminder: Reminder) -> bool:
    """A one-off reminder is done; a series goes on. Returns whether anything changed."""
    if reminder.rrule is not None or reminder.status is ReminderStatus.CANCELLED:
        return False
    await store.reminders.set_status_by_id(reminder.id, ReminderStatus.DONE)
    return True


async def put_off(store: Store, reminder: Reminder, until: datetime) -> None:
    """Deliver again at `until`: a one-off moves; a series repeats only this occurrence."""
    if reminder.rrule is None:
        await store.reminders.reschedule(reminder.id, until)
    else:
        await store.reminders.snooze_occurrence(reminder.id, until)


async def go_on(store: Store, reminder: Reminder, after: datetime) -> Reminder | None:
    """A series goes on from its first occurrence after `after`; None when none is left (fired)."""
    assert reminder.rrule is not None
    upcoming = next_occurrence(reminder.rrule, reminder.anchor_at, reminder.timezone, after)
    if upcoming is None:
        await store.reminders.set_status_by_id(reminder.id, ReminderStatus.FIRED)
        return None
    return await store.reminders.reschedule(reminder.id, upcoming)
