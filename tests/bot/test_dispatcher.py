from __future__ import annotations

import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.messages import Incoming
from tests.helpers.bot import Harness


async def test_unknown_command_gets_a_clear_answer(harness: Harness) -> None:
    reply = await harness.user().says("/frobnicate now")
    assert "I don't know the command /frobnicate" in reply.text


async def test_empty_and_huge_messages_are_answered_and_store_nothing(harness: Harness) -> None:
    alice = harness.user()
    assert "empty message" in (await alice.says("   ")).text
    reply = await alice.says("add task " + "x" * 100_000)
    assert "too long" in reply.text
    assert await harness.store.tasks.list_open(1) == []


async def test_handler_error_becomes_an_apology_with_an_error_id(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_: object) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(harness.store.tasks, "list_open", broken)
    alice = harness.user()
    reply = await alice.says("/tasks")
    assert "Sorry, something went wrong" in reply.text
    error_id = reply.text.split("(error ")[1].split(")")[0]
    assert len(error_id) == 8
    assert "no notes" in (await alice.says("/notes")).text


async def test_forged_button_is_rejected_without_effect(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/task buy milk")
    reply = await alice.presses("rd:1:AAAAAAAAAAAA")
    assert "isn't valid" in reply.text
    assert [t.text for t in await harness.store.tasks.list_open(1)] == ["buy milk"]


async def test_another_users_button_is_rejected(harness: Harness) -> None:
    alice, bob = harness.user("alice"), harness.user("bob")
    start = await alice.says("/start")
    alice_button = start.buttons[0][0].data
    reply = await bob.presses(alice_button)
    assert "isn't valid" in reply.text


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=300))
async def test_any_text_gets_a_reply_and_never_raises(harness: Harness, text: str) -> None:
    logging.disable(logging.CRITICAL)
    try:
        msg = Incoming("console", "fuzz", "chat-fuzz", text=text)
        reply = await harness.core.dispatcher.handle(msg)
    finally:
        logging.disable(logging.NOTSET)
    assert reply.text
    assert "something went wrong" not in reply.text
