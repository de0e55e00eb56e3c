"""Through Telegram: a calendar upload becomes events, /export sends files, /forget erases."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import icalendar
import pytest

from adapters.calendar_feed import calendar_routes
from adapters.http import create_app
from storage.store import SqlAlchemyStore
from tests.fakes.telegram import User
from tests.helpers.clock import FakeClock
from tests.helpers.rows import owned_rows
from tests.helpers.telegram import World, telegram_world

ALICE = User(111, "Alice", "alice")
BOB = User(222, "Bob", "bob")
CALENDARS = Path(__file__).parent.parent / "data" / "calendars"
BASE = "https://nudge.example.org"


@pytest.fixture
async def world(
    sqlite_store: SqlAlchemyStore, clock: FakeClock, tmp_path: Path
) -> AsyncIterator[World]:
    async with telegram_world(
        "polling", sqlite_store, clock, tmp_path, public_base_url=BASE
    ) as world:
        yield world


async def _say(world: World, user: User, text: str) -> str:
    count = len(world.fake.sent(user.id))
    await world.send(world.fake.text(user, text))
    return (await world.replies(user.id, count + 1))[count]


async def _upload(world: World, user: User, name: str) -> str:
    count = len(world.fake.sent(user.id))
    await world.send(world.fake.document(user, name, (CALENDARS / name).read_bytes()))
    return (await world.replies(user.id, count + 1))[count]


async def _user_id(world: World, user: User) -> int:
    return (await world.store.users.resolve("telegram", str(user.id), "", "", "UTC")).id


async def test_a_calendar_upload_becomes_events_listed_in_the_senders_zone(world: World) -> None:
    await _say(world, ALICE, "/tz Berlin")
    said = await _upload(world, ALICE, "outlook.ics")
    assert said.startswith("Imported outlook.ics: 3 new events.")
    listing = await _say(world, ALICE, "/events")
    assert listing.splitlines()[1:] == [
        "1. today 10:00–11:00 — Team sync @ Room 4.12 (every Monday)",
        "3. Tue 10 Mar 14:00–15:00 — Team sync @ Room 2.01",
        "2. Thu 12 Mar 16:00–17:00 — Vendor call @ Microsoft Teams Meeting",
    ]
    # Any other document is still learned for questions.
    await world.send(world.fake.document(ALICE, "wifi.txt", b"The office wifi is Nudge-5G."))
    [*_, learned] = await world.replies(ALICE.id, 4)
    assert learned.startswith("Learned")


async def test_export_sends_a_json_document_and_the_calendar(world: World) -> None:
    await _say(world, ALICE, "/tz Berlin")
    await _upload(world, ALICE, "google.ics")
    await _say(world, ALICE, "remind me to water the plants tomorrow at 8")
    await _say(world, ALICE, "/export")
    await world.fake.wait_for(lambda f: len(f.sent(ALICE.id, "sendDocument")) == 2)
    files = world.fake.documents(ALICE.id)
    assert set(files) == {"nudge-export.json", "calendar.ics"}
    data = json.loads(files["nudge-export.json"])
    assert data["profile"]["timezone"] == "Europe/Berlin"
    assert [i["external_id"] for i in data["identities"]] == [str(ALICE.id)]
    assert sorted(e["title"] for e in data["events"]) == [
        "Dentist",
        "Mum's birthday",
        "Standup",
        "Standup (moved)",
    ]
    assert [r["text"] for r in data["reminders"]] == ["water the plants"]
    calendar = icalendar.Calendar.from_ical(files["calendar.ics"])
    assert len(calendar.walk("VEVENT")) == 4 and len(calendar.walk("VTODO")) == 1


async def test_forget_after_the_button_leaves_nothing_of_the_person(world: World) -> None:
    for user in (ALICE, BOB):
        await _say(world, user, "/tz Berlin")
        await _upload(world, user, "apple.ics")
        await _say(world, user, "remind me to stretch in 10 minutes")
        await _say(world, user, "note the locker code is 4411")
    alice_id, bob_id = await _user_id(world, ALICE), await _user_id(world, BOB)
    await world.store.messages.flush()
    bob_before = await owned_rows(world.store.engine, bob_id)
    assert (await owned_rows(world.store.engine, alice_id))["events"] == 2

    asked = await _say(world, ALICE, "/forget")
    assert "can't be undone" in asked
    card = world.fake.last_message(ALICE.id)
    erase = dict(world.fake.buttons(card))["Erase everything"]
    await world.send(world.fake.press(ALICE, card["message_id"], erase))
    await world.fake.wait_for(lambda f: f.count("editMessageText") == 1)
    erased = world.fake.messages[(ALICE.id, card["message_id"])]["text"]
    assert erased.startswith("Erased everything I had about you: ")
    assert "2 events" in erased and "1 reminder," in erased and "1 note," in erased
    await world.store.messages.flush()
    after = await owned_rows(world.store.engine, alice_id)
    assert after == dict.fromkeys(after, 0)
    assert await owned_rows(world.store.engine, bob_id) == bob_before
    world.clock.advance(minutes=10)
    assert await world.core.delivery.run_due() == 1  # Bob's stretch only
    assert "stretch" in world.fake.last_message(BOB.id)["text"]


async def test_the_feed_opens_only_with_its_current_token(world: World) -> None:
    await _say(world, ALICE, "/tz Berlin")
    await _upload(world, ALICE, "apple.ics")
    offered = await _say(world, ALICE, "/calendar")
    url = offered.splitlines()[-1]
    assert url.startswith(f"{BASE}/calendar/") and url.endswith(".ics")
    path = url.removeprefix(BASE)
    await world.fake.wait_for(lambda f: len(f.sent(ALICE.id, "sendDocument")) == 1)
    await world.store.messages.flush()
    alice = await world.store.users.resolve("telegram", str(ALICE.id), "", "", "UTC")
    assert url not in str(await world.store.personal.export(alice.id)), "kept out of the log"
    app = create_app(calendar_routes(world.core.services))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bot"
    ) as http:
        served = await http.get(path)
        assert served.status_code == 200
        assert served.headers["content-type"].startswith("text/calendar")
        titles = [
            str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(served.content).walk("VEVENT")
        ]
        assert sorted(titles) == ["Easter trip", "Park run"]
        assert (await http.get("/calendar/not-the-token.ics")).status_code == 404
        assert (await http.get("/calendar/.ics")).status_code == 404
        reset = await _say(world, ALICE, "/calendar reset")
        assert reset.startswith("Done: your old feed URL no longer works.")
        assert (await http.get(path)).status_code == 404
        fresh = reset.splitlines()[-1].removeprefix(BASE)
        assert fresh != path and (await http.get(fresh)).status_code == 200
