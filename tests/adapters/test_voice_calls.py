"""The voice fallback end to end: the real twilio SDK against a fake Twilio on 127.0.0.1,
signed webhooks into our HTTP app, a real database and a clock the tests move."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import insert, select

from adapters.http import create_app
from adapters.twilio_routes import twilio_routes
from adapters.twilio_voice import TwilioVoice
from bot.config import Settings
from bot.models import DeliveryKind, DeliveryStatus, ReminderStatus
from bot.voice.escalation import Escalator
from bot.voice.models import CallOutcome
from storage.store import SqlAlchemyStore
from storage.tables import DeliveryRow
from storage.voice_tables import CallRow
from tests.fakes.twilio import FakeCall, FakeTwilio, TwilioCallbacks
from tests.helpers.bot import Harness, Person, RecordingChannel, build_harness
from tests.helpers.clock import FakeClock

PUBLIC = "https://nudge.example.com/hooks"
PHONE = "+447700900123"
FROM = "+15005550006"


@dataclass
class World:
    harness: Harness
    twilio: FakeTwilio
    escalator: Escalator
    phone: TwilioCallbacks

    @property
    def clock(self) -> FakeClock:
        return self.harness.clock

    @property
    def chat(self) -> RecordingChannel:
        return self.harness.channel

    async def escalate(self) -> list[FakeCall]:
        """Run the escalation check now; return the calls Twilio was asked to place."""
        before = len(self.twilio.calls)
        await self.escalator.run()
        return self.twilio.calls[before:]

    async def verified_alice(self) -> Person:
        alice = self.harness.user("alice")
        reply = await alice.says(f"/phone {PHONE}")
        assert "texted a 6-digit code" in reply.text
        assert self.twilio.messages[-1].to == PHONE
        assert "Verified" in (await alice.says(self.twilio.codes[-1])).text
        return alice

    async def calls(self) -> list[CallRow]:
        async with self.harness.store.engine.connect() as conn:
            rows = await conn.execute(select(CallRow).order_by(CallRow.id))
            return list(rows)  # type: ignore[arg-type]


@pytest.fixture
async def world(
    sqlite_store: SqlAlchemyStore, settings: Settings, clock: FakeClock
) -> AsyncIterator[World]:
    twilio = FakeTwilio()
    base = await twilio.start()
    provider = TwilioVoice(twilio.account_sid, twilio.auth_token, FROM, PUBLIC, base)
    harness = build_harness(sqlite_store, settings, clock, voice=provider)
    escalator = Escalator(sqlite_store, harness.core.channels, clock, provider)
    app = create_app(twilio_routes(escalator, twilio.auth_token, PUBLIC))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield World(
            harness,
            twilio,
            escalator,
            TwilioCallbacks(http, twilio.auth_token, PUBLIC),
        )
    await provider.close()
    await twilio.stop()


async def _urgent_reminder_delivered(world: World, alice: Person) -> None:
    reply = await alice.says("remind me urgently in 10 minutes to call the bank")
    assert "call the bank" in reply.text and "urgent" in reply.text
    world.clock.advance(minutes=10)
    assert [r.text for r in await world.harness.deliver()] == ["⏰ Reminder: call the bank"]


def _menu(xml: str) -> tuple[list[str], list[ET.Element]]:
    root = ET.fromstring(xml)
    assert root.tag == "Response"
    said = [say.text or "" for say in root.iter("Say")]
    return said, root.findall("Gather")


async def test_unanswered_urgent_reminder_calls_after_the_wait_and_1_confirms(
    world: World,
) -> None:
    alice = await world.verified_alice()
    await _urgent_reminder_delivered(world, alice)
    world.clock.advance(minutes=4)
    assert await world.escalate() == []
    world.clock.advance(minutes=1)
    [call] = await world.escalate()
    assert (call.to, call.from_, call.machine_detection) == (PHONE, FROM, "Enable")
    assert call.url == f"{PUBLIC}/twilio/voice?call=1"
    assert call.status_callback == f"{PUBLIC}/twilio/status?call=1"
    assert "completed" in call.status_callback_events

    answered = await world.phone.answer(call)
    assert answered.status_code == 200
    said, gathers = _menu(answered.text)
    assert said[0] == "Reminder from Nudge: call the bank, due at 8:10 am."
    assert "Press 1 to confirm, 2 to snooze ten minutes, 3 to cancel." in said
    assert len(gathers) == 2  # no key: said once more, then goodbye and hang up
    assert gathers[0].get("numDigits") == "1"
    action = gathers[0].get("action")
    assert action == f"{PUBLIC}/twilio/gather?call=1"
    assert ET.fromstring(answered.text)[-1].tag == "Hangup"

    pressed = await world.phone.press(call, action, "1")
    said, gathers = _menu(pressed.text)
    assert said == ["Confirmed. Goodbye."] and gathers == []
    assert world.chat.texts[-1] == "📞 Confirmed by phone at 08:15: call the bank"
    assert "no reminders" in (await alice.says("/reminders")).text
    await world.phone.status(call, "completed", "human")
    [row] = await world.calls()
    assert (row.status, row.outcome, row.digits) == ("completed", "confirmed", "1")
    world.clock.advance(minutes=30)
    assert await world.escalate() == []


async def test_2_snoozes_ten_minutes_like_the_chat_button(world: World) -> None:
    alice = await world.verified_alice()
    await _urgent_reminder_delivered(world, alice)
    world.clock.advance(minutes=5)
    [call] = await world.escalate()
    await world.phone.answer(call)
    pressed = await world.phone.press(call, f"{PUBLIC}/twilio/gather?call=1", "2")
    assert "Snoozed for ten minutes" in pressed.text
    assert world.chat.texts[-1] == "📞 Snoozed by phone at 08:15 until 08:25: call the bank"
    world.clock.advance(minutes=9)
    assert await world.harness.deliver() == []
    world.clock.advance(minutes=1)
    assert [r.text for r in await world.harness.deliver()] == ["⏰ Reminder: call the bank"]


async def test_3_cancels_the_reminder(world: World) -> None:
    alice = await world.verified_alice()
    await _urgent_reminder_delivered(world, alice)
    world.clock.advance(minutes=5)
    [call] = await world.escalate()
    pressed = await world.phone.press(call, f"{PUBLIC}/twilio/gather?call=1", "3")
    assert "Cancelled" in pressed.text
    assert world.chat.texts[-1].startswith("📞 Cancelled by phone at 08:15")
    reminder = await world.harness.store.reminders.by_id(1)
    assert reminder is not None and reminder.status is ReminderStatus.CANCELLED


async def test_a_wrong_key_asks_again_and_changes_nothing(world: World) -> None:
    alice = await world.verified_alice()
    await _urgent_reminder_delivered(world, alice)
    world.clock.advance(minutes=5)
    [call] = await world.escalate()
    pressed = await world.phone.press(call, f"{PUBLIC}/twilio/gather?call=1", "9")
    said, gathers = _menu(pressed.text)
    assert said[0] == "Sorry, I didn't get that." and gathers
    delivery = await world.harness.store.deliveries.get(1)
    assert delivery is not None and delivery.acknowledged_at is None


async def test_no_answer_retries_up_to_the_maximum_then_says_so_in_chat(world: World) -> None:
    alice = await world.verified_alice()
    await _urgent_reminder_delivered(world, alice)
    world.clock.advance(minutes=5)
    placed: list[FakeCall] = []
    for outcome in ("no-answer", "busy", "no-answer"):
        [call] = await world.escalate()
        placed.append(call)
        await world.phone.status(call, outcome)
        world.clock.advance(minutes=4)
        assert await world.escalate() == []
        world.clock.advance(minutes=1)
    assert await world.escalate() == []
    world.clock.advance(hours=1)
    assert await world.escalate() == []
    assert len(placed) == 3
    rows = await world.calls()
    assert [(r.attempt, r.outcome) for r in rows] == [
        (1, "no_answer"),
        (2, "busy"),
        (3, "no_answer"),
    ]
    assert world.chat.texts[-1] == "📞 I called 3 times and couldn't reach you: call the bank"


async def test_answering_machine_gets_a_short_message_and_counts_as_unconfirmed(
    world: World,
) -> None:
    alice = await world.verified_alice()
    await _urgent_reminder_delivered(world, alice)
    world.clock.advance(minutes=5)
    [call] = await world.escalate()
    answered = await world.phone.answer(call, answered_by="machine_end_beep")
    said, gathers = _menu(answered.text)
    assert gathers == [] and "call the bank" in said[0] and "check your messages" in said[0]
    await world.phone.status(call, "completed", "machine_end_beep")
    [row] = await world.calls()
    assert row.outcome == CallOutcome.MACHINE
    world.clock.advance(minutes=5)
    assert len(await world.escalate()) == 1


async def test_quiet_hours_hold_the_call_until_they_end(world: World) -> None:
    alice = await world.verified_alice()
    assert "08:00–09:00" in (await alice.says("/quiet 08:00-09:00")).text
    await _urgent_reminder_delivered(world, alice)
    world.clock.advance(minutes=30)
    assert await world.escalate() == []
    world.clock.advance(minutes=20)  # 09:00, quiet hours over
    assert len(await world.escalate()) == 1


async def _event_alert(world: World, alice: Person, before: timedelta) -> None:
    """An event today at 09:00 and its alert, sent `before` the start (as the delivery
    loop records an alert it sent)."""
    reply = await alice.says("/event today 09:00 - Dentist @ Main Street")
    assert "Dentist" in reply.text
    start = world.clock.now().replace(hour=9, minute=0)
    async with world.harness.store.engine.begin() as conn:
        await conn.execute(
            insert(DeliveryRow).values(
                kind=DeliveryKind.ALERT.value,
                user_id=1,
                ref_id=1,
                due_at=start - before,
                channel="console",
                chat_id="chat-alice",
                status=DeliveryStatus.SENT.value,
                attempts=0,
                sent_at=world.clock.now(),
            )
        )


async def test_event_alert_within_the_hour_calls_and_says_when_and_where(world: World) -> None:
    alice = await world.verified_alice()
    await _event_alert(world, alice, timedelta(hours=1))
    world.clock.advance(minutes=5)
    [call] = await world.escalate()
    said, _ = _menu((await world.phone.answer(call)).text)
    assert said[0] == "Reminder from Nudge: Dentist at 9 am at Main Street, in 55 minutes."
    await world.phone.press(call, f"{PUBLIC}/twilio/gather?call=1", "1")
    assert world.chat.texts[-1] == "📞 Confirmed by phone at 08:05: Dentist"


async def test_an_event_alert_a_day_ahead_does_not_call(world: World) -> None:
    alice = await world.verified_alice()
    await _event_alert(world, alice, timedelta(days=1))
    world.clock.advance(minutes=30)
    assert await world.escalate() == []


async def test_an_alert_held_by_quiet_hours_past_the_event_start_is_dropped(
    world: World,
) -> None:
    alice = await world.verified_alice()
    await alice.says("/quiet 08:00-09:30")
    await _event_alert(world, alice, timedelta(minutes=60))
    world.clock.advance(minutes=30)
    assert await world.escalate() == []
    world.clock.advance(hours=1)  # 09:30: quiet hours over, but the dentist began at 09:00
    assert await world.escalate() == []
    [row] = await world.calls()
    assert (row.status, row.outcome) == ("skipped", "dropped")
    world.clock.advance(minutes=10)
    assert await world.escalate() == []


async def test_an_acknowledged_alert_never_calls(world: World) -> None:
    alice = await world.verified_alice()
    await alice.says("remind me urgently in 10 minutes to call the bank")
    world.clock.advance(minutes=10)
    [delivered] = await world.harness.deliver()
    await alice.presses(delivered.buttons[0][0].data)  # Done
    world.clock.advance(minutes=30)
    assert await world.escalate() == []


async def test_a_reminder_not_marked_urgent_never_calls_until_marked(world: World) -> None:
    alice = await world.verified_alice()
    reply = await alice.says("remind me in 10 minutes to water the plants")
    [[urgent_button]] = reply.buttons
    world.clock.advance(minutes=10)
    await world.harness.deliver()
    world.clock.advance(minutes=10)
    assert await world.escalate() == []
    assert "urgent" in (await alice.presses(urgent_button.data)).text
    assert len(await world.escalate()) == 1


async def test_an_unverified_number_is_never_called(world: World) -> None:
    alice = world.harness.user("alice")
    await alice.says(f"/phone {PHONE}")
    code = world.twilio.codes[-1]
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    assert "doesn't match" in (await alice.says(f"/verify {wrong}")).text
    await _urgent_reminder_delivered(world, alice)
    world.clock.advance(hours=1)
    assert await world.escalate() == []
    assert world.twilio.calls == []


async def test_an_expired_code_does_not_verify(world: World) -> None:
    alice = world.harness.user("alice")
    await alice.says(f"/phone {PHONE}")
    world.clock.advance(minutes=11)
    assert "expired" in (await alice.says(world.twilio.codes[-1])).text
    assert "not verified" in (await alice.says("/phone")).text


async def test_calls_off_means_no_calls(world: World) -> None:
    alice = await world.verified_alice()
    assert "off" in (await alice.says("/voice off")).text
    await _urgent_reminder_delivered(world, alice)
    world.clock.advance(hours=1)
    assert await world.escalate() == []


async def test_a_longer_wait_delays_the_call(world: World) -> None:
    alice = await world.verified_alice()
    assert "15 min" in (await alice.says("/voice wait 15m")).text
    await _urgent_reminder_delivered(world, alice)
    world.clock.advance(minutes=14)
    assert await world.escalate() == []
    world.clock.advance(minutes=1)
    assert len(await world.escalate()) == 1


async def test_a_forged_webhook_is_rejected_and_changes_nothing(world: World) -> None:
    alice = await world.verified_alice()
    await _urgent_reminder_delivered(world, alice)
    world.clock.advance(minutes=5)
    [call] = await world.escalate()
    fields = {"CallSid": call.sid, "Digits": "3"}
    forged = await world.phone.post("/twilio/gather?call=1", fields, signature="bm90IHNpZ25lZA==")
    assert forged.status_code == 403
    unsigned = await world.phone.http.post("/twilio/gather?call=1", data=fields)
    assert unsigned.status_code == 403
    # A genuine signature for another URL (another call) does not carry over.
    other = world.phone
    genuine = await other.post("/twilio/gather?call=2", fields)
    replayed = await other.http.post(
        "/twilio/gather?call=1",
        data=fields,
        headers={"X-Twilio-Signature": genuine.request.headers["X-Twilio-Signature"]},
    )
    assert replayed.status_code == 403
    reminder = await world.harness.store.reminders.by_id(1)
    assert reminder is not None and reminder.status is not ReminderStatus.CANCELLED
    delivery = await world.harness.store.deliveries.get(1)
    assert delivery is not None and delivery.acknowledged_at is None
    [row] = await world.calls()
    assert row.outcome is None
    assert not any("by phone" in text for text in world.chat.texts)


async def test_a_call_whose_status_never_arrives_is_asked_about(world: World) -> None:
    alice = await world.verified_alice()
    await _urgent_reminder_delivered(world, alice)
    world.clock.advance(minutes=5)
    [call] = await world.escalate()
    call.status = "no-answer"  # Twilio knows; our status callback was lost
    world.clock.advance(minutes=15)
    assert await world.escalate() == []
    [row] = await world.calls()
    assert row.outcome == "no_answer"
    world.clock.advance(minutes=5)
    assert len(await world.escalate()) == 1


async def test_provider_refusing_the_call_is_recorded_and_retried(world: World) -> None:
    alice = await world.verified_alice()
    await _urgent_reminder_delivered(world, alice)
    world.twilio.fail_calls = True
    world.clock.advance(minutes=5)
    assert await world.escalate() == []
    [row] = await world.calls()
    assert (row.status, row.outcome) == ("failed", "failed")
    world.twilio.fail_calls = False
    world.clock.advance(minutes=5)
    assert len(await world.escalate()) == 1
