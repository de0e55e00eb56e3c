from __future__ import annotations

from pathlib import Path

from adapters.slack import start_slack
from adapters.slack.convert import command_text, render
from bot.messages import Button, Reply
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
