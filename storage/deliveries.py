"""The delivery queue: claimed with a lease so concurrent processes never send twice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    Table,
    and_,
    bindparam,
    func,
    insert,
    or_,
    select,
    type_coerce,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from bot.messages import Target
from bot.models import Delivery, DeliveryKind, DeliveryStatus, ReminderStatus, SentRecord
from storage.alerts import arm_next
from storage.database import Transactions
from storage.pending import PENDING, cancel_pending, pending_row
from storage.tables import DeliveryRow, ReminderRow, UserRow, UtcDateTime

SENT = DeliveryStatus.SENT.value
FAILED = DeliveryStatus.FAILED.value
DELIVERIES = cast(Table, DeliveryRow.__table__)
REMINDERS = cast(Table, ReminderRow.__table__)
# What recording a handled delivery needs to arm what follows it.
_HANDLED = (
    DELIVERIES.c.kind,
    DELIVERIES.c.ref_id,
    DELIVERIES.c.user_id,
    DELIVERIES.c.occurrence_at,
)


# Recording a sent delivery is the delivery loop's hot path: its statements are built once.
_MARK_SENT = (
    update(DELIVERIES)
    .where(DELIVERIES.c.id == bindparam("b_id"), DELIVERIES.c.status != SENT)
    .values(
        status=SENT, message_id=bindparam("b_message"), sent_at=bindparam("b_at"), lease_until=None
    )
    .returning(*_HANDLED)
)
_ACTIVE_REMINDER = and_(
    REMINDERS.c.id == bindparam("b_id"), REMINDERS.c.status == ReminderStatus.ACTIVE.value
)
_FIRE_REMINDER = update(REMINDERS).where(_ACTIVE_REMINDER).values(status=ReminderStatus.FIRED.value)
_MOVE_REMINDER = (
    update(REMINDERS)
    .where(_ACTIVE_REMINDER)
    .values(due_at=bindparam("b_due"), occurrence_at=bindparam("b_due"))
    .returning(REMINDERS.c.user_id, REMINDERS.c.channel, REMINDERS.c.chat_id)
)
_ADD_DELIVERY = insert(DELIVERIES)


def to_delivery(row: DeliveryRow) -> Delivery:
    return Delivery(
        id=row.id,
        kind=DeliveryKind(row.kind),
        user_id=row.user_id,
        ref_id=row.ref_id,
        due_at=row.due_at,
        channel=row.channel,
        chat_id=row.chat_id,
        attempts=row.attempts,
        status=DeliveryStatus(row.status),
        message_id=row.message_id,
        acknowledged_at=row.acknowledged_at,
        sent_at=row.sent_at,
        error=row.error,
        occurrence_at=row.occurrence_at,
    )


def record_sent(
    session: Session,
    delivery_id: int,
    message_id: str | None,
    at: datetime,
    following: datetime | None,
) -> None:
    """Mark a delivery sent and arm what follows it, inside the caller's transaction.

    Plain synchronous SQLAlchemy, so one transaction costs one hop to SQLite's thread (see
    `SqlAlchemyDeliveryRepository.mark_sent`); async callers use `AsyncSession.run_sync`.

    A delivery already recorded as sent (by a process whose lease had lapsed) arms nothing,
    so a series never forks into two.
    """
    # Core-table statements: the ORM's session synchronisation is a third of the cost here.
    sent = session.execute(
        _MARK_SENT, {"b_id": delivery_id, "b_message": message_id, "b_at": at}
    ).first()
    if sent is not None:
        arm_following(session, DeliveryKind(sent.kind), sent.ref_id, following)
        _arm_alerts(session, [sent], at)


def _record_all(session: Session, records: Sequence[SentRecord]) -> None:
    """`record_sent` for many: a few set-wide statements instead of two per delivery."""
    if len(records) == 1:
        one = records[0]
        record_sent(session, one.delivery_id, one.message_id, one.at, one.following)
        return
    by_id = {r.delivery_id: r for r in records}
    rows = session.execute(
        select(DELIVERIES.c.id, *_HANDLED).where(
            DELIVERIES.c.id.in_(by_id), DELIVERIES.c.status != SENT
        )
    ).all()
    if not rows:
        return
    session.execute(
        update(DELIVERIES)
        .where(DELIVERIES.c.id == bindparam("b_id"))
        .values(status=SENT, message_id=bindparam("b_message"), sent_at=bindparam("b_at"))
        .values(lease_until=None),
        [{"b_id": r.id, "b_message": by_id[r.id].message_id, "b_at": by_id[r.id].at} for r in rows],
    )
    one_offs = [
        r.ref_id
        for r in rows
        if r.kind == DeliveryKind.REMINDER.value and by_id[r.id].following is None
    ]
    if one_offs:
        session.execute(
            update(REMINDERS)
            .where(REMINDERS.c.id.in_(one_offs), REMINDERS.c.status == ReminderStatus.ACTIVE.value)
            .values(status=ReminderStatus.FIRED.value)
        )
    for r in rows:
        following = by_id[r.id].following
        if following is not None:
            arm_following(session, DeliveryKind(r.kind), r.ref_id, following)
    _arm_alerts(session, rows, max(r.at for r in records))


def _arm_alerts(session: Session, handled: Sequence[Any], at: datetime) -> None:
    """After alerts are sent, failed or dropped: those of the next occurrences of a series.

    `handled` are rows of `_HANDLED`; each person's alerts of a recurring event are armed
    once none of theirs is pending any more (`arm_next`).
    """
    latest: dict[tuple[int, int], datetime | None] = {}
    for row in handled:
        if row.kind == DeliveryKind.ALERT.value:
            key = (row.ref_id, row.user_id)
            latest[key] = max(filter(None, (latest.get(key), row.occurrence_at)), default=None)
    for (event_id, user_id), occurrence in latest.items():
        arm_next(session, event_id, user_id, occurrence, at)


def arm_following(
    session: Session, kind: DeliveryKind, ref_id: int, following: datetime | None
) -> None:
    if kind is DeliveryKind.REMINDER:
        _arm_reminder(session, ref_id, following)
    elif kind is DeliveryKind.AGENDA and following is not None:
        _arm_agenda(session, ref_id, following)


def _arm_reminder(session: Session, reminder_id: int, following: datetime | None) -> None:
    if following is None:
        session.execute(_FIRE_REMINDER, {"b_id": reminder_id})
        return
    armed = session.execute(_MOVE_REMINDER, {"b_id": reminder_id, "b_due": following}).first()
    if armed is not None:
        values = pending_row(
            DeliveryKind.REMINDER,
            armed.user_id,
            reminder_id,
            following,
            armed.channel,
            armed.chat_id,
        )
        session.execute(_ADD_DELIVERY, values)


def _arm_agenda(session: Session, user_id: int, following: datetime) -> None:
    """The next day's agenda, unless the owner turned it off or another is already pending."""
    if session.scalar(select(UserRow.agenda_at).where(UserRow.id == user_id)) is None:
        return
    if _pending_agenda(session, user_id) is not None:
        return
    last = session.scalar(
        select(DeliveryRow)
        .where(DeliveryRow.kind == DeliveryKind.AGENDA.value, DeliveryRow.ref_id == user_id)
        .order_by(DeliveryRow.id.desc())
        .limit(1)
    )
    if last is not None:
        values = pending_row(
            DeliveryKind.AGENDA, user_id, user_id, following, last.channel, last.chat_id
        )
        session.execute(insert(DeliveryRow), [values])


def _pending_agenda(session: Session, user_id: int) -> int | None:
    return session.scalar(
        select(DeliveryRow.id).where(
            DeliveryRow.kind == DeliveryKind.AGENDA.value,
            DeliveryRow.ref_id == user_id,
            DeliveryRow.status == PENDING,
        )
    )


class SqlAlchemyDeliveryRepository:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], transactions: Transactions
    ) -> None:
        self._sessions = sessions
        self._transactions = transactions

    async def next_due(self) -> datetime | None:
        async with self._sessions() as session:
            earliest = func.min(func.coalesce(DeliveryRow.lease_until, DeliveryRow.due_at))
            # An aggregate loses the column type; coerce so SQLite's value comes back aware.
            wake = type_coerce(earliest, UtcDateTime())
            return await session.scalar(select(wake).where(DeliveryRow.status == PENDING))

    async def claim_due(self, now: datetime, lease_seconds: float, limit: int) -> list[Delivery]:
        due = (
            select(DeliveryRow.id)
            .where(
                DeliveryRow.status == PENDING,
                DeliveryRow.due_at <= now,
                or_(DeliveryRow.lease_until.is_(None), DeliveryRow.lease_until < now),
            )
            .order_by(DeliveryRow.due_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        claim = (
            update(DeliveryRow)
            .where(DeliveryRow.id.in_(due.scalar_subquery()))
            .values(lease_until=now + timedelta(seconds=lease_seconds))
            .returning(DeliveryRow)
        )
        async with self._sessions.begin() as session:
            rows = (await session.scalars(claim)).all()
            return sorted((to_delivery(r) for r in rows), key=lambda d: (d.due_at, d.id))

    async def release(self, delivery_ids: Sequence[int]) -> None:
        """Give claimed deliveries back unsent, for any process to claim at once."""
        if not delivery_ids:
            return
        async with self._sessions.begin() as session:
            await session.execute(
                update(DeliveryRow)
                .where(DeliveryRow.id.in_(delivery_ids), DeliveryRow.status == PENDING)
                .values(lease_until=None)
            )

    async def postpone(self, delivery_id: int, until: datetime) -> None:
        """Give a claimed delivery back unsent, for nobody to claim before `until`.

        Its lease is what keeps it: `next_due` wakes the scheduler then.
        """
        async with self._sessions.begin() as session:
            await session.execute(
                update(DeliveryRow)
                .where(DeliveryRow.id == delivery_id, DeliveryRow.status == PENDING)
                .values(lease_until=until)
            )

    async def get(self, delivery_id: int) -> Delivery | None:
        async with self._sessions() as session:
            row = await session.get(DeliveryRow, delivery_id)
            return None if row is None else to_delivery(row)

    async def last_sent(self, user_id: int, kinds: tuple[DeliveryKind, ...]) -> Delivery | None:
        async with self._sessions() as session:
            row = await session.scalar(
                select(DeliveryRow)
                .where(
                    DeliveryRow.user_id == user_id,
                    DeliveryRow.status == SENT,
                    DeliveryRow.kind.in_([k.value for k in kinds]),
                )
                .order_by(DeliveryRow.sent_at.desc(), DeliveryRow.id.desc())
                .limit(1)
            )
            return None if row is None else to_delivery(row)

    async def acknowledge(self, delivery_id: int, at: datetime) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(DeliveryRow)
                .where(DeliveryRow.id == delivery_id, DeliveryRow.acknowledged_at.is_(None))
                .values(acknowledged_at=at)
            )

    async def unacknowledged(
        self, kinds: Sequence[DeliveryKind], sent_before: datetime
    ) -> list[Delivery]:
        """Sent deliveries of these kinds nobody reacted to, sent before `sent_before`."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(DeliveryRow)
                .where(
                    DeliveryRow.status == SENT,
                    DeliveryRow.kind.in_([k.value for k in kinds]),
                    DeliveryRow.acknowledged_at.is_(None),
                    DeliveryRow.sent_at < sent_before,
                )
                .order_by(DeliveryRow.sent_at, DeliveryRow.id)
            )
            return [to_delivery(r) for r in rows]

    async def mark_sent(
        self,
        delivery_id: int,
        message_id: str | None,
        at: datetime,
        following: datetime | None = None,
    ) -> None:
        """Record a sent delivery and, in the same transaction, arm what follows it.

        `following` is the next occurrence of a recurring reminder or the next agenda; a
        one-off reminder without one is marked fired.
        """
        await self._transactions.run(record_sent, delivery_id, message_id, at, following)

    async def mark_retry(self, delivery_id: int, due_at: datetime, error: str) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(DeliveryRow)
                .where(DeliveryRow.id == delivery_id)
                .values(
                    due_at=due_at,
                    lease_until=None,
                    attempts=DeliveryRow.attempts + 1,
                    error=error[:2000],
                )
            )

    async def mark_failed(
        self,
        delivery_id: int,
        error: str,
        following: datetime | None = None,
        *,
        at: datetime | None = None,
    ) -> None:
        """Give up on a delivery; a recurring reminder or event still arms its next occurrence.

        `at` is now, from which the next occurrence's alerts are counted.
        """
        async with self._sessions.begin() as session:
            failed = (
                await session.execute(
                    update(DeliveryRow)
                    .where(DeliveryRow.id == delivery_id, DeliveryRow.status == PENDING)
                    .values(
                        status=FAILED,
                        lease_until=None,
                        attempts=DeliveryRow.attempts + 1,
                        error=error[:2000],
                    )
                    .returning(*_HANDLED)
                )
            ).first()
            if failed is not None:
                await session.run_sync(
                    arm_following, DeliveryKind(failed.kind), failed.ref_id, following
                )
                await session.run_sync(_arm_alerts, [failed], at or datetime.now(UTC))

    async def take_failures(self, user_id: int, at: datetime) -> list[Delivery]:
        """The user's failed deliveries not yet reported to them, now marked reported."""
        async with self._sessions.begin() as session:
            rows = (
                await session.scalars(
                    update(DeliveryRow)
                    .where(
                        DeliveryRow.user_id == user_id,
                        DeliveryRow.status == FAILED,
                        DeliveryRow.reported_at.is_(None),
                    )
                    .values(reported_at=at)
                    .returning(DeliveryRow)
                )
            ).all()
            return sorted((to_delivery(r) for r in rows), key=lambda d: (d.due_at, d.id))

    async def agenda_at(self, user_id: int) -> str | None:
        """The local time ("HH:MM") of the user's daily agenda, or None when it is off."""
        async with self._sessions() as session:
            return await session.scalar(select(UserRow.agenda_at).where(UserRow.id == user_id))

    async def set_agenda(
        self, user_id: int, at: str | None, first_due: datetime | None, target: Target
    ) -> None:
        """Turn the daily agenda on at local time `at` (first sent at `first_due`), or off."""
        async with self._sessions.begin() as session:
            await session.execute(update(UserRow).where(UserRow.id == user_id).values(agenda_at=at))
            await cancel_pending(session, DeliveryKind.AGENDA, user_id)
            if at is not None and first_due is not None:
                values = pending_row(
                    DeliveryKind.AGENDA, user_id, user_id, first_due, target.channel, target.chat_id
                )
                await session.execute(insert(DeliveryRow), [values])

    async def repeat_later(self, delivery_id: int, due_at: datetime) -> Delivery | None:
        """Owe the same message again at `due_at`: a new pending delivery of the same item."""
        async with self._sessions.begin() as session:
            row = await session.get(DeliveryRow, delivery_id)
            if row is None:
                return None
            again = DeliveryRow(
                **pending_row(
                    DeliveryKind(row.kind),
                    row.user_id,
                    row.ref_id,
                    due_at,
                    row.channel,
                    row.chat_id,
                    row.occurrence_at,
                )
            )
            session.add(again)
            await session.flush()
            return to_delivery(again)

    async def discard(self, delivery_id: int, reason: str, *, at: datetime | None = None) -> None:
        """Drop a claimed delivery whose item is gone or superseded; nobody is told.

        The alert of an occurrence that is over arms the next occurrence's, counted from `at`.
        """
        async with self._sessions.begin() as session:
            dropped = (
                await session.execute(
                    update(DELIVERIES)
                    .where(DELIVERIES.c.id == delivery_id, DELIVERIES.c.status == PENDING)
                    .values(
                        status=DeliveryStatus.CANCELLED.value,
                        lease_until=None,
                        error=reason[:2000],
                    )
                    .returning(*_HANDLED)
                )
            ).first()
            if dropped is not None:
                await session.run_sync(_arm_alerts, [dropped], at or datetime.now(UTC))

    async def mark_sent_many(self, records: Sequence[SentRecord]) -> None:
        """Record a group of sent deliveries, and arm what follows each, in one transaction."""
        if records:
            await self._transactions.run(_record_all, records)
