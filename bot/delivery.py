"""The delivery loop: claim what is due, send it through its channel, record the outcome.

The database is the source of truth. A delivery is claimed with a lease, sent, then recorded
as sent together with the arming of the next occurrence. A process that dies after the
platform accepted a message but before the record leaves the lease to expire, and the message
is sent once more: at most one duplicate per crash, and nothing lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from functools import partial

import structlog

from bot.buttons import ButtonSigner
from bot.clock import Clock
from bot.formatting import duration_text
from bot.handlers.reminders import delivery_buttons
from bot.messages import Reply, Target
from bot.models import Delivery, DeliveryKind, ReminderStatus
from bot.ports import Channel, Store, Unreachable
from bot.recurrence import next_occurrence

log = structlog.get_logger(__name__)

LATE_AFTER = timedelta(minutes=1)


class DeliveryLoop:
    def __init__(
        self,
        store: Store,
        channels: Mapping[str, Channel],
        clock: Clock,
        signer: ButtonSigner,
        *,
        batch: int = 500,
        lease_seconds: float = 120.0,
        max_attempts: int = 5,
    ) -> None:
        self.store = store
        self.channels = channels
        self.clock = clock
        self.signer = signer
        self.batch = batch
        self.lease_seconds = lease_seconds
        self.max_attempts = max_attempts

    async def run_due(self) -> int:
        """Deliver everything due now; returns how many deliveries were handled."""
        handled = 0
        while True:
            claimed = await self.store.deliveries.claim_due(
                self.clock.now(), self.lease_seconds, self.batch
            )
            for delivery in claimed:
                await self._deliver(delivery)
            handled += len(claimed)
            if len(claimed) < self.batch:
                return handled

    async def _deliver(self, delivery: Delivery) -> None:
        channel = self.channels.get(delivery.channel)
        now = self.clock.now()
        if channel is None:
            await self._retry(delivery, now, f"channel {delivery.channel} is not running")
            return
        reply = await self._render(delivery, now)
        if reply is None:
            await self.store.deliveries.mark_failed(delivery.id, "its item no longer exists")
            return
        try:
            message_id = await channel.send(Target(delivery.channel, delivery.chat_id), reply)
        except Unreachable as gone:
            await self.store.users.set_reachable(delivery.channel, delivery.chat_id, False)
            await self.store.deliveries.mark_failed(delivery.id, f"unreachable: {gone}")
            return
        except Exception as error:
            log.warning("send_failed", delivery=delivery.id, error=repr(error))
            await self._retry(delivery, now, repr(error))
            return
        await self._record(delivery, message_id, now)

    async def _retry(self, delivery: Delivery, now: datetime, error: str) -> None:
        if delivery.attempts + 1 >= self.max_attempts:
            await self.store.deliveries.mark_failed(delivery.id, error)
            return
        backoff = timedelta(seconds=min(2 ** (delivery.attempts + 2), 600))
        await self.store.deliveries.mark_retry(delivery.id, now + backoff, error)

    async def _render(self, delivery: Delivery, now: datetime) -> Reply | None:
        if delivery.kind not in (DeliveryKind.REMINDER, DeliveryKind.SNOOZED):
            return None
        reminder = await self.store.reminders.by_id(delivery.ref_id)
        if reminder is None or reminder.status in (ReminderStatus.CANCELLED, ReminderStatus.DONE):
            return None
        late = now - delivery.due_at
        suffix = f" (late by {duration_text(late)})" if late >= LATE_AFTER else ""
        buttons = delivery_buttons(partial(self.signer.button, delivery.user_id), delivery.id)
        return Reply(f"⏰ Reminder: {reminder.text}{suffix}", buttons=buttons)

    async def _record(self, delivery: Delivery, message_id: str | None, now: datetime) -> None:
        if delivery.kind not in (DeliveryKind.REMINDER, DeliveryKind.SNOOZED):
            await self.store.deliveries.mark_sent(delivery.id, message_id, now)
            return
        following = None
        reminder = await self.store.reminders.by_id(delivery.ref_id)
        if delivery.kind is DeliveryKind.REMINDER and reminder and reminder.rrule:
            # Occurrences missed while the bot was down collapse into this one delivery.
            after = max(reminder.occurrence_at, now)
            following = next_occurrence(
                reminder.rrule, reminder.anchor_at, reminder.timezone, after
            )
        await self.store.reminders.fired(delivery.id, message_id, now, following)
