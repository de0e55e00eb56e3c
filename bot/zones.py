"""Turn what people type ('London', 'new york', 'UTC+3', 'Europe/Paris') into an IANA zone."""

from __future__ import annotations

import re
from functools import cache
from zoneinfo import available_timezones

from bot.places import COMMON_WORDS, find_place_zone, fold, namesakes

# Abbreviations name the region's zone, so summer time follows ('EST' in July is EDT).
ABBREVIATIONS = {
    "utc": "UTC",
    "gmt": "UTC",
    "z": "UTC",
    "est": "America/New_York",
    "edt": "America/New_York",
    "et": "America/New_York",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "ct": "America/Chicago",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "mt": "America/Denver",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pt": "America/Los_Angeles",
    "akst": "America/Anchorage",
    "hst": "Pacific/Honolulu",
    "bst": "Europe/London",
    "cet": "Europe/Paris",
    "cest": "Europe/Paris",
    "eet": "Europe/Athens",
    "eest": "Europe/Athens",
    "msk": "Europe/Moscow",
    "ist": "Asia/Kolkata",
    "jst": "Asia/Tokyo",
    "kst": "Asia/Seoul",
    "aest": "Australia/Sydney",
    "aedt": "Australia/Sydney",
    "nzst": "Pacific/Auckland",
    # The names North Americans say for their zones.
    "eastern": "America/New_York",
    "central": "America/Chicago",
    "mountain": "America/Denver",
    "pacific": "America/Los_Angeles",
    "east coast": "America/New_York",
    "west coast": "America/Los_Angeles",
}

# Abbreviations several regions use: which is meant must be asked.
SHARED_ABBREVIATIONS = {
    "ist": (("India", "Asia/Kolkata"), ("Israel", "Asia/Jerusalem"), ("Ireland", "Europe/Dublin")),
    "cst": (
        ("US Central", "America/Chicago"),
        ("China", "Asia/Shanghai"),
        ("Cuba", "America/Havana"),
    ),
    "bst": (("UK", "Europe/London"), ("Bangladesh", "Asia/Dhaka")),
    "ast": (("Atlantic", "America/Halifax"), ("Arabia", "Asia/Riyadh")),
}

# Offsets that are not whole hours have no Etc zone: each gets a zone whose standard time it
# is. Only Lord Howe (+10:30), Chatham (+12:45) and Newfoundland (-3:30) move in summer.
ODD_OFFSETS = {
    -9 * 60 - 30: "Pacific/Marquesas",
    -3 * 60 - 30: "America/St_Johns",
    3 * 60 + 30: "Asia/Tehran",
    4 * 60 + 30: "Asia/Kabul",
    5 * 60 + 30: "Asia/Kolkata",
    5 * 60 + 45: "Asia/Kathmandu",
    6 * 60 + 30: "Asia/Yangon",
    8 * 60 + 45: "Australia/Eucla",
    9 * 60 + 30: "Australia/Darwin",
    10 * 60 + 30: "Australia/Lord_Howe",
    12 * 60 + 45: "Pacific/Chatham",
}
_OFFSET = re.compile(r"^(?:(?:utc|gmt|z)\s*)?([+-])\s*(\d{1,2})(?::?(\d{2}))?$", re.I)
_ETC = re.compile(r"^Etc/GMT([+-])(\d{1,2})$")
_REGIONS = (
    "Africa/",
    "America/",
    "Antarctica/",
    "Arctic/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
)
_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/GMT", "GMT", "Etc/UCT", "Etc/Zulu", "Zulu"})


def find_zone(text: str) -> str | None:
    """The IANA zone name for `text`, or None when it names no place or zone.

    `text` is only the place, already cut out of a sentence: 'Tokyo', 'the uk', 'Paris
    France', 'texas', 'UTC+5:30', 'PST', 'europe/paris'. A country with several zones gets
    its most populous city's ('usa' is America/New_York, 'australia' Australia/Sydney), a US
    state too ('texas' is America/Chicago). See bot.places for how names are matched.
    """
    query = " ".join(text.replace("−", "-").split())
    if not query or len(query) > 64:
        return None
    if match := _OFFSET.match(query):
        sign, hours, minutes = match.groups()
        return _offset_zone((-1 if sign == "-" else 1), int(hours), int(minutes or 0))
    lowered = query.casefold()
    zone = (
        ABBREVIATIONS.get(lowered)
        or _iana().get(lowered.replace(" ", "_"))
        or find_place_zone(query)
        or _zone_cities().get(fold(query))
    )
    return zone if zone in _known() else None


def zone_choices(text: str) -> tuple[tuple[str, str], ...]:
    """(label, zone) for each place `text` may mean, when it may mean places in other zones.

    'IST' is India, Israel or Ireland; 'Portland' is in Oregon or Maine. Empty when clear.
    """
    query = " ".join(text.split())
    if shared := SHARED_ABBREVIATIONS.get(query.casefold()):
        return shared
    if len(query) > 64 or _OFFSET.match(query):
        return ()
    return tuple((f"{query.title()}, {where}", place.zone) for where, place in namesakes(query))


def zone_label(zone: str) -> str:
    """A short name for replies: 'New York' for America/New_York, 'UTC+05:00' for Etc/GMT-5."""
    if zone in _UTC_NAMES:
        return "UTC"
    if match := _ETC.match(zone):
        sign, hours = match.groups()
        # POSIX Etc zones invert the sign: Etc/GMT-5 is UTC+5.
        return f"UTC{'-' if sign == '+' else '+'}{int(hours):02d}:00"
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def _offset_zone(sign: int, hours: int, minutes: int) -> str | None:
    total = sign * (hours * 60 + minutes)
    if minutes:
        return ODD_OFFSETS.get(total)
    if not -12 * 60 <= total <= 14 * 60:
        return None
    # POSIX Etc zones invert the sign: UTC+3 is Etc/GMT-3.
    return "UTC" if hours == 0 else f"Etc/GMT{'-' if sign > 0 else '+'}{hours}"


@cache
def _known() -> frozenset[str]:
    return frozenset(available_timezones())


@cache
def _iana() -> dict[str, str]:
    """Zone names by lower-case name; region names only ('japan' is a country, not a zone)."""
    return {z.lower(): z for z in available_timezones() if "/" in z or z == "UTC"}


@cache
def _zone_cities() -> dict[str, str]:
    """The cities in zone names too small for the gazetteer ('Longyearbyen', 'Adak')."""
    cities: dict[str, str] = {}
    for name in sorted(available_timezones()):
        if name.startswith(_REGIONS):
            city = fold(name.rsplit("/", 1)[1])
            if city not in COMMON_WORDS and len(city) > 3:
                cities.setdefault(city, name)
    return cities
