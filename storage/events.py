"""Events and appointments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Row, and_, func, or_, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from bot.calendars.writing import own_event_id
from bot.messages import Target
from bot.models import CalendarEntry, DeliveryKind, Event, ImportCounts
from bot.recurrence import follow_start
from storage.alerts import arm_attending, arm_event, arm_new, coming, offsets
from storage.database import Transactions
from storage.numbering import Numbered
from storage.occurrences import first_from, read_exdates, soonest, starts, write_exdates
from storage.pending import cancel_pending, cancelling
from storage.tables import EventRow, UserRow

# `upcoming` lists a recurring event's next occurrence, and any others within this span, up
# to this many.
UPCOMING_SPAN = timedelta(days=14)
UPCOMING_PER_SERIES = 3


_NUMBERED = Numbered(EventRow, EventRow.cancelled.is_(False))


def _add(session: Session, values: dict[str, Any], now: datetime) -> Event:
    """The event and its organizer's alerts still to come, in one transaction.

    A new event has no alerts to replace and nobody going yet (`arm_new`).
    """
    row = _NUMBERED.add(session, values)
    arm_new(session, [row], row.user_id, now)
    return to_event(row)


def to_event(row: EventRow | Row[Any]) -> Event:
    return Event(
        id=row.id,
        user_id=row.user_id,
        number=row.number,
        title=row.title,
        start_at=row.start_at,
        end_at=row.end_at,
        place=row.place,
        cancelled=row.cancelled,
        channel=row.channel,
        chat_id=row.chat_id,
        rrule=row.rrule,
        timezone=row.timezone,
        all_day=row.all_day,
        uid=row.uid,
        exdates=read_exdates(row.exdates),
        recurrence_id=row.recurrence_id,
    )


def _first(
    rule: str, start_at: datetime, end_at: datetime | None, timezone: str
) -> tuple[datetime, datetime | None]:
    """A series' first occurrence from `start_at`, and its end, as long as asked."""
    first = first_from(rule, start_at, timezone)
    return first, None if end_at is None else end_at + (first - start_at)


class SqlAlchemyEventRepository:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], transactions: Transactions
    ) -> None:
        self._sessions = sessions
        self._transactions = transactions

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
        """Store an event with, in the same transaction, its alerts still to come.

        A recurring one starts at its first occurrence at or after `start_at`; ValueError
        when the rule cannot be read or has none.
        """
        if rrule is not None:
            start_at, end_at = _first(rrule, start_at, end_at, timezone)
        values = {
            "user_id": user_id,
            "title": title,
            "start_at": start_at,
            "end_at": end_at,
            "place": place,
            "cancelled": False,
            "channel": target.channel,
            "chat_id": target.chat_id,
            "created_at": datetime.now(UTC),
            "rrule": rrule,
            "timezone": timezone,
        }
        return await self._transactions.run(_add, values, now or datetime.now(UTC))

    async def between(self, user_id: int, start: datetime, end: datetime) -> Sequence[Event]:
        """Events, and occurrences of recurring ones, starting in [start, end)."""
        return await self._listed(user_id, start, end)

    async def upcoming(self, user_id: int, after: datetime) -> Sequence[Event]:
        """Events from `after`; of a recurring one the next few occurrences (see above)."""
        return await self._listed(user_id, after, None)

    async def _listed(self, user_id: int, start: datetime, end: datetime | None) -> list[Event]:
        """The user's live events and occurrences from `start` (until `end`), earliest first."""
        before_end = true() if end is None else EventRow.start_at < end
        one_off = and_(EventRow.rrule.is_(None), EventRow.start_at >= start, before_end)
        series = and_(EventRow.rrule.is_not(None), before_end)
        rows = await self._transactions.rows(
            select(EventRow.__table__).where(
                EventRow.user_id == user_id,
                EventRow.cancelled.is_(False),
                or_(one_off, series),
            )
        )
        events = [to_event(r) for r in rows]
        listed = [e for e in events if e.rrule is None]
        for event in events:
            if event.rrule is None:
                continue
            if end is None:
                found = soonest(
                    event.rrule,
                    event.start_at,
                    event.timezone,
                    start,
                    UPCOMING_SPAN,
                    UPCOMING_PER_SERIES,
                    event.exdates,
                )
            else:
                found = list(
                    starts(event.rrule, event.start_at, event.timezone, start, end, event.exdates)
                )
            listed.extend(event.occurrence(at) for at in found)
        return sorted(listed, key=lambda e: (e.start_at, e.number))

    async def get(self, user_id: int, number: int) -> Event | None:
        async with self._sessions() as session:
            row = await self._live(session, user_id, number)
            return None if row is None else to_event(row)

    async def cancel(self, user_id: int, number: int) -> Event | None:
        async with self._sessions.begin() as session:
            row = await self._live(session, user_id, number)
            if row is None:
                return None
            row.cancelled = True
            await cancel_pending(session, DeliveryKind.ALERT, row.id)
            return to_event(row)

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

        A recurring event moves as a series: see `follow_start` for how its rule follows, and
        it starts again from its first occurrence at or after `start_at` (ValueError if none).
        A new `rrule` makes it repeat that way from `start_at`.
        """
        async with self._sessions.begin() as session:
            row = await self._live(session, user_id, number)
            if row is None:
                return None
            if end_at is None and row.end_at is not None:
                end_at = row.end_at + (start_at - row.start_at)
            if rrule is not None:
                row.rrule = rrule
            elif row.rrule is not None:
                row.rrule = follow_start(row.rrule, start_at, row.timezone)
                start_at, end_at = _first(row.rrule, start_at, end_at, row.timezone)
            row.start_at, row.end_at = start_at, end_at
            await session.run_sync(arm_event, row, now)
            return to_event(row)

    async def edit(
        self, user_id: int, number: int, *, title: str | None = None, place: str | None = None
    ) -> Event | None:
        async with self._sessions.begin() as session:
            row = await self._live(session, user_id, number)
            if row is None:
                return None
            if title is not None:
                row.title = title
            if place is not None:
                row.place = place
            return to_event(row)

    async def all(self, user_id: int) -> Sequence[Event]:
        """Every live event of the user, past and coming, a series once; earliest first."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(EventRow)
                .where(EventRow.user_id == user_id, EventRow.cancelled.is_(False))
                .order_by(EventRow.start_at, EventRow.id)
            )
            return [to_event(r) for r in rows]

    async def import_entries(
        self, user_id: int, entries: Sequence[CalendarEntry], target: Target, *, now: datetime
    ) -> ImportCounts:
        """Store a calendar's events in one transaction, matched to earlier imports by UID.

        A known UID (with the same RECURRENCE-ID) is updated in place and keeps its number;
        a cancelled entry cancels the stored event and its alerts; an entry whose rule has
        no occurrence is skipped.
        """
        async with self._sessions.begin() as session:
            counts = await session.run_sync(_import, user_id, entries, target, now)
        return counts

    async def by_id(self, event_id: int) -> Event | None:
        async with self._sessions() as session:
            row = await session.get(EventRow, event_id)
            return None if row is None else to_event(row)

    async def alert_offsets(self, user_id: int) -> tuple[int, ...]:
        """Minutes before each event at which the user is alerted, largest first."""
        async with self._sessions() as session:
            return await session.run_sync(offsets, user_id)

    async def set_alert_offsets(
        self, user_id: int, minutes: Sequence[int], *, now: datetime
    ) -> None:
        """Store the user's alert offsets and recompute their alerts of coming events.

        Both their own events and those they are going to.
        """
        text = ",".join(str(m) for m in sorted(set(minutes), reverse=True))
        async with self._sessions.begin() as session:
            await session.execute(
                update(UserRow).where(UserRow.id == user_id).values(alert_offsets=text)
            )
            rows = await session.scalars(
                select(EventRow).where(
                    EventRow.user_id == user_id, EventRow.cancelled.is_(False), coming(now)
                )
            )
            for row in rows.all():
                await session.run_sync(arm_event, row, now)
            await session.run_sync(arm_attending, user_id, now)

    @staticmethod
    async def _live(session: AsyncSession, user_id: int, number: int) -> EventRow | None:
        return await session.scalar(
            select(EventRow).where(
                EventRow.user_id == user_id,
                EventRow.number == number,
                EventRow.cancelled.is_(False),
            )
        )


def _import(
    session: Session,
    user_id: int,
    entries: Sequence[CalendarEntry],
    target: Target,
    now: datetime,
) -> ImportCounts:
    known = _known(session, user_id)
    added = updated = cancelled = unchanged = skipped = 0
    # New events take the numbers after the person's highest open one, in the file's order.
    number = _next_number(session, user_id)
    new: list[EventRow] = []
    changed: list[EventRow] = []
    for entry in entries:
        key = (entry.uid[:500], entry.recurrence_id)
        row = known.get(key) or _exported(session, user_id, entry.uid)
        if entry.cancelled:
            if entry.recurrence_id is not None:
                _leave_out(session, user_id, entry, now)
            if row is not None and not row.cancelled:
                row.cancelled = True
                session.execute(cancelling(DeliveryKind.ALERT, row.id))
                cancelled += 1
            continue
        try:
            values = _values(entry)
        except ValueError:
            skipped += 1  # a rule with no occurrence at all: nothing to show or alert
            continue
        if row is None:
            values |= {
                "user_id": user_id,
                "cancelled": False,
                "channel": target.channel,
                "chat_id": target.chat_id,
                "created_at": datetime.now(UTC),
            }
            row = known[key] = EventRow(**values, number=number)
            session.add(row)
            number += 1
            added += 1
            if row.rrule is not None or row.start_at > now:
                new.append(row)  # still to come: its alerts are armed below
            continue
        elif row.cancelled or _changed(row, values):
            if row.cancelled:
                row.number, row.cancelled = number, False
                number += 1
            for name, value in values.items():
                setattr(row, name, value)
            updated += 1
        else:
            row.uid = entry.uid[:500]  # an exported event of ours keeps the UID it went out with
            unchanged += 1
            continue
        changed.append(row)
    session.flush()
    arm_new(session, new, user_id, now)
    for row in changed:
        arm_event(session, row, now)
    return ImportCounts(added, updated, cancelled, unchanged, skipped)


def _known(session: Session, user_id: int) -> dict[tuple[str, datetime | None], EventRow]:
    """The person's imported events by UID and RECURRENCE-ID; a live one before a cancelled."""
    rows = session.scalars(
        select(EventRow)
        .where(EventRow.user_id == user_id, EventRow.uid.is_not(None))
        .order_by(EventRow.cancelled.desc(), EventRow.id)
    )
    return {(str(row.uid), row.recurrence_id): row for row in rows}


def _exported(session: Session, user_id: int, uid: str) -> EventRow | None:
    """One of the person's own events, met again in a calendar file it was exported to."""
    own = own_event_id(uid)
    if own is None:
        return None
    return session.scalars(
        select(EventRow).where(
            EventRow.user_id == user_id, EventRow.id == own, EventRow.uid.is_(None)
        )
    ).first()


def _leave_out(session: Session, user_id: int, entry: CalendarEntry, now: datetime) -> None:
    """A cancelled occurrence of a series already stored: its series skips it from now on."""
    assert entry.recurrence_id is not None
    series = session.scalars(
        select(EventRow).where(
            EventRow.user_id == user_id,
            EventRow.uid == entry.uid,
            EventRow.recurrence_id.is_(None),
            EventRow.rrule.is_not(None),
        )
    ).first()
    if series is None:
        return
    skipped = read_exdates(series.exdates)
    if entry.recurrence_id not in skipped:
        series.exdates = write_exdates(skipped | {entry.recurrence_id})
        session.flush()
        arm_event(session, series, now)


def _values(entry: CalendarEntry) -> dict[str, object]:
    start_at, end_at = entry.start_at, entry.end_at
    if entry.rrule is not None:
        start_at, end_at = _first(entry.rrule, start_at, end_at, entry.timezone)
    return {
        "title": entry.title[:1000],
        "start_at": start_at,
        "end_at": end_at,
        "place": entry.place[:300],
        "rrule": entry.rrule,
        "timezone": entry.timezone,
        "uid": entry.uid[:500],
        "recurrence_id": entry.recurrence_id,
        "exdates": write_exdates(entry.exdates),
        "all_day": entry.all_day,
    }


def _changed(row: EventRow, values: dict[str, object]) -> bool:
    """Whether an import changes the event (a rule's parts may come in another order)."""
    for key, value in values.items():
        held = getattr(row, key)
        if key == "uid" or held == value or (key == "rrule" and _same_rule(held, value)):
            continue
        return True
    return False


def _same_rule(held: object, given: object) -> bool:
    if not isinstance(held, str) or not isinstance(given, str):
        return False
    return set(held.upper().split(";")) == set(given.upper().split(";"))


def _next_number(session: Session, user_id: int) -> int:
    highest = session.scalar(
        select(func.coalesce(func.max(EventRow.number), 0)).where(
            EventRow.user_id == user_id, EventRow.cancelled.is_(False)
        )
    )
    return int(highest or 0) + 1
