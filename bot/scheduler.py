"""Wakes the delivery loop exactly when the next delivery is due, plus a slow safety poll."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import structlog

from bot.clock import Clock
from bot.delivery import DeliveryLoop

log = structlog.get_logger(__name__)

SAFETY_POLL_SECONDS = 30
# After the loop itself failed (the database away, say), wait this long before trying again.
PAUSE_AFTER_ERROR = timedelta(seconds=5)
_WAKE_JOB = "deliver"


class Scheduler:
    """One APScheduler date job, re-armed at the earliest pending due time.

    The job store never holds one job per reminder: the database does, and a job only says
    when to look next. Jobs only *kick* a single worker task, so no wake-up is ever skipped
    for a run still in progress; they run however late they are (`misfire_grace_time=None`)
    and coalesce. A daily job deletes the message log older than `retention_days`.
    """

    def __init__(self, loop: DeliveryLoop, clock: Clock, *, retention_days: int = 30) -> None:
        self.loop = loop
        self.clock = clock
        self.retention_days = retention_days
        self._again = False
        self._worker: asyncio.Task[None] | None = None
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        self._scheduler = AsyncIOScheduler(timezone=UTC)

    def start(self) -> None:
        self._scheduler.start()
        jobs = {"misfire_grace_time": None, "coalesce": True}
        self._scheduler.add_job(
            self._fire, "interval", seconds=SAFETY_POLL_SECONDS, id="safety-poll", **jobs
        )
        self._scheduler.add_job(
            self.purge_log,
            "interval",
            days=1,
            next_run_time=datetime.now(UTC),
            id="retention",
            **jobs,
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
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        if self._worker is not None:
            self._worker.cancel()

    def wake(self) -> None:
        """Look at the deliveries again now (something was added, moved or cancelled)."""
        self._again = True
        if self._worker is None or self._worker.done():
            self._worker = asyncio.get_running_loop().create_task(self._work())

    async def _fire(self) -> None:
        self.wake()

    async def _work(self) -> None:
        while self._again:
            self._again = False
            try:
                await self.loop.run_due()
                due = await self.loop.store.deliveries.next_due()
            except Exception:
                log.exception("delivery_loop_failed")
                due = self.clock.now() + PAUSE_AFTER_ERROR
            if due is not None and due <= self.clock.now():
                self._again = True
            else:
                self._arm(due)

    def _arm(self, due: datetime | None) -> None:
        if due is None:
            if self._scheduler.get_job(_WAKE_JOB) is not None:
                self._scheduler.remove_job(_WAKE_JOB)
            return
        self._scheduler.add_job(
            self._fire,
            "date",
            run_date=due,
            id=_WAKE_JOB,
            replace_existing=True,
            misfire_grace_time=None,
            coalesce=True,
        )

    async def purge_log(self) -> int:
        """Delete the message log older than the retention period."""
        cutoff = self.clock.now() - timedelta(days=self.retention_days)
        try:
            deleted = await self.loop.store.messages.delete_before(cutoff)
        except Exception:
            log.exception("retention_failed")
            return 0
        log.info("message_log_purged", deleted=deleted, before=cutoff.isoformat())
        return deleted
