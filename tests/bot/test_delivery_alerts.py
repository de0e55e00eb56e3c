"""Event alerts at each user's offsets, recomputed on move and cancel; the daily agenda."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.models import DeliveryKind
from tests.helpers.bot import Harness


async def _alert_times(harness: Harness) -> list[str]:
    """When each pending alert will go out, by running the loop to the end."""
    times = []
    while (due := await harness.store.deliveries.next_due()) is not None:
        harness.clock.set(due)
        for reply in await harness.deliver():
            times.append(f"{due:%d %H:%M} {reply.text}")
    return times


async def test_default_alerts_a_day_an_hour_and_ten_minutes_before(harness: Harness) -> None:
    alice = harness.user()
    reply = await alice.says("/event 2026-03-04 15:00 - Dentist @ Main St")
    assert reply.text.startswith("Added event 1.")
    assert await _alert_times(harness) == [
        "03 15:00 🔔 Dentist @ Main St — in 1 day (tomorrow 15:00)",
        "04 14:00 🔔 Dentist @ Main St — in 1 hour (15:00)",
        "04 14:50 🔔 Dentist @ Main St — in 10 minutes (15:00)",
    ]


async def test_only_offsets_still_ahead_are_armed(harness: Harness) -> None:
    await harness.user().says("/event 2026-03-02 08:30 - Standup")
    assert await _alert_times(harness) == ["02 08:20 🔔 Standup — in 10 minutes (08:30)"]


async def test_alert_offsets_are_per_user_and_recompute_coming_events(harness: Harness) -> None:
    alice, bob = harness.user("alice"), harness.user("bob")
    await alice.says("/event 2026-03-03 18:00 - Dinner")
    await bob.says("/event 2026-03-03 18:00 - Gym")
    reply = await alice.says("/alerts 2h 15m")
    assert reply.text == "OK, I'll alert you before each event: 2 hours, 15 minutes."
    assert "2 hours, 15 minutes" in (await alice.says("/alerts")).text
    assert "Give up to" in (await alice.says("/alerts soon")).text
    texts = [t.split(" 🔔 ")[1] for t in await _alert_times(harness)]
    assert texts == [
        "Gym — in 1 day (tomorrow 18:00)",
        "Dinner — in 2 hours (18:00)",
        "Gym — in 1 hour (18:00)",
        "Dinner — in 15 minutes (18:00)",
        "Gym — in 10 minutes (18:00)",
    ]


async def test_moving_an_event_moves_its_alerts_and_cancelling_drops_them(
    harness: Harness,
) -> None:
    alice = harness.user()
    await alice.says("/event 2026-03-04 15:00 - Dentist")
    await alice.says("/event 2026-03-05 10:00 - Haircut")
    reply = await alice.says("/moveevent 1 2026-03-06 09:30")
    assert reply.text.startswith("Moved event 1. Fri 6 Mar 09:30")
    assert "no event number 9" in (await alice.says("/moveevent 9 2026-03-06 09:30")).text
    assert "Cancelled event: Haircut" in (await alice.says("/cancelevent 2")).text
    assert await _alert_times(harness) == [
        "05 09:30 🔔 Dentist — in 1 day (tomorrow 09:30)",
        "06 08:30 🔔 Dentist — in 1 hour (09:30)",
        "06 09:20 🔔 Dentist — in 10 minutes (09:30)",
    ]


async def test_alert_buttons_record_acknowledgement_and_snooze_ten_minutes(
    harness: Harness,
) -> None:
    alice = harness.user()
    await alice.says("/event 2026-03-02 09:00 - Call")
    harness.clock.set(datetime(2026, 3, 2, 8, 50, tzinfo=ZoneInfo("UTC")))
    [alert] = await harness.deliver()
    assert [b.label for b in alert.buttons[0]] == ["Got it", "Snooze (10 min)"]
    got_it, snooze = (b.data for b in alert.buttons[0])
    pending = await harness.store.deliveries.unacknowledged(
        (DeliveryKind.ALERT,), harness.clock.now() + timedelta(seconds=1)
    )
    assert len(pending) == 1 and pending[0].sent_at == harness.clock.now()
    assert "isn't valid" in (await harness.user("bob").presses(got_it)).text
    reply = await alice.presses(snooze)
    assert reply.toast == "Snoozed 10 min"
    assert await harness.store.deliveries.unacknowledged((DeliveryKind.ALERT,), alert_end()) == []
    harness.clock.advance(minutes=10)
    [again] = await harness.deliver()
    assert again.text == "🔔 Call — starting now (09:00)"
    assert (await alice.presses(again.buttons[0][0].data)).text == "✓ Call — got it"
    assert await harness.store.deliveries.unacknowledged((DeliveryKind.ALERT,), alert_end()) == []


def alert_end() -> datetime:
    return datetime(2026, 3, 3, tzinfo=ZoneInfo("UTC"))


async def test_alerts_missed_while_down_collapse_into_one(harness: Harness) -> None:
    await harness.user().says("/event 2026-03-03 12:00 - Review")
    harness.clock.set(datetime(2026, 3, 3, 11, 55, tzinfo=ZoneInfo("UTC")))
    assert [r.text for r in await harness.deliver()] == ["🔔 Review — in 5 minutes (12:00)"]
    assert await harness.store.deliveries.next_due() is None


async def test_daily_agenda_lists_the_day_and_rolls_to_the_next_across_dst(
    harness: Harness,
) -> None:
    alice = harness.user()
    await alice.says("/tz Europe/London")
    harness.clock.set(datetime(2026, 3, 27, 12, 0, tzinfo=ZoneInfo("UTC")))  # DST starts 29th
    reply = await alice.says("/agenda 8:00")
    assert "every day at 08:00" in reply.text and "tomorrow 08:00" in reply.text
    await alice.says("/alerts off")
    await alice.says("/event 2026-03-29 14:00 - Lunch @ Mum's")
    await alice.says("/remind 2026-03-29 18:00 call Sam")
    sent = []
    for _ in range(4):
        due = await harness.store.deliveries.next_due()
        assert due is not None
        harness.clock.set(due)
        sent += [(due, r.text) for r in await harness.deliver()]
    london = ZoneInfo("Europe/London")
    assert [f"{d.astimezone(london):%d %H:%M}" for d, _ in sent] == [
        "28 08:00",
        "29 08:00",
        "29 18:00",
        "30 08:00",
    ]
    assert [f"{d:%H:%M}" for d, _ in sent] == ["08:00", "07:00", "17:00", "07:00"]
    assert sent[0][1] == "☀️ Your day — Saturday 28 March\nNothing planned today."
    assert sent[1][1] == (
        "☀️ Your day — Sunday 29 March\n\nEvents:\n• 14:00 Lunch @ Mum's"
        "\n\nReminders:\n• 18:00 call Sam"
    )
    assert "off" in (await alice.says("/agenda off")).text
    assert "is off" in (await alice.says("/agenda")).text
    assert await harness.store.deliveries.next_due() is None
