"""Expanding parsed rules for delivery: days kept, windows kept, limits and clock changes."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from bot.recurrence import next_occurrence
from bot.timeparse import parse_when

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 6, 10, 10, 0, tzinfo=LONDON)  # a Wednesday


def _expand(text: str, now: datetime, count: int) -> list[datetime]:
    """Parse `text` and deliver it `count` times, as the delivery loop does."""
    tz = now.tzinfo
    assert isinstance(tz, ZoneInfo)
    when = parse_when(text, now=now, tz=tz.key)
    assert when is not None and when.rrule is not None, text
    found = [when.start]
    while len(found) < count:
        following = next_occurrence(when.rrule, when.start, tz.key, found[-1])
        if following is None:
            break
        found.append(following.astimezone(tz))
    return found


def _wall(moments: list[datetime]) -> list[str]:
    return [m.strftime("%a %d %H:%M") for m in moments]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "every monday and thursday at 7am gym",
            ["Thu 11 07:00", "Mon 15 07:00", "Thu 18 07:00", "Mon 22 07:00"],
        ),
        (
            "every weekday except friday at 8",
            ["Thu 11 08:00", "Mon 15 08:00", "Tue 16 08:00", "Wed 17 08:00", "Thu 18 08:00"],
        ),
        (
            "every day except weekends",
            ["Thu 11 09:00", "Fri 12 09:00", "Mon 15 09:00", "Tue 16 09:00"],
        ),
        (
            "every day except sunday",
            ["Thu 11 09:00", "Fri 12 09:00", "Sat 13 09:00", "Mon 15 09:00"],
        ),
        (
            "every 2 hours from 9am to 5pm",
            ["Wed 10 11:00", "Wed 10 13:00", "Wed 10 15:00", "Wed 10 17:00", "Thu 11 09:00"],
        ),
        ("the last friday of every month", ["Fri 26 09:00", "Fri 31 09:00", "Fri 28 09:00"]),
        ("every first monday at 10", ["Mon 06 10:00", "Mon 03 10:00", "Mon 07 10:00"]),
        ("every day until friday", ["Thu 11 09:00", "Fri 12 09:00"]),
        (
            "every monday for 4 weeks",
            ["Mon 15 09:00", "Mon 22 09:00", "Mon 29 09:00", "Mon 06 09:00"],
        ),
        (
            "every tuesday 5 times",
            ["Tue 16 09:00", "Tue 23 09:00", "Tue 30 09:00", "Tue 07 09:00", "Tue 14 09:00"],
        ),
    ],
)
def test_rules_expand_to_the_days_they_name(text: str, expected: list[str]) -> None:
    moments = _wall(_expand(text, NOW, 12))
    limited = any(word in text for word in ("until", " for ", "times"))
    assert (moments if limited else moments[: len(expected)]) == expected


def test_an_hourly_window_keeps_its_days_over_the_weekend() -> None:
    friday = datetime(2026, 6, 12, 15, 30, tzinfo=LONDON)
    moments = _expand("every hour from 9 to 5 on weekdays", friday, 4)
    assert _wall(moments) == ["Fri 12 16:00", "Fri 12 17:00", "Mon 15 09:00", "Mon 15 10:00"]


def test_a_window_of_half_hours_on_mondays() -> None:
    moments = _expand("every 30 minutes between 9 and 12 on mondays", NOW, 8)
    assert _wall(moments) == [
        "Mon 15 09:00",
        "Mon 15 09:30",
        "Mon 15 10:00",
        "Mon 15 10:30",
        "Mon 15 11:00",
        "Mon 15 11:30",
        "Mon 22 09:00",
        "Mon 22 09:30",
    ]


def test_daily_for_ten_days_happens_ten_times() -> None:
    moments = _expand("daily for 10 days", NOW, 20)
    assert len(moments) == 10
    assert {m.hour for m in moments} == {9}


@pytest.mark.parametrize(
    "text",
    [
        "every weekday except friday at 8",
        "every hour from 9 to 5 on weekdays",
        "every monday and thursday at 7am",
        "every day except sunday at 6:30",
        "the last friday of every month at 10",
    ],
)
def test_wall_clock_times_survive_the_spring_change(text: str) -> None:
    before = datetime(2026, 3, 5, 12, 0, tzinfo=NEW_YORK)  # the clocks go forward on 8 March
    when = parse_when(text, now=before, tz=NEW_YORK.key)
    assert when is not None and when.start is not None
    moments = _expand(text, before, 30)
    hours = {m.strftime("%H:%M") for m in moments}
    assert hours <= {when.start.strftime("%H:%M")} | {f"{h:02d}:00" for h in range(9, 18)}
    assert {m.utcoffset() for m in moments} >= {timedelta(hours=-4)}
    assert all(a < b for a, b in pairwise(moments))


def test_a_half_hourly_rule_passes_the_spring_gap_once() -> None:
    saturday = datetime(2026, 3, 7, 12, 0, tzinfo=NEW_YORK)
    moments = _expand("every 30 minutes between 1am and 4am on sundays", saturday, 6)
    assert _wall(moments) == [
        "Sun 08 01:00",
        "Sun 08 01:30",
        "Sun 08 03:00",
        "Sun 08 03:30",
        "Sun 15 01:00",
        "Sun 15 01:30",
    ]


def test_an_hourly_rule_never_repeats_or_goes_back_in_the_autumn() -> None:
    saturday = datetime(2026, 10, 24, 22, 0, tzinfo=LONDON)  # the clocks go back on 25 October
    moments = _expand("every hour", saturday, 8)
    utc = [m.astimezone(UTC) for m in moments]
    assert all(a < b for a, b in pairwise(utc))
    assert {m.hour for m in moments} >= {0, 1, 2, 3}


def test_an_until_limit_in_utc_ends_on_the_local_day() -> None:
    moments = _expand("every day at 23:30 until friday", NOW, 10)
    assert _wall(moments) == ["Wed 10 23:30", "Thu 11 23:30", "Fri 12 23:30"]


def test_a_rule_started_long_ago_is_answered_fast_and_on_its_grid() -> None:
    anchor = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
    after = datetime(2026, 6, 10, 10, 2, tzinfo=UTC)
    began = time.perf_counter()
    following = next_occurrence("FREQ=MINUTELY;INTERVAL=5", anchor, "UTC", after)
    assert time.perf_counter() - began < 0.2
    assert following == datetime(2026, 6, 10, 10, 5, tzinfo=UTC)


def test_a_count_is_counted_from_the_first_occurrence() -> None:
    anchor = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # a Monday
    rule = "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0;COUNT=3"
    assert next_occurrence(rule, anchor, "UTC", datetime(2026, 1, 12, 9, 0, tzinfo=UTC)) == (
        datetime(2026, 1, 19, 9, 0, tzinfo=UTC)
    )
    assert next_occurrence(rule, anchor, "UTC", datetime(2026, 1, 19, 9, 0, tzinfo=UTC)) is None
