from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import database
from storage.database import create_engine
from storage.migrate import upgrade
from storage.store import SqlAlchemyStore


async def test_sqlite_runs_in_wal_with_relaxed_sync(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'deep' / 'er' / 'nudge.db'}")
    async with engine.connect() as connection:
        journal = await connection.scalar(text("PRAGMA journal_mode"))
        synchronous = await connection.scalar(text("PRAGMA synchronous"))
        foreign_keys = await connection.scalar(text("PRAGMA foreign_keys"))
    await engine.dispose()
    assert (journal, synchronous, foreign_keys) == ("wal", 1, 1)
    assert (tmp_path / "deep" / "er" / "nudge.db").exists(), "missing folders are created"


def _hold_write_lock(path: Path) -> sqlite3.Connection:
    """Another process's writer, in the middle of its transaction."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO t VALUES (1)")
    return other


async def _engine_with_table(path: Path) -> AsyncEngine:
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE t (n INTEGER)"))
    return engine


async def test_a_write_waits_for_another_writer_while_the_loop_keeps_serving(
    tmp_path: Path,
) -> None:
    path = tmp_path / "nudge.db"
    engine = await _engine_with_table(path)
    other = _hold_write_lock(path)

    async def write() -> None:
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO t VALUES (2)"))

    writing = asyncio.create_task(write())
    for _ in range(5):
        await asyncio.sleep(0)
    async with engine.connect() as reader:  # another request is served meanwhile
        before = (await reader.execute(text("SELECT count(*) FROM t"))).scalar_one()
    assert (before, writing.done()) == (0, False), "the write waits without holding the loop"
    other.commit()
    await writing
    async with engine.connect() as connection:
        rows = (await connection.execute(text("SELECT n FROM t ORDER BY n"))).scalars().all()
    other.close()
    await engine.dispose()
    assert rows == [1, 2], "both writes are kept"


async def test_a_lock_held_past_the_busy_timeout_fails_the_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "SQLITE_BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "nudge.db"
    engine = await _engine_with_table(path)
    other = _hold_write_lock(path)
    with pytest.raises(OperationalError, match="locked"):
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO t VALUES (2)"))
    other.rollback()
    other.close()
    await engine.dispose()


async def test_an_item_added_while_another_writer_holds_the_lock_lands_once(
    tmp_path: Path,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'nudge.db'}"
    await upgrade(url)
    store = SqlAlchemyStore.from_url(url)
    user = await store.users.resolve("console", "alice", "chat-alice", "Alice", "UTC")
    other = sqlite3.connect(tmp_path / "nudge.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process in the middle of its write
    adding = asyncio.create_task(store.notes.add(user.id, "door code", "4711"))
    for _ in range(5):
        await asyncio.sleep(0)
    listed = await store.notes.list(user.id)  # another request is served meanwhile
    assert (listed, adding.done()) == ([], False), "the unit waits without holding the loop"
    other.commit()
    other.close()
    added = await adding
    assert [n.number for n in await store.notes.list(user.id)] == [added.number] == [1]
    await store.close()
