"""Engine and session factory; SQLite gets WAL, relaxed fsync and a busy timeout."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import Connection, Engine, Executable, Row, event
from sqlalchemy import create_engine as sa_create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as AsyncSession
from sqlalchemy.orm import Session
from sqlalchemy.orm import sessionmaker as orm_sessionmaker

from storage.sqlite_inline import busy, connector

SQLITE_BUSY_TIMEOUT_MS = 10_000
P = ParamSpec("P")
T = TypeVar("T")
U = TypeVar("U")


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


def _all_rows(
    connection: Connection, statement: Executable, params: Mapping[str, Any]
) -> Sequence[Row[Any]]:
    return connection.execute(statement, params).all()


def unit_engines(engine: AsyncEngine) -> tuple[Engine, Engine] | None:
    """For a SQLite file: plain-driver engines for whole units of work, inline and patient.

    A unit runs first on the loop's thread on the inline engine, which never waits for a lock;
    when the database is busy it runs again in a worker thread on the patient engine.
    """
    url = engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    plain = url.set(drivername="sqlite+pysqlite")
    engines = []
    for busy_timeout_ms in (0, SQLITE_BUSY_TIMEOUT_MS):
        sync = sa_create_engine(plain, connect_args={"check_same_thread": False})
        event.listen(sync, "connect", partial(_sqlite_pragmas, busy_timeout_ms=busy_timeout_ms))
        engines.append(sync)
    return engines[0], engines[1]


class Transactions:
    """Runs a short synchronous unit of work as one transaction, as cheaply as the database allows.

    On a SQLite file the unit runs on the loop's thread with no await between its statements,
    no async hop and no busy wait; if another writer holds the lock, the unit is rolled back and
    run again in a worker thread that waits for it. Elsewhere it runs through
    `AsyncSession.run_sync` on the async engine. The work is the same code either way, and
    must do nothing but its database work, since it may run twice.
    """

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], units: tuple[Engine, Engine] | None
    ) -> None:
        self._sessions = sessions
        self._units = units
        self._unit_sessions = (
            None if units is None else (orm_sessionmaker(units[0]), orm_sessionmaker(units[1]))
        )

    async def run(
        self, work: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        if self._unit_sessions is None:
            async with self._sessions.begin() as async_session:
                return await async_session.run_sync(work, *args, **kwargs)

        def unit(sessions: orm_sessionmaker[Session]) -> T:
            with sessions.begin() as session:
                return work(session, *args, **kwargs)

        return await _inline_first(unit, *self._unit_sessions)

    async def read(
        self, work: Callable[Concatenate[Connection, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Core statements on one connection, without the ORM session's bookkeeping."""
        return await self._connected(False, lambda connection: work(connection, *args, **kwargs))

    async def write(
        self, work: Callable[Concatenate[Connection, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Core statements in one transaction, committed when `work` returns."""
        return await self._connected(True, lambda connection: work(connection, *args, **kwargs))

    async def _connected(self, begin: bool, work: Callable[[Connection], T]) -> T:
        if self._units is None:
            engine = self._sessions.kw["bind"]
            assert isinstance(engine, AsyncEngine)
            async with engine.begin() if begin else engine.connect() as async_connection:
                return await async_connection.run_sync(work)

        def unit(engine: Engine) -> T:
            with engine.begin() if begin else engine.connect() as connection:
                return work(connection)

        return await _inline_first(unit, *self._units)

    async def rows(
        self, statement: Executable, params: Mapping[str, Any] | None = None
    ) -> Sequence[Row[Any]]:
        """Every row of one Core query; built once with `bindparam`s, it is compiled once."""
        return await self.read(_all_rows, statement, params or {})

    def dispose(self) -> None:
        for engine in self._units or ():
            engine.dispose()


async def _inline_first(unit: Callable[[U], T], inline: U, patient: U) -> T:
    """`unit(inline)` on the loop's thread; if the database is busy, `unit(patient)` in a thread.

    The inline attempt never waits for a lock, and a busy one has been rolled back whole.
    """
    try:
        return unit(inline)
    except OperationalError as error:
        if not isinstance(error.orig, sqlite3.OperationalError) or not busy(error.orig):
            raise
    return await asyncio.to_thread(unit, patient)
