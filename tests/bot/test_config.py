from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings


def test_the_database_follows_data_dir_unless_database_url_is_set(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert Settings().database_url == "sqlite+aiosqlite:///data/nudge.db"
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    assert Settings().database_url == f"sqlite+aiosqlite:///{tmp_path}/nudge.db"
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://db/nudge")
    assert Settings().database_url == "postgresql+asyncpg://db/nudge"


def test_button_secret_is_generated_once_and_kept(tmp_path: Path) -> None:
    first = Settings(data_dir=tmp_path).secret
    assert first == Settings(data_dir=tmp_path).secret
    assert (tmp_path / "secret").stat().st_mode & 0o777 == 0o600
    assert Settings(data_dir=tmp_path, bot_secret="given").secret == b"given"
