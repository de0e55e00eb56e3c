"""Answers to group events (RSVP); the people going are the event's attendees."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import Rsvp, RsvpChoice, Vote
from storage.alerts import arm_attendee, arm_attending
from storage.tables import EventRow, IdentityRow, RsvpRow


class SqlAlchemyRsvpRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def vote(
        self,
        event_id: int,
        user_id: int,
        name: str,
        choice: RsvpChoice,
        *,
        now: datetime | None = None,
    ) -> Vote:
        """Record an answer and, in the same transaction, the voter's alerts of the event."""
        try:
            return await self._vote(event_id, user_id, name, choice, now or datetime.now(UTC))
        except IntegrityError:
            # The same person's two presses raced to insert; the second one updates.
            return await self._vote(event_id, user_id, name, choice, now or datetime.now(UTC))

    async def _vote(
        self, event_id: int, user_id: int, name: str, choice: RsvpChoice, now: datetime
    ) -> Vote:
        async with self._sessions.begin() as session:
            row = await session.scalar(
                select(RsvpRow).where(RsvpRow.event_id == event_id, RsvpRow.user_id == user_id)
            )
            previous = None if row is None else RsvpChoice(row.choice)
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
                await session.flush()
            else:
                row.name, row.choice = name, choice.value
            event = await session.get(EventRow, event_id)
            if event is None:
                return Vote(previous)
            going = choice is RsvpChoice.GOING
            target = await session.run_sync(arm_attendee, event, user_id, going, now)
            return Vote(previous, target)

    async def private_chat_opened(
        self, channel: str, external_id: str, chat_id: str, *, now: datetime
    ) -> int:
        """A person started a private chat: reach them there from now on.

        Their alerts of the coming events they are going to are armed; returns how many.
        """
        async with self._sessions.begin() as session:
            user_id = await session.scalar(
                update(IdentityRow)
                .where(IdentityRow.channel == channel, IdentityRow.external_id == external_id)
                .values(chat_id=chat_id, reachable=True)
                .returning(IdentityRow.user_id)
            )
            if user_id is None:
                return 0
            return await session.run_sync(arm_attending, user_id, now)

    async def answers(self, event_id: int) -> Sequence[Rsvp]:
        async with self._sessions() as session:
            rows = await session.scalars(
                select(RsvpRow).where(RsvpRow.event_id == event_id).order_by(RsvpRow.id)
            )
            return [Rsvp(r.event_id, r.user_id, r.name, RsvpChoice(r.choice)) for r in rows]

    async def remember_card(self, event_id: int, message_id: str) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(EventRow)
                .where(EventRow.id == event_id)
                .values(card_message_id=message_id[:128])
            )

    async def card(self, event_id: int) -> str | None:
        async with self._sessions() as session:
            return await session.scalar(
                select(EventRow.card_message_id).where(EventRow.id == event_id)
            )

    async def going(self, event_id: int) -> Sequence[int]:
        async with self._sessions() as session:
            rows = await session.scalars(
                select(RsvpRow.user_id)
                .where(RsvpRow.event_id == event_id, RsvpRow.choice == RsvpChoice.GOING.value)
                .order_by(RsvpRow.id)
            )
            return list(rows)
