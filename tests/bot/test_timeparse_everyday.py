"""Everyday phrasings met in conversations: British "half 5", a bare day of the month."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.timeparse import parse_when

# A Wednesday morning.
NOW = datetime(2026, 12, 9, 10, 15, tzinfo=ZoneInfo("Europe/London"))


def test_half_five_is_half_past_five_in_the_afternoon() -> None:
    when = parse_when("remind me at half 5 to pick up Ellie", now=NOW, tz="Europe/London")
    assert when is not None and (when.start.hour, when.start.minute) == (17, 30)
    assert when.text == "at half 5"


def test_half_an_hour_is_not_a_clock_time() -> None:
    assert parse_when("half an hour", now=NOW, tz="Europe/London") is None


def test_a_bare_day_of_the_month_after_due() -> None:
    when = parse_when("pay parking fine due 15th", now=NOW, tz="Europe/London")
    assert when is not None and (when.start.month, when.start.day) == (12, 15)


def test_a_short_word_of_another_language_is_no_date() -> None:
    assert parse_when("comprar ração do cachorro", now=NOW, tz="Europe/London") is None


def test_a_short_weekday_before_a_clock_time_is_that_day() -> None:
    when = parse_when("got a haircut booked sat 11:15 at Ruby's", now=NOW, tz="Europe/London")
    assert when is not None and when.text == "sat 11:15"
    assert (when.start.day, when.start.hour, when.start.minute) == (12, 11, 15)
    assert parse_when("I sat 3 exams", now=NOW, tz="Europe/London") is None


def test_meals_are_times_and_a_titles_evening_stays_in_the_title() -> None:
    breakfast = parse_when("remind me at breakfast to take my pills", now=NOW, tz="Europe/London")
    assert breakfast is not None and (breakfast.start.day, breakfast.start.hour) == (10, 8)
    dinner = parse_when("remind me at dinner to call grandma", now=NOW, tz="Europe/London")
    assert dinner is not None and dinner.start.hour == 19
    parents = parse_when("parents evening 17/12 at 6pm", now=NOW, tz="Europe/London")
    assert parents is not None and parents.text == "17/12 at 6pm"


def test_a_weekday_with_a_day_of_the_month_is_that_date() -> None:
    when = parse_when("wednesday the 16th", now=NOW, tz="Europe/London")
    assert when is not None and (when.start.month, when.start.day) == (12, 16)


def test_a_misspelt_weekday_is_still_that_day() -> None:
    for said, day in (("teusday at 11", 15), ("thrusday at 11", 10), ("wensday at 11", 9)):
        when = parse_when(said, now=NOW, tz="Europe/London")
        assert when is not None and (when.start.day, when.start.hour) == (day, 11), said


def test_an_ordinal_before_a_clock_time_is_a_day_of_this_month() -> None:
    when = parse_when("NYE party at Tom's 31st 9pm", now=NOW, tz="Europe/London")
    assert when is not None and (when.start.day, when.start.hour) == (31, 21)
    assert parse_when("buy a 2nd hand bike", now=NOW, tz="Europe/London") is None


def test_for_the_next_days_limits_a_repeat() -> None:
    when = parse_when("every day at 9pm for the next 5 days", now=NOW, tz="Europe/London")
    assert when is not None and when.rrule is not None and "UNTIL=20261214" in when.rrule


def test_a_repeat_said_in_other_languages() -> None:
    for said, lang in (
        ("tous les lundis à 19h", "fr"),
        ("todos los lunes a las 19", "es"),
        ("toda segunda às 19h", "pt"),
        ("каждый понедельник в 19:00", "ru"),
    ):
        when = parse_when(said, now=NOW, tz="Europe/London", languages=[lang])
        assert when is not None and when.rrule is not None, said
        assert "BYDAY=MO" in when.rrule and "BYHOUR=19" in when.rrule, said


def test_half_an_hour_in_other_languages() -> None:
    for said in ("en media hora", "dans une demi-heure", "in einer halben Stunde", "em meia hora"):
        when = parse_when(said, now=NOW, tz="Europe/London")
        assert when is not None and (when.start.hour, when.start.minute) == (10, 45), said
