"""One person cannot starve everyone: a cap on messages a minute, with one polite notice.

Counted per person (channel and user id) over a sliding minute, in this process. The message
that goes over the cap is answered with a notice; the rest until the minute has room again
are dropped unanswered, and do not count, so a script that keeps sending is back as soon as it
slows down.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta
from enum import Enum

from bot.clock import Clock

# A person waiting for each answer never reaches this: a private chat is answered at most once
# a second (see the send pacing), so only a script that does not wait is stopped.
PER_MINUTE = 60
WINDOW = timedelta(minutes=1)
# The terminal has one person, who may pipe a whole script in: nobody else to starve.
UNLIMITED_CHANNELS = frozenset({"console"})


class Verdict(Enum):
    PASS = "pass"
    NOTICE = "notice"
    DROP = "drop"


class FloodGate:
    def __init__(self, clock: Clock, per_minute: int = PER_MINUTE) -> None:
        self.clock = clock
        self.per_minute = per_minute
        self._heard: dict[tuple[str, str], deque[datetime]] = {}
        # When each person over the cap was told, for as long as they stay over it.
        self._told: dict[tuple[str, str], datetime] = {}
        self._swept = clock.now()

    def check(self, channel: str, user_id: str) -> Verdict:
        if channel in UNLIMITED_CHANNELS:
            return Verdict.PASS
        now = self.clock.now()
        self._sweep(now)
        key = (channel, user_id)
        heard = self._heard.setdefault(key, deque())
        while heard and heard[0] <= now - WINDOW:
            heard.popleft()
        if len(heard) < self.per_minute:
            heard.append(now)
            self._told.pop(key, None)
            return Verdict.PASS
        if key in self._told:
            return Verdict.DROP
        self._told[key] = now
        return Verdict.NOTICE

    def _sweep(self, now: datetime) -> None:
        """Forget people silent for a minute, once a minute, so memory follows who is active."""
        if now - self._swept < WINDOW:
            return
        self._swept = now
        quiet = [k for k, heard in self._heard.items() if not heard or heard[-1] <= now - WINDOW]
        for key in quiet:
            del self._heard[key]
            self._told.pop(key, None)
