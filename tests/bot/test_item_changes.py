"""Changing an item in plain words: its place, title, repeat, time or day; never a new item.

The clock starts on Monday 2 March 2026, 08:00 UTC; people are in UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.helpers.bot import Harness, Person


async def _events(harness: Harness) -> list[tuple[str, str, datetime]]:
    found = await harness.store.events.upcoming(1, harness.clock.now())
    return [(e.title, e.place, e.start_at) for e in found]


@pytest.mark.parametrize(
    "said",
    [
        "change the place of lunch with Sam to Wagamama",
        "lunch with Sam is at Wagamama now",
        "lunch's at Wagamama now, not Nando's",
        "change lunch with Sam's location to Wagamama",
        "lunch with Sam is at Wagamama btw",
    ],
)
async def test_an_events_place_changes_in_words(harness: Harness, said: str) -> None:
    alice = harness.user()
    await alice.says("/event thursday 13:00 - lunch with Sam @ Nando's")
    reply = await alice.says(said)
    assert "Changed event 1." in reply.text and "@ Wagamama" in reply.text
    assert await _events(harness) == [
        ("lunch with Sam", "Wagamama", datetime(2026, 3, 5, 13, 0, tzinfo=UTC))
    ]


async def test_an_events_title_changes_and_its_place_stays(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/event wednesday 15:00 - dentist @ Main St")
    assert "orthodontist @ Main St" in (await alice.says("rename the dentist to orthodontist")).text
    assert [(title, place) for title, place, _ in await _events(harness)] == [
        ("orthodontist", "Main St")
    ]


async def test_a_correction_of_the_day_keeps_the_time(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/event wednesday 15:00 - dentist")
    await alice.says("the dentist is actually on the 5th, not the 4th")
    assert await _events(harness) == [("dentist", "", datetime(2026, 3, 5, 15, 0, tzinfo=UTC))]


async def test_moving_to_next_of_the_same_weekday_goes_a_week_on(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/event wednesday 11:00 - dentist")
    await alice.says("move the dentist to next wednesday same time")
    assert await _events(harness) == [("dentist", "", datetime(2026, 3, 11, 11, 0, tzinfo=UTC))]


async def test_a_move_from_one_bare_hour_to_another_keeps_the_day(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/event saturday 19:00 - dinner with mum")
    await alice.says("change dinner with mum from 7 to 8")
    assert await _events(harness) == [
        ("dinner with mum", "", datetime(2026, 3, 7, 20, 0, tzinfo=UTC))
    ]


async def test_an_instead_moves_the_item_it_names(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/event tomorrow 14:00 - team meeting")
    await alice.says("/remind tomorrow 9:00 call mom")
    await alice.says("can we do the team meeting at 9 instead")
    await alice.says("remind me about calling mom at 12 instead of 9")
    assert await _events(harness) == [("team meeting", "", datetime(2026, 3, 3, 9, 0, tzinfo=UTC))]
    reminders = await harness.store.reminders.list_active(1)
    assert [(r.text, r.due_at) for r in reminders] == [
        ("call mom", datetime(2026, 3, 3, 12, 0, tzinfo=UTC))
    ]


@pytest.mark.parametrize(
    "said",
    ["can the bins reminder go off an hour earlier?", "remind me about the bins an hour earlier"],
)
async def test_an_item_shifts_by_a_length_in_words(harness: Harness, said: str) -> None:
    alice = harness.user()
    await alice.says("/remind friday 18:00 take the bins out")
    await alice.says(said)
    (reminder,) = await harness.store.reminders.list_active(1)
    assert reminder.due_at == datetime(2026, 3, 6, 17, 0, tzinfo=UTC)


async def _one_reminder(harness: Harness) -> tuple[str, str | None, datetime]:
    (reminder,) = await harness.store.reminders.list_active(1)
    return reminder.text, reminder.rrule, reminder.due_at


async def test_that_one_becomes_weekly_at_its_own_time(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/remind wednesday 9:30 take the bins out")
    reply = await alice.says("make that one weekly")
    assert "every Wednesday at 09:30" in reply.text
    text, rule, due = await _one_reminder(harness)
    assert text == "take the bins out" and due == datetime(2026, 3, 4, 9, 30, tzinfo=UTC)
    assert rule is not None and "FREQ=WEEKLY" in rule and "BYHOUR=9" in rule


async def test_a_repeat_moves_to_other_days_and_keeps_its_time(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("remind me every monday at 8 to put the bins out")
    await alice.says("make the bins reminder tuesdays instead")
    _, rule, due = await _one_reminder(harness)
    assert rule is not None and "BYDAY=TU" in rule and "BYHOUR=8" in rule
    assert due == datetime(2026, 3, 3, 8, 0, tzinfo=UTC)


async def test_moving_a_repeating_reminder_moves_the_series(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("remind me every monday at 8 to put the bins out")
    reply = await alice.says("move the bins reminder to 7am")
    assert "every Monday at 07:00" in reply.text
    _, rule, due = await _one_reminder(harness)
    assert rule is not None and "BYHOUR=7" in rule
    assert due == datetime(2026, 3, 9, 7, 0, tzinfo=UTC)


async def test_a_task_takes_new_words_it_should_say(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/task call the plumber")
    await alice.says("the plumber task should say call the plumber about the boiler")
    tasks = await harness.store.tasks.list_open(1)
    assert [t.text for t in tasks] == ["call the plumber about the boiler"]


async def _open_tasks(alice: Person, harness: Harness, *texts: str) -> list[str]:
    for text in texts:
        await alice.says(f"/task {text}")
    return [t.text for t in await harness.store.tasks.list_open(1)]


async def test_several_items_by_their_words_are_each_done(harness: Harness) -> None:
    alice = harness.user()
    await _open_tasks(alice, harness, "buy milk", "call plumber", "renew passport")
    reply = await alice.says("completed: call plumber, buy milk")
    assert "call plumber" in reply.text and "buy milk" in reply.text
    assert [t.text for t in await harness.store.tasks.list_open(1)] == ["renew passport"]


async def test_an_item_said_to_be_still_open_stays_open(harness: Harness) -> None:
    alice = harness.user()
    await _open_tasks(alice, harness, "do the laundry", "do the dishes")
    await alice.says("I've done the laundry, the dishes are still pending")
    assert [t.text for t in await harness.store.tasks.list_open(1)] == ["do the dishes"]


@pytest.mark.parametrize(
    ("said", "answer"),
    [
        ("how many days until christmas?", "Friday 25 December 2026: in 298 days"),
        ("what day of the week is christmas this year", "Friday 25 December 2026"),
        ("how many days till friday", "Friday 6 March 2026: in 4 days"),
    ],
)
async def test_a_question_about_a_day_is_answered(harness: Harness, said: str, answer: str) -> None:
    assert answer in (await harness.user().says(said)).text


async def test_where_an_event_is_is_answered_from_it(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/event wednesday 15:00 - dentist @ Main St")
    for said in ("where is the dentist", "what's the address for the dentist?"):
        reply = await alice.says(said)
        assert "dentist @ Main St" in reply.text and "Wed 4 Mar 15:00" in reply.text
    assert len(await _events(harness)) == 1


async def _zone(harness: Harness) -> str | None:
    user = await harness.store.users.get(1)
    return user.timezone if user else None


async def test_a_place_in_several_time_zones_is_asked_about(harness: Harness) -> None:
    alice = harness.user()
    asked = await alice.says("I'm in portland")
    labels = [b.label for row in asked.buttons for b in row]
    assert asked.text == "Which Portland do you mean?"
    assert labels == ["Portland, OR", "Portland, ME"]
    assert await _zone(harness) == "UTC", "nothing stored while asking"
    done = await alice.presses(asked.buttons[1][0].data)
    assert "America/New_York" in done.text
    assert await _zone(harness) == "America/New_York"
    india = await alice.says("set tz to IST")
    assert [b.label for row in india.buttons for b in row] == ["India", "Israel", "Ireland"]


async def test_a_limit_said_after_the_words_ends_the_repeat(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("remind me every day at 8pm to do my physio exercises for 2 weeks")
    (reminder,) = await harness.store.reminders.list_active(1)
    assert reminder.text == "do my physio exercises"
    assert reminder.rrule is not None and "UNTIL=20260316" in reminder.rrule


async def test_a_one_off_reminder_that_spoke_is_snoozed_by_its_number(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/remind in 5 minutes stand up and stretch")
    harness.clock.advance(minutes=6)
    await harness.deliver()
    reply = await alice.says("snooze reminder 1 by 20 minutes")
    assert "stand up and stretch" in reply.text
    (reminder,) = await harness.store.reminders.list_active(1)
    assert reminder.due_at == datetime(2026, 3, 2, 8, 26, tzinfo=UTC)


async def test_words_are_added_to_a_note_named_by_its_words(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/note shopping: milk, eggs")
    await alice.says("/note wifi password is hunter2")
    reply = await alice.says("add bananas to my shopping note")
    assert "Added to note 1. shopping: milk, eggs\nbananas" in reply.text
    assert await harness.store.tasks.list_open(1) == []
    notes = await harness.store.notes.list(1)
    assert [(n.title, n.body) for n in notes] == [
        ("shopping", "milk, eggs\nbananas"),
        ("", "wifi password is hunter2"),
    ]


async def test_a_lone_verb_with_several_items_open_asks_which(harness: Harness) -> None:
    alice = harness.user()
    await _open_tasks(alice, harness, "buy eggs", "call the plumber")
    asked = await alice.says("done")
    assert "Which one" in asked.text and len(asked.buttons) == 2
    assert len(await harness.store.tasks.list_open(1)) == 2
    everything = await alice.says("delete all my tasks")
    assert "Which one" in everything.text
    assert len(await harness.store.tasks.list_open(1)) == 2
    done = await alice.says("mark it done")
    assert "call the plumber" in done.text, "'it' is the item just made"


async def test_a_move_said_in_another_language_keeps_its_day(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/event wednesday 11:00 - dentiste")
    await alice.says("/remind tomorrow 10:00 llamar al banco")
    await alice.says("déplace le dentiste à 16h")
    await alice.says("cambia el recordatorio 1 a las 11")
    assert await _events(harness) == [("dentiste", "", datetime(2026, 3, 4, 16, 0, tzinfo=UTC))]
    (reminder,) = await harness.store.reminders.list_active(1)
    assert reminder.due_at == datetime(2026, 3, 3, 11, 0, tzinfo=UTC)


async def test_things_put_on_a_shopping_list_are_each_a_task(harness: Harness) -> None:
    alice = harness.user()
    reply = await alice.says("put milk, bread and bananas on the shopping list")
    assert "Added tasks:" in reply.text
    await alice.says("shopping list: coffee filters")
    await alice.says("añade leche a la lista de la compra")
    await alice.says("need AA batteries, add to my list pls")
    tasks = [t.text for t in await harness.store.tasks.list_open(1)]
    assert tasks == ["milk", "bread", "bananas", "coffee filters", "leche", "AA batteries"]
    await alice.says("remove bread from my shopping list")
    assert "bread" not in [t.text for t in await harness.store.tasks.list_open(1)]


async def test_a_bare_hour_keeps_the_half_of_the_day_of_the_item(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/remind tomorrow 6am go for a run")
    await alice.says("/event saturday 19:00 - dinner with mum")
    await alice.says("actually make the run 7")
    await alice.says("change dinner with mum from 7 to 8")
    (reminder,) = await harness.store.reminders.list_active(1)
    assert reminder.due_at == datetime(2026, 3, 3, 7, 0, tzinfo=UTC)
    assert await _events(harness) == [
        ("dinner with mum", "", datetime(2026, 3, 7, 20, 0, tzinfo=UTC))
    ]


async def test_a_reminder_before_a_time_in_the_same_message(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("i have to leave for the airport at 4:15pm, remind me 30 min before")
    (reminder,) = await harness.store.reminders.list_active(1)
    assert reminder.text == "leave for the airport"
    assert reminder.due_at == datetime(2026, 3, 2, 15, 45, tzinfo=UTC)


async def test_half_said_requests_are_asked_about(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/event wednesday 15:00 - dentist")
    assert "To when?" in (await alice.says("change the time of my dentist appointment")).text
    zone = await alice.says("set my timezone")
    assert "Which time zone?" in zone.text and zone.buttons
    assert (await alice.says("schedule a meeting with sarah")).text.startswith(
        "When is “meeting with sarah”?"
    )
    assert len(await _events(harness)) == 1


async def test_a_note_keeps_a_clock_time_and_takes_words_after_a_colon(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("note: flight BA117 departs 10:40 from T5")
    await alice.says("/note Gift ideas: scarf for mum")
    await alice.says("add to my gift ideas note: lego set for tom")
    notes = await harness.store.notes.list(1)
    assert [(n.title, n.body) for n in notes] == [
        ("", "flight BA117 departs 10:40 from T5"),
        ("Gift ideas", "scarf for mum\nlego set for tom"),
    ]


async def test_two_places_clocks_are_compared(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/tz New York")
    apart = await alice.says("what's the time difference between london and los angeles")
    assert apart.text.startswith("Los Angeles is 8 hours behind London")
    told = await alice.says("what time is it here when it's 3pm in london?")
    assert told.text.startswith("15:00 in London is 10:00 for you")


async def test_terse_and_foreign_wordings_act_on_what_they_name(harness: Harness) -> None:
    alice = harness.user()
    await _open_tasks(alice, harness, "milk", "bread")
    await alice.says("/event friday 15:00 - Dentista @ Main St")
    await alice.says("mark milk as bought")
    await alice.says("change the dentista location to Harley Street")
    free = await alice.says("sono libero venerdì pomeriggio?")
    assert "Dentista" in free.text
    await alice.says("remind 3pm send invoice")
    assert [t.text for t in await harness.store.tasks.list_open(1)] == ["bread"]
    assert [(t, p) for t, p, _ in await _events(harness)] == [("Dentista", "Harley Street")]
    (reminder,) = await harness.store.reminders.list_active(1)
    assert (reminder.text, reminder.due_at) == (
        "send invoice",
        datetime(2026, 3, 2, 15, 0, tzinfo=UTC),
    )


async def test_a_task_made_weekly_repeats_from_its_own_day(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/task water the plants thursday 18:00")
    reply = await alice.says("make that one weekly")
    (task,) = await harness.store.tasks.list_open(1)
    assert task.rrule is not None and "FREQ=WEEKLY" in task.rrule and "BYDAY=TH" in task.rrule
    assert task.due_at == datetime(2026, 3, 5, 18, 0, tzinfo=UTC)
    assert "water the plants" in reply.text and "every Thursday at 18:00" in reply.text


async def test_an_order_opened_by_actually_or_well_is_the_order_itself(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("dentist appointment tuesday at 2:15pm")
    await alice.says("actually move the dentist to wednesday at 3 instead")
    assert await _events(harness) == [
        ("dentist appointment", "", datetime(2026, 3, 4, 15, 0, tzinfo=UTC))
    ]
    await alice.says("actually add a task buy milk")
    await alice.says("well, rename the dentist appointment to orthodontist")
    assert [t.text for t in await harness.store.tasks.list_open(1)] == ["buy milk"]
    assert [title for title, _, _ in await _events(harness)] == ["orthodontist"]


async def test_can_the_reminder_be_at_another_time_moves_it(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("every sunday at 7pm remind me to put the bins out")
    reply = await alice.says("can the bins reminder be at 8 instead")
    assert reply.text.startswith("Moved reminder 1.")
    [reminder] = await harness.store.reminders.list_active(1)
    assert reminder.due_at == datetime(2026, 3, 8, 20, 0, tzinfo=UTC)


async def test_it_can_wait_moves_the_task(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("todo order new business cards")
    reply = await alice.says("the business cards can wait, move it to friday")
    assert reply.text.startswith("Moved task 1.")
    [task] = await harness.store.tasks.list_open(1)
    assert task.due_at == datetime(2026, 3, 6, 9, 0, tzinfo=UTC)
    assert await _events(harness) == []


@pytest.mark.parametrize(
    "said",
    [
        "the plumber cant come thursday, make it friday",
        "the plumber can't come on thursday, he said friday same time",
    ],
)
async def test_cant_come_moves_the_visit(harness: Harness, said: str) -> None:
    alice = harness.user()
    await alice.says("/event thursday 14:00 - plumber")
    reply = await alice.says(said)
    assert reply.text.startswith("Moved event 1.")
    assert await _events(harness) == [("plumber", "", datetime(2026, 3, 6, 14, 0, tzinfo=UTC))]
