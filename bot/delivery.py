"""The delivery loop: claim what is due, send it through its channel, record the outcome.

The database is the source of truth. Due deliveries are claimed in batches with a lease, then
sent one after another, and each is recorded as sent (together with the arming of what follows
it) before the next is sent. A process that dies after the platform accepted a message but
before the record leaves that one delivery to be sent again when its lease expires: at most one
duplicate per crash, and nothing lost. `record_every` above 1 records sent deliveries in groups
(one transaction each), and `concurrency` above 1 sends several at once: both trade that bound
for throughput, to at most `max(record_every, concurrency)` duplicates per crash.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

import structlog

from bot import metrics
from bot.agenda import agenda_text, next_agenda, parse_clock
from bot.buttons import ButtonSigner
from bot.clock import Clock
from bot.handlers.alerts import alert_buttons
from bot.handlers.reminders import delivery_buttons
from bot.handlers.tasks import task_buttons
from bot.mail.copies import MailCopies
from bot.messages import Reply, Target
from bot.models import Delivery, DeliveryKind, Reminder, ReminderStatus, SentRecord
from bot.notices import alert_text, late_suffix, reminder_text, task_text
from bot.ports import Channel, SlowDown, Store, Unreachable
from bot.recurrence import next_occurrence

log = structlog.get_logger(__name__)

# An alert is not worth sending once its event is this far past its start (when it has no end).
ALERT_STALE_AFTER = timedelta(hours=1)
MAX_BACKOFF_SECONDS = 600


@dataclass(frozen=True, slots=True)
class Notice:
    """A rendered delivery and, for a series, when its next one is due."""

    reply: Reply
    following: datetime | None = None


@dataclass(frozen=True, slots=True)
class Skip:
    """A claimed delivery not to send: its item is gone, paused, or superseded."""

    reason: str


class DeliveryLoop:
    def __init__(
        self,
        store: Store,
        channels: Mapping[str, Channel],
        clock: Clock,
        signer: ButtonSigner,
        *,
        batch: int = 500,
        lease_seconds: float = 60.0,
        max_attempts: int = 5,
        concurrency: int = 1,
        record_every: int = 1,
        mail: MailCopies | None = None,
    ) -> None:
        self.store = store
        self.channels = channels
        self.clock = clock
        self.signer = signer
        self.batch = batch
        self.lease_seconds = lease_seconds
        self.max_attempts = max_attempts
        self.concurrency = max(concurrency, 1)
        self.record_every = max(record_every, 1)
        self.mail = mail

    async def run_due(self) -> int:
        """Deliver everything due now; returns how many deliveries were handled."""
        handled = 0
        while True:
            claimed = await self.store.deliveries.claim_due(
                self.clock.now(), self.lease_seconds, self.batch
            )
            handled += await self._run_batch(claimed)
            if len(claimed) < self.batch:
                return handled

    async def _run_batch(self, claimed: Sequence[Delivery]) -> int:
        # Stop well inside the lease, so no other process can take a row we are still sending.
        deadline = time.monotonic() + self.lease_seconds / 2
        reminders = await self.store.reminders.by_ids(
            [d.ref_id for d in claimed if d.kind in (DeliveryKind.REMINDER, DeliveryKind.SNOOZED)]
        )
        superseded = _superseded_alerts(claimed)
        gone: dict[tuple[str, str], str] = {}
        sent: list[SentRecord] = []
        for start in range(0, len(claimed), self.concurrency):
            if time.monotonic() > deadline:
                await self._record(sent)
                await self.store.deliveries.release([d.id for d in claimed[start:]])
                return start
            chunk = claimed[start : start + self.concurrency]
            outcomes = await asyncio.gather(
                *(self._deliver(d, reminders, superseded, gone) for d in chunk),
                return_exceptions=True,
            )
            for delivery, outcome in zip(chunk, outcomes, strict=True):
                if isinstance(outcome, BaseException):
                    # Its lease runs out and it is tried again; the rest of the batch goes on.
                    log.error("delivery_failed", delivery=delivery.id, error=repr(outcome))
                elif outcome is not None:
                    sent.append(outcome)
            if len(sent) >= self.record_every:
                await self._record(sent)
        await self._record(sent)
        return len(claimed)

    async def _record(self, sent: list[SentRecord]) -> None:
        await self.store.deliveries.mark_sent_many(sent)
        sent.clear()

    async def _deliver(
        self,
        delivery: Delivery,
        reminders: Mapping[int, Reminder],
        superseded: set[int],
        gone: dict[tuple[str, str], str],
    ) -> SentRecord | None:
        """Send one delivery; what to record if the platform accepted it."""
        now = self.clock.now()
        if delivery.id in superseded:
            await self.store.deliveries.discard(
                delivery.id, "a later alert of the event is due", at=now
            )
            return None
        rendered = await self._render(delivery, reminders.get(delivery.ref_id), now)
        if isinstance(rendered, Skip):
            await self.store.deliveries.discard(delivery.id, rendered.reason, at=now)
            return None
        refused = gone.get((delivery.channel, delivery.chat_id))
        if refused is not None:
            # That chat refused a message of this batch already: this one fails the same way.
            _count(delivery, "failed")
            await self.store.deliveries.mark_failed(
                delivery.id, refused, rendered.following, at=now
            )
            return None
        channel = self.channels.get(delivery.channel)
        if channel is None:
            await self._retry(delivery, rendered, now, f"channel {delivery.channel} is not running")
            return None
        try:
            message_id = await channel.send(
                Target(delivery.channel, delivery.chat_id), rendered.reply
            )
        except Unreachable as error:
            # Unreachable is the chat's state until the person writes again, not the end of a
            # series: this occurrence fails (and is reported then), the next one stays due.
            refused = f"unreachable: {error}"
            _count(delivery, "failed")
            gone[(delivery.channel, delivery.chat_id)] = refused
            await self.store.users.set_reachable(delivery.channel, delivery.chat_id, False)
            await self.store.deliveries.mark_failed(
                delivery.id, refused, rendered.following, at=now
            )
            return None
        except SlowDown as pause:
            # Held in a send, it would outlive its lease and another process would send it
            # too: it is given back, for nobody to take before the platform is ready. The
            # wait counts from the platform's answer, not from when the send began.
            log.info("delivery_postponed", delivery=delivery.id, seconds=pause.seconds)
            await self.store.deliveries.postpone(
                delivery.id, self.clock.now() + timedelta(seconds=pause.seconds)
            )
            return None
        except Exception as error:
            log.warning("send_failed", delivery=delivery.id, error=repr(error))
            await self._retry(delivery, rendered, now, repr(error))
            return None
        _count(delivery, "sent")
        metrics.LATENESS.labels(delivery.kind.value).observe(
            max((now - delivery.due_at).total_seconds(), 0.0)
        )
        return SentRecord(delivery.id, message_id, now, rendered.following)

    async def _retry(self, delivery: Delivery, notice: Notice, now: datetime, error: str) -> None:
        if delivery.attempts + 1 >= self.max_attempts:
            # The series goes on even when one occurrence could not be delivered.
            _count(delivery, "failed")
            await self.store.deliveries.mark_failed(delivery.id, error, notice.following, at=now)
            return
        _count(delivery, "retried")
        backoff = timedelta(seconds=min(2 ** (delivery.attempts + 2), MAX_BACKOFF_SECONDS))
        await self.store.deliveries.mark_retry(delivery.id, now + backoff, error)

    async def _render(
        self, delivery: Delivery, reminder: Reminder | None, now: datetime
    ) -> Notice | Skip:
        if delivery.kind is DeliveryKind.ALERT:
            return await self._render_alert(delivery, now)
        if delivery.kind is DeliveryKind.AGENDA:
            return await self._render_agenda(delivery, now)
        if delivery.kind is DeliveryKind.TASK:
            return await self._render_task(delivery, now)
        return self._render_reminder(delivery, reminder, now)

    async def _render_task(self, delivery: Delivery, now: datetime) -> Notice | Skip:
        task = await self.store.tasks.by_id(delivery.ref_id)
        if task is None or task.done:
            return Skip("the task is done or gone")
        buttons = task_buttons(partial(self.signer.button, delivery.user_id), delivery.id)
        return Notice(Reply(task_text(task, delivery.due_at, now), buttons))

    def _render_reminder(
        self, delivery: Delivery, reminder: Reminder | None, now: datetime
    ) -> Notice | Skip:
        stopped = {ReminderStatus.CANCELLED, ReminderStatus.DONE}
        if delivery.kind is DeliveryKind.REMINDER:
            stopped.add(ReminderStatus.PAUSED)
        if reminder is None or reminder.status in stopped:
            return Skip("the reminder is no longer active")
        following = None
        if delivery.kind is DeliveryKind.REMINDER and reminder.rrule:
            # Occurrences missed while the bot was down collapse into this one delivery.
            after = max(reminder.occurrence_at, now)
            following = next_occurrence(
                reminder.rrule, reminder.anchor_at, reminder.timezone, after
            )
        buttons = delivery_buttons(partial(self.signer.button, delivery.user_id), delivery.id)
        return Notice(Reply(reminder_text(reminder, delivery.due_at, now), buttons), following)

    async def _render_alert(self, delivery: Delivery, now: datetime) -> Notice | Skip:
        event = await self.store.events.by_id(delivery.ref_id)
        if event is None or event.cancelled:
            return Skip("the event was cancelled")
        event = event.occurring(delivery.occurrence_at)
        if now >= (event.end_at or event.start_at + ALERT_STALE_AFTER):
            return Skip("the event is over")
        user = await self.store.users.get(delivery.user_id)
        tz = ZoneInfo(user.timezone if user else "UTC")
        buttons = alert_buttons(partial(self.signer.button, delivery.user_id), delivery.id)
        if self.mail is not None:
            await self._copy(delivery, self.mail.alert(delivery, event, tz, now))
        return Notice(Reply(alert_text(event, now, tz), buttons))

    async def _render_agenda(self, delivery: Delivery, now: datetime) -> Notice | Skip:
        user = await self.store.users.get(delivery.user_id)
        at = await self.store.deliveries.agenda_at(delivery.user_id)
        clock = parse_clock(at) if at else None
        if user is None or clock is None:
            return Skip("the agenda was turned off")
        tz = ZoneInfo(user.timezone)
        following = next_agenda(clock, tz, max(delivery.due_at, now))
        text = await agenda_text(self.store, user, now) + late_suffix(delivery.due_at, now)
        if self.mail is not None:
            await self._copy(delivery, self.mail.agenda(delivery, text, tz, now))
        return Notice(Reply(text), following)

    async def _copy(self, delivery: Delivery, queued: Awaitable[None]) -> None:
        """Queue the e-mail copy; whatever goes wrong there, the chat message still goes."""
        try:
            await queued
        except Exception as error:
            log.warning("mail_copy_failed", delivery=delivery.id, error=repr(error))


def _count(delivery: Delivery, outcome: str) -> None:
    metrics.DELIVERIES.labels(delivery.kind.value, outcome).inc()


def _superseded_alerts(claimed: Sequence[Delivery]) -> set[int]:
    """Alerts overtaken by a later due alert of the same event to the same person.

    After downtime each person (the organizer, and each attendee) gets one, the latest.
    """
    latest: dict[tuple[int, int], Delivery] = {}
    for delivery in claimed:
        if delivery.kind is DeliveryKind.ALERT:
            key = (delivery.ref_id, delivery.user_id)
            best = latest.get(key)
            if best is None or delivery.due_at >= best.due_at:
                latest[key] = delivery
    return {
        d.id
        for d in claimed
        if d.kind is DeliveryKind.ALERT and latest[(d.ref_id, d.user_id)].id != d.id
    }
