"""The local vector store: brute-force cosine similarity with numpy.

The database is the source of truth (each chunk row keeps its embedding); this keeps one
normalised matrix per scope in memory, loaded on first query and updated in place. Fine
to about 100,000 chunks on one machine; beyond that, use Pinecone.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bot.knowledge.models import Chunk

# Texts given to an embedding model in one call.
EMBED_BATCH = 64

if TYPE_CHECKING:
    from bot.ports import Embedder, KnowledgeRepository


def to_bytes(vector: Sequence[float]) -> bytes:
    return array("f", vector).tobytes()


def from_bytes(data: bytes) -> list[float]:
    values = array("f")
    values.frombytes(data)
    return values.tolist()


class _Matrix:
    def __init__(self, ids: list[int], rows: Any) -> None:
        self.ids = ids
        self.rows = rows


class LocalVectorStore:
    """Vectors of one embedding model (`model`); chunks embedded by another are left out."""

    def __init__(self, repository: KnowledgeRepository, model: str) -> None:
        self._repository = repository
        self.model = model
        self._scopes: dict[str, _Matrix] = {}

    async def _matrix(self, scope: str) -> _Matrix:
        matrix = self._scopes.get(scope)
        if matrix is None:
            chunks = [
                c
                for c in await self._repository.chunks(scope)
                if c.embedding and c.embedding_model == self.model
            ]
            matrix = _Matrix(
                [c.id for c in chunks],
                _normalised([from_bytes(c.embedding or b"") for c in chunks]),
            )
            self._scopes[scope] = matrix
        return matrix

    async def upsert(
        self, scope: str, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]]
    ) -> None:
        matrix = self._scopes.get(scope)
        if matrix is None:
            return  # loaded from the database, with these rows, on first query
        import numpy as np

        await self.delete(scope, [c.id for c in chunks])
        added = _normalised(vectors)
        matrix.rows = np.vstack([matrix.rows, added]) if matrix.rows.size else added
        matrix.ids.extend(c.id for c in chunks)

    async def delete(self, scope: str, chunk_ids: Sequence[int]) -> None:
        matrix = self._scopes.get(scope)
        if matrix is None:
            return
        gone = set(chunk_ids)
        keep = [i for i, chunk_id in enumerate(matrix.ids) if chunk_id not in gone]
        if len(keep) != len(matrix.ids):
            matrix.ids = [matrix.ids[i] for i in keep]
            matrix.rows = matrix.rows[keep]

    async def query(
        self, scope: str, vector: Sequence[float], top_k: int
    ) -> list[tuple[int, float]]:
        import numpy as np

        matrix = await self._matrix(scope)
        if not matrix.ids:
            return []
        query = _normalised([vector])[0]
        if query.shape[0] != matrix.rows.shape[1]:
            return []
        scores = matrix.rows @ query
        k = min(top_k, len(matrix.ids))
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(matrix.ids[i], float(scores[i])) for i in best]


def _normalised(vectors: Sequence[Sequence[float]]) -> Any:
    import numpy as np

    if not vectors:
        return np.zeros((0, 0), dtype=np.float32)
    rows = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return rows / norms


async def embed_in_batches(embedder: Embedder, texts: Sequence[str]) -> list[list[float]]:
    """Vectors for `texts`, asked of the model a batch at a time."""
    vectors: list[list[float]] = []
    for start in range(0, len(texts), EMBED_BATCH):
        vectors.extend(await embedder.embed(texts[start : start + EMBED_BATCH]))
    return vectors
