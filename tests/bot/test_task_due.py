"""A task due at a time is delivered with Done and Snooze, and follows the task's changes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.messages import Reply
from tests.helpers.bot import Harness


def _buttons(reply: Reply) -> dict[str, str]:
    return {b.label: b.data for row in reply.buttons for b in row}


async def _due(harness: Harness, at: datetime) -> list[Reply]:
    harness.clock.set(at)
    return await harness.deliver()


async def test_a_due_task_arrives_with_done_and_snooze(harness: Harness) -> None:
    alice = harness.user()
    added = await alice.says("/task call the bank tomorrow at 10:00")
    assert added.text.startswith("Added task 1. call the bank (due tomorrow 10:00")
    assert await _due(harness, datetime(2026, 3, 3, 9, 59, tzinfo=UTC)) == []
    [notice] = await _due(harness, datetime(2026, 3, 3, 10, 0, tzinfo=UTC))
    assert notice.text == "☐ Task due: call the bank"
    labels = _buttons(notice)
    assert {"Done", "Snooze 20 min", "1 hour", "Tomorrow"} <= labels.keys()

    snoozed = await alice.presses(labels["Snooze 20 min"])
    assert snoozed.text == "☐ call the bank — snoozed until today 10:20"
    [again] = await _due(harness, datetime(2026, 3, 3, 10, 20, tzinfo=UTC))
    assert again.text == "☐ Task due: call the bank"
    done = await alice.presses(_buttons(again)["Done"])
    assert done.text == "Done: call the bank ✓" and done.toast == "Done"
    assert (await alice.says("/tasks")).text.startswith("Your task list is empty")
    assert await _due(harness, datetime(2026, 3, 5, 10, 0, tzinfo=UTC)) == []
    assert (await alice.presses(labels["Done"])).text == "That task is done or no longer exists."


async def test_moving_or_finishing_a_task_early_changes_its_notice(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/task renew passport tomorrow at 10:00")
    await alice.says("/task water plants tomorrow at 11:00")
    await alice.says("/task sort photos")
    await alice.says("move task 1 to friday 9:00")
    await alice.says("/done 2")
    assert await _due(harness, datetime(2026, 3, 4, 12, 0, tzinfo=UTC)) == []
    [notice] = await _due(harness, datetime(2026, 3, 6, 9, 0, tzinfo=UTC))
    assert notice.text == "☐ Task due: renew passport"


async def test_a_repeating_task_is_due_again_after_it_is_done(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("add task water plants every monday at 9")
    [notice] = await _due(harness, datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    assert notice.text == "☐ Task due: water plants"
    done = await alice.presses(_buttons(notice)["Done"])
    assert done.text == "Done: water plants ✓ — next: Mon 9 Mar 09:00"
    assert await _due(harness, datetime(2026, 3, 9, 8, 59, tzinfo=UTC)) == []
    [next_week] = await _due(harness, datetime(2026, 3, 9, 9, 0, tzinfo=UTC))
    assert next_week.text == "☐ Task due: water plants"


async def test_a_task_done_by_someone_else_is_not_theirs_to_press(harness: Harness) -> None:
    alice, bob = harness.user(), harness.user("bob")
    await alice.says("/task call the bank tomorrow at 10:00")
    [notice] = await _due(harness, datetime(2026, 3, 3, 10, 0, tzinfo=UTC))
    pressed = await bob.presses(_buttons(notice)["Done"])
    assert "isn't valid for you" in pressed.text
    assert (await alice.says("/tasks")).text == "Your tasks:\n1. call the bank (due today 10:00)"


@pytest.mark.parametrize("said", ["move buy milk to tomorrow 10:00", "/edit task 1 tomorrow 10:00"])
async def test_a_task_given_a_time_later_is_delivered_then(harness: Harness, said: str) -> None:
    alice = harness.user()
    await alice.says("add task buy milk")
    assert "due tomorrow 10:00" in (await alice.says(said)).text
    assert await _due(harness, datetime(2026, 3, 3, 9, 59, tzinfo=UTC)) == []
    [notice] = await _due(harness, datetime(2026, 3, 3, 10, 0, tzinfo=UTC))
    assert notice.text == "☐ Task due: buy milk"
