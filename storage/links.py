"""Linking accounts: one-time codes, and folding one user into another."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.knowledge.models import user_scope
from bot.messages import Target
from storage.alerts import arm_attending, chosen_chat
from storage.knowledge_tables import KnowledgeChunkRow, KnowledgeDocumentRow
from storage.mail_tables import MailOutboxRow, MailSettingsRow
from storage.tables import (
    DeliveryRow,
    EventRow,
    IdentityRow,
    LinkCodeRow,
    MessageRow,
    NoteRow,
    ReminderRow,
    RsvpRow,
    TaskRow,
    UserRow,
)
from storage.voice_tables import CallRow, VoiceSettingsRow

# Tables whose rows carry a per-user number; moved rows are renumbered after the survivor's.
_NUMBERED = (TaskRow, NoteRow, ReminderRow, EventRow)
_OWNED = (DeliveryRow, MessageRow, IdentityRow, CallRow, MailOutboxRow)


class SqlAlchemyLinkRepository:
    """Linked accounts: codes, merging, and the chat a person chose for deliveries."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def create_code(
        self, user_id: int, code: str, now: datetime, expires_at: datetime
    ) -> bool:
        try:
            async with self._sessions.begin() as session:
                await session.execute(delete(LinkCodeRow).where(LinkCodeRow.user_id == user_id))
                # A live code held by someone else keeps its value; an expired one frees it.
                await session.execute(
                    delete(LinkCodeRow).where(
                        LinkCodeRow.code == code, LinkCodeRow.expires_at <= now
                    )
                )
                session.add(LinkCodeRow(code=code, user_id=user_id, expires_at=expires_at))
        except IntegrityError:
            return False
        return True

    async def redeem(self, code: str, now: datetime) -> int | None:
        async with self._sessions.begin() as session:
            row = await session.get(LinkCodeRow, code)
            if row is None:
                return None
            user_id, live = row.user_id, row.expires_at > now
            consumed = await session.execute(delete(LinkCodeRow).where(LinkCodeRow.code == code))
            # Two redemptions racing: only the one whose delete removed the row wins.
            if consumed.rowcount != 1 or not live:  # type: ignore[attr-defined]
                return None
            return user_id

    async def merge(self, source_user_id: int, into_user_id: int) -> None:
        if source_user_id == into_user_id:
            return
        async with self._sessions.begin() as session:
            for table in _NUMBERED:
                offset = await session.scalar(
                    select(func.coalesce(func.max(table.number), 0)).where(
                        table.user_id == into_user_id
                    )
                )
                await session.execute(
                    update(table)
                    .where(table.user_id == source_user_id)
                    .values(user_id=into_user_id, number=table.number + (offset or 0))
                )
            for owned in _OWNED:
                await session.execute(
                    update(owned)
                    .where(owned.user_id == source_user_id)
                    .values(user_id=into_user_id)
                )
            await _merge_answers(session, source_user_id, into_user_id)
            await _merge_knowledge(session, source_user_id, into_user_id)
            await session.execute(delete(UserRow).where(UserRow.id == source_user_id))

    async def delivery_chat(self, user_id: int) -> Target | None:
        async with self._sessions() as session:
            return await session.run_sync(chosen_chat, user_id)

    async def set_delivery_chat(
        self, user_id: int, target: Target | None, *, now: datetime
    ) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(UserRow)
                .where(UserRow.id == user_id)
                .values(
                    deliver_channel=target.channel if target else None,
                    deliver_chat_id=target.chat_id if target else None,
                )
            )
            await session.run_sync(arm_attending, user_id, now)


async def _merge_answers(session: AsyncSession, source_user_id: int, into_user_id: int) -> None:
    """Move RSVPs, phone and e-mail settings; where both people have one, the survivor's stays."""
    answered = select(RsvpRow.event_id).where(RsvpRow.user_id == into_user_id)
    await session.execute(
        delete(RsvpRow).where(RsvpRow.user_id == source_user_id, RsvpRow.event_id.in_(answered))
    )
    await session.execute(
        update(RsvpRow).where(RsvpRow.user_id == source_user_id).values(user_id=into_user_id)
    )
    if await session.get(VoiceSettingsRow, into_user_id) is None:
        await session.execute(
            update(VoiceSettingsRow)
            .where(VoiceSettingsRow.user_id == source_user_id)
            .values(user_id=into_user_id)
        )
    if await session.get(MailSettingsRow, into_user_id) is None:
        await session.execute(
            update(MailSettingsRow)
            .where(MailSettingsRow.user_id == source_user_id)
            .values(user_id=into_user_id)
        )


async def _merge_knowledge(session: AsyncSession, source_user_id: int, into_user_id: int) -> None:
    """Move the absorbed person's documents into the survivor's scope, numbered after theirs.

    A document whose source the survivor also has stays theirs. Moved passages lose their
    vectors, which were filed under the old scope, and are embedded again by the catch-up.
    """
    source, into = user_scope(source_user_id), user_scope(into_user_id)
    documents = KnowledgeDocumentRow
    theirs = select(documents.source).where(documents.scope == into)
    await session.execute(
        delete(documents).where(documents.scope == source, documents.source.in_(theirs))
    )
    offset = await session.scalar(
        select(func.coalesce(func.max(documents.number), 0)).where(documents.scope == into)
    )
    await session.execute(
        update(documents)
        .where(documents.scope == source)
        .values(scope=into, user_id=into_user_id, number=documents.number + (offset or 0))
    )
    await session.execute(
        update(KnowledgeChunkRow)
        .where(KnowledgeChunkRow.scope == source)
        .values(scope=into, embedding=None, embedding_model=None)
    )
