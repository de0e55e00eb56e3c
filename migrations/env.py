"""Alembic environment: runs migrations over the async engine of the configured URL.

Every `storage/*tables.py` module is imported, so autogenerate sees every table. On
PostgreSQL an advisory lock makes replicas that start together migrate one after another.
"""

from __future__ import annotations

import asyncio
import importlib
import pkgutil

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection

import storage
from storage.database import create_engine
from storage.search import is_search_object
from storage.tables import Base

for module in pkgutil.iter_modules(storage.__path__):
    if module.name.endswith("tables"):
        importlib.import_module(f"storage.{module.name}")

config = context.config
target_metadata = Base.metadata
# Any fixed number of our own: pg_advisory_xact_lock's key for "migrating Nudge's schema".
MIGRATION_LOCK = 0x6E75_6467


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Leave the full-text index out of checks: its migration makes it, no table describes it.

    It is an FTS5 table with its shadow tables on SQLite, GIN indexes on PostgreSQL.
    """
    return not is_search_object(name)


def run_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Held until this transaction ends; the next replica then finds the schema current.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        context.run_migrations()


async def run_online() -> None:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    async with engine.connect() as connection:
        await connection.run_sync(_run)
        await connection.commit()
    await engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    asyncio.run(run_online())
