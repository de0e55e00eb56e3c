from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.timeparse import describe_rrule, parse_when

NOW = datetime(2026, 6, 10, 10, 0, tzinfo=ZoneInfo("Europe/London"))  # a Wednesday


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        (
            "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9,11,13,15,17;BYMINUTE=0",
            "every 2 hours from 09:00 to 17:00, Monday to Friday",
        ),
        (
            "FREQ=HOURLY;INTERVAL=2;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9,11,13,15,17;BYMINUTE=0",
            "every 2 hours from 09:00 to 17:00, Monday to Friday",
        ),
        ("FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=7;BYMINUTE=0", "every Monday and Thursday at 07:00"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=30", "every weekday at 09:30"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH;BYHOUR=8;BYMINUTE=0", "every Monday to Thursday at 08:00"),
        ("FREQ=DAILY;BYHOUR=8;BYMINUTE=0", "every day at 08:00"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;BYHOUR=17;BYMINUTE=0", "every other Friday at 17:00"),
        (
            "FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=10;BYMINUTE=0",
            "every month on the last Friday at 10:00",
        ),
        ("FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=9;BYMINUTE=0", "every month on day 1 at 09:00"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=18;BYMINUTE=0", "every month on the last day at 18:00"),
        ("FREQ=DAILY;BYHOUR=8;BYMINUTE=0;COUNT=10", "every day at 08:00, 10 times"),
        (
            "FREQ=WEEKLY;BYDAY=MO;BYHOUR=10;BYMINUTE=0;UNTIL=20261218T235959Z",
            "every Monday at 10:00, until Fri 18 Dec 2026",
        ),
        (
            "FREQ=MINUTELY;INTERVAL=30;BYDAY=MO;BYHOUR=9,10,11",
            "every 30 minutes from 09:00 to 11:30, on Monday",
        ),
        ("FREQ=MINUTELY;INTERVAL=15", "every 15 minutes"),
        ("FREQ=HOURLY", "every hour"),
        ("FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=3;BYHOUR=9;BYMINUTE=0", "every year on 3 May at 09:00"),
        (
            "FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=18;BYMINUTE=0",
            "every Monday, Wednesday and Friday at 18:00",
        ),
        (
            "FREQ=WEEKLY;INTERVAL=3;BYDAY=TU;BYHOUR=9;BYMINUTE=0",
            "every 3 weeks on Tuesday at 09:00",
        ),
        ("FREQ=DAILY;INTERVAL=2;BYHOUR=9;BYMINUTE=0", "every 2 days at 09:00"),
    ],
)
def test_a_rule_reads_in_full(rule: str, words: str) -> None:
    assert describe_rrule(rule) == words


def test_until_is_told_as_the_local_day() -> None:
    rule = "FREQ=DAILY;BYHOUR=9;BYMINUTE=0;UNTIL=20261219T045959Z"  # Friday 23:59 in New York
    assert describe_rrule(rule, timezone="America/New_York").endswith("until Fri 18 Dec 2026")
    assert describe_rrule(rule).endswith("until Sat 19 Dec 2026")


@pytest.mark.parametrize(
    ("phrase", "words"),
    [
        ("every hour from 9 to 5 on weekdays", "every hour from 09:00 to 17:00, Monday to Friday"),
        ("every weekday except friday at 8", "every Monday to Thursday at 08:00"),
        ("every day except sunday", "every Monday to Saturday at 09:00"),
        ("the last friday of every month at 10", "every month on the last Friday at 10:00"),
        ("every other friday at 5", "every other Friday at 17:00"),
        ("every tuesday 5 times", "every Tuesday at 09:00, 5 times"),
        ("every day until friday", "every day at 09:00, until Fri 12 Jun 2026"),
    ],
)
def test_what_was_asked_reads_back(phrase: str, words: str) -> None:
    when = parse_when(phrase, now=NOW, tz="Europe/London")
    assert when is not None and when.rrule is not None
    assert describe_rrule(when.rrule, timezone="Europe/London") == words
