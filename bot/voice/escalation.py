"""The escalation engine: call about unanswered alerts that matter, and act on the answers.

`run()` is called periodically; it looks at every sent, unacknowledged delivery of people
with a verified phone and places at most one call per delivery per attempt. The provider's
webhooks come back through `answered`, `pressed` and `status`. Every call is recorded,
including the ones dropped by policy, so the history of an alert can be read back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import structlog

from bot import metrics
from bot.clock import Clock
from bot.messages import Reply, Target
from bot.models import Delivery, DeliveryKind, ReminderStatus
from bot.ports import Channel, Store, Unreachable
from bot.reminder_answers import live, mark_done, put_off
from bot.voice import policy, speech
from bot.voice.models import (
    RETRYABLE,
    Call,
    CallOutcome,
    CallRequest,
    Unanswered,
    VoiceProfile,
)
from bot.voice.ports import VoiceProvider

log = structlog.get_logger(__name__)

SNOOZE = timedelta(minutes=10)
_MACHINE_PREFIXES = ("machine", "fax")
_STATUS_OUTCOMES = {
    "busy": CallOutcome.BUSY,
    "no-answer": CallOutcome.NO_ANSWER,
    "failed": CallOutcome.FAILED,
    "canceled": CallOutcome.FAILED,
}


@dataclass(frozen=True, slots=True)
class Subject:
    """What an alert is about, as the call speaks it and the chat names it."""

    spoken: str
    name: str
    matters: bool
    stale_at: datetime


@dataclass(frozen=True, slots=True)
class Spoken:
    """What the call says next; `menu` offers the keypad choices, otherwise it hangs up."""

    text: str
    menu: bool = False


class Escalator:
    def __init__(
        self,
        store: Store,
        channels: Mapping[str, Channel],
        clock: Clock,
        provider: VoiceProvider,
        *,
        bot_name: str = "Nudge",
        wake: Callable[[], None] = lambda: None,
    ) -> None:
        self.store = store
        self.channels = channels
        self.clock = clock
        self.provider = provider
        self.bot_name = bot_name
        self.wake = wake

    async def run(self) -> int:
        """Place the calls that are due now; returns how many were placed."""
        now = self.clock.now()
        placed = 0
        for item in await self.store.voice.unanswered(now - policy.HORIZON):
            try:
                placed += await self._consider(item, now)
            except Exception:
                log.exception("escalation_failed", delivery=item.delivery.id)
        return placed

    async def _consider(self, item: Unanswered, now: datetime) -> bool:
        delivery, profile = item.delivery, item.profile
        if now < item.sent_at + profile.wait:
            return False
        zone = ZoneInfo(await self._zone(delivery.user_id))
        subject = await self._subject(delivery, zone, now)
        if subject is None or not subject.matters:
            return False
        calls = await self.store.voice.calls_for(delivery.id)
        last = calls[-1] if calls else None
        if last is not None and not last.final:
            await self._reconcile(last, now)
            return False
        if last is not None and (last.outcome not in RETRYABLE or len(calls) > profile.retries):
            return False
        due = item.sent_at + profile.wait
        if last is not None:
            due = (last.ended_at or last.created_at) + profile.spacing
        if now < due:
            return False
        attempt = len(calls) + 1
        assert profile.phone is not None
        if now >= subject.stale_at:
            call = await self.store.voice.start_call(
                delivery.user_id, delivery.id, attempt, profile.phone, subject.spoken, now
            )
            if call is not None:
                await self.store.voice.finish(call.id, "skipped", CallOutcome.DROPPED, now)
            return False
        if policy.in_quiet_hours(now.astimezone(zone), profile.quiet):
            return False
        return await self._dial(delivery, profile, attempt, subject, now)

    async def _dial(
        self,
        delivery: Delivery,
        profile: VoiceProfile,
        attempt: int,
        subject: Subject,
        now: datetime,
    ) -> bool:
        assert profile.phone is not None
        call = await self.store.voice.start_call(
            delivery.user_id, delivery.id, attempt, profile.phone, subject.spoken, now
        )
        if call is None:
            return False
        try:
            provider_id = await self.provider.call(CallRequest(call.id, call.to, call.text))
        except Exception as error:
            log.warning("call_failed", call=call.id, error=repr(error))
            await self.store.voice.finish(call.id, "failed", CallOutcome.FAILED, now)
            return False
        await self.store.voice.dialled(call.id, provider_id)
        log.info("call_placed", call=call.id, delivery=delivery.id, attempt=attempt)
        metrics.CALLS.inc()
        return True

    async def _reconcile(self, call: Call, now: datetime) -> None:
        """Ask the provider about a call whose final status never arrived."""
        if call.provider_id is None or now - call.created_at < policy.STUCK_AFTER:
            return
        status = await self.provider.status(call.provider_id)
        await self.status(call.id, status, None)

    async def _subject(self, delivery: Delivery, zone: ZoneInfo, now: datetime) -> Subject | None:
        if delivery.kind is DeliveryKind.ALERT:
            event = await self.store.events.by_id(delivery.ref_id)
            if event is None or event.cancelled:
                return None
            event = event.occurring(delivery.occurrence_at)
            start = event.start_at.astimezone(zone)
            spoken = speech.event_alert(self.bot_name, event.title, start, event.place, now)
            matters = policy.alert_matters(delivery.due_at, event.start_at)
            return Subject(spoken, event.title, matters, event.start_at)
        if delivery.kind not in (DeliveryKind.REMINDER, DeliveryKind.SNOOZED):
            return None
        reminder = await self.store.reminders.by_id(delivery.ref_id)
        if reminder is None or reminder.status in (ReminderStatus.CANCELLED, ReminderStatus.DONE):
            return None
        spoken = speech.reminder(self.bot_name, reminder.text, delivery.due_at.astimezone(zone))
        return Subject(
            spoken, reminder.text, reminder.urgent, delivery.due_at + policy.REMINDER_STALE
        )

    async def _zone(self, user_id: int) -> str:
        user = await self.store.users.get(user_id)
        return user.timezone if user else "UTC"

    async def _local(self, user_id: int, at: datetime) -> datetime:
        return at.astimezone(ZoneInfo(await self._zone(user_id)))

    # --- what the provider reports back --------------------------------------------------

    async def answered(self, call_id: int, answered_by: str | None) -> Spoken:
        """The call was picked up: speak the alert, or leave a short message on a machine."""
        call = await self.store.voice.get_call(call_id)
        if call is None or call.final or call.outcome is not None:
            return Spoken(speech.GONE)
        delivery = await self.store.deliveries.get(call.delivery_id)
        if delivery is None or delivery.acknowledged_at is not None:
            return Spoken(speech.GONE)
        if answered_by and answered_by.startswith(_MACHINE_PREFIXES):
            now = self.clock.now()
            await self.store.voice.record_outcome(call.id, CallOutcome.MACHINE, None, now)
            return Spoken(f"{call.text} {speech.MACHINE.format(bot=self.bot_name)}")
        return Spoken(call.text, menu=True)

    async def pressed(self, call_id: int, digits: str) -> Spoken:
        """A key was pressed: update the alert exactly as the chat buttons would."""
        call = await self.store.voice.get_call(call_id)
        delivery = None if call is None else await self.store.deliveries.get(call.delivery_id)
        if call is None or delivery is None or call.outcome is not None:
            return Spoken(speech.GONE)
        key = digits.strip()[:1]
        if key not in speech.SAID:
            return Spoken(speech.NOT_UNDERSTOOD, menu=True)
        now = self.clock.now()
        done = await self._apply(delivery, key, now)
        await self.store.voice.record_outcome(call.id, done, key, now)
        self.wake()
        local = await self._local(delivery.user_id, now)
        verb = {"1": "Confirmed", "2": "Snoozed", "3": "Cancelled"}[key]
        later = f" until {local + SNOOZE:%H:%M}" if key == "2" else ""
        name = await self._name(delivery)
        await self._tell(delivery, f"📞 {verb} by phone at {local:%H:%M}{later}: {name}")
        return Spoken(speech.SAID[key])

    async def _apply(self, delivery: Delivery, key: str, now: datetime) -> CallOutcome:
        store = self.store
        await store.deliveries.acknowledge(delivery.id, now)
        if delivery.kind is DeliveryKind.ALERT:
            if key == "2":
                await store.deliveries.repeat_later(delivery.id, now + SNOOZE)
            elif key == "3":
                await store.voice.cancel_alerts(delivery.ref_id, delivery.user_id)
        else:
            reminder = await store.reminders.by_id(delivery.ref_id)
            if reminder is not None and key == "1":
                await mark_done(store, reminder)
            elif reminder is not None and live(reminder) and key == "2":
                await put_off(store, reminder, now + SNOOZE)
            elif reminder is not None and key == "3":
                await store.reminders.set_status_by_id(reminder.id, ReminderStatus.CANCELLED)
        return {"1": CallOutcome.CONFIRMED, "2": CallOutcome.SNOOZED}.get(
            key, CallOutcome.CANCELLED
        )

    async def status(self, call_id: int, status: str, answered_by: str | None) -> None:
        """A status report; a final one closes the call, and the last failure is told in chat."""
        call = await self.store.voice.get_call(call_id)
        if call is None or call.final:
            return
        now = self.clock.now()
        await self.store.voice.record_status(call.id, status, answered_by, now)
        closed = await self.store.voice.get_call(call.id)
        if closed is None or not closed.final:
            return
        outcome = closed.outcome or _STATUS_OUTCOMES.get(status)
        if outcome is None:
            machine = bool(answered_by and answered_by.startswith(_MACHINE_PREFIXES))
            outcome = CallOutcome.MACHINE if machine else CallOutcome.NO_INPUT
        await self.store.voice.finish(call.id, status, outcome, now)
        await self._report_end(closed, outcome, now)

    async def _report_end(self, call: Call, outcome: CallOutcome, now: datetime) -> None:
        delivery = await self.store.deliveries.get(call.delivery_id)
        if delivery is None or delivery.acknowledged_at is not None:
            return
        profile = await self.store.voice.profile(call.user_id)
        name = await self._name(delivery)
        local = await self._local(delivery.user_id, now)
        if outcome is CallOutcome.NO_INPUT:
            await self._tell(delivery, f"📞 I called at {local:%H:%M}; no key was pressed: {name}")
        elif outcome in RETRYABLE and call.attempt > profile.retries:
            times = f"{call.attempt} time{'s' if call.attempt != 1 else ''}"
            await self._tell(delivery, f"📞 I called {times} and couldn't reach you: {name}")

    async def _name(self, delivery: Delivery) -> str:
        if delivery.kind is DeliveryKind.ALERT:
            event = await self.store.events.by_id(delivery.ref_id)
            return event.title if event else "your alert"
        reminder = await self.store.reminders.by_id(delivery.ref_id)
        return reminder.text if reminder else "your reminder"

    async def _tell(self, delivery: Delivery, text: str) -> None:
        channel = self.channels.get(delivery.channel)
        if channel is None:
            log.warning("voice_report_unsent", channel=delivery.channel)
            return
        try:
            await channel.send(Target(delivery.channel, delivery.chat_id), Reply(text))
        except Unreachable:
            await self.store.users.set_reachable(delivery.channel, delivery.chat_id, False)
        except Exception as error:
            log.warning("voice_report_failed", error=repr(error))
