"""Notes; `storage.search` finds them by their words."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import Note
from storage.database import Transactions
from storage.numbering import Numbered
from storage.tables import NoteRow

_NUMBERED = Numbered(NoteRow)
_ALL = (
    select(NoteRow.__table__)
    .where(NoteRow.user_id == bindparam("user_id"))
    .order_by(NoteRow.number)
)


def to_note(row: NoteRow | Row[Any]) -> Note:
    return Note(row.id, row.user_id, row.number, row.title, row.body, row.created_at)


def _add(session: Connection, values: dict[str, Any]) -> Note:
    return to_note(_NUMBERED.add(session, values))


class SqlAlchemyNoteRepository:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], transactions: Transactions
    ) -> None:
        self._sessions = sessions
        self._transactions = transactions

    async def add(self, user_id: int, title: str, body: str) -> Note:
        values = {"user_id": user_id, "title": title, "body": body, "created_at": datetime.now(UTC)}
        return await self._transactions.write(_add, values)

    async def list(self, user_id: int) -> Sequence[Note]:
        rows = await self._transactions.rows(_ALL, {"user_id": user_id})
        return [to_note(r) for r in rows]

    async def rewrite(self, user_id: int, number: int, title: str, body: str) -> Note | None:
        async with self._sessions.begin() as session:
            row = await session.scalar(
                select(NoteRow).where(NoteRow.user_id == user_id, NoteRow.number == number)
            )
            if row is None:
                return None
            row.title, row.body = title, body
            return to_note(row)

    async def delete(self, user_id: int, number: int) -> Note | None:
        async with self._sessions.begin() as session:
            row = await session.scalar(
                select(NoteRow).where(NoteRow.user_id == user_id, NoteRow.number == number)
            )
            if row is None:
                return None
            await session.delete(row)
            return to_note(row)
