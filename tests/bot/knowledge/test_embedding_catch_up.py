"""Chunks without the current model's vectors get them later, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

import pytest

from adapters.local_embeddings import LocalEmbedder
from bot.knowledge.models import GLOBAL, Chunk, DocumentKind, chat_scope
from bot.knowledge.service import KnowledgeBase
from bot.knowledge.vectors import LocalVectorStore, to_bytes
from storage.store import SqlAlchemyStore
from tests.helpers.knowledge import LEAVE, OTHER_WORDS

TEAM = chat_scope("slack", "C042")


async def learn_leave_policy(store: SqlAlchemyStore) -> int:
    """The leave policy, learned while embeddings were off; returns its chunk count."""
    stored = await KnowledgeBase(store.knowledge).add_text(
        GLOBAL, "leave.md", "Leave policy", LEAVE, DocumentKind.FILE
    )
    return stored.document.chunk_count


class FlakyIndex(LocalVectorStore):
    """A vector index whose first write fails, as a remote one does when it is down."""

    down = True

    async def upsert(
        self, scope: str, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]]
    ) -> None:
        if self.down:
            self.down = False
            raise ConnectionError("index unavailable")
        await super().upsert(scope, chunks, vectors)


class Meanwhile:
    """An embedder during whose work on passages something else happens."""

    def __init__(self, inner: LocalEmbedder, event: Callable[[], Awaitable[object]]) -> None:
        self.inner = inner
        self.event = event
        self.name = inner.name
        self.relevance_floor = inner.relevance_floor

    async def embed(self, texts: Sequence[str]) -> list[list[float]]:
        vectors = await self.inner.embed(texts)
        if len(texts) > 1:
            await self.event()
        return vectors


async def test_chunks_learned_without_this_model_are_embedded_later(
    store: SqlAlchemyStore, local_embedder: LocalEmbedder
) -> None:
    """Turning embeddings on, or changing the model, needs no re-ingestion."""
    repository = store.knowledge
    chunks = await learn_leave_policy(store)
    await KnowledgeBase(repository).add_text(
        TEAM, "list.md", "Shopping", "Buy oat milk", DocumentKind.SNIPPET
    )
    [snippet] = await repository.chunks(TEAM)
    # Another model's vector of the same size, equal to the question's own: were vectors of
    # two models compared, it would be the perfect match.
    [question] = await local_embedder.embed([OTHER_WORDS])
    saved = await repository.save_embeddings("openai:old", [(snippet, to_bytes(question))])
    assert saved == {snippet.id}

    kb = KnowledgeBase(repository, embedder=local_embedder)
    assert await kb.search([GLOBAL, TEAM], OTHER_WORDS) == []

    assert await kb.embed_missing() == chunks + 1
    assert await kb.embed_missing() == 0
    stored = [*await repository.chunks(GLOBAL), *await repository.chunks(TEAM)]
    assert {c.embedding_model for c in stored} == {local_embedder.name}
    hits = await kb.search([GLOBAL, TEAM], OTHER_WORDS)
    assert hits and "sixteen weeks" in hits[0].chunk.text
    milk = await kb.search([TEAM], "dairy-free drinks to pick up")
    assert milk and milk[0].chunk.text.endswith("Buy oat milk")


async def test_a_long_document_is_confirmed_at_once_and_embedded_in_the_background(
    store: SqlAlchemyStore, local_embedder: LocalEmbedder
) -> None:
    repository = store.knowledge
    kb = KnowledgeBase(repository, embedder=local_embedder, inline_embeddings=1)
    stored = await kb.add_text(GLOBAL, "leave.md", "Leave policy", LEAVE, DocumentKind.FILE)
    assert stored.document.chunk_count > 1
    assert all(c.embedding is None for c in stored.chunks)
    assert await kb.search([GLOBAL], "sick days")

    await kb.embedded()
    assert {c.embedding_model for c in await repository.chunks(GLOBAL)} == {local_embedder.name}
    hits = await kb.search([GLOBAL], OTHER_WORDS)
    assert hits and "sixteen weeks" in hits[0].chunk.text


async def test_vectors_the_index_did_not_take_are_made_again(
    store: SqlAlchemyStore, local_embedder: LocalEmbedder
) -> None:
    chunks = await learn_leave_policy(store)
    index = FlakyIndex(store.knowledge, local_embedder.name)
    kb = KnowledgeBase(store.knowledge, embedder=local_embedder, vectors=index)
    with pytest.raises(ConnectionError):
        await kb.embed_missing()
    assert all(c.embedding is None for c in await store.knowledge.chunks(GLOBAL))

    assert await kb.embed_missing() == chunks
    hits = await kb.search([GLOBAL], OTHER_WORDS)
    assert hits and "sixteen weeks" in hits[0].chunk.text


async def test_a_document_removed_while_embedded_leaves_no_vectors_behind(
    store: SqlAlchemyStore, local_embedder: LocalEmbedder
) -> None:
    await learn_leave_policy(store)
    index = LocalVectorStore(store.knowledge, local_embedder.name)
    kb = KnowledgeBase(
        store.knowledge,
        embedder=Meanwhile(local_embedder, lambda: kb.remove_source(GLOBAL, "leave.md")),
        vectors=index,
    )
    [question] = await local_embedder.embed([OTHER_WORDS])
    assert await index.query(GLOBAL, question, 10) == []  # loaded, so writes reach it

    await kb.embed_missing()
    assert await store.knowledge.chunks(GLOBAL) == []
    assert await index.query(GLOBAL, question, 10) == []
