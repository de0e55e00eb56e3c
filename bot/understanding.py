"""The live intent router: loaded in the background at start, retrained when phrases change.

Training phrases live in the database (admins' `/train`, people's answers to "did you mean…?"),
so every process sees the same ones; each process notices a change on its next refresh and
retrains without a restart. The fitted model is cached on disk keyed by its training data, so
an unchanged start-up only loads it.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import structlog

from bot.intents import IntentRouter, Routing
from bot.intents.router import RouterStatus
from bot.ports import PhraseRepository

log = structlog.get_logger(__name__)


class IntentService:
    def __init__(self, phrases: PhraseRepository, cache_dir: Path) -> None:
        self._phrases = phrases
        self._cache_dir = cache_dir
        self._router: IntentRouter | None = None
        self._version: tuple[int, int] | None = None
        self._loading: asyncio.Task[bool] | None = None
        self._lock = asyncio.Lock()

    @classmethod
    def ready(
        cls, router: IntentRouter, phrases: PhraseRepository, cache_dir: Path
    ) -> IntentService:
        """A service around an already trained router (tests, benchmarks)."""
        service = cls(phrases, cache_dir)
        service._router = router
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

    async def route(self, text: str) -> Routing:
        return (await self.router()).route(text)

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
            log.info("intents_loaded", extra_phrases=len(extra))
            return True

    async def learn(
        self, label: str, phrase: str, source: str, at: datetime, user_id: int | None = None
    ) -> None:
        """Store a training phrase; the router retrains in the background if it counts."""
        await self._phrases.add(label, phrase, source, at, user_id)
        task = asyncio.get_running_loop().create_task(self.refresh())
        task.add_done_callback(_log_failure)


def _log_failure(task: asyncio.Task[bool]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("intents_retrain_failed", error=repr(task.exception()))
