"""Alerts of the people going to a group event; on SQLite, and PostgreSQL when configured."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.messages import Target
from bot.models import RsvpChoice, Vote
from storage.store import SqlAlchemyStore

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
START = datetime(2026, 3, 6, 18, 0, tzinfo=UTC)
GROUP = Target("telegram", "-100")


async def test_going_arms_private_alerts_that_follow_votes_moves_and_offsets(
    store: SqlAlchemyStore,
) -> None:
    users = store.users
    alice = await users.resolve("telegram", "1", "1", "Alice", "UTC")  # the organizer
    bob = await users.resolve("telegram", "2", "2", "Bob", "UTC")  # has a private chat
    carol = await users.resolve("telegram", "3", "-100", "Carol", "UTC")  # seen in the group only
    dave = await users.resolve("telegram", "4", "4", "Dave", "UTC")
    event = await store.events.add(alice.id, "Dinner", START, None, "", GROUP, now=NOW)

    rsvps = store.rsvps
    going = RsvpChoice.GOING
    assert await rsvps.vote(event.id, bob.id, "Bob", going, now=NOW) == Vote(
        None, Target("telegram", "2")
    )
    assert await rsvps.vote(event.id, carol.id, "Carol", going, now=NOW) == Vote(None, None)
    await rsvps.vote(event.id, dave.id, "Dave", going, now=NOW)
    assert await rsvps.vote(event.id, dave.id, "Dave", RsvpChoice.NO, now=NOW) == Vote(going)
    assert await rsvps.vote(event.id, alice.id, "Alice", going, now=NOW) == Vote(None, None)
    await store.events.set_alert_offsets(bob.id, [30], now=NOW)
    later = START + timedelta(hours=1)
    await store.events.move(alice.id, event.number, later, None, now=NOW)
    assert await rsvps.private_chat_opened("telegram", "3", "3", now=NOW) == 1

    claimed = await store.deliveries.claim_due(later, 60, 100)
    owed = sorted((d.user_id, d.chat_id, later - d.due_at) for d in claimed)
    assert owed == sorted(
        [
            (alice.id, "-100", timedelta(days=1)),
            (alice.id, "-100", timedelta(hours=1)),
            (alice.id, "-100", timedelta(minutes=10)),
            (bob.id, "2", timedelta(minutes=30)),
            (carol.id, "3", timedelta(days=1)),
            (carol.id, "3", timedelta(hours=1)),
            (carol.id, "3", timedelta(minutes=10)),
        ]
    )
