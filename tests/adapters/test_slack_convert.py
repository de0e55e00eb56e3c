from __future__ import annotations

from pathlib import Path

from adapters.slack import start_slack
from adapters.slack.convert import (
    command_text,
    command_to_incoming,
    event_to_incoming,
    press_to_incoming,
    render,
)
from bot.messages import Button, ChatType, Incoming, Reply
from storage.store import SqlAlchemyStore
from tests.fakes.slack import fake_slack
from tests.helpers.bot import build_harness
from tests.helpers.bot import make_settings as settings_for
from tests.helpers.clock import FakeClock


def test_replies_render_as_escaped_sections_and_rows_of_buttons() -> None:
    reply = Reply(
        "a < b & c" + "x" * 4000,
        buttons=((Button("Done", "rd:1:mac"), Button("Later", "rs:1:mac")), (Button("No", "n"),)),
    )
    blocks = render(reply)
    sections = [b for b in blocks if b["type"] == "section"]
    assert sections[0]["text"]["text"].startswith("a &lt; b &amp; c")
    assert len(sections) == 2
    rows = [[e["value"] for e in b["elements"]] for b in blocks if b["type"] == "actions"]
    assert rows == [["rd:1:mac", "rs:1:mac"], ["n"]]


def test_slash_commands_map_to_core_text() -> None:
    assert command_text("/todo", "buy milk") == "/task buy milk"
    assert command_text("/nudge", "  /tasks ") == "/tasks"
    assert command_text("/nudge", "") == "/help"


async def test_start_slack_adds_the_channel_and_mounts_the_route(
    sqlite_store: SqlAlchemyStore, tmp_path: Path, clock: FakeClock
) -> None:
    async with fake_slack() as fake:
        settings = settings_for(tmp_path, slack_bot_token="xoxb-1", slack_api_url=fake.base_url)
        core = build_harness(sqlite_store, settings, clock).core
        adapter = await start_slack(core, settings)
        assert core.channels["slack"] is adapter.channel
        assert [getattr(r, "path", "") for r in adapter.routes] == ["/slack/events"]
        assert fake.called("auth.test") == [{}]


def _command(text: str, command: str = "/nudge", channel: str = "C1", **extra: str) -> Incoming:
    body = {"user_id": "U1", "command": command, "text": text, "channel_id": channel, **extra}
    return command_to_incoming(body)


def test_slash_commands_are_personal_unless_meant_for_the_channel() -> None:
    todo = _command("buy milk", command="/todo")
    assert (todo.chat_id, todo.chat_type, todo.text) == ("U1", ChatType.PRIVATE, "/task buy milk")
    event = _command("friday 18:00 - Dinner", command="/event")
    assert (event.chat_id, event.chat_type) == ("C1", ChatType.GROUP)
    spelled = _command("event friday 18:00 - Dinner", channel="G7")
    assert (spelled.chat_id, spelled.text) == ("G7", "/event friday 18:00 - Dinner")
    in_dm = _command("friday 18:00 - Dinner", command="/event", channel="D1")
    assert (in_dm.chat_id, in_dm.chat_type) == ("U1", ChatType.PRIVATE)
    named_dm = _command("/event friday", channel="C5", channel_name="directmessage")
    assert named_dm.chat_type is ChatType.PRIVATE


def test_mentions_and_presses_in_a_channel_belong_to_the_channel() -> None:
    mention = event_to_incoming({"user": "U1", "channel": "C1", "text": "<@UB> hi"}, "UB", "")
    assert (mention.chat_id, mention.chat_type, mention.text) == ("C1", ChatType.GROUP, "hi")
    dm = event_to_incoming({"user": "U1", "channel": "D1", "channel_type": "im"}, "UB", "")
    assert (dm.chat_id, dm.chat_type) == ("U1", ChatType.PRIVATE)
    group_dm = event_to_incoming({"user": "U1", "channel": "G2", "channel_type": "mpim"}, None, "")
    assert group_dm.chat_id == "G2"

    def press(channel: str, ephemeral: bool) -> Incoming:
        container = {"channel_id": channel, "message_ts": "1.1", "is_ephemeral": ephemeral}
        body = {"user": {"id": "U1"}, "container": container}
        return press_to_incoming(body, {"value": "x"}, "")

    assert press("C1", False).chat_id == "C1"
    assert (press("C1", True).chat_id, press("C1", True).chat_type) == ("U1", ChatType.PRIVATE)
    assert press("D1", False).chat_id == "U1"
