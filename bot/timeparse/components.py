"""The pieces a time phrase is made of, before they are combined and resolved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bot.timeparse.durations import Span


@dataclass(frozen=True, slots=True)
class Clock:
    """A time of day as written; `hour24` decides what it means."""

    hour: int
    minute: int = 0
    meridiem: str | None = None  # "am" or "pm" when written
    literal: bool = False  # written so it can only mean this hour ("21:30", "09:00", "noon")
    next_day: bool = False  # "midnight": the end of the day named


@dataclass(frozen=True, slots=True)
class DaySpec:
    """A day: `candidates(today)` lists the dates it may mean, soonest first.

    One candidate means the day is fixed (it may lie in the past); several mean the phrase looks
    ahead and the first one still to come is taken.
    """

    candidates: Callable[[date], list[date]]
    past: bool = False
    hour: int | None = None  # the hour this phrase implies when no time is given
    clock: Clock | None = None
    weekday: int | None = None
    month: int | None = None
    monthday: int | None = None
    soon: bool = False  # bare "today": the next full hour once the usual hour has passed
    vague: bool = False  # a whole period ("next week"): no day in it was named


@dataclass(frozen=True, slots=True)
class Part:
    hour: int
    name: str


@dataclass(frozen=True, slots=True)
class Relative:
    span: Span
    sign: int = 1


@dataclass(frozen=True, slots=True)
class Offset:
    """A length added to the day that follows: "a week from tomorrow"."""

    span: Span


@dataclass(frozen=True, slots=True)
class Range:
    first: Clock
    last: Clock


@dataclass(frozen=True, slots=True)
class Lasting:
    """How long the thing lasts: "for 1h"."""

    span: Span


@dataclass(frozen=True, slots=True)
class Recur:
    freq: str  # RRULE FREQ
    interval: int = 1
    byday: tuple[str, ...] = ()
    bymonthday: int | None = None
    hour: int | None = None  # day part implied by "every morning"


@dataclass(frozen=True, slots=True)
class Until:
    pass


@dataclass(frozen=True, slots=True)
class Except:
    """Days a recurrence leaves out: "every day except sunday"."""

    byday: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Count:
    times: int


Value = (
    Clock | DaySpec | Part | Relative | Offset | Range | Lasting | Recur | Until | Count | Except
)


@dataclass(frozen=True, slots=True)
class Piece:
    """One recognised piece: where it is in the text, what it says, and if it may stand alone."""

    start: int
    end: int
    value: Value
    strong: bool = True
