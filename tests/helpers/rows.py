"""How many rows of each table belong to a person, for checking that erasing them is complete."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.knowledge.models import user_scope
from storage.knowledge_tables import KnowledgeChunkRow
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
    return counts
