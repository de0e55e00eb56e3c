"""The bundled MiniLM model, run with numpy, in the knowledge base."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from adapters.local_embeddings import LocalEmbedder, bundled_model
from bot.knowledge.models import GLOBAL, DocumentKind, chat_scope
from bot.knowledge.service import KnowledgeBase
from bot.knowledge.vectors import to_bytes
from storage.store import SqlAlchemyStore

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "minilm_reference.json"

LEAVE = """# Leave policy

## Parental leave

New parents receive sixteen weeks of paid time off after a birth or an adoption.

## Sick days

Report sickness to your manager before ten o'clock on the first day.
"""
# Shares no word, stem or synonym with the passage that answers it.
TEAM = chat_scope("slack", "C042")
QUESTION = "How long may a mother or father stay home once their newborn arrives?"


@pytest.fixture(scope="module")
def embedder() -> LocalEmbedder:
    folder = bundled_model()
    assert folder is not None, "the model package is installed by `make test`"
    return LocalEmbedder(folder)


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_vectors_match_the_reference_implementation(embedder: LocalEmbedder) -> None:
    """The reference vectors were made by sentence-transformers with the same weights."""
    reference = json.loads(REFERENCE.read_text())
    vectors = embedder.encode(reference["texts"])
    for ours, theirs in zip(vectors, reference["vectors"], strict=True):
        assert len(ours) == 384
        assert max(abs(a - b) for a, b in zip(ours, theirs, strict=True)) < 1e-4
        assert math.isclose(math.fsum(x * x for x in ours), 1.0, rel_tol=1e-5)


def test_batches_of_any_length_keep_their_order(embedder: LocalEmbedder) -> None:
    texts = ["short", "a rather longer sentence about invoices " * 8, "", "médecin de garde"]
    together = embedder.encode(texts)
    for text, vector in zip(texts, together, strict=True):
        alone = embedder.encode([text])[0]
        assert max(abs(a - b) for a, b in zip(vector, alone, strict=True)) < 1e-5


def test_meaning_counts_more_than_words(embedder: LocalEmbedder) -> None:
    question, paraphrase, unrelated = embedder.encode(
        [
            "How do I reset my password?",
            "Steps to recover a forgotten login credential",
            "Password-protected files open in the viewer",
        ]
    )
    assert cosine(question, paraphrase) > cosine(question, unrelated) + 0.1


async def test_nothing_to_embed_loads_nothing(tmp_path: Path) -> None:
    assert await LocalEmbedder(tmp_path / "no-model-here").embed([]) == []


async def test_a_question_in_other_words_is_found_only_with_embeddings(
    sqlite_store: SqlAlchemyStore, embedder: LocalEmbedder
) -> None:
    lexical = KnowledgeBase(sqlite_store.knowledge)
    await lexical.add_text(GLOBAL, "leave.md", "Leave policy", LEAVE, DocumentKind.FILE)
    assert await lexical.search([GLOBAL], QUESTION) == []

    hybrid = KnowledgeBase(sqlite_store.knowledge, embedder=embedder)
    await hybrid.add_text(GLOBAL, "leave2.md", "Leave policy", LEAVE, DocumentKind.FILE)
    hits = await hybrid.search([GLOBAL], QUESTION)
    assert hits and "sixteen weeks" in hits[0].chunk.text
    assert await hybrid.search([GLOBAL], "Who won the football world cup in 1970?") == []


async def test_chunks_learned_without_this_model_are_embedded_later(
    sqlite_store: SqlAlchemyStore, embedder: LocalEmbedder
) -> None:
    """Turning embeddings on, or changing the model, needs no re-ingestion."""
    repository = sqlite_store.knowledge
    await KnowledgeBase(repository).add_text(
        GLOBAL, "leave.md", "Leave policy", LEAVE, DocumentKind.FILE
    )
    other = KnowledgeBase(repository)
    await other.add_text(TEAM, "list.md", "Shopping", "Buy oat milk", DocumentKind.SNIPPET)
    [snippet] = await repository.chunks(TEAM)
    # A vector of another model, of another size, must never meet this model's.
    await repository.save_embeddings("openai:old", {snippet.id: to_bytes([1.0, 0.0, 0.0])})

    kb = KnowledgeBase(repository, embedder=embedder)
    assert await kb.search([GLOBAL, TEAM], QUESTION) == []

    chunks = len(await repository.chunks(GLOBAL)) + 1
    assert await kb.embed_missing() == chunks
    assert await kb.embed_missing() == 0
    stored = [*await repository.chunks(GLOBAL), *await repository.chunks(TEAM)]
    assert {c.embedding_model for c in stored} == {embedder.name}
    hits = await kb.search([GLOBAL, TEAM], QUESTION)
    assert hits and "sixteen weeks" in hits[0].chunk.text
    milk = await kb.search([TEAM], "dairy-free drinks to pick up")
    assert milk and milk[0].chunk.text.endswith("Buy oat milk")


async def test_a_long_document_is_confirmed_at_once_and_embedded_in_the_background(
    sqlite_store: SqlAlchemyStore, embedder: LocalEmbedder
) -> None:
    repository = sqlite_store.knowledge
    kb = KnowledgeBase(repository, embedder=embedder, inline_embeddings=1)
    stored = await kb.add_text(GLOBAL, "leave.md", "Leave policy", LEAVE, DocumentKind.FILE)
    assert stored.document.chunk_count > 1
    assert all(c.embedding is None for c in stored.chunks)
    assert await kb.search([GLOBAL], "sick days")

    await kb.embedded()
    assert {c.embedding_model for c in await repository.chunks(GLOBAL)} == {embedder.name}
    hits = await kb.search([GLOBAL], QUESTION)
    assert hits and "sixteen weeks" in hits[0].chunk.text
