"""Calendar arithmetic for named days: weekdays, nth weekday of a month, holidays."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta

from dateutil.easter import easter


def safe_date(year: int, month: int, day: int) -> date | None:
    """Return the date, or None when it does not exist (31 April)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def next_weekday(today: date, weekday: int) -> date:
    """Return the first day on or after today that falls on `weekday`."""
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """Return the nth (1-based; -1 the last) weekday of a month, or None if there is none."""
    if nth < 0:
        end = last_day(year, month)
        return end - timedelta(days=(end.weekday() - weekday) % 7)
    first = next_weekday(date(year, month, 1), weekday)
    found = first + timedelta(weeks=nth - 1)
    return found if found.month == month else None


def add_months(day: date, months: int) -> date:
    """Return the same day `months` later, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _fixed(month: int, day: int) -> Callable[[int], date]:
    return lambda year: date(year, month, day)


def _nth(month: int, weekday: int, nth: int) -> Callable[[int], date]:
    def build(year: int) -> date:
        found = nth_weekday(year, month, weekday, nth)
        assert found is not None
        return found

    return build


# Mother's Day and Father's Day follow the United States (2nd Sunday of May, 3rd Sunday of
# June), as does Thanksgiving (4th Thursday of November).
HOLIDAYS: dict[str, Callable[[int], date]] = {
    "christmas eve": _fixed(12, 24),
    "christmas day": _fixed(12, 25),
    "christmas": _fixed(12, 25),
    "xmas": _fixed(12, 25),
    "new year's eve": _fixed(12, 31),
    "new years eve": _fixed(12, 31),
    "new year's day": _fixed(1, 1),
    "new years day": _fixed(1, 1),
    "new year's": _fixed(1, 1),
    "new year": _fixed(1, 1),
    "valentine's day": _fixed(2, 14),
    "valentines day": _fixed(2, 14),
    "valentine's": _fixed(2, 14),
    "halloween": _fixed(10, 31),
    "thanksgiving": _nth(11, 3, 4),
    "mother's day": _nth(5, 6, 2),
    "mothers day": _nth(5, 6, 2),
    "father's day": _nth(6, 6, 3),
    "fathers day": _nth(6, 6, 3),
    "easter sunday": easter,
    "easter": easter,
}
