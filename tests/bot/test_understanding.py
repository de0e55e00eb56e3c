from __future__ import annotations

from pathlib import Path

import pytest

from bot.intents import Routing
from bot.understanding import IntentService
from storage.store import SqlAlchemyStore
from tests.helpers.bot import Harness, build_harness, make_settings
from tests.helpers.clock import FakeClock


async def test_unsure_router_asks_with_buttons_and_learns_the_pick(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    intents = harness.core.services.intents

    async def unsure(text: str) -> Routing:
        return Routing(None, 0.3, [("tasks", 0.3), ("notes", 0.25), ("question", 0.2)], "none")

    monkeypatch.setattr(intents, "route", unsure)
    learned: list[tuple[str, str]] = []

    async def learn(label: str, phrase: str, source: str, at: object, user_id: int) -> None:
        learned.append((label, phrase))

    monkeypatch.setattr(intents, "learn", learn)
    alice = harness.user()
    asked = await alice.says("oat milk and bread")
    assert [b.label for row in asked.buttons for b in row] == ["A task", "A note", "A question"]
    answered = await alice.presses(asked.buttons[0][0].data)
    assert "Added task 1. oat milk and bread" in answered.text
    assert learned == [("tasks", "oat milk and bread")]
    again = await alice.presses(asked.buttons[0][0].data)
    assert "lost track" in again.text, "a pick is used once"


async def test_train_is_for_admins_only(
    sqlite_store: SqlAlchemyStore, tmp_path: Path, clock: FakeClock
) -> None:
    settings = make_settings(tmp_path, bot_admins="console:root, telegram:1")
    harness = build_harness(sqlite_store, settings, clock)
    reply = await harness.user("mallory").says("/train tasks get groceries")
    assert "Only admins" in reply.text
    assert await sqlite_store.phrases.all() == []
    root = harness.user("root")
    assert "one of: reminders" in (await root.says("/train banana get groceries")).text
    assert "Learned" in (await root.says("/train tasks get groceries")).text
    assert await sqlite_store.phrases.all() == [("tasks", "get groceries")]


async def test_service_retrains_when_stored_phrases_change(
    sqlite_store: SqlAlchemyStore, tmp_path: Path
) -> None:
    service = IntentService(sqlite_store.phrases, tmp_path / "cache")
    before = await service.route("zork the blorp")
    assert await service.refresh() is False, "nothing changed"
    for _ in range(3):
        await sqlite_store.phrases.add("tasks", "zork the blorp", "admin", FakeClock().now())
    assert await service.refresh() is True
    after = await service.route("zork the blorp")
    assert before.candidates[0][0] != "tasks"
    assert after.candidates[0][0] == "tasks"
    assert list((tmp_path / "cache").glob("intents-*.model")), "the fitted model is cached"


async def test_a_clarified_pick_trains_only_once_two_people_agree(
    sqlite_store: SqlAlchemyStore,
) -> None:
    phrases, now = sqlite_store.phrases, FakeClock().now()
    alice = await sqlite_store.users.resolve("console", "alice", "a", "Alice", "UTC")
    bob = await sqlite_store.users.resolve("console", "bob", "b", "Bob", "UTC")
    await phrases.add("events", "zork", "clarified", now, alice.id)
    await phrases.add("events", "zork", "clarified", now, alice.id)
    assert await phrases.all() == [], "one person picking twice is still one person"
    await phrases.add("tasks", "get groceries", "admin", now)
    await phrases.add("events", "zork", "clarified", now, bob.id)
    assert await phrases.all() == [("events", "zork"), ("tasks", "get groceries")]
