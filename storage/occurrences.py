"""Occurrences of recurring events and tasks, expanded as reminders are (`next_occurrence`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from itertools import islice, takewhile

from bot.recurrence import next_occurrence, occurrences_after

# Just before an instant, so that an occurrence falling exactly on it counts.
_TICK = timedelta(microseconds=1)


def first_from(rule: str, start: datetime, timezone: str) -> datetime:
    """The first occurrence at or after `start` of the series the rule starts there.

    Raises ValueError for a rule that cannot be read or has no occurrence from `start`.
    """
    first = next_occurrence(rule, start, timezone, start - _TICK)
    if first is None:
        raise ValueError(f"the rule {rule!r} has no occurrence from {start.isoformat()}")
    return first


def after(rule: str, anchor: datetime, timezone: str, since: datetime) -> Iterator[datetime]:
    """The series' occurrences strictly after `since`, earliest first, until the rule ends."""
    return occurrences_after(rule, anchor, timezone, since)


def starts(
    rule: str, anchor: datetime, timezone: str, start: datetime, end: datetime
) -> Iterator[datetime]:
    """The series' occurrences that start in [start, end), earliest first."""
    return takewhile(lambda at: at < end, after(rule, anchor, timezone, start - _TICK))


def soonest(
    rule: str, anchor: datetime, timezone: str, start: datetime, span: timedelta, most: int
) -> list[datetime]:
    """Up to `most` next occurrences from `start`: the first, then any within `span`."""
    found = list(islice(after(rule, anchor, timezone, start - _TICK), most))
    return found[:1] + [at for at in found[1:] if at < start + span]
