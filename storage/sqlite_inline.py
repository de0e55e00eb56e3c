"""SQLite under SQLAlchemy's async engine without a thread hop per call.

aiosqlite sends every call (open a cursor, execute, fetch, commit, close) to its own thread and
waits for the answer: a small indexed query costs tens of microseconds in SQLite and several
hundred in hops. Here each call runs at once on the event loop's thread, with no busy wait. In
WAL mode a reader never waits, and a writer waits only for another writer's lock; when SQLite
says the database is busy, that one call is tried again in a worker thread with the usual busy
timeout, so the loop keeps serving while it waits. The connection looks like aiosqlite's to
SQLAlchemy's `sqlite+aiosqlite` dialect, which is used unchanged (`async_creator`).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def busy(error: sqlite3.OperationalError) -> bool:
    """Whether SQLite refused because another connection holds a lock."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF == sqlite3.SQLITE_BUSY


class Connection:
    """An aiosqlite-shaped connection whose calls run inline, waiting for locks off the loop."""

    def __init__(self, raw: sqlite3.Connection, patience_ms: int) -> None:
        self._connection: sqlite3.Connection | None = raw
        self._patience_ms = patience_ms
        raw.execute("PRAGMA busy_timeout=0")

    @property
    def _raw(self) -> sqlite3.Connection:
        if self._connection is None:
            raise ValueError("Connection closed")
        return self._connection

    async def run(self, call: Callable[..., T], *args: Any) -> T:
        """`call(*args)` now; if the database is busy, again in a thread that waits for it."""
        try:
            return call(*args)
        except sqlite3.OperationalError as error:
            if not busy(error):
                raise
        return await asyncio.to_thread(self._patiently, call, *args)

    def _patiently(self, call: Callable[..., T], *args: Any) -> T:
        raw = self._raw
        raw.execute(f"PRAGMA busy_timeout={self._patience_ms}")
        try:
            return call(*args)
        finally:
            raw.execute("PRAGMA busy_timeout=0")

    @property
    def isolation_level(self) -> str | None:
        return self._raw.isolation_level

    def cursor(self) -> Cursor:
        return Cursor(self, self._raw.cursor())

    async def commit(self) -> None:
        await self.run(self._raw.commit)

    async def rollback(self) -> None:
        await self.run(self._raw.rollback)

    async def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    async def create_function(self, name: str, nargs: int, func: Any, **kw: Any) -> None:
        self._raw.create_function(name, nargs, func, **kw)


class Cursor:
    """Executes and fetches in one call, so SQLAlchemy's fetch that follows costs nothing."""

    def __init__(self, connection: Connection, raw: sqlite3.Cursor) -> None:
        self._connection = connection
        self._raw = raw
        self._rows: list[Any] = []
        self.arraysize = raw.arraysize

    async def __aenter__(self) -> Cursor:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    @property
    def description(self) -> Any:
        return self._raw.description

    @property
    def rowcount(self) -> int:
        return self._raw.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._raw.lastrowid

    def _execute(self, operation: str, parameters: Any) -> None:
        self._raw.execute(operation, parameters)
        self._rows = self._raw.fetchall() if self._raw.description else []

    def _executemany(self, operation: str, parameters: Iterable[Any]) -> None:
        self._raw.executemany(operation, parameters)
        self._rows = []

    async def execute(self, operation: str, parameters: Any = ()) -> Cursor:
        await self._connection.run(self._execute, operation, parameters)
        return self

    async def executemany(self, operation: str, parameters: Iterable[Any]) -> Cursor:
        # Materialised first: a retry in the thread must see the same rows again.
        await self._connection.run(self._executemany, operation, list(parameters))
        return self

    async def fetchall(self) -> list[Any]:
        rows, self._rows = self._rows, []
        return rows

    async def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> Sequence[Any]:
        size = size or self.arraysize
        rows, self._rows = self._rows[:size], self._rows[size:]
        return rows

    async def setinputsizes(self, *_: object) -> None:
        return None

    async def close(self) -> None:
        self._rows = []
        self._raw.close()


def connector(database: str, patience_ms: int, **options: Any) -> Callable[[], Any]:
    """An `async_creator` for `create_async_engine`: opens `database` with `sqlite3` options."""

    async def connect() -> Connection:
        raw = sqlite3.connect(database, check_same_thread=False, **options)
        return Connection(raw, patience_ms)

    return connect
