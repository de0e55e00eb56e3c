"""What the voice fallback needs from outside: a provider that calls, and its storage."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.models import Reminder
from bot.voice.models import Call, CallOutcome, CallRequest, Unanswered, VoiceProfile


class VoiceProvider(Protocol):
    """A telephony service. Another voice or SMS provider is one more implementation."""

    async def call(self, request: CallRequest) -> str:
        """Place a call; return the provider's id for it.

        The provider reports back through its webhooks, which hand the call id of the
        request to the `Escalator` (answered, key pressed, status).
        """
        ...

    async def status(self, provider_id: str) -> str:
        """The call's current status, in the provider's words ('completed', 'no-answer')."""
        ...

    async def send_code(self, to: str, code: str) -> None:
        """Send a verification code to a phone number (an SMS)."""
        ...


class VoiceRepository(Protocol):
    async def profile(self, user_id: int) -> VoiceProfile:
        """The person's settings; defaults (and no phone) if they never set any."""
        ...

    async def save(self, profile: VoiceProfile) -> None: ...

    async def unanswered(self, sent_after: datetime) -> Sequence[Unanswered]:
        """Sent, unacknowledged reminder and alert deliveries of people who can be called."""
        ...

    async def calls_for(self, delivery_id: int) -> Sequence[Call]:
        """Every call made about one delivery, first attempt first."""
        ...

    async def get_call(self, call_id: int) -> Call | None: ...

    async def start_call(
        self, user_id: int, delivery_id: int, attempt: int, to: str, text: str, at: datetime
    ) -> Call | None:
        """Record a call about to be placed; None if another process took this attempt."""
        ...

    async def dialled(self, call_id: int, provider_id: str) -> None: ...

    async def record_status(
        self, call_id: int, status: str, answered_by: str | None, at: datetime
    ) -> None: ...

    async def record_outcome(
        self, call_id: int, outcome: CallOutcome, digits: str | None, at: datetime
    ) -> None:
        """Set the outcome unless one is already recorded (a key press outlives the status)."""
        ...

    async def finish(self, call_id: int, status: str, outcome: CallOutcome, at: datetime) -> None:
        """Close a call with its final status, keeping an outcome recorded earlier."""
        ...

    async def set_urgent(self, user_id: int, number: int, urgent: bool) -> Reminder | None: ...

    async def mark_urgent(self, user_id: int, reminder_id: int) -> Reminder | None:
        """Mark one of the person's reminders urgent, delivered or not."""
        ...

    async def cancel_alerts(self, event_id: int, user_id: int) -> None:
        """Stop the event's pending alerts to this person; the event and others' alerts stay."""
        ...
