"""The delivery queue: claimed with a lease so concurrent processes never send twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, type_coerce, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import Delivery, DeliveryKind, DeliveryStatus
from storage.tables import DeliveryRow, UtcDateTime

PENDING = DeliveryStatus.PENDING.value


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
    )


class SqlAlchemyDeliveryRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

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
            return sorted((to_delivery(r) for r in rows), key=lambda d: d.due_at)

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
                    DeliveryRow.status == DeliveryStatus.SENT.value,
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

    async def mark_sent(self, delivery_id: int, message_id: str | None, at: datetime) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(DeliveryRow)
                .where(DeliveryRow.id == delivery_id)
                .values(
                    status=DeliveryStatus.SENT.value,
                    message_id=message_id,
                    sent_at=at,
                    lease_until=None,
                )
            )

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

    async def mark_failed(self, delivery_id: int, error: str) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(DeliveryRow)
                .where(DeliveryRow.id == delivery_id)
                .values(
                    status=DeliveryStatus.FAILED.value,
                    lease_until=None,
                    attempts=DeliveryRow.attempts + 1,
                    error=error[:2000],
                )
            )
