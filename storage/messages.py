"""The message log: what people said and what the bot answered."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import LoggedMessage
from storage.tables import MessageRow


class SqlAlchemyMessageLog:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def record(self, messages: Sequence[LoggedMessage]) -> None:
        if not messages:
            return
        async with self._sessions.begin() as session:
            await session.execute(
                insert(MessageRow),
                [
                    {
                        "user_id": m.user_id,
                        "direction": m.direction,
                        "channel": m.channel,
                        "chat_id": m.chat_id,
                        "text": m.text,
                        "at": m.at,
                    }
                    for m in messages
                ],
            )

    async def delete_before(self, cutoff: datetime) -> int:
        async with self._sessions.begin() as session:
            gone = await session.scalars(
                delete(MessageRow).where(MessageRow.at < cutoff).returning(MessageRow.id)
            )
            return len(gone.all())
