"""E-mail's storage: addresses with their check codes, and the outbox."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.mail.models import MailProfile, MailStatus, QueuedMail
from storage.mail_tables import MailOutboxRow, MailSettingsRow


def to_profile(row: MailSettingsRow) -> MailProfile:
    return MailProfile(
        user_id=row.user_id,
        address=row.address,
        pending=row.pending,
        code_hash=row.code_hash,
        code_expires_at=row.code_expires_at,
        code_tries=row.code_tries,
    )


def to_mail(row: MailOutboxRow) -> QueuedMail:
    return QueuedMail(
        id=row.id,
        user_id=row.user_id,
        key=row.key,
        to=row.to,
        subject=row.subject,
        message=row.mime,
        status=MailStatus(row.status),
        attempts=row.attempts,
        next_at=row.next_at,
        error=row.error,
        sent_at=row.sent_at,
    )


class SqlAlchemyMailRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def profile(self, user_id: int) -> MailProfile:
        async with self._sessions() as session:
            row = await session.get(MailSettingsRow, user_id)
            return MailProfile(user_id) if row is None else to_profile(row)

    async def save(self, profile: MailProfile) -> None:
        async with self._sessions.begin() as session:
            row = await session.get(MailSettingsRow, profile.user_id)
            if row is None:
                row = MailSettingsRow(user_id=profile.user_id)
                session.add(row)
            row.address, row.pending = profile.address, profile.pending
            row.code_hash, row.code_expires_at = profile.code_hash, profile.code_expires_at
            row.code_tries = profile.code_tries

    async def queue(
        self, user_id: int, key: str, to: str, subject: str, message: str, now: datetime
    ) -> bool:
        try:
            async with self._sessions.begin() as session:
                session.add(
                    MailOutboxRow(
                        user_id=user_id,
                        key=key,
                        to=to,
                        subject=subject,
                        mime=message,
                        status=MailStatus.PENDING.value,
                        attempts=0,
                        next_at=now,
                        created_at=now,
                    )
                )
        except IntegrityError:
            return False
        return True

    async def claim(self, now: datetime, lease_seconds: float, limit: int) -> list[QueuedMail]:
        free = or_(MailOutboxRow.lease_until.is_(None), MailOutboxRow.lease_until < now)
        due = (
            (MailOutboxRow.status == MailStatus.PENDING.value)
            & (MailOutboxRow.next_at <= now)
            & free
        )
        claimed: list[QueuedMail] = []
        async with self._sessions.begin() as session:
            ids = await session.scalars(
                select(MailOutboxRow.id).where(due).order_by(MailOutboxRow.next_at).limit(limit)
            )
            for mail_id in list(ids):
                # Taken only if still free: another process may have leased it meanwhile.
                taken = await session.execute(
                    update(MailOutboxRow)
                    .where(MailOutboxRow.id == mail_id, due)
                    .values(lease_until=now + timedelta(seconds=lease_seconds))
                )
                if getattr(taken, "rowcount", 0) == 1:
                    row = await session.get(MailOutboxRow, mail_id)
                    assert row is not None
                    claimed.append(to_mail(row))
        return claimed

    async def mark_sent(self, mail_id: int, at: datetime) -> None:
        await self._set(
            mail_id,
            status=MailStatus.SENT.value,
            sent_at=at,
            lease_until=None,
            error=None,
            attempts=MailOutboxRow.attempts + 1,
        )

    async def mark_retry(self, mail_id: int, next_at: datetime, error: str) -> None:
        await self._set(
            mail_id,
            next_at=next_at,
            lease_until=None,
            error=error[:2000],
            attempts=MailOutboxRow.attempts + 1,
        )

    async def mark_failed(self, mail_id: int, error: str) -> None:
        await self._set(
            mail_id,
            status=MailStatus.FAILED.value,
            lease_until=None,
            error=error[:2000],
            attempts=MailOutboxRow.attempts + 1,
        )

    async def _set(self, mail_id: int, **values: object) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(MailOutboxRow).where(MailOutboxRow.id == mail_id).values(**values)
            )

    async def outbox(self, user_id: int) -> Sequence[QueuedMail]:
        async with self._sessions() as session:
            rows = await session.scalars(
                select(MailOutboxRow)
                .where(MailOutboxRow.user_id == user_id)
                .order_by(MailOutboxRow.id)
            )
            return [to_mail(row) for row in rows]
