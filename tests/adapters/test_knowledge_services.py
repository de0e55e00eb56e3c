from __future__ import annotations

import re

import pytest

from adapters.openai_models import OpenAIChatModel, OpenAIEmbedder
from adapters.pinecone_store import PineconeVectorStore
from bot.knowledge.answering import MODEL_FAILED
from bot.knowledge.models import GLOBAL, user_scope
from bot.knowledge.service import KnowledgeBase
from storage.store import SqlAlchemyStore
from tests.fakes.openai import FakeOpenAI
from tests.fakes.pinecone import FakePinecone
from tests.helpers.knowledge import TRAVEL


def chat(server: FakeOpenAI, timeout: float = 5.0) -> OpenAIChatModel:
    return OpenAIChatModel(
        "fake-chat", api_key="sk-test", base_url=server.base_url, timeout=timeout, retries=0
    )


def embedder(server: FakeOpenAI) -> OpenAIEmbedder:
    return OpenAIEmbedder("fake-embed", api_key="sk-test", base_url=server.base_url, retries=0)


async def test_model_answers_from_numbered_passages_and_keeps_the_conversation(
    sqlite_store: SqlAlchemyStore, openai_server: FakeOpenAI
) -> None:
    kb = KnowledgeBase(sqlite_store.knowledge, chat=chat(openai_server), persona="You are Nudge.")
    await kb.add_file(GLOBAL, "travel.md", TRAVEL)
    openai_server.reply = "The meal allowance is 45 euros a day [1]."
    answer = await kb.answer([GLOBAL], "what is the meal allowance?", "1:console:c")
    assert answer.text == "The meal allowance is 45 euros a day [1]."
    assert answer.hits[0].chunk.source == "travel.md"
    sent = openai_server.chat_requests()[-1]["messages"]
    assert sent[0]["role"] == "system" and "You are Nudge." in sent[0]["content"]
    assert "only the numbered passages" in sent[0]["content"]
    assert "[1] Travel policy" in sent[-1]["content"]

    await kb.answer([GLOBAL], "and the hotel limit per night?", "1:console:c")
    follow_up = openai_server.chat_requests()[-1]["messages"]
    assert {"role": "user", "content": "what is the meal allowance?"} in follow_up
    assert {"role": "assistant", "content": openai_server.reply} in follow_up


@pytest.mark.parametrize("mode", ["error", "hang"])
async def test_model_failure_or_timeout_falls_back_to_quoting(
    sqlite_store: SqlAlchemyStore, openai_server: FakeOpenAI, mode: str
) -> None:
    kb = KnowledgeBase(sqlite_store.knowledge, chat=chat(openai_server, timeout=0.3))
    await kb.add_file(GLOBAL, "travel.md", TRAVEL)
    openai_server.mode = mode
    answer = await kb.answer([GLOBAL], "what is the meal allowance?")
    assert answer.found
    assert answer.text.startswith(MODEL_FAILED)
    assert "45 euros" in answer.text


async def test_dense_retrieval_with_local_vectors_finds_by_meaning_of_words(
    sqlite_store: SqlAlchemyStore, openai_server: FakeOpenAI
) -> None:
    kb = KnowledgeBase(sqlite_store.knowledge, embedder=embedder(openai_server))
    await kb.add_file(GLOBAL, "travel.md", TRAVEL)
    chunks = await sqlite_store.knowledge.chunks(GLOBAL)
    assert all(c.embedding for c in chunks)
    hits = await kb.search([GLOBAL], "nightly limit hotel rooms")
    assert "160 euros" in hits[0].chunk.text
    assert any(path == "/v1/embeddings" for path in openai_server.paths())


async def test_pinecone_keeps_scopes_and_models_apart_and_follows_removals(
    sqlite_store: SqlAlchemyStore, openai_server: FakeOpenAI, pinecone_server: FakePinecone
) -> None:
    store = PineconeVectorStore("pc-test", pinecone_server.url, "openai:fake-embed")
    kb = KnowledgeBase(sqlite_store.knowledge, embedder=embedder(openai_server), vectors=store)
    alice = await sqlite_store.users.resolve("console", "alice", "c", "Alice", "UTC")
    stored = await kb.add_file(user_scope(alice.id), "travel.md", TRAVEL)
    namespace = f"user-{alice.id}"
    assert len(pinecone_server.namespaces[namespace]) == stored.document.chunk_count
    query = [b for p, b in pinecone_server.requests if p == "/query"]
    assert not query
    [vector] = await embedder(openai_server).embed(["nightly hotel limit"])
    assert await store.query(GLOBAL, vector, 3) == []
    found = await store.query(user_scope(alice.id), vector, 3)
    assert found and found[0][0] in {c.id for c in stored.chunks}
    last = [b for p, b in pinecone_server.requests if p == "/query"][-1]
    assert last["namespace"] == namespace
    assert last["filter"] == {
        "scope": {"$eq": user_scope(alice.id)},
        "model": {"$eq": "openai:fake-embed"},
    }
    # After a change of embedding model, the old model's vectors are never compared.
    other_model = PineconeVectorStore("pc-test", pinecone_server.url, "openai:another")
    assert await other_model.query(user_scope(alice.id), vector, 3) == []

    await kb.remove(user_scope(alice.id), stored.document.number)
    assert pinecone_server.namespaces[namespace] == {}


async def test_a_failing_vector_index_leaves_nothing_half_stored(
    sqlite_store: SqlAlchemyStore, openai_server: FakeOpenAI, pinecone_server: FakePinecone
) -> None:
    from bot.knowledge.extract import IngestError

    store = PineconeVectorStore("pc-test", pinecone_server.url, "openai:fake-embed")
    kb = KnowledgeBase(sqlite_store.knowledge, embedder=embedder(openai_server), vectors=store)
    pinecone_server.fail_upserts = True
    with pytest.raises(IngestError, match="nothing was kept"):
        await kb.add_file(GLOBAL, "travel.md", TRAVEL)
    assert await kb.documents(GLOBAL) == []


async def test_an_upload_while_embeddings_are_down_is_kept_and_embedded_later(
    sqlite_store: SqlAlchemyStore, openai_server: FakeOpenAI
) -> None:
    kb = KnowledgeBase(sqlite_store.knowledge, embedder=embedder(openai_server))
    openai_server.embeddings_down = True
    stored = await kb.add_file(GLOBAL, "travel.md", TRAVEL)
    await kb.embedded()  # the background attempt fails too, and is logged
    assert all(c.embedding is None for c in await sqlite_store.knowledge.chunks(GLOBAL))
    hits = await kb.search([GLOBAL], "nightly hotel limit")
    assert hits and "160 euros" in hits[0].chunk.text

    openai_server.embeddings_down = False
    assert await kb.embed_missing() == stored.document.chunk_count
    assert all(c.embedding for c in await sqlite_store.knowledge.chunks(GLOBAL))


async def test_fake_transcription_speaks_the_real_protocol(openai_server: FakeOpenAI) -> None:
    from openai import AsyncOpenAI

    client = AsyncOpenAI(api_key="sk-test", base_url=openai_server.base_url, max_retries=0)
    result = await client.audio.transcriptions.create(
        model="whisper-1", file=("voice.ogg", b"OggS fake audio")
    )
    assert result.text == openai_server.transcript
    await client.close()


async def test_model_may_say_the_documents_dont_say_and_cites_only_what_it_used(
    sqlite_store: SqlAlchemyStore, openai_server: FakeOpenAI
) -> None:
    kb = KnowledgeBase(sqlite_store.knowledge, chat=chat(openai_server))
    await kb.add_file(GLOBAL, "travel.md", TRAVEL)
    question = "what are the hotel and meal limits on travel days?"
    openai_server.reply = "The documents don't say."
    declined = await kb.answer([GLOBAL], question)
    assert not declined.found and declined.hits == []
    sent = openai_server.chat_requests()[-1]["messages"]
    assert "The documents don't say." in sent[0]["content"]
    parts = re.split(r"^\[(\d+)\] ", sent[-1]["content"], flags=re.MULTILINE)[1:]
    passages = dict(zip(parts[::2], parts[1::2], strict=True))
    assert len(passages) == 2
    meals = next(number for number, text in passages.items() if "45 euros" in text)

    openai_server.reply = f"Meals are covered up to 45 euros a day [{meals}]."
    answer = await kb.answer([GLOBAL], question)
    assert answer.found
    assert answer.text == "Meals are covered up to 45 euros a day [1]."
    assert [h.chunk.title for h in answer.hits] == ["Travel policy › Meals"]
