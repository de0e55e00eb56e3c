"""Durable before acknowledged: each platform update is kept in the inbox until it is handled.

An adapter calls `accept` before it answers the platform 200, and `finish` once the update is
handled. While this process works on its updates it keeps their leases fresh; an update whose
lease ran out (its process was killed) is claimed by whichever replica looks next and handed
to the adapter's `replay`. The inbox's unique key drops a retry, or the same update posted to
another replica, whoever received it first.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

import structlog

from bot.clock import Clock
from bot.models import InboxItem
from bot.ports import Inbox

log = structlog.get_logger(__name__)

# Short, so a killed process's updates are taken over within seconds; renewed while held.
LEASE_SECONDS = 10.0
LOOK_EVERY_SECONDS = 3.0
# An update that was tried this often (each try ended by a crash) is given up.
MAX_ATTEMPTS = 5
KEEP_HANDLED = timedelta(days=1)
CLAIM_BATCH = 100

Replay = Callable[[InboxItem], Awaitable[None]]


class InboxWorker:
    def __init__(
        self,
        inbox: Inbox,
        channel: str,
        clock: Clock,
        *,
        lease_seconds: float = LEASE_SECONDS,
        every: float = LOOK_EVERY_SECONDS,
    ) -> None:
        self.inbox = inbox
        self.channel = channel
        self.clock = clock
        self.lease_seconds = lease_seconds
        self.every = every
        self._held: set[str] = set()
        self._replay: Replay | None = None
        self._task: asyncio.Task[None] | None = None
        self._purged: datetime | None = None

    @property
    def held(self) -> frozenset[str]:
        """The keys of the updates this process is working on."""
        return frozenset(self._held)

    async def accept(self, key: str, payload: str) -> bool:
        """Keep a new update, leased to this process; False when it was kept already."""
        added = await self.inbox.add(
            self.channel, key, payload, self.clock.now(), self.lease_seconds
        )
        if added:
            self._held.add(key)
        return added

    async def finish(self, key: str) -> None:
        """The update is handled (or failed for good): nobody works on it again."""
        self._held.discard(key)
        try:
            await self.inbox.finish(self.channel, [key], self.clock.now())
        except Exception:
            # Its lease runs out and it is handled again: a duplicate, never a loss.
            log.exception("inbox_finish_failed", channel=self.channel)

    async def give_back(self, key: str) -> None:
        """The update could not be handled now: any process may take it at once."""
        self._held.discard(key)
        await self.inbox.release(self.channel, [key])

    def start(self, replay: Replay) -> None:
        """Look for updates to take over now and every `every` seconds."""
        self._replay = replay
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        """Stop looking, and give back what this process holds for another to take at once."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        held, self._held = list(self._held), set()
        if held:
            await self.inbox.release(self.channel, held)

    async def _run(self) -> None:
        while True:
            try:
                await self.tick()
            except Exception:
                log.exception("inbox_look_failed", channel=self.channel)
            await asyncio.sleep(self.every)

    async def tick(self) -> int:
        """Renew this process's leases and take over abandoned updates; how many were taken."""
        now = self.clock.now()
        until = now + timedelta(seconds=self.lease_seconds)
        if self._held:
            await self.inbox.renew(self.channel, list(self._held), until)
        taken = await self.inbox.claim(self.channel, now, self.lease_seconds, CLAIM_BATCH)
        for item in taken:
            if item.attempts > MAX_ATTEMPTS:
                log.error("inbox_gave_up", channel=self.channel, key=item.key)
                await self.finish(item.key)
                continue
            self._held.add(item.key)
            log.info("inbox_taken_over", channel=self.channel, key=item.key)
            assert self._replay is not None
            try:
                await self._replay(item)
            except Exception:
                log.exception("inbox_replay_failed", channel=self.channel, key=item.key)
                await self.finish(item.key)
        if self._purged is None or now - self._purged > KEEP_HANDLED / 24:
            self._purged = now
            await self.inbox.purge(now - KEEP_HANDLED)
        return len(taken)
