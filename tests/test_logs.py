"""Logs: one pipeline for our events and the libraries' lines, and no secret in any of them."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import structlog

from bot.config import Settings
from bot.logs import REDACTED, configure_logs
from tests.fakes.openai import FakeOpenAI
from tests.fakes.pinecone import FakePinecone
from tests.fakes.slack import fake_slack
from tests.fakes.telegram import FakeTelegram, User
from tests.fakes.twilio import FakeTwilio
from tests.helpers.running import nudge_process
from tests.helpers.slack import command_body, sign

MARKER = "Zq7mark"
SECRETS = {
    "BOT_SECRET": f"{MARKER}-button-key-long-enough-to-sign-buttons",
    "TELEGRAM_BOT_TOKEN": f"123456:{MARKER}-telegram",
    "TELEGRAM_WEBHOOK_SECRET": f"{MARKER}-webhook",
    "SLACK_BOT_TOKEN": f"xoxb-{MARKER}-slack",
    "SLACK_SIGNING_SECRET": f"{MARKER}-signing",
    "SLACK_APP_TOKEN": f"xapp-{MARKER}-app",
    "OPENAI_API_KEY": f"sk-{MARKER}-openai",
    "PINECONE_API_KEY": f"{MARKER}-pinecone",
    "TWILIO_AUTH_TOKEN": f"{MARKER}-twilio",
}


@pytest.fixture
def stderr() -> Iterator[io.StringIO]:
    """Stderr as a buffer; the tests' own log configuration afterwards."""
    yield io.StringIO()
    configure_logs("WARNING")


def _configure_into(buffer: io.StringIO, monkeypatch: pytest.MonkeyPatch, **env: str) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = Settings()
    real, sys.stderr = sys.stderr, buffer
    try:
        configure_logs("INFO", settings.log_format, settings.secret_values())
    finally:
        sys.stderr = real


def test_every_secret_setting_is_blanked_in_library_and_own_lines(
    stderr: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "postgresql+asyncpg://nudge:db-pass%2Fword@db/nudge"
    _configure_into(stderr, monkeypatch, **SECRETS, DATABASE_URL=url, LOG_FORMAT="json")
    token = SECRETS["TELEGRAM_BOT_TOKEN"]
    logging.getLogger("telegram.ext.Updater").warning(
        "HTTP Request: POST https://api.telegram.org/bot%s/getUpdates", token
    )
    log = structlog.get_logger("tests.logs")
    try:
        raise RuntimeError(f"refused: {SECRETS['SLACK_BOT_TOKEN']} and db-pass/word")
    except RuntimeError:
        log.exception("send_failed", values=list(SECRETS.values()))
    lines = [json.loads(line) for line in stderr.getvalue().splitlines() if line.startswith("{")]
    assert [line["event"].split(":")[0] for line in lines] == ["HTTP Request", "send_failed"]
    assert lines[0]["logger"] == "telegram.ext.Updater" and lines[0]["level"] == "warning"
    assert "Traceback" in lines[1]["exception"], "the traceback is in the same JSON line"
    assert MARKER not in stderr.getvalue() and "db-pass" not in stderr.getvalue()
    assert REDACTED in lines[0]["event"]


def test_chatty_libraries_speak_only_of_problems(
    stderr: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    _configure_into(stderr, monkeypatch, LOG_FORMAT="json")
    logging.getLogger("httpx").info("HTTP Request: GET https://example.org/ 200 OK")
    logging.getLogger("httpx").warning("retrying")
    structlog.get_logger("tests.logs").info("bot_ready")
    events = [json.loads(line)["event"] for line in stderr.getvalue().splitlines()]
    assert events == ["retrying", "bot_ready"]


def test_console_format_is_readable_lines(
    stderr: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    _configure_into(stderr, monkeypatch, LOG_FORMAT="console")
    logging.getLogger("slack_bolt").warning("no handler for %s", "reaction_added")
    structlog.get_logger("tests.logs").warning("slow", ms=120)
    lines = stderr.getvalue().splitlines()
    assert len(lines) == 2 and not any(line.startswith("{") for line in lines)
    assert "no handler for reaction_added" in lines[0] and "ms=120" in lines[1]


async def test_a_whole_run_with_every_secret_set_never_logs_one(
    tmp_path: Path, intents_cache: Path
) -> None:
    """Every platform at once, a conversation on each, then SIGTERM: no line holds a secret.

    Socket Mode is left out (it would take Slack's app token in place of HTTP mode); its token
    is among the values the unit test above blanks.
    """
    ann = User(4242, "Ann")
    telegram = FakeTelegram(token=SECRETS["TELEGRAM_BOT_TOKEN"])
    openai, pinecone = FakeOpenAI().start(), FakePinecone().start()
    twilio = FakeTwilio(auth_token=SECRETS["TWILIO_AUTH_TOKEN"])
    twilio_url = await twilio.start()
    env = {
        **{k: v for k, v in SECRETS.items() if k != "SLACK_APP_TOKEN"},
        "LOG_LEVEL": "INFO",
        "OPENAI_BASE_URL": openai.base_url,
        "OPENAI_CHAT_MODEL": "fake-chat",
        "OPENAI_EMBEDDING_MODEL": "fake-embed",
        "PINECONE_INDEX_HOST": pinecone.url,
        "TWILIO_ACCOUNT_SID": twilio.account_sid,
        "TWILIO_FROM_NUMBER": "+15550000000",
        "TWILIO_API_BASE_URL": twilio_url,
        "PUBLIC_BASE_URL": "https://bot.example.org",
    }
    try:
        async with telegram.running(), fake_slack() as slack:
            env["TELEGRAM_API_BASE_URL"] = telegram.api_url
            env["SLACK_API_URL"] = slack.base_url
            async with nudge_process(tmp_path, intents_cache, **env) as run:
                assert run.child.stderr is not None
                logs = asyncio.create_task(run.child.stderr.read())
                for text in ("/start", "add task buy milk", "/ask what is the refund policy?"):
                    telegram.push(telegram.text(ann, text))
                await telegram.wait_for(lambda f: len(f.sent(ann.id)) == 3)
                body = command_body("U1", "add task call", "/nudge", slack.response_url(), "D1")
                headers = {
                    **sign(body, int(time.time()), SECRETS["SLACK_SIGNING_SECRET"]),
                    "Content-Type": "application/x-www-form-urlencoded",
                }
                async with httpx.AsyncClient(base_url=run.base) as http:
                    acked = await http.post("/slack/events", content=body, headers=headers)
                assert acked.is_success
                assert await run.stop(signal.SIGTERM) == 0
                written = (await logs).decode()
    finally:
        openai.stop()
        pinecone.stop()
        await twilio.stop()
    lines = written.splitlines()
    assert any(json.loads(line)["event"] == "shutting_down" for line in lines)
    assert all(MARKER not in line for line in lines)
