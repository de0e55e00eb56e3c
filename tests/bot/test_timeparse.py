from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.timeparse import load_cases, mismatches, run_case
from bot.timeparse import When, parse_duration, parse_when, strip_span

CASES = load_cases()
NOW = datetime(2026, 6, 10, 10, 0, tzinfo=ZoneInfo("Europe/London"))  # a Wednesday
ZONES = ["UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Sydney"]


def _case_id(case: dict[str, Any]) -> str:
    extra = "".join(f"-{k}={case[k]}" for k in ("languages", "day_first") if k in case)
    return f"{case['class']}-{case['tz']}-{case['text']}{extra}"


def test_the_table_covers_every_class_and_zone() -> None:
    assert len(CASES) >= 300
    assert {c["tz"] for c in CASES} >= set(ZONES)
    classes = {c["class"] for c in CASES}
    assert classes >= {"relative", "clock", "weekdays", "absolute", "holidays", "ranges"}
    assert classes >= {"recurrence", "span", "languages", "dst", "none", "day_words"}


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_phrase_table(case: dict[str, Any]) -> None:
    assert mismatches(case, run_case(case)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20m", timedelta(minutes=20)),
        ("45 min", timedelta(minutes=45)),
        ("1 hour", timedelta(hours=1)),
        ("1h30", timedelta(hours=1, minutes=30)),
        ("an hour and a half", timedelta(hours=1, minutes=30)),
        ("2 days", timedelta(days=2)),
        ("1 week", timedelta(weeks=1)),
        ("half an hour", timedelta(minutes=30)),
        ("10 Minutes", timedelta(minutes=10)),
        ("1 hour 15 minutes", timedelta(hours=1, minutes=15)),
        ("a fortnight", timedelta(weeks=2)),
        ("buy milk", None),
        ("", None),
        ("0 min", None),
        ("9 am", None),
    ],
)
def test_parse_duration(text: str, expected: timedelta | None) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("remind me to call mom tomorrow at 9", "remind me to call mom"),
        ("call mom tomorrow at 9", "call mom"),
        ("in 20 min stretch", "stretch"),
        ("pay rent every other friday at 5", "pay rent"),
        ("dentist friday 3pm for 1h at Main St", "dentist at Main St"),
        ("submit report by friday", "submit report"),
        ("call the bank on monday at 10am, please", "call the bank please"),
        ("standup every weekday at 9:30", "standup"),
    ],
)
def test_strip_span_leaves_the_task(text: str, rest: str) -> None:
    when = parse_when(text, now=NOW, tz="Europe/London")
    assert when is not None
    assert strip_span(text, when) == rest


def test_unknown_zone_is_read_as_utc() -> None:
    when = parse_when("tomorrow at 9", now=NOW, tz="Mars/Olympus_Mons")
    assert when is not None
    assert when.start == datetime(2026, 6, 11, 9, 0, tzinfo=ZoneInfo("UTC"))


def test_now_in_another_zone_is_converted() -> None:
    now = datetime(2026, 6, 10, 23, 30, tzinfo=UTC)  # already the 11th in Sydney
    when = parse_when("tomorrow at 9", now=now, tz="Australia/Sydney")
    assert when is not None
    assert when.start == datetime(2026, 6, 12, 9, 0, tzinfo=ZoneInfo("Australia/Sydney"))


def test_a_daily_rule_keeps_its_local_hour_across_daylight_saving() -> None:
    tz = ZoneInfo("America/New_York")
    when = parse_when("every day at 9", now=datetime(2026, 3, 6, 12, 0, tzinfo=tz), tz=tz.key)
    assert when is not None and when.rrule is not None
    rule = rrulestr(when.rrule, dtstart=when.start.replace(tzinfo=None))
    days = [d.replace(tzinfo=tz) for _, d in zip(range(4), rule, strict=False)]
    assert [d.hour for d in days] == [9, 9, 9, 9]
    assert {d.utcoffset() for d in days} == {timedelta(hours=-5), timedelta(hours=-4)}


@pytest.mark.parametrize(
    ("text", "first_three"),
    [
        ("the third friday of every month at 10", [(6, 19), (7, 17), (8, 21)]),
        ("every month on the first monday at 9", [(7, 6), (8, 3), (9, 7)]),
        ("last friday of every month at 17:00", [(6, 26), (7, 31), (8, 28)]),
        ("on the last day of every month", [(6, 30), (7, 31), (8, 31)]),
        ("every month on the last day at 18:00", [(6, 30), (7, 31), (8, 31)]),
        ("every 2nd tuesday at 8", [(6, 16), (6, 30), (7, 14)]),
    ],
)
def test_monthly_and_every_other_week_phrasings_repeat(
    text: str, first_three: list[tuple[int, int]]
) -> None:
    when = parse_when(text, now=NOW, tz="Europe/London")
    assert when is not None and when.rrule is not None, text
    rule = rrulestr(when.rrule, dtstart=when.start.replace(tzinfo=None))
    assert [(d.month, d.day) for _, d in zip(range(3), rule, strict=False)] == first_three


def test_the_nth_weekday_of_the_month_alone_happens_once() -> None:
    when = parse_when("the third friday of the month", now=NOW, tz="Europe/London")
    assert when is not None and when.rrule is None
    assert (when.start.month, when.start.day) == (6, 19)


def test_an_until_limit_expands_with_an_aware_start() -> None:
    when = parse_when("every day at 8 until friday", now=NOW, tz="Europe/London")
    assert when is not None and when.rrule is not None
    occurrences = list(rrulestr(when.rrule, dtstart=when.start.astimezone(UTC)))
    assert [o.astimezone(ZoneInfo("Europe/London")).day for o in occurrences] == [11, 12]


def test_long_text_without_a_time_is_fast() -> None:
    text = "lorem ipsum dolor sit amet, 12 apples and 3 pears; " * 2000  # about 100 KB
    began = time.perf_counter()
    assert parse_when(text, now=NOW, tz="UTC") is None
    assert time.perf_counter() - began < 2.0


def test_long_text_still_finds_its_time() -> None:
    text = "remind me tomorrow at 9 to read this: " + "blah " * 20000
    when = parse_when(text, now=NOW, tz="Europe/London")
    assert when is not None
    assert when.text == "tomorrow at 9"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.sampled_from(ZONES))
def test_never_raises_and_answers_in_the_users_zone(text: str, tz: str) -> None:
    when = parse_when(text, now=NOW, tz=tz)
    if when is not None:
        assert isinstance(when, When)
        assert when.start.tzinfo == ZoneInfo(tz)
        assert when.end is None or when.end.tzinfo is not None
        assert when.text in text


_FUTURE = [
    "at {h}",
    "at {h}:{m:02d}",
    "{h12}pm",
    "{h12}am",
    "tomorrow at {h}",
    "on {day}",
    "{day} at {h}:{m:02d}",
    "next {day}",
    "in {n} minutes",
    "in {n} hours",
    "in {n} days",
    "every {day} at {h}",
    "every day at {h}:{m:02d}",
    "every weekday at {h12}am",
    "{d} {month}",
    "{month} {d} at {h}",
    "christmas",
    "easter",
    "this weekend",
    "end of the week",
    "noon",
    "midnight",
]
_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = ["january", "march", "may", "july", "october", "december"]


@settings(max_examples=300, deadline=None)
@given(
    template=st.sampled_from(_FUTURE),
    tz=st.sampled_from(ZONES),
    moment=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2030, 12, 31)),
    h=st.integers(0, 23),
    h12=st.integers(1, 12),
    m=st.integers(0, 59),
    n=st.integers(1, 500),
    d=st.integers(1, 28),
    day=st.sampled_from(_DAYS),
    month=st.sampled_from(_MONTHS),
)
def test_future_looking_phrases_never_resolve_into_the_past(
    template: str,
    tz: str,
    moment: datetime,
    h: int,
    h12: int,
    m: int,
    n: int,
    d: int,
    day: str,
    month: str,
) -> None:
    text = template.format(h=h, h12=h12, m=m, n=n, d=d, day=day, month=month)
    now = moment.replace(tzinfo=ZoneInfo(tz))
    when = parse_when(text, now=now, tz=tz)
    assert when is not None, text
    assert when.start >= now, (text, now, when)
    assert when.start.tzinfo == ZoneInfo(tz)
