"""Which embedder the bot runs with, as the environment configures it."""

from __future__ import annotations

import pytest

from adapters.local_embeddings import LocalEmbedder
from adapters.openai_models import OpenAIEmbedder
from bot.cli import _knowledge
from bot.config import Settings
from storage.store import SqlAlchemyStore


def test_offline_the_bundled_model_embeds(sqlite_store: SqlAlchemyStore) -> None:
    kb = _knowledge(Settings(), sqlite_store)
    assert isinstance(kb.embedder, LocalEmbedder)
    assert kb.dense_floor == kb.embedder.relevance_floor


def test_local_embeddings_can_be_turned_off(
    monkeypatch: pytest.MonkeyPatch, sqlite_store: SqlAlchemyStore
) -> None:
    monkeypatch.setenv("LOCAL_EMBEDDINGS", "false")
    assert _knowledge(Settings(), sqlite_store).embedder is None


def test_openai_embeddings_take_over_when_configured(
    monkeypatch: pytest.MonkeyPatch, sqlite_store: SqlAlchemyStore
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    kb = _knowledge(Settings(), sqlite_store)
    assert isinstance(kb.embedder, OpenAIEmbedder)
    assert kb.embedder.name == "openai:text-embedding-3-small"
