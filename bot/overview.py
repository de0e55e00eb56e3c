"""Figures across everyone, for the admins' dashboard: people, messages, deliveries, calls."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# The source of a training phrase picked from "did you mean…?" rather than taught by an admin.
CLARIFIED = "clarified"


@dataclass(frozen=True, slots=True)
class ChannelCount:
    """How many people a channel knows, and how many of them it can still reach."""

    channel: str
    people: int
    reachable: int


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    name: str
    joined_at: datetime
    channels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class People:
    total: int
    channels: tuple[ChannelCount, ...]
    # The newest people first, a page of them.
    newest: tuple[Person, ...]


@dataclass(frozen=True, slots=True)
class DeliveryFigures:
    """Deliveries owed now and later, and those sent or failed since the window began.

    Lateness is from a delivery's due time to its sending, in seconds, by nearest rank; None
    when nothing was sent in the window.
    """

    due: int
    scheduled: int
    sent: int
    failed: int
    median_late: float | None
    p95_late: float | None


@dataclass(frozen=True, slots=True)
class LabelCount:
    label: str
    source: str
    count: int


@dataclass(frozen=True, slots=True)
class Phrase:
    label: str
    phrase: str
    source: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Phrases:
    """Stored training phrases per label and source, the newest ones, and the picks waiting.

    A pick from "did you mean…?" is trained on only once enough different people made it;
    `waiting` are those one person has made so far, newest first.
    """

    counts: tuple[LabelCount, ...]
    recent: tuple[Phrase, ...]
    waiting: tuple[Phrase, ...]
