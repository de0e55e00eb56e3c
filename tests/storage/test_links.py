from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.store import SqlAlchemyStore

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


async def test_a_code_works_once_and_only_while_live(store: SqlAlchemyStore) -> None:
    alice = await store.users.resolve("telegram", "1", "1", "Alice", "UTC")
    assert await store.links.create_code(alice.id, "123456", NOW, NOW + timedelta(minutes=10))
    assert await store.links.redeem("123456", NOW + timedelta(minutes=1)) == alice.id
    assert await store.links.redeem("123456", NOW + timedelta(minutes=2)) is None
    assert await store.links.create_code(alice.id, "654321", NOW, NOW + timedelta(minutes=10))
    assert await store.links.redeem("654321", NOW + timedelta(minutes=11)) is None


async def test_merging_moves_identities_and_items_with_fresh_numbers(
    store: SqlAlchemyStore,
) -> None:
    tg = await store.users.resolve("telegram", "1", "1", "Alice", "UTC")
    sl = await store.users.resolve("slack", "U1", "U1", "Alice", "UTC")
    await store.tasks.add(tg.id, "water the plants", None)
    await store.tasks.add(sl.id, "buy milk", None)
    await store.notes.add(sl.id, "Trip", "pack charger")

    await store.links.merge(tg.id, sl.id)

    tasks = await store.tasks.list_open(sl.id)
    assert sorted((t.number, t.text) for t in tasks) == [(1, "buy milk"), (2, "water the plants")]
    assert [n.title for n in await store.notes.list(sl.id)] == ["Trip"]
    assert {i.channel for i in await store.users.identities(sl.id)} == {"telegram", "slack"}
    assert await store.users.get(tg.id) is None
    again = await store.users.resolve("telegram", "1", "1", "Alice", "UTC")
    assert again.id == sl.id
