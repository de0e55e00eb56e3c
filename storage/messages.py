"""The message log: what people said and what the bot answered."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

import structlog
from sqlalchemy import Connection, Table, delete, insert, select
from sqlalchemy.exc import OperationalError, StatementError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import LoggedMessage
from storage.database import Transactions
from storage.tables import MessageRow

log = structlog.get_logger(__name__)
_ADD = insert(cast(Table, MessageRow.__table__))
# How many batches may wait for a database that is busy or away (about 2 MB of log lines).
WAITING_BATCHES = 50


def _row(message: LoggedMessage) -> dict[str, Any]:
    return {
        "user_id": message.user_id,
        "direction": message.direction,
        "channel": message.channel,
        "chat_id": message.chat_id,
        "text": message.text,
        "at": message.at,
    }


def _insert(connection: Connection, rows: list[dict[str, Any]]) -> None:
    connection.execute(_ADD, rows)


class SqlAlchemyMessageLog:
    """The log, written in small batches off the request path.

    A log line is not worth a commit of its own on every message: entries wait up to
    `flush_after` seconds (or until `batch` of them are waiting) and go in one transaction.
    A crash loses at most that much log, never a person's items. A batch the database cannot
    take now (busy, or away) waits for the next flush; a line it refuses costs only itself.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        transactions: Transactions,
        *,
        flush_after: float = 0.25,
        batch: int = 200,
    ) -> None:
        self._sessions = sessions
        self._transactions = transactions
        self._flush_after = flush_after
        self._batch = batch
        self._pending: list[dict[str, Any]] = []
        self._timer: asyncio.TimerHandle | None = None
        self._flushing: set[asyncio.Task[None]] = set()
        self._closed = False

    async def record(self, messages: Sequence[LoggedMessage]) -> None:
        self._pending.extend(_row(m) for m in messages)
        if len(self._pending) >= self._batch:
            await self.flush()
        else:
            self._arm()

    def _arm(self) -> None:
        if self._pending and self._timer is None and not self._closed:
            self._timer = asyncio.get_running_loop().call_later(self._flush_after, self._due)

    def _due(self) -> None:
        self._timer = None
        task = asyncio.get_running_loop().create_task(self.flush())
        self._flushing.add(task)
        task.add_done_callback(self._flushing.discard)

    async def flush(self) -> None:
        """Write everything waiting now."""
        rows, self._pending = self._pending, []
        if not rows:
            return
        try:
            await self._insert(rows)
        except OperationalError as error:
            self._keep(rows, error)
        except (StatementError, UnicodeError):
            await self._row_by_row(rows)

    def _keep(self, rows: list[dict[str, Any]], error: OperationalError) -> None:
        """Lines the database could not take now go first in the next flush.

        Only so many wait: past `WAITING_BATCHES` batches, the oldest go, and the log says so.
        """
        self._pending[:0] = rows
        log.warning("message_log_deferred", count=len(rows), error=type(error.orig).__name__)
        excess = len(self._pending) - self._batch * WAITING_BATCHES
        if excess > 0:
            del self._pending[:excess]
            log.error("message_log_rows_dropped", count=excess, errors=["database unavailable"])
        self._arm()

    async def _row_by_row(self, rows: list[dict[str, Any]]) -> None:
        """Keep every line the database takes; one it refuses must not cost the others.

        A refused line: its person was forgotten (or linked away) meanwhile, or its text is
        one the database cannot store.
        """
        dropped: list[str] = []
        for n, row in enumerate(rows):
            try:
                await self._insert([row])
            except OperationalError as error:
                self._keep(rows[n:], error)
                break
            except (StatementError, UnicodeError) as refused:
                dropped.append(type(getattr(refused, "orig", None) or refused).__name__)
        if dropped:
            log.info("message_log_rows_dropped", count=len(dropped), errors=sorted(set(dropped)))

    async def _insert(self, rows: list[dict[str, Any]]) -> None:
        await self._transactions.write(_insert, rows)

    async def recent(self, user_id: int, chat_id: str, limit: int) -> list[LoggedMessage]:
        await self.flush()
        row = MessageRow
        async with self._sessions() as session:
            newest = await session.scalars(
                select(row)
                .where(row.user_id == user_id, row.chat_id == chat_id)
                .order_by(row.at.desc(), row.id.desc())
                .limit(limit)
            )
            return [
                LoggedMessage(r.user_id, r.direction, r.channel, r.chat_id, r.text, r.at)
                for r in reversed(newest.all())
            ]

    async def delete_before(self, cutoff: datetime) -> int:
        await self.flush()
        async with self._sessions.begin() as session:
            gone = await session.scalars(
                delete(MessageRow).where(MessageRow.at < cutoff).returning(MessageRow.id)
            )
            return len(gone.all())

    async def close(self) -> None:
        """Write what is waiting and stop the timer."""
        self._closed = True
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._flushing:
            await asyncio.gather(*self._flushing, return_exceptions=True)
        await self.flush()
