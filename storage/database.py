"""Engine and session factory; SQLite gets WAL, relaxed fsync and a busy timeout."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as AsyncSession
from sqlalchemy.orm import Session

from storage.sqlite_inline import connector

SQLITE_BUSY_TIMEOUT_MS = 10_000
P = ParamSpec("P")
T = TypeVar("T")


def create_engine(url: str) -> AsyncEngine:
    """Create the engine for `url`, making the folder of a SQLite file if needed."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_async_engine(url, pool_pre_ping=True)
    if not parsed.database or parsed.database == ":memory:":
        engine = create_async_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    _private_file(Path(parsed.database))
    engine = create_async_engine(
        url, async_creator=connector(parsed.database, SQLITE_BUSY_TIMEOUT_MS)
    )
    # The inline driver waits for a lock in a thread of its own, never on the event loop.
    event.listen(engine.sync_engine, "connect", partial(_sqlite_pragmas, busy_timeout_ms=0))
    return engine


def _private_file(path: Path) -> None:
    """Create the database file (and its folder) readable by the owner only, if new.

    SQLite gives its journal files the database file's permissions, so they follow.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _sqlite_pragmas(
    dbapi_connection: Any, _record: Any, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS
) -> None:
    # WAL with synchronous=NORMAL roughly doubles commit throughput and lets readers run
    # beside the writer; a crash can lose at most the last transactions, never corrupt.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


class Transactions:
    """Runs a short synchronous unit of work as one transaction on the async engine.

    The work is plain synchronous SQLAlchemy (`AsyncSession.run_sync`), so a hot write is one
    function with no await between its statements; on a SQLite file each statement runs on the
    loop's thread (`storage.sqlite_inline`), on PostgreSQL through asyncpg.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def run(
        self, work: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        async with self._sessions.begin() as session:
            return await session.run_sync(work, *args, **kwargs)
