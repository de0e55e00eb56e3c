"""What the core needs from the outside world, declared as protocols.

`storage/` implements the repositories, `adapters/` the channels; the core depends only on
these shapes. Every repository method that touches a person's items takes their user id and
acts on nothing else.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, Protocol

from bot.knowledge.models import Chunk, ChunkDraft, Document, DocumentDraft, Stored
from bot.mail.ports import MailRepository
from bot.messages import Reply, Target
from bot.models import (
    CalendarEntry,
    Delivery,
    DeliveryKind,
    Event,
    Found,
    Identity,
    ImportCounts,
    InboxItem,
    ItemKind,
    LoggedMessage,
    Note,
    Reminder,
    ReminderStatus,
    Rsvp,
    RsvpChoice,
    SentRecord,
    Task,
    User,
    Vote,
)
from bot.overview import DeliveryFigures, People, Phrases
from bot.voice.ports import VoiceRepository


class UserRepository(Protocol):
    async def resolve(
        self, channel: str, external_id: str, chat_id: str, display_name: str, timezone: str
    ) -> User:
        """Return the user behind this channel identity, creating both on first contact.

        Someone who writes can be written to: an identity marked unreachable is reachable again.
        """
        ...

    async def get(self, user_id: int) -> User | None: ...

    async def set_timezone(self, user_id: int, timezone: str) -> None: ...

    async def set_onboarded(self, user_id: int) -> None: ...

    async def identities(self, user_id: int) -> Sequence[Identity]: ...

    async def set_reachable(self, channel: str, chat_id: str, reachable: bool) -> None: ...

    async def delete(self, user_id: int) -> None:
        """Forget a user and everything stored about them."""
        ...

    async def calendar_token(self, user_id: int) -> str | None:
        """The secret of the person's calendar feed URL; None when they have none."""
        ...

    async def set_calendar_token(self, user_id: int, token: str | None) -> None:
        """Give the person's feed a new secret (the old URL stops working), or none."""
        ...

    async def by_calendar_token(self, token: str) -> User | None:
        """Whose calendar feed this secret opens; None for an unknown or revoked one."""
        ...


class TaskRepository(Protocol):
    async def add(
        self,
        user_id: int,
        text: str,
        due_at: datetime | None,
        rrule: str | None = None,
        timezone: str = "UTC",
        *,
        now: datetime | None = None,
        target: Target | None = None,
    ) -> Task:
        """Store a task; one with `rrule` repeats, expanded in `timezone` like a reminder.

        A repeating task is due at its first occurrence at or after `due_at` (without one, at
        or after `now`, to the minute). With a `target`, a due time still to come is
        delivered there (a `task` delivery), and again after each change of the due time.
        ValueError when the rule cannot be read or has no occurrence.
        """
        ...

    async def list_open(self, user_id: int) -> Sequence[Task]: ...

    async def list_done(
        self, user_id: int, limit: int, span: tuple[datetime, datetime] | None = None
    ) -> Sequence[Task]:
        """The person's most recently completed tasks (done in [start, end)), the latest first.

        Each completed occurrence of a repeating task is one of them.
        """
        ...

    async def get(self, user_id: int, number: int) -> Task | None: ...

    async def complete(self, user_id: int, number: int, at: datetime) -> Task | None:
        """Tick a task off; None when the person has no open task with this number.

        A repeating task stays open and keeps its number: the task returned has `done`
        False and `due_at` its next occurrence, the first after `at` (or after the current
        due time, when done early); the occurrence done is kept as a completed task of its
        own, for `list_done`. Once its rule has ended (COUNT, UNTIL) it is done like a
        one-off: `done` True and `due_at` unchanged.
        """
        ...

    async def delete(self, user_id: int, number: int) -> Task | None: ...

    async def edit(self, user_id: int, number: int, text: str) -> Task | None: ...

    async def set_due(
        self,
        user_id: int,
        number: int,
        due_at: datetime,
        *,
        now: datetime | None = None,
        rrule: str | None = None,
        target: Target | None = None,
    ) -> Task | None:
        """Change when an open task is due (a repeating one: its current occurrence).

        A new `rrule` makes it repeat that way from `due_at`. The notice of the new due time
        goes where the last one went; for a task never notified, to `target` if given.
        """
        ...

    async def by_id(self, task_id: int) -> Task | None: ...


class NoteRepository(Protocol):
    async def add(self, user_id: int, title: str, body: str) -> Note: ...

    async def list(self, user_id: int) -> Sequence[Note]: ...

    async def delete(self, user_id: int, number: int) -> Note | None: ...

    async def rewrite(self, user_id: int, number: int, title: str, body: str) -> Note | None:
        """Give a note new words; None when the person has no such note."""
        ...


class SearchRepository(Protocol):
    async def find(
        self,
        user_id: int,
        words: Sequence[str],
        kinds: Collection[ItemKind] = tuple(ItemKind),
        limit: int = 10,
    ) -> Sequence[Found]:
        """The person's items of these kinds that mention the words, best match first.

        Words are matched as words, stemmed ("passports" finds "passport"): first the items
        that mention every word, and when none does, those that mention any. Only what the
        listings show is found: open tasks, listed reminders, live events, and every note.
        """
        ...


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

    async def rename(self, user_id: int, number: int, text: str) -> Reminder | None:
        """Change what a listed reminder says."""
        ...

    async def repeat(
        self, reminder_id: int, rrule: str | None, due_at: datetime
    ) -> Reminder | None:
        """Make a reminder repeat by `rrule` (or not at all) from `due_at`, its next time."""
        ...

    async def by_id(self, reminder_id: int) -> Reminder | None: ...

    async def by_ids(self, reminder_ids: Sequence[int]) -> dict[int, Reminder]: ...

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


class EventRepository(Protocol):
    async def add(
        self,
        user_id: int,
        title: str,
        start_at: datetime,
        end_at: datetime | None,
        place: str,
        target: Target,
        *,
        now: datetime | None = None,
        rrule: str | None = None,
        timezone: str = "UTC",
    ) -> Event:
        """Store an event with, in the same transaction, its alerts still to come after `now`.

        With `rrule` (an RRULE without DTSTART, expanded in `timezone` from the local wall
        time of `start_at`) it recurs: it starts at its first occurrence at or after
        `start_at`, which the returned event carries, and each occurrence is alerted at every
        attendee's offsets. ValueError when the rule cannot be read or has no occurrence.
        """
        ...

    async def between(self, user_id: int, start: datetime, end: datetime) -> Sequence[Event]:
        """The user's events that start in [start, end), earliest first.

        A recurring event comes once per occurrence in the window: the same id and number,
        that occurrence's start and end.
        """
        ...

    async def upcoming(self, user_id: int, after: datetime) -> Sequence[Event]:
        """The user's events from `after`, earliest first.

        Of a recurring event: its next occurrence, and those in the following 14 days, at
        most 3.
        """
        ...

    async def get(self, user_id: int, number: int) -> Event | None:
        """The event; a recurring one as its series, `start_at` its first occurrence."""
        ...

    async def cancel(self, user_id: int, number: int) -> Event | None:
        """Cancel an event, a recurring one's whole series, and its pending alerts."""
        ...

    async def move(
        self,
        user_id: int,
        number: int,
        start_at: datetime,
        end_at: datetime | None,
        *,
        now: datetime,
        rrule: str | None = None,
    ) -> Event | None:
        """Move an event and recompute its alerts; without a new end, the length is kept.

        A recurring event moves as a series from `start_at`: a one-valued BYHOUR and BYMINUTE
        take its wall time, a weekly rule on one weekday takes its weekday, and the series
        starts again there (a COUNT counts from there). A new `rrule` makes it repeat that way
        instead. ValueError when the rule has no occurrence from `start_at`.
        """
        ...

    async def edit(
        self, user_id: int, number: int, *, title: str | None = None, place: str | None = None
    ) -> Event | None:
        """Change an event's title or place; None when there is no such live event."""
        ...

    async def by_id(self, event_id: int) -> Event | None: ...

    async def all(self, user_id: int) -> Sequence[Event]:
        """Every live event of the user, past and coming, a series once; earliest first."""
        ...

    async def import_entries(
        self, user_id: int, entries: Sequence[CalendarEntry], target: Target, *, now: datetime
    ) -> ImportCounts:
        """Store a calendar's events, matched to earlier imports by UID (and RECURRENCE-ID).

        A known one is updated in place and keeps its number; a cancelled one cancels the
        stored event and its alerts. Alerts still ahead of `now` go to `target`. An entry
        whose rule has no occurrence is left out and counted as skipped.
        """
        ...

    async def alert_offsets(self, user_id: int) -> tuple[int, ...]:
        """Minutes before each event at which the user is alerted, largest first."""
        ...

    async def set_alert_offsets(
        self, user_id: int, minutes: Sequence[int], *, now: datetime
    ) -> None:
        """Store the user's alert offsets and recompute the alerts of their coming events."""
        ...


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

    async def unacknowledged(
        self, kinds: Sequence[DeliveryKind], sent_before: datetime
    ) -> list[Delivery]:
        """Sent deliveries of these kinds nobody reacted to, sent before `sent_before`."""
        ...

    async def release(self, delivery_ids: Sequence[int]) -> None:
        """Give claimed deliveries back unsent, for any process to claim at once."""
        ...

    async def postpone(self, delivery_id: int, until: datetime) -> None:
        """Give a claimed delivery back unsent, for nobody to claim before `until`."""
        ...

    async def mark_sent(
        self,
        delivery_id: int,
        message_id: str | None,
        at: datetime,
        following: datetime | None = None,
    ) -> None:
        """Record a sent delivery and, in the same transaction, arm what follows it."""
        ...

    async def mark_sent_many(self, records: Sequence[SentRecord]) -> None:
        """Record a group of sent deliveries, and arm what follows each, in one transaction."""
        ...

    async def mark_retry(self, delivery_id: int, due_at: datetime, error: str) -> None: ...

    async def mark_failed(
        self,
        delivery_id: int,
        error: str,
        following: datetime | None = None,
        *,
        at: datetime | None = None,
    ) -> None:
        """Give up on a delivery; a recurring reminder or event still arms its next occurrence.

        `at` is now: a recurring event's next alerts are those still ahead of it.
        """
        ...

    async def repeat_later(self, delivery_id: int, due_at: datetime) -> Delivery | None:
        """Owe the same message again at `due_at`: a new pending delivery of the same item."""
        ...

    async def discard(self, delivery_id: int, reason: str, *, at: datetime | None = None) -> None:
        """Drop a claimed delivery whose item is gone or superseded; nobody is told.

        A dropped alert of a recurring event arms the next occurrence's still ahead of `at`.
        """
        ...

    async def take_failures(self, user_id: int, at: datetime) -> list[Delivery]:
        """The user's failed deliveries not yet reported to them, now marked reported."""
        ...

    async def agenda_at(self, user_id: int) -> str | None:
        """The local time ("HH:MM") of the user's daily agenda, or None when it is off."""
        ...

    async def set_agenda(
        self, user_id: int, at: str | None, first_due: datetime | None, target: Target
    ) -> None:
        """Turn the daily agenda on at local time `at` (first sent at `first_due`), or off."""
        ...


class RsvpRepository(Protocol):
    async def vote(
        self,
        event_id: int,
        user_id: int,
        name: str,
        choice: RsvpChoice,
        *,
        now: datetime | None = None,
    ) -> Vote:
        """Record a person's answer; a second vote replaces the first.

        Someone going (other than the organizer) gets the event's alerts at their own offsets
        in their private chat; a changed answer drops their pending ones.
        """
        ...

    async def private_chat_opened(
        self, channel: str, external_id: str, chat_id: str, *, now: datetime
    ) -> int:
        """Reach this identity in its private chat `chat_id` from now on.

        Alerts of the coming events the person is going to are armed there; returns how many.
        """
        ...

    async def answers(self, event_id: int) -> Sequence[Rsvp]:
        """Every answer to the event, in the order people first answered."""
        ...

    async def going(self, event_id: int) -> Sequence[int]:
        """The user ids of the attendees: the people whose answer is "going"."""
        ...

    async def remember_card(self, event_id: int, message_id: str) -> None:
        """The platform message showing the event's RSVP card, to edit it later."""
        ...

    async def card(self, event_id: int) -> str | None:
        """The message of the event's RSVP card, if it is known."""
        ...


class MessageLog(Protocol):
    async def record(self, messages: Sequence[LoggedMessage]) -> None: ...

    async def recent(self, user_id: int, chat_id: str, limit: int) -> list[LoggedMessage]:
        """The newest `limit` messages of this person in one chat, oldest first.

        Lines recorded but not yet written are among them.
        """
        ...

    async def delete_before(self, cutoff: datetime) -> int:
        """Delete the log older than `cutoff`; returns how many messages went."""
        ...


class PhraseRepository(Protocol):
    async def add(
        self, label: str, phrase: str, source: str, at: datetime, user_id: int | None = None
    ) -> None: ...

    async def all(self) -> list[tuple[str, str]]:
        """The stored (label, phrase) pairs to train on, oldest first."""
        ...

    async def version(self) -> tuple[int, int]:
        """A value that changes whenever the stored phrases change."""
        ...


class KnowledgeRepository(Protocol):
    """Documents and their chunks, by scope (`global`, `user:ID`, `chat:CHANNEL:ID`)."""

    async def store_document(
        self,
        draft: DocumentDraft,
        chunks: Sequence[ChunkDraft],
    ) -> Stored:
        """Add a document, or replace the one with the same source in its scope.

        One transaction: a failure stores nothing. Content with an unchanged hash is left
        as it is and reported `unchanged`.
        """
        ...

    async def documents(self, scope: str) -> Sequence[Document]: ...

    async def document(self, scope: str, source: str) -> Document | None: ...

    async def remove(self, scope: str, number: int) -> tuple[Document, list[int]] | None:
        """Delete a document by its number in the scope; return it and its chunk ids."""
        ...

    async def remove_source(self, scope: str, source: str) -> tuple[Document, list[int]] | None: ...

    async def chunks(self, scope: str) -> Sequence[Chunk]:
        """Every chunk of the scope, with its stored embedding if it has one."""
        ...

    async def unembedded(self, model: str, limit: int) -> Sequence[Chunk]:
        """Up to `limit` chunks, of any scope, with no embedding made by `model`."""
        ...

    async def save_embeddings(
        self, model: str, embeddings: Sequence[tuple[Chunk, bytes]]
    ) -> set[int]:
        """Store `model`'s embedding of each chunk; return the ids of the chunks still there."""
        ...


class VectorStore(Protocol):
    """Dense vectors of chunks, searched by cosine similarity within one scope."""

    async def upsert(
        self, scope: str, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]]
    ) -> None: ...

    async def query(
        self, scope: str, vector: Sequence[float], top_k: int
    ) -> list[tuple[int, float]]:
        """The ids of the closest chunks of `scope` with their cosine similarity, best first."""
        ...

    async def delete(self, scope: str, chunk_ids: Sequence[int]) -> None: ...


class Embedder(Protocol):
    """Texts to dense vectors; `name` identifies the model, so vectors of two never mix."""

    @property
    def name(self) -> str: ...

    @property
    def relevance_floor(self) -> float:
        """The cosine similarity from which a passage counts as relevant, for this model."""
        ...

    async def embed(self, texts: Sequence[str]) -> list[list[float]]: ...


class ChatModel(Protocol):
    async def complete(self, messages: Sequence[dict[str, str]]) -> str:
        """The model's answer to a conversation of role/content messages."""
        ...


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

    async def delivery_chat(self, user_id: int) -> Target | None:
        """The private chat chosen with /deliver; None: each item goes where it was set."""
        ...

    async def set_delivery_chat(
        self, user_id: int, target: Target | None, *, now: datetime
    ) -> None:
        """Choose the chat, or forget it with None.

        Alerts of the events the person is going to are recomputed to follow it.
        """
        ...


class Inbox(Protocol):
    """Updates kept from before they are acknowledged until they are handled.

    A row is leased by the process working on it; one whose lease ran out (that process
    died) is claimed by any other. `(channel, key)` is unique across every replica.
    """

    async def add(
        self, channel: str, key: str, payload: str, now: datetime, lease_seconds: float
    ) -> bool:
        """Keep a new update, leased to the caller; False if it was there already."""
        ...

    async def claim(
        self, channel: str, now: datetime, lease_seconds: float, limit: int
    ) -> list[InboxItem]:
        """Lease unhandled updates whose lease ran out, oldest first."""
        ...

    async def renew(self, channel: str, keys: Sequence[str], until: datetime) -> None: ...

    async def finish(self, channel: str, keys: Sequence[str], at: datetime) -> None:
        """Mark updates handled; their payload is dropped, their key kept for dedupe."""
        ...

    async def release(self, channel: str, keys: Sequence[str]) -> None:
        """Give unhandled updates back, for any process to claim at once."""
        ...

    async def purge(self, before: datetime) -> int:
        """Forget handled updates received before `before`; how many were forgotten."""
        ...


class WebAccess(Protocol):
    """The web channel's keys; secrets arrive here already hashed."""

    async def set_api_token(self, user_id: int, token_hash: str | None) -> None:
        """Give the person a new API token (the old one stops working), or none."""
        ...

    async def by_api_token(self, token_hash: str) -> User | None: ...

    async def create_sign_in(
        self, user_id: int, code_hash: str, now: datetime, expires_at: datetime
    ) -> None:
        """Keep a one-time sign-in link; links expired by `now` are dropped."""
        ...

    async def redeem_sign_in(self, code_hash: str, now: datetime) -> int | None:
        """Consume a live link and return whose it is; None if unknown, used or expired."""
        ...

    async def web_identity(self, user_id: int, new_id: str) -> str:
        """The external id of the person's web identity, made as `new_id` if they have none."""
        ...

    async def by_web_identity(self, external_id: str) -> User | None:
        """The person behind a web identity; None once it is gone (forgotten)."""
        ...


class Overview(Protocol):
    """Figures across everyone, for the admins' dashboard; the database does the counting."""

    async def people(self, newest: int) -> People:
        """How many people there are and on which channels; the `newest` latest to join."""
        ...

    async def messages_between(self, bounds: Sequence[datetime]) -> list[tuple[int, int]]:
        """Logged messages in each span [bounds[i], bounds[i + 1]): (from people, answers)."""
        ...

    async def deliveries(self, now: datetime, since: datetime) -> DeliveryFigures:
        """Deliveries due by `now` and still to come; those sent or failed from `since`."""
        ...

    async def calls(self, since: datetime) -> dict[str | None, int]:
        """Phone calls placed from `since`, by outcome; None for calls not yet over."""
        ...

    async def phrases(self, recent: int) -> Phrases:
        """Stored training phrases per label, the `recent` newest, and picks still waiting."""
        ...


class PersonalData(Protocol):
    """Everything stored about one person, across every table."""

    async def export(self, user_id: int) -> dict[str, list[dict[str, Any]]]:
        """The person's rows by section (profile, reminders, …), in JSON types.

        Secrets that unlock something (the feed token, a phone check code) are left out.
        """
        ...

    async def forget(self, user_id: int) -> dict[str, int]:
        """Delete every row of the person, and others' rows about their events; counts."""
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
    def search(self) -> SearchRepository: ...

    @property
    def events(self) -> EventRepository: ...

    @property
    def deliveries(self) -> DeliveryRepository: ...

    @property
    def messages(self) -> MessageLog: ...

    @property
    def phrases(self) -> PhraseRepository: ...

    @property
    def voice(self) -> VoiceRepository: ...

    @property
    def mail(self) -> MailRepository: ...

    @property
    def knowledge(self) -> KnowledgeRepository: ...

    @property
    def rsvps(self) -> RsvpRepository: ...

    @property
    def links(self) -> LinkRepository: ...

    @property
    def inbox(self) -> Inbox: ...

    @property
    def personal(self) -> PersonalData: ...

    @property
    def web(self) -> WebAccess: ...

    @property
    def overview(self) -> Overview: ...


class Channel(Protocol):
    """A platform the bot can send to on its own initiative (deliveries, alerts)."""

    name: str

    async def send(self, target: Target, reply: Reply) -> str | None:
        """Send or edit a message; return the platform's message id.

        Raise `Unreachable` when the platform says this person can no longer be reached,
        `SlowDown` when it asks for a pause longer than a send may wait.
        """
        ...


class Unreachable(Exception):
    """The platform reports the recipient gone: blocked the bot, left the workspace."""


class SlowDown(Exception):
    """The platform asks to wait `seconds` before sending there again.

    That is longer than a send may take, so the message is given back to be sent then.
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(f"asked to wait {seconds:.0f} s")
        self.seconds = seconds
