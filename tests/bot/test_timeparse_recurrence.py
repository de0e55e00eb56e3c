"""The rules written for repetitions with days left out, windows of hours and limits."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.timeparse import parse_when

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 6, 10, 10, 0, tzinfo=LONDON)  # a Wednesday
WORKDAYS = "MO,TU,WE,TH,FR"


@pytest.mark.parametrize(
    ("text", "start", "rule"),
    [
        (
            "every monday and thursday at 7am gym",
            datetime(2026, 6, 11, 7, 0),
            "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=7;BYMINUTE=0",
        ),
        (
            "every weekday except friday at 8",
            datetime(2026, 6, 11, 8, 0),
            "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH;BYHOUR=8;BYMINUTE=0",
        ),
        (
            "every day except weekends",
            datetime(2026, 6, 11, 9, 0),
            f"FREQ=WEEKLY;BYDAY={WORKDAYS};BYHOUR=9;BYMINUTE=0",
        ),
        (
            "every day except sunday",
            datetime(2026, 6, 11, 9, 0),
            "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA;BYHOUR=9;BYMINUTE=0",
        ),
        (
            "every hour from 9 to 5 on weekdays",
            datetime(2026, 6, 10, 11, 0),
            f"FREQ=DAILY;BYDAY={WORKDAYS};BYHOUR=9,10,11,12,13,14,15,16,17;BYMINUTE=0",
        ),
        (
            "every 2 hours from 9am to 5pm",
            datetime(2026, 6, 10, 11, 0),
            "FREQ=DAILY;BYHOUR=9,11,13,15,17;BYMINUTE=0",
        ),
        (
            "every 30 minutes between 9 and 12 on mondays",
            datetime(2026, 6, 15, 9, 0),
            "FREQ=MINUTELY;INTERVAL=30;BYDAY=MO;BYHOUR=9,10,11",
        ),
        (
            "the last friday of every month",
            datetime(2026, 6, 26, 9, 0),
            "FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=9;BYMINUTE=0",
        ),
        (
            "every first monday",
            datetime(2026, 7, 6, 9, 0),
            "FREQ=MONTHLY;BYDAY=1MO;BYHOUR=9;BYMINUTE=0",
        ),
        (
            "every day until friday",
            datetime(2026, 6, 11, 9, 0),
            "FREQ=DAILY;BYHOUR=9;BYMINUTE=0;UNTIL=20260612T225959Z",
        ),
        (
            "every monday for 4 weeks",
            datetime(2026, 6, 15, 9, 0),
            "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0;UNTIL=20260708T090000Z",
        ),
        (
            "daily for 10 days",
            datetime(2026, 6, 11, 9, 0),
            "FREQ=DAILY;BYHOUR=9;BYMINUTE=0;UNTIL=20260620T090000Z",
        ),
        (
            "every tuesday 5 times",
            datetime(2026, 6, 16, 9, 0),
            "FREQ=WEEKLY;BYDAY=TU;BYHOUR=9;BYMINUTE=0;COUNT=5",
        ),
        (
            "every 15 minutes for 2 hours",
            datetime(2026, 6, 10, 10, 15),
            "FREQ=MINUTELY;INTERVAL=15;UNTIL=20260610T110000Z",
        ),
    ],
)
def test_repetitions(text: str, start: datetime, rule: str) -> None:
    when = parse_when(text, now=NOW, tz="Europe/London")
    assert when is not None, text
    assert (when.start, when.rrule) == (start.replace(tzinfo=LONDON), rule)


def test_a_day_left_out_is_never_a_one_off() -> None:
    friday = datetime(2026, 6, 12, 7, 0, tzinfo=LONDON)
    when = parse_when("every weekday except friday at 8", now=friday, tz="Europe/London")
    assert when is not None and when.rrule is not None
    assert when.start == datetime(2026, 6, 15, 8, 0, tzinfo=LONDON)


def test_a_window_on_weekdays_starts_on_the_next_working_day() -> None:
    saturday = datetime(2026, 6, 13, 10, 0, tzinfo=LONDON)
    when = parse_when("every hour from 9 to 5 on weekdays", now=saturday, tz="Europe/London")
    assert when is not None
    assert when.start == datetime(2026, 6, 15, 9, 0, tzinfo=LONDON)


def test_every_second_tuesday_still_counts_weeks() -> None:
    when = parse_when("every second tuesday at 8", now=NOW, tz="Europe/London")
    assert when is not None
    assert when.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;BYHOUR=8;BYMINUTE=0"


def test_except_without_a_repetition_leaves_the_day_alone() -> None:
    when = parse_when("call him but friday at 5 works", now=NOW, tz="Europe/London")
    assert when is not None
    assert (when.start, when.rrule, when.text) == (
        datetime(2026, 6, 12, 17, 0, tzinfo=LONDON),
        None,
        "friday at 5",
    )


def test_days_left_out_after_the_time() -> None:
    when = parse_when("every day at 9 except weekends", now=NOW, tz="Europe/London")
    assert when is not None
    assert when.rrule == f"FREQ=WEEKLY;BYDAY={WORKDAYS};BYHOUR=9;BYMINUTE=0"
