"""`/tasks done`, or asking in words, lists the tasks completed lately, the latest first."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.helpers.bot import Harness


async def test_completed_tasks_are_listed_latest_first(harness: Harness) -> None:
    alice = harness.user()
    assert (await alice.says("/tasks done")).text == "You haven't completed any task yet."
    for text in ("buy milk", "renew passport", "water plants"):
        await alice.says(f"/task {text}")
    await alice.says("/done 2")
    harness.clock.advance(hours=2)
    await alice.says("/done 1")
    listed = (await alice.says("/tasks done")).text
    assert (
        listed == "Done lately:\n✓ buy milk (done today 10:00)\n✓ renew passport (done today 08:00)"
    )
    assert (await alice.says("/tasks")).text == "Your tasks:\n3. water plants"
    bob = harness.user("bob")
    assert (await bob.says("/tasks completed")).text == "You haven't completed any task yet."


@pytest.mark.parametrize(
    "said",
    [
        "show completed tasks",
        "done tasks",
        "completed todos",
        "tasks done",
        "show me my finished tasks",
        "which tasks have I finished?",
        "what have I completed",
        "list of completed tasks",
    ],
)
async def test_completed_tasks_are_asked_for_in_plain_words(harness: Harness, said: str) -> None:
    alice = harness.user()
    await alice.says("add task buy milk")
    await alice.says("add task renew passport")
    await alice.says("done buy milk")
    assert (await alice.says(said)).text == "Done lately:\n✓ buy milk (done today 08:00)"
    assert (await alice.says("/tasks")).text == "Your tasks:\n2. renew passport"


async def test_a_stretch_of_the_past_lists_what_was_done_then(harness: Harness) -> None:
    alice = harness.user()
    for text in ("buy milk", "renew passport", "water plants"):
        await alice.says(f"/task {text}")
    await alice.says("/done 1")  # Monday 2 March
    harness.clock.set(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    await alice.says("/done 2")  # Tuesday 10 March
    assert (await alice.says("what did I finish this week")).text == (
        "Done between Mon 9 Mar and Sun 15 Mar:\n✓ renew passport (done today 09:00)"
    )
    assert (await alice.says("what did I get done last week?")).text == (
        "Done between Mon 2 Mar and Sun 8 Mar:\n✓ buy milk (done Mon 2 Mar 08:00)"
    )
    assert (await alice.says("what have I done yesterday")).text == (
        "You haven't completed any task yesterday."
    )
    assert "renew passport" in (await alice.says("completed tasks today")).text


async def test_each_done_occurrence_of_a_repeating_task_is_listed(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("add task water plants every day at 9")
    harness.clock.set(datetime(2026, 3, 2, 9, 5, tzinfo=UTC))
    await alice.says("done water plants")
    harness.clock.set(datetime(2026, 3, 3, 9, 5, tzinfo=UTC))
    reply = await alice.says("done water plants")
    assert reply.text == "Done: water plants ✓ — next: tomorrow 09:00"
    assert (await alice.says("what did I finish this week")).text == (
        "Done between Mon 2 Mar and Sun 8 Mar:\n"
        "✓ water plants (done today 09:05)\n"
        "✓ water plants (done yesterday 09:05)"
    )
    assert (await alice.says("/tasks")).text == "Your tasks:\n1. water plants (due tomorrow 09:00)"


@pytest.mark.parametrize("said", ["done task 1", "done with the milk", "done tasks for the garden"])
async def test_words_about_one_task_still_complete_it(harness: Harness, said: str) -> None:
    alice = harness.user()
    await alice.says("add task buy milk for the garden party")
    assert (await alice.says(said)).text.startswith("Done: buy milk")
