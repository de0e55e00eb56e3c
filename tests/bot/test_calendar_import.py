"""Calendar files from Google, Apple and Outlook become events, listed in the person's zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar

from bot.handlers.calendar import receive_file
from bot.messages import ChatType, Incoming
from bot.models import DeliveryKind
from tests.helpers.bot import Harness, Person

CALENDARS = Path(__file__).parent.parent / "data" / "calendars"


async def _send_file(harness: Harness, person: Person, name: str, data: bytes | None = None) -> str:
    msg = Incoming(
        person.channel, person.name, f"chat-{person.name}", display_name=person.name.title()
    )
    data = (CALENDARS / name).read_bytes() if data is None else data
    return (await receive_file(harness.core.services, msg, name, data)).text


async def _berliner(harness: Harness, name: str = "alice") -> Person:
    person = harness.user(name)
    assert "Europe/Berlin" in (await person.says("/tz Berlin")).text
    return person


async def _listing(harness: Harness, person: Person, days: int = 42) -> list[str]:
    """Every occurrence in the coming `days`, as 'Mon 02 Mar 15:30-16:00 Title @ Place'."""
    user = await harness.store.users.resolve("console", person.name, "", "", "UTC")
    now = harness.clock.now()
    events = await harness.store.events.between(user.id, now, now + timedelta(days=days))
    berlin = __import__("zoneinfo").ZoneInfo("Europe/Berlin")
    lines = []
    for event in events:
        start = event.start_at.astimezone(berlin)
        end = f"-{event.end_at.astimezone(berlin):%H:%M}" if event.end_at else ""
        day = "all day" if event.all_day else f"{start:%H:%M}{end}"
        place = f" @ {event.place}" if event.place else ""
        lines.append(f"{start:%a %d %b} {day} {event.title}{place}")
    return lines


async def test_a_google_export_lists_in_the_persons_zone(harness: Harness) -> None:
    alice = await _berliner(harness)
    said = await _send_file(harness, alice, "google.ics")
    assert said.startswith("Imported google.ics: 4 new events.")
    listing = await _listing(harness, alice, days=17)
    # New York's clocks change on 8 March, Berlin's not until the 29th: 15:30 becomes 14:30.
    assert listing == [
        "Mon 02 Mar 15:30-16:00 Standup @ Zoom",
        "Thu 05 Mar all day Mum's birthday",
        "Fri 06 Mar 18:00-19:00 Dentist @ 12 Main St, Springfield",
        "Mon 09 Mar 16:00-16:30 Standup (moved) @ Zoom",
        "Wed 11 Mar 14:30-15:00 Standup @ Zoom",
        "Mon 16 Mar 14:30-15:00 Standup @ Zoom",
        "Wed 18 Mar 14:30-15:00 Standup @ Zoom",
    ]
    events = (await alice.says("/events")).text
    assert "Thu 5 Mar, all day — Mum's birthday (every year)" in events
    assert "today 15:30–16:00 — Standup @ Zoom (every Monday and Wednesday)" in events


async def test_an_apple_export_keeps_wall_time_until_the_rule_ends(harness: Harness) -> None:
    alice = await _berliner(harness)
    said = await _send_file(harness, alice, "apple.ics")
    # The cancelled book club is not imported.
    assert said.startswith("Imported apple.ics: 2 new events.")
    assert await _listing(harness, alice) == [
        "Sat 21 Mar 10:00-11:00 Park run @ Hyde Park London W2 2UH, England",
        "Sat 28 Mar 10:00-11:00 Park run @ Hyde Park London W2 2UH, England",
        "Fri 03 Apr all day Easter trip",
        "Sat 04 Apr 10:00-11:00 Park run @ Hyde Park London W2 2UH, England",
    ]
    user = await harness.store.users.resolve("console", "alice", "", "", "UTC")
    starts = [
        e.start_at
        for e in await harness.store.events.between(
            user.id, datetime(2026, 3, 21, tzinfo=UTC), datetime(2026, 4, 5, tzinfo=UTC)
        )
        if e.title == "Park run"
    ]
    # 09:00 in London: GMT, then BST from 29 March.
    assert [at.hour for at in starts] == [9, 9, 8]
    assert "Fri 3 Apr – Sun 5 Apr, all day — Easter trip" in (await alice.says("/events")).text


async def test_an_outlook_export_with_windows_zones_and_a_moved_occurrence(
    harness: Harness,
) -> None:
    alice = await _berliner(harness)
    said = await _send_file(harness, alice, "outlook.ics")
    assert said.startswith("Imported outlook.ics: 3 new events.")
    assert await _listing(harness, alice, days=22) == [
        "Mon 02 Mar 10:00-11:00 Team sync @ Room 4.12",
        "Tue 10 Mar 14:00-15:00 Team sync @ Room 2.01",
        "Thu 12 Mar 16:00-17:00 Vendor call @ Microsoft Teams Meeting",
        "Mon 23 Mar 10:00-11:00 Team sync @ Room 4.12",
    ]
    # Imported events are alerted like any other: 10 minutes before, in the person's zone.
    harness.clock.set(datetime(2026, 3, 2, 8, 50, tzinfo=UTC))
    [alert] = await harness.deliver()
    assert alert.text.startswith("🔔 Team sync @ Room 4.12 — in 10 minutes (10:00)")


async def test_importing_again_updates_by_uid_and_a_cancellation_withdraws(
    harness: Harness,
) -> None:
    alice = await _berliner(harness)
    await _send_file(harness, alice, "outlook.ics")
    again = await _send_file(harness, alice, "outlook.ics")
    assert again.startswith("Imported outlook.ics: 3 unchanged events.")
    user = await harness.store.users.resolve("console", "alice", "", "", "UTC")
    before = {e.title: e.number for e in await harness.store.events.all(user.id)}
    changed = (CALENDARS / "outlook.ics").read_bytes().replace(b"Vendor call", b"Vendor review")
    changed = changed.replace(b"20260312T090000", b"20260312T100000")
    changed = changed.replace(b"20260312T080000", b"20260312T090000")
    assert (await _send_file(harness, alice, "outlook.ics", changed)).startswith(
        "Imported outlook.ics: 1 updated, 2 unchanged events."
    )
    listing = await _listing(harness, alice, days=14)
    assert [line for line in listing if "Vendor" in line] == [
        "Thu 12 Mar 17:00-18:00 Vendor review @ Microsoft Teams Meeting"
    ]
    vendor = next(e for e in await harness.store.events.all(user.id) if "Vendor" in e.title)
    assert len(await harness.store.events.all(user.id)) == 3
    assert vendor.number == before["Vendor call"]
    said = await _send_file(harness, alice, "outlook_cancel.ics")
    assert said.startswith("Imported outlook_cancel.ics: 1 cancelled event.")
    assert not [line for line in await _listing(harness, alice) if "Vendor" in line]
    pending = await harness.store.deliveries.claim_due(
        harness.clock.now() + timedelta(days=30), 60, 100
    )
    assert vendor.id not in {d.ref_id for d in pending if d.kind is DeliveryKind.ALERT}


async def test_a_file_that_is_not_a_calendar_is_refused_plainly(harness: Harness) -> None:
    alice = await _berliner(harness)
    said = await _send_file(harness, alice, "broken.ics", b"BEGIN:VCALENDAR\r\nnonsense")
    assert said == "I couldn't import broken.ics: it isn't a calendar file I can read."
    said = await _send_file(harness, alice, "empty.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert said == "empty.ics has no events in it."
    assert "No events" in (await alice.says("/events")).text


async def test_export_then_import_gives_the_same_events(harness: Harness) -> None:
    alice = await _berliner(harness)
    for name in ("google.ics", "apple.ics", "outlook.ics"):
        await _send_file(harness, alice, name)
    await alice.says("/event friday 18:00 - Dinner @ Luigi's")
    await alice.says("every monday 07:00 - Swim")
    await alice.says("remind me to call mum tomorrow at 9")
    sent = await alice.says("/calendar")
    [attachment] = sent.files
    assert attachment.name == "calendar.ics" and attachment.media_type == "text/calendar"
    parsed = icalendar.Calendar.from_ical(attachment.data)
    assert [str(t["SUMMARY"]) for t in parsed.walk("VTODO")] == ["call mum"]
    bob = await _berliner(harness, "bob")
    said = await _send_file(harness, bob, "calendar.ics", attachment.data)
    assert said.startswith("Imported calendar.ics: 11 new events.")
    assert await _listing(harness, bob, days=60) == await _listing(harness, alice, days=60)
    again = await _send_file(harness, alice, "calendar.ics", attachment.data)
    assert again.startswith("Imported calendar.ics: 11 unchanged events.")


async def test_an_invitation_is_answered_with_the_rsvp_buttons(harness: Harness) -> None:
    alice = await _berliner(harness)
    msg = Incoming("console", "alice", "chat-alice", display_name="Alice")
    data = (CALENDARS / "invitation.ics").read_bytes()
    invited = await receive_file(harness.core.services, msg, "invite.ics", data)
    assert invited.text.startswith("Imported invite.ics: 1 new event.\n\n📅 Vendor call\n")
    assert "Thu 12 Mar 16:00–17:00 (Europe/Berlin) @ Microsoft Teams Meeting" in invited.text
    going = {b.label: b.data for b in invited.buttons[0]}["Going"]
    answered = await alice.presses(going)
    assert answered.toast == "You're going 🎉"
    assert "✅ Going (1): Alice" in answered.text


async def test_a_group_event_card_carries_its_ics_to_add(harness: Harness) -> None:
    alice = harness.user("alice")
    alice.chat_type = ChatType.GROUP
    card = await alice.says("/event friday 18:00 - Team dinner @Luigi's")
    [ics] = card.files
    assert (ics.name, ics.media_type) == ("event.ics", "text/calendar")
    [event] = icalendar.Calendar.from_ical(ics.data).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Team dinner" and str(event["LOCATION"]) == "Luigi's"
    assert event.decoded("DTSTART") == datetime(2026, 3, 6, 18, 0, tzinfo=UTC)


def _one_event(*lines: str) -> bytes:
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN", "BEGIN:VEVENT", *lines]
    return ("\r\n".join([*body, "END:VEVENT", "END:VCALENDAR", ""])).encode()


async def test_a_repeat_that_never_comes_round_is_left_out_and_said(harness: Harness) -> None:
    alice = await _berliner(harness)
    broken = _one_event(
        "UID:never@example.com",
        "SUMMARY:Ghost",
        "DTSTART:20260310T090000Z",
        "RRULE:FREQ=WEEKLY;UNTIL=20260301T000000Z",
    )
    said = await _send_file(harness, alice, "ghost.ics", broken)
    assert said == (
        "Imported ghost.ics: nothing to change; 1 left out, as their repeat rule never comes round."
    )


async def test_a_cancelled_event_sent_again_comes_back(harness: Harness) -> None:
    alice = await _berliner(harness)
    lines = ("UID:lunch@example.com", "SUMMARY:Lunch", "DTSTART:20260305T120000Z")
    await _send_file(harness, alice, "lunch.ics", _one_event(*lines))
    cancelled = _one_event(*lines, "STATUS:CANCELLED")
    assert (await _send_file(harness, alice, "lunch.ics", cancelled)).startswith(
        "Imported lunch.ics: 1 cancelled event."
    )
    assert "Lunch" not in (await alice.says("/events")).text
    back = await _send_file(harness, alice, "lunch.ics", _one_event(*lines))
    assert back.startswith("Imported lunch.ics: 1 updated event.")
    assert "1. Thu 5 Mar 13:00 — Lunch" in (await alice.says("/events")).text
