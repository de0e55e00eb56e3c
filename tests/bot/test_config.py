from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import MIN_SECRET_CHARS, ConfigError, Settings

ROOT = Path(__file__).resolve().parents[2]


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
    assert Settings(data_dir=tmp_path, bot_secret="g" * 32).secret == b"g" * 32


def test_the_kept_secret_and_its_folder_are_private_from_the_start(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    Settings(data_dir=folder).check()
    assert folder.stat().st_mode & 0o777 == 0o700
    assert (folder / "secret").stat().st_mode & 0o777 == 0o600
    assert len((folder / "secret").read_text()) >= MIN_SECRET_CHARS
    assert [p.name for p in folder.iterdir()] == ["secret"]


@pytest.mark.parametrize("given", ["", "short\n"])
def test_an_empty_or_short_secret_file_is_refused(tmp_path: Path, given: str) -> None:
    (tmp_path / "secret").write_text(given)
    with pytest.raises(ConfigError, match="secret"):
        Settings(data_dir=tmp_path).check()


def test_a_short_bot_secret_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="BOT_SECRET is 5 characters"):
        Settings(data_dir=tmp_path, bot_secret="short").check()
    Settings(data_dir=tmp_path, bot_secret="x" * MIN_SECRET_CHARS).check()


def test_nudge_run_with_a_short_secret_says_so_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOT_")}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env={**env, "BOT_SECRET": "short", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [
        "nudge: BOT_SECRET is 5 characters; it needs at least 32 "
        "(unset it to have one made in data/secret)"
    ]
