"""Everyday phrasings met in conversations: British "half 5", a bare day of the month."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.timeparse import parse_when, strip_span

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


# A Saturday morning.
SAT = datetime(2026, 12, 5, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def _at(text: str, now: datetime = SAT) -> datetime:
    when = parse_when(text, now=now, tz="Europe/London")
    assert when is not None, text
    return when.start.replace(tzinfo=None)


def test_an_approximate_time_is_that_time() -> None:
    assert _at("fri 7ish") == datetime(2026, 12, 11, 19, 0)
    assert _at("around 7") == datetime(2026, 12, 5, 19, 0)
    assert _at("7-ish") == datetime(2026, 12, 5, 19, 0)
    assert _at("about 8pm") == datetime(2026, 12, 5, 20, 0)
    assert _at("around 10ish") == datetime(2026, 12, 5, 10, 0)  # 8 to 12 stay the morning
    when = parse_when("drinks with sam fri 7ish", now=SAT, tz="Europe/London")
    assert when is not None and when.start.replace(tzinfo=None) == datetime(2026, 12, 11, 19, 0)
    assert strip_span("drinks with sam fri 7ish", when) == "drinks with sam"


def test_ish_inside_a_word_or_before_a_length_is_no_time() -> None:
    assert parse_when("lunch with Anish", now=SAT, tz="Europe/London") is None
    assert parse_when("takes 5ish minutes", now=SAT, tz="Europe/London") is None


def test_from_an_hour_is_the_start() -> None:
    text = "xmas party at jos on the 19th from 8"
    when = parse_when(text, now=SAT, tz="Europe/London")
    # A bare 8 is the morning, as "at 8" is; hours 1 to 7 are the evening.
    assert when is not None and when.start.replace(tzinfo=None) == datetime(2026, 12, 19, 8, 0)
    assert strip_span(text, when) == "xmas party at jos"
    assert _at("on the 19th from 7") == datetime(2026, 12, 19, 19, 0)


def test_till_late_is_the_evening_and_leaves_the_title() -> None:
    text = "quiz from 7 till late"
    when = parse_when(text, now=SAT, tz="Europe/London")
    assert when is not None and when.start.replace(tzinfo=None) == datetime(2026, 12, 5, 19, 0)
    assert strip_span(text, when) == "quiz"
    assert _at("party from 8 till late") == datetime(2026, 12, 5, 20, 0)


def test_a_range_of_bare_hours_ends_after_it_starts() -> None:
    when = parse_when("from 6 to 9", now=SAT, tz="Europe/London")
    assert when is not None and when.end is not None
    assert (when.start.hour, when.end.replace(tzinfo=None)) == (18, datetime(2026, 12, 5, 21, 0))
    nine_to_five = parse_when("from 9 to 5", now=SAT, tz="Europe/London")
    assert nine_to_five is not None and nine_to_five.end is not None
    assert (nine_to_five.start.hour, nine_to_five.end.hour) == (9, 17)


def test_from_a_number_of_things_is_no_time() -> None:
    assert parse_when("get a quote from 3 builders", now=SAT, tz="Europe/London") is None


def test_short_weekdays_with_a_part_of_the_day() -> None:
    assert _at("weds morning") == datetime(2026, 12, 9, 9, 0)
    assert _at("wed morning") == datetime(2026, 12, 9, 9, 0)
    assert _at("thurs evening") == datetime(2026, 12, 10, 19, 0)
    assert _at("sat afternoon") == datetime(2026, 12, 5, 15, 0)
    assert _at("sun evening") == datetime(2026, 12, 6, 19, 0)
    assert _at("tue 3pm") == datetime(2026, 12, 8, 15, 0)
    text = "ring the council weds morning"
    when = parse_when(text, now=SAT, tz="Europe/London")
    assert when is not None and strip_span(text, when) == "ring the council"


def test_a_short_weekday_that_is_also_a_word_is_a_day_where_the_words_say_so() -> None:
    assert _at("sat") == datetime(2026, 12, 12, 9, 0)
    assert _at("book the car in sat") == datetime(2026, 12, 12, 9, 0)
    assert _at("on sun") == datetime(2026, 12, 6, 9, 0)
    assert _at("next wed") == datetime(2026, 12, 9, 9, 0)
    assert _at("sat 11:15") == datetime(2026, 12, 5, 11, 15)  # later today


def test_a_short_weekday_that_is_also_a_word_stays_a_word() -> None:
    for text in (
        "i sat on the bench",
        "we wed in june",
        "sit in the sun",
        "the sun is out",
        "they finally got wed",
        "c'mon",
        "I sat 3 exams",
        "sat down with mon ami",
    ):
        assert parse_when(text, now=SAT, tz="Europe/London") is None, text


def test_several_weekdays_with_one_time_repeat_weekly() -> None:
    cases = {
        "gym mon wed fri 7am": ("FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=7;BYMINUTE=0", (7, 7)),
        "every mon wed and fri at 7": ("FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=19;BYMINUTE=0", (7, 19)),
        "tues and thurs 6pm": ("FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=18;BYMINUTE=0", (8, 18)),
        "pick up kids mon/wed/fri 3:15": (
            "FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=15;BYMINUTE=15",
            (7, 15),
        ),
        "brunch sat and sun": ("FREQ=WEEKLY;BYDAY=SA,SU;BYHOUR=9;BYMINUTE=0", (6, 9)),
    }
    for text, (rule, (day, hour)) in cases.items():
        when = parse_when(text, now=SAT, tz="Europe/London")
        assert when is not None and when.rrule == rule, text
        assert (when.start.day, when.start.hour) == (day, hour), text
    gym = parse_when("gym mon wed fri 7am", now=SAT, tz="Europe/London")
    assert gym is not None and strip_span("gym mon wed fri 7am", gym) == "gym"


def test_days_joined_otherwise_are_not_a_repeat() -> None:
    between = parse_when("between monday and friday", now=SAT, tz="Europe/London")
    assert between is not None and between.rrule is None
    nxt = parse_when("next mon and tue", now=SAT, tz="Europe/London")
    assert nxt is not None and nxt.rrule is None


def test_a_whole_week_or_month_is_vague_and_a_day_in_it_is_not() -> None:
    for text in ("meeting next week", "sometime next week", "at some point next month"):
        when = parse_when(text, now=NOW, tz="Europe/London")
        assert when is not None and when.vague, text
    said = "call the bank sometime next week"
    when = parse_when(said, now=NOW, tz="Europe/London")
    assert when is not None and strip_span(said, when) == "call the bank"
    # Its first day still stands for the week, for a range or a move.
    assert when.start.replace(tzinfo=None) == datetime(2026, 12, 14, 9, 0)
    for text, day in (("friday next week", 18), ("next week on tuesday at 3", 15)):
        dated = parse_when(text, now=NOW, tz="Europe/London")
        assert dated is not None and not dated.vague and dated.start.day == day, text
    assert parse_when("later", now=NOW, tz="Europe/London") is None
    assert parse_when("at some point", now=NOW, tz="Europe/London") is None
