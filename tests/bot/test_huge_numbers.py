"""Numbers far beyond any item or length of time get a clear answer, never an error."""

from __future__ import annotations

import pytest

from tests.helpers.bot import Harness
from tests.helpers.clock import FakeClock

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "command",
    [
        f"/snooze {HUGE} 30m",
        f"/snooze {HUGE}",
        f"/snooze {HUGE}m",
        "/snooze 999999999 days",
        f"/snooze 1 {HUGE}m",
        f"/snooze 2 {HUGE} weeks",
        f"/snooze {HUGE} years",
        f"/remind in {HUGE} minutes stretch",
        f"/remind in {HUGE} years stretch",
        "/remind in 999999999 days stretch",
        f"/remind every {HUGE} minutes stretch",
        f"/cancel {HUGE}",
        f"/done {HUGE}",
        f"/pause {HUGE}",
        f"/resume {HUGE}",
        f"/urgent {HUGE}",
        f"/event in {HUGE} days - party",
        f"/task {HUGE}",
        f"snooze for {HUGE} hours",
        f"remind me in {HUGE} seconds to stretch",
    ],
)
async def test_a_huge_number_gets_a_clear_answer(
    harness: Harness, clock: FakeClock, command: str
) -> None:
    alice = harness.user()
    await alice.says("/remind in 1 minute standup")
    await alice.says("/remind tomorrow at 9 call mom")
    clock.advance(minutes=2)
    await harness.deliver()
    reply = await alice.says(command)
    assert reply.text
    assert "something went wrong" not in reply.text


@pytest.mark.parametrize("command", ["/done 1000000005", "done 1000000005", f"/done {HUGE}5"])
async def test_a_number_is_read_whole_never_as_its_last_digits(
    harness: Harness, command: str
) -> None:
    alice = harness.user()
    for n in range(1, 6):
        await alice.says(f"/task thing {n}")
    reply = await alice.says(command)
    assert "Nothing was changed" in reply.text
    assert "5. thing 5" in (await alice.says("/tasks")).text
