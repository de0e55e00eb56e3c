"""Text a database refuses (NUL, lone surrogates) neither fails a person nor loses the log."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.config import Settings
from bot.models import LoggedMessage
from storage import database
from storage.migrate import upgrade
from storage.store import SqlAlchemyStore
from storage.tables import MessageRow
from tests.helpers.bot import build_harness
from tests.helpers.clock import FakeClock

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


async def _logged(store: SqlAlchemyStore) -> list[str]:
    async with store.engine.connect() as connection:
        rows = await connection.execute(select(MessageRow.text).order_by(MessageRow.id))
        return [row[0] for row in rows]


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("/task buy\x00 milk", "buy milk"),
        ("/note door code\x00 4711", "door code 4711"),
        ("/remind tomorrow at 9 call\x00 mom", "call mom"),
        ("/task buy \ud800milk", "buy \ufffdmilk"),
    ],
)
async def test_nul_and_lone_surrogates_are_cleaned_not_an_error(
    store: SqlAlchemyStore, settings: Settings, clock: FakeClock, said: str, shown: str
) -> None:
    harness = build_harness(store, settings, clock)
    alice = harness.user()
    reply = await alice.says(said)
    assert "something went wrong" not in reply.text
    assert shown in reply.text
    await store.messages.flush()
    assert said.replace("\x00", "").replace("\ud800", "\ufffd") in await _logged(store)


async def test_a_pressed_button_with_unusual_characters_is_just_invalid(
    store: SqlAlchemyStore, settings: Settings, clock: FakeClock
) -> None:
    alice = build_harness(store, settings, clock).user()
    await alice.says("/start")
    for data in ("done:1:é", "done:1:\x00\ud800", "ä:ö:ü"):
        assert "isn't valid" in (await alice.presses(data)).text


async def test_one_unstorable_log_line_costs_only_itself(store: SqlAlchemyStore) -> None:
    user = await store.users.resolve("console", "alice", "chat-alice", "Alice", "UTC")
    said = [f"line {n}" for n in range(5)]
    # Refused by both: PostgreSQL rejects NUL, the SQLite driver a lone surrogate.
    said[2] = "bad\x00\ud800line"

    def line(text: str) -> LoggedMessage:
        return LoggedMessage(user.id, "in", "console", "chat-alice", text, NOW)

    await store.messages.record([line(text) for text in said])
    await store.messages.flush()
    assert await _logged(store) == [t for t in said if not t.startswith("bad")]
    async with store.engine.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(MessageRow)) == 4


async def test_log_lines_wait_while_another_writer_holds_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "SQLITE_BUSY_TIMEOUT_MS", 50)
    url = f"sqlite+aiosqlite:///{tmp_path / 'nudge.db'}"
    await upgrade(url)
    store = SqlAlchemyStore.from_url(url)
    user = await store.users.resolve("console", "alice", "chat-alice", "Alice", "UTC")
    lines = [
        LoggedMessage(user.id, "in", "console", "chat-alice", f"line {n}", NOW) for n in (1, 2)
    ]
    other = sqlite3.connect(tmp_path / "nudge.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process in the middle of its write
    await store.messages.record(lines)
    await store.messages.flush()
    other.rollback()
    other.close()
    await store.messages.flush()
    assert await _logged(store) == ["line 1", "line 2"], "nothing was dropped while it waited"
    await store.close()
