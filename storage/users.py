"""Users and their channel identities."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.messages import Target
from bot.models import DeliveryStatus, Identity, User
from storage.database import Transactions
from storage.tables import DeliveryRow, IdentityRow, UserRow

# Resolving the sender runs for every message, so it is one prepared Core query that also
# says whether a failed delivery awaits reporting (saving the dispatcher a second query).
_UNDELIVERED = exists().where(
    and_(
        DeliveryRow.user_id == UserRow.id,
        DeliveryRow.status == DeliveryStatus.FAILED.value,
        DeliveryRow.reported_at.is_(None),
    )
)
_BY_IDENTITY = (
    select(
        UserRow.id,
        UserRow.display_name,
        UserRow.timezone,
        UserRow.language,
        UserRow.created_at,
        UserRow.onboarded,
        _UNDELIVERED.label("undelivered"),
        IdentityRow.reachable,
        UserRow.deliver_channel,
        UserRow.deliver_chat_id,
    )
    .join(IdentityRow, IdentityRow.user_id == UserRow.id)
    .where(
        IdentityRow.channel == bindparam("channel"),
        IdentityRow.external_id == bindparam("external_id"),
    )
)


def to_user(row: Any, undelivered: bool = False) -> User:
    chosen = None
    if row.deliver_channel and row.deliver_chat_id:
        chosen = Target(row.deliver_channel, row.deliver_chat_id)
    return User(
        id=row.id,
        display_name=row.display_name,
        timezone=row.timezone,
        language=row.language,
        created_at=row.created_at,
        onboarded=row.onboarded,
        undelivered=undelivered,
        delivery_chat=chosen,
    )


def _find(connection: Connection, channel: str, external_id: str) -> User | None:
    key = {"channel": channel, "external_id": external_id}
    row = connection.execute(_BY_IDENTITY, key).first()
    if row is None:
        return None
    if not row.reachable:
        # They wrote, so the block (or whatever refused our messages) is over.
        connection.execute(
            update(IdentityRow)
            .where(IdentityRow.channel == channel, IdentityRow.external_id == external_id)
            .values(reachable=True)
        )
        connection.commit()
    return to_user(row, bool(row.undelivered))


class SqlAlchemyUserRepository:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], transactions: Transactions
    ) -> None:
        self._sessions = sessions
        self._transactions = transactions

    async def resolve(
        self, channel: str, external_id: str, chat_id: str, display_name: str, timezone: str
    ) -> User:
        found = await self._transactions.read(_find, channel, external_id)
        if found is not None:
            return found
        return await self._create(channel, external_id, chat_id, display_name, timezone)

    async def _create(
        self, channel: str, external_id: str, chat_id: str, display_name: str, timezone: str
    ) -> User:
        try:
            async with self._sessions.begin() as session:
                user = UserRow(
                    display_name=display_name[:200],
                    timezone=timezone,
                    language=None,
                    onboarded=False,
                    created_at=datetime.now(UTC),
                )
                session.add(user)
                await session.flush()
                session.add(
                    IdentityRow(
                        user_id=user.id,
                        channel=channel,
                        external_id=external_id,
                        chat_id=chat_id,
                        reachable=True,
                    )
                )
                return to_user(user)
        except IntegrityError:
            # Another request created the same identity first; use theirs.
            raced = await self._transactions.read(_find, channel, external_id)
            assert raced is not None
            return raced

    async def get(self, user_id: int) -> User | None:
        async with self._sessions() as session:
            row = await session.get(UserRow, user_id)
            return None if row is None else to_user(row)

    async def set_timezone(self, user_id: int, timezone: str) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(UserRow).where(UserRow.id == user_id).values(timezone=timezone)
            )

    async def set_onboarded(self, user_id: int) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(UserRow).where(UserRow.id == user_id).values(onboarded=True)
            )

    async def identities(self, user_id: int) -> Sequence[Identity]:
        async with self._sessions() as session:
            rows = await session.scalars(select(IdentityRow).where(IdentityRow.user_id == user_id))
            return [
                Identity(r.user_id, r.channel, r.external_id, r.chat_id, r.reachable) for r in rows
            ]

    async def set_reachable(self, channel: str, chat_id: str, reachable: bool) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(IdentityRow)
                .where(IdentityRow.channel == channel, IdentityRow.chat_id == chat_id)
                .values(reachable=reachable)
            )

    async def delete(self, user_id: int) -> None:
        async with self._sessions.begin() as session:
            await session.execute(delete(UserRow).where(UserRow.id == user_id))

    async def calendar_token(self, user_id: int) -> str | None:
        async with self._sessions() as session:
            return await session.scalar(select(UserRow.calendar_token).where(UserRow.id == user_id))

    async def set_calendar_token(self, user_id: int, token: str | None) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(UserRow).where(UserRow.id == user_id).values(calendar_token=token)
            )

    async def by_calendar_token(self, token: str) -> User | None:
        if not token:
            return None
        async with self._sessions() as session:
            row = await session.scalar(select(UserRow).where(UserRow.calendar_token == token))
            return None if row is None else to_user(row)
