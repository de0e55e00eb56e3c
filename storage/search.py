"""Full-text search of a person's notes, tasks, reminders and events, with stemming.

The index is the database's own, built by migration 0014: on SQLite an FTS5 table kept by
triggers (a row's rowid is its item's id * 4 + the kind's code, its `owner` the owner's user
id), on PostgreSQL a GIN index of each table's `to_tsvector('english', …)`. "passports" finds
"passport" on both. Neither is a mapped table, so `nudge db check` skips objects named
`search_*` (`is_search_object`). Only what the person's listings show is found: open tasks,
listed reminders, live events, and every note.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, select, text, true
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import Found, ItemKind
from storage.events import to_event
from storage.notes import to_note
from storage.reminders import LISTED, to_reminder
from storage.tables import EventRow, NoteRow, ReminderRow, TaskRow
from storage.tasks import to_task

PREFIX = "search_"


class Source(NamedTuple):
    """Where one kind of item is indexed from, as migration 0014 made the index."""

    code: int  # the kind's part of the SQLite rowid: id * 4 + code
    table: str
    words: str  # the SQL expression of the words indexed, the index's word for word


SOURCES = {
    ItemKind.NOTE: Source(0, "notes", "title || ' ' || body"),
    ItemKind.TASK: Source(1, "tasks", "text"),
    ItemKind.REMINDER: Source(2, "reminders", "text"),
    ItemKind.EVENT: Source(3, "events", "title || ' ' || place"),
}
_SLICE = 100  # items loaded at a time, in the order found
_CODES = {source.code: kind for kind, source in SOURCES.items()}
# Each kind's rows, as items, and which of them the listings show.
_ROWS: dict[ItemKind, tuple[Any, Callable[[Any], Found], ColumnElement[bool]]] = {
    ItemKind.NOTE: (NoteRow, to_note, true()),
    ItemKind.TASK: (TaskRow, to_task, TaskRow.done.is_(False)),
    ItemKind.REMINDER: (ReminderRow, to_reminder, ReminderRow.status.in_(LISTED)),
    ItemKind.EVENT: (EventRow, to_event, EventRow.cancelled.is_(False)),
}


def is_search_object(name: str | None) -> bool:
    """Whether a database object belongs to the search index (not described by the tables)."""
    return bool(name) and str(name).startswith(PREFIX)


class SqlAlchemySearch:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def find(
        self,
        user_id: int,
        words: Sequence[str],
        kinds: Collection[ItemKind] = tuple(ItemKind),
        limit: int = 10,
    ) -> Sequence[Found]:
        """The person's items that mention every word, best first; if none does, any word."""
        words = [w for w in words if any(c.isalnum() for c in w)]
        if not words or not kinds:
            return []
        async with self._sessions() as session:
            postgres = session.get_bind().dialect.name == "postgresql"
            ranked = _postgres if postgres else _sqlite
            found: list[Found] = []
            for every in (True, False) if len(words) > 1 else (True,):
                matched = await ranked(session, user_id, words, kinds, every)
                found = await _listed(session, matched, limit)
                if found:
                    break
            return found


async def _sqlite(
    session: AsyncSession,
    user_id: int,
    words: Sequence[str],
    kinds: Collection[ItemKind],
    every: bool,
) -> list[tuple[ItemKind, int]]:
    """The person's items of these kinds that match, best first.

    Each word is a quoted string: FTS5 reads nothing in it as syntax, and still stems it. The
    owner's id is a word of the row's `owner` column, so only the person's rows are read.
    """
    quoted = ['"' + word.replace('"', '""') + '"' for word in words]
    query = f'owner : "{user_id}" AND words : ({(" " if every else " OR ").join(quoted)})'
    statement = text(
        "SELECT rowid FROM search_index WHERE search_index MATCH :query "
        "ORDER BY bm25(search_index, 0, 1)"
    )
    keys = await session.scalars(statement, {"query": query})
    found = [(_CODES[key % 4], key // 4) for key in keys]
    return [(kind, item_id) for kind, item_id in found if kind in kinds]


async def _postgres(
    session: AsyncSession,
    user_id: int,
    words: Sequence[str],
    kinds: Collection[ItemKind],
    every: bool,
) -> list[tuple[ItemKind, int]]:
    """The person's items of these kinds that match, best first.

    Each word is its own plain query (no syntax), joined with AND (&&) or OR (||); the
    expression is the index's word for word, so that the GIN index serves the query.
    """
    wanted = (" && " if every else " || ").join(
        f"plainto_tsquery('english', :w{i})" for i in range(len(words))
    )
    parts = " UNION ALL ".join(
        f"SELECT {code} AS kind, id, ts_rank(to_tsvector('english', {words_of}), q.query) AS rank "
        f"FROM {table}, q WHERE user_id = :user AND to_tsvector('english', {words_of}) @@ q.query"
        for code, table, words_of in (SOURCES[k] for k in kinds)
    )
    statement = text(
        f"WITH q AS (SELECT {wanted} AS query) "
        f"SELECT kind, id FROM ({parts}) AS found ORDER BY rank DESC, kind, id"
    )
    values = {"user": user_id, **{f"w{i}": w for i, w in enumerate(words)}}
    rows = await session.execute(statement, values)
    return [(_CODES[row.kind], row.id) for row in rows]


async def _listed(
    session: AsyncSession, found: list[tuple[ItemKind, int]], limit: int
) -> list[Found]:
    """The first `limit` items found that the listings show, in the order found.

    Items are loaded a slice of the ranking at a time: once `limit` are found, the rest of
    the matches (often a long history of done tasks and past reminders) is never loaded.
    """
    listed: list[Found] = []
    for start in range(0, len(found), _SLICE):
        listed += await _load(session, found[start : start + _SLICE])
        if len(listed) >= limit:
            break
    return listed[:limit]


async def _load(session: AsyncSession, found: list[tuple[ItemKind, int]]) -> list[Found]:
    """The items found that the listings show, in the order found."""
    items: dict[tuple[ItemKind, int], Found] = {}
    for kind in {kind for kind, _ in found}:
        row, to_item, listed = _ROWS[kind]
        ids = [item_id for k, item_id in found if k is kind]
        for one in await session.scalars(select(row).where(row.id.in_(ids), listed)):
            items[(kind, one.id)] = to_item(one)
    return [items[key] for key in found if key in items]
