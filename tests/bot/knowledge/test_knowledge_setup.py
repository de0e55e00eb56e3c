"""Which embedder the bot runs with, as the environment configures it."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.local_embeddings import LocalEmbedder
from adapters.openai_models import OpenAIEmbedder
from adapters.pinecone_store import PineconeVectorStore
from bot.cli import _build, _knowledge, _open_store
from bot.config import Settings
from bot.knowledge.models import GLOBAL, DocumentKind
from bot.knowledge.service import KnowledgeBase
from bot.knowledge.vectors import LocalVectorStore
from storage.store import SqlAlchemyStore
from tests.helpers.knowledge import LEAVE, OTHER_WORDS


def test_offline_the_bundled_model_embeds(
    monkeypatch: pytest.MonkeyPatch, sqlite_store: SqlAlchemyStore
) -> None:
    # Pinecone holds OpenAI's vectors; without them the local store serves the bundled model.
    monkeypatch.setenv("PINECONE_API_KEY", "pc-test")
    monkeypatch.setenv("PINECONE_INDEX_HOST", "http://127.0.0.1:9")
    kb = _knowledge(Settings(), sqlite_store)
    assert isinstance(kb.embedder, LocalEmbedder)
    assert kb.dense_floor == kb.embedder.relevance_floor
    assert isinstance(kb.vectors, LocalVectorStore)
    assert kb.vectors.model == kb.embedder.name


def test_local_embeddings_can_be_turned_off(
    monkeypatch: pytest.MonkeyPatch, sqlite_store: SqlAlchemyStore
) -> None:
    monkeypatch.setenv("LOCAL_EMBEDDINGS", "false")
    assert _knowledge(Settings(), sqlite_store).embedder is None


def test_openai_embeddings_take_over_when_configured(
    monkeypatch: pytest.MonkeyPatch, sqlite_store: SqlAlchemyStore
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("PINECONE_API_KEY", "pc-test")
    monkeypatch.setenv("PINECONE_INDEX_HOST", "http://127.0.0.1:9")
    kb = _knowledge(Settings(), sqlite_store)
    assert isinstance(kb.embedder, OpenAIEmbedder)
    assert kb.embedder.name == "openai:text-embedding-3-small"
    assert isinstance(kb.vectors, PineconeVectorStore)
    assert kb.vectors.model == kb.embedder.name


async def test_a_starting_bot_embeds_what_was_learned_without_embeddings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    settings = Settings()
    store = await _open_store(settings)
    await KnowledgeBase(store.knowledge).add_text(
        GLOBAL, "leave.md", "Leave policy", LEAVE, DocumentKind.FILE
    )
    await store.close()

    core = await _build(settings)
    try:
        kb = core.services.knowledge
        assert kb is not None and kb.embedder is not None
        await kb.embedded()
        hits = await kb.search([GLOBAL], OTHER_WORDS)
        assert hits and hits[0].chunk.embedding_model == kb.embedder.name
        assert "sixteen weeks" in hits[0].chunk.text
    finally:
        await core.close()
