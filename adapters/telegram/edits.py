"""Batching of message edits, so a burst of button presses stays under Telegram's limits.

An edit goes out at once when its message was not edited in the last `interval`; edits that
come sooner are folded into one trailing edit carrying the newest reply, sent when the
interval ends (or at `flush`). Submitting never waits, so every press is answered at once.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import structlog

from bot.messages import Reply, Target

log = structlog.get_logger(__name__)

Send = Callable[[Target, Reply], Awaitable[object]]


@dataclass
class _Slot:
    last_sent: float
    pending: tuple[Target, Reply] | None = None
    task: asyncio.Task[None] | None = None


class EditBatcher:
    def __init__(self, send: Send, interval: float = 3.0, *, keep: int = 1024) -> None:
        self._send = send
        self.interval = interval
        self._keep = keep
        self._slots: dict[tuple[str, str], _Slot] = {}
        self._hurry = asyncio.Event()

    def submit(self, target: Target, reply: Reply) -> None:
        """Edit the message `reply.edit` to show `reply`, now or as the trailing edit."""
        assert reply.edit is not None
        key = (target.chat_id, reply.edit)
        slot = self._slots.get(key)
        if slot is None:
            self._forget_old()
            slot = self._slots[key] = _Slot(last_sent=-self.interval)
        slot.pending = (target, reply)
        if slot.task is None:
            slot.task = asyncio.create_task(self._run(slot))

    async def flush(self) -> None:
        """Send every waiting edit now (at shutdown, and in tests instead of waiting)."""
        self._hurry.set()
        try:
            tasks = [slot.task for slot in self._slots.values() if slot.task is not None]
            await asyncio.gather(*tasks)
        finally:
            self._hurry.clear()

    async def _run(self, slot: _Slot) -> None:
        loop = asyncio.get_running_loop()
        try:
            while slot.pending is not None:
                wait = slot.last_sent + self.interval - loop.time()
                if wait > 0 and not self._hurry.is_set():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._hurry.wait(), wait)
                (target, reply), slot.pending = slot.pending, None
                slot.last_sent = loop.time()
                try:
                    await self._send(target, reply)
                except Exception as error:
                    log.warning("telegram_edit_failed", chat_id=target.chat_id, error=repr(error))
        finally:
            slot.task = None

    def _forget_old(self) -> None:
        if len(self._slots) < self._keep:
            return
        now = asyncio.get_running_loop().time()
        for key, slot in list(self._slots.items()):
            if slot.task is None and now - slot.last_sent >= self.interval:
                del self._slots[key]
