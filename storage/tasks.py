"""Tasks, numbered per user among the open ones."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, bindparam, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from bot.messages import Target
from bot.models import DeliveryKind, Task
from bot.recurrence import next_occurrence
from storage.database import Transactions
from storage.deliveries import DELIVERIES
from storage.numbering import Numbered
from storage.occurrences import first_from
from storage.pending import cancel_pending, cancelling, pending_row
from storage.tables import DeliveryRow, TaskRow

_NUMBERED = Numbered(TaskRow, TaskRow.done.is_(False))
_OPEN = (
    select(TaskRow.__table__)
    .where(TaskRow.user_id == bindparam("user_id"), TaskRow.done.is_(False))
    .order_by(TaskRow.number)
)


def to_task(row: TaskRow | Row[Any]) -> Task:
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


def _add(session: Connection, values: dict[str, Any], target: Target | None, now: datetime) -> Task:
    row = _NUMBERED.add(session, values)
    if target is not None:
        _arm(session, row, target, now)
    return to_task(row)


def _arm(
    session: Session | Connection, row: TaskRow | Row[Any], target: Target, now: datetime
) -> None:
    """Owe the person a notice when the open task falls due (if that is still to come)."""
    if row.done or row.due_at is None or row.due_at <= now:
        return
    values = pending_row(
        DeliveryKind.TASK, row.user_id, row.id, row.due_at, target.channel, target.chat_id
    )
    session.execute(insert(DELIVERIES), values)


def _rearm(session: Session, row: TaskRow, now: datetime, first: Target | None = None) -> None:
    """After a change: the task's pending notices go, and one for its due time comes.

    It goes where the task's last notice went; a task never notified goes to `first`, or
    stays unnotified without one.
    """
    last = session.execute(
        select(DeliveryRow.channel, DeliveryRow.chat_id)
        .where(DeliveryRow.kind == DeliveryKind.TASK.value, DeliveryRow.ref_id == row.id)
        .order_by(DeliveryRow.id.desc())
        .limit(1)
    ).first()
    session.execute(cancelling(DeliveryKind.TASK, row.id))
    target = first if last is None else Target(last.channel, last.chat_id)
    if target is not None:
        _arm(session, row, target, now)


def _complete(session: Session, user_id: int, number: int, at: datetime) -> Task | None:
    row = session.scalar(_open(user_id, number))
    if row is None:
        return None
    following = None
    if row.rrule is not None and row.anchor_at is not None:
        after = at if row.due_at is None else max(at, row.due_at)
        following = next_occurrence(row.rrule, row.anchor_at, row.timezone, after)
    if following is not None:
        session.add(_occurrence_done(row, at))
        row.due_at = following
    else:
        row.done, row.done_at = True, at
    _rearm(session, row, at)
    return to_task(row)


def _open(user_id: int, number: int) -> Select[TaskRow]:
    return select(TaskRow).where(
        TaskRow.user_id == user_id, TaskRow.number == number, TaskRow.done.is_(False)
    )


def _occurrence_done(row: TaskRow, at: datetime) -> TaskRow:
    """The occurrence of a repeating task done at `at`, kept as a completed task of its own.

    It keeps the task's number, which no lookup of open tasks sees.
    """
    return TaskRow(
        user_id=row.user_id,
        number=row.number,
        text=row.text,
        due_at=row.due_at,
        done=True,
        done_at=at,
        created_at=at,
        timezone=row.timezone,
    )


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
        target: Target | None = None,
    ) -> Task:
        """Store a task; a repeating one is due at its first occurrence from `due_at`.

        Without a due time, a repeating task counts from `now` (to the minute). With a
        `target`, a due time still to come is notified there. ValueError when the rule cannot
        be read or has no occurrence.
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
        return await self._transactions.write(_add, values, target, now or created)

    async def list_open(self, user_id: int) -> Sequence[Task]:
        rows = await self._transactions.rows(_OPEN, {"user_id": user_id})
        return [to_task(r) for r in rows]

    async def list_done(
        self, user_id: int, limit: int, span: tuple[datetime, datetime] | None = None
    ) -> Sequence[Task]:
        """The person's most recently completed tasks (in `span`), the latest first."""
        within = () if span is None else (TaskRow.done_at >= span[0], TaskRow.done_at < span[1])
        async with self._sessions() as session:
            rows = await session.scalars(
                select(TaskRow)
                .where(TaskRow.user_id == user_id, TaskRow.done.is_(True), *within)
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
        return await self._transactions.run(_complete, user_id, number, at)

    async def delete(self, user_id: int, number: int) -> Task | None:
        async with self._sessions.begin() as session:
            row = await self._open(session, user_id, number)
            if row is None:
                return None
            await cancel_pending(session, DeliveryKind.TASK, row.id)
            await session.delete(row)
            return to_task(row)

    async def edit(self, user_id: int, number: int, text: str) -> Task | None:
        return await self._change(user_id, number, text=text)

    async def set_due(
        self,
        user_id: int,
        number: int,
        due_at: datetime,
        *,
        now: datetime | None = None,
        rrule: str | None = None,
        target: Target | None = None,
    ) -> Task | None:
        async with self._sessions.begin() as session:
            row = await self._open(session, user_id, number)
            if row is None:
                return None
            if rrule is not None:
                row.rrule, row.anchor_at = rrule, due_at
            row.due_at = due_at
            await session.run_sync(_rearm, row, now or datetime.now(UTC), target)
            return to_task(row)

    async def by_id(self, task_id: int) -> Task | None:
        async with self._sessions() as session:
            row = await session.get(TaskRow, task_id)
            return None if row is None else to_task(row)

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
        return await session.scalar(_open(user_id, number))
