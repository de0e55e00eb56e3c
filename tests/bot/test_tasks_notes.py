from __future__ import annotations

from tests.helpers.bot import Harness


async def test_tasks_in_plain_words(harness: Harness) -> None:
    alice = harness.user()
    assert "Added task 1. buy milk" in (await alice.says("add task buy milk")).text
    assert "Added task 2. renew passport" in (await alice.says("todo: renew passport")).text
    listing = (await alice.says("what's on my todo list")).text
    assert "1. buy milk" in listing and "2. renew passport" in listing
    assert "Done: buy milk" in (await alice.says("mark buy milk done")).text
    assert "Done: renew passport" in (await alice.says("done 2")).text
    assert "empty" in (await alice.says("/tasks")).text


async def test_task_commands_edit_and_delete(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/task buy milk")
    await alice.says("/task call plumber")
    assert "Task 1 is now: buy oat milk" in (await alice.says("/edittask 1 buy oat milk")).text
    assert "Deleted task: call plumber" in (await alice.says("/deltask 2")).text
    assert (await alice.says("/tasks")).text == "Your tasks:\n1. buy oat milk"


async def test_task_numbers_stay_put_within_a_listing(harness: Harness) -> None:
    alice = harness.user()
    for item in ("a", "b", "c"):
        await alice.says(f"/task {item}")
    await alice.says("/tasks")
    await alice.says("/done 1")
    assert "Done: b" in (await alice.says("/done 2")).text
    assert (await alice.says("/tasks")).text == "Your tasks:\n3. c"


async def test_missing_numbers_and_arguments_get_clear_answers(harness: Harness) -> None:
    alice = harness.user()
    assert "Which one?" in (await alice.says("/done")).text
    assert "no open task number 7" in (await alice.says("/done 7")).text
    assert "What's the task?" in (await alice.says("/task")).text
    assert "no note number 3" in (await alice.says("/delnote 3")).text
    assert "no reminder number 4" in (await alice.says("/cancel 4")).text
    assert "no event number 5" in (await alice.says("/cancelevent 5")).text


async def test_notes_in_plain_words(harness: Harness) -> None:
    alice = harness.user()
    saved = (await alice.says("note Trip: pack passport and charger")).text
    assert "Saved note 1. Trip: pack passport and charger" in saved
    saved = (await alice.says("remember that the wifi password is hunter2")).text
    assert "Saved note 2. the wifi password is hunter2" in saved
    found = (await alice.says("search my notes for passport")).text
    assert "Trip: pack passport" in found and "hunter2" not in found
    assert "hunter2" in (await alice.says("/find wifi")).text
    assert "2. the wifi password" in (await alice.says("show my notes")).text
    assert "Deleted note" in (await alice.says("delete note 1")).text
    assert "Trip" not in (await alice.says("/notes")).text


async def test_two_users_never_see_or_change_each_others_items(harness: Harness) -> None:
    alice, bob = harness.user("alice"), harness.user("bob")
    await alice.says("/task alice's secret task")
    await alice.says("/note alice's diary")
    await alice.says("/remind in 2 hours alice's reminder")
    await alice.says("/event tomorrow 10:00 - alice's meeting")
    assert "empty" in (await bob.says("/tasks")).text
    assert "no notes" in (await bob.says("/notes")).text
    assert "no reminders" in (await bob.says("/reminders")).text
    assert "No events" in (await bob.says("/events")).text
    assert "Nothing of yours mentions" in (await bob.says("/find diary")).text
    for command in ("/done 1", "/deltask 1", "/delnote 1", "/cancel 1", "/cancelevent 1"):
        assert "You have no" in (await bob.says(command)).text
    assert "alice's secret task" in (await alice.says("/tasks")).text
    assert "alice's diary" in (await alice.says("/notes")).text
    assert "alice's reminder" in (await alice.says("/reminders")).text
    assert "alice's meeting" in (await alice.says("/events")).text


async def test_a_lone_number_or_verb_asks_instead_of_adding_a_task(harness: Harness) -> None:
    alice = harness.user()
    for text in ("7", "done", "0", "#3"):
        reply = await alice.says(text)
        assert "Added task" not in reply.text, text
    assert "empty" in (await alice.says("/tasks")).text
