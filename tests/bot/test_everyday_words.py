"""Everyday phrasings people type on a phone: missing apostrophes, "gotta", "an hour before".

The clock starts on Monday 2 March 2026, 08:00 UTC; people are in UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.helpers.bot import Harness


async def _events(harness: Harness) -> list[tuple[str, datetime]]:
    return [
        (e.title, e.start_at) for e in await harness.store.events.upcoming(1, harness.clock.now())
    ]


async def _reminders(harness: Harness) -> list[tuple[str, datetime]]:
    return [(r.text, r.due_at) for r in await harness.store.reminders.list_active(1)]


@pytest.mark.parametrize(
    "said", ["actually its at 3 now", "thats at 3pm now", "its on thursday at 3 now"]
)
async def test_an_apostrophe_left_out_still_moves_the_item(harness: Harness, said: str) -> None:
    alice = harness.user()
    await alice.says("call with the accountant thursday 2pm")
    reply = await alice.says(said)
    assert reply.text.startswith("Moved event 1.")
    assert await _events(harness) == [
        ("call with the accountant", datetime(2026, 3, 5, 15, 0, tzinfo=UTC))
    ]


async def test_a_word_like_its_inside_an_item_is_left_alone(harness: Harness) -> None:
    reply = await harness.user().says("add task check its tyres on friday")
    assert "check its tyres" in reply.text


async def test_change_a_reminder_to_say_new_words(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("every sunday at 6pm remind me to put the recycling out")
    await alice.says("change the recycling reminder to say bins and recycling")
    [(text, _)] = await _reminders(harness)
    assert text == "bins and recycling"


@pytest.mark.parametrize(
    ("said", "task"),
    [
        ("also gotta book flights for half term", "book flights for half term"),
        ("i really need to fix the fence", "fix the fence"),
        ("have to call the bank", "call the bank"),
    ],
)
async def test_something_one_has_to_do_is_a_task(harness: Harness, said: str, task: str) -> None:
    reply = await harness.user().says(said)
    assert reply.text == f"Added task 1. {task}"


async def test_a_question_about_what_is_due_makes_nothing(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("doctors appt wednesday 10:30am")
    reply = await alice.says("anything due this week?")
    assert "doctors appt" in reply.text
    assert len(await _events(harness)) == 1


async def test_a_reminder_before_a_named_event(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("doctors appt wednesday 10:30am")
    reply = await alice.says("remind me 30 mins before my doctors appt")
    assert "doctors appt" in reply.text
    assert await _reminders(harness) == [("doctors appt", datetime(2026, 3, 4, 10, 0, tzinfo=UTC))]


async def test_a_reminder_before_what_was_just_added_with_its_own_words(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("call with the accountant thursday 2pm")
    await alice.says("remind me an hour before")
    await alice.says("remind me to grab the files 20 min before the accountant call")
    assert await _reminders(harness) == [
        ("call with the accountant", datetime(2026, 3, 5, 13, 0, tzinfo=UTC)),
        ("grab the files", datetime(2026, 3, 5, 13, 40, tzinfo=UTC)),
    ]


async def test_a_reminder_before_a_clock_time(harness: Harness) -> None:
    await harness.user().says("remind me 30 min before 5pm to leave")
    assert await _reminders(harness) == [("leave", datetime(2026, 3, 2, 16, 30, tzinfo=UTC))]


async def test_a_reminder_before_an_item_that_is_not_there_stores_nothing(
    harness: Harness,
) -> None:
    alice = harness.user()
    await alice.says("doctors appt wednesday 10:30am")
    reply = await alice.says("remind me 10 mins before my dentist")
    assert "couldn't find" in reply.text
    assert await _reminders(harness) == []


async def test_a_reminder_before_a_task_without_a_time_asks_for_one(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("add task renew passport")
    reply = await alice.says("remind me an hour before the passport task")
    assert "no time" in reply.text
    assert await _reminders(harness) == []


async def test_no_event_this_friday_cancels_it_and_makes_nothing(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("gym friday 7am")
    reply = await alice.says("no gym this friday")
    assert reply.text == "Cancelled event: gym"
    assert await _events(harness) == []


async def test_two_requests_in_one_message_are_both_done(harness: Harness) -> None:
    alice = harness.user()
    reply = await alice.says(
        "put milk and eggs on the shopping list and remind me at 6 to go to tesco"
    )
    assert "milk" in reply.text and "go to tesco" in reply.text
    tasks = [t.text for t in await harness.store.tasks.list_open(1)]
    assert tasks == ["milk", "eggs"]
    assert await _reminders(harness) == [("go to tesco", datetime(2026, 3, 2, 18, 0, tzinfo=UTC))]


@pytest.mark.parametrize(
    ("said", "reminder"),
    [
        ("remind me to call mum and dad at 5", "call mum and dad"),
        ("remind me at 5 to buy bread and add it to the list", "buy bread and add it to the list"),
    ],
)
async def test_and_inside_one_request_keeps_it_whole(
    harness: Harness, said: str, reminder: str
) -> None:
    await harness.user().says(said)
    assert [text for text, _ in await _reminders(harness)] == [reminder]


async def test_put_is_kept_when_it_is_the_task_itself(harness: Harness) -> None:
    reply = await harness.user().says("put the bins out")
    assert reply.text == "Added task 1. put the bins out"


@pytest.mark.parametrize("asked", ["whats the gate code again", "what was the gate code again?"])
async def test_a_question_asked_again_is_answered_from_the_notes(
    harness: Harness, asked: str
) -> None:
    alice = harness.user()
    await alice.says("note the gate code is 4471")
    reply = await alice.says(asked)
    assert "4471" in reply.text
    assert len(await harness.store.notes.list(1)) == 1


async def test_several_chores_in_one_go_are_each_a_task(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("need to do laundry, buy stamps and call the landlord")
    await alice.says("finished the laundry")
    assert [t.text for t in await harness.store.tasks.list_open(1)] == [
        "buy stamps",
        "call the landlord",
    ]


@pytest.mark.parametrize("said", ["buy milk and eggs", "call mum and dad, then pay rent"])
async def test_one_chore_with_and_stays_one_task(harness: Harness, said: str) -> None:
    await harness.user().says(f"add task {said}")
    assert len(await harness.store.tasks.list_open(1)) == 1


@pytest.mark.parametrize(
    ("said", "at"),
    [
        ("move the dentist to the afternoon", datetime(2026, 3, 5, 15, 0, tzinfo=UTC)),
        ("push it to the evening", datetime(2026, 3, 5, 19, 0, tzinfo=UTC)),
        ("move the dentist to friday morning", datetime(2026, 3, 6, 9, 0, tzinfo=UTC)),
    ],
)
async def test_a_part_of_the_day_is_a_time_to_move_to(
    harness: Harness, said: str, at: datetime
) -> None:
    alice = harness.user()
    await alice.says("dentist thursday at 10")
    await alice.says(said)
    assert await _events(harness) == [("dentist", at)]


async def test_after_lunch_is_after_lunchtime(harness: Harness) -> None:
    await harness.user().says("dentist thursday after lunch")
    assert await _events(harness) == [("dentist", datetime(2026, 3, 5, 13, 0, tzinfo=UTC))]


@pytest.mark.parametrize("said", ["got the milk", "just bought milk", "paid the rent"])
async def test_done_said_without_i_completes_the_task(harness: Harness, said: str) -> None:
    alice = harness.user()
    await alice.says("add task buy milk")
    await alice.says("add task pay rent")
    reply = await alice.says(said)
    assert reply.text.startswith("Done:")
    assert len(await harness.store.tasks.list_open(1)) == 1


async def test_got_with_a_time_is_something_new(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("add task book the dentist")
    await alice.says("got a dentist appt tuesday at 3")
    assert await _events(harness) == [("dentist appt", datetime(2026, 3, 3, 15, 0, tzinfo=UTC))]
    assert len(await harness.store.tasks.list_open(1)) == 1


async def test_adding_to_a_note_by_its_title(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("jot down gift ideas for mum - scarf, candle")
    await alice.says("add bath salts to the gift ideas")
    [note] = await harness.store.notes.list(1)
    assert "bath salts" in note.body
    assert await harness.store.tasks.list_open(1) == []


@pytest.mark.parametrize(
    "said",
    ["add a task to clean the fridge", "add eggs to the shopping list", "add bob to the meeting"],
)
async def test_add_to_something_else_is_no_note(harness: Harness, said: str) -> None:
    alice = harness.user()
    await alice.says("note gift ideas: scarf")
    before = await harness.store.notes.list(1)
    await alice.says(said)
    assert await harness.store.notes.list(1) == before


async def test_two_things_to_be_reminded_of_each_with_its_own_time(harness: Harness) -> None:
    await harness.user().says(
        "remind me tomorrow morning to post the parcel and to pick up the prescription on wednesday"
    )
    assert await _reminders(harness) == [
        ("post the parcel", datetime(2026, 3, 3, 9, 0, tzinfo=UTC)),
        ("pick up the prescription", datetime(2026, 3, 4, 9, 0, tzinfo=UTC)),
    ]


async def test_it_after_a_question_about_something_unsaved_is_asked_about(
    harness: Harness,
) -> None:
    alice = harness.user()
    await alice.says("meeting friday 3pm")
    asked = await alice.says("remind me about the thing with john")
    assert asked.text.startswith("When should I remind you?")
    reply = await alice.says("cancel it")
    assert reply.buttons, "which one is asked"
    assert len(await _events(harness)) == 1


@pytest.mark.parametrize(
    ("said", "task"),
    [
        ("sent the invoice to mark", "send invoice to mark for the november catering"),
        ("called the supplier", "call the supplier about the late delivery"),
    ],
)
async def test_done_in_the_past_tense_completes_the_task(
    harness: Harness, said: str, task: str
) -> None:
    alice = harness.user()
    await alice.says(f"add task {task}")
    reply = await alice.says(said)
    assert reply.text == f"Done: {task} ✓"
    assert await harness.store.tasks.list_open(1) == []


async def test_a_repeating_reminder_said_ahead_repeats_ahead(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("football training every wednesday 16:30, remind me 30 min before")
    await alice.says("bin day every thursday at 7am, remind me a day before")
    reminders = await harness.store.reminders.list_active(1)
    assert [(r.text, r.due_at, r.rrule) for r in reminders] == [
        (
            "bin day",
            datetime(2026, 3, 4, 7, 0, tzinfo=UTC),
            "FREQ=WEEKLY;BYDAY=WE;BYHOUR=7;BYMINUTE=0",
        ),
        (
            "football training",
            datetime(2026, 3, 4, 16, 0, tzinfo=UTC),
            "FREQ=WEEKLY;BYDAY=WE;BYHOUR=16;BYMINUTE=0",
        ),
    ]


async def test_the_verb_of_a_date_is_not_part_of_the_title(harness: Harness) -> None:
    await harness.user().says("the school play is on friday at 6pm")
    assert await _events(harness) == [("school play", datetime(2026, 3, 6, 18, 0, tzinfo=UTC))]


async def test_a_reminder_ahead_with_what_to_do(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("the school play is on friday at 6pm")
    await alice.says("remind me 2 days before the school play to buy a costume")
    await alice.says("grandma's party is 20 march at 5pm, remind me the day before to call her")
    await alice.says(
        "remind me about the quiz on 27 march at 7pm, remind me the day before to book a table"
    )
    assert await _reminders(harness) == [
        ("buy a costume", datetime(2026, 3, 4, 18, 0, tzinfo=UTC)),
        ("call her (grandma's party)", datetime(2026, 3, 19, 17, 0, tzinfo=UTC)),
        ("book a table (the quiz)", datetime(2026, 3, 26, 19, 0, tzinfo=UTC)),
    ]


async def test_a_long_run_of_requests_is_one_message_not_many_items(harness: Harness) -> None:
    said = " and ".join(f"add task number {n}" for n in range(1, 9))
    await harness.user().says(said)
    assert len(await harness.store.tasks.list_open(1)) == 1


async def test_a_birthday_comes_back_every_year_but_its_party_does_not(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("add event lea's birthday on 14 march")
    await alice.says("add event lea's birthday party on 15 march at 3pm")
    events = await harness.store.events.upcoming(1, harness.clock.now())
    assert [(e.title, e.rrule) for e in events] == [
        ("lea's birthday", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=14;BYHOUR=9;BYMINUTE=0"),
        ("lea's birthday party", None),
    ]


async def test_no_gym_this_friday_skips_only_that_day_of_a_series(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("remind me every friday at 7am to go to the gym")
    reply = await alice.says("no gym this friday")
    assert reply.text.startswith("Skipped “go to the gym” Fri 6 Mar")
    [reminder] = await harness.store.reminders.list_active(1)
    assert reminder.due_at == datetime(2026, 3, 13, 7, 0, tzinfo=UTC)
    assert reminder.rrule is not None


async def test_one_day_of_a_repeating_event_never_cancels_the_series(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/event every friday 18:00 - choir")
    reply = await alice.says("no choir this friday")
    assert "nothing was changed" in reply.text
    assert [title for title, _ in await _events(harness)][:1] == ["choir"]
