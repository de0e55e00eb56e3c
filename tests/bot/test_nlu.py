"""Messages read as frames: the domain, the action and the slots a handler acts on."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.nlu import Action, Domain, Frame, read
from tests.helpers.bot import seed_router

# A Monday morning.
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def frame_of(text: str) -> Frame:
    return read(text, seed_router().route(text), now=NOW, tz="Europe/London")


@pytest.mark.parametrize(
    ("text", "domain", "action"),
    [
        ("tasks", Domain.TASKS, Action.LIST),
        ("todo?", Domain.TASKS, Action.LIST),
        ("reminders", Domain.REMINDERS, Action.LIST),
        ("my notes", Domain.NOTES, Action.LIST),
        ("calendar", Domain.EVENTS, Action.LIST),
        ("what's on my todo list", Domain.TASKS, Action.LIST),
        ("cross off buy milk", Domain.TASKS, Action.COMPLETE),
        ("buy milk is done", Domain.TASKS, Action.COMPLETE),
        ("delete buy milk", Domain.TASKS, Action.DELETE),
        ("move reminder 1 to 10am", Domain.REMINDERS, Action.MOVE),
        ("change reminder 2 to 8am", Domain.REMINDERS, Action.MOVE),
        ("move the dentist to 4pm", Domain.EVENTS, Action.MOVE),
        ("cancel my 3pm", Domain.EVENTS, Action.CANCEL),
        ("what do I have tomorrow", Domain.EVENTS, Action.AGENDA_QUERY),
        ("am I free on friday afternoon", Domain.EVENTS, Action.AGENDA_QUERY),
        ("anything on this week?", Domain.EVENTS, Action.AGENDA_QUERY),
        ("wake me up at 6:30 tomorrow", Domain.REMINDERS, Action.CREATE),
        ("set an alarm for 7am", Domain.REMINDERS, Action.CREATE),
        ("what time is it in tokyo", Domain.TIME, Action.TIME_IN_PLACE),
        ("set my timezone to new york", Domain.PROFILE, Action.SET_TIMEZONE),
        ("i live in berlin", Domain.PROFILE, Action.SET_TIMEZONE),
        ("jot down: party ideas - balloons, cake", Domain.NOTES, Action.CREATE),
        ("find my notes about the locker", Domain.NOTES, Action.SEARCH),
        ("add task water plants every monday", Domain.TASKS, Action.CREATE),
        ("change task 2 to buy oat milk", Domain.TASKS, Action.EDIT),
        ("snooze 45m", Domain.REMINDERS, Action.SNOOZE),
        ("pause the standup reminder", Domain.REMINDERS, Action.PAUSE),
        ("what time is it", Domain.TIME, Action.SHOW),
    ],
)
def test_everyday_phrasings_read_as_their_frame(text: str, domain: Domain, action: Action) -> None:
    frame = frame_of(text)
    assert (frame.domain, frame.action) == (domain, action), frame


def test_slots_carry_what_the_action_needs() -> None:
    move = frame_of("move reminder 1 to 10am")
    assert move.slots.ref is not None and move.slots.ref.number == 1
    assert move.slots.when is not None and move.slots.when.start.hour == 10
    cancel = frame_of("cancel my 3pm")
    assert cancel.slots.ref is not None and cancel.slots.ref.at == time(15, 0)
    created = frame_of("remind me to call mom tomorrow at 9")
    assert created.slots.text == "call mom"
    assert created.slots.when is not None and created.slots.when.start.day == 8
    zone = frame_of("set my timezone to new york")
    assert zone.slots.zone == "America/New_York"
    tokyo = frame_of("what time is it in tokyo")
    assert tokyo.slots.zone == "Asia/Tokyo"
    free = frame_of("am I free on friday afternoon")
    assert free.slots.span is not None
    start, end = free.slots.span
    assert (start.day, start.hour, end.hour) == (11, 12, 18)


def test_a_repeat_is_kept_and_the_text_is_clean() -> None:
    task = frame_of("add task water plants every monday")
    assert task.slots.text == "water plants"
    assert task.slots.when is not None and "BYDAY=MO" in (task.slots.when.rrule or "")
    french = frame_of("rappelle-moi lundi prochain à 14h30 de payer le loyer")
    assert french.slots.text == "payer le loyer"
    assert french.slots.when is not None and french.slots.when.start.day == 14


def test_a_message_the_router_does_not_know_is_unsure() -> None:
    assert frame_of("zorblax quintessa flurb").unsure


def test_impossible_times_are_flagged() -> None:
    assert frame_of("remind me tomorrow at 25:00 to call").slots.bad_time == "25:00"


def test_the_frame_is_plain_json() -> None:
    data = frame_of("move the dentist to 4pm").to_json()
    assert data["domain"] == "events" and data["action"] == "move"
    assert data["slots"]["ref"] == {"words": "dentist"}
    assert data["slots"]["when"]["text"] == "4pm"


@pytest.mark.parametrize(
    ("text", "domain", "action"),
    [
        ("fyi I'm in Chicago", Domain.PROFILE, Action.SET_TIMEZONE),
        ("remnd me 2 strech in 20 mins", Domain.REMINDERS, Action.CREATE),
        ("never mind the bins reminder, cancel it", Domain.REMINDERS, Action.DELETE),
    ],
)
def test_fillers_and_typos_around_a_request(text: str, domain: Domain, action: Action) -> None:
    frame = frame_of(text)
    assert (frame.domain, frame.action) == (domain, action), frame


def test_a_typed_remind_me_is_not_part_of_the_reminder() -> None:
    assert frame_of("remnd me 2 strech in 20 mins").slots.text == "strech"
