"""The live intent router: loaded in the background at start, retrained when phrases change.

Training phrases live in the database (admins' `/train`, people's answers to "did you mean…?"),
so every process sees the same ones; each process notices a change on its next refresh and
retrains without a restart. The fitted model is cached on disk keyed by its training data, so
an unchanged start-up only loads it.

With an embedder, a message the fast model is unsure of gets a second opinion from the training
phrases nearest in meaning. Their vectors are built in the background (cached on disk like the
model) and, once cached, loaded when a message first needs them; until they are built, and
without an embedder, the fast model's answer stands.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import structlog

from bot.intents import IntentRouter, Routing
from bot.intents.neighbours import PhraseIndex, forget_others, index_path
from bot.intents.router import RouterStatus, training_phrases
from bot.intents.text import MAX_CHARS
from bot.knowledge.vectors import embed_in_batches
from bot.ports import Embedder, PhraseRepository

log = structlog.get_logger(__name__)


class IntentService:
    def __init__(
        self, phrases: PhraseRepository, cache_dir: Path, embedder: Embedder | None = None
    ) -> None:
        self._phrases = phrases
        self._cache_dir = cache_dir
        self._embedder = embedder
        self._router: IntentRouter | None = None
        self._version: tuple[int, int] | None = None
        self._loading: asyncio.Task[bool] | None = None
        self._lock = asyncio.Lock()
        self._training: list[tuple[str, str]] = []
        # Where the index of `_training` is cached: hashing the phrases costs milliseconds.
        self._training_path: Path | None = None
        self._index: PhraseIndex | None = None
        self._indexing: asyncio.Task[PhraseIndex] | None = None
        self._index_path: Path | None = None

    @classmethod
    def ready(
        cls,
        router: IntentRouter,
        phrases: PhraseRepository,
        cache_dir: Path,
        embedder: Embedder | None = None,
    ) -> IntentService:
        """A service around an already trained router (tests, benchmarks); seeds index it."""
        service = cls(phrases, cache_dir, embedder)
        service._router = router
        service._train(training_phrases([]))
        return service

    def start(self) -> None:
        """Begin loading (or training) in the background; the first message waits for it."""
        if self._router is None and self._loading is None:
            self._loading = asyncio.get_running_loop().create_task(self.refresh())

    async def router(self) -> IntentRouter:
        if self._router is None:
            self.start()
            assert self._loading is not None
            await asyncio.shield(self._loading)
        assert self._router is not None
        return self._router

    @property
    def loaded(self) -> bool:
        """Whether routing answers at once; before that, it waits for the model to load."""
        return self._router is not None

    async def route(self, text: str) -> Routing:
        """The fast model's routing, or the nearest phrases' label where it is unsure."""
        routing = (await self.router()).route(text)
        if routing.source == "model" or self._embedder is None or not text.strip():
            return routing
        index = self._index or await self._load_cached()
        if index is None:
            self._index_in_background()
            return routing
        try:
            [vector] = await self._embedder.embed([text[:MAX_CHARS]])
        except Exception as exc:  # the second opinion is optional; the fast answer stands
            log.warning("intents_embedding_failed", error=repr(exc))
            return routing
        near = index.nearest(vector)
        if near.label is None:
            return routing
        return Routing(near.label, near.similarity, routing.candidates, "embedding")

    async def neighbours(self) -> PhraseIndex | None:
        """The second opinion's index, built (or loaded) now if needed; None without embedder."""
        await self.router()
        task = self._index_in_background()
        if task is not None:
            await asyncio.shield(task)
        return self._index

    async def status(self) -> RouterStatus:
        return (await self.router()).status()

    async def refresh(self, *, force: bool = False) -> bool:
        """Retrain if the stored phrases changed since the last load; True if it did."""
        async with self._lock:
            version = await self._phrases.version()
            if not force and self._router is not None and version == self._version:
                return False
            extra = await self._phrases.all()
            self._cache_dir.mkdir(parents=True, exist_ok=True)
            self._router = await asyncio.to_thread(
                IntentRouter.load_or_train, extra, self._cache_dir
            )
            self._version = version
            self._train(training_phrases(extra))
            log.info("intents_loaded", extra_phrases=len(extra))
            self._prepare_index()
            return True

    async def learn(
        self, label: str, phrase: str, source: str, at: datetime, user_id: int | None = None
    ) -> None:
        """Store a training phrase; the router retrains in the background if it counts."""
        await self._phrases.add(label, phrase, source, at, user_id)
        task = asyncio.get_running_loop().create_task(self.refresh())
        task.add_done_callback(_log_failure)

    def _train(self, phrases: list[tuple[str, str]]) -> None:
        """Take `phrases` as the training phrases, and note where their index is cached."""
        self._training = phrases
        self._training_path = (
            None
            if self._embedder is None or not phrases
            else index_path(self._cache_dir, phrases, self._embedder.name)
        )

    def _prepare_index(self) -> None:
        """Build the index of new phrases in the background; one on disk waits for first use.

        Loading a cached index takes milliseconds, and until a message needs a second opinion
        neither it nor the embedding model occupies memory.
        """
        path = self._training_path
        if path is None:
            return
        if path.is_file():
            self._index = None
        else:
            self._index_in_background()

    async def _load_cached(self) -> PhraseIndex | None:
        """The current phrases' index from disk, or None if it is not there (yet) or unreadable."""
        path = self._training_path
        if path is None:
            return None
        try:
            index = await asyncio.to_thread(PhraseIndex.load, path)
        except (OSError, ValueError):
            return None
        if path == self._training_path:
            self._index = index
        return index

    def _index_in_background(self) -> asyncio.Task[PhraseIndex] | None:
        """Start building the index of the current training phrases unless it is under way."""
        path = self._training_path
        if path is None or self._embedder is None:
            return None
        if path == self._index_path and self._indexing is not None and not _failed(self._indexing):
            return self._indexing
        self._index_path = path
        self._indexing = asyncio.get_running_loop().create_task(
            self._build_index(self._embedder, self._training, path)
        )
        self._indexing.add_done_callback(_log_failure)
        return self._indexing

    async def _build_index(
        self, embedder: Embedder, phrases: list[tuple[str, str]], path: Path
    ) -> PhraseIndex:
        try:
            index = await asyncio.to_thread(PhraseIndex.load, path)
        except (OSError, ValueError):
            vectors = await embed_in_batches(embedder, [phrase for _, phrase in phrases])
            index = PhraseIndex.build([label for label, _ in phrases], vectors)
            await asyncio.to_thread(index.save, path)
            await asyncio.to_thread(forget_others, path.parent, path)
            log.info("intents_index_built", phrases=len(phrases), model=embedder.name)
        if path == self._index_path:
            self._index = index
        return index


def _failed(task: asyncio.Task[PhraseIndex]) -> bool:
    return task.done() and (task.cancelled() or task.exception() is not None)


def _log_failure(task: asyncio.Task[bool] | asyncio.Task[PhraseIndex]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("intents_retrain_failed", error=repr(task.exception()))
