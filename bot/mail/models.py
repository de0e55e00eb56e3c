"""Records of e-mail: a person's address (and its check code), and mail waiting to go."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class MailProfile:
    """The verified address mail goes to, and an address waiting for its code."""

    user_id: int
    address: str | None = None
    pending: str | None = None
    code_hash: str | None = None
    code_expires_at: datetime | None = None
    code_tries: int = 0


class MailStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class QueuedMail:
    """One message in the outbox: the whole MIME text, so a retry sends the same bytes."""

    id: int
    user_id: int
    key: str
    to: str
    subject: str
    message: str
    status: MailStatus
    attempts: int
    next_at: datetime
    error: str | None = None
    sent_at: datetime | None = None
