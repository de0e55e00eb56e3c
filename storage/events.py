"""Events and appointments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.messages import Target
from bot.models import DeliveryKind, Event
from storage.alerts import arm_attending, arm_event, offsets
from storage.deliveries import cancel_pending
from storage.numbering import add_numbered
from storage.tables import EventRow, UserRow


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
        *,
        now: datetime | None = None,
    ) -> Event:
        """Store an event with, in the same transaction, its alerts still to come."""
        async with self._sessions.begin() as session:
            values = {
                "user_id": user_id,
                "title": title,
                "start_at": start_at,
                "end_at": end_at,
                "place": place,
                "cancelled": False,
                "channel": target.channel,
                "chat_id": target.chat_id,
                "created_at": datetime.now(UTC),
            }
            row = await session.run_sync(
                add_numbered, EventRow, values, EventRow.cancelled.is_(False)
            )
            await arm_event(session, row, now or datetime.now(UTC))
            return to_event(row)

    async def between(self, user_id: int, start: datetime, end: datetime) -> Sequence[Event]:
        return await self._starting(user_id, EventRow.start_at >= start, EventRow.start_at < end)

    async def upcoming(self, user_id: int, after: datetime) -> Sequence[Event]:
        return await self._starting(user_id, EventRow.start_at >= after)

    async def _starting(self, user_id: int, *when: ColumnElement[bool]) -> Sequence[Event]:
        """The user's live events whose start meets `when`, earliest first."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(EventRow)
                .where(EventRow.user_id == user_id, EventRow.cancelled.is_(False), *when)
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

    async def move(
        self,
        user_id: int,
        number: int,
        start_at: datetime,
        end_at: datetime | None,
        *,
        now: datetime,
    ) -> Event | None:
        """Move an event and recompute its alerts; without a new end, the length is kept."""
        async with self._sessions.begin() as session:
            row = await self._live(session, user_id, number)
            if row is None:
                return None
            if end_at is None and row.end_at is not None:
                end_at = row.end_at + (start_at - row.start_at)
            row.start_at, row.end_at = start_at, end_at
            await arm_event(session, row, now)
            return to_event(row)

    async def by_id(self, event_id: int) -> Event | None:
        async with self._sessions() as session:
            row = await session.get(EventRow, event_id)
            return None if row is None else to_event(row)

    async def alert_offsets(self, user_id: int) -> tuple[int, ...]:
        """Minutes before each event at which the user is alerted, largest first."""
        async with self._sessions() as session:
            return await offsets(session, user_id)

    async def set_alert_offsets(
        self, user_id: int, minutes: Sequence[int], *, now: datetime
    ) -> None:
        """Store the user's alert offsets and recompute their alerts of coming events.

        Both their own events and those they are going to.
        """
        text = ",".join(str(m) for m in sorted(set(minutes), reverse=True))
        async with self._sessions.begin() as session:
            await session.execute(
                update(UserRow).where(UserRow.id == user_id).values(alert_offsets=text)
            )
            rows = await session.scalars(
                select(EventRow).where(
                    EventRow.user_id == user_id,
                    EventRow.cancelled.is_(False),
                    EventRow.start_at > now,
                )
            )
            for row in rows.all():
                await arm_event(session, row, now)
            await arm_attending(session, user_id, now)

    @staticmethod
    async def _live(session: AsyncSession, user_id: int, number: int) -> EventRow | None:
        return await session.scalar(
            select(EventRow).where(
                EventRow.user_id == user_id,
                EventRow.number == number,
                EventRow.cancelled.is_(False),
            )
        )
