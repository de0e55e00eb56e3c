"""`nudge run` as an operator starts it: a real process, configured by the environment only."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx

from tests.fakes.slack import FakeSlack, fake_slack
from tests.fakes.telegram import TOKEN, FakeTelegram, User
from tests.helpers.running import nudge_run
from tests.helpers.slack import SIGNING_SECRET, command_body, sign

ANN = User(4242, "Ann")


async def test_run_serves_telegram_by_long_polling(tmp_path: Path, intents_cache: Path) -> None:
    fake = FakeTelegram()
    async with (
        fake.running(),
        nudge_run(
            tmp_path, intents_cache, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.api_url
        ) as base,
    ):
        fake.push(fake.text(ANN, "/start"))
        await fake.wait_for(lambda f: bool(f.sent(ANN.id)))
        assert "I'm Nudge" in fake.sent(ANN.id)[0]["text"]
        fake.push(fake.text(ANN, "add task buy milk"))
        await fake.wait_for(lambda f: len(f.sent(ANN.id)) == 2)
        assert fake.sent(ANN.id)[1]["text"] == "Added task 1. buy milk"
        assert fake.count("setMyCommands") == 1, "the command menu is registered at start"
        async with httpx.AsyncClient() as http:
            assert (await http.get(f"{base}/metrics")).status_code == 200


async def test_run_serves_slack_slash_commands_over_http(
    tmp_path: Path, intents_cache: Path
) -> None:
    async with fake_slack() as fake:
        env = {
            "SLACK_BOT_TOKEN": "xoxb-run",
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake.base_url,
        }
        async with nudge_run(tmp_path, intents_cache, **env) as base:
            body = command_body("U1", "add task buy milk", "/nudge", fake.response_url(), "D1")
            headers = {
                **sign(body, int(time.time())),
                "Content-Type": "application/x-www-form-urlencoded",
            }
            async with httpx.AsyncClient(base_url=base) as http:
                acked = await http.post("/slack/events", content=body, headers=headers)
                forged = await http.post(
                    "/slack/events", content=body, headers={**headers, "X-Slack-Signature": "v0=0"}
                )
            assert acked.status_code == 200
            assert forged.status_code == 401
            await _answered(fake)
            assert fake.answered()[0]["text"] == "Added task 1. buy milk"


async def _answered(fake: FakeSlack) -> None:
    deadline = time.monotonic() + 30
    while not fake.answered():
        assert time.monotonic() < deadline, "no answer through response_url"
        await asyncio.sleep(0.05)
