"""Training phrases for the intent router, kept in the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.overview import CLARIFIED
from storage.tables import TrainingPhraseRow

AGREEING_PEOPLE = 2


class SqlAlchemyPhraseRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def add(
        self, label: str, phrase: str, source: str, at: datetime, user_id: int | None = None
    ) -> None:
        async with self._sessions.begin() as session:
            session.add(
                TrainingPhraseRow(
                    label=label, phrase=phrase, source=source, user_id=user_id, created_at=at
                )
            )

    async def all(self) -> list[tuple[str, str]]:
        """Admins' phrases, and picks from "did you mean…?" that two or more people agree on.

        One person's click must not change how everybody's messages are understood.
        """
        row = TrainingPhraseRow
        trusted = select(row.id, row.label, row.phrase).where(row.source != CLARIFIED)
        agreed = (
            select(func.min(row.id), row.label, row.phrase)
            .where(row.source == CLARIFIED)
            .group_by(row.label, row.phrase)
            .having(func.count(func.distinct(row.user_id)) >= AGREEING_PEOPLE)
        )
        both = union_all(trusted, agreed).subquery()
        async with self._sessions() as session:
            rows = await session.execute(select(both.c.label, both.c.phrase).order_by(both.c.id))
            return [(label, phrase) for label, phrase in rows]

    async def version(self) -> tuple[int, int]:
        """Count and newest id: changes whenever a phrase is added or removed."""
        async with self._sessions() as session:
            count, newest = (
                await session.execute(
                    select(func.count(), func.coalesce(func.max(TrainingPhraseRow.id), 0))
                )
            ).one()
            return int(count), int(newest)
