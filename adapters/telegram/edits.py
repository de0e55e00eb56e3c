"""Batching of message edits, so a burst of button presses stays under Telegram's limits.

The first edit of a message goes out at once; edits that arrive within `interval` of it are
collapsed into one trailing edit carrying the newest reply, sent when the interval ends (or
at `flush`). Every press is still answered at once; only the message update waits.
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
    timer: asyncio.Task[None] | None = None


class EditBatcher:
    def __init__(self, send: Send, interval: float = 3.0, *, keep: int = 1024) -> None:
        self._send = send
        self.interval = interval
        self._keep = keep
        self._slots: dict[tuple[str, str], _Slot] = {}

    async def submit(self, target: Target, reply: Reply) -> None:
        """Edit the message `reply.edit` now, or fold this edit into the trailing one."""
        assert reply.edit is not None
        key = (target.chat_id, reply.edit)
        now = asyncio.get_running_loop().time()
        slot = self._slots.get(key)
        if slot is not None and (slot.timer is not None or now - slot.last_sent < self.interval):
            slot.pending = (target, reply)
            if slot.timer is None:
                delay = self.interval - (now - slot.last_sent)
                slot.timer = asyncio.create_task(self._trail(key, delay))
            return
        self._forget_old(now)
        self._slots[key] = _Slot(last_sent=now)
        await self._deliver(target, reply)

    async def flush(self) -> None:
        """Send every waiting edit now (at shutdown, and in tests instead of waiting)."""
        for slot in list(self._slots.values()):
            if slot.timer is not None:
                slot.timer.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await slot.timer
                slot.timer = None
            if slot.pending is not None:
                (target, reply), slot.pending = slot.pending, None
                await self._deliver(target, reply)

    async def _trail(self, key: tuple[str, str], delay: float) -> None:
        await asyncio.sleep(delay)
        slot = self._slots[key]
        slot.timer = None
        if slot.pending is not None:
            (target, reply), slot.pending = slot.pending, None
            slot.last_sent = asyncio.get_running_loop().time()
            await self._deliver(target, reply)

    async def _deliver(self, target: Target, reply: Reply) -> None:
        try:
            await self._send(target, reply)
        except Exception as error:
            log.warning("telegram_edit_failed", chat_id=target.chat_id, error=repr(error))

    def _forget_old(self, now: float) -> None:
        if len(self._slots) < self._keep:
            return
        for key, slot in list(self._slots.items()):
            if slot.timer is None and now - slot.last_sent >= self.interval:
                del self._slots[key]
