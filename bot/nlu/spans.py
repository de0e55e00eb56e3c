"""The stretch of time a schedule question asks about, and where a moved item lands.

"tomorrow" is the whole day, "friday afternoon" 12:00–18:00 that Friday, "this week" from now
to the end of Sunday, "next week" Monday to Sunday, "this weekend" Saturday and Sunday. With no
time at all, the coming seven days.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.timeparse import When
from bot.timeparse.zones import localize

DEFAULT_DAYS = 7
_PARTS = {
    "morning": (time(6), time(12)),
    "afternoon": (time(12), time(18)),
    "evening": (time(18), time(23, 59)),
    "tonight": (time(18), time(23, 59)),
    "night": (time(18), time(23, 59)),
}
_PART = re.compile(r"\b(morning|afternoon|evening|tonight|night)\b", re.I)
_NEXT = re.compile(r"\bnext\b", re.I)
_HOUR = re.compile(r"(?<![\d:.])(\d{1,2})(?![\d])")
_MERIDIEM = re.compile(
    r"[ap]\.?m\b|\b(?:noon|midnight|midday|tonight|morning|afternoon|evening|night|o'?clock\s+at)\b"
    r"|\b0\d[:.h]|\bh\b",
    re.I,
)
_WEEK = re.compile(r"\b(this|next|coming)?\s*(week|weekend)\b", re.I)
# Next week said in the six other languages.
_NEXT_WEEK = re.compile(
    r"semana\s+que\s+viene|pr[óo]xima\s+semana|semaine\s+prochaine|n[äa]chste\s+woche|"
    r"prossima\s+settimana|settimana\s+prossima|следующей\s+неделе|следующую\s+неделю",
    re.I,
)


def _midnight(day: datetime, tz: ZoneInfo) -> datetime:
    return localize(datetime.combine(day.date(), time()), tz)


def span_of(when: When | None, text: str, now: datetime, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The window asked about in `text`, whose time phrase (if any) is `when`."""
    now = now.astimezone(tz)
    today = _midnight(now, tz)
    if _NEXT_WEEK.search(text):
        monday = today - timedelta(days=now.weekday())
        return monday + timedelta(days=7), monday + timedelta(days=14)
    if week := _WEEK.search(text):
        which, unit = (week[1] or "this").lower(), week[2].lower()
        monday = today - timedelta(days=now.weekday())
        if unit == "weekend":
            saturday = monday + timedelta(days=5 + (7 if which == "next" else 0))
            return max(saturday, now), saturday + timedelta(days=2)
        if which == "next":
            return monday + timedelta(days=7), monday + timedelta(days=14)
        return now, monday + timedelta(days=7)
    if when is None:
        return now, today + timedelta(days=DEFAULT_DAYS)
    if when.end is not None and when.end > when.start:
        return when.start, when.end
    day = _midnight(when.start.astimezone(tz), tz)
    if part := _PART.search(text):
        first, last = _PARTS[part[1].lower()]
        return localize(datetime.combine(day.date(), first), tz), localize(
            datetime.combine(day.date(), last), tz
        )
    return max(day, now) if day == today else day, day + timedelta(days=1)


_CLOCK = re.compile(r"\d|\bnoon\b|\bmidday\b|\bmidnight\b", re.I)
# Numbers that name a day, not a clock time: "the 10th", "10/12", "dec 10", "10 december".
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE_NUMBERS = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)\b|\b\d{{1,4}}[/-]\d{{1,2}}(?:[/-]\d{{2,4}})?\b|"
    rf"\b\d{{1,2}}\s+{_MONTH}|\b{_MONTH}\s+\d{{1,2}}\b|\b\d{{4}}\b",
    re.I,
)
_DAY = re.compile(r"[^\W\d_]{3,}|/|-", re.I)
_CLOCK_WORDS = re.compile(
    r"\b(?:at|am|pm|a\.m\.|p\.m\.|o'?clock|noon|midday|h|uhr|um|gegen|heures?|vers|las|horas?|"
    r"alle|ore|às|часов|часа|час|from|around|about|before|till\s+late|until\s+late|onwards?)\b"
    r"|(?<=\d)\s*-?\s*ish\b",
    re.I,
)


def grain(when: When) -> tuple[bool, bool]:
    """Whether the words named a day, and whether they named a clock time."""
    said = when.text
    has_day = _DAY.search(_CLOCK_WORDS.sub(" ", said)) is not None
    return has_day, _CLOCK.search(_DATE_NUMBERS.sub(" ", said)) is not None


def _near(clock: time, when: When, before: datetime) -> time:
    """The half of the day nearer the item's own time, for a bare hour.

    A bare "7" said of a 06:00 run is 07:00, of a 19:00 dinner 19:00, unless the words said
    which ("7pm", "19:00", "tonight").
    """
    if _MERIDIEM.search(when.text) or not (hour := _HOUR.search(when.text)) or int(hour[1]) > 12:
        return clock
    other = clock.replace(hour=(clock.hour + 12) % 24)

    def gap(at: time) -> int:
        apart = abs(at.hour * 60 + at.minute - before.hour * 60 - before.minute)
        return min(apart, 24 * 60 - apart)

    return min((clock, other), key=gap)


_DAY_PART = re.compile(r"\b(?:morning|afternoon|evening|night)\b", re.I)
_DAY_PART_ONLY = re.compile(
    r"(?:(?:in|during)\s+the\s+|at\s+)?(?:morning|afternoon|evening|night)", re.I
)


def moved(old: datetime, when: When, tz: ZoneInfo) -> datetime:
    """Where an item lands when moved "to 4pm" (its day kept) or "to friday" (its hour kept)."""
    has_day, has_clock = grain(when)
    if _DAY_PART.search(when.text):
        # "to the afternoon" is that day's afternoon; "to friday morning" is both.
        has_day, has_clock = not _DAY_PART_ONLY.fullmatch(when.text.strip()), True
    new, before = when.start.astimezone(tz), old.astimezone(tz)
    if has_clock and not has_day:
        return localize(datetime.combine(before.date(), _near(new.time(), when, before)), tz)
    if has_day and not has_clock:
        day = new.date()
        if day == before.date() and _NEXT.search(when.text):
            day += timedelta(weeks=1)  # "to next wednesday", said of a Wednesday: the week after
        return localize(datetime.combine(day, before.time()), tz)
    return when.start
