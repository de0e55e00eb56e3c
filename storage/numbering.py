"""Per-user item numbers: small, stable while an item is open, reused once all are closed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession


async def next_number(
    session: AsyncSession, row: Any, user_id: int, *open_filter: ColumnElement[bool]
) -> int:
    query = select(func.coalesce(func.max(row.number), 0)).where(row.user_id == user_id)
    current: int = await session.scalar(query.where(*open_filter)) or 0
    return current + 1
