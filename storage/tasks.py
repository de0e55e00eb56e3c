"""Tasks, numbered per user among the open ones."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from bot.models import Task
from bot.recurrence import next_occurrence
from storage.database import Transactions
from storage.numbering import add_numbered
from storage.occurrences import first_from
from storage.tables import TaskRow


def to_task(row: TaskRow) -> Task:
    return Task(
        row.id,
        row.user_id,
        row.number,
        row.text,
        row.due_at,
        row.done,
        row.created_at,
        rrule=row.rrule,
        timezone=row.timezone,
        done_at=row.done_at,
    )


def _add(session: Session, values: dict[str, Any]) -> Task:
    return to_task(add_numbered(session, TaskRow, values, TaskRow.done.is_(False)))


class SqlAlchemyTaskRepository:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], transactions: Transactions
    ) -> None:
        self._sessions = sessions
        self._transactions = transactions

    async def add(
        self,
        user_id: int,
        text: str,
        due_at: datetime | None,
        rrule: str | None = None,
        timezone: str = "UTC",
        *,
        now: datetime | None = None,
    ) -> Task:
        """Store a task; a repeating one is due at its first occurrence from `due_at`.

        Without a due time, a repeating task counts from `now` (to the minute). ValueError
        when the rule cannot be read or has no occurrence.
        """
        created = datetime.now(UTC)
        anchor = None
        if rrule is not None:
            start = due_at or (now or created).replace(second=0, microsecond=0)
            due_at = anchor = first_from(rrule, start, timezone)
        values = {
            "user_id": user_id,
            "text": text,
            "due_at": due_at,
            "done": False,
            "created_at": created,
            "rrule": rrule,
            "anchor_at": anchor,
            "timezone": timezone,
        }
        return await self._transactions.run(_add, values)

    async def list_open(self, user_id: int) -> Sequence[Task]:
        async with self._sessions() as session:
            rows = await session.scalars(
                select(TaskRow)
                .where(TaskRow.user_id == user_id, TaskRow.done.is_(False))
                .order_by(TaskRow.number)
            )
            return [to_task(r) for r in rows]

    async def list_done(self, user_id: int, limit: int) -> Sequence[Task]:
        """The person's most recently completed tasks, the latest first."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(TaskRow)
                .where(TaskRow.user_id == user_id, TaskRow.done.is_(True))
                .order_by(TaskRow.done_at.desc(), TaskRow.id.desc())
                .limit(limit)
            )
            return [to_task(r) for r in rows]

    async def get(self, user_id: int, number: int) -> Task | None:
        async with self._sessions() as session:
            row = await self._open(session, user_id, number)
            return None if row is None else to_task(row)

    async def complete(self, user_id: int, number: int, at: datetime) -> Task | None:
        """Tick a task off; a repeating one stays open, due at its next occurrence.

        The next occurrence is the first after `at`, or after the current due time when done
        early; a rule that has ended closes the task like a one-off.
        """
        async with self._sessions.begin() as session:
            row = await self._open(session, user_id, number)
            if row is None:
                return None
            following = None
            if row.rrule is not None and row.anchor_at is not None:
                after = at if row.due_at is None else max(at, row.due_at)
                following = next_occurrence(row.rrule, row.anchor_at, row.timezone, after)
            if following is not None:
                row.due_at = following
            else:
                row.done, row.done_at = True, at
            return to_task(row)

    async def delete(self, user_id: int, number: int) -> Task | None:
        async with self._sessions.begin() as session:
            row = await self._open(session, user_id, number)
            if row is None:
                return None
            await session.delete(row)
            return to_task(row)

    async def edit(self, user_id: int, number: int, text: str) -> Task | None:
        return await self._change(user_id, number, text=text)

    async def set_due(self, user_id: int, number: int, due_at: datetime) -> Task | None:
        return await self._change(user_id, number, due_at=due_at)

    async def _change(self, user_id: int, number: int, **values: object) -> Task | None:
        async with self._sessions.begin() as session:
            row = await self._open(session, user_id, number)
            if row is None:
                return None
            for name, value in values.items():
                setattr(row, name, value)
            return to_task(row)

    @staticmethod
    async def _open(session: AsyncSession, user_id: int, number: int) -> TaskRow | None:
        return await session.scalar(
            select(TaskRow).where(
                TaskRow.user_id == user_id, TaskRow.number == number, TaskRow.done.is_(False)
            )
        )
