"""Reminders delivered on time, across DST, after downtime, snoozed, paused, ended."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.messages import Reply, Target
from bot.models import DeliveryKind, Reminder
from storage.store import SqlAlchemyStore
from tests.helpers.bot import Harness, build_harness, make_settings
from tests.helpers.clock import FakeClock


async def _reminder(
    harness: Harness,
    due: datetime,
    rrule: str | None = None,
    zone: str = "UTC",
    text: str = "standup",
) -> Reminder:
    alice = harness.user()
    await alice.says(f"/tz {zone}")
    return await harness.store.reminders.add(
        1, text, due, rrule, zone, Target("console", "chat-alice")
    )


def _local_times(replies_at: list[datetime], zone: str) -> list[str]:
    return [at.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M") for at in replies_at]


async def test_a_reminder_is_delivered_at_its_time_and_not_before(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("remind me in 10 min to stretch")
    harness.clock.advance(minutes=9, seconds=59)
    assert await harness.deliver() == []
    harness.clock.advance(seconds=1)
    [reply] = await harness.deliver()
    assert reply.text == "⏰ Reminder: stretch"
    labels = [b.label for row in reply.buttons for b in row]
    assert labels == ["Done", "Snooze 20 min", "1 hour", "3 hours", "Tomorrow", "Next week"]
    assert all(len(b.data.encode()) <= 64 for row in reply.buttons for b in row)
    assert await harness.deliver() == []


@pytest.mark.parametrize("zone", ["Europe/London", "America/New_York"])
async def test_daily_nine_stays_nine_local_across_the_dst_change(
    harness: Harness, zone: str
) -> None:
    tz = ZoneInfo(zone)
    first = datetime(2026, 3, 5, 9, 0, tzinfo=tz)  # both zones spring forward in March
    harness.clock.set(first - timedelta(hours=1))
    await _reminder(harness, first.astimezone(UTC), "FREQ=DAILY", zone)
    fired: list[datetime] = []
    for _ in range(30):
        due = await harness.store.deliveries.next_due()
        assert due is not None
        harness.clock.set(due)
        assert len(await harness.deliver()) == 1
        fired.append(due)
    local = _local_times(fired, zone)
    assert all(t.endswith(" 09:00") for t in local), local
    assert len(set(local)) == 30
    offsets = {at.astimezone(tz).utcoffset() for at in fired}
    assert len(offsets) == 2  # the series really crossed the change


async def test_snoozing_a_recurring_occurrence_leaves_the_series_alone(harness: Harness) -> None:
    start = harness.clock.now() + timedelta(hours=1)
    await _reminder(harness, start, "FREQ=DAILY")
    harness.clock.set(start)
    [delivered] = await harness.deliver()
    snooze_3h = delivered.buttons[1][0].data
    reply = await harness.user().presses(snooze_3h)
    assert "snoozed until today 12:00" in reply.text
    [reminder] = await harness.store.reminders.list_active(1)
    assert reminder.due_at == start + timedelta(days=1)  # the series did not move
    harness.clock.advance(hours=3)
    [again] = await harness.deliver()
    assert again.text == "⏰ Reminder: standup"
    harness.clock.set(start + timedelta(days=1))
    assert [r.text for r in await harness.deliver()] == ["⏰ Reminder: standup"]


async def test_snooze_by_text_after_a_delivery(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("remind me in 5 min to drink water")
    harness.clock.advance(minutes=5)
    assert len(await harness.deliver()) == 1
    reply = await alice.says("snooze 45m")
    assert "snoozed until today 08:50" in reply.text
    harness.clock.advance(minutes=44)
    assert await harness.deliver() == []
    harness.clock.advance(minutes=1)
    assert [r.text for r in await harness.deliver()] == ["⏰ Reminder: drink water"]


async def test_downtime_sends_one_late_catch_up_then_continues_on_schedule(
    harness: Harness,
) -> None:
    start = harness.clock.now() + timedelta(hours=1)  # 09:00 UTC, Monday
    await _reminder(harness, start, "FREQ=DAILY")
    await _reminder(harness, start + timedelta(minutes=30), text="call the bank")
    harness.clock.set(start + timedelta(days=3, hours=2))  # down for three days
    replies = await harness.deliver()
    assert sorted(r.text for r in replies) == [
        "⏰ Reminder: call the bank (late by 3 days 1 h)",
        "⏰ Reminder: standup (late by 3 days 2 h)",
    ]
    assert await harness.deliver() == []
    assert await harness.store.deliveries.next_due() == start + timedelta(days=4)


async def test_done_button_ends_a_one_off_and_forged_or_foreign_presses_do_nothing(
    harness: Harness,
) -> None:
    alice, bob = harness.user("alice"), harness.user("bob")
    await alice.says("remind me in 5 min to water plants")
    await bob.says("hello")
    harness.clock.advance(minutes=5)
    [delivered] = await harness.deliver()
    done = delivered.buttons[0][0].data
    forged = done.replace(":", "9:", 1)
    assert "isn't valid" in (await alice.presses(forged)).text
    assert "isn't valid" in (await bob.presses(done)).text
    sent = await harness.store.deliveries.last_sent(1, (DeliveryKind.REMINDER,))
    assert sent is not None and sent.acknowledged_at is None
    harness.clock.advance(minutes=1)
    reply = await alice.presses(done, message_id="77")
    assert reply.text == "✓ water plants — done"
    assert reply.edit == "77"
    acknowledged = await harness.store.deliveries.get(sent.id)
    assert acknowledged is not None and acknowledged.acknowledged_at == harness.clock.now()


@pytest.mark.parametrize(
    ("rule", "expected"),
    [("FREQ=DAILY;COUNT=3", 3), ("FREQ=DAILY;UNTIL=20260305T090000Z", 4)],
)
async def test_count_and_until_end_a_series(harness: Harness, rule: str, expected: int) -> None:
    start = harness.clock.now() + timedelta(hours=1)
    await _reminder(harness, start, rule)
    sent = 0
    while (due := await harness.store.deliveries.next_due()) is not None:
        harness.clock.set(due)
        sent += len(await harness.deliver())
    assert sent == expected
    assert await harness.store.reminders.list_active(1) == []


async def test_pause_skips_occurrences_and_resume_continues_from_the_next(
    harness: Harness,
) -> None:
    start = harness.clock.now() + timedelta(hours=1)
    await _reminder(harness, start, "FREQ=DAILY")
    alice = harness.user()
    assert "Paused reminder: standup" in (await alice.says("/pause 1")).text
    harness.clock.set(start + timedelta(days=2, hours=1))
    assert await harness.deliver() == []
    assert "[paused]" in (await alice.says("/reminders")).text
    assert "Resumed reminder: standup" in (await alice.says("/resume 1")).text
    assert await harness.deliver() == []
    assert await harness.store.deliveries.next_due() == start + timedelta(days=3)


async def test_a_failing_channel_is_retried_then_the_owner_is_told(harness: Harness) -> None:
    failing = FlakyChannel(failures=100)
    harness.core.add_channel(failing)
    alice = harness.user()
    await alice.says("remind me in 5 min to stretch")
    for _ in range(10):
        due = await harness.store.deliveries.next_due()
        if due is None:
            break
        harness.clock.set(max(due, harness.clock.now()))
        await harness.core.delivery.run_due()
    assert failing.calls == harness.core.delivery.max_attempts
    reply = await alice.says("/reminders")
    assert reply.text.startswith("⚠️ I couldn't deliver some messages to you:")
    assert "reminder “stretch”" in reply.text and "platform is down" in reply.text
    assert "couldn't deliver" not in (await alice.says("/reminders")).text


async def test_an_unreachable_chat_stops_receiving_sends(harness: Harness) -> None:
    gone = FlakyChannel(unreachable=True)
    harness.core.add_channel(gone)
    alice = harness.user()
    await alice.says("remind me in 5 min to stretch")
    await alice.says("remind me in 6 min to sit")
    harness.clock.advance(minutes=10)
    await harness.core.delivery.run_due()
    assert gone.calls == 1
    assert await harness.store.deliveries.next_due() is None
    [identity] = await harness.store.users.identities(1)
    assert identity.reachable is False


async def test_series_to_an_unreachable_chat_keep_their_next_occurrences(
    harness: Harness,
) -> None:
    gone = FlakyChannel(unreachable=True)
    harness.core.add_channel(gone)
    alice = harness.user()
    await alice.says("remind me every day at 9:00 to stretch")
    await alice.says("remind me every day at 9:00 to drink water")
    due = await harness.store.deliveries.next_due()
    assert due is not None
    harness.clock.set(due)
    assert await harness.core.delivery.run_due() == 2
    assert gone.calls == 1, "the chat refused once; its other message is not tried again"
    assert await harness.store.deliveries.next_due() == due + timedelta(days=1)
    [identity] = await harness.store.users.identities(1)
    assert identity.reachable is False


async def test_a_platform_asking_to_wait_gets_its_wait_from_its_answer_on(
    harness: Harness,
) -> None:
    """A 429 answered 3 s into a send: nobody sends before its `retry_after` from then."""
    harness.core.add_channel(FloodedChannel(harness.clock, answered_after=3, retry_after=30))
    alice = harness.user()
    await alice.says("remind me in 5 min to stretch")
    harness.clock.advance(minutes=5)
    assert await harness.deliver() == []
    answered = harness.clock.now()
    assert await harness.store.deliveries.next_due() == answered + timedelta(seconds=30)
    harness.clock.advance(seconds=29)
    assert await harness.store.deliveries.claim_due(harness.clock.now(), 60, 10) == []


async def test_a_delivery_being_sent_is_held_for_the_configured_lease(
    sqlite_store: SqlAlchemyStore, tmp_path: Path, clock: FakeClock
) -> None:
    """`DELIVERY_LEASE_SECONDS`: how long no other replica may take what this one sends."""
    harness = build_harness(sqlite_store, make_settings(tmp_path, delivery_lease_seconds=5), clock)
    held: list[datetime | None] = []

    class Peeking:
        name = "console"

        async def send(self, target: Target, reply: Reply) -> str:
            held.append(await sqlite_store.deliveries.next_due())
            return "1"

    harness.core.add_channel(Peeking())
    await harness.user().says("remind me in 5 min to stretch")
    clock.advance(minutes=5)
    await harness.core.delivery.run_due()
    assert held == [clock.now() + timedelta(seconds=5)]


class FloodedChannel:
    """The console channel of a platform that answers, after a while, "wait"."""

    name = "console"

    def __init__(self, clock: FakeClock, answered_after: float, retry_after: float) -> None:
        self.clock = clock
        self.answered_after = answered_after
        self.retry_after = retry_after

    async def send(self, target: Target, reply: Reply) -> str:
        from bot.ports import SlowDown

        self.clock.advance(seconds=self.answered_after)
        raise SlowDown(self.retry_after)


class FlakyChannel:
    """The console channel, failing the way a platform does."""

    name = "console"

    def __init__(self, failures: int = 0, unreachable: bool = False) -> None:
        self.failures, self.unreachable, self.calls = failures, unreachable, 0

    async def send(self, target: Target, reply: Reply) -> str:
        from bot.ports import Unreachable

        self.calls += 1
        if self.unreachable:
            raise Unreachable("bot was blocked by the user")
        if self.calls <= self.failures:
            raise ConnectionError("platform is down")
        return str(self.calls)


async def test_the_daily_retention_job_purges_the_log_older_than_the_setting(
    harness: Harness,
) -> None:
    from bot.scheduler import Scheduler

    alice = harness.user()
    await alice.says("hello")
    harness.clock.advance(days=31)
    await alice.says("hello again")
    scheduler = Scheduler(harness.core.delivery, harness.clock, retention_days=30)
    assert await scheduler.purge_log() == 2  # the first message and its answer
    assert await scheduler.purge_log() == 0
