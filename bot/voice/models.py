"""Records of the voice fallback: a person's phone settings and the calls placed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum

from bot.models import Delivery

DEFAULT_WAIT = timedelta(minutes=5)
DEFAULT_QUIET = (time(22, 0), time(7, 0))
DEFAULT_RETRIES = 2
DEFAULT_SPACING = timedelta(minutes=5)


class CallOutcome(StrEnum):
    CONFIRMED = "confirmed"
    SNOOZED = "snoozed"
    CANCELLED = "cancelled"
    NO_INPUT = "no_input"
    MACHINE = "machine"
    NO_ANSWER = "no_answer"
    BUSY = "busy"
    FAILED = "failed"
    DROPPED = "dropped"


# Outcomes after which the person never heard the alert, so another attempt is worth it.
RETRYABLE = frozenset(
    {CallOutcome.MACHINE, CallOutcome.NO_ANSWER, CallOutcome.BUSY, CallOutcome.FAILED}
)
# Call statuses after which a call is over (the provider's words, Twilio's spelling).
FINAL_STATUSES = frozenset({"completed", "busy", "no-answer", "failed", "canceled", "skipped"})


@dataclass(frozen=True, slots=True)
class VoiceProfile:
    """A person's phone and when they may be called; `quiet` None means any hour."""

    user_id: int
    phone: str | None = None
    verified: bool = False
    enabled: bool = True
    wait: timedelta = DEFAULT_WAIT
    quiet: tuple[time, time] | None = DEFAULT_QUIET
    retries: int = DEFAULT_RETRIES
    spacing: timedelta = DEFAULT_SPACING
    code_hash: str | None = None
    code_expires_at: datetime | None = None
    code_tries: int = 0

    @property
    def callable(self) -> bool:
        return bool(self.phone and self.verified and self.enabled)


@dataclass(frozen=True, slots=True)
class Call:
    id: int
    user_id: int
    delivery_id: int
    attempt: int
    to: str
    text: str
    status: str
    created_at: datetime
    provider_id: str | None = None
    answered_by: str | None = None
    digits: str | None = None
    outcome: CallOutcome | None = None
    ended_at: datetime | None = None

    @property
    def final(self) -> bool:
        return self.status in FINAL_STATUSES


@dataclass(frozen=True, slots=True)
class Unanswered:
    """A delivery sent in chat and not acknowledged, owned by someone who can be called."""

    delivery: Delivery
    sent_at: datetime
    profile: VoiceProfile


@dataclass(frozen=True, slots=True)
class CallRequest:
    """What a provider needs to place one call: our call id (for callbacks) and the words."""

    call_id: int
    to: str
    text: str
