"""The inbox: platform updates written before they are acknowledged, leased while handled."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import cache
from typing import Any, cast

from sqlalchemy import Connection, Table, Update, and_, bindparam, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import InboxItem
from storage.database import Transactions
from storage.tables import InboxRow

INBOX = cast(Table, InboxRow.__table__)
# Kept on the hot path of every update: built once per database kind.
_ADD = {
    name: dialect.insert(INBOX)
    .on_conflict_do_nothing(index_elements=["channel", "key"])
    .returning(INBOX.c.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}
_OPEN = and_(
    INBOX.c.channel == bindparam("b_channel"),
    INBOX.c.key.in_(bindparam("b_keys", expanding=True)),
    INBOX.c.done_at.is_(None),
)


def _add(connection: Connection, values: dict[str, Any]) -> bool:
    return connection.execute(_ADD[connection.dialect.name], values).first() is not None


@cache
def _change_open(names: tuple[str, ...]) -> Update:
    """Change the unhandled rows among some keys: one statement per set of changed columns."""
    return update(INBOX).where(_OPEN).values({name: bindparam(name) for name in names})


def _change(connection: Connection, params: dict[str, Any], values: dict[str, Any]) -> None:
    connection.execute(_change_open(tuple(sorted(values))), {**params, **values})


class SqlAlchemyInbox:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], transactions: Transactions
    ) -> None:
        self._sessions = sessions
        self._transactions = transactions

    async def add(
        self, channel: str, key: str, payload: str, now: datetime, lease_seconds: float
    ) -> bool:
        values = {
            "channel": channel,
            "key": key,
            "payload": payload,
            "received_at": now,
            "lease_until": now + timedelta(seconds=lease_seconds),
            "attempts": 1,
        }
        return await self._transactions.write(_add, values)

    async def claim(
        self, channel: str, now: datetime, lease_seconds: float, limit: int
    ) -> list[InboxItem]:
        open_rows = (
            select(InboxRow.id)
            .where(
                InboxRow.channel == channel,
                InboxRow.done_at.is_(None),
                or_(InboxRow.lease_until.is_(None), InboxRow.lease_until < now),
            )
            .order_by(InboxRow.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        claim = (
            update(InboxRow)
            .where(InboxRow.id.in_(open_rows.scalar_subquery()))
            .values(
                lease_until=now + timedelta(seconds=lease_seconds),
                attempts=InboxRow.attempts + 1,
            )
            .returning(InboxRow)
        )
        async with self._sessions.begin() as session:
            rows = sorted((await session.scalars(claim)).all(), key=lambda r: r.id)
            return [InboxItem(r.channel, r.key, r.payload, r.attempts) for r in rows]

    async def renew(self, channel: str, keys: Sequence[str], until: datetime) -> None:
        await self._open(channel, keys, lease_until=until)

    async def finish(self, channel: str, keys: Sequence[str], at: datetime) -> None:
        # Once handled, only the platform's id is kept (for dedupe): no one's words stay here.
        await self._open(channel, keys, done_at=at, lease_until=None, payload="")

    async def release(self, channel: str, keys: Sequence[str]) -> None:
        await self._open(channel, keys, lease_until=None)

    async def purge(self, before: datetime) -> int:
        async with self._sessions.begin() as session:
            result = await session.execute(
                delete(InboxRow).where(InboxRow.done_at.is_not(None), InboxRow.received_at < before)
            )
            return int(getattr(result, "rowcount", 0) or 0)

    async def _open(self, channel: str, keys: Sequence[str], **values: object) -> None:
        """Change the unhandled rows among `keys`."""
        if not keys:
            return
        params = {"b_channel": channel, "b_keys": list(keys)}
        await self._transactions.write(_change, params, values)
