"""`/tasks done` lists the tasks completed lately, the latest first."""

from __future__ import annotations

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
