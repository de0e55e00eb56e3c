"""Repository behaviour, run on SQLite and (with TEST_POSTGRES_URL) on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.messages import Target
from bot.models import DeliveryKind, Note, ReminderStatus
from storage.store import SqlAlchemyStore

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
HERE = Target("console", "chat")


async def _two_users(store: SqlAlchemyStore) -> tuple[int, int]:
    alice = await store.users.resolve("console", "alice", "c-a", "Alice", "UTC")
    bob = await store.users.resolve("telegram", "42", "c-b", "Bob", "Europe/Paris")
    return alice.id, bob.id


async def test_resolve_returns_the_same_user_for_the_same_identity(store: SqlAlchemyStore) -> None:
    first = await store.users.resolve("telegram", "42", "42", "Bob", "UTC")
    again = await store.users.resolve("telegram", "42", "42", "Bob", "UTC")
    other_channel = await store.users.resolve("slack", "42", "D1", "Bob", "UTC")
    assert first.id == again.id != other_channel.id
    await store.users.set_timezone(first.id, "Asia/Tokyo")
    user = await store.users.get(first.id)
    assert user is not None and user.timezone == "Asia/Tokyo"
    assert user.created_at.tzinfo is not None


async def test_task_numbers_are_per_user_and_stable_while_open(store: SqlAlchemyStore) -> None:
    alice, bob = await _two_users(store)
    for text in ("milk", "bread", "eggs"):
        await store.tasks.add(alice, text, None)
    bobs = await store.tasks.add(bob, "passport", T0)
    assert bobs.number == 1
    assert bobs.due_at == T0
    done = await store.tasks.complete(alice, 2, T0)
    assert done is not None and done.text == "bread"
    assert [(t.number, t.text) for t in await store.tasks.list_open(alice)] == [
        (1, "milk"),
        (3, "eggs"),
    ]
    assert await store.tasks.complete(bob, 3, T0) is None, "bob cannot touch alice's task 3"
    assert await store.tasks.delete(bob, 1) is not None
    assert len(await store.tasks.list_open(alice)) == 2
    edited = await store.tasks.edit(alice, 3, "free-range eggs")
    assert edited is not None and edited.text == "free-range eggs"


async def test_notes_are_found_by_their_words_and_only_by_their_owner(
    store: SqlAlchemyStore,
) -> None:
    alice, bob = await _two_users(store)
    await store.notes.add(alice, "Trip", "pack passport and charger")
    await store.notes.add(alice, "", "wifi password is hunter2")
    await store.notes.add(bob, "", "my passport number is secret")
    found = await store.search.find(alice, ["PASSPORT", "charger"])
    assert [n.title for n in found if isinstance(n, Note)] == ["Trip"]
    assert await store.search.find(alice, ["100%_"]) == []
    assert [n.number for n in await store.search.find(bob, ["passport"])] == [1]
    assert await store.notes.delete(bob, 2) is None
    deleted = await store.notes.delete(alice, 2)
    assert deleted is not None and "hunter2" in deleted.body


async def test_reminder_owns_one_pending_delivery_and_claims_are_exclusive(
    store: SqlAlchemyStore,
) -> None:
    alice, _ = await _two_users(store)
    reminder = await store.reminders.add(alice, "call mom", T0, None, "UTC", HERE)
    assert await store.deliveries.next_due() == T0
    assert await store.deliveries.claim_due(T0 - timedelta(seconds=1), 60, 10) == []
    claimed = await store.deliveries.claim_due(T0, 60, 10)
    assert [(d.kind, d.ref_id) for d in claimed] == [(DeliveryKind.REMINDER, reminder.id)]
    assert await store.deliveries.claim_due(T0, 60, 10) == [], "leased rows are not claimed twice"
    later = T0 + timedelta(seconds=61)
    reclaimed = await store.deliveries.claim_due(later, 60, 10)
    assert [d.id for d in reclaimed] == [claimed[0].id], "an expired lease is reclaimed"
    await store.deliveries.mark_sent(claimed[0].id, "m-1", later, None)
    assert await store.deliveries.next_due() is None
    sent = await store.deliveries.last_sent(alice, (DeliveryKind.REMINDER,))
    assert sent is not None and sent.message_id == "m-1"
    fired = await store.reminders.by_id(reminder.id)
    assert fired is not None and fired.status is ReminderStatus.FIRED


async def test_cancelling_a_reminder_cancels_its_delivery(store: SqlAlchemyStore) -> None:
    alice, bob = await _two_users(store)
    await store.reminders.add(alice, "stretch", T0, None, "UTC", HERE)
    assert await store.reminders.set_status(bob, 1, ReminderStatus.CANCELLED) is None
    cancelled = await store.reminders.set_status(alice, 1, ReminderStatus.CANCELLED)
    assert cancelled is not None
    assert await store.reminders.list_active(alice) == []
    assert await store.deliveries.claim_due(T0 + timedelta(days=1), 60, 10) == []


async def test_recurring_reminder_arms_its_next_occurrence_when_fired(
    store: SqlAlchemyStore,
) -> None:
    alice, _ = await _two_users(store)
    await store.reminders.add(alice, "standup", T0, "FREQ=DAILY", "UTC", HERE)
    [delivery] = await store.deliveries.claim_due(T0, 60, 10)
    await store.deliveries.mark_sent(delivery.id, "m", T0, T0 + timedelta(days=1))
    assert await store.deliveries.next_due() == T0 + timedelta(days=1)
    [listed] = await store.reminders.list_active(alice)
    assert listed.occurrence_at == listed.due_at == T0 + timedelta(days=1)


async def test_events_between_and_cancel(store: SqlAlchemyStore) -> None:
    alice, bob = await _two_users(store)
    await store.events.add(alice, "Demo", T0 + timedelta(hours=2), None, "HQ", HERE)
    await store.events.add(alice, "Dentist", T0 + timedelta(days=3), None, "", HERE)
    today = await store.events.between(alice, T0, T0 + timedelta(days=1))
    assert [e.title for e in today] == ["Demo"]
    assert await store.events.cancel(bob, 1) is None
    assert await store.events.cancel(alice, 1) is not None
    assert [e.title for e in await store.events.upcoming(alice, T0)] == ["Dentist"]


async def test_forgetting_a_user_deletes_their_items(store: SqlAlchemyStore) -> None:
    alice, bob = await _two_users(store)
    await store.tasks.add(alice, "milk", None)
    await store.reminders.add(alice, "x", T0, None, "UTC", HERE)
    await store.tasks.add(bob, "bread", None)
    await store.users.delete(alice)
    assert await store.users.get(alice) is None
    assert await store.tasks.list_open(alice) == []
    assert await store.deliveries.next_due() is None
    assert len(await store.tasks.list_open(bob)) == 1


async def test_message_log_is_written_in_batches_and_on_close(store: SqlAlchemyStore) -> None:
    from sqlalchemy import func, select

    from bot.models import LoggedMessage
    from storage.tables import MessageRow

    alice, bob = await _two_users(store)

    async def logged() -> int:
        async with store.engine.connect() as connection:
            return int(await connection.scalar(select(func.count()).select_from(MessageRow)) or 0)

    line = LoggedMessage(alice, "in", "console", "c", "hello", T0)
    await store.messages.record([line])
    assert await logged() == 0, "a single line waits for its batch"
    await store.users.delete(bob)
    await store.messages.record([LoggedMessage(bob, "in", "telegram", "c", "gone", T0)])
    await store.messages.close()
    assert await logged() == 1, "a forgotten user's line is dropped, the others are kept"
