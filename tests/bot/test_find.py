"""`/find WORDS` looks through notes, tasks, reminders and events, each with its kind and number.

The clock starts on Monday 2 March 2026, 08:00 UTC; people are in UTC.
"""

from __future__ import annotations

from tests.helpers.bot import Harness, Person


async def _one_of_each(person: Person) -> None:
    await person.says("note Trip: pack the passports and a charger")
    await person.says("add task renew passport by friday")
    await person.says("remind me tomorrow at 9 to get passport photos")
    await person.says("/event wednesday 10:00 - Visa office @ Passport Hall")
    await person.says("note wifi password is hunter2")


async def test_a_word_finds_every_kind_of_item_with_its_kind_and_number(harness: Harness) -> None:
    alice = harness.user()
    await _one_of_each(alice)
    reply = (await alice.says("/find passports")).text
    lines = reply.splitlines()
    assert lines[0] == "Found:"
    assert sorted(lines[1:]) == [
        "Event 1. Wed 4 Mar 10:00 — Visa office @ Passport Hall",
        "Note 1. Trip: pack the passports and a charger",
        "Reminder 1. tomorrow 09:00 — get passport photos",
        "Task 1. renew passport (due Fri 6 Mar 09:00)",
    ]
    assert "hunter2" not in reply


async def test_every_word_counts_and_filler_words_do_not(harness: Harness) -> None:
    alice = harness.user()
    await _one_of_each(alice)
    assert (await alice.says("/find the passport office")).text == (
        "Found:\nEvent 1. Wed 4 Mar 10:00 — Visa office @ Passport Hall"
    )
    assert "Note 2. wifi password is hunter2" in (await alice.says("/find my wifi note")).text


async def test_what_is_done_or_cancelled_is_not_found(harness: Harness) -> None:
    alice = harness.user()
    await _one_of_each(alice)
    await alice.says("/done 1")
    await alice.says("/cancel 1")
    await alice.says("/cancelevent 1")
    await alice.says("/delnote 1")
    reply = (await alice.says("/find passport")).text
    assert reply.startswith("Nothing")
    assert "renew" not in reply and "photos" not in reply and "Visa" not in reply


async def test_a_misspelling_gets_the_closest_items(harness: Harness) -> None:
    alice = harness.user()
    await _one_of_each(alice)
    reply = (await alice.says("/find pasport")).text
    assert reply.startswith("Nothing says “pasport” word for word. The closest:")
    assert "Task 1: renew passport" in reply and "Note 1: Trip" in reply


async def test_nobody_finds_anyone_elses_items(harness: Harness) -> None:
    alice, bob = harness.user("alice"), harness.user("bob")
    await _one_of_each(alice)
    assert (await bob.says("/find passport")).text == (
        "Nothing of yours mentions “passport”: no note, task, reminder or event."
    )
    await bob.says("/task passport for bob")
    assert (await bob.says("/find passport")).text == "Found:\nTask 1. passport for bob"


async def test_find_without_words_says_how(harness: Harness) -> None:
    alice = harness.user()
    assert (await alice.says("/find")).text == "What should I look for? For example: /find passport"
    assert (await alice.says("/find   ")).text.startswith("What should I look for?")


async def test_a_search_of_notes_stays_in_the_notes(harness: Harness) -> None:
    alice = harness.user()
    await _one_of_each(alice)
    reply = (await alice.says("find my notes about passports")).text
    assert reply == "Found:\n1. Trip: pack the passports and a charger"
    assert (await alice.says("search my notes for xylophone")).text == (
        "No notes mention “xylophone”."
    )
