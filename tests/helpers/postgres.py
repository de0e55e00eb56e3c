"""Throwaway PostgreSQL databases for tests, on the server `TEST_POSTGRES_URL` names."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text

from storage.database import create_engine

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "")


async def admin(statement: str) -> None:
    """Run a statement outside a transaction (CREATE/DROP DATABASE need that)."""
    engine = create_engine(POSTGRES_URL)
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text(statement))
    await engine.dispose()


def url_of(name: str) -> str:
    return POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"


async def drop(name: str) -> None:
    await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@asynccontextmanager
async def throwaway_database(
    template: str | None = None, *, flush_each_commit: bool = True
) -> AsyncIterator[str]:
    """A new database (a copy of `template`, else empty), dropped afterwards; yields its URL.

    Without `flush_each_commit` a commit returns before its WAL reaches the disk: the same
    transactions, visible the same way, only not kept if the server itself crashed.
    """
    name = f"nudge_test_{uuid.uuid4().hex[:12]}"
    await admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    if not flush_each_commit:
        await admin(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    try:
        yield url_of(name)
    finally:
        await drop(name)
