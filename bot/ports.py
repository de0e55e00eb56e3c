"""What the core needs from the outside world, declared as protocols.

`storage/` implements the repositories, `adapters/` the channels; the core depends only on
these shapes. Every repository method that touches a person's items takes their user id and
acts on nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.messages import Reply, Target
from bot.models import (
    Delivery,
    DeliveryKind,
    Event,
    Identity,
    LoggedMessage,
    Note,
    Reminder,
    ReminderStatus,
    Task,
    User,
)


class UserRepository(Protocol):
    async def resolve(
        self, channel: str, external_id: str, chat_id: str, display_name: str, timezone: str
    ) -> User:
        """Return the user behind this channel identity, creating both on first contact."""
        ...

    async def get(self, user_id: int) -> User | None: ...

    async def set_timezone(self, user_id: int, timezone: str) -> None: ...

    async def set_onboarded(self, user_id: int) -> None: ...

    async def identities(self, user_id: int) -> Sequence[Identity]: ...

    async def set_reachable(self, channel: str, chat_id: str, reachable: bool) -> None: ...

    async def delete(self, user_id: int) -> None:
        """Forget a user and everything stored about them."""
        ...


class TaskRepository(Protocol):
    async def add(self, user_id: int, text: str, due_at: datetime | None) -> Task: ...

    async def list_open(self, user_id: int) -> Sequence[Task]: ...

    async def get(self, user_id: int, number: int) -> Task | None: ...

    async def complete(self, user_id: int, number: int, at: datetime) -> Task | None: ...

    async def delete(self, user_id: int, number: int) -> Task | None: ...

    async def edit(self, user_id: int, number: int, text: str) -> Task | None: ...


class NoteRepository(Protocol):
    async def add(self, user_id: int, title: str, body: str) -> Note: ...

    async def list(self, user_id: int) -> Sequence[Note]: ...

    async def search(self, user_id: int, words: Sequence[str]) -> Sequence[Note]: ...

    async def delete(self, user_id: int, number: int) -> Note | None: ...


class ReminderRepository(Protocol):
    async def add(
        self,
        user_id: int,
        text: str,
        due_at: datetime,
        rrule: str | None,
        timezone: str,
        target: Target,
    ) -> Reminder:
        """Store a reminder together with the delivery of its first occurrence."""
        ...

    async def list_active(self, user_id: int) -> Sequence[Reminder]: ...

    async def get(self, user_id: int, number: int) -> Reminder | None: ...

    async def by_id(self, reminder_id: int) -> Reminder | None: ...

    async def set_status(
        self, user_id: int, number: int, status: ReminderStatus
    ) -> Reminder | None:
        """Change a reminder's status; leaving `active` cancels its pending delivery."""
        ...

    async def set_status_by_id(
        self, reminder_id: int, status: ReminderStatus
    ) -> Reminder | None: ...

    async def reschedule(self, reminder_id: int, due_at: datetime) -> Reminder | None:
        """Move the next delivery (a snooze, a resume); a one-off moves its occurrence too."""
        ...

    async def snooze_occurrence(self, reminder_id: int, due_at: datetime) -> None:
        """Deliver an already delivered occurrence again later, leaving the series as it is."""
        ...

    async def fired(
        self,
        delivery_id: int,
        message_id: str | None,
        at: datetime,
        next_occurrence: datetime | None,
    ) -> None:
        """Record a sent occurrence and, in the same transaction, arm the next one."""
        ...


class EventRepository(Protocol):
    async def add(
        self,
        user_id: int,
        title: str,
        start_at: datetime,
        end_at: datetime | None,
        place: str,
        target: Target,
    ) -> Event: ...

    async def between(self, user_id: int, start: datetime, end: datetime) -> Sequence[Event]:
        """The user's events that start in [start, end), earliest first."""
        ...

    async def upcoming(self, user_id: int, after: datetime) -> Sequence[Event]: ...

    async def get(self, user_id: int, number: int) -> Event | None: ...

    async def cancel(self, user_id: int, number: int) -> Event | None: ...


class DeliveryRepository(Protocol):
    async def next_due(self) -> datetime | None:
        """When the earliest pending delivery is due, if there is one."""
        ...

    async def claim_due(self, now: datetime, lease_seconds: float, limit: int) -> list[Delivery]:
        """Atomically lease up to `limit` due deliveries so no other process sends them."""
        ...

    async def get(self, delivery_id: int) -> Delivery | None: ...

    async def last_sent(self, user_id: int, kinds: tuple[DeliveryKind, ...]) -> Delivery | None:
        """The user's most recently sent delivery of these kinds."""
        ...

    async def acknowledge(self, delivery_id: int, at: datetime) -> None:
        """Record that the person reacted to this delivery (the voice fallback reads it)."""
        ...

    async def mark_sent(self, delivery_id: int, message_id: str | None, at: datetime) -> None: ...

    async def mark_retry(self, delivery_id: int, due_at: datetime, error: str) -> None: ...

    async def mark_failed(self, delivery_id: int, error: str) -> None: ...


class MessageLog(Protocol):
    async def record(self, messages: Sequence[LoggedMessage]) -> None: ...


class LinkRepository(Protocol):
    async def create_code(
        self, user_id: int, code: str, now: datetime, expires_at: datetime
    ) -> bool:
        """Give this user a one-time code, replacing their older one; False if it is taken."""
        ...

    async def redeem(self, code: str, now: datetime) -> int | None:
        """Consume a live code and return who issued it; None if unknown, used or expired."""
        ...

    async def merge(self, source_user_id: int, into_user_id: int) -> None:
        """Move every identity and item of one user to another, then forget the first."""
        ...


class Store(Protocol):
    """Every repository, backed by one database."""

    @property
    def users(self) -> UserRepository: ...

    @property
    def tasks(self) -> TaskRepository: ...

    @property
    def notes(self) -> NoteRepository: ...

    @property
    def reminders(self) -> ReminderRepository: ...

    @property
    def events(self) -> EventRepository: ...

    @property
    def deliveries(self) -> DeliveryRepository: ...

    @property
    def messages(self) -> MessageLog: ...

    @property
    def links(self) -> LinkRepository: ...


class Channel(Protocol):
    """A platform the bot can send to on its own initiative (deliveries, alerts)."""

    name: str

    async def send(self, target: Target, reply: Reply) -> str | None:
        """Send or edit a message; return the platform's message id.

        Raise `Unreachable` when the platform says this person can no longer be reached.
        """
        ...


class Unreachable(Exception):
    """The platform reports the recipient gone: blocked the bot, left the workspace."""
