"""The inbox keeps each platform update once, leased to one process at a time."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select

from storage.store import SqlAlchemyStore
from storage.tables import InboxRow
from tests.helpers.clock import FakeClock

LEASE = 10.0


async def test_an_update_is_kept_once_whoever_receives_it(
    store: SqlAlchemyStore, clock: FakeClock
) -> None:
    now = clock.now()
    added = await asyncio.gather(
        *(store.inbox.add("telegram", "1001", '{"update_id": 1001}', now, LEASE) for _ in range(5))
    )
    assert sorted(added) == [False, False, False, False, True]
    assert await store.inbox.add("slack", "1001", "{}", now, LEASE), "keys are per channel"


async def test_an_unfinished_update_is_claimed_once_its_lease_runs_out(
    store: SqlAlchemyStore, clock: FakeClock
) -> None:
    now = clock.now()
    for key in ("1", "2", "3"):
        await store.inbox.add("telegram", key, f"payload {key}", now, LEASE)
    await store.inbox.finish("telegram", ["2"], now)
    assert await store.inbox.claim("telegram", now, LEASE, 10) == [], "still leased"

    later = now + timedelta(seconds=LEASE + 1)
    claimed = await store.inbox.claim("telegram", later, LEASE, 10)
    assert [(i.key, i.payload, i.attempts) for i in claimed] == [
        ("1", "payload 1", 2),
        ("3", "payload 3", 2),
    ]
    assert await store.inbox.claim("telegram", later, LEASE, 10) == [], "claimed once"
    assert await store.inbox.claim("slack", later + timedelta(hours=1), LEASE, 10) == []


async def test_a_renewed_lease_keeps_others_away_and_a_released_row_is_free_at_once(
    store: SqlAlchemyStore, clock: FakeClock
) -> None:
    now = clock.now()
    await store.inbox.add("slack", "a", "{}", now, LEASE)
    await store.inbox.add("slack", "b", "{}", now, LEASE)
    await store.inbox.renew("slack", ["a"], now + timedelta(seconds=3 * LEASE))
    await store.inbox.release("slack", ["b"])
    later = now + timedelta(seconds=2 * LEASE)
    assert [i.key for i in await store.inbox.claim("slack", now, LEASE, 10)] == ["b"]
    assert [i.key for i in await store.inbox.claim("slack", later, LEASE, 10)] == ["b"]


async def test_handled_updates_are_purged_but_unhandled_ones_stay(
    store: SqlAlchemyStore, clock: FakeClock
) -> None:
    now = clock.now()
    await store.inbox.add("telegram", "old-done", "{}", now, LEASE)
    await store.inbox.add("telegram", "old-open", "{}", now, LEASE)
    await store.inbox.finish("telegram", ["old-done"], now)
    assert await store.inbox.purge(now + timedelta(days=2)) == 1
    assert await store.inbox.add("telegram", "old-done", "{}", now, LEASE), "forgotten"
    assert not await store.inbox.add("telegram", "old-open", "{}", now, LEASE)


async def test_a_handled_update_keeps_its_key_but_not_what_the_person_wrote(
    store: SqlAlchemyStore, clock: FakeClock
) -> None:
    now = clock.now()
    await store.inbox.add("telegram", "7", '{"text": "my pin is 4321"}', now, LEASE)
    await store.inbox.finish("telegram", ["7"], now)
    assert not await store.inbox.add("telegram", "7", "{}", now, LEASE), "still a duplicate"
    async with store.engine.connect() as connection:
        payloads = (await connection.execute(select(InboxRow.payload))).scalars().all()
    assert payloads == [""]
