"""`/edit [task|note|event] N [WHEN] [| TEXT]`: an item's time, words, or both, by its number.

The clock starts on Monday 2 March 2026, 08:00 UTC; people are in UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.messages import Reply
from tests.helpers.bot import Harness, Person


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


async def _reminders(harness: Harness, user: int = 1) -> list[tuple[int, str, datetime]]:
    return [(r.number, r.text, r.due_at) for r in await harness.store.reminders.list_active(user)]


def _buttons(reply: Reply) -> dict[str, str]:
    return {b.label: b.data for row in reply.buttons for b in row}


async def _standup(alice: Person) -> Reply:
    """A weekday standup at 9:30 (next today, Monday), and an edit of it."""
    await alice.says("every weekday at 9:30 standup")
    await alice.says("/reminders")
    return await alice.says("/edit 1 10:00 | standup in room 4")


async def test_a_reminders_time_words_or_both_change(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/remind tomorrow 9:00 call mom")
    assert (await alice.says("/edit 1 10am")).text == (
        "Changed reminder 1. tomorrow 10:00, Tue 3 Mar — call mom"
    )
    assert (await alice.says("/edit 1 | call mum")).text == (
        "Changed reminder 1. tomorrow 10:00, Tue 3 Mar — call mum"
    )
    assert (await alice.says("/edit 1 friday 17:00 | call dad")).text == (
        "Changed reminder 1. Fri 6 Mar 17:00 — call dad"
    )
    assert await _reminders(harness) == [(1, "call dad", _at(6, 17))]
    harness.clock.set(_at(6, 17))
    [delivered] = await harness.deliver()
    assert "call dad" in delivered.text


@pytest.mark.parametrize(
    ("said", "answer"),
    [
        ("/edit 1 blah", "I couldn't read a time in “blah”, so nothing was changed."),
        ("/edit 1 25:00", "I couldn't read a time in “25:00”, so nothing was changed."),
        (
            "/edit 1 friday 17:00 call dad",
            "I read “friday 17:00” as the time, but not “call dad”, so nothing was changed. "
            "To change the words too, put them after a bar: /edit 1 friday 17:00 | call dad",
        ),
        ("/edit 1 yesterday", "is in the past. Please give a time that is still to come."),
        ("/edit 7 10am", "You have no reminder number 7. Send /reminders to see them."),
        ("/edit 7 | x", "You have no reminder number 7. Send /reminders to see them."),
        ("/edit task 1 friday", "You have no open task number 1. Send /tasks to see them."),
        ("/edit note 3", "You have no note number 3. Send /notes to see them."),
        ("/edit 1", "What should change? Send the new time, the new words after a bar, or both"),
        ("/edit", "Change an item by the number its list shows:\n/edit 3 tomorrow 9:00"),
        ("/edit soon | x", "Change an item by the number its list shows:"),
    ],
)
async def test_what_cannot_be_done_is_said_and_nothing_changes(
    harness: Harness, said: str, answer: str
) -> None:
    alice = harness.user()
    await alice.says("/remind tomorrow 9:00 call mom")
    assert answer in (await alice.says(said)).text
    assert await _reminders(harness) == [(1, "call mom", _at(3, 9))]


async def test_nobody_edits_anyone_elses_item(harness: Harness) -> None:
    alice, bob = harness.user("alice"), harness.user("bob")
    await alice.says("/remind tomorrow 9:00 call mom")
    await alice.says("note alice's locker is 4411")
    assert "You have no reminder number 1" in (await bob.says("/edit 1 | hacked")).text
    assert "You have no note number 1" in (await bob.says("/edit note 1 | hacked")).text
    assert await _reminders(harness) == [(1, "call mom", _at(3, 9))]
    assert "4411" in (await alice.says("/notes")).text


async def test_a_repeating_reminder_asks_just_this_one_or_the_whole_series(
    harness: Harness,
) -> None:
    alice = harness.user()
    asked = await _standup(alice)
    assert asked.text == (
        "“standup” repeats (every weekday at 09:30). Change just the next one, "
        "today 09:30, Mon 2 Mar, or the whole series?"
    )
    assert list(_buttons(asked)) == ["Just this one", "The whole series"]
    assert await _reminders(harness) == [(1, "standup", _at(2, 9, 30))], "nothing yet"

    one = await alice.presses(_buttons(asked)["Just this one"])
    assert one.text == (
        "Changed just this one, now reminder 2. today 10:00, Mon 2 Mar — standup in room 4\n"
        "The series goes on: 1. tomorrow 09:30, Tue 3 Mar — standup (every weekday at 09:30)"
    )
    assert one.edit == "1", "the answer replaces the question"
    assert await _reminders(harness) == [
        (2, "standup in room 4", _at(2, 10)),
        (1, "standup", _at(3, 9, 30)),
    ]
    harness.clock.set(_at(2, 10))
    assert ["standup in room 4" in r.text for r in await harness.deliver()] == [True]
    harness.clock.set(_at(3, 9, 30))
    assert ["standup" in r.text for r in await harness.deliver()] == [True]
    harness.clock.set(_at(4, 9, 30))
    assert len(await harness.deliver()) == 1, "the series goes on every weekday"


async def test_the_whole_series_moves_and_is_renamed(harness: Harness) -> None:
    alice = harness.user()
    asked = await _standup(alice)
    done = await alice.presses(_buttons(asked)["The whole series"])
    assert done.text == (
        "Changed reminder 1. today 10:00, Mon 2 Mar — standup in room 4 (every weekday at 10:00)"
    )
    assert await _reminders(harness) == [(1, "standup in room 4", _at(2, 10))]
    harness.clock.set(_at(2, 10))
    await harness.deliver()
    assert await _reminders(harness) == [(1, "standup in room 4", _at(3, 10))]


async def test_a_new_repeat_is_the_series_without_asking(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("every weekday at 9:30 standup")
    reply = await alice.says("/edit 1 every friday at 9:00")
    assert reply.text == "Changed reminder 1. Fri 6 Mar 09:00 — standup (every Friday at 09:00)"


async def test_forged_old_and_others_edit_buttons_change_nothing(harness: Harness) -> None:
    alice, bob = harness.user("alice"), harness.user("bob")
    first = await _standup(alice)
    second = await alice.says("/edit 1 | retro")
    assert "isn't valid" in (await bob.presses(_buttons(second)["The whole series"])).text
    assert "isn't valid" in (await alice.presses("ed:s.abc:AAAAAAAAAAAA")).text
    old = await alice.presses(_buttons(first)["The whole series"])
    assert old.text == (
        "That choice has expired, and nothing was changed. Please send the /edit again."
    )
    assert await _reminders(harness) == [(1, "standup", _at(2, 9, 30))]
    assert "retro" in (await alice.presses(_buttons(second)["The whole series"])).text
    again = await alice.presses(_buttons(second)["Just this one"])
    assert again.text.startswith("That choice has expired"), "a choice is made once"
    assert await _reminders(harness) == [(1, "retro", _at(2, 9, 30))]


async def test_a_tasks_due_time_and_words(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("add task buy milk tomorrow")
    assert (await alice.says("/edit task 1 friday")).text == (
        "Changed task 1. buy milk (due Fri 6 Mar 09:00)"
    )
    assert (await alice.says("/edit task 1 18:00 | buy oat milk")).text == (
        "Changed task 1. buy oat milk (due Fri 6 Mar 18:00)"
    )
    harness.clock.set(_at(6, 18))
    [notice] = await harness.deliver()
    assert notice.text == "☐ Task due: buy oat milk"


async def test_a_notes_words(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("note Trip: pack passport")
    assert (await alice.says("/edit note 1 | Holiday: pack sunscreen")).text == (
        "Changed note 1. Holiday: pack sunscreen"
    )
    assert (await alice.says("/edit note 1 bring towels")).text == (
        "Changed note 1. Holiday: bring towels"
    )
    assert (await alice.says("/edit note 1 tomorrow | x")).text == (
        "A note has no time. To change its words: /edit note 1 | new words"
    )
    assert "Holiday: bring towels" in (await alice.says("/find towels")).text


async def test_an_events_time_length_title_and_place(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/event wednesday 10:00 - dentist @ Main St")
    assert (await alice.says("/edit event 1 16:00")).text == (
        "Changed event 1. Wed 4 Mar 16:00 — dentist @ Main St"
    )
    assert (await alice.says("/edit event 1 for 90 min")).text == (
        "Changed event 1. Wed 4 Mar 16:00–17:30 — dentist @ Main St"
    )
    assert (await alice.says("/edit event 1 | Orthodontist @ High St")).text == (
        "Changed event 1. Wed 4 Mar 16:00–17:30 — Orthodontist @ High St"
    )
    assert (await alice.says("/edit event 1 thursday | @ Low St")).text == (
        "Changed event 1. Thu 5 Mar 16:00–17:30 — Orthodontist @ Low St"
    )
    [event] = await harness.store.events.upcoming(1, harness.clock.now())
    assert (event.title, event.place, event.start_at, event.end_at) == (
        "Orthodontist",
        "Low St",
        _at(5, 16),
        _at(5, 17, 30),
    )
