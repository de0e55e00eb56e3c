"""Tables of the voice fallback: phone settings per person, and every call placed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables import Base, Id


class VoiceSettingsRow(Base):
    __tablename__ = "voice_settings"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    phone: Mapped[str | None] = mapped_column(String(20))
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    wait_seconds: Mapped[int] = mapped_column(Integer)
    # "HH:MM-HH:MM" in the person's zone, or "" for no quiet hours.
    quiet: Mapped[str] = mapped_column(String(11))
    retries: Mapped[int] = mapped_column(Integer)
    spacing_seconds: Mapped[int] = mapped_column(Integer)
    code_hash: Mapped[str | None] = mapped_column(String(64))
    code_expires_at: Mapped[datetime | None]
    code_tries: Mapped[int] = mapped_column(Integer, default=0)


class CallRow(Base):
    """One phone call about one delivery.

    `attempt` is unique per delivery, so two processes can never place the same attempt.
    """

    __tablename__ = "calls"
    __table_args__ = (UniqueConstraint("delivery_id", "attempt"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    delivery_id: Mapped[int] = mapped_column(BigInteger)
    attempt: Mapped[int] = mapped_column(Integer)
    to: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    provider_id: Mapped[str | None] = mapped_column(String(64))
    answered_by: Mapped[str | None] = mapped_column(String(32))
    digits: Mapped[str | None] = mapped_column(String(8))
    outcome: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
