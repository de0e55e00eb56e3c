"""Clock times and dates that do not exist, which the time parser would silently skip."""

from __future__ import annotations

import re

from bot.timeparse.calendar_days import safe_date
from bot.timeparse.lexicon import MONTHS, alternation

_CLOCK = re.compile(r"(?<![\d:.])(\d{1,2}):(\d{2})(?![\d:])")
_MONTH = alternation(MONTHS)
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\b\.?(?:,?\s+(\d{{4}}))?", re.I
)
_MONTH_DAY = re.compile(
    rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I
)


def impossible_time(text: str) -> str | None:
    """A clock time or date in `text` that does not exist ("25:00", "30 feb"), if any.

    The parser skips what it cannot read, so without this "tomorrow 25:00" would quietly
    become tomorrow morning.
    """
    for match in _CLOCK.finditer(text):
        if int(match[1]) > 24 or int(match[2]) > 59:
            return match[0]
    for match, day, month, year in (
        *((m, m[1], m[2], m[3]) for m in _DAY_MONTH.finditer(text)),
        *((m, m[2], m[1], m[3]) for m in _MONTH_DAY.finditer(text)),
    ):
        if safe_date(int(year or 2024), MONTHS[month.lower()], int(day)) is None:
            return match[0]  # with no year, 2024: a year in which 29 Feb exists
    return None
