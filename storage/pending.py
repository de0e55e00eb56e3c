"""Pending deliveries as the items that owe them create and cancel them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Update, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import DeliveryKind, DeliveryStatus
from storage.tables import DeliveryRow

PENDING = DeliveryStatus.PENDING.value


def pending_row(
    kind: DeliveryKind,
    user_id: int,
    ref_id: int,
    due_at: datetime,
    channel: str,
    chat_id: str,
    occurrence_at: datetime | None = None,
) -> dict[str, object]:
    """The values of a new pending delivery, for a Core insert."""
    return {
        "kind": kind.value,
        "user_id": user_id,
        "ref_id": ref_id,
        "due_at": due_at,
        "channel": channel,
        "chat_id": chat_id,
        "status": PENDING,
        "attempts": 0,
        "occurrence_at": occurrence_at,
    }


def cancelling(kind: DeliveryKind, ref_id: int, user_id: int | None = None) -> Update:
    """Cancel an item's pending deliveries: everyone's, or only those owed to `user_id`."""
    owed = [] if user_id is None else [DeliveryRow.user_id == user_id]
    return (
        update(DeliveryRow)
        .where(
            DeliveryRow.kind == kind.value,
            DeliveryRow.ref_id == ref_id,
            DeliveryRow.status == PENDING,
            *owed,
        )
        .values(status=DeliveryStatus.CANCELLED.value, lease_until=None)
    )


async def cancel_pending(
    session: AsyncSession, kind: DeliveryKind, ref_id: int, user_id: int | None = None
) -> None:
    """Cancel an item's pending deliveries: everyone's, or only those owed to `user_id`."""
    await session.execute(cancelling(kind, ref_id, user_id))
