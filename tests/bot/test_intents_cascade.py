"""The second opinion: training phrases nearest in meaning, where the fast model is unsure."""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Sequence
from pathlib import Path

import pytest

from bot import understanding
from bot.intents import IntentRouter
from bot.understanding import IntentService

# What the fake model "knows" and the fast model never saw.
SYNONYMS = {"blorptastic": "dentist appointment", "quibbleflap": "jot down"}
# The phrases the second opinion indexes here: few, so hashed words do not collide.
INDEXED = [
    ("events", "dentist appointment friday at 3"),
    ("events", "cancel the dentist appointment"),
    ("events", "move my dentist appointment"),
    ("notes", "jot down the garage code"),
    ("notes", "jot down: party ideas"),
    ("reminders", "remind me at 5 to call mom"),
    ("smalltalk", "hello there"),
]


class FakeEmbedder:
    """Bag of hashed words after a synonym table: phrases sharing words are near."""

    name = "fake:bag-of-words"
    relevance_floor = 0.5

    def __init__(self, fail_single: bool = False) -> None:
        self.calls: list[list[str]] = []
        self.fail_single = fail_single

    async def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if self.fail_single and len(texts) == 1:
            raise RuntimeError("model unavailable")
        self.calls.append(list(texts))
        return [self._vector(text) for text in texts]

    @staticmethod
    def _vector(text: str) -> list[float]:
        vector = [0.0] * 1024
        for word in text.lower().split():
            for part in SYNONYMS.get(word, word).split():
                vector[zlib.crc32(part.encode()) % 1024] += 1.0
        return vector


class NoPhrases:
    async def add(self, *_: object, **__: object) -> None:
        raise NotImplementedError

    async def all(self) -> list[tuple[str, str]]:
        return []

    async def version(self) -> tuple[int, int]:
        return (0, 0)


@pytest.fixture(scope="module")
def router() -> IntentRouter:
    return IntentRouter.from_seed()


@pytest.fixture(autouse=True)
def few_indexed_phrases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(understanding, "training_phrases", lambda extra: [*INDEXED, *extra])


def indexes(folder: Path) -> list[Path]:
    return sorted(folder.glob("neighbours-*.npz"))


async def service_with(
    router: IntentRouter, cache: Path, embedder: FakeEmbedder | None
) -> IntentService:
    service = IntentService.ready(router, NoPhrases(), cache, embedder)
    await service.neighbours()
    return service


async def test_an_unsure_fast_answer_is_overridden_by_the_nearest_phrases(
    router: IntentRouter, tmp_path: Path
) -> None:
    assert router.route("blorptastic").label is None, "the fast model never saw the word"
    service = await service_with(router, tmp_path, FakeEmbedder())
    routing = await service.route("blorptastic")
    assert (routing.label, routing.source) == ("events", "embedding")
    assert routing.confidence >= 0.5
    assert (await service.route("quibbleflap: the garage code is 0909")).label == "notes"


async def test_a_confident_fast_answer_skips_the_embedder(
    router: IntentRouter, tmp_path: Path
) -> None:
    embedder = FakeEmbedder()
    service = await service_with(router, tmp_path, embedder)
    embedder.calls.clear()
    routing = await service.route("remind me to call mom tomorrow at 9")
    assert (routing.label, routing.source) == ("reminders", "model")
    assert embedder.calls == []


async def test_gibberish_still_asks_with_a_second_opinion(
    router: IntentRouter, tmp_path: Path
) -> None:
    service = await service_with(router, tmp_path, FakeEmbedder())
    routing = await service.route("qwzx vrrp blorft")
    assert (routing.label, routing.source) == (None, "none")


async def test_the_index_is_cached_and_reused(router: IntentRouter, tmp_path: Path) -> None:
    first = FakeEmbedder()
    await service_with(router, tmp_path, first)
    assert sum(len(call) for call in first.calls) == len(INDEXED)
    [cached] = indexes(tmp_path)
    again = FakeEmbedder()
    service = await service_with(router, tmp_path, again)
    assert again.calls == [], "loaded from disk, nothing embedded"
    assert (await service.route("blorptastic")).label == "events"
    assert indexes(tmp_path) == [cached]


async def test_a_broken_index_file_is_rebuilt(router: IntentRouter, tmp_path: Path) -> None:
    await service_with(router, tmp_path, FakeEmbedder())
    [cached] = indexes(tmp_path)
    await asyncio.to_thread(cached.write_bytes, b"not an index")
    embedder = FakeEmbedder()
    service = await service_with(router, tmp_path, embedder)
    assert embedder.calls
    assert (await service.route("blorptastic")).label == "events"


async def test_until_the_index_is_ready_the_fast_answer_stands(
    router: IntentRouter, tmp_path: Path
) -> None:
    service = IntentService.ready(router, NoPhrases(), tmp_path, FakeEmbedder())
    assert (await service.route("blorptastic")).label is None
    assert await service.neighbours() is not None
    assert (await service.route("blorptastic")).label == "events"


async def test_without_an_embedder_or_when_it_fails_the_fast_answer_stands(
    router: IntentRouter, tmp_path: Path
) -> None:
    plain = await service_with(router, tmp_path / "plain", None)
    assert await plain.neighbours() is None
    assert await plain.route("blorptastic") == router.route("blorptastic")
    failing = await service_with(router, tmp_path / "failing", FakeEmbedder(fail_single=True))
    assert await failing.route("blorptastic") == router.route("blorptastic")


async def test_a_cached_index_answers_the_first_unsure_message_after_a_restart(
    router: IntentRouter, tmp_path: Path
) -> None:
    await service_with(router, tmp_path, FakeEmbedder())
    embedder = FakeEmbedder()
    restarted = IntentService.ready(router, NoPhrases(), tmp_path, embedder)
    await restarted.route("remind me to call mom tomorrow at 9")
    assert embedder.calls == [], "a confident message needs neither the index nor the model"
    routing = await restarted.route("blorptastic")
    assert (routing.label, routing.source) == ("events", "embedding")
    assert embedder.calls == [["blorptastic"]], "loaded from disk, only the message embedded"
