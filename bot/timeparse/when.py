"""The result of reading a time phrase."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class When:
    """A resolved time: start (aware, in the user's zone), optional end and RRULE, the span.

    `tail` is a limit on a repeat said apart from the span, after the item's own words:
    "every tuesday at 6pm to go to choir until january 31".
    """

    start: datetime
    end: datetime | None
    rrule: str | None
    text: str
    tail: str = ""
