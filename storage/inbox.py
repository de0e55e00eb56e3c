"""The inbox: platform updates written before they are acknowledged, leased while handled."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import InboxItem
from storage.tables import InboxRow


class SqlAlchemyInbox:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def add(
        self, channel: str, key: str, payload: str, now: datetime, lease_seconds: float
    ) -> bool:
        async with self._sessions.begin() as session:
            dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
            added = await session.scalar(
                dialect.insert(InboxRow)
                .values(
                    channel=channel,
                    key=key,
                    payload=payload,
                    received_at=now,
                    lease_until=now + timedelta(seconds=lease_seconds),
                    attempts=1,
                )
                .on_conflict_do_nothing(index_elements=["channel", "key"])
                .returning(InboxRow.id)
            )
            return added is not None

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
        async with self._sessions.begin() as session:
            await session.execute(
                update(InboxRow)
                .where(
                    InboxRow.channel == channel,
                    InboxRow.key.in_(list(keys)),
                    InboxRow.done_at.is_(None),
                )
                .values(**values)
            )
