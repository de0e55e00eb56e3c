"""Words that point at an item act on the speaker's own items, never create one."""

from __future__ import annotations

from tests.helpers.bot import Harness


async def test_one_match_acts_on_it(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/task buy milk")
    await alice.says("/task call the plumber")
    assert "Done: buy milk" in (await alice.says("cross off milk")).text
    assert [t.text for t in await harness.store.tasks.list_open(1)] == ["call the plumber"]


async def test_several_matches_ask_with_buttons_and_the_pick_acts(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/event tomorrow 10:00 - Team meeting")
    await alice.says("/event friday 15:00 - Budget meeting")
    asked = await alice.says("cancel the meeting")
    labels = [b.label for row in asked.buttons for b in row]
    assert len(labels) == 2 and "Team meeting" in labels[0] and "Budget meeting" in labels[1]
    done = await alice.presses(asked.buttons[1][0].data)
    assert "Cancelled event: Budget meeting" in done.text
    assert "lost track" in (await alice.presses(asked.buttons[0][0].data)).text
    assert "Team meeting" in (await alice.says("/events")).text


async def test_no_match_says_so_and_creates_nothing(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/task buy milk")
    reply = await alice.says("delete the dentist")
    assert "couldn't find" in reply.text and "Nothing was changed" in reply.text
    assert [t.text for t in await harness.store.tasks.list_open(1)] == ["buy milk"]


async def test_another_persons_items_never_match(harness: Harness) -> None:
    alice, bob = harness.user("alice"), harness.user("bob")
    await alice.says("/task buy milk")
    await alice.says("/event tomorrow 15:00 - Dentist")
    assert "couldn't find" in (await bob.says("cross off buy milk")).text
    assert "couldn't find" in (await bob.says("move the dentist to 4pm")).text
    assert "couldn't find" in (await bob.says("cancel my 3pm")).text
    assert "buy milk" in (await alice.says("/tasks")).text
    assert "15:00" in (await alice.says("/events")).text


async def test_a_move_keeps_the_day_when_only_a_time_is_given(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/event friday 11:00 - Dentist")
    assert "Fri" in (moved := (await alice.says("move the dentist to 4pm")).text)
    assert "16:00" in moved
    assert "Fri" in (await alice.says("push the dentist back an hour")).text
    assert "17:00" in (await alice.says("/events")).text


async def test_a_pick_button_for_another_person_is_refused(harness: Harness) -> None:
    alice, bob = harness.user("alice"), harness.user("bob")
    await alice.says("/task buy milk")
    await alice.says("/task buy bread")
    asked = await alice.says("done buy")
    assert "isn't valid for you" in (await bob.presses(asked.buttons[0][0].data)).text
    assert len(await harness.store.tasks.list_open(1)) == 2


async def test_a_day_in_the_words_picks_that_days_item(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/event tomorrow 10:00 - Team meeting")
    await alice.says("/event friday 10:00 - Team meeting")
    reply = await alice.says("cancel tomorrow's meeting")
    assert "Cancelled event: Team meeting" in reply.text
    assert len(await harness.store.events.upcoming(1, harness.clock.now())) == 1


async def test_it_means_the_item_just_made(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("remind me to call gran tomorrow at 6pm")
    assert "18:00" in (await alice.says("/reminders")).text
    moved = await alice.says("make it 7 instead")
    assert "19:00" in moved.text and "call gran" in moved.text
    assert "Cancelled reminder: call gran" in (await alice.says("actually cancel that")).text
    assert "no reminders" in (await alice.says("/reminders")).text


async def test_several_items_in_one_message(harness: Harness) -> None:
    alice = harness.user()
    for text in ("buy milk", "book dentist", "call plumber"):
        await alice.says(f"/task {text}")
    reply = await alice.says("done 1 and 3")
    assert "Done: buy milk" in reply.text and "Done: call plumber" in reply.text
    assert [t.text for t in await harness.store.tasks.list_open(1)] == ["book dentist"]


async def test_a_close_second_match_is_asked_about(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/event friday 15:00 - Dentist")
    await alice.says("/event 2027-01-12 11:00 - Dentist checkup")
    asked = await alice.says("cancel the dentist")
    assert len([b for row in asked.buttons for b in row]) == 2
    assert len(await harness.store.events.upcoming(1, harness.clock.now())) == 2


async def test_a_question_about_no_item_is_answered_from_notes(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/note mum's birthday is on 3 March")
    reply = await alice.says("when's mum's birthday?")
    assert "3 March" in reply.text


async def test_a_tasks_due_time_and_a_reminders_text_change_in_words(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/task buy milk")
    moved = await alice.says("move buy milk to friday")
    assert "Moved task 1. buy milk (due Fri" in moved.text
    await alice.says("/remind tomorrow 9:00 call mom")
    renamed = await alice.says("change reminder 1 to call mom and dad")
    assert "call mom and dad" in renamed.text
    assert "call mom and dad" in (await alice.says("/reminders")).text


async def test_words_about_an_item_that_cannot_be_read_store_nothing(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/remind tomorrow 9:00 call the bank")
    reply = await alice.says("make the bank one urgent")
    assert "changed nothing" in reply.text
    assert [r.text for r in await harness.store.reminders.list_active(1)] == ["call the bank"]
    assert "empty" in (await alice.says("/tasks")).text
