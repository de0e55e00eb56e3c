"""Occurrences of recurring events and tasks, expanded as reminders are (`next_occurrence`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from itertools import islice, takewhile

from bot.recurrence import next_occurrence, occurrences_after

# Just before an instant, so that an occurrence falling exactly on it counts.
_TICK = timedelta(microseconds=1)
_EXDATE = "%Y%m%dT%H%M%SZ"
NO_SKIP: frozenset[datetime] = frozenset()


def read_exdates(text: str | None) -> frozenset[datetime]:
    """The left-out occurrences stored with an event, as UTC instants."""
    return frozenset(
        datetime.strptime(part, _EXDATE).replace(tzinfo=UTC) for part in (text or "").split()
    )


def write_exdates(exdates: Iterable[datetime]) -> str | None:
    """Left-out occurrences as stored: UTC instants, sorted, space-separated; None for none."""
    return " ".join(sorted(at.astimezone(UTC).strftime(_EXDATE) for at in exdates)) or None


def first_from(rule: str, start: datetime, timezone: str) -> datetime:
    """The first occurrence at or after `start` of the series the rule starts there.

    Raises ValueError for a rule that cannot be read or has no occurrence from `start`.
    """
    first = next_occurrence(rule, start, timezone, start - _TICK)
    if first is None:
        raise ValueError(f"the rule {rule!r} has no occurrence from {start.isoformat()}")
    return first


def after(
    rule: str, anchor: datetime, timezone: str, since: datetime, skip: frozenset[datetime] = NO_SKIP
) -> Iterator[datetime]:
    """The series' occurrences strictly after `since`, earliest first, until the rule ends.

    Those in `skip` (the series' EXDATEs) are left out.
    """
    found = occurrences_after(rule, anchor, timezone, since)
    return (at for at in found if at not in skip) if skip else found


def starts(
    rule: str,
    anchor: datetime,
    timezone: str,
    start: datetime,
    end: datetime,
    skip: frozenset[datetime] = NO_SKIP,
) -> Iterator[datetime]:
    """The series' occurrences that start in [start, end), earliest first."""
    return takewhile(lambda at: at < end, after(rule, anchor, timezone, start - _TICK, skip))


def soonest(
    rule: str,
    anchor: datetime,
    timezone: str,
    start: datetime,
    span: timedelta,
    most: int,
    skip: frozenset[datetime] = NO_SKIP,
) -> list[datetime]:
    """Up to `most` next occurrences from `start`: the first, then any within `span`."""
    found = list(islice(after(rule, anchor, timezone, start - _TICK, skip), most))
    return found[:1] + [at for at in found[1:] if at < start + span]
