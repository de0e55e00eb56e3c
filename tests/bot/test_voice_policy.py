from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from bot.voice.policy import alert_matters, in_quiet_hours, parse_quiet, split_urgent
from bot.voice.speech import event_alert
from tests.helpers.bot import Harness

NIGHT = (time(22, 0), time(7, 0))


def test_quiet_hours_span_midnight() -> None:
    day = datetime(2026, 3, 2, tzinfo=UTC)
    assert in_quiet_hours(day.replace(hour=23), NIGHT)
    assert in_quiet_hours(day.replace(hour=6, minute=59), NIGHT)
    assert not in_quiet_hours(day.replace(hour=7), NIGHT)
    assert not in_quiet_hours(day.replace(hour=21, minute=59), NIGHT)
    assert not in_quiet_hours(day.replace(hour=3), None)


def test_quiet_hours_are_read_from_a_range() -> None:
    assert parse_quiet("22:00-07:00") == NIGHT
    assert parse_quiet("23-6") == (time(23), time(6))
    assert parse_quiet("25:00-07:00") is None
    assert parse_quiet("tonight") is None


def test_only_the_word_urgently_or_a_leading_urgent_marks_a_reminder() -> None:
    assert split_urgent("remind me urgently at 5 to call the bank") == (
        "remind me at 5 to call the bank",
        True,
    )
    assert split_urgent("urgent: pay rent at 5") == ("pay rent at 5", True)
    text = "remind me to answer the urgent email at 5"
    assert split_urgent(text) == (text, False)


def test_alerts_escalate_within_the_hour_before_the_start() -> None:
    start = datetime(2026, 3, 2, 15, tzinfo=UTC)
    assert alert_matters(start - timedelta(minutes=10), start)
    assert alert_matters(start - timedelta(hours=1), start)
    assert not alert_matters(start - timedelta(days=1), start)


def test_the_call_reads_like_speech() -> None:
    start = datetime(2026, 3, 2, 15, tzinfo=UTC)
    said = event_alert("Nudge", "dentist", start, "Main Street", start - timedelta(minutes=45))
    assert said == "Reminder from Nudge: dentist at 3 pm at Main Street, in 45 minutes."


async def test_phone_commands_without_a_provider_say_calls_are_not_set_up(
    harness: Harness,
) -> None:
    alice = harness.user()
    assert "aren't set up" in (await alice.says("/phone +447700900123")).text
    assert "No phone number" in (await alice.says("/voice")).text
    assert "international form" not in (await alice.says("/phone 07700")).text


async def test_urgent_by_number_and_back(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/remind tomorrow at 9 pay rent")
    assert "is urgent" in (await alice.says("/urgent 1")).text
    assert "no longer urgent" in (await alice.says("/urgent 1 off")).text
    assert "no reminder number 7" in (await alice.says("/urgent 7")).text
    assert "Quiet hours set to 23:00–06:30" in (await alice.says("/quiet 23:00-06:30")).text
    assert "range" in (await alice.says("/quiet sometimes")).text
