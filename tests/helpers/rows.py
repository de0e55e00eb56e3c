"""How many rows of each table belong to a person, for checking that erasing them is complete."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.knowledge.models import user_scope
from storage.knowledge_tables import KnowledgeChunkRow
from storage.search import SOURCES
from storage.tables import Base


async def owned_rows(engine: AsyncEngine, user_id: int) -> dict[str, int]:
    """Every table's count of the person's rows: by `user_id`, by `id`, or by their scope.

    Fails for a table with no way to tell whose its rows are, so a new table is looked at.
    """
    counts = {}
    async with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            where: ColumnElement[bool]
            if table.name == "inbox":
                # Handled updates keep only the platform's id; their payload is dropped.
                where = table.c.done_at.is_not(None) & (table.c.payload != "")
            elif table.name == "users":
                where = table.c.id == user_id
            elif table.name == "knowledge_chunks":
                where = KnowledgeChunkRow.scope == user_scope(user_id)
            else:
                assert "user_id" in table.c, f"{table.name} has no owner column"
                where = table.c.user_id == user_id
            query = select(func.count()).select_from(table).where(where)
            counts[table.name] = int((await connection.execute(query)).scalar_one())
        if connection.dialect.name == "sqlite":
            counts["search_index"] = await _indexed(connection, user_id)
    return counts


async def _indexed(connection: AsyncConnection, user_id: int) -> int:
    """Rows of SQLite's full-text index for the person's items, and for items gone.

    A row whose item is gone is nobody's: one left behind by an erasure counts against it.
    PostgreSQL's index is an index of the tables themselves; it holds no rows of its own.
    """
    keys = " UNION ALL ".join(
        f"SELECT id * 4 + {s.code} AS key, user_id FROM {s.table}" for s in SOURCES.values()
    )
    query = text(
        f"SELECT count(*) FROM search_index LEFT JOIN ({keys}) AS item "
        "ON item.key = search_index.rowid WHERE item.user_id = :user OR item.key IS NULL"
    )
    return int((await connection.execute(query, {"user": user_id})).scalar_one())
