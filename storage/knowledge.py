"""Documents and chunks of the knowledge base; each document is stored in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import ColumnElement, Select, Table, bindparam, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.knowledge.models import (
    Chunk,
    ChunkDraft,
    Document,
    DocumentDraft,
    DocumentKind,
    Stored,
    scope_owner,
)
from storage.knowledge_tables import KnowledgeChunkRow, KnowledgeDocumentRow


def to_document(row: KnowledgeDocumentRow) -> Document:
    return Document(
        row.id,
        row.scope,
        row.number,
        row.source,
        row.title,
        DocumentKind(row.kind),
        row.content_hash,
        row.size,
        row.chunk_count,
        row.created_at,
    )


def to_chunk(row: KnowledgeChunkRow, source: str) -> Chunk:
    return Chunk(
        row.id,
        row.document_id,
        row.scope,
        source,
        row.title,
        row.position,
        row.text,
        row.embedding,
        row.embedding_model,
    )


class SqlAlchemyKnowledgeRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def store_document(
        self,
        draft: DocumentDraft,
        chunks: Sequence[ChunkDraft],
    ) -> Stored:
        async with self._sessions.begin() as session:
            old = await session.scalar(_by_source(draft.scope, draft.source))
            if old is not None and old.content_hash == draft.content_hash:
                return Stored(to_document(old), [], [], unchanged=True)
            removed: list[int] = []
            if old is None:
                number = await _next_number(session, draft.scope)
            else:
                number = old.number
                removed = await _delete_chunks(session, old.id)
                await session.delete(old)
                await session.flush()
            row = KnowledgeDocumentRow(
                scope=draft.scope,
                number=number,
                user_id=scope_owner(draft.scope),
                source=draft.source,
                title=draft.title,
                kind=draft.kind.value,
                content_hash=draft.content_hash,
                size=draft.size,
                chunk_count=len(chunks),
                created_at=datetime.now(UTC),
            )
            session.add(row)
            await session.flush()
            rows = [
                KnowledgeChunkRow(
                    document_id=row.id,
                    scope=draft.scope,
                    position=chunk.position,
                    title=chunk.title[:500],
                    text=chunk.text,
                )
                for chunk in chunks
            ]
            session.add_all(rows)
            await session.flush()
            return Stored(to_document(row), [to_chunk(r, draft.source) for r in rows], removed)

    async def documents(self, scope: str) -> Sequence[Document]:
        async with self._sessions() as session:
            rows = await session.scalars(
                select(KnowledgeDocumentRow)
                .where(KnowledgeDocumentRow.scope == scope)
                .order_by(KnowledgeDocumentRow.number)
            )
            return [to_document(r) for r in rows]

    async def document(self, scope: str, source: str) -> Document | None:
        async with self._sessions() as session:
            row = await session.scalar(_by_source(scope, source))
            return None if row is None else to_document(row)

    async def remove(self, scope: str, number: int) -> tuple[Document, list[int]] | None:
        return await self._remove(
            KnowledgeDocumentRow.scope == scope, KnowledgeDocumentRow.number == number
        )

    async def remove_source(self, scope: str, source: str) -> tuple[Document, list[int]] | None:
        return await self._remove(
            KnowledgeDocumentRow.scope == scope, KnowledgeDocumentRow.source == source
        )

    async def _remove(self, *conditions: object) -> tuple[Document, list[int]] | None:
        async with self._sessions.begin() as session:
            row = await session.scalar(select(KnowledgeDocumentRow).where(*conditions))  # type: ignore[arg-type]
            if row is None:
                return None
            removed = await _delete_chunks(session, row.id)
            await session.delete(row)
            return to_document(row), removed

    async def chunks(self, scope: str) -> Sequence[Chunk]:
        return await self._chunks(KnowledgeChunkRow.scope == scope)

    async def unembedded(self, model: str, limit: int) -> Sequence[Chunk]:
        return await self._chunks(
            or_(
                KnowledgeChunkRow.embedding_model.is_(None),
                KnowledgeChunkRow.embedding_model != model,
            ),
            limit=limit,
        )

    async def _chunks(
        self, condition: ColumnElement[bool], limit: int | None = None
    ) -> list[Chunk]:
        async with self._sessions() as session:
            result = await session.execute(
                select(KnowledgeChunkRow, KnowledgeDocumentRow.source)
                .join(
                    KnowledgeDocumentRow, KnowledgeDocumentRow.id == KnowledgeChunkRow.document_id
                )
                .where(condition)
                .order_by(KnowledgeChunkRow.id)
                .limit(limit)
            )
            return [to_chunk(row, source) for row, source in result.all()]

    async def save_embeddings(
        self, model: str, embeddings: Sequence[tuple[Chunk, bytes]]
    ) -> set[int]:
        if not embeddings:
            return set()
        async with self._sessions.begin() as session:
            rows = await session.execute(
                select(KnowledgeChunkRow.id, KnowledgeChunkRow.document_id).where(
                    KnowledgeChunkRow.id.in_([chunk.id for chunk, _ in embeddings])
                )
            )
            # A chunk deleted meanwhile is gone, or its id now belongs to another document.
            present = {(chunk_id, document_id) for chunk_id, document_id in rows}
            kept = [(c, data) for c, data in embeddings if (c.id, c.document_id) in present]
            if kept:
                table = cast(Table, KnowledgeChunkRow.__table__)
                await session.execute(
                    update(table).where(table.c.id == bindparam("chunk_id")),
                    [
                        {"chunk_id": chunk.id, "embedding": data, "embedding_model": model}
                        for chunk, data in kept
                    ],
                )
            return {chunk.id for chunk, _ in kept}


def _by_source(scope: str, source: str) -> Select[KnowledgeDocumentRow]:
    return select(KnowledgeDocumentRow).where(
        KnowledgeDocumentRow.scope == scope, KnowledgeDocumentRow.source == source
    )


async def _next_number(session: AsyncSession, scope: str) -> int:
    highest = await session.scalar(
        select(func.max(KnowledgeDocumentRow.number)).where(KnowledgeDocumentRow.scope == scope)
    )
    return int(highest or 0) + 1


async def _delete_chunks(session: AsyncSession, document_id: int) -> list[int]:
    ids = list(
        await session.scalars(
            select(KnowledgeChunkRow.id).where(KnowledgeChunkRow.document_id == document_id)
        )
    )
    await session.execute(
        delete(KnowledgeChunkRow).where(KnowledgeChunkRow.document_id == document_id)
    )
    return ids
