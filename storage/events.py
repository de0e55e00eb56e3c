"""Events and appointments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.messages import Target
from bot.models import DeliveryKind, Event
from storage.numbering import next_number
from storage.reminders import cancel_pending
from storage.tables import EventRow


def to_event(row: EventRow) -> Event:
    return Event(
        id=row.id,
        user_id=row.user_id,
        number=row.number,
        title=row.title,
        start_at=row.start_at,
        end_at=row.end_at,
        place=row.place,
        cancelled=row.cancelled,
        channel=row.channel,
        chat_id=row.chat_id,
    )


class SqlAlchemyEventRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def add(
        self,
        user_id: int,
        title: str,
        start_at: datetime,
        end_at: datetime | None,
        place: str,
        target: Target,
    ) -> Event:
        async with self._sessions.begin() as session:
            number = await next_number(session, EventRow, user_id, EventRow.cancelled.is_(False))
            row = EventRow(
                user_id=user_id,
                number=number,
                title=title,
                start_at=start_at,
                end_at=end_at,
                place=place,
                cancelled=False,
                channel=target.channel,
                chat_id=target.chat_id,
                created_at=datetime.now(UTC),
            )
            session.add(row)
            await session.flush()
            return to_event(row)

    async def between(self, user_id: int, start: datetime, end: datetime) -> Sequence[Event]:
        async with self._sessions() as session:
            rows = await session.scalars(
                select(EventRow)
                .where(
                    EventRow.user_id == user_id,
                    EventRow.cancelled.is_(False),
                    EventRow.start_at >= start,
                    EventRow.start_at < end,
                )
                .order_by(EventRow.start_at)
            )
            return [to_event(r) for r in rows]

    async def upcoming(self, user_id: int, after: datetime) -> Sequence[Event]:
        async with self._sessions() as session:
            rows = await session.scalars(
                select(EventRow)
                .where(
                    EventRow.user_id == user_id,
                    EventRow.cancelled.is_(False),
                    EventRow.start_at >= after,
                )
                .order_by(EventRow.start_at)
            )
            return [to_event(r) for r in rows]

    async def get(self, user_id: int, number: int) -> Event | None:
        async with self._sessions() as session:
            row = await self._live(session, user_id, number)
            return None if row is None else to_event(row)

    async def cancel(self, user_id: int, number: int) -> Event | None:
        async with self._sessions.begin() as session:
            row = await self._live(session, user_id, number)
            if row is None:
                return None
            row.cancelled = True
            await cancel_pending(session, DeliveryKind.ALERT, row.id)
            return to_event(row)

    @staticmethod
    async def _live(session: AsyncSession, user_id: int, number: int) -> EventRow | None:
        return await session.scalar(
            select(EventRow).where(
                EventRow.user_id == user_id,
                EventRow.number == number,
                EventRow.cancelled.is_(False),
            )
        )
