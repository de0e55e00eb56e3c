"""`nudge calendar import`, `nudge users export` and `nudge users forget` for an operator."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from bot.cli import main
from storage.migrate import upgrade
from storage.store import SqlAlchemyStore

CALENDARS = Path(__file__).parent / "data" / "calendars"


@pytest.fixture
def user_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("bot.logs.configure_logs", lambda *args: None)
    url = f"sqlite+aiosqlite:///{tmp_path / 'nudge.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("LOCAL_EMBEDDINGS", "false")

    async def create() -> int:
        await upgrade(url)
        store = SqlAlchemyStore.from_url(url)
        try:
            user = await store.users.resolve("telegram", "111", "111", "Alice", "Europe/Berlin")
            return user.id
        finally:
            await store.close()

    return asyncio.run(create())


def test_an_operator_imports_exports_and_forgets_a_person(
    user_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    ics = str(CALENDARS / "outlook.ics")
    assert main(["calendar", "import", ics, "--user", str(user_id)]) == 0
    assert capsys.readouterr().out.startswith("Imported outlook.ics: 3 new events.")

    assert main(["users", "export", str(user_id)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "nudge-export" and data["user_id"] == user_id
    assert sorted(e["title"] for e in data["events"]) == ["Team sync", "Team sync", "Vendor call"]
    assert data["identities"][0]["channel"] == "telegram"

    assert main(["users", "forget", str(user_id)]) == 0
    erased = capsys.readouterr().out
    assert erased.startswith(f"Erased user {user_id}: ") and "3 events" in erased
    assert main(["users", "export", str(user_id)]) == 1
    assert capsys.readouterr().err.strip() == f"No user {user_id}."


def test_importing_for_an_unknown_person_or_a_missing_file_fails(
    user_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ics = str(CALENDARS / "google.ics")
    assert main(["calendar", "import", ics, "--user", str(user_id + 1)]) == 1
    assert capsys.readouterr().err.strip() == f"No user {user_id + 1}."
    assert main(["calendar", "import", str(tmp_path / "none.ics"), "--user", "1"]) == 2
