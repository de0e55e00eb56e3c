"""Forgetting a person deletes their vectors from Pinecone, and nobody else's."""

from __future__ import annotations

from adapters.openai_models import OpenAIEmbedder
from adapters.pinecone_store import PineconeVectorStore
from bot.app import assemble
from bot.config import Settings
from bot.handlers.privacy import forget_user
from bot.knowledge.models import DocumentKind, user_scope
from bot.knowledge.service import KnowledgeBase
from bot.understanding import IntentService
from storage.store import SqlAlchemyStore
from tests.fakes.openai import FakeOpenAI
from tests.fakes.pinecone import FakePinecone
from tests.helpers.bot import seed_router
from tests.helpers.clock import FakeClock
from tests.helpers.knowledge import LEAVE, TRAVEL


async def test_forget_deletes_the_persons_vectors_from_pinecone(
    sqlite_store: SqlAlchemyStore,
    settings: Settings,
    clock: FakeClock,
    openai_server: FakeOpenAI,
    pinecone_server: FakePinecone,
) -> None:
    embedder = OpenAIEmbedder(
        "fake-embed", api_key="sk-test", base_url=openai_server.base_url, retries=0
    )
    vectors = PineconeVectorStore("pc-test", pinecone_server.url, "openai:fake-embed")
    kb = KnowledgeBase(sqlite_store.knowledge, embedder=embedder, vectors=vectors)
    intents = IntentService.ready(seed_router(), sqlite_store.phrases, settings.data_dir)
    core = assemble(sqlite_store, settings, clock, intents, wake=lambda: None, knowledge=kb)
    alice = await sqlite_store.users.resolve("console", "alice", "c", "Alice", "UTC")
    bob = await sqlite_store.users.resolve("console", "bob", "c", "Bob", "UTC")
    await kb.add_file(user_scope(alice.id), "travel.md", TRAVEL)
    await kb.add_text(user_scope(alice.id), "leave", "Leave", LEAVE, DocumentKind.SNIPPET)
    kept = await kb.add_file(user_scope(bob.id), "travel.md", TRAVEL)
    assert len(pinecone_server.namespaces[f"user-{alice.id}"]) > 0

    erased = await forget_user(core.services, alice.id)

    assert erased["identities"] == 1
    assert pinecone_server.namespaces[f"user-{alice.id}"] == {}
    assert len(pinecone_server.namespaces[f"user-{bob.id}"]) == kept.document.chunk_count
    assert await kb.documents(user_scope(alice.id)) == []
