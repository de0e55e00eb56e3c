"""`nudge run` as an operator starts it: a real process, configured by the environment only."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from adapters.telegram.app import SECRET_HEADER
from bot.intents.router import IntentRouter
from tests.fakes.slack import FakeSlack, fake_slack
from tests.fakes.telegram import TOKEN, FakeTelegram, User
from tests.helpers.slack import SIGNING_SECRET, command_body, sign

ANN = User(4242, "Ann")
ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def intents_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The intents model, trained once.

    Each process starts with it instead of training it in a thread its exit would wait for.
    """
    folder = tmp_path_factory.mktemp("intents-cache")
    IntentRouter.load_or_train([], folder)
    return folder


@dataclass
class Running:
    """A `nudge run` process serving at `base`."""

    base: str
    child: asyncio.subprocess.Process

    async def stop(self, sig: signal.Signals = signal.SIGTERM) -> int:
        """Send `sig` and return the exit code; it must come within the shutdown's bound."""
        self.child.send_signal(sig)
        async with asyncio.timeout(30):
            return await self.child.wait()


@asynccontextmanager
async def nudge_run(folder: Path, cache: Path, **env: str) -> AsyncIterator[str]:
    """Start `python -m bot run` with `env`; yield its HTTP base URL once /healthz answers."""
    async with nudge_process(folder, cache, **env) as running:
        yield running.base


@asynccontextmanager
async def nudge_process(folder: Path, cache: Path, **env: str) -> AsyncIterator[Running]:
    """Start `python -m bot run` in `folder`, its intents model copied from `cache`.

    It is configured by `env`; yielded once /healthz answers.
    """
    shutil.copytree(cache, folder / "data" / "cache")
    port = _free_port()
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_", "BOT_"))
    }
    # No local embedding model: indexing the phrases with it would hold each exit for seconds.
    quiet = {"LOG_LEVEL": "WARNING", "LOCAL_EMBEDDINGS": "false"}
    secret = "run-test-secret-long-enough-to-sign-buttons"
    environment.update({"HTTP_PORT": str(port), "BOT_SECRET": secret, **quiet, **env})
    # The code of this checkout, whatever an installed copy of the package points at.
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
    )
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=folder,
        env=environment,
        stdin=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        await _until(lambda: _healthy(base), child)
        yield Running(base, child)
    finally:
        if child.returncode is None:
            child.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(child.wait(), 15)
            except TimeoutError:
                child.kill()
                await child.wait()


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=0.5).status_code == 200
    except httpx.HTTPError:
        return False


async def _until(ready: Callable[[], bool], child: asyncio.subprocess.Process) -> None:
    """Until another process has done something: it runs on its own, so we look again."""
    deadline = time.monotonic() + 30
    while not await asyncio.to_thread(ready):
        if child.returncode is not None:
            assert child.stderr is not None
            raise AssertionError((await child.stderr.read()).decode()[-2000:])
        assert time.monotonic() < deadline, "nudge run did not get there in 30 s"
        await asyncio.sleep(0.05)


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


async def test_sigterm_finishes_everything_acknowledged_then_exits_0(
    tmp_path: Path, intents_cache: Path
) -> None:
    """Work answered 200 before SIGTERM is done before the process ends, and it ends cleanly.

    The replies are counted at the fakes once the process has gone.
    """
    telegram = FakeTelegram(wait_limit=30)
    async with telegram.running(), fake_slack() as slack:
        env = {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": telegram.api_url,
            "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/telegram/webhook",
            "TELEGRAM_WEBHOOK_SECRET": "run-secret",
            "SLACK_BOT_TOKEN": "xoxb-run",
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": slack.base_url,
        }
        async with (
            nudge_process(tmp_path, intents_cache, **env) as run,
            httpx.AsyncClient(base_url=run.base) as http,
        ):
            people = [User(5000 + n, f"P{n}") for n in range(100)]
            updates = [
                telegram.text(person, f"add task buy milk {n}") for n, person in enumerate(people)
            ]
            hooks = [
                http.post("/telegram/webhook", json=u, headers={SECRET_HEADER: "run-secret"})
                for u in updates
            ]
            commands = [
                command_body(
                    f"U{n % 10}", f"add task call {n}", "/nudge", slack.response_url(), "D1"
                )
                for n in range(100)
            ]
            slashes = [
                http.post(
                    "/slack/events",
                    content=body,
                    headers={
                        **sign(body, int(time.time())),
                        "Content-Type": "application/x-www-form-urlencoded",
                    },
                )
                for body in commands
            ]
            acks = await asyncio.gather(*hooks, *slashes)
            assert [a.status_code for a in acks] == [200] * 200
            code = await run.stop()
        assert code == 0
        assert sum(telegram.delivered[p.id] for p in people) == 100
        assert len(slack.answered()) == 100
