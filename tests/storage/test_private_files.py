"""A SQLite database made by the bot is readable by its owner only."""

from __future__ import annotations

from pathlib import Path

from storage.migrate import upgrade


async def test_a_new_sqlite_database_and_its_folder_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    await upgrade(f"sqlite+aiosqlite:///{folder / 'nudge.db'}")
    assert folder.stat().st_mode & 0o777 == 0o700
    assert (folder / "nudge.db").stat().st_mode & 0o777 == 0o600
    assert (folder / "nudge.db").stat().st_size > 0
