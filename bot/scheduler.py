"""Wakes the delivery loop exactly when the next delivery is due, plus a slow safety poll."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import structlog

from bot.clock import Clock
from bot.delivery import DeliveryLoop

log = structlog.get_logger(__name__)

SAFETY_POLL_SECONDS = 30
_WAKE_JOB = "deliver"


class Scheduler:
    """One APScheduler date job, re-armed at the earliest pending due time.

    The job store never holds one job per reminder: the database does, and a job only says
    when to look next. Jobs run however late they are (`misfire_grace_time=None`) and
    coalesce, so a busy loop never drops a wake-up.
    """

    def __init__(self, loop: DeliveryLoop, clock: Clock) -> None:
        self.loop = loop
        self.clock = clock
        self._lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        self._scheduler = AsyncIOScheduler(timezone=UTC)

    def start(self) -> None:
        self._scheduler.start()
        self._scheduler.add_job(
            self._run,
            "interval",
            seconds=SAFETY_POLL_SECONDS,
            id="safety-poll",
            misfire_grace_time=None,
            coalesce=True,
        )
        self.wake()

    def every(self, seconds: float, job: Callable[[], Awaitable[object]], name: str) -> None:
        """Run `job` periodically on the same scheduler (never dropped, never overlapping)."""
        self._scheduler.add_job(
            job,
            "interval",
            seconds=seconds,
            id=name,
            replace_existing=True,
            misfire_grace_time=None,
            coalesce=True,
            max_instances=1,
        )

    def shutdown(self) -> None:
        self._scheduler.shutdown(wait=False)
        for task in self._tasks:
            task.cancel()

    def wake(self) -> None:
        """Re-arm after something changed (a reminder added, moved or cancelled)."""
        task = asyncio.get_running_loop().create_task(self._rearm())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _rearm(self) -> None:
        due = await self.loop.store.deliveries.next_due()
        if due is None:
            return
        self._scheduler.add_job(
            self._run,
            "date",
            run_date=max(due, self.clock.now()),
            id=_WAKE_JOB,
            replace_existing=True,
            misfire_grace_time=None,
            coalesce=True,
        )

    async def _run(self) -> None:
        async with self._lock:
            try:
                await self.loop.run_due()
            except Exception:
                log.exception("delivery_loop_failed")
            await self._rearm()

    @property
    def next_wake(self) -> datetime | None:
        job = self._scheduler.get_job(_WAKE_JOB)
        return None if job is None else job.next_run_time
