"""Each occurrence of a recurring event is alerted, across restarts; cancel and move follow."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.agenda import agenda_text
from bot.buttons import ButtonSigner
from bot.delivery import DeliveryLoop
from bot.messages import Target
from bot.models import DeliveryKind, RsvpChoice, User
from storage.store import SqlAlchemyStore
from tests.helpers.bot import RecordingChannel
from tests.helpers.clock import FakeClock

SYNC = "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=10;BYMINUTE=0"


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


class Runner:
    """The delivery loop over a store, driven by a fake clock from one due time to the next."""

    def __init__(self, store: SqlAlchemyStore, clock: FakeClock) -> None:
        self.store, self.clock = store, clock
        self.channel = RecordingChannel()
        self.loop = DeliveryLoop(store, {"console": self.channel}, clock, ButtonSigner(b"k"))

    async def until(self, end: datetime) -> list[str]:
        """What is sent up to `end`, each as 'Thu 05 09:50 [chat] text'."""
        sent = []
        while (due := await self.store.deliveries.next_due()) is not None and due <= end:
            self.clock.set(due)
            before = len(self.channel.sent)
            await self.loop.run_due()
            sent += [
                f"{due:%a %d %H:%M} [{target.chat_id}] {reply.text}"
                for target, reply in self.channel.sent[before:]
            ]
        self.clock.set(max(self.clock.now(), end))
        return sent


async def _alice(store: SqlAlchemyStore) -> User:
    return await store.users.resolve("console", "alice", "alice", "Alice", "UTC")


async def _sync(store: SqlAlchemyStore, clock: FakeClock, user: User) -> None:
    await store.events.add(
        user.id,
        "Sync",
        _at(2, 10),
        None,
        "",
        Target("console", "alice"),
        now=clock.now(),
        rrule=SYNC,
        timezone="UTC",
    )


async def test_each_occurrence_gets_its_alerts_one_after_another(
    store: SqlAlchemyStore, clock: FakeClock
) -> None:
    await _sync(store, clock, await _alice(store))
    run = Runner(store, clock)
    assert await run.until(_at(9, 12)) == [
        "Mon 02 09:00 [alice] 🔔 Sync — in 1 hour (10:00)",
        "Mon 02 09:50 [alice] 🔔 Sync — in 10 minutes (10:00)",
        "Wed 04 10:00 [alice] 🔔 Sync — in 1 day (tomorrow 10:00)",
        "Thu 05 09:00 [alice] 🔔 Sync — in 1 hour (10:00)",
        "Thu 05 09:50 [alice] 🔔 Sync — in 10 minutes (10:00)",
        "Sun 08 10:00 [alice] 🔔 Sync — in 1 day (tomorrow 10:00)",
        "Mon 09 09:00 [alice] 🔔 Sync — in 1 hour (10:00)",
        "Mon 09 09:50 [alice] 🔔 Sync — in 10 minutes (10:00)",
    ]
    assert await store.deliveries.next_due() == _at(11, 10), "Thursday's alerts are armed"


async def test_the_series_goes_on_after_a_restart_and_after_downtime(
    database_url: str, clock: FakeClock
) -> None:
    first = SqlAlchemyStore.from_url(database_url)
    await _sync(first, clock, await _alice(first))
    assert len(await Runner(first, clock).until(_at(2, 12))) == 2
    await first.close()
    again = SqlAlchemyStore.from_url(database_url)
    try:
        run = Runner(again, clock)
        assert await run.until(_at(5, 9, 30)) == [
            "Wed 04 10:00 [alice] 🔔 Sync — in 1 day (tomorrow 10:00)",
            "Thu 05 09:00 [alice] 🔔 Sync — in 1 hour (10:00)",
        ]
        # Down from Thursday 09:30 to Wednesday 11 at noon: the missed alerts are dropped.
        clock.set(_at(11, 12))
        await run.loop.run_due()
        assert run.channel.texts[-1] == "🔔 Sync — in 1 hour (10:00)", "nothing more was sent"
        assert await again.deliveries.next_due() == _at(12, 9), "Thursday 12's alerts follow"
        assert await run.until(_at(12, 10)) == [
            "Thu 12 09:00 [alice] 🔔 Sync — in 1 hour (10:00)",
            "Thu 12 09:50 [alice] 🔔 Sync — in 10 minutes (10:00)",
        ]
    finally:
        await again.close()


async def test_cancelling_stops_the_alerts_and_moving_shifts_them(
    store: SqlAlchemyStore, clock: FakeClock
) -> None:
    alice = await _alice(store)
    await _sync(store, clock, alice)
    run = Runner(store, clock)
    assert len(await run.until(_at(3, 0))) == 2
    moved = await store.events.move(alice.id, 1, _at(5, 15, 30), None, now=clock.now())
    assert moved is not None and moved.rrule == "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=15;BYMINUTE=30"
    assert await run.until(_at(10, 0)) == [
        "Wed 04 15:30 [alice] 🔔 Sync — in 1 day (tomorrow 15:30)",
        "Thu 05 14:30 [alice] 🔔 Sync — in 1 hour (15:30)",
        "Thu 05 15:20 [alice] 🔔 Sync — in 10 minutes (15:30)",
        "Sun 08 15:30 [alice] 🔔 Sync — in 1 day (tomorrow 15:30)",
        "Mon 09 14:30 [alice] 🔔 Sync — in 1 hour (15:30)",
        "Mon 09 15:20 [alice] 🔔 Sync — in 10 minutes (15:30)",
    ], "two weekdays stay as they are; the time follows"
    assert await store.events.cancel(alice.id, 1) is not None
    assert await store.deliveries.next_due() is None
    assert await run.until(_at(31, 0)) == []


async def test_a_snoozed_alert_speaks_of_its_own_occurrence(
    store: SqlAlchemyStore, clock: FakeClock
) -> None:
    await _sync(store, clock, await _alice(store))
    run = Runner(store, clock)
    await run.until(_at(2, 9, 50))
    sent = await store.deliveries.last_sent((await _alice(store)).id, (DeliveryKind.ALERT,))
    assert sent is not None and sent.occurrence_at == _at(2, 10)
    await store.deliveries.repeat_later(sent.id, _at(2, 10))
    assert await run.until(_at(4, 10)) == [
        "Mon 02 10:00 [alice] 🔔 Sync — starting now (10:00)",
        "Wed 04 10:00 [alice] 🔔 Sync — in 1 day (tomorrow 10:00)",
    ]


async def test_someone_going_is_alerted_of_each_occurrence_privately(
    store: SqlAlchemyStore, clock: FakeClock
) -> None:
    alice = await _alice(store)
    bob = await store.users.resolve("console", "bob", "bob", "Bob", "UTC")
    await store.events.set_alert_offsets(bob.id, [30], now=clock.now())
    await store.events.set_alert_offsets(alice.id, [], now=clock.now())
    event = await store.events.add(
        alice.id,
        "Run club",
        _at(2, 18),
        None,
        "",
        Target("console", "group"),
        now=clock.now(),
        rrule="FREQ=DAILY;BYHOUR=18;BYMINUTE=0",
    )
    vote = await store.rsvps.vote(event.id, bob.id, "Bob", RsvpChoice.GOING, now=clock.now())
    assert vote.alerts_to == Target("console", "bob")
    run = Runner(store, clock)
    assert await run.until(_at(4, 0)) == [
        "Mon 02 17:30 [bob] 🔔 Run club — in 30 minutes (18:00)",
        "Tue 03 17:30 [bob] 🔔 Run club — in 30 minutes (18:00)",
    ]
    await store.rsvps.vote(event.id, bob.id, "Bob", RsvpChoice.NO, now=clock.now())
    assert await store.deliveries.next_due() is None


async def test_a_phone_stop_drops_one_occurrence_and_keeps_the_next(
    store: SqlAlchemyStore, clock: FakeClock
) -> None:
    alice = await _alice(store)
    await _sync(store, clock, alice)
    run = Runner(store, clock)
    assert len(await run.until(_at(2, 9))) == 1
    event = await store.events.get(alice.id, 1)
    assert event is not None
    await store.voice.cancel_alerts(event.id, alice.id)
    assert await run.until(_at(5, 9, 0)) == [
        "Wed 04 10:00 [alice] 🔔 Sync — in 1 day (tomorrow 10:00)",
        "Thu 05 09:00 [alice] 🔔 Sync — in 1 hour (10:00)",
    ]


async def test_the_daily_agenda_lists_todays_occurrences(
    store: SqlAlchemyStore, clock: FakeClock
) -> None:
    alice = await _alice(store)
    await _sync(store, clock, alice)
    await store.tasks.add(
        alice.id, "water plants", _at(2, 9), "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0"
    )
    day = "☀️ Your day — Monday 9 March\n\nEvents:\n• 10:00 Sync\n\nTasks due:\n• 1. water plants"
    assert await agenda_text(store, alice, _at(9, 7)) == day + " (overdue)"
    await store.tasks.complete(alice.id, 1, _at(9, 7))
    assert await agenda_text(store, alice, _at(9, 7)) == day, "last week's done: today's is due"
    await store.tasks.complete(alice.id, 1, _at(9, 9, 30))
    assert "water plants" not in await agenda_text(store, alice, _at(9, 10))
    tuesday = await agenda_text(store, alice, _at(10, 7))
    assert tuesday == "☀️ Your day — Tuesday 10 March\nNothing planned today."
