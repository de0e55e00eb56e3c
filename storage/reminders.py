"""Reminders; each active one owns exactly one pending delivery of its next occurrence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.messages import Target
from bot.models import DeliveryKind, Reminder, ReminderStatus
from storage.database import Transactions
from storage.deliveries import DELIVERIES
from storage.numbering import Numbered
from storage.pending import cancel_pending, pending_row
from storage.tables import DeliveryRow, ReminderRow

LISTED = (ReminderStatus.ACTIVE.value, ReminderStatus.PAUSED.value)


_NUMBERED = Numbered(ReminderRow, ReminderRow.status.in_(LISTED))
_ACTIVE = (
    select(ReminderRow.__table__)
    .where(ReminderRow.user_id == bindparam("user_id"), ReminderRow.status.in_(LISTED))
    .order_by(ReminderRow.due_at, ReminderRow.number)
)


def to_reminder(row: ReminderRow | Row[Any]) -> Reminder:
    return Reminder(
        id=row.id,
        user_id=row.user_id,
        number=row.number,
        text=row.text,
        due_at=row.due_at,
        occurrence_at=row.occurrence_at,
        anchor_at=row.anchor_at,
        rrule=row.rrule,
        timezone=row.timezone,
        status=ReminderStatus(row.status),
        channel=row.channel,
        chat_id=row.chat_id,
        created_at=row.created_at,
        urgent=bool(row.urgent),
    )


def pending_delivery(row: ReminderRow) -> DeliveryRow:
    return DeliveryRow(
        **pending_row(
            DeliveryKind.REMINDER, row.user_id, row.id, row.due_at, row.channel, row.chat_id
        )
    )


def _add(session: Connection, values: dict[str, Any]) -> Reminder:
    """The reminder and the delivery of its first occurrence, in one transaction."""
    row = _NUMBERED.add(session, values)
    session.execute(
        insert(DELIVERIES),
        pending_row(
            DeliveryKind.REMINDER, row.user_id, row.id, row.due_at, row.channel, row.chat_id
        ),
    )
    return to_reminder(row)


class SqlAlchemyReminderRepository:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], transactions: Transactions
    ) -> None:
        self._sessions = sessions
        self._transactions = transactions

    async def add(
        self,
        user_id: int,
        text: str,
        due_at: datetime,
        rrule: str | None,
        timezone: str,
        target: Target,
    ) -> Reminder:
        values = {
            "user_id": user_id,
            "text": text,
            "due_at": due_at,
            "occurrence_at": due_at,
            "anchor_at": due_at,
            "rrule": rrule,
            "timezone": timezone,
            "status": ReminderStatus.ACTIVE.value,
            "channel": target.channel,
            "chat_id": target.chat_id,
            "created_at": datetime.now(UTC),
        }
        return await self._transactions.write(_add, values)

    async def list_active(self, user_id: int) -> Sequence[Reminder]:
        rows = await self._transactions.rows(_ACTIVE, {"user_id": user_id})
        return [to_reminder(r) for r in rows]

    async def get(self, user_id: int, number: int) -> Reminder | None:
        async with self._sessions() as session:
            row = await listed(session, user_id, number)
            return None if row is None else to_reminder(row)

    async def by_ids(self, reminder_ids: Sequence[int]) -> dict[int, Reminder]:
        """Reminders by row id, for rendering a batch of deliveries in one query."""
        if not reminder_ids:
            return {}  # every idle wake of the delivery loop asks with none
        async with self._sessions() as session:
            rows = await session.scalars(
                select(ReminderRow).where(ReminderRow.id.in_(reminder_ids))
            )
            return {r.id: to_reminder(r) for r in rows}

    async def by_id(self, reminder_id: int) -> Reminder | None:
        async with self._sessions() as session:
            row = await session.get(ReminderRow, reminder_id)
            return None if row is None else to_reminder(row)

    async def set_status(
        self, user_id: int, number: int, status: ReminderStatus
    ) -> Reminder | None:
        async with self._sessions.begin() as session:
            row = await listed(session, user_id, number)
            if row is None:
                return None
            await self._apply_status(session, row, status)
            return to_reminder(row)

    async def rename(self, user_id: int, number: int, text: str) -> Reminder | None:
        async with self._sessions.begin() as session:
            row = await listed(session, user_id, number)
            if row is None:
                return None
            row.text = text
            return to_reminder(row)

    async def set_status_by_id(self, reminder_id: int, status: ReminderStatus) -> Reminder | None:
        async with self._sessions.begin() as session:
            row = await session.get(ReminderRow, reminder_id)
            if row is None:
                return None
            await self._apply_status(session, row, status)
            return to_reminder(row)

    async def reschedule(self, reminder_id: int, due_at: datetime) -> Reminder | None:
        async with self._sessions.begin() as session:
            row = await session.get(ReminderRow, reminder_id)
            if row is None or row.status in (ReminderStatus.CANCELLED, ReminderStatus.DONE):
                return None
            await cancel_pending(session, DeliveryKind.REMINDER, row.id)
            if row.rrule is None:
                row.occurrence_at = due_at
            row.due_at, row.status = due_at, ReminderStatus.ACTIVE.value
            session.add(pending_delivery(row))
            return to_reminder(row)

    async def repeat(
        self, reminder_id: int, rrule: str | None, due_at: datetime
    ) -> Reminder | None:
        async with self._sessions.begin() as session:
            row = await session.get(ReminderRow, reminder_id)
            if row is None or row.status in (ReminderStatus.CANCELLED, ReminderStatus.DONE):
                return None
            await cancel_pending(session, DeliveryKind.REMINDER, row.id)
            row.rrule, row.status = rrule, ReminderStatus.ACTIVE.value
            row.due_at = row.occurrence_at = row.anchor_at = due_at
            session.add(pending_delivery(row))
            return to_reminder(row)

    async def snooze_occurrence(self, reminder_id: int, due_at: datetime) -> None:
        """Deliver an already delivered occurrence again later, leaving the series as it is."""
        async with self._sessions.begin() as session:
            row = await session.get(ReminderRow, reminder_id)
            if row is None:
                return
            again = pending_delivery(row)
            again.kind, again.due_at = DeliveryKind.SNOOZED.value, due_at
            session.add(again)

    @staticmethod
    async def _apply_status(
        session: AsyncSession, row: ReminderRow, status: ReminderStatus
    ) -> None:
        row.status = status.value
        await cancel_pending(session, DeliveryKind.REMINDER, row.id)
        if status is not ReminderStatus.ACTIVE:
            # A snoozed occurrence belongs to the series: cancelling or pausing it stops it too.
            await cancel_pending(session, DeliveryKind.SNOOZED, row.id)
        if status is ReminderStatus.ACTIVE:
            session.add(pending_delivery(row))


async def listed(session: AsyncSession, user_id: int, number: int) -> ReminderRow | None:
    """The person's reminder with this number, among those /reminders lists."""
    return await session.scalar(
        select(ReminderRow).where(
            ReminderRow.user_id == user_id,
            ReminderRow.number == number,
            ReminderRow.status.in_(LISTED),
        )
    )
