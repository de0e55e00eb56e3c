"""SQLAlchemy table mappings. Alembic migrations in `migrations/` create exactly these."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit key.
Id = BigInteger().with_variant(Integer(), "sqlite")


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on every backend.

    SQLite keeps no zone, so values are stored as naive UTC there; comparisons stay correct
    because every stored value is in the same zone.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UtcDateTime()}


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    timezone: Mapped[str] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(16))
    onboarded: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    # Minutes before an event, comma-separated ("1440,60,10"); None means the default.
    alert_offsets: Mapped[str | None] = mapped_column(String(200))
    # Local "HH:MM" of the daily agenda; None means off.
    agenda_at: Mapped[str | None] = mapped_column(String(5))
    # The private chat chosen with /deliver for new reminders and alerts; None: where set.
    deliver_channel: Mapped[str | None] = mapped_column(String(32))
    deliver_chat_id: Mapped[str | None] = mapped_column(String(128))
    # The secret part of the person's calendar feed URL; None until they ask for one.
    calendar_token: Mapped[str | None] = mapped_column(String(64), index=True, unique=True)
    # SHA-256 (hex) of the person's API token; the token itself is shown once, never kept.
    api_token_hash: Mapped[str | None] = mapped_column(String(64), index=True, unique=True)


class IdentityRow(Base):
    __tablename__ = "identities"
    __table_args__ = (
        UniqueConstraint("channel", "external_id"),
        Index("ix_identities_chat", "channel", "chat_id"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    external_id: Mapped[str] = mapped_column(String(128))
    chat_id: Mapped[str] = mapped_column(String(128))
    reachable: Mapped[bool] = mapped_column(Boolean, default=True)


class TaskRow(Base):
    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_user_done", "user_id", "done"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime | None]
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    # A repeating task: the rule, the first occurrence it counts from, and its zone.
    rrule: Mapped[str | None] = mapped_column(String(500))
    anchor_at: Mapped[datetime | None]
    timezone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")


class NoteRow(Base):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class ReminderRow(Base):
    __tablename__ = "reminders"
    __table_args__ = (Index("ix_reminders_user_status", "user_id", "status"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime]
    occurrence_at: Mapped[datetime]
    anchor_at: Mapped[datetime]
    rrule: Mapped[str | None] = mapped_column(String(500))
    timezone: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(32))
    chat_id: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime]
    urgent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_user_start", "user_id", "start_at"),
        Index("ix_events_user_uid", "user_id", "uid"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    start_at: Mapped[datetime]
    end_at: Mapped[datetime | None]
    place: Mapped[str] = mapped_column(String(300), default="")
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    channel: Mapped[str] = mapped_column(String(32))
    chat_id: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime]
    # A recurring event: `start_at` is its first occurrence; the rule is expanded in `timezone`.
    rrule: Mapped[str | None] = mapped_column(String(500))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    # From a calendar file: its UID, and for a changed occurrence of a series, which one.
    uid: Mapped[str | None] = mapped_column(String(500))
    recurrence_id: Mapped[datetime | None]
    # Occurrences of the series left out: UTC instants as "YYYYMMDDTHHMMSSZ", space-separated.
    exdates: Mapped[str | None] = mapped_column(Text)
    # Lasts whole days: `start_at` is local midnight in `timezone`, `end_at` the day after.
    all_day: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # A group event: the message of its RSVP card, edited when someone answers from elsewhere.
    card_message_id: Mapped[str | None] = mapped_column(String(128))


class DeliveryRow(Base):
    """One message the bot owes someone at a given time; the scheduler's source of truth."""

    __tablename__ = "deliveries"
    __table_args__ = (
        Index("ix_deliveries_due", "status", "due_at"),
        Index("ix_deliveries_ref", "kind", "ref_id"),
        Index("ix_deliveries_user_status", "user_id", "status"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    ref_id: Mapped[int] = mapped_column(BigInteger)
    due_at: Mapped[datetime]
    channel: Mapped[str] = mapped_column(String(32))
    chat_id: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_until: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    message_id: Mapped[str | None] = mapped_column(String(128))
    acknowledged_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)
    # When the owner was told this delivery failed.
    reported_at: Mapped[datetime | None]
    # For an event alert, the start of the occurrence it announces.
    occurrence_at: Mapped[datetime | None]


class MessageRow(Base):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    direction: Mapped[str] = mapped_column(String(3))
    channel: Mapped[str] = mapped_column(String(32))
    chat_id: Mapped[str] = mapped_column(String(128))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(index=True)


class TrainingPhraseRow(Base):
    """Intent examples added by admins or by people answering "did you mean…?"."""

    __tablename__ = "training_phrases"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    label: Mapped[str] = mapped_column(String(32))
    phrase: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime]


class RsvpRow(Base):
    """A person's answer to a group event; one per person and event."""

    __tablename__ = "rsvps"
    __table_args__ = (UniqueConstraint("event_id", "user_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    choice: Mapped[str] = mapped_column(String(8))
    answered_at: Mapped[datetime]


class LinkCodeRow(Base):
    """A one-time code a person sends from another platform to join the two identities."""

    __tablename__ = "link_codes"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime]


class WebSignInRow(Base):
    """A one-time sign-in link to the web chat, kept as the SHA-256 (hex) of its secret."""

    __tablename__ = "web_sign_ins"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime]


class InboxRow(Base):
    """One update a platform delivered, kept from before it was acknowledged until handled.

    The platform's own id is unique per channel, so a retry, or the same update posted to
    another replica, finds its row already there.
    """

    __tablename__ = "inbox"
    __table_args__ = (
        UniqueConstraint("channel", "key"),
        Index("ix_inbox_open", "done_at", "lease_until"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(255))
    payload: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime]
    lease_until: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    done_at: Mapped[datetime | None]
