"""Event alerts: the organizer's where the event was posted, and each attendee's privately.

Attendees are the people going; everyone is alerted at their own offsets. A person has the
alerts of one occurrence of an event pending at a time: those of a recurring event's next
occurrence are armed (`arm_next`) once the last of the previous ones is sent, failed or
dropped, so the series goes on from what the database holds.

Each function works inside the caller's transaction, so alerts change together with the
event, the vote or the setting that moved them. They are synchronous, for the delivery
queue's hot path; async callers go through `AsyncSession.run_sync`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, bindparam, insert, or_, select
from sqlalchemy.orm import Session

from bot.messages import Target
from bot.models import DEFAULT_ALERT_OFFSETS, DeliveryKind, RsvpChoice
from storage.occurrences import after as occurrences_after
from storage.occurrences import read_exdates
from storage.pending import PENDING, cancelling, pending_row
from storage.tables import DeliveryRow, EventRow, IdentityRow, RsvpRow, UserRow

_OFFSETS = select(UserRow.alert_offsets).where(UserRow.id == bindparam("user_id"))


def offsets(session: Session, user_id: int) -> tuple[int, ...]:
    """Minutes before an event at which this person is alerted, largest first."""
    stored = session.scalar(_OFFSETS, {"user_id": user_id})
    if stored is None:
        return DEFAULT_ALERT_OFFSETS
    return tuple(int(m) for m in stored.split(",") if m)


def chosen_chat(session: Session, user_id: int) -> Target | None:
    """The chat a person chose with /deliver, if any."""
    chosen = session.execute(
        select(UserRow.deliver_channel, UserRow.deliver_chat_id).where(UserRow.id == user_id)
    ).first()
    if chosen is None or not chosen.deliver_channel or not chosen.deliver_chat_id:
        return None
    return Target(chosen.deliver_channel, chosen.deliver_chat_id)


def private_chat(session: Session, user_id: int, channel: str) -> Target | None:
    """Where a person's own alerts go; None when nowhere.

    The chat they chose with /deliver, else their private chat on `channel`: an identity
    there whose chat is the person's own id (a Telegram private chat, a Slack DM) and that
    still reaches them.
    """
    chosen = chosen_chat(session, user_id)
    if chosen is not None:
        return chosen
    chat = session.scalar(
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


def coming(now: datetime) -> ColumnElement[bool]:
    """Events that may still have an occurrence ahead: a one-off not started, or a series."""
    return or_(EventRow.start_at > now, EventRow.rrule.is_not(None))


def arm_event(session: Session, row: EventRow | Row[Any], now: datetime) -> None:
    """Replace every pending alert of an event: the organizer's and each attendee's."""
    session.execute(cancelling(DeliveryKind.ALERT, row.id))
    _insert(session, row, row.user_id, Target(row.channel, row.chat_id), now)
    attendees = session.scalars(_attendees(row.id).where(RsvpRow.user_id != row.user_id))
    for user_id in attendees.all():
        target = private_chat(session, user_id, row.channel)
        if target is not None:
            _insert(session, row, user_id, target, now)


def arm_new(
    session: Session, rows: Sequence[EventRow | Row[Any]], user_id: int, now: datetime
) -> None:
    """Arm the alerts of events just added for one person, in one insert.

    New events have no pending alerts to replace and nobody going yet: only their
    organizer's alerts are armed, where each event was set.
    """
    minutes = offsets(session, user_id)
    values = []
    for row in rows:
        found = next_alerts(row, minutes, now)
        if found is not None:
            start, dues = found
            values += [
                pending_row(
                    DeliveryKind.ALERT, user_id, row.id, due, row.channel, row.chat_id, start
                )
                for due in dues
            ]
    if values:
        session.execute(insert(DeliveryRow), values)


def arm_attendee(
    session: Session, row: EventRow, user_id: int, going: bool, now: datetime
) -> Target | None:
    """Replace one person's pending alerts of an event they answered (not its organizer).

    Returns where the alerts of someone going will reach them; None when they are not going
    or have no private chat to reach them in.
    """
    if row.user_id == user_id:
        return None  # the organizer's own alerts stay where the event was posted
    session.execute(cancelling(DeliveryKind.ALERT, row.id, user_id))
    if not going or row.cancelled:
        return None
    target = private_chat(session, user_id, row.channel)
    if target is not None:
        _insert(session, row, user_id, target, now)
    return target


def arm_attending(session: Session, user_id: int, now: datetime) -> int:
    """Recompute a person's alerts of the coming events they are going to; how many."""
    events = session.scalars(
        select(EventRow)
        .join(RsvpRow, RsvpRow.event_id == EventRow.id)
        .where(
            RsvpRow.user_id == user_id,
            RsvpRow.choice == RsvpChoice.GOING.value,
            EventRow.user_id != user_id,
            EventRow.cancelled.is_(False),
            coming(now),
        )
    ).all()
    for row in events:
        arm_attendee(session, row, user_id, True, now)
    return len(events)


def arm_next(
    session: Session, event_id: int, user_id: int, after: datetime | None, now: datetime
) -> None:
    """Arm a person's alerts of the occurrence of a recurring event that follows `after`.

    Only once none of their alerts of it is pending any more, and only for the organizer or
    someone still going; a one-off or cancelled event arms nothing.
    """
    row = session.get(EventRow, event_id)
    if row is None or row.rrule is None or row.cancelled:
        return
    waiting = session.scalar(
        select(DeliveryRow.id)
        .where(
            DeliveryRow.kind == DeliveryKind.ALERT.value,
            DeliveryRow.ref_id == event_id,
            DeliveryRow.user_id == user_id,
            DeliveryRow.status == PENDING,
        )
        .limit(1)
    )
    if waiting is not None:
        return
    if user_id == row.user_id:
        target: Target | None = Target(row.channel, row.chat_id)
    elif session.scalar(_attendees(event_id).where(RsvpRow.user_id == user_id)) is None:
        return
    else:
        target = private_chat(session, user_id, row.channel)
    if target is not None:
        _insert(session, row, user_id, target, now, after)


def _attendees(event_id: int) -> Select[int]:
    return select(RsvpRow.user_id).where(
        RsvpRow.event_id == event_id, RsvpRow.choice == RsvpChoice.GOING.value
    )


def _insert(
    session: Session,
    row: EventRow | Row[Any],
    user_id: int,
    target: Target,
    now: datetime,
    after: datetime | None = None,
) -> None:
    found = next_alerts(row, offsets(session, user_id), now, after)
    if found is None:
        return
    start, dues = found
    values = [
        pending_row(DeliveryKind.ALERT, user_id, row.id, due, target.channel, target.chat_id, start)
        for due in dues
    ]
    session.execute(insert(DeliveryRow), values)


def next_alerts(
    row: EventRow | Row[Any],
    minutes: Sequence[int],
    now: datetime,
    after: datetime | None = None,
) -> tuple[datetime, list[datetime]] | None:
    """The first occurrence with an alert still ahead of `now`, and those alerts' times.

    A recurring event's occurrences are searched from the one after `after` (when given);
    a one-off event has only its own.
    """
    if not minutes:
        return None
    # An occurrence this close has even its last alert behind it.
    since = now + timedelta(minutes=min(minutes))
    if row.rrule is None:
        start = row.start_at if row.start_at > since else None
    else:
        since = since if after is None else max(after, since)
        skip = read_exdates(row.exdates)
        found = occurrences_after(row.rrule, row.start_at, row.timezone, since, skip)
        start = next(found, None)
    if start is None:
        return None
    return start, sorted(due for m in minutes if (due := start - timedelta(minutes=m)) > now)
