"""Telling a person, on their next message, about deliveries that could not reach them."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.formatting import when_text
from bot.models import Delivery, DeliveryKind
from bot.ports import Store

MAX_LISTED = 5
_KIND = {
    DeliveryKind.REMINDER: "reminder",
    DeliveryKind.SNOOZED: "reminder",
    DeliveryKind.ALERT: "event alert",
    DeliveryKind.AGENDA: "daily agenda",
    DeliveryKind.TASK: "task",
}


async def failure_note(store: Store, user_id: int, tz: ZoneInfo, now: datetime) -> str | None:
    """A short note listing deliveries that failed since the user last wrote, if any."""
    failures = await store.deliveries.take_failures(user_id, now)
    if not failures:
        return None
    lines = [await _line(store, f, tz, now) for f in failures[:MAX_LISTED]]
    if len(failures) > MAX_LISTED:
        lines.append(f"• and {len(failures) - MAX_LISTED} more")
    return "⚠️ I couldn't deliver some messages to you:\n" + "\n".join(lines)


async def _line(store: Store, failure: Delivery, tz: ZoneInfo, now: datetime) -> str:
    what = _KIND[failure.kind]
    if failure.kind in (DeliveryKind.REMINDER, DeliveryKind.SNOOZED):
        reminder = await store.reminders.by_id(failure.ref_id)
        what += f" “{reminder.text}”" if reminder else ""
    elif failure.kind is DeliveryKind.ALERT:
        event = await store.events.by_id(failure.ref_id)
        what += f" “{event.title}”" if event else ""
    elif failure.kind is DeliveryKind.TASK:
        task = await store.tasks.by_id(failure.ref_id)
        what += f" “{task.text}”" if task else ""
    reason = (failure.error or "unknown error").splitlines()[0][:120]
    return f"• {what}, due {when_text(failure.due_at, tz, now)} ({reason})"
