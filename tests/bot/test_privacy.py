"""`/export` gives a person everything held about them; `/forget` erases them, table by table."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

import icalendar

from bot.messages import ChatType, Incoming, Reply
from tests.helpers.bot import Harness, Person
from tests.helpers.rows import owned_rows


async def _busy(harness: Harness, name: str) -> Person:
    """Someone with something in every kind of table."""
    person = harness.user(name)
    await person.says("/tz Berlin")
    await person.says(f"remind me to call {name}'s mum tomorrow at 9")
    await person.says("in 5 minutes stretch")
    await person.says(f"add task buy milk for {name}")
    await person.says(f"note {name}'s locker code is 4411")
    await person.says(f"/learn {name} parks on level 3 of the garage")
    await person.says("/event friday 18:00 - Dinner @ Luigi's")
    await person.says("/quiet 22:00-07:00")
    await person.says("/link")
    return person


async def _group_event(harness: Harness, organizer: Person, guest: Person) -> None:
    """The organizer posts an event in a group; the guest answers Going there."""
    group = f"group-{organizer.name}"
    said = Incoming("console", organizer.name, group, "/event saturday 10:00 - Hike")
    card = await harness.core.dispatcher.handle(replace(said, chat_type=ChatType.GROUP))
    press = Incoming(
        "console", guest.name, group, chat_type=ChatType.GROUP, callback=card.buttons[0][0].data
    )
    assert "going" in (await harness.core.dispatcher.handle(press)).text.lower()


async def _user_id(harness: Harness, name: str) -> int:
    return (await harness.store.users.resolve("console", name, "", "", "UTC")).id


async def test_export_holds_every_kind_of_item_in_the_documented_sections(
    harness: Harness,
) -> None:
    alice = await _busy(harness, "alice")
    await harness.store.messages.flush()
    reply = await alice.says("/export")
    document, calendar = reply.files
    assert (document.name, document.media_type) == ("nudge-export.json", "application/json")
    data: dict[str, Any] = json.loads(document.data)
    assert data["format"] == "nudge-export" and data["version"] == 1
    assert data["profile"]["timezone"] == "Europe/Berlin"
    assert "calendar_token" not in data["profile"]
    assert [i["external_id"] for i in data["identities"]] == ["alice"]
    assert sorted(r["text"] for r in data["reminders"]) == ["call alice's mum", "stretch"]
    assert [t["text"] for t in data["tasks"]] == ["buy milk for alice"]
    assert [n["body"] for n in data["notes"]] == ["alice's locker code is 4411"]
    assert [e["title"] for e in data["events"]] == ["Dinner"]
    assert data["phone"]["quiet"] == "22:00-07:00" and "code_hash" not in data["phone"]
    assert any("level 3" in p["text"] for p in data["document_passages"])
    assert any(m["text"] == "/quiet 22:00-07:00" for m in data["message_log"])
    assert data["link_codes"] and "code" not in data["link_codes"][0]
    events = icalendar.Calendar.from_ical(calendar.data).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Dinner"]


async def test_forget_asks_first_then_leaves_no_row_of_the_person_in_any_table(
    harness: Harness,
) -> None:
    alice = await _busy(harness, "alice")
    bob = await _busy(harness, "bob")
    carol = harness.user("carol")
    # Carol has a private chat with the bot, where her alerts of events she goes to arrive.
    await harness.core.dispatcher.handle(Incoming("console", "carol", "carol", "hello"))
    await _group_event(harness, alice, carol)
    await _group_event(harness, bob, alice)
    engine = harness.store.engine
    alice_id, bob_id = await _user_id(harness, "alice"), await _user_id(harness, "bob")
    await harness.store.messages.flush()
    before = await owned_rows(engine, alice_id)
    assert all(before[name] for name in ("reminders", "events", "rsvps", "knowledge_chunks"))
    bob_before = await owned_rows(engine, bob_id)
    carol_id = await _user_id(harness, "carol")
    assert (await owned_rows(engine, carol_id))["deliveries"] == 3  # the hike's alerts

    asked = await alice.says("/forget")
    assert "can't be undone" in asked.text
    erase, keep = asked.buttons[0]
    assert (erase.label, keep.label) == ("Erase everything", "Keep my data")
    kept = await alice.presses(keep.data)
    assert kept.text == "Nothing was erased."
    await harness.store.messages.flush()
    assert (await owned_rows(engine, alice_id)) == before | {"messages": before["messages"] + 4}

    done = await alice.presses(erase.data)
    assert done.text.startswith("Erased everything I had about you: ")
    assert "2 reminders" in done.text and "1 task," in done.text
    await harness.store.messages.flush()
    after = await owned_rows(engine, alice_id)
    assert after == dict.fromkeys(after, 0)
    assert await owned_rows(engine, bob_id) == bob_before
    # Carol's answer to Alice's hike went with it, and her alerts of it.
    carol_after = await owned_rows(engine, carol_id)
    assert carol_after["rsvps"] == carol_after["deliveries"] == 0
    assert carol_after["users"] == carol_after["identities"] == 1
    due = await harness.store.deliveries.claim_due(harness.clock.advance(days=30), 60, 1000)
    assert {d.user_id for d in due} == {bob_id}
    again = await alice.says("/reminders")
    assert "call alice's mum" not in again.text
    assert await harness.store.users.get(alice_id) is None


async def test_export_forget_and_the_feed_stay_out_of_groups(harness: Harness) -> None:
    alice = harness.user("alice")
    alice.chat_type = ChatType.GROUP
    for command in ("/export", "/forget", "/calendar"):
        reply: Reply = await alice.says(command)
        assert reply.text.startswith(f"Send {command} to me in a private chat")
        assert not reply.files and not reply.buttons


async def test_a_link_code_is_shown_but_never_kept_in_the_message_log(harness: Harness) -> None:
    alice = harness.user("alice")
    offer = await alice.says("/link")
    code = re.findall(r"\b\d{6}\b", offer.text)[0]
    await harness.store.messages.flush()
    exported = await harness.store.personal.export(await _user_id(harness, "alice"))
    assert [m["text"] for m in exported["message_log"] if m["text"].startswith("/link")]
    assert code not in json.dumps(exported)
