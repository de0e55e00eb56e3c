"""The admins' dashboard figures, each counted by the database rather than row by row here."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, case, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import DeliveryStatus
from bot.overview import (
    CLARIFIED,
    ChannelCount,
    DeliveryFigures,
    LabelCount,
    People,
    Person,
    Phrase,
    Phrases,
)
from storage.phrases import AGREEING_PEOPLE
from storage.tables import DeliveryRow, IdentityRow, MessageRow, TrainingPhraseRow, UserRow
from storage.voice_tables import CallRow

PENDING = DeliveryStatus.PENDING.value
SENT = DeliveryStatus.SENT.value
FAILED = DeliveryStatus.FAILED.value


def _lateness(session: AsyncSession) -> ColumnElement[Any]:
    """Seconds from a delivery's due time to its sending, in this database's own words."""
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", DeliveryRow.sent_at - DeliveryRow.due_at)
    # SQLite keeps times as text, which julianday() reads as days.
    return (func.julianday(DeliveryRow.sent_at) - func.julianday(DeliveryRow.due_at)) * 86400.0


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


class SqlAlchemyOverview:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def people(self, newest: int) -> People:
        per_channel = (
            select(
                IdentityRow.channel,
                func.count(distinct(IdentityRow.user_id)),
                func.count(distinct(case((IdentityRow.reachable, IdentityRow.user_id)))),
            )
            .group_by(IdentityRow.channel)
            .order_by(func.count(distinct(IdentityRow.user_id)).desc(), IdentityRow.channel)
        )
        async with self._sessions() as session:
            total = int(await session.scalar(select(func.count()).select_from(UserRow)) or 0)
            channels = tuple(
                ChannelCount(channel, int(people), int(reachable))
                for channel, people, reachable in await session.execute(per_channel)
            )
            users = (
                await session.execute(
                    select(UserRow.id, UserRow.display_name, UserRow.created_at)
                    .order_by(UserRow.created_at.desc(), UserRow.id.desc())
                    .limit(newest)
                )
            ).all()
            ids = [u.id for u in users]
            pairs = await session.execute(
                select(IdentityRow.user_id, IdentityRow.channel)
                .where(IdentityRow.user_id.in_(ids))
                .distinct()
                .order_by(IdentityRow.user_id, IdentityRow.channel)
            )
        on: dict[int, list[str]] = {}
        for user_id, channel in pairs:
            on.setdefault(user_id, []).append(channel)
        shown = tuple(
            Person(u.id, u.display_name, u.created_at, tuple(on.get(u.id, ()))) for u in users
        )
        return People(total, channels, shown)

    async def messages_between(self, bounds: Sequence[datetime]) -> list[tuple[int, int]]:
        """Messages in each span [bounds[i], bounds[i + 1]): (from people, answers)."""
        spans = len(bounds) - 1
        if spans < 1:
            return []
        row = MessageRow
        span = case(*((row.at < end, n) for n, end in enumerate(bounds[1:-1])), else_=spans - 1)
        # Grouped outside: PostgreSQL would not know a CASE of bound values to be the same twice.
        spanned = (
            select(span.label("span"), row.direction)
            .where(row.at >= bounds[0], row.at < bounds[-1])
            .subquery()
        )
        counted = select(spanned.c.span, spanned.c.direction, func.count()).group_by(
            spanned.c.span, spanned.c.direction
        )
        counts = [[0, 0] for _ in range(spans)]
        async with self._sessions() as session:
            for n, direction, count in await session.execute(counted):
                counts[int(n)][0 if direction == "in" else 1] += int(count)
        return [(said, answered) for said, answered in counts]

    async def deliveries(self, now: datetime, since: datetime) -> DeliveryFigures:
        row = DeliveryRow
        status = row.status
        sent_since = (status == SENT) & (row.sent_at >= since)
        async with self._sessions() as session:
            due, scheduled, sent, failed = (
                await session.execute(
                    select(
                        _count((status == PENDING) & (row.due_at <= now)),
                        _count((status == PENDING) & (row.due_at > now)),
                        _count(sent_since),
                        _count((status == FAILED) & (row.due_at >= since)),
                    ).where(status.in_((PENDING, SENT, FAILED)))
                )
            ).one()
            late = _lateness(session)
            ranked: list[float | None] = []
            # Nearest rank: the k-th smallest lateness, read as one row of the sorted window.
            for share in (0.5, 0.95):
                if not sent:
                    ranked.append(None)
                    continue
                rank = max(1, math.ceil(share * int(sent)))
                value = await session.scalar(
                    select(late).where(sent_since).order_by(late).offset(rank - 1).limit(1)
                )
                ranked.append(None if value is None else float(value))
        return DeliveryFigures(int(due), int(scheduled), int(sent), int(failed), *ranked)

    async def calls(self, since: datetime) -> dict[str | None, int]:
        """Calls placed since then, by outcome; None for calls not yet over."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(CallRow.outcome, func.count())
                .where(CallRow.created_at >= since)
                .group_by(CallRow.outcome)
                .order_by(func.count().desc())
            )
            return {outcome: int(count) for outcome, count in rows}

    async def phrases(self, recent: int) -> Phrases:
        row = TrainingPhraseRow
        newest = func.max(row.created_at)
        async with self._sessions() as session:
            counts = await session.execute(
                select(row.label, row.source, func.count())
                .group_by(row.label, row.source)
                .order_by(row.label, row.source)
            )
            latest = await session.execute(
                select(row.label, row.phrase, row.source, row.created_at)
                .order_by(row.created_at.desc(), row.id.desc())
                .limit(recent)
            )
            waiting = await session.execute(
                select(row.label, row.phrase, newest)
                .where(row.source == CLARIFIED)
                .group_by(row.label, row.phrase)
                .having(func.count(distinct(row.user_id)) < AGREEING_PEOPLE)
                .order_by(newest.desc())
                .limit(recent)
            )
            return Phrases(
                tuple(LabelCount(label, source, int(n)) for label, source, n in counts),
                tuple(Phrase(*r) for r in latest),
                tuple(Phrase(label, phrase, CLARIFIED, at) for label, phrase, at in waiting),
            )
