"""The English grammar: regular expressions that find the pieces of a time phrase."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.timeparse.calendar_days import (
    HOLIDAYS,
    add_months,
    last_day,
    next_weekday,
    nth_weekday,
    safe_date,
)
from bot.timeparse.components import (
    Clock,
    Count,
    DaySpec,
    Except,
    Lasting,
    Offset,
    Part,
    Piece,
    Range,
    Recur,
    Relative,
    Until,
    Value,
)
from bot.timeparse.durations import DURATION, number, parse_span
from bot.timeparse.lexicon import (
    AMBIGUOUS_WEEKDAYS,
    DAY_PARTS,
    MONTHS,
    NOT_A_DAY_BEFORE,
    NUMBER_WORDS,
    ORDINALS,
    RRULE_DAYS,
    WEEKDAYS,
    alternation,
)


@dataclass(frozen=True, slots=True)
class Context:
    day_first: bool


Builder = Callable[[re.Match[str], Context], Value | None]

_WD = alternation(WEEKDAYS)
_MON = alternation(MONTHS)
_ORD = alternation(ORDINALS)
_SMALL = alternation(w for w, n in NUMBER_WORDS.items() if n <= 12 and " " not in w and n > 0)
_HOLIDAY = alternation(HOLIDAYS).replace("'", "['’]?")
_AMPM = r"(?:([ap])\.?m\b\.?)"
# A number ends a time unless a unit or a street follows: "at 12 King Street" is an address.
_STREET = r"(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|square|sq|close)\b"
_END_OF_NUMBER = rf"(?![\w:.'/-]|\s*(?:%|percent)|\s+(?!(?:on|at|in|by)\b)(?:\w+\s+)?{_STREET})"
_TIME = rf"(\d{{1,2}})(?:[:.](\d{{2}}))?\s*{_AMPM}?"
_PLURAL = rf"(?:{alternation(w for w in WEEKDAYS if w.endswith('day'))})s"
_WDLIST = rf"(?:{_WD})s?(?:(?:\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)|\s+)(?:{_WD})s?)*"
# Hours in words, without "a" and "an" ("Anish" is a name, not "an-ish").
_HOUR_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
# "7ish", "7-ish", "7 ish": about that time, which is read as that time.
_ISH = r"\s*-?\s*ish\b"


def _int(text: str | None) -> int:
    return int(number(text)) if text else 0


def _hour_word(text: str) -> int:
    return int(number(text)) if not text.isdigit() else int(text)


def _clock(hour: str, minute: str | None, ampm: str | None) -> Clock | None:
    h, m = int(hour), int(minute or 0)
    if m > 59 or h > 24 or (ampm and not 1 <= h <= 12):
        return None
    literal = h == 0 or h > 12 or (hour.startswith("0") and len(hour) == 2)
    return Clock(h % 24, m, f"{ampm}m" if ampm else None, literal)


# Clock times ---------------------------------------------------------------------------------

_LEAD = r"(?:\b(?:at|by|around|about|before)\s+|@\s*)?"


def _b_meridiem(m: re.Match[str], _: Context) -> Value | None:
    return _clock(m[1], m[2], m[3])


def _b_colon(m: re.Match[str], _: Context) -> Value | None:
    return _clock(m[1], m[2], None)


def _b_dot(m: re.Match[str], _: Context) -> Value | None:
    if not m[0].lstrip().startswith(("at", "@", "by")) and m[2] not in ("00", "15", "30", "45"):
        return None
    return _clock(m[1], m[2], None)


def _b_at(m: re.Match[str], _: Context) -> Value | None:
    return _clock(str(_hour_word(m[1])) if not m[1].isdigit() else m[1], None, None)


def _b_ish(m: re.Match[str], _: Context) -> Value | None:
    hour = m[1] if m[1].isdigit() else str(_hour_word(m[1]))
    return _clock(hour, m[2], m[3] or m[4])


def _b_oclock(m: re.Match[str], _: Context) -> Value | None:
    return _clock(str(_hour_word(m[1])), None, m[2])


def _b_past_to(m: re.Match[str], _: Context) -> Value | None:
    if m[1][0].isdigit() and _names_an_item(m):
        return None
    amount = {"quarter": 15, "half": 30}.get(m[1])
    minutes = amount if amount is not None else int(number(m[1].replace("-", " ")))
    target = m[3]
    if target in ("noon", "midday"):
        hour, ampm = 12, "p"
    elif target == "midnight":
        hour, ampm = 0, None
    else:
        hour, ampm = _hour_word(target), m[4]
    if m[2] in ("to", "till", "til"):
        hour, minutes = (hour - 1) % 24, 60 - minutes
        if hour == 0 and ampm:
            hour = 12
    return _clock(str(hour), str(minutes), ampm)


def _b_half(m: re.Match[str], _: Context) -> Value | None:
    return _clock(str(_hour_word(m[1])), "30", None)


def _b_noon(m: re.Match[str], _: Context) -> Value | None:
    if m[1] == "midnight":
        return Clock(0, 0, None, literal=True, next_day=True)
    return Clock(12, 0, None, literal=True)


# Ranges, lengths, counts ---------------------------------------------------------------------


def _b_range(m: re.Match[str], _: Context) -> Value | None:
    first = _clock(m[1], m[2], m[3])
    last = _clock(m[4], m[5], m[6])
    if first is None or last is None:
        return None
    if last.meridiem and not first.meridiem and not first.literal:
        start = first.hour % 12 + (12 if last.meridiem == "pm" else 0)
        end = last.hour % 12 + (12 if last.meridiem == "pm" else 0)
        meridiem = last.meridiem if start < end else ("am" if last.meridiem == "pm" else "pm")
        first = Clock(first.hour, first.minute, meridiem)
    return Range(first, last)


# A number that names an item ("reminder 1", "task #3") is not the start of a range of hours.
_ITEM_BEFORE = re.compile(
    r"(?:\b(?:reminders?|tasks?|items?|notes?|events?|todos?|number|no)\.?\s*|#"
    r"|\b(?:move|change|push|reschedule|shift|postpone|delay|bump)\s+(?:\w+\s+)?)$"
)


def _names_an_item(m: re.Match[str]) -> bool:
    return bool(_ITEM_BEFORE.search(m.string[max(0, m.start() - 24) : m.start()]))


def _b_plain_range(m: re.Match[str], ctx: Context) -> Value | None:
    if not (m[3] or m[6] or m[2] or m[5]):
        return None
    if _names_an_item(m):
        return None
    return _b_range(m, ctx)


def _b_lasting(m: re.Match[str], _: Context) -> Value | None:
    span = parse_span(m[1])
    return Lasting(span) if span else None


def _b_count(m: re.Match[str], _: Context) -> Value | None:
    times = int(number(m[1]))
    return Count(times) if times > 0 else None


# Relative ------------------------------------------------------------------------------------


def _b_in(m: re.Match[str], _: Context) -> Value | None:
    span = parse_span(m[1])
    return Relative(span) if span else None


def _b_ago(m: re.Match[str], _: Context) -> Value | None:
    span = parse_span(m[1])
    return Relative(span, -1) if span else None


def _b_offset(m: re.Match[str], _: Context) -> Value | None:
    span = parse_span(m[1])
    return Offset(span) if span else None


# Days ----------------------------------------------------------------------------------------


def _one(days: int) -> Callable[[date], list[date]]:
    return lambda today: [today + timedelta(days=days)]


def _b_dayword(m: re.Match[str], _: Context) -> Value | None:
    word = " ".join(m[0].split()).removeprefix("the ")
    if word.startswith("day after"):
        return DaySpec(_one(2))
    if word.startswith("day before"):
        return DaySpec(_one(-2), past=True)
    if word in ("tomorrow", "tmrw", "tmr", "tomorow", "tommorow", "tommorrow", "2moro", "2morrow"):
        return DaySpec(_one(1))
    if word == "yesterday":
        return DaySpec(_one(-1), past=True)
    if word == "tonight":
        return DaySpec(_one(0), hour=DAY_PARTS["tonight"])
    if word.startswith("this "):
        return DaySpec(_one(0), hour=DAY_PARTS[word.split()[1]])
    return DaySpec(_one(0), soon=True)


_CLOCK_AFTER = re.compile(
    rf"\s+(?:at\s+|around\s+|about\s+)?(?:\d{{1,2}}(?:[:.]\d{{2}}\s*(?:[ap]\.?m\b)?|\s*[ap]\.?m\b)"
    rf"|(?:\d{{1,2}}|{_HOUR_WORD}){_ISH})"
)
_PART_AFTER = re.compile(r"\s+(?:morning|afternoon|evening|night|lunchtime)\b")
_WORD_BEFORE = re.compile(r"([a-z']+)[^a-z']*$")
_ENDS = re.compile(r"[\s.!?,;:)]*$")


def _means_a_day(m: re.Match[str], start: int) -> bool:
    """Tell if "sat", "sun", "wed" or "mon" at `start` is a day rather than the ordinary word.

    It is one before a clock time or a part of the day ("sat 11:15", "wed morning"), or at the
    very end of the message ("book the car in sat"), unless the word before makes it the ordinary
    word: "i sat", "the sun", "got wed", "c'mon".
    """
    text, end = m.string, m.end()
    if start and text[start - 1] in "'’":
        return False
    before = _WORD_BEFORE.search(text[max(0, start - 24) : start])
    if before is not None and before[1] in NOT_A_DAY_BEFORE:
        return False
    return bool(
        _CLOCK_AFTER.match(text, end) or _PART_AFTER.match(text, end) or _ENDS.fullmatch(text, end)
    )


def _b_weekday(m: re.Match[str], _: Context) -> Value | None:
    cue, name = (m[1] or "").split(), m[2]
    if name in AMBIGUOUS_WEEKDAYS and not cue and not _means_a_day(m, m.start(2)):
        return None
    weekday = WEEKDAYS[name]
    if cue and cue[0] == "last":
        return DaySpec(
            lambda t: [t - timedelta(days=(t.weekday() - weekday - 1) % 7 + 1)], past=True
        )
    if cue and cue[0] == "next":
        return DaySpec(lambda t: [next_weekday(t + timedelta(days=1), weekday)], weekday=weekday)

    def ahead(t: date) -> list[date]:
        first = next_weekday(t, weekday)
        return [first, first + timedelta(weeks=1)]

    return DaySpec(ahead, weekday=weekday)


def _b_weekend(m: re.Match[str], _: Context) -> Value | None:
    def this(t: date) -> list[date]:
        if t.weekday() == 6:
            return [t, t + timedelta(days=6)]
        sat = next_weekday(t, 5)
        return [sat, sat + timedelta(days=1), sat + timedelta(weeks=1)]

    if m[1] == "next":
        return DaySpec(lambda t: [t - timedelta(days=t.weekday()) + timedelta(days=12)])
    return DaySpec(this)


def _b_next_period(m: re.Match[str], _: Context) -> Value | None:
    unit = m[1]
    if unit == "week":
        return DaySpec(lambda t: [t + timedelta(days=7 - t.weekday())], vague=True)
    if unit == "month":
        return DaySpec(lambda t: [add_months(t.replace(day=1), 1)], vague=True)
    return DaySpec(lambda t: [date(t.year + 1, 1, 1)], vague=True)


def _b_end_of(m: re.Match[str], _: Context) -> Value | None:
    unit = m[1]
    if unit == "day":
        return DaySpec(lambda t: [t], hour=17)
    if unit == "week":
        return DaySpec(lambda t: [next_weekday(t, 4), next_weekday(t, 4) + timedelta(7)], hour=17)
    if unit == "month":
        return DaySpec(lambda t: [last_day(t.year, t.month), last_day(*_month_after(t))], hour=17)
    return DaySpec(lambda t: [date(t.year, 12, 31), date(t.year + 1, 12, 31)], hour=17)


def _month_after(t: date) -> tuple[int, int]:
    nxt = add_months(t.replace(day=1), 1)
    return nxt.year, nxt.month


def _b_last_day(m: re.Match[str], _: Context) -> Value | None:
    if m[1] == "next":
        return DaySpec(lambda t: [last_day(*_month_after(t))])
    return DaySpec(lambda t: [last_day(t.year, t.month), last_day(*_month_after(t))])


def _b_nth_weekday(m: re.Match[str], _: Context) -> Value | None:
    nth, weekday, which = ORDINALS[m[1]], WEEKDAYS[m[2]], " ".join(m[3].split())
    if which in MONTHS:
        month = MONTHS[which]
        return DaySpec(
            lambda t: [
                d for y in (t.year, t.year + 1) if (d := nth_weekday(y, month, weekday, nth))
            ]
        )

    def months(t: date) -> list[date]:
        firsts = [t.replace(day=1), add_months(t.replace(day=1), 1)]
        if which == "next month":
            firsts = firsts[1:]
        return [d for f in firsts if (d := nth_weekday(f.year, f.month, weekday, nth))]

    return DaySpec(months)


def _yearly(month: int, day: int, year: str | None) -> DaySpec | None:
    if year:
        y = int(year) + (2000 if len(year) == 2 else 0)
        found = safe_date(y, month, day)
        return DaySpec(lambda t: [found]) if found else None
    if safe_date(2024, month, day) is None:
        return None
    return DaySpec(
        lambda t: [d for y in range(t.year, t.year + 5) if (d := safe_date(y, month, day))][:2],
        month=month,
        monthday=day,
    )


def _b_iso(m: re.Match[str], _: Context) -> Value | None:
    found = safe_date(int(m[1]), int(m[2]), int(m[3]))
    if found is None:
        return None
    clock = _clock(m[4], m[5], None) if m[4] else None
    return DaySpec(lambda t: [found], clock=clock)


def _b_numeric(m: re.Match[str], ctx: Context) -> Value | None:
    a, b = int(m[1]), int(m[2])
    if m[0] == "24/7":
        return None
    dated = re.search(
        r"\b(?:on|by|until|till|from)\s+$", m.string[max(0, m.start() - 7) : m.start()]
    )
    if m[0] in ("1/2", "1/3", "1/4", "3/4", "2/3") and not dated:
        return None  # a fraction ("1/2 cup") unless a date is clearly meant ("on 3/4")
    day, month = (a, b) if ctx.day_first else (b, a)
    if month > 12 and day <= 12:
        day, month = month, day
    if not 1 <= month <= 12:
        return None
    return _yearly(month, day, m[3])


def _b_day_month(m: re.Match[str], _: Context) -> Value | None:
    return _yearly(MONTHS[m[2]], int(m[1]), m[3])


def _b_month_day(m: re.Match[str], _: Context) -> Value | None:
    return _yearly(MONTHS[m[1]], int(m[2]), m[3])


def _b_monthday(m: re.Match[str], _: Context) -> Value | None:
    day = int(m[1])
    if not 1 <= day <= 31:
        return None

    def ahead(t: date) -> list[date]:
        first = t.replace(day=1)
        months = [add_months(first, k) for k in range(4)]
        return [d for f in months if (d := safe_date(f.year, f.month, day))][:2]

    return DaySpec(ahead, monthday=day)


def _b_holiday(m: re.Match[str], _: Context) -> Value | None:
    rule = HOLIDAYS.get(m[1].replace("’", "'"), None)
    if rule is None:
        rule = HOLIDAYS[m[1].replace("’", "").replace("'", "")]
    if m[2]:
        found = rule(int(m[2]))
        return DaySpec(lambda t: [found])
    return DaySpec(lambda t: [rule(t.year), rule(t.year + 1)])


_MEALS = {"breakfast": 8, "lunch": 12, "dinner": 19, "supper": 19, "bedtime": 22}


# "after lunch" is an hour past the meal's usual hour, "before dinner" an hour ahead of it.
_MEAL_SHIFT = {"before": -1, "after": 1}


def _b_meal(m: re.Match[str], _: Context) -> Value | None:
    """A meal named as a time ("at breakfast", "after lunch"): its usual hour, or beside it."""
    return Part(_MEALS[m[2]] + _MEAL_SHIFT.get(m[1], 0), m[2])


def _b_part(m: re.Match[str], _: Context) -> Value | None:
    return Part(DAY_PARTS[m[1]], m[1])


# Recurrence ----------------------------------------------------------------------------------

_INTERVAL = rf"(?:(other|second|2nd|third|3rd|fourth|4th|\d+|{_SMALL})\s+)?"
_FREQ_UNITS = {
    "second": "SECONDLY",
    "sec": "SECONDLY",
    "minute": "MINUTELY",
    "min": "MINUTELY",
    "hour": "HOURLY",
    "hr": "HOURLY",
    "day": "DAILY",
    "week": "WEEKLY",
    "fortnight": "WEEKLY",
    "month": "MONTHLY",
    "year": "YEARLY",
}
_WORKDAYS = ("MO", "TU", "WE", "TH", "FR")
_WEEKEND = ("SA", "SU")


def _interval(word: str | None) -> int:
    if not word:
        return 1
    named = {"other": 2, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
    return named.get(word) or _int(word)


def _b_every_unit(m: re.Match[str], _: Context) -> Value | None:
    interval = _interval(m[1])
    unit = m[2]
    if interval < 1:
        return None
    if unit == "fortnight":
        interval *= 2
    return Recur(_FREQ_UNITS[unit], interval)


def _b_every_kind(m: re.Match[str], _: Context) -> Value | None:
    interval, kind = _interval(m[1]), m[2]
    if kind in ("weekday", "workday", "business day", "working day"):
        return Recur("WEEKLY", interval, _WORKDAYS)
    if kind == "weekend":
        return Recur("WEEKLY", interval, _WEEKEND)
    return Recur("DAILY", interval, hour=DAY_PARTS[kind])


def _weekday_codes(text: str) -> tuple[str, ...]:
    found = re.findall(rf"(?<![a-z])({_WD})(?=s?\b)", text)
    days = sorted({WEEKDAYS[f] for f in found})
    return tuple(RRULE_DAYS[d] for d in days)


def _b_every_weekdays(m: re.Match[str], _: Context) -> Value | None:
    return Recur("WEEKLY", _interval(m[1]), _weekday_codes(m[2]))


def _b_weekday_list(m: re.Match[str], _: Context) -> Value | None:
    """Several days named together ("mon wed fri 7am", "tues and thurs"): each week on them.

    A list of only "sat", "sun", "wed" or "mon" is read as one of them alone would be.
    """
    days = _weekday_codes(m[0])
    if len(days) < 2:
        return None
    names = re.findall(rf"(?<![a-z])({_WD})(?=s?\b)", m[0])
    if all(n in AMBIGUOUS_WEEKDAYS for n in names) and not (
        m[0].startswith("on") or _means_a_day(m, m.start())
    ):
        return None
    return Recur("WEEKLY", byday=days)


def _b_adverb(m: re.Match[str], _: Context) -> Value | None:
    word = m[1]
    table = {
        "hourly": Recur("HOURLY"),
        "daily": Recur("DAILY"),
        "nightly": Recur("DAILY", hour=DAY_PARTS["night"]),
        "weekly": Recur("WEEKLY"),
        "fortnightly": Recur("WEEKLY", 2),
        "biweekly": Recur("WEEKLY", 2),
        "monthly": Recur("MONTHLY"),
        "yearly": Recur("YEARLY"),
        "annually": Recur("YEARLY"),
    }
    return table[word]


def _b_on_plural(m: re.Match[str], _: Context) -> Value | None:
    text = m[1]
    if text.startswith("weekday"):
        return Recur("WEEKLY", byday=_WORKDAYS)
    if text.startswith("weekend"):
        return Recur("WEEKLY", byday=_WEEKEND)
    return Recur("WEEKLY", byday=_weekday_codes(text))


def _b_monthday_every(m: re.Match[str], _: Context) -> Value | None:
    day = int(m[1])
    return Recur("MONTHLY", bymonthday=day) if 1 <= day <= 31 else None


def _b_last_day_every(_m: re.Match[str], _: Context) -> Value | None:
    return Recur("MONTHLY", bymonthday=-1)


def _b_every_nth_weekday(m: re.Match[str], _: Context) -> Value | None:
    nth, weekday = ORDINALS[m[1]], WEEKDAYS[m[2]]
    return Recur("MONTHLY", byday=(f"{nth}{RRULE_DAYS[weekday]}",))


def _b_until(m: re.Match[str], _: Context) -> Value | None:
    return Until()


def _b_except(m: re.Match[str], _: Context) -> Value | None:
    text = m[1]
    if text.startswith("weekend"):
        return Except(_WEEKEND)
    if text.startswith("weekday"):
        return Except(_WORKDAYS)
    return Except(_weekday_codes(text))


_UNIT_WORDS = r"(?:sec|min|hour|hr|day|week|month|year|time|x\b)"
_DAYS_BEFORE_HOUR = (
    "today",
    "tonight",
    "tomorrow",
    *(w for w in WEEKDAYS if len(w) <= 5 or w.endswith("day")),
)
_AFTER_A_DAY = "(?:" + "|".join(rf"(?<=\b{day} )" for day in _DAYS_BEFORE_HOUR) + ")"
_FROM = (
    rf"\bfrom\s+(\d{{1,2}}|{_HOUR_WORD})(?:{_ISH}|{_END_OF_NUMBER})"
    rf"(?!\s*(?:{_UNIT_WORDS}|years?\b|to\b|-|–))"
)
PATTERNS: list[tuple[re.Pattern[str], Builder, bool]] = [
    # (pattern, builder, strong)
    (re.compile(rf"\b(?:in|within)\s+({DURATION})(?:\s+from\s+now|\s+time)?(?!\w)"), _b_in, True),
    (re.compile(rf"({DURATION})\s+(?:from\s+now|later|hence)\b"), _b_in, True),
    (re.compile(rf"({DURATION})\s+ago\b"), _b_ago, True),
    (
        re.compile(
            rf"({DURATION})\s+(?:from|after)(?=\s+(?:today|tomorrow|next|this|on|the|{_WD})\b)"
        ),
        _b_offset,
        False,
    ),
    (
        re.compile(rf"\bfor\s+(?:the\s+)?(?:next\s+|coming\s+|following\s+)?({DURATION})(?!\w)"),
        _b_lasting,
        False,
    ),
    (re.compile(rf"\b(?:for\s+)?(\d{{1,3}}|{_SMALL})\s+times\b"), _b_count, False),
    (re.compile(r"\b(?:until|till|til|through|thru|up\s+to|ending)\b"), _b_until, False),
    (
        re.compile(
            rf"\b(?:except|but(?:\s+not)?|excluding|apart\s+from|other\s+than)\s+(?:on\s+)?(?:the\s+)?"
            rf"(weekends?|weekdays?|{_WDLIST})(?!\w)"
        ),
        _b_except,
        False,
    ),
    # recurrence
    (
        re.compile(
            rf"\b(?:every|each)\s+({_ORD})\s+({_WD})\s+(?:of|in)\s+(?:the|every|each)\s+month\b"
        ),
        _b_every_nth_weekday,
        True,
    ),
    (
        re.compile(
            rf"\b(?:on\s+)?(?:the\s+)?({_ORD})\s+({_WD})\s+(?:of|in)\s+(?:every|each)\s+month\b"
        ),
        _b_every_nth_weekday,
        True,
    ),
    (
        re.compile(rf"\b(?:every|each)\s+month\s+on\s+the\s+({_ORD})\s+({_WD})\b"),
        _b_every_nth_weekday,
        True,
    ),
    # "every first monday": second, third and fourth count weeks ("every second tuesday")
    (
        re.compile(rf"\b(?:every|each)\s+(first|1st|fifth|5th|last)\s+({_WD})\b"),
        _b_every_nth_weekday,
        True,
    ),
    (
        re.compile(
            r"\b(?:(?:on\s+)?(?:the\s+)?last\s+day\s+of\s+(?:every|each)\s+month"
            r"|(?:every|each)\s+month\s+on\s+the\s+last\s+day)\b"
        ),
        _b_last_day_every,
        True,
    ),
    (
        re.compile(
            rf"\b(?:every|each)\s+{_INTERVAL}(second|sec|minute|min|hour|hr|day|week|fortnight|month|year)s?\b"
        ),
        _b_every_unit,
        True,
    ),
    (
        re.compile(
            rf"\b(?:every|each)\s+{_INTERVAL}(weekday|workday|business\s+day|working\s+day|weekend|morning|afternoon|evening|night)s?\b"
        ),
        _b_every_kind,
        True,
    ),
    (re.compile(rf"\b(?:every|each)\s+{_INTERVAL}({_WDLIST})(?!\w)"), _b_every_weekdays, True),
    # "mon wed fri", "tues and thurs": not "between monday and friday", not "next mon and tue"
    (
        re.compile(
            rf"(?<!between )(?<!next )(?<!this )(?<!last )\b(?:on\s+)?(?:{_WD})\b"
            rf"(?:(?:\s*(?:,\s*(?:and\s+)?|and\s+|&\s*|/\s*)|\s+)(?:{_WD})\b)+"
        ),
        _b_weekday_list,
        True,
    ),
    (
        re.compile(
            r"\b(hourly|daily|nightly|weekly|fortnightly|biweekly|monthly|yearly|annually)\b"
        ),
        _b_adverb,
        True,
    ),
    (
        re.compile(
            rf"\b(?:on\s+)?(weekdays|weekends|{_PLURAL}(?:\s*(?:,\s*(?:and\s+)?|and\s+|&\s*){_PLURAL})*)\b"
        ),
        _b_on_plural,
        True,
    ),
    (
        re.compile(
            r"\b(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)?\s+(?:day\s+)?of\s+(?:every|each)\s+month\b"
        ),
        _b_monthday_every,
        True,
    ),
    # days
    (
        re.compile(
            r"\b(?:(?:the\s+)?day\s+after\s+tomorrow|(?:the\s+)?day\s+before\s+yesterday|today"
            r"|tonight|tomorrow|tmrw|tmr|tomorow|tommorow|tommorrow|2moro|2morrow|yesterday"
            r"|this\s+(?:morning|afternoon|evening))\b"
        ),
        _b_dayword,
        True,
    ),
    (
        re.compile(rf"\b(?:(on|this|next|last|coming|this\s+coming|by)\s+)?({_WD})\b"),
        _b_weekday,
        True,
    ),
    (re.compile(r"\b(?:(this|next|the|on\s+the)\s+)?weekend\b"), _b_weekend, True),
    (
        re.compile(
            r"\b(?:(?:some\s*time|at\s+some\s+point)\s+(?:(?:during|in)\s+)?)?next\s+(week|month|year)\b"
        ),
        _b_next_period,
        True,
    ),
    (
        re.compile(r"\b(?:by\s+)?(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(day|week|month|year)\b"),
        _b_end_of,
        True,
    ),
    (
        re.compile(
            r"\b(?:on\s+)?(?:the\s+)?last\s+day\s+of\s+(?:the\s+|this\s+|(next)\s+)?month\b"
        ),
        _b_last_day,
        True,
    ),
    (
        re.compile(
            rf"\b(?:on\s+)?(?:the\s+)?({_ORD})\s+({_WD})\s+(?:of|in)\s+({_MON}|the\s+month|this\s+month|next\s+month)\b"
        ),
        _b_nth_weekday,
        True,
    ),
    (
        re.compile(
            r"(?<![\w.-])(\d{4})-(\d{1,2})-(\d{1,2})(?:t(\d{1,2}):(\d{2})(?::\d{2})?)?(?![\w-])"
        ),
        _b_iso,
        True,
    ),
    (
        re.compile(r"(?<![\w/.:-])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\w/])"),
        _b_numeric,
        True,
    ),
    (re.compile(r"(?<![\w.:])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\w.])"), _b_numeric, True),
    (
        re.compile(
            rf"\b(?:on\s+)?(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MON})\b\.?(?:,?\s*(\d{{4}}))?(?!\d)"
        ),
        _b_day_month,
        True,
    ),
    (
        re.compile(
            rf"\b(?:on\s+)?({_MON})\.?\s+(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?(?![\d:.]|\s*(?:[ap]\.?m\b|o'?clock|h\b))(?:,?\s+(\d{{4}}))?(?!\d)"
        ),
        _b_month_day,
        True,
    ),
    (re.compile(r"\b(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)\b"), _b_monthday, True),
    # "party at Tom's 31st 9pm": a bare ordinal is a day of the month when a clock follows.
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)(?=\s+(?:at\s+)?\d)"), _b_monthday, True),
    (
        re.compile(r"\b(?:on|by|due|until|till|before)\s+(\d{1,2})(?:st|nd|rd|th)\b"),
        _b_monthday,
        True,
    ),
    (re.compile(rf"\b(?:on\s+)?({_HOLIDAY})(?:\s+(\d{{4}}))?\b"), _b_holiday, True),
    # day parts
    (
        re.compile(r"\b(?:(?:in|during)\s+the\s+|at\s+)(morning|afternoon|evening|night)\b"),
        _b_part,
        True,
    ),
    (re.compile(r"\b(morning|afternoon|evening|night)\b"), _b_part, False),
    (
        re.compile(r"\b(at|before|after|with|over)\s+(breakfast|lunch|dinner|supper|bedtime)\b"),
        _b_meal,
        True,
    ),
    # ranges
    (
        re.compile(rf"\b(?:from\s+){_TIME}\s*(?:-|–|to|till|til|until)\s*{_TIME}{_END_OF_NUMBER}"),
        _b_range,
        True,
    ),
    (re.compile(rf"\bbetween\s+{_TIME}\s+and\s+{_TIME}{_END_OF_NUMBER}"), _b_range, True),
    (
        re.compile(rf"(?<![\w:.-])(?:{_TIME})\s*(?:-|–|to)\s*{_TIME}{_END_OF_NUMBER}"),
        _b_plain_range,
        True,
    ),
    # clock times
    (
        re.compile(
            rf"{_LEAD}\b(quarter|half|\d{{1,2}}|five|ten|twenty|twenty[- ]five)\s+(?:minutes?\s+)?"
            rf"(past|after|to|till|til)\s+(\d{{1,2}}|{_SMALL}|noon|midday|midnight)\b(?![:.]\d)"
            rf"(?!\s*(?:{_UNIT_WORDS}|years?\b))(?:\s*{_AMPM})?"
        ),
        _b_past_to,
        True,
    ),
    (re.compile(rf"{_LEAD}(?<![\w:.])(\d{{1,2}})(?:[:.](\d{{2}}))?\s*{_AMPM}"), _b_meridiem, True),
    (
        re.compile(
            rf"{_LEAD}(?<![\w:.])(\d{{1,2}}|{_HOUR_WORD})(?:[:.](\d{{2}}))?\s*(?:([ap])\.?m\.?)?"
            rf"{_ISH}(?:\s*{_AMPM})?(?!\s*(?:{_UNIT_WORDS}|years?\b))"
        ),
        _b_ish,
        True,
    ),
    # "from 8" starts the thing at 8: alone at the end, or "till late", or "onwards"; elsewhere
    # only beside a day ("on the 19th from 8"), since "a quote from 3 builders" is no time.
    (
        re.compile(rf"{_FROM}(?:\s+(?:till|til|until)\s+late\b|\s+onwards?\b|{_ENDS.pattern})"),
        _b_at,
        True,
    ),
    (re.compile(_FROM), _b_at, False),
    # British "half 5": half past five
    (
        re.compile(
            rf"{_LEAD}\bhalf\s+(\d{{1,2}}|{_SMALL})\b(?![:.]\d)(?!\s*(?:an?\s+hour|{_UNIT_WORDS}))"
        ),
        _b_half,
        True,
    ),
    (
        re.compile(rf"{_LEAD}\b(\d{{1,2}}|{_SMALL})\s*o['’]?\s*clock\b(?:\s*{_AMPM})?"),
        _b_oclock,
        True,
    ),
    (re.compile(rf"{_LEAD}(?<![\w:.])(\d{{1,2}})[:h](\d{{2}})(?![\d:])"), _b_colon, True),
    (re.compile(rf"{_LEAD}(?<![\w:.])(\d{{1,2}})\.(\d{{2}}){_END_OF_NUMBER}"), _b_dot, True),
    (
        re.compile(rf"(?:\b(?:at|around|about)\s+|@\s*)(\d{{1,2}}|{_SMALL})h?{_END_OF_NUMBER}"),
        _b_at,
        True,
    ),
    (re.compile(r"\b(?:at\s+)?(noon|midday|midnight)\b"), _b_noon, True),
    # "set an alarm for 7", "wake me up for 6"
    (
        re.compile(
            rf"(?:(?<=alarm )|(?<=alarms )|(?<=wake me )|(?<=wake me up )|(?<=wake up ))"
            rf"for\s+(\d{{1,2}}|{_SMALL}){_END_OF_NUMBER}(?!\s*(?:{_UNIT_WORDS}|people))"
        ),
        _b_at,
        True,
    ),
    # a bare hour right after a day: "tomorrow 9 standup", "friday 3", "fri 7"; it counts only
    # beside the day, so "I sat 3 exams" stays no time
    (
        re.compile(
            rf"{_AFTER_A_DAY}(\d{{1,2}}){_END_OF_NUMBER}(?!\s*(?:[ap]\.?m|h\b|:|{_UNIT_WORDS}))"
        ),
        _b_at,
        False,
    ),
]


def find_pieces(low: str, ctx: Context) -> list[Piece]:
    """Return every piece found in lower-cased text, overlapping ones included."""
    pieces: list[Piece] = []
    for pattern, build, strong in PATTERNS:
        for match in pattern.finditer(low):
            value = build(match, ctx)
            if value is not None:
                pieces.append(Piece(match.start(), match.end(), value, strong))
    return pieces
