"""The dashboard's figures, counted by SQLite and (with TEST_POSTGRES_URL) by PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.messages import Target
from bot.models import LoggedMessage
from bot.voice.models import CallOutcome
from storage.store import SqlAlchemyStore

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
HERE = Target("console", "chat")


async def test_people_are_counted_per_channel_newest_first(store: SqlAlchemyStore) -> None:
    alice = await store.users.resolve("console", "alice", "c-a", "Alice", "UTC")
    await store.users.resolve("telegram", "42", "42", "Bob", "UTC")
    await store.users.resolve("telegram", "43", "43", "Cleo", "UTC")
    await store.web.web_identity(alice.id, "w1")
    await store.users.set_reachable("telegram", "43", False)
    people = await store.overview.people(newest=2)
    assert people.total == 3
    assert [(c.channel, c.people, c.reachable) for c in people.channels] == [
        ("telegram", 2, 1),
        ("console", 1, 1),
        ("web", 1, 1),
    ]
    assert [p.name for p in people.newest] == ["Cleo", "Bob"]
    everyone = await store.overview.people(newest=10)
    assert everyone.newest[-1].channels == ("console", "web")


async def test_messages_are_counted_per_span_and_direction(store: SqlAlchemyStore) -> None:
    alice = await store.users.resolve("console", "alice", "c-a", "Alice", "UTC")
    days = [T0 + timedelta(days=n) for n in range(4)]

    def said(at: datetime, direction: str = "in") -> LoggedMessage:
        return LoggedMessage(alice.id, direction, "console", "c-a", "hi", at)

    await store.messages.record(
        [
            said(days[0] - timedelta(seconds=1)),  # before the first span: not counted
            said(days[0]),
            said(days[0] + timedelta(hours=23, minutes=59)),
            said(days[0] + timedelta(hours=1), "out"),
            said(days[2] + timedelta(hours=5)),
            said(days[3]),  # the end is not in the last span
        ]
    )
    await store.messages.flush()
    assert await store.overview.messages_between(days) == [(2, 1), (0, 0), (1, 0)]


async def test_deliveries_due_sent_failed_and_their_lateness(store: SqlAlchemyStore) -> None:
    alice = await store.users.resolve("console", "alice", "c-a", "Alice", "UTC")
    lateness = (10, 20, 30, 40, 600)
    for n in range(len(lateness)):
        await store.reminders.add(alice.id, f"r{n}", T0 + timedelta(minutes=n), None, "UTC", HERE)
    claimed = await store.deliveries.claim_due(T0 + timedelta(minutes=5), 60, 10)
    for delivery, late in zip(claimed, lateness, strict=True):
        await store.deliveries.mark_sent(
            delivery.id, "m", delivery.due_at + timedelta(seconds=late), None
        )
    await store.reminders.add(alice.id, "fails", T0 + timedelta(hours=1), None, "UTC", HERE)
    [failing] = await store.deliveries.claim_due(T0 + timedelta(hours=1), 60, 10)
    await store.deliveries.mark_failed(failing.id, "blocked")
    await store.reminders.add(alice.id, "overdue", T0 + timedelta(hours=2), None, "UTC", HERE)
    await store.reminders.add(alice.id, "later", T0 + timedelta(days=2), None, "UTC", HERE)
    figures = await store.overview.deliveries(T0 + timedelta(hours=3), T0 - timedelta(days=7))
    assert (figures.due, figures.scheduled, figures.sent, figures.failed) == (1, 1, 5, 1)
    assert figures.median_late is not None and abs(figures.median_late - 30) < 0.01
    assert figures.p95_late is not None and abs(figures.p95_late - 600) < 0.01
    before = await store.overview.deliveries(T0 + timedelta(hours=3), T0 + timedelta(hours=2))
    assert (before.sent, before.failed, before.median_late, before.p95_late) == (0, 0, None, None)


async def test_calls_are_counted_by_outcome(store: SqlAlchemyStore) -> None:
    alice = await store.users.resolve("console", "alice", "c-a", "Alice", "UTC")
    outcomes = [CallOutcome.CONFIRMED, CallOutcome.NO_ANSWER, CallOutcome.NO_ANSWER, None]
    for n, outcome in enumerate(outcomes):
        call = await store.voice.start_call(alice.id, n, 1, "+15550001", "hi", T0)
        assert call is not None
        if outcome is not None:
            await store.voice.finish(call.id, "completed", outcome, T0)
    await store.voice.start_call(alice.id, 9, 1, "+15550001", "old", T0 - timedelta(days=8))
    assert await store.overview.calls(T0 - timedelta(days=7)) == {
        "no_answer": 2,
        "confirmed": 1,
        None: 1,
    }


async def test_phrases_per_label_and_the_picks_waiting_for_a_second_person(
    store: SqlAlchemyStore,
) -> None:
    alice = await store.users.resolve("console", "alice", "c-a", "Alice", "UTC")
    bob = await store.users.resolve("console", "bob", "c-b", "Bob", "UTC")
    add = store.phrases.add
    await add("reminder", "ping me at 5", "admin", T0)
    await add("task", "chores: bins", "clarified", T0 + timedelta(minutes=1), alice.id)
    await add("task", "chores: bins", "clarified", T0 + timedelta(minutes=2), bob.id)
    await add("note", "jot wifi", "clarified", T0 + timedelta(minutes=3), alice.id)
    await add("note", "jot wifi", "clarified", T0 + timedelta(minutes=4), alice.id)
    await add("task", "sort socks", "clarified", T0 + timedelta(minutes=5), bob.id)
    phrases = await store.overview.phrases(recent=3)
    assert [(c.label, c.source, c.count) for c in phrases.counts] == [
        ("note", "clarified", 2),
        ("reminder", "admin", 1),
        ("task", "clarified", 3),
    ]
    assert [p.phrase for p in phrases.recent] == ["sort socks", "jot wifi", "jot wifi"]
    assert [(p.label, p.phrase) for p in phrases.waiting] == [
        ("task", "sort socks"),
        ("note", "jot wifi"),
    ], "one person twice is still one person; two people agreeing is no longer waiting"
    assert phrases.waiting[0].at == T0 + timedelta(minutes=5)
