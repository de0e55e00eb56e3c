"""The message log: what people said and what the bot answered."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import insert
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
