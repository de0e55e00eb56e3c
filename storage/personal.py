"""Everything stored about one person: read out for an export, or erased for good.

Both walk every table of the schema, so a table added later is covered without touching
this module: a table is the person's where its `user_id` is theirs (the `users` table by its
`id`). A few rows hang off the person's rows instead: their documents' passages, the answers
and alerts of their events, and the calls about their deliveries.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import DeliveryKind
from storage.knowledge_tables import KnowledgeChunkRow, KnowledgeDocumentRow
from storage.messages import SqlAlchemyMessageLog
from storage.tables import Base, DeliveryRow, EventRow, RsvpRow, UserRow
from storage.voice_tables import CallRow

# What the export calls each table; a table not named here goes by its own name.
SECTIONS = {
    "users": "profile",
    "knowledge_documents": "documents",
    "knowledge_chunks": "document_passages",
    "voice_settings": "phone",
    "mail_settings": "email",
    "messages": "message_log",
    "training_phrases": "taught_phrases",
}
# Secrets that unlock something (a feed, a phone check, a link) and machine data: not exported.
WITHHELD = frozenset(
    {"calendar_token", "api_token_hash", "code_hash", "code", "embedding", "lease_until", "mime"}
)


class SqlAlchemyPersonalData:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], log: SqlAlchemyMessageLog
    ) -> None:
        self._sessions = sessions
        self._log = log

    async def export(self, user_id: int) -> dict[str, list[dict[str, Any]]]:
        """The person's rows by section, each a column → value mapping in JSON types."""
        await self._log.flush()
        out: dict[str, list[dict[str, Any]]] = {}
        async with self._sessions() as session:
            for table in Base.metadata.sorted_tables:
                where = _own(table, user_id)
                if where is None:
                    continue
                rows = await session.execute(
                    select(table).where(where).order_by(*table.primary_key)
                )
                out[SECTIONS.get(table.name, table.name)] = [
                    {k: _plain(v) for k, v in row._mapping.items() if k not in WITHHELD}
                    for row in rows
                ]
        return out

    async def forget(self, user_id: int) -> dict[str, int]:
        """Delete every row of the person in one transaction; how many went, by section.

        Rows others hold about the person's events go too: answers to them and alerts of
        them, with the calls about those alerts.
        """
        await self._log.flush()
        erased: dict[str, int] = {}
        async with self._sessions.begin() as session:
            events = select(EventRow.id).where(EventRow.user_id == user_id)
            alerts_of_events = (DeliveryRow.kind == DeliveryKind.ALERT.value) & (
                DeliveryRow.ref_id.in_(events)
            )
            deliveries = select(DeliveryRow.id).where(
                or_(DeliveryRow.user_id == user_id, alerts_of_events)
            )
            # Rows about the person's events go first, while their events still say whose.
            about_them = {
                CallRow.__table__: CallRow.delivery_id.in_(deliveries),
                DeliveryRow.__table__: alerts_of_events,
                RsvpRow.__table__: RsvpRow.event_id.in_(events),
            }
            tables = [*about_them, *reversed(Base.metadata.sorted_tables)]
            for table in tables:
                where = about_them.pop(table, None)
                own = _own(table, user_id)
                if own is None:
                    continue
                result = await session.execute(
                    delete(table).where(own if where is None else or_(own, where))
                )
                count = int(getattr(result, "rowcount", 0) or 0)
                if count:
                    section = SECTIONS.get(table.name, table.name)
                    erased[section] = erased.get(section, 0) + count
        return erased


def _own(table: Table, user_id: int) -> ColumnElement[bool] | None:
    """Which rows of `table` are the person's; None for a table that holds no one's."""
    if table.name == UserRow.__tablename__:
        return table.c.id == user_id
    if table.name == KnowledgeChunkRow.__tablename__:
        documents = select(KnowledgeDocumentRow.id).where(KnowledgeDocumentRow.user_id == user_id)
        return table.c.document_id.in_(documents)
    if "user_id" in table.c:
        return table.c.user_id == user_id
    return None


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return None
    return value
