"""Imported events and erasure on every backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.calendars.reading import read_calendar
from bot.messages import Target
from storage.store import SqlAlchemyStore
from tests.helpers.rows import owned_rows

CALENDARS = Path(__file__).parent.parent / "data" / "calendars"
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


async def test_import_updates_by_uid_and_forget_leaves_no_row(store: SqlAlchemyStore) -> None:
    alice = await store.users.resolve("console", "alice", "alice", "Alice", "Europe/Berlin")
    bob = await store.users.resolve("console", "bob", "bob", "Bob", "Europe/Berlin")
    entries = read_calendar((CALENDARS / "outlook.ics").read_bytes(), "Europe/Berlin")
    for user in (alice, bob):
        target = Target("console", user.display_name.lower())
        counts = await store.events.import_entries(user.id, entries, target, now=NOW)
        assert (counts.added, counts.updated) == (3, 0)
    again = await store.events.import_entries(alice.id, entries, Target("console", "c"), now=NOW)
    assert (again.added, again.unchanged) == (0, 3)
    week = await store.events.between(alice.id, NOW, NOW + timedelta(days=14))
    assert [e.title for e in week] == ["Team sync", "Team sync", "Vendor call"]
    await store.users.set_calendar_token(alice.id, "t0ken")
    assert (await store.users.by_calendar_token("t0ken")) is not None

    erased = await store.personal.forget(alice.id)
    assert erased["events"] == 3 and erased["profile"] == 1
    after = await owned_rows(store.engine, alice.id)
    assert after == dict.fromkeys(after, 0)
    assert len(await store.events.all(bob.id)) == 3
    assert await store.users.by_calendar_token("t0ken") is None
