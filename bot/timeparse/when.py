"""The result of reading a time phrase."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class When:
    """A resolved time: start (aware, in the user's zone), optional end and RRULE, the span."""

    start: datetime
    end: datetime | None
    rrule: str | None
    text: str
