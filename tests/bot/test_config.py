from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import MIN_SECRET_CHARS, ConfigError, Settings, default_data_dir, user_data_dir

ROOT = Path(__file__).resolve().parents[2]


def test_the_database_follows_data_dir_unless_database_url_is_set(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").touch()
    assert Settings().database_url == "sqlite+aiosqlite:///data/nudge.db"
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    assert Settings().database_url == f"sqlite+aiosqlite:///{tmp_path}/nudge.db"
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://db/nudge")
    assert Settings().database_url == "postgresql+asyncpg://db/nudge"


@pytest.mark.parametrize(
    ("files", "nudge_folder"),
    [
        ({".env": ""}, True),
        ({"data/nudge.db": ""}, True),
        ({"pyproject.toml": '[project]\nname = "nudge"\n'}, True),
        ({"pyproject.toml": '[project]\nname = "other"\n'}, False),
        ({"pyproject.toml": "not toml ["}, False),
        ({"data/notes.txt": ""}, False),
        ({}, False),
    ],
)
def test_the_data_folder_is_local_only_in_a_nudge_folder(
    tmp_path: Path, files: dict[str, str], nudge_folder: bool
) -> None:
    folder = tmp_path / "here"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    expected = Path("data") if nudge_folder else tmp_path / "user-data" / "nudge"
    assert default_data_dir(folder) == expected


def test_a_relative_xdg_data_home_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", "relative/share")
    assert user_data_dir() == Path.home() / ".local" / "share" / "nudge"


def test_outside_a_nudge_folder_the_database_is_the_users(tmp_path: Path) -> None:
    expected = tmp_path / "user-data" / "nudge" / "nudge.db"
    assert Settings().database_url == f"sqlite+aiosqlite:///{expected}"


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
    (tmp_path / ".env").touch()
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
