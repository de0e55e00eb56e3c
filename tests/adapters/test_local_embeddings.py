"""The bundled MiniLM model, run with numpy, in the knowledge base."""

from __future__ import annotations

import json
import math
from pathlib import Path

from adapters.local_embeddings import LocalEmbedder
from bot.knowledge.models import GLOBAL, DocumentKind
from bot.knowledge.service import KnowledgeBase
from storage.store import SqlAlchemyStore
from tests.helpers.knowledge import LEAVE, OTHER_WORDS

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "minilm_reference.json"


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_vectors_match_the_reference_implementation(local_embedder: LocalEmbedder) -> None:
    """The reference vectors were made by sentence-transformers with the same weights."""
    reference = json.loads(REFERENCE.read_text())
    vectors = local_embedder.encode(reference["texts"])
    for ours, theirs in zip(vectors, reference["vectors"], strict=True):
        assert len(ours) == 384
        assert max(abs(a - b) for a, b in zip(ours, theirs, strict=True)) < 1e-5
        assert math.isclose(math.fsum(x * x for x in ours), 1.0, rel_tol=1e-5)


def test_batches_of_any_length_keep_their_order(local_embedder: LocalEmbedder) -> None:
    texts = ["short", "a rather longer sentence about invoices " * 8, "", "médecin de garde"]
    together = local_embedder.encode(texts)
    for text, vector in zip(texts, together, strict=True):
        alone = local_embedder.encode([text])[0]
        assert max(abs(a - b) for a, b in zip(vector, alone, strict=True)) < 1e-5


def test_meaning_counts_more_than_words(local_embedder: LocalEmbedder) -> None:
    question, paraphrase, unrelated = local_embedder.encode(
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
    sqlite_store: SqlAlchemyStore, local_embedder: LocalEmbedder
) -> None:
    lexical = KnowledgeBase(sqlite_store.knowledge)
    await lexical.add_text(GLOBAL, "leave.md", "Leave policy", LEAVE, DocumentKind.FILE)
    assert await lexical.search([GLOBAL], OTHER_WORDS) == []

    hybrid = KnowledgeBase(sqlite_store.knowledge, embedder=local_embedder)
    await hybrid.add_text(GLOBAL, "leave2.md", "Leave policy", LEAVE, DocumentKind.FILE)
    hits = await hybrid.search([GLOBAL], OTHER_WORDS)
    assert hits and "sixteen weeks" in hits[0].chunk.text
    assert await hybrid.search([GLOBAL], "Who won the football world cup in 1970?") == []


def test_an_unused_model_is_let_go_and_loads_again_when_needed(
    local_embedder: LocalEmbedder,
) -> None:
    now = [1000.0]
    embedder = LocalEmbedder(local_embedder.folder, clock=lambda: now[0])
    [before] = embedder.encode(["dentist on friday"])
    now[0] += 599
    assert not embedder.release(unused_for=600), "used within the last ten minutes"
    assert embedder.loaded
    now[0] += 1
    assert embedder.release(unused_for=600)
    assert not embedder.loaded
    [after] = embedder.encode(["dentist on friday"])
    assert embedder.loaded
    assert max(abs(a - b) for a, b in zip(before, after, strict=True)) < 1e-6
