from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from storage.database import SQLITE_BUSY_TIMEOUT_MS, create_engine


async def test_sqlite_runs_in_wal_with_relaxed_sync_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'deep' / 'er' / 'nudge.db'}")
    async with engine.connect() as connection:
        journal = await connection.scalar(text("PRAGMA journal_mode"))
        synchronous = await connection.scalar(text("PRAGMA synchronous"))
        timeout = await connection.scalar(text("PRAGMA busy_timeout"))
        foreign_keys = await connection.scalar(text("PRAGMA foreign_keys"))
    await engine.dispose()
    assert (journal, synchronous, timeout, foreign_keys) == ("wal", 1, SQLITE_BUSY_TIMEOUT_MS, 1)
    assert (tmp_path / "deep" / "er" / "nudge.db").exists(), "missing folders are created"
