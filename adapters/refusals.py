"""Refusing a bad webhook request: a 4xx answer and a short log line, never its body.

Anyone can post junk to a public webhook; one line per junk request would let them fill the
log. Each kind of refusal (route and reason) is logged the first time, then at most once per
`every` seconds with how many more there were.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import structlog
from starlette.responses import Response

log = structlog.get_logger(__name__)

LOG_EVERY_SECONDS = 60.0


class Refusals:
    def __init__(
        self, every: float = LOG_EVERY_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._every = every
        self._clock = clock
        # (route, reason) -> (when it was last logged, refusals since then)
        self._seen: dict[tuple[str, str], tuple[float, int]] = {}

    def refuse(self, route: str, reason: str, status: int) -> Response:
        """The answer to a refused request, noted in the log when it is time."""
        now = self._clock()
        key = (route, reason)
        last = self._seen.get(key)
        if last is None or now - last[0] >= self._every:
            more = last[1] if last is not None else 0
            log.warning("webhook_refused", route=route, reason=reason, status=status, more=more)
            self._seen[key] = (now, 0)
        else:
            self._seen[key] = (last[0], last[1] + 1)
        return Response(reason, status_code=status, media_type="text/plain")
