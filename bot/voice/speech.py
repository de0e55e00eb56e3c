"""What a call says, written for the ear: '3 pm', 'in 45 minutes'."""

from __future__ import annotations

from datetime import datetime, timedelta


def spoken_time(at: datetime) -> str:
    """'3 pm', '3:30 pm', 'noon'."""
    hour = at.hour % 12 or 12
    suffix = "am" if at.hour < 12 else "pm"
    if at.minute == 0:
        return "noon" if at.hour == 12 else f"{hour} {suffix}"
    return f"{hour}:{at.minute:02d} {suffix}"


def spoken_delay(delta: timedelta) -> str:
    minutes = round(delta.total_seconds() / 60)
    if minutes <= 0:
        return "now"
    if minutes < 60:
        return f"in {minutes} minute{'s' if minutes != 1 else ''}"
    hours, rest = divmod(minutes, 60)
    words = f"{hours} hour{'s' if hours != 1 else ''}"
    return f"in {words} and {rest} minute{'s' if rest != 1 else ''}" if rest else f"in {words}"


def event_alert(bot: str, title: str, start: datetime, place: str, now: datetime) -> str:
    """The spoken alert: 'Reminder from Nudge: dentist at 3 pm at Main Street, in 45 minutes'."""
    where = f" at {place}" if place else ""
    return (
        f"Reminder from {bot}: {title} at {spoken_time(start)}{where}, {spoken_delay(start - now)}."
    )


def reminder(bot: str, text: str, due: datetime) -> str:
    return f"Reminder from {bot}: {text}, due at {spoken_time(due)}."


PROMPT = "Press 1 to confirm, 2 to snooze ten minutes, 3 to cancel."
MACHINE = "Please check your messages from {bot}. Goodbye."
GONE = "This alert no longer needs you. Goodbye."
GOODBYE = "Goodbye."
SAID = {
    "1": "Confirmed. Goodbye.",
    "2": "Snoozed for ten minutes. Goodbye.",
    "3": "Cancelled. Goodbye.",
}
NOT_UNDERSTOOD = "Sorry, I didn't get that."
