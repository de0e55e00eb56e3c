"""The result of reading a time phrase."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class When:
    """A resolved time: start (aware, in the user's zone), optional end and RRULE, the span.

    `tail` is a limit on a repeat said apart from the span, after the item's own words:
    "every tuesday at 6pm to go to choir until january 31".

    `vague` marks a whole period with no day or time in it ("next week", "sometime next
    month"): `start` is the period's first day at 09:00, good for a range or a move, but nobody
    said that time, so nothing should be scheduled at it.
    """

    start: datetime
    end: datetime | None
    rrule: str | None
    text: str
    tail: str = ""
    vague: bool = False
