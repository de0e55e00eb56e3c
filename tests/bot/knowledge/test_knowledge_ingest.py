from __future__ import annotations

import pytest

from bot.knowledge.chunking import chunk_text
from bot.knowledge.extract import IngestError
from bot.knowledge.models import GLOBAL, DocumentKind
from bot.knowledge.service import KnowledgeBase
from storage.store import SqlAlchemyStore
from tests.helpers.knowledge import TRAVEL, pdf_bytes


@pytest.fixture
def kb(sqlite_store: SqlAlchemyStore) -> KnowledgeBase:
    return KnowledgeBase(sqlite_store.knowledge)


def test_chunks_follow_headings_and_keep_titles_and_positions() -> None:
    text = "# Guide\n\nIntro line.\n\n## Hotels\n\n" + "Hotels are booked early. " * 80
    chunks = chunk_text(text, "Guide", max_chars=300, overlap=60)
    assert [c.position for c in chunks] == list(range(len(chunks)))
    assert chunks[0].title == "Guide"
    hotel_chunks = [c for c in chunks if c.title.endswith("Hotels")]
    assert len(hotel_chunks) > 2
    assert all(len(c.text) <= 300 + len("Hotels\n") for c in hotel_chunks)
    # The overlap repeats the end of one chunk at the start of the next.
    first_tail = hotel_chunks[0].text.split("\n")[-1][-40:]
    assert first_tail in hotel_chunks[1].text


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("travel.md", TRAVEL),
        ("travel.txt", TRAVEL),
        (
            "travel.html",
            b"<html><head><title>Travel</title><script>var x='hidden';</script></head>"
            b"<body><h2>Hotels</h2><p>The nightly limit is 160 euros.</p></body></html>",
        ),
        ("travel.pdf", pdf_bytes("Hotels: the nightly limit is 160 euros.")),
    ],
)
async def test_each_file_type_is_learned_and_answers(
    kb: KnowledgeBase, filename: str, data: bytes
) -> None:
    stored = await kb.add_file(GLOBAL, filename, data)
    assert stored.document.chunk_count >= 1
    hits = await kb.search([GLOBAL], "what is the nightly hotel limit?")
    assert hits and "160 euros" in hits[0].chunk.text
    assert hits[0].chunk.source == filename
    assert "hidden" not in " ".join(h.chunk.text for h in hits)


async def test_adding_the_same_file_again_replaces_its_chunks(kb: KnowledgeBase) -> None:
    first = await kb.add_file(GLOBAL, "travel.md", TRAVEL)
    again = await kb.add_file(GLOBAL, "travel.md", TRAVEL)
    assert again.unchanged
    changed = await kb.add_file(GLOBAL, "travel.md", TRAVEL.replace(b"160", b"175"))
    assert not changed.unchanged
    assert changed.document.number == first.document.number
    assert len(await kb.documents(GLOBAL)) == 1
    hits = await kb.search([GLOBAL], "nightly hotel limit")
    assert "175 euros" in hits[0].chunk.text
    assert all("160 euros" not in h.chunk.text for h in hits)


@pytest.mark.parametrize(
    ("filename", "data", "reason"),
    [
        ("empty.md", b"   \n\n", "is empty"),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        ("secret.pdf", pdf_bytes("classified", password="hunter2"), "encrypted"),
        ("huge.txt", b"a" * (20 * 1024 * 1024 + 1), "too large"),
        ("broken.pdf", b"%PDF-1.7 this is not really a pdf", "not a readable PDF"),
    ],
)
async def test_bad_files_are_refused_and_store_nothing(
    kb: KnowledgeBase, filename: str, data: bytes, reason: str
) -> None:
    with pytest.raises(IngestError, match=reason):
        await kb.add_file(GLOBAL, filename, data)
    assert await kb.documents(GLOBAL) == []
    assert await kb.repository.chunks(GLOBAL) == []


async def test_removed_documents_are_no_longer_found(kb: KnowledgeBase) -> None:
    stored = await kb.add_file(GLOBAL, "travel.md", TRAVEL)
    assert await kb.search([GLOBAL], "meal allowance")
    await kb.remove(GLOBAL, stored.document.number)
    assert await kb.search([GLOBAL], "meal allowance") == []


async def test_relevance_floor_keeps_unrelated_questions_unanswered(kb: KnowledgeBase) -> None:
    await kb.add_file(GLOBAL, "travel.md", TRAVEL)
    await kb.add_text(
        GLOBAL, "soup", "Soup", "Lentil soup needs red lentils.", DocumentKind.SNIPPET
    )
    answer = await kb.answer([GLOBAL], "who won the football world cup in 1970?")
    assert not answer.found
    assert "couldn't find anything" in answer.text
    assert "/learn" in answer.text and "nudge kb add" in answer.text


async def test_offline_answer_quotes_the_passage_and_cites_it(kb: KnowledgeBase) -> None:
    await kb.add_file(GLOBAL, "travel.md", TRAVEL)
    answer = await kb.answer([GLOBAL], "How much is the meal allowance per day?")
    assert answer.found
    assert "45 euros" in answer.text and "[1]" in answer.text
    assert answer.hits[0].chunk.source == "travel.md"
