"""The web channel's keys: personal API tokens, one-time sign-in links, web identities.

Only hashes of the secrets are stored, so a copy of the database opens nobody's account.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import User
from storage.tables import IdentityRow, UserRow, WebSignInRow
from storage.users import to_user

WEB = "web"


class SqlAlchemyWebAccess:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def set_api_token(self, user_id: int, token_hash: str | None) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(UserRow).where(UserRow.id == user_id).values(api_token_hash=token_hash)
            )

    async def by_api_token(self, token_hash: str) -> User | None:
        if not token_hash:
            return None
        async with self._sessions() as session:
            row = await session.scalar(select(UserRow).where(UserRow.api_token_hash == token_hash))
            return None if row is None else to_user(row)

    async def create_sign_in(
        self, user_id: int, code_hash: str, now: datetime, expires_at: datetime
    ) -> None:
        async with self._sessions.begin() as session:
            await session.execute(delete(WebSignInRow).where(WebSignInRow.expires_at <= now))
            session.add(WebSignInRow(code_hash=code_hash, user_id=user_id, expires_at=expires_at))

    async def redeem_sign_in(self, code_hash: str, now: datetime) -> int | None:
        async with self._sessions.begin() as session:
            row = await session.get(WebSignInRow, code_hash)
            if row is None:
                return None
            user_id, live = row.user_id, row.expires_at > now
            consumed = await session.execute(
                delete(WebSignInRow).where(WebSignInRow.code_hash == code_hash)
            )
            # Two tabs opening the link at once: only the one whose delete removed the row wins.
            if consumed.rowcount != 1 or not live:  # type: ignore[attr-defined]
                return None
            return user_id

    async def web_identity(self, user_id: int, new_id: str) -> str:
        found = await self._web_identity(user_id)
        if found is not None:
            return found
        async with self._sessions.begin() as session:
            session.add(
                IdentityRow(
                    user_id=user_id,
                    channel=WEB,
                    external_id=new_id,
                    chat_id=f"{WEB}:{new_id}",
                    reachable=True,
                )
            )
        return new_id

    async def by_web_identity(self, external_id: str) -> User | None:
        async with self._sessions() as session:
            row = await session.scalar(
                select(UserRow)
                .join(IdentityRow, IdentityRow.user_id == UserRow.id)
                .where(IdentityRow.channel == WEB, IdentityRow.external_id == external_id)
            )
            return None if row is None else to_user(row)

    async def _web_identity(self, user_id: int) -> str | None:
        async with self._sessions() as session:
            return await session.scalar(
                select(IdentityRow.external_id)
                .where(IdentityRow.user_id == user_id, IdentityRow.channel == WEB)
                .order_by(IdentityRow.id)
                .limit(1)
            )
