"""What `/readyz` and `/metrics` ask the database: is it there and current, what is due."""

from __future__ import annotations

import asyncio
import os
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.migrate import head_revision
from storage.pending import PENDING
from storage.tables import DeliveryRow

TIMEOUT_SECONDS = 2.0


async def database_problems(engine: AsyncEngine) -> list[str]:
    """Why the database cannot serve: gone, unreachable, or not migrated to the head."""
    url = engine.url
    file = url.database if url.get_backend_name() == "sqlite" else None
    # A removed file stays readable through open connections; a new one would be empty.
    if file not in (None, "", ":memory:") and not await asyncio.to_thread(os.path.exists, file):
        return [f"database file {file} is missing"]
    try:
        async with asyncio.timeout(TIMEOUT_SECONDS), engine.connect() as connection:
            current = await connection.scalar(text("SELECT version_num FROM alembic_version"))
    except Exception as error:
        return [f"database unreachable ({type(error).__name__})"]
    head = head_revision()
    if current != head:
        return [f"database schema is at {current}, migrations are at {head}"]
    return []


async def due_backlog(engine: AsyncEngine, now: datetime) -> int:
    """Deliveries due by `now` and not sent yet."""
    async with asyncio.timeout(TIMEOUT_SECONDS), engine.connect() as connection:
        count = await connection.scalar(
            select(func.count())
            .select_from(DeliveryRow)
            .where(DeliveryRow.status == PENDING, DeliveryRow.due_at <= now)
        )
    return int(count or 0)
