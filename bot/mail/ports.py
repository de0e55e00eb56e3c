"""What e-mail needs from outside: something that sends a message, and its storage."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from email.message import EmailMessage
from typing import Protocol

from bot.mail.models import MailProfile, QueuedMail


class MailSender(Protocol):
    async def send(self, message: EmailMessage) -> None:
        """Hand the message to the mail server; raise when it is not accepted."""
        ...


class MailRepository(Protocol):
    async def profile(self, user_id: int) -> MailProfile:
        """The person's address settings; an empty profile if they never set any."""
        ...

    async def save(self, profile: MailProfile) -> None: ...

    async def queue(
        self, user_id: int, key: str, to: str, subject: str, message: str, now: datetime
    ) -> bool:
        """Put a message in the outbox, due now; False if one with this key is there already."""
        ...

    async def claim(self, now: datetime, lease_seconds: float, limit: int) -> list[QueuedMail]:
        """Lease due outbox messages so no other process sends them meanwhile."""
        ...

    async def mark_sent(self, mail_id: int, at: datetime) -> None: ...

    async def mark_retry(self, mail_id: int, next_at: datetime, error: str) -> None:
        """Record a failed attempt and when to try again."""
        ...

    async def mark_failed(self, mail_id: int, error: str) -> None:
        """Give up on a message after its last attempt."""
        ...

    async def outbox(self, user_id: int) -> Sequence[QueuedMail]:
        """The person's messages, oldest first."""
        ...
