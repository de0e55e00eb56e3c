from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

import pytest

from bot.zones import ODD_OFFSETS, find_zone, zone_label


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("tokyo", "Asia/Tokyo"),
        ("Tokyo", "Asia/Tokyo"),
        ("new york", "America/New_York"),
        ("NYC", "America/New_York"),
        ("nyc", "America/New_York"),
        ("zurich", "Europe/Zurich"),
        ("Zürich", "Europe/Zurich"),
        ("sao paulo", "America/Sao_Paulo"),
        ("münchen", "Europe/Berlin"),
        ("munich", "Europe/Berlin"),
        ("st petersburg", "Europe/Moscow"),
        ("saint petersburg", "Europe/Moscow"),
        ("St. Petersburg", "Europe/Moscow"),
        ("kiev", "Europe/Kyiv"),
        ("bombay", "Asia/Kolkata"),
        ("cologne", "Europe/Berlin"),
        ("rio", "America/Sao_Paulo"),
        ("washington dc", "America/New_York"),
        ("LA", "America/Los_Angeles"),
        ("Longyearbyen", "Arctic/Longyearbyen"),
        ("the hague", "Europe/Amsterdam"),
        ("nice", "Europe/Paris"),
    ],
)
def test_cities_by_name_or_other_name(text: str, zone: str) -> None:
    assert find_zone(text) == zone


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("paris", "Europe/Paris"),  # not Paris, Texas
        ("london", "Europe/London"),  # not London, Ontario
        ("portland", "America/Los_Angeles"),  # Oregon's is bigger than Maine's
        ("birmingham", "Europe/London"),
        ("york", "Europe/London"),  # a city's own name beats another's other name
    ],
)
def test_the_most_populous_place_wins(text: str, zone: str) -> None:
    assert find_zone(text) == zone


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("japan", "Asia/Tokyo"),
        ("germany", "Europe/Berlin"),
        ("france", "Europe/Paris"),
        ("india", "Asia/Kolkata"),
        ("usa", "America/New_York"),
        ("US", "America/New_York"),
        ("united states", "America/New_York"),
        ("australia", "Australia/Sydney"),
        ("canada", "America/Toronto"),
        ("russia", "Europe/Moscow"),
        ("brazil", "America/Sao_Paulo"),
        ("china", "Asia/Shanghai"),
        ("uk", "Europe/London"),
        ("england", "Europe/London"),
        ("netherlands", "Europe/Amsterdam"),
        ("armenia", "Asia/Yerevan"),  # the country, not the Colombian city
        ("california", "America/Los_Angeles"),
        ("texas", "America/Chicago"),
        ("new york", "America/New_York"),
        ("hawaii", "Pacific/Honolulu"),
        ("arizona", "America/Phoenix"),
    ],
)
def test_countries_and_us_states(text: str, zone: str) -> None:
    assert find_zone(text) == zone


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("europe/paris", "Europe/Paris"),
        ("America/New_York", "America/New_York"),
        ("america/new york", "America/New_York"),
        ("Etc/GMT-3", "Etc/GMT-3"),
        ("UTC", "UTC"),
        ("gmt", "UTC"),
        ("Z", "UTC"),
        ("EST", "America/New_York"),
        ("EDT", "America/New_York"),
        ("ET", "America/New_York"),
        ("CST", "America/Chicago"),
        ("CDT", "America/Chicago"),
        ("CT", "America/Chicago"),
        ("MST", "America/Denver"),
        ("PST", "America/Los_Angeles"),
        ("PDT", "America/Los_Angeles"),
        ("PT", "America/Los_Angeles"),
        ("CET", "Europe/Paris"),
        ("CEST", "Europe/Paris"),
        ("BST", "Europe/London"),
        ("IST", "Asia/Kolkata"),
        ("JST", "Asia/Tokyo"),
        ("AEST", "Australia/Sydney"),
    ],
)
def test_zone_names_and_abbreviations(text: str, zone: str) -> None:
    assert find_zone(text) == zone


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("UTC+3", "Etc/GMT-3"),
        ("GMT-3", "Etc/GMT+3"),
        ("+02:00", "Etc/GMT-2"),
        ("UTC +2", "Etc/GMT-2"),
        ("utc-10", "Etc/GMT+10"),
        ("UTC+0", "UTC"),
        ("utc+14", "Etc/GMT-14"),
        ("utc-12", "Etc/GMT+12"),
        ("UTC+5:30", "Asia/Kolkata"),
        ("utc+05:30", "Asia/Kolkata"),
        ("+0545", "Asia/Kathmandu"),
        ("UTC+9:30", "Australia/Darwin"),
        ("utc+3:30", "Asia/Tehran"),
        ("UTC+6:30", "Asia/Yangon"),
        ("utc+8:45", "Australia/Eucla"),
        ("UTC+10:30", "Australia/Lord_Howe"),
        ("UTC+12:45", "Pacific/Chatham"),
        ("UTC−3:30", "America/St_Johns"),
    ],
)
def test_offsets(text: str, zone: str) -> None:
    assert find_zone(text) == zone


@pytest.mark.parametrize("text", ["utc+15", "utc-13", "UTC+5:15", "utc+3:75", "+99"])
def test_offsets_out_of_range(text: str) -> None:
    assert find_zone(text) is None


def test_each_odd_offset_is_its_zones_standard_time() -> None:
    for minutes, zone in ODD_OFFSETS.items():
        tz = ZoneInfo(zone)
        offsets = {datetime(2026, month, 1, tzinfo=tz).utcoffset() for month in (1, 7)}
        assert timedelta(minutes=minutes) in offsets, zone


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("new york city", "America/New_York"),
        ("the uk", "Europe/London"),
        ("in the UK", "Europe/London"),
        ("the US", "America/New_York"),
        ("berlin, germany", "Europe/Berlin"),
        ("Paris France", "Europe/Paris"),
        ("paris, texas", "America/Chicago"),
        ("portland, maine", "America/New_York"),
        ("portland, me", "America/New_York"),
        ("Portland, OR, USA", "America/Los_Angeles"),
        ("london, uk", "Europe/London"),
        ("in tokyo", "Asia/Tokyo"),
        ("tokyo time", "Asia/Tokyo"),
        ("  Tokyo  ", "Asia/Tokyo"),
    ],
)
def test_small_words_around_the_place(text: str, zone: str) -> None:
    assert find_zone(text) == zone


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("buy, russia", "Europe/Moscow"),
        ("march, uk", "Europe/London"),
        ("police, poland", "Europe/Warsaw"),
    ],
)
def test_a_country_after_a_common_word_makes_it_a_place(text: str, zone: str) -> None:
    assert find_zone(text) == zone


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "tomorrow",
        "buy milk",
        "buy",
        "it",
        "pm",
        "a",
        "the",
        "us",
        "Atlantis",
        "march",
        "may",
        "monday",
        "next week",
        "a meeting",
        "the office",
        "bed",
        "time",
        "police",
        "soul",
        "name",
        "asdfgh",
        "Москва",
        "paris, narnia",
        "milk, france",
        "x" * 80,
    ],
)
def test_words_that_are_not_places(text: str) -> None:
    assert find_zone(text) is None


@pytest.mark.parametrize(
    "text",
    ["Japan", "Egypt", "GB", "NZ", "Iceland", "Turkey"],
)
def test_old_country_zone_names_give_the_region_zone(text: str) -> None:
    zone = find_zone(text)
    assert zone is not None and "/" in zone


def test_every_answer_is_a_known_zone() -> None:
    known = available_timezones()
    for text in ["tokyo", "usa", "texas", "UTC+5:30", "utc-10", "PST", "nyc", "kiev"]:
        assert find_zone(text) in known


@pytest.mark.parametrize(
    ("zone", "label"),
    [
        ("Asia/Tokyo", "Tokyo"),
        ("America/New_York", "New York"),
        ("America/Argentina/Buenos_Aires", "Buenos Aires"),
        ("Etc/GMT-5", "UTC+05:00"),
        ("Etc/GMT+10", "UTC-10:00"),
        ("UTC", "UTC"),
        ("Etc/UTC", "UTC"),
    ],
)
def test_zone_labels(zone: str, label: str) -> None:
    assert zone_label(zone) == label
