"""Answers to group events (RSVP); the people going are the event's attendees."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import Event, Rsvp, RsvpChoice
from storage.events import to_event
from storage.tables import EventRow, RsvpRow


class SqlAlchemyRsvpRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def event(self, event_id: int) -> Event | None:
        async with self._sessions() as session:
            row = await session.get(EventRow, event_id)
            return None if row is None else to_event(row)

    async def vote(self, event_id: int, user_id: int, name: str, choice: RsvpChoice) -> None:
        try:
            await self._upsert(event_id, user_id, name, choice)
        except IntegrityError:
            # The same person's two presses raced to insert; the second one updates.
            await self._upsert(event_id, user_id, name, choice)

    async def _upsert(self, event_id: int, user_id: int, name: str, choice: RsvpChoice) -> None:
        async with self._sessions.begin() as session:
            row = await session.scalar(
                select(RsvpRow).where(RsvpRow.event_id == event_id, RsvpRow.user_id == user_id)
            )
            if row is None:
                session.add(
                    RsvpRow(
                        event_id=event_id,
                        user_id=user_id,
                        name=name,
                        choice=choice.value,
                        answered_at=datetime.now(UTC),
                    )
                )
            else:
                row.name, row.choice = name, choice.value

    async def answers(self, event_id: int) -> Sequence[Rsvp]:
        async with self._sessions() as session:
            rows = await session.scalars(
                select(RsvpRow).where(RsvpRow.event_id == event_id).order_by(RsvpRow.id)
            )
            return [Rsvp(r.event_id, r.user_id, r.name, RsvpChoice(r.choice)) for r in rows]

    async def going(self, event_id: int) -> Sequence[int]:
        async with self._sessions() as session:
            rows = await session.scalars(
                select(RsvpRow.user_id)
                .where(RsvpRow.event_id == event_id, RsvpRow.choice == RsvpChoice.GOING.value)
                .order_by(RsvpRow.id)
            )
            return list(rows)
