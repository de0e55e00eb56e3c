"""Chunk vectors in a Pinecone index: one namespace per scope, metadata naming the scope.

The SDK is synchronous, so calls run in a worker thread. Every query also filters on the
scope's metadata, so a vector stored in the wrong namespace still cannot leak.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bot.knowledge.models import Chunk

if TYPE_CHECKING:
    from pinecone import Index

UPSERT_BATCH = 100
TIMEOUT = 20.0


def namespace(scope: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "-", scope)


def vector_id(chunk_id: int) -> str:
    return f"chunk-{chunk_id}"


class PineconeVectorStore:
    """Vectors of one embedding `model`: it is in every vector's metadata and every filter."""

    def __init__(self, api_key: str, host: str, model: str) -> None:
        self._options = (api_key, host)
        self.model = model
        self._made: Index | None = None

    @property
    def _index(self) -> Index:
        """The SDK's index client, made on first use so start-up does not load the SDK."""
        if self._made is None:
            from pinecone import Pinecone

            api_key, host = self._options
            self._made = Pinecone(api_key=api_key, timeout=TIMEOUT).index(host=host)
        return self._made

    async def upsert(
        self, scope: str, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]]
    ) -> None:
        items: list[dict[str, Any]] = [
            {
                "id": vector_id(chunk.id),
                "values": list(vector),
                "metadata": {
                    "scope": scope,
                    "model": self.model,
                    "document_id": chunk.document_id,
                    "source": chunk.source,
                    "title": chunk.title,
                    "position": chunk.position,
                },
            }
            for chunk, vector in zip(chunks, vectors, strict=True)
        ]
        for start in range(0, len(items), UPSERT_BATCH):
            batch = items[start : start + UPSERT_BATCH]
            await asyncio.to_thread(
                self._index.upsert, vectors=batch, namespace=namespace(scope), show_progress=False
            )

    async def query(
        self, scope: str, vector: Sequence[float], top_k: int
    ) -> list[tuple[int, float]]:
        response = await asyncio.to_thread(
            self._index.query,
            top_k=top_k,
            vector=list(vector),
            namespace=namespace(scope),
            filter={"scope": {"$eq": scope}, "model": {"$eq": self.model}},
            include_metadata=True,
        )
        found: list[tuple[int, float]] = []
        for match in response.matches:
            metadata = match.metadata or {}
            if metadata.get("scope") != scope or metadata.get("model") != self.model:
                continue
            found.append((int(match.id.removeprefix("chunk-")), float(match.score)))
        return found

    async def delete(self, scope: str, chunk_ids: Sequence[int]) -> None:
        if not chunk_ids:
            return
        ids = [vector_id(i) for i in chunk_ids]
        for start in range(0, len(ids), 1000):
            await asyncio.to_thread(
                self._index.delete, ids=ids[start : start + 1000], namespace=namespace(scope)
            )
