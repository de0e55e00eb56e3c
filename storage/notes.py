"""Notes with word search."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Row, and_, bindparam, func, or_, select
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


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


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

    async def search(self, user_id: int, words: Sequence[str]) -> Sequence[Note]:
        """Notes containing every word (case-insensitive) in the title or the body."""
        if not words:
            return []
        conditions = []
        for word in words:
            pattern = f"%{_escape_like(word.lower())}%"
            conditions.append(
                or_(
                    func.lower(NoteRow.title).like(pattern, escape="\\"),
                    func.lower(NoteRow.body).like(pattern, escape="\\"),
                )
            )
        rows = await self._transactions.rows(
            select(NoteRow.__table__)
            .where(NoteRow.user_id == user_id, and_(*conditions))
            .order_by(NoteRow.number)
        )
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
