"""Training phrases for the intent router, kept in the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.tables import TrainingPhraseRow


class SqlAlchemyPhraseRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def add(self, label: str, phrase: str, source: str, at: datetime) -> None:
        async with self._sessions.begin() as session:
            session.add(TrainingPhraseRow(label=label, phrase=phrase, source=source, created_at=at))

    async def all(self) -> list[tuple[str, str]]:
        async with self._sessions() as session:
            rows = await session.execute(
                select(TrainingPhraseRow.label, TrainingPhraseRow.phrase).order_by(
                    TrainingPhraseRow.id
                )
            )
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
