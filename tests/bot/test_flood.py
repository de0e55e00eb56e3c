"""One noisy person or script cannot starve everyone: 60 messages a minute, one notice."""

from __future__ import annotations

from bot.flood import FloodGate, Verdict
from tests.helpers.bot import Harness
from tests.helpers.clock import FakeClock


def test_over_the_cap_one_notice_then_silence_until_the_minute_has_room(clock: FakeClock) -> None:
    gate = FloodGate(clock, per_minute=3)
    verdicts = []
    for _ in range(6):
        verdicts.append(gate.check("telegram", "1"))
        clock.advance(seconds=1)
    assert verdicts == [Verdict.PASS] * 3 + [Verdict.NOTICE] + [Verdict.DROP] * 2
    assert gate.check("telegram", "2") is Verdict.PASS, "someone else is not held back"
    assert gate.check("slack", "1") is Verdict.PASS, "per channel identity"
    clock.advance(seconds=55)  # the first two messages are a minute old
    again = [gate.check("telegram", "1") for _ in range(3)]
    assert again == [Verdict.PASS, Verdict.PASS, Verdict.NOTICE], "a new flood, a new notice"


def test_dropped_messages_do_not_prolong_the_flood(clock: FakeClock) -> None:
    gate = FloodGate(clock, per_minute=2)
    gate.check("telegram", "1")
    gate.check("telegram", "1")
    for _ in range(50):  # a script hammering away
        clock.advance(seconds=1)
        gate.check("telegram", "1")
    clock.advance(seconds=10)
    assert gate.check("telegram", "1") is Verdict.PASS


def test_the_terminal_is_never_limited(clock: FakeClock) -> None:
    gate = FloodGate(clock, per_minute=1)
    assert {gate.check("console", "me") for _ in range(100)} == {Verdict.PASS}


async def test_a_flooding_person_gets_one_polite_notice_and_others_are_still_answered(
    harness: Harness,
) -> None:
    noisy = harness.user("script", channel="telegram")
    calm = harness.user("calm", channel="telegram")
    replies = [await noisy.says(f"note line {n}") for n in range(65)]
    assert all(r.text.startswith("Saved note") for r in replies[:60]), replies[0].text
    assert "faster than I can answer (60 a minute)" in replies[60].text
    assert all(r.silent for r in replies[61:])
    assert (await calm.says("tasks")).text
    harness.clock.advance(minutes=1)
    assert (await noisy.says("notes")).text.startswith("Your notes")
