"""Day-part cue words set the day part of a bare clock time; item numbers are not times."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.timeparse import parse_when, strip_span

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 6, 10, 10, 0, tzinfo=LONDON)  # a Wednesday


def _at(text: str) -> datetime:
    when = parse_when(text, now=NOW, tz="Europe/London")
    assert when is not None, text
    return when.start


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wake me up at 6:30 tomorrow", datetime(2026, 6, 11, 6, 30)),
        ("set an alarm for 7", datetime(2026, 6, 11, 7, 0)),
        ("alarm at 6", datetime(2026, 6, 11, 6, 0)),
        ("breakfast with Sam at 8", datetime(2026, 6, 11, 8, 0)),
        ("morning run at 6", datetime(2026, 6, 11, 6, 0)),
        ("dinner at 7", datetime(2026, 6, 10, 19, 0)),
        ("tonight at 8", datetime(2026, 6, 10, 20, 0)),
        ("drinks after work at 6", datetime(2026, 6, 10, 18, 0)),
        ("lunch at 1", datetime(2026, 6, 10, 13, 0)),
        ("lunch at 11:30 tomorrow", datetime(2026, 6, 11, 11, 30)),
        ("set an alarm for 7am", datetime(2026, 6, 11, 7, 0)),
        ("alarm for 6:45", datetime(2026, 6, 11, 6, 45)),
        ("go to bed at 11", datetime(2026, 6, 10, 23, 0)),
        ("dinner with Anna on friday at 8", datetime(2026, 6, 12, 20, 0)),
        ("morning jog at 7 on saturday", datetime(2026, 6, 13, 7, 0)),
    ],
)
def test_a_cue_word_sets_the_day_part(text: str, expected: datetime) -> None:
    assert _at(text) == expected.replace(tzinfo=LONDON)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("good morning, call me at 3", datetime(2026, 6, 10, 15, 0)),  # a greeting is no cue
        ("alarm for 6pm", datetime(2026, 6, 10, 18, 0)),  # am/pm wins
        ("alarm at 18:30", datetime(2026, 6, 10, 18, 30)),  # so does the 24-hour style
        ("breakfast tomorrow", datetime(2026, 6, 11, 9, 0)),  # no clock time: the usual hour
        ("call mom at 3", datetime(2026, 6, 10, 15, 0)),  # no cue: the usual reading
    ],
)
def test_a_cue_word_leaves_other_times_alone(text: str, expected: datetime) -> None:
    assert _at(text) == expected.replace(tzinfo=LONDON)


def test_the_alarm_hour_after_for_is_cut_out_with_it() -> None:
    when = parse_when("set an alarm for 7", now=NOW, tz="Europe/London")
    assert when is not None
    assert strip_span("set an alarm for 7", when) == "set an alarm"
    assert parse_when("set an alarm for 10 minutes", now=NOW, tz="Europe/London") is None


@pytest.mark.parametrize(
    ("text", "expected", "rest"),
    [
        ("move reminder 1 to 10am", datetime(2026, 6, 10, 10, 0), "move reminder 1"),
        ("change reminder 2 to 8am", datetime(2026, 6, 11, 8, 0), "change reminder 2"),
        ("push task 3 to friday", datetime(2026, 6, 12, 9, 0), "push task 3"),
        ("set reminder 7 to 9:30", datetime(2026, 6, 11, 9, 30), "set reminder 7"),
        ("reschedule #5 to 6pm", datetime(2026, 6, 10, 18, 0), "reschedule #5"),
    ],
)
def test_an_item_number_is_not_a_time(text: str, expected: datetime, rest: str) -> None:
    when = parse_when(text, now=NOW, tz="Europe/London")
    assert when is not None
    assert (when.start, when.end) == (expected.replace(tzinfo=LONDON), None)
    assert strip_span(text, when) == rest


def test_a_real_range_of_hours_is_still_one() -> None:
    when = parse_when("meeting 2-4pm tomorrow", now=NOW, tz="Europe/London")
    assert when is not None and when.end is not None
    assert (when.start.hour, when.end.hour) == (14, 16)
