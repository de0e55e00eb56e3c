"""Full-text search of a person's items, on SQLite and (with TEST_POSTGRES_URL) PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from bot.messages import Target
from bot.models import Event, Found, ItemKind, Note, Reminder, ReminderStatus, Task
from storage.database import create_engine
from storage.migrate import upgrade
from storage.search import SOURCES
from storage.store import SqlAlchemyStore
from tests.helpers.postgres import POSTGRES_URL, throwaway_database
from tests.helpers.rows import owned_rows

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
HERE = Target("console", "chat")


def _named(found: Sequence[Found]) -> list[tuple[str, int]]:
    return [(type(item).__name__, item.number) for item in found]


async def _alice_and_bob(store: SqlAlchemyStore) -> tuple[int, int]:
    alice = await store.users.resolve("console", "alice", "c-a", "Alice", "UTC")
    bob = await store.users.resolve("console", "bob", "c-b", "Bob", "UTC")
    return alice.id, bob.id


async def _one_of_each(store: SqlAlchemyStore, user: int) -> None:
    await store.notes.add(user, "Trip", "pack the passports and a charger")
    await store.tasks.add(user, "renew passport", None)
    await store.reminders.add(user, "passport photos", T0 + timedelta(days=1), None, "UTC", HERE)
    await store.events.add(user, "Visa office", T0 + timedelta(days=2), None, "Passport Hall", HERE)


async def test_a_word_finds_every_kind_of_item_by_its_stem(store: SqlAlchemyStore) -> None:
    alice, _ = await _alice_and_bob(store)
    await _one_of_each(store, alice)
    await store.notes.add(alice, "", "wifi password is hunter2")
    found = await store.search.find(alice, ["passport"])
    assert sorted(_named(found)) == [("Event", 1), ("Note", 1), ("Reminder", 1), ("Task", 1)]
    assert _named(await store.search.find(alice, ["Passports"], (ItemKind.NOTE,))) == [("Note", 1)]
    assert _named(await store.search.find(alice, ["renewal"])) == [("Task", 1)]
    assert await store.search.find(alice, ["hunter"]) == [], "words are matched whole"


async def test_items_that_mention_every_word_come_first_then_any_word(
    store: SqlAlchemyStore,
) -> None:
    alice, _ = await _alice_and_bob(store)
    await store.notes.add(alice, "", "passport number 123")
    await store.notes.add(alice, "", "passport office opens at 9, bring the old passport")
    await store.notes.add(alice, "", "office party")
    both = await store.search.find(alice, ["passport", "office"])
    assert _named(both) == [("Note", 2)]
    anyword = await store.search.find(alice, ["passport", "xylophone"])
    assert sorted(n.number for n in anyword) == [1, 2]
    assert await store.search.find(alice, ["xylophone", "kazoo"]) == []


async def test_only_the_owner_finds_an_item(store: SqlAlchemyStore) -> None:
    alice, bob = await _alice_and_bob(store)
    await _one_of_each(store, alice)
    assert await store.search.find(bob, ["passport"]) == []
    await store.notes.add(bob, "", "bob's passport")
    assert _named(await store.search.find(bob, ["passport"])) == [("Note", 1)]


async def test_the_index_follows_every_change(store: SqlAlchemyStore) -> None:
    alice, _ = await _alice_and_bob(store)
    await _one_of_each(store, alice)
    await store.tasks.edit(alice, 1, "renew driving licence")
    await store.reminders.rename(alice, 1, "collect photos")
    await store.notes.rewrite(alice, 1, "Trip", "pack sunscreen")
    await store.events.edit(alice, 1, place="Town Hall")
    assert await store.search.find(alice, ["passport"]) == []
    assert _named(await store.search.find(alice, ["licence"])) == [("Task", 1)]
    assert _named(await store.search.find(alice, ["hall"])) == [("Event", 1)]
    await store.tasks.complete(alice, 1, T0)
    await store.reminders.set_status(alice, 1, ReminderStatus.CANCELLED)
    await store.events.cancel(alice, 1)
    await store.notes.delete(alice, 1)
    for word in ("licence", "photos", "hall", "sunscreen"):
        assert await store.search.find(alice, [word]) == [], word


async def test_open_tasks_are_found_behind_a_long_history_of_done_ones(
    store: SqlAlchemyStore,
) -> None:
    alice, _ = await _alice_and_bob(store)
    for _ in range(150):
        await store.tasks.add(alice, "renew passport", None)
    for number in range(1, 146):
        await store.tasks.complete(alice, number, T0)
    found = await store.search.find(alice, ["passport"], limit=10)
    assert sorted(_named(found)) == [("Task", n) for n in range(146, 151)]
    for _ in range(5):
        await store.tasks.add(alice, "renew passport", None)
    assert len(await store.search.find(alice, ["passport"], limit=8)) == 8


async def test_linked_accounts_find_each_others_items_as_their_own(
    store: SqlAlchemyStore,
) -> None:
    alice, bob = await _alice_and_bob(store)
    await _one_of_each(store, alice)
    await store.links.merge(alice, bob)
    assert len(await store.search.find(bob, ["passport"])) == 4
    assert await store.search.find(alice, ["passport"]) == []


async def test_items_come_back_whole(store: SqlAlchemyStore) -> None:
    alice, _ = await _alice_and_bob(store)
    await _one_of_each(store, alice)
    found = {type(item): item for item in await store.search.find(alice, ["passport"])}
    note, task = found[Note], found[Task]
    assert isinstance(note, Note) and note.title == "Trip"
    assert isinstance(task, Task) and task.text == "renew passport" and not task.done
    reminder, event = found[Reminder], found[Event]
    assert isinstance(reminder, Reminder) and reminder.due_at == T0 + timedelta(days=1)
    assert isinstance(event, Event) and event.place == "Passport Hall"


@pytest.mark.parametrize(
    "words", [['"'], ["passport*"], ["NEAR(passport"], ["a:b"], ["OR"], ["-"], ["(", ")"], ["'"]]
)
async def test_search_syntax_in_the_words_is_only_words(
    store: SqlAlchemyStore, words: list[str]
) -> None:
    alice, _ = await _alice_and_bob(store)
    await _one_of_each(store, alice)
    found = await store.search.find(alice, words)
    assert all(isinstance(item, Note | Task | Reminder | Event) for item in found)


async def test_erasing_a_person_leaves_nothing_of_theirs_in_the_index(
    store: SqlAlchemyStore,
) -> None:
    alice, bob = await _alice_and_bob(store)
    await _one_of_each(store, alice)
    await _one_of_each(store, bob)
    await store.personal.forget(alice)
    assert (await owned_rows(store.engine, alice)).get("search_index", 0) == 0
    assert len(await store.search.find(bob, ["passport"])) == 4


@pytest.mark.postgres
async def test_postgres_answers_from_the_gin_indexes() -> None:
    """The store's expressions are the indexes', word for word, or the planner ignores them."""
    if not POSTGRES_URL:
        pytest.skip("TEST_POSTGRES_URL is not set")
    async with throwaway_database() as url:
        await upgrade(url)
        engine = create_engine(url)
        async with engine.connect() as connection:
            await connection.execute(text("SET enable_seqscan = off"))
            for source in SOURCES.values():
                plan = await connection.execute(
                    text(
                        f"EXPLAIN SELECT id FROM {source.table} WHERE to_tsvector('english', "
                        f"{source.words}) @@ plainto_tsquery('english', 'passport')"
                    )
                )
                assert f"search_{source.table}" in " ".join(row[0] for row in plan)
        await engine.dispose()
