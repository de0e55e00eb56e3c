"""One bot, one budget: sends paced to a platform's limits, shared by every replica.

Each limit is a key and an interval: one send per `interval` seconds on that key (the whole
bot, one chat). A send takes the next free moment of each of its keys in turn and waits for
it, so a burst goes out at the limit's pace and never at twice it. A chat's key is pushed on
again when its send has finished, so however long the request took, the platform sees the
next one at least an interval later. When the platform still answers 429, the key is held
for its `retry_after`, for every replica.

With `REDIS_URL` the keys live in Redis, and its clock alone says when a moment is free;
otherwise in this process.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Protocol

import structlog

log = structlog.get_logger(__name__)

Sleep = Callable[[float], Awaitable[None]]
# Beyond this wait, a send is given up for now with `Busy` instead of being held.
MAX_WAIT_SECONDS = 5.0
# What the sends of the current task may wait, if less (a delivery: see `patience`).
_patience: ContextVar[float] = ContextVar("pacing_patience", default=MAX_WAIT_SECONDS)


@contextmanager
def patience(seconds: float) -> Iterator[None]:
    """Sends in this block wait at most `seconds` for their moment, else raise `Busy`."""
    token = _patience.set(seconds)
    try:
        yield
    finally:
        _patience.reset(token)


class Pace(Protocol):
    async def slot(self, key: str, interval: float, within: float) -> float:
        """Take the next free moment of `key` if it is `within` seconds from now.

        The moment after it is then `interval` later. Returns how many seconds until the
        moment, taken or not.
        """
        ...

    async def hold(self, key: str, seconds: float) -> None:
        """Nothing more on `key` for `seconds` from now (unless held longer already)."""
        ...

    async def close(self) -> None: ...


class Busy(Exception):
    """The next free moment is further away than a send may wait."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"busy for {seconds:.1f} s")
        self.seconds = seconds


@dataclass(frozen=True, slots=True)
class Limit:
    """One send per `interval` seconds on `key`.

    Counted from the end of the previous send when `after_finish` (a chat), from its start
    otherwise (the whole bot).
    """

    key: str
    interval: float
    after_finish: bool = False


class LocalPace:
    """The moments in this process, on its monotonic clock."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._next: dict[str, float] = {}

    async def slot(self, key: str, interval: float, within: float) -> float:
        now = self._clock()
        self._forget_past(now)
        start = max(self._next.get(key, now), now)
        if start - now <= within:
            self._next[key] = start + interval
        return start - now

    async def hold(self, key: str, seconds: float) -> None:
        now = self._clock()
        self._next[key] = max(self._next.get(key, now), now + seconds)

    async def close(self) -> None:
        return None

    def _forget_past(self, now: float) -> None:
        if len(self._next) > 10_000:
            self._next = {k: at for k, at in self._next.items() if at > now}


# Both scripts read Redis's own clock, so replicas on different hosts agree on "now".
_NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) + tonumber(t[2]) / 1000000 "
_KEEP = (
    "redis.call('SET', KEYS[1], string.format('%.6f', nxt), 'PX', "
    "math.ceil((nxt - now) * 1000) + 1000) "
)
_SLOT = (
    _NOW + "local tat = tonumber(redis.call('GET', KEYS[1]) or '0') "
    "local start = math.max(tat, now) local nxt = start + tonumber(ARGV[1]) "
    "if start - now <= tonumber(ARGV[2]) then " + _KEEP + "end "
    "return string.format('%.6f', start - now)"
)
_HOLD = (
    _NOW + "local tat = tonumber(redis.call('GET', KEYS[1]) or '0') "
    "local nxt = math.max(tat, now + tonumber(ARGV[1])) " + _KEEP + "return 1"
)


class RedisPace:
    """The moments in Redis, shared by every replica; this process's own if Redis is away."""

    def __init__(self, url: str, prefix: str = "nudge:pace:") -> None:
        from redis.asyncio import Redis

        self._redis = Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._slot = self._redis.register_script(_SLOT)
        self._hold = self._redis.register_script(_HOLD)
        self._prefix = prefix
        self._fallback = LocalPace()
        self._warned_at = -1e9

    async def slot(self, key: str, interval: float, within: float) -> float:
        from redis.exceptions import RedisError

        try:
            wait = await self._slot(keys=[self._prefix + key], args=[interval, within])
        except (RedisError, OSError) as error:
            self._warn(error)
            return await self._fallback.slot(key, interval, within)
        return float(wait)

    async def hold(self, key: str, seconds: float) -> None:
        from redis.exceptions import RedisError

        try:
            await self._hold(keys=[self._prefix + key], args=[seconds])
        except (RedisError, OSError) as error:
            self._warn(error)
            await self._fallback.hold(key, seconds)

    async def close(self) -> None:
        await self._redis.aclose()

    def _warn(self, error: Exception) -> None:
        """Once a minute at most: Redis is away, so limits are this process's alone."""
        now = time.monotonic()
        if now - self._warned_at >= 60:
            self._warned_at = now
            log.warning("pacing_without_redis", error=repr(error))


def pace_for(redis_url: str) -> Pace:
    """Shared pacing through Redis when a URL is given, this process's own otherwise."""
    return RedisPace(redis_url) if redis_url else LocalPace()


class Pacer:
    def __init__(
        self, pace: Pace, *, max_wait: float = MAX_WAIT_SECONDS, sleep: Sleep = asyncio.sleep
    ) -> None:
        self.pace = pace
        self.max_wait = max_wait
        self._sleep = sleep

    @asynccontextmanager
    async def turn(self, limits: Sequence[Limit]) -> AsyncIterator[None]:
        """Wait for a moment free on every limit (in the order given), then send.

        Give the narrowest limit (a chat) first and the widest (the bot) last: the bot's
        moment is then taken just before the send, not wasted behind a chat's wait.
        Raises `Busy` when a moment is more than `max_wait` (or the `patience`) away.
        """
        within = min(self.max_wait, _patience.get())
        for limit in limits:
            wait = await self.pace.slot(limit.key, limit.interval, within)
            if wait > within:
                raise Busy(wait)
            if wait > 0:
                await self._sleep(wait)
        try:
            yield
        finally:
            for limit in limits:
                if limit.after_finish:
                    await self.pace.hold(limit.key, limit.interval)

    async def hold(self, key: str, seconds: float) -> None:
        """The platform asked for a pause on `key` (a 429): every replica keeps it."""
        await self.pace.hold(key, seconds)

    async def close(self) -> None:
        await self.pace.close()
