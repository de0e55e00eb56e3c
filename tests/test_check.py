"""`nudge check`, and `nudge run` refusing an operator's mistakes: one line each, no traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from adapters.verify import verify_tokens
from bot.checks import load_settings, problems
from bot.cli import main
from bot.config import ConfigError, Settings
from tests.fakes.slack import fake_slack
from tests.fakes.telegram import TOKEN, FakeTelegram

ROOT = Path(__file__).resolve().parents[1]
SECRET = "check-test-secret-long-enough-to-sign-buttons"


def _problems(monkeypatch: pytest.MonkeyPatch, **env: str) -> list[str]:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return problems(load_settings(), environ=env)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {"SLACK_BOT_TOKEN": "xoxb-1"},
            "SLACK_BOT_TOKEN needs SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN "
            "(Socket Mode)",
        ),
        (
            {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/tg"},
            "TELEGRAM_WEBHOOK_URL needs TELEGRAM_WEBHOOK_SECRET, so forged updates are refused",
        ),
        (
            {"TELEGRAM_TOKEN": TOKEN},
            "TELEGRAM_TOKEN is not a setting; did you mean TELEGRAM_BOT_TOKEN?",
        ),
        (
            {"DATABASE_URL": "postgresql://db/nudge"},
            "DATABASE_URL starts with 'postgresql'; use postgresql+asyncpg://…",
        ),
        (
            {"BOT_TIMEZONE": "Mars/Olympus"},
            "BOT_TIMEZONE is 'Mars/Olympus'; use an IANA name like Europe/Berlin",
        ),
        (
            {"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t" * 32},
            "phone calls need TWILIO_FROM_NUMBER, PUBLIC_BASE_URL as well as TWILIO_ACCOUNT_SID",
        ),
        ({"BOT_ADMINS": "12345"}, "BOT_ADMINS has '12345'; each entry is channel:user_id"),
    ],
)
def test_each_mistake_is_one_line(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    found = _problems(monkeypatch, BOT_SECRET=SECRET, **env)
    assert len(found) == 1 and found[0].startswith(expected), found


def test_a_value_of_the_wrong_type_is_one_line_beside_the_typos(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTP_PORT", "notaport")
    monkeypatch.setenv("SLACK_TOKEN", "xoxb-1")
    with pytest.raises(ConfigError) as refused:
        load_settings()
    assert refused.value.lines == (
        "HTTP_PORT is 'notaport'; it must be a whole number",
        "SLACK_TOKEN is not a setting; did you mean SLACK_BOT_TOKEN?",
    )


def test_a_correct_configuration_has_no_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    env = {
        "BOT_SECRET": SECRET,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/telegram/webhook",
        "TELEGRAM_WEBHOOK_SECRET": "s3cret_hook",
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_SIGNING_SECRET": "signing",
        "HOSTNAME": "container-1",
        "HTTP_PROXY": "http://proxy:3128",
    }
    assert _problems(monkeypatch, **env) == []


async def test_tokens_are_verified_with_each_platform() -> None:
    telegram = FakeTelegram()
    async with telegram.running(), fake_slack() as slack:
        good = Settings(
            telegram_bot_token=TOKEN,
            telegram_api_base_url=telegram.api_url,
            slack_bot_token="xoxb-1",
            slack_api_url=slack.base_url,
        )
        assert await verify_tokens(good) == []
        slack.errors["auth.test"] = "invalid_auth"
        bad = good.model_copy(update={"telegram_bot_token": "123456:wrong"})
        assert await verify_tokens(bad) == [
            f"TELEGRAM_BOT_TOKEN was refused by {urlsplit(telegram.base_url).netloc} (HTTP 401);"
            " check it",
            f"SLACK_BOT_TOKEN was refused by {urlsplit(slack.base_url).netloc} (invalid_auth)",
        ]


async def test_an_unreachable_platform_is_named_without_the_token() -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings = Settings(
        telegram_bot_token=TOKEN, telegram_api_base_url=f"http://127.0.0.1:{port}/bot"
    )
    assert await verify_tokens(settings) == [
        f"TELEGRAM_API_BASE_URL: cannot reach 127.0.0.1:{port} (ConnectError)"
    ]


def test_nudge_check_prints_ok_for_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Configuration OK: the terminal channel; database /")


def _run(
    cwd: Path, stdin: int | None = subprocess.DEVNULL, **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_", "BOT_"))
    }
    environment.update(BOT_SECRET=SECRET, PYTHONPATH=str(ROOT), **env)
    return subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=cwd,
        env=environment,
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_run_with_nothing_configured_and_no_input_says_so(tmp_path: Path) -> None:
    done = _run(tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "nudge: no channel is configured (set TELEGRAM_BOT_TOKEN or SLACK_BOT_TOKEN, see "
        ".env.example) and stdin is not a terminal for the terminal channel"
    ]


def test_run_with_a_busy_port_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = _run(
            tmp_path, HTTP_PORT=str(port), SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="xapp-1"
        )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"nudge: cannot listen on 127.0.0.1:{port} (Address already in use); is another copy "
        "running? Set HTTP_PORT to a free port"
    ]


def test_run_with_several_mistakes_lists_them_and_starts_nothing(tmp_path: Path) -> None:
    done = _run(tmp_path, HTTP_PORT="notaport", TELEGRAM_TOKEN=TOKEN)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "nudge: HTTP_PORT is 'notaport'; it must be a whole number",
        "nudge: TELEGRAM_TOKEN is not a setting; did you mean TELEGRAM_BOT_TOKEN?",
    ]
    assert not (tmp_path / "data").exists()


def test_version_and_help_per_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as shown:
        main(["--version"])
    assert shown.value.code == 0 and capsys.readouterr().out.startswith("nudge ")
    with pytest.raises(SystemExit):
        main(["intents", "--help"])
    assert "macro-F1" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["kb", "--help"])
    assert "nudge kb remove 3" in capsys.readouterr().out
