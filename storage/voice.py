"""The voice fallback's storage: phone settings, calls, urgent reminders, alert follow-ups."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import Row, bindparam, func, or_, select, type_coerce, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import DeliveryKind, DeliveryStatus, Reminder
from bot.voice.models import Call, CallOutcome, Unanswered, VoiceProfile
from storage.alerts import arm_next
from storage.database import Transactions
from storage.deliveries import to_delivery
from storage.pending import cancel_pending, cancelling
from storage.reminders import listed, to_reminder
from storage.tables import DeliveryRow, ReminderRow, UtcDateTime
from storage.voice_tables import CallRow, VoiceSettingsRow

_ESCALATING = (DeliveryKind.REMINDER.value, DeliveryKind.SNOOZED.value, DeliveryKind.ALERT.value)


def _quiet_text(quiet: tuple[time, time] | None) -> str:
    return "" if quiet is None else f"{quiet[0]:%H:%M}-{quiet[1]:%H:%M}"


def _quiet_value(text: str) -> tuple[time, time] | None:
    if not text:
        return None
    start, end = text.split("-")
    return time.fromisoformat(start), time.fromisoformat(end)


_PROFILE = select(VoiceSettingsRow.__table__).where(
    VoiceSettingsRow.user_id == bindparam("user_id")
)


def to_profile(row: VoiceSettingsRow | Row[Any]) -> VoiceProfile:
    return VoiceProfile(
        user_id=row.user_id,
        phone=row.phone,
        verified=row.verified,
        enabled=row.enabled,
        wait=timedelta(seconds=row.wait_seconds),
        quiet=_quiet_value(row.quiet),
        retries=row.retries,
        spacing=timedelta(seconds=row.spacing_seconds),
        code_hash=row.code_hash,
        code_expires_at=row.code_expires_at,
        code_tries=row.code_tries,
    )


def to_call(row: CallRow) -> Call:
    return Call(
        id=row.id,
        user_id=row.user_id,
        delivery_id=row.delivery_id,
        attempt=row.attempt,
        to=row.to,
        text=row.text,
        status=row.status,
        created_at=row.created_at,
        provider_id=row.provider_id,
        answered_by=row.answered_by,
        digits=row.digits,
        outcome=CallOutcome(row.outcome) if row.outcome else None,
        ended_at=row.ended_at,
    )


class SqlAlchemyVoiceRepository:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], transactions: Transactions
    ) -> None:
        self._sessions = sessions
        self._transactions = transactions

    async def profile(self, user_id: int) -> VoiceProfile:
        rows = await self._transactions.rows(_PROFILE, {"user_id": user_id})
        return VoiceProfile(user_id) if not rows else to_profile(rows[0])

    async def save(self, profile: VoiceProfile) -> None:
        async with self._sessions.begin() as session:
            row = await session.get(VoiceSettingsRow, profile.user_id)
            if row is None:
                row = VoiceSettingsRow(user_id=profile.user_id)
                session.add(row)
            row.phone, row.verified, row.enabled = profile.phone, profile.verified, profile.enabled
            row.wait_seconds = int(profile.wait.total_seconds())
            row.quiet = _quiet_text(profile.quiet)
            row.retries = profile.retries
            row.spacing_seconds = int(profile.spacing.total_seconds())
            row.code_hash, row.code_expires_at = profile.code_hash, profile.code_expires_at
            row.code_tries = profile.code_tries

    async def unanswered(self, sent_after: datetime) -> Sequence[Unanswered]:
        async with self._sessions() as session:
            rows = await session.execute(
                select(DeliveryRow, VoiceSettingsRow)
                .join(VoiceSettingsRow, VoiceSettingsRow.user_id == DeliveryRow.user_id)
                .where(
                    DeliveryRow.status == DeliveryStatus.SENT.value,
                    DeliveryRow.acknowledged_at.is_(None),
                    DeliveryRow.kind.in_(_ESCALATING),
                    DeliveryRow.sent_at >= sent_after,
                    VoiceSettingsRow.verified.is_(True),
                    VoiceSettingsRow.enabled.is_(True),
                    VoiceSettingsRow.phone.is_not(None),
                )
                .order_by(DeliveryRow.sent_at)
            )
            found = []
            for delivery, settings in rows:
                assert delivery.sent_at is not None
                found.append(
                    Unanswered(to_delivery(delivery), delivery.sent_at, to_profile(settings))
                )
            return found

    async def calls_for(self, delivery_id: int) -> Sequence[Call]:
        async with self._sessions() as session:
            rows = await session.scalars(
                select(CallRow).where(CallRow.delivery_id == delivery_id).order_by(CallRow.attempt)
            )
            return [to_call(r) for r in rows]

    async def get_call(self, call_id: int) -> Call | None:
        async with self._sessions() as session:
            row = await session.get(CallRow, call_id)
            return None if row is None else to_call(row)

    async def start_call(
        self, user_id: int, delivery_id: int, attempt: int, to: str, text: str, at: datetime
    ) -> Call | None:
        try:
            async with self._sessions.begin() as session:
                row = CallRow(
                    user_id=user_id,
                    delivery_id=delivery_id,
                    attempt=attempt,
                    to=to,
                    text=text,
                    status="queued",
                    created_at=at,
                )
                session.add(row)
                await session.flush()
                return to_call(row)
        except IntegrityError:
            return None

    async def dialled(self, call_id: int, provider_id: str) -> None:
        await self._update(call_id, provider_id=provider_id)

    async def record_status(
        self, call_id: int, status: str, answered_by: str | None, at: datetime
    ) -> None:
        values: dict[str, object] = {"status": status[:16]}
        if answered_by:
            values["answered_by"] = answered_by[:32]
        await self._update(call_id, **values)

    async def record_outcome(
        self, call_id: int, outcome: CallOutcome, digits: str | None, at: datetime
    ) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(CallRow)
                .where(CallRow.id == call_id, CallRow.outcome.is_(None))
                .values(outcome=outcome.value, digits=digits)
            )

    async def finish(self, call_id: int, status: str, outcome: CallOutcome, at: datetime) -> None:
        async with self._sessions.begin() as session:
            row = await session.get(CallRow, call_id)
            if row is None:
                return
            row.status, row.ended_at = status[:16], at
            row.outcome = row.outcome or outcome.value

    async def _update(self, call_id: int, **values: object) -> None:
        async with self._sessions.begin() as session:
            await session.execute(update(CallRow).where(CallRow.id == call_id).values(**values))

    async def set_urgent(self, user_id: int, number: int, urgent: bool) -> Reminder | None:
        async with self._sessions.begin() as session:
            row = await listed(session, user_id, number)
            if row is None:
                return None
            row.urgent = urgent
            return to_reminder(row)

    async def mark_urgent(self, user_id: int, reminder_id: int) -> Reminder | None:
        async with self._sessions.begin() as session:
            row = await session.get(ReminderRow, reminder_id)
            if row is None or row.user_id != user_id:
                return None
            row.urgent = True
            return to_reminder(row)

    async def cancel_alerts(self, event_id: int, user_id: int) -> None:
        """Stop the person's alerts of the occurrence last alerted.

        Those of a recurring event's later occurrences stay, or are armed if none are.
        """
        async with self._sessions.begin() as session:
            alerted = await session.scalar(
                select(type_coerce(func.max(DeliveryRow.occurrence_at), UtcDateTime())).where(
                    DeliveryRow.kind == DeliveryKind.ALERT.value,
                    DeliveryRow.ref_id == event_id,
                    DeliveryRow.user_id == user_id,
                    DeliveryRow.status == DeliveryStatus.SENT.value,
                )
            )
            if alerted is None:
                await cancel_pending(session, DeliveryKind.ALERT, event_id, user_id)
                return
            await session.execute(
                cancelling(DeliveryKind.ALERT, event_id, user_id).where(
                    or_(
                        DeliveryRow.occurrence_at.is_(None),
                        DeliveryRow.occurrence_at <= alerted,
                    )
                )
            )
            # Alerts of the next occurrence all fall after this one's start.
            await session.run_sync(arm_next, event_id, user_id, alerted, alerted)
