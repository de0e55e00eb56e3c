"""Event alerts: the organizer's where the event was posted, and each attendee's privately.

Attendees are the people going; everyone is alerted at their own offsets.

Each function works inside the caller's transaction, so alerts change together with the
event, the vote or the setting that moved them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Target
from bot.models import DEFAULT_ALERT_OFFSETS, DeliveryKind, RsvpChoice
from storage.deliveries import cancel_pending, pending_row
from storage.tables import DeliveryRow, EventRow, IdentityRow, RsvpRow, UserRow


async def offsets(session: AsyncSession, user_id: int) -> tuple[int, ...]:
    """Minutes before an event at which this person is alerted, largest first."""
    stored = await session.scalar(select(UserRow.alert_offsets).where(UserRow.id == user_id))
    if stored is None:
        return DEFAULT_ALERT_OFFSETS
    return tuple(int(m) for m in stored.split(",") if m)


async def chosen_chat(session: AsyncSession, user_id: int) -> Target | None:
    """The chat a person chose with /deliver, if any."""
    chosen = (
        await session.execute(
            select(UserRow.deliver_channel, UserRow.deliver_chat_id).where(UserRow.id == user_id)
        )
    ).first()
    if chosen is None or not chosen.deliver_channel or not chosen.deliver_chat_id:
        return None
    return Target(chosen.deliver_channel, chosen.deliver_chat_id)


async def private_chat(session: AsyncSession, user_id: int, channel: str) -> Target | None:
    """Where a person's own alerts go; None when nowhere.

    The chat they chose with /deliver, else their private chat on `channel`: an identity
    there whose chat is the person's own id (a Telegram private chat, a Slack DM) and that
    still reaches them.
    """
    chosen = await chosen_chat(session, user_id)
    if chosen is not None:
        return chosen
    chat = await session.scalar(
        select(IdentityRow.chat_id)
        .where(
            IdentityRow.user_id == user_id,
            IdentityRow.channel == channel,
            IdentityRow.chat_id == IdentityRow.external_id,
            IdentityRow.reachable.is_(True),
        )
        .limit(1)
    )
    return None if chat is None else Target(channel, chat)


async def arm_event(session: AsyncSession, row: EventRow, now: datetime) -> None:
    """Replace every pending alert of an event: the organizer's and each attendee's."""
    await cancel_pending(session, DeliveryKind.ALERT, row.id)
    await _insert(session, row, row.user_id, Target(row.channel, row.chat_id), now)
    attendees = await session.scalars(
        select(RsvpRow.user_id).where(
            RsvpRow.event_id == row.id,
            RsvpRow.choice == RsvpChoice.GOING.value,
            RsvpRow.user_id != row.user_id,
        )
    )
    for user_id in attendees.all():
        target = await private_chat(session, user_id, row.channel)
        if target is not None:
            await _insert(session, row, user_id, target, now)


async def arm_attendee(
    session: AsyncSession, row: EventRow, user_id: int, going: bool, now: datetime
) -> Target | None:
    """Replace one person's pending alerts of an event they answered (not its organizer).

    Returns where the alerts of someone going will reach them; None when they are not going
    or have no private chat to reach them in.
    """
    if row.user_id == user_id:
        return None  # the organizer's own alerts stay where the event was posted
    await cancel_pending(session, DeliveryKind.ALERT, row.id, user_id)
    if not going or row.cancelled:
        return None
    target = await private_chat(session, user_id, row.channel)
    if target is not None:
        await _insert(session, row, user_id, target, now)
    return target


async def arm_attending(session: AsyncSession, user_id: int, now: datetime) -> int:
    """Recompute a person's alerts of the coming events they are going to; how many."""
    rows = await session.scalars(
        select(EventRow)
        .join(RsvpRow, RsvpRow.event_id == EventRow.id)
        .where(
            RsvpRow.user_id == user_id,
            RsvpRow.choice == RsvpChoice.GOING.value,
            EventRow.user_id != user_id,
            EventRow.cancelled.is_(False),
            EventRow.start_at > now,
        )
    )
    events = rows.all()
    for row in events:
        await arm_attendee(session, row, user_id, True, now)
    return len(events)


async def _insert(
    session: AsyncSession, row: EventRow, user_id: int, target: Target, now: datetime
) -> None:
    dues = [row.start_at - timedelta(minutes=m) for m in await offsets(session, user_id)]
    values = [
        pending_row(DeliveryKind.ALERT, user_id, row.id, due, target.channel, target.chat_id)
        for due in sorted(dues)
        if due > now
    ]
    if values:
        await session.execute(insert(DeliveryRow), values)
