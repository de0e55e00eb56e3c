"""Words the English grammar knows: numbers, units, weekdays, months, day parts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "forty five": 45,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "a few": 3,
    "few": 3,
}

ORDINALS: dict[str, int] = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "5th": 5,
    "last": -1,
}

# Units with their length; months and years are counted apart since their length varies.
UNIT_SECONDS: dict[str, timedelta] = {
    "second": timedelta(seconds=1),
    "minute": timedelta(minutes=1),
    "hour": timedelta(hours=1),
    "day": timedelta(days=1),
    "week": timedelta(weeks=1),
    "fortnight": timedelta(weeks=2),
}

UNIT_ALIASES: dict[str, str] = {
    "s": "second",
    "sec": "second",
    "secs": "second",
    "second": "second",
    "seconds": "second",
    "m": "minute",
    "min": "minute",
    "mins": "minute",
    "minute": "minute",
    "minutes": "minute",
    "h": "hour",
    "hr": "hour",
    "hrs": "hour",
    "hour": "hour",
    "hours": "hour",
    "d": "day",
    "day": "day",
    "days": "day",
    "w": "week",
    "wk": "week",
    "wks": "week",
    "week": "week",
    "weeks": "week",
    "fortnight": "fortnight",
    "fortnights": "fortnight",
    "month": "month",
    "months": "month",
    "mo": "month",
    "year": "year",
    "years": "year",
    "yr": "year",
    "yrs": "year",
}

WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tues": 1,
    "tue": 1,
    "wednesday": 2,
    "wed": 2,
    "weds": 2,
    "thursday": 3,
    "thurs": 3,
    "thur": 3,
    "thu": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
    # Misspellings people type often enough to be read as the day they mean.
    "mondy": 0,
    "munday": 0,
    "teusday": 1,
    "tuseday": 1,
    "tusday": 1,
    "tuesdy": 1,
    "wensday": 2,
    "wendsday": 2,
    "wednsday": 2,
    "wedensday": 2,
    "wedsday": 2,
    "thrusday": 3,
    "thursdy": 3,
    "thurday": 3,
    "thirsday": 3,
    "firday": 4,
    "fridy": 4,
    "frday": 4,
    "saturady": 5,
    "satuday": 5,
    "saterday": 5,
    "sunady": 6,
    "sundy": 6,
}

# Abbreviations that are also ordinary words ("sat down", "the sun", "we wed") are days only
# where the words around them say so (see `grammar._b_weekday`).
AMBIGUOUS_WEEKDAYS = frozenset({"mon", "wed", "sat", "sun"})

# Words before "sat", "sun" or "wed" that make it the ordinary word: "i sat", "the sun", "got wed".
NOT_A_DAY_BEFORE = frozenset(
    {
        *("i", "we", "you", "he", "she", "they", "it", "who", "that", "which", "and", "just"),
        *("the", "a", "an", "my", "your", "his", "her", "our", "their", "its", "some", "much"),
        *("more", "less", "no", "too", "of", "full", "hot", "bright", "under", "setting"),
        *("had", "has", "have", "was", "were", "then", "also", "got", "get", "getting", "be"),
    }
)

RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

MONTHS: dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

# The hour each day part stands for (see the package docstring).
DAY_PARTS: dict[str, int] = {
    "morning": 9,
    "afternoon": 15,
    "evening": 19,
    "night": 21,
    "tonight": 21,
}

DEFAULT_HOUR = 9


def alternation(words: Iterable[str]) -> str:
    """Return a regex alternation of the words, longest first so prefixes never win."""
    items = sorted(words, key=len, reverse=True)
    return "|".join(w.replace(" ", r"\s+").replace(".", r"\.") for w in items)
