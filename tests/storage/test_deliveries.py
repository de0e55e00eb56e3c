"""The delivery queue on every database: exclusive claims, leases, acknowledgement, failures."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.messages import Target
from bot.models import DeliveryKind, LoggedMessage
from storage.store import SqlAlchemyStore

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
CHAT = Target("console", "chat-alice")


async def _user_with_reminders(store: SqlAlchemyStore, count: int) -> int:
    user = await store.users.resolve("console", "alice", "chat-alice", "Alice", "UTC")
    for n in range(count):
        await store.reminders.add(user.id, f"r{n}", NOW - timedelta(seconds=n), None, "UTC", CHAT)
    return user.id


async def test_concurrent_claims_never_share_a_row_and_a_lapsed_lease_is_reclaimed(
    store: SqlAlchemyStore,
) -> None:
    await _user_with_reminders(store, 30)
    first, second = await asyncio.gather(
        store.deliveries.claim_due(NOW, 60, 20), store.deliveries.claim_due(NOW, 60, 20)
    )
    ids = [d.id for d in first + second]
    assert len(ids) == len(set(ids)) == 30
    assert await store.deliveries.claim_due(NOW + timedelta(seconds=59), 60, 50) == []
    assert await store.deliveries.next_due() == NOW + timedelta(seconds=60)
    assert len(await store.deliveries.claim_due(NOW + timedelta(seconds=61), 60, 50)) == 30


async def test_sent_rows_record_time_and_message_and_wait_for_acknowledgement(
    store: SqlAlchemyStore,
) -> None:
    await _user_with_reminders(store, 2)
    a, b = await store.deliveries.claim_due(NOW, 60, 10)
    await store.deliveries.mark_sent(a.id, "m1", NOW)
    await store.deliveries.mark_sent(b.id, "m2", NOW + timedelta(minutes=1))
    await store.deliveries.acknowledge(b.id, NOW + timedelta(minutes=2))
    kinds = (DeliveryKind.REMINDER,)
    [waiting] = await store.deliveries.unacknowledged(kinds, NOW + timedelta(minutes=5))
    assert (waiting.id, waiting.message_id, waiting.sent_at) == (a.id, "m1", NOW)
    assert await store.deliveries.unacknowledged(kinds, NOW) == []
    assert (
        await store.deliveries.unacknowledged((DeliveryKind.ALERT,), NOW + timedelta(days=1)) == []
    )


async def test_failures_are_taken_once(store: SqlAlchemyStore) -> None:
    user_id = await _user_with_reminders(store, 1)
    [delivery] = await store.deliveries.claim_due(NOW, 60, 10)
    await store.deliveries.mark_failed(delivery.id, "platform is down")
    [failure] = await store.deliveries.take_failures(user_id, NOW)
    assert failure.error == "platform is down"
    assert await store.deliveries.take_failures(user_id, NOW) == []
    assert await store.reminders.list_active(user_id) == []


async def test_grouped_records_arm_each_series_once(store: SqlAlchemyStore) -> None:
    from bot.models import SentRecord

    user = await store.users.resolve("console", "alice", "chat-alice", "Alice", "UTC")
    daily = await store.reminders.add(user.id, "daily", NOW, "FREQ=DAILY", "UTC", CHAT)
    await store.reminders.add(user.id, "once", NOW, None, "UTC", CHAT)
    claimed = await store.deliveries.claim_due(NOW, 60, 10)
    records = [
        SentRecord(d.id, f"m{d.id}", NOW, NOW + timedelta(days=1) if d.ref_id == daily.id else None)
        for d in claimed
    ]
    await store.deliveries.mark_sent_many(records)
    await store.deliveries.mark_sent_many(records)  # recorded twice: still one next occurrence
    assert [r.text for r in await store.reminders.list_active(user.id)] == ["daily"]
    assert await store.deliveries.claim_due(NOW + timedelta(hours=23), 60, 10) == []
    [following] = await store.deliveries.claim_due(NOW + timedelta(days=1), 60, 10)
    assert following.ref_id == daily.id


async def test_retention_deletes_only_the_old_log(store: SqlAlchemyStore) -> None:
    user = await store.users.resolve("console", "alice", "chat-alice", "Alice", "UTC")
    old = LoggedMessage(user.id, "in", "console", "chat-alice", "old", NOW - timedelta(days=31))
    new = LoggedMessage(user.id, "in", "console", "chat-alice", "new", NOW - timedelta(days=29))
    await store.messages.record([old, new])
    assert await store.messages.delete_before(NOW - timedelta(days=30)) == 1
    assert await store.messages.delete_before(NOW - timedelta(days=30)) == 0
