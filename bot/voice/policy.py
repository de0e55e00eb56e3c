"""Which alerts escalate to a call, and when a call may be placed.

- An event alert escalates when it was sent 1 hour or less before the event starts; a
  reminder escalates when its owner marked it urgent.
- Quiet hours (default 22:00–07:00 in the person's zone): no call. The alert waits until the
  quiet hours end, unless it is stale by then — the event has started, or the reminder was
  sent more than `REMINDER_STALE` ago — in which case it is dropped, and the drop recorded.
- After a no-answer, busy line, failure or answering machine, the call is tried again after
  `spacing` (default 5 minutes), at most `retries` more times (default 2).
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

ALERT_LEAD = timedelta(hours=1)
REMINDER_STALE = timedelta(hours=12)
# Deliveries older than this are never looked at again.
HORIZON = timedelta(hours=24)
# A call with no final status after this long is asked about (its callback may be lost).
STUCK_AFTER = timedelta(minutes=15)

# "remind me urgently…", "urgent: …", "an urgent reminder…" — not "the urgent email".
_URGENT = re.compile(
    r"\burgently\b[,:]?\s*|^\s*urgent\b[,:]?\s*|\ban?\s+urgent\s+(?=reminder\b)", re.I
)
_QUIET = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?\s*[-–]\s*(\d{1,2})(?::(\d{2}))?\s*$")


def alert_matters(alert_due: datetime, event_start: datetime) -> bool:
    return event_start - alert_due <= ALERT_LEAD


def in_quiet_hours(local: datetime, quiet: tuple[time, time] | None) -> bool:
    """Whether a local wall-clock time falls in [start, end); the window may span midnight."""
    if quiet is None:
        return False
    start, end = quiet
    now = local.time().replace(tzinfo=None)
    if start == end:
        return False
    if start < end:
        return start <= now < end
    return now >= start or now < end


def parse_quiet(text: str) -> tuple[time, time] | None:
    """'22:00-07:00' or '22-7' → (22:00, 07:00); None when it is not such a range."""
    match = _QUIET.match(text)
    if not match:
        return None
    h1, m1, h2, m2 = (int(g) if g else 0 for g in match.groups())
    if not (h1 < 24 and h2 < 24 and m1 < 60 and m2 < 60):
        return None
    return time(h1, m1), time(h2, m2)


def split_urgent(text: str) -> tuple[str, bool]:
    """Take 'urgently' out of a reminder request; say whether it was there."""
    stripped, count = _URGENT.subn("", text, count=1)
    return (re.sub(r"\s{2,}", " ", stripped).strip(), True) if count else (text, False)
