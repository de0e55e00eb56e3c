"""`nudge init`: answers in, a private `.env` out, tokens checked with the platforms' fakes."""

from __future__ import annotations

import asyncio
import os
import re
import stat
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from dotenv import dotenv_values

from bot.checks import load_settings, problems
from bot.cli import main
from tests.fakes.slack import BOT_TOKEN, fake_slack
from tests.fakes.telegram import TOKEN, FakeTelegram


class Typed:
    """Standard input of answers typed one a line; Ctrl-C instead of the answer after
    `stop_after` of them."""

    def __init__(self, answers: list[str], stop_after: int | None = None) -> None:
        self.lines = [f"{answer}\n" for answer in answers]
        self.left = stop_after

    def isatty(self) -> bool:
        return False

    def readline(self) -> str:
        if self.left is not None:
            if self.left == 0:
                raise KeyboardInterrupt
            self.left -= 1
        return self.lines.pop(0) if self.lines else ""


def _typed_init(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    answers: list[str],
    stop_after: int | None = None,
) -> tuple[int, list[str]]:
    """Run `nudge init` with these answers on stdin; its exit code and what it printed."""
    monkeypatch.setattr(sys, "stdin", Typed(answers, stop_after))
    code = main(["init"])
    return code, capsys.readouterr().out.splitlines()


async def _init(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], answers: list[str]
) -> tuple[int, list[str]]:
    """`nudge init` beside fakes served by this event loop: in a thread, so they can answer."""
    return await asyncio.to_thread(_typed_init, monkeypatch, capsys, answers)


def _private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) == 0o600


def _env(folder: Path) -> dict[str, str | None]:
    return dict(dotenv_values(folder / ".env"))


async def test_telegram_polling_with_a_good_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    telegram = FakeTelegram()
    async with telegram.running():
        monkeypatch.setenv("TELEGRAM_API_BASE_URL", telegram.api_url)
        code, out = await _init(monkeypatch, capsys, ["2", TOKEN, "n", "Madrid", ""])
        assert code == 0, out
        assert "Telegram accepts it: @nudge_test_bot." in out
        assert "That is Europe/Madrid." in out
        assert out[-2:] == [f"Wrote {tmp_path / '.env'} (only you can read it).", "Next: nudge run"]
        assert _private(tmp_path / ".env")
        assert _env(tmp_path) == {
            "BOT_TIMEZONE": "Europe/Madrid",
            "DATA_DIR": "data",
            "TELEGRAM_BOT_TOKEN": TOKEN,
        }
        assert await asyncio.to_thread(main, ["check"]) == 0
    checked = capsys.readouterr().out
    assert checked.startswith(f"Configuration OK: Telegram; database {tmp_path / 'data'}")


async def test_a_refused_token_is_typed_again(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    telegram = FakeTelegram()
    async with telegram.running():
        monkeypatch.setenv("TELEGRAM_API_BASE_URL", telegram.api_url)
        answers = ["2", "123456:wrong", "y", TOKEN, "n", "", ""]
        code, out = await _init(monkeypatch, capsys, answers)
    host = urlsplit(telegram.base_url).netloc
    assert code == 0, out
    assert f"TELEGRAM_BOT_TOKEN was refused by {host} (HTTP 401); check it" in out
    assert _env(tmp_path)["TELEGRAM_BOT_TOKEN"] == TOKEN
    assert "123456:wrong" not in "\n".join(out), "a token is never shown"


async def test_a_refused_token_kept_on_purpose_is_written_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    async with fake_slack() as slack:
        slack.errors["auth.test"] = "invalid_auth"
        monkeypatch.setenv("SLACK_API_URL", slack.base_url)
        answers = ["5", "xoxb-revoked", "n", "xapp-1-A1", "n", "", ""]
        code, out = await _init(monkeypatch, capsys, answers)
    assert code == 0, out
    assert "Kept as it is; `nudge check` reports it until it is replaced." in out
    assert _env(tmp_path)["SLACK_BOT_TOKEN"] == "xoxb-revoked"
    assert _env(tmp_path)["SLACK_APP_TOKEN"] == "xapp-1-A1"


async def test_webhook_and_slack_http_share_the_public_address(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    telegram = FakeTelegram()
    async with telegram.running(), fake_slack() as slack:
        monkeypatch.setenv("TELEGRAM_API_BASE_URL", telegram.api_url)
        monkeypatch.setenv("SLACK_API_URL", slack.base_url)
        answers = [
            *("2,3", "3,4"),
            TOKEN,
            *("http://bot.example.org", "https://bot.example.org/"),
            *(BOT_TOKEN, "signing-secret"),
            *("n", "UTC", "state"),
        ]
        code, out = await _init(monkeypatch, capsys, answers)
    assert code == 0, out
    assert "Telegram runs by polling or by webhook, not both: pick 2 or 3." in out
    assert "It must be an https:// address (the platforms call only those)." in out
    assert "Slack accepts it: nudge in T1." in out
    assert (
        "In your Slack app, the request URL of events, interactivity and slash commands is "
        "https://bot.example.org/slack/events."
    ) in out
    env = _env(tmp_path)
    secret = env.pop("TELEGRAM_WEBHOOK_SECRET")
    assert secret and re.fullmatch(r"[A-Za-z0-9_-]{32,256}", secret)
    assert env == {
        "BOT_TIMEZONE": "UTC",
        "DATA_DIR": "state",
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/telegram/webhook",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": "signing-secret",
        "PUBLIC_BASE_URL": "https://bot.example.org",
    }
    assert problems(load_settings(), environ={}) == [], "what init writes, check accepts"


def test_phone_calls_are_asked_in_their_own_shapes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    sid = "AC" + "0123456789abcdef" * 2
    answers = ["", "y", "AC1", sid, "auth-token", "0612345678", "+34612345678"]
    answers += ["https://calls.example.org", "", ""]
    code, out = _typed_init(monkeypatch, capsys, answers)
    assert code == 0, out
    assert "An account SID is AC followed by 32 hexadecimal digits." in out
    assert "Write the number with + and the country code, digits only." in out
    assert _env(tmp_path) == {
        "BOT_TIMEZONE": "UTC",
        "DATA_DIR": "data",
        "TWILIO_ACCOUNT_SID": sid,
        "TWILIO_AUTH_TOKEN": "auth-token",
        "TWILIO_FROM_NUMBER": "+34612345678",
        "PUBLIC_BASE_URL": "https://calls.example.org",
    }


def test_an_existing_env_is_replaced_only_when_agreed_and_kept(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text("OPENAI_API_KEY=sk-old\n")
    code, out = _typed_init(monkeypatch, capsys, ["", "1", "n", "", ""])
    assert code == 1
    assert out[-1] == f"{tmp_path / '.env'} is left as it was; nothing was written."
    assert (tmp_path / ".env").read_text() == "OPENAI_API_KEY=sk-old\n"
    assert not (tmp_path / ".env.bak").exists()

    code, out = _typed_init(monkeypatch, capsys, ["y", "1", "n", "", ""])
    assert code == 0, out
    assert f"The one it replaces is kept as {tmp_path / '.env.bak'}." in out
    assert (tmp_path / ".env.bak").read_text() == "OPENAI_API_KEY=sk-old\n"
    assert _private(tmp_path / ".env.bak") and _private(tmp_path / ".env")
    assert _env(tmp_path) == {"BOT_TIMEZONE": "UTC", "DATA_DIR": "data"}

    code, _ = _typed_init(monkeypatch, capsys, ["y", "1", "n", "Lisbon", ""])
    assert code == 0
    assert (tmp_path / ".env.bak.2").read_text().endswith("BOT_TIMEZONE=UTC\nDATA_DIR=data\n")


@pytest.mark.parametrize("existing", [False, True])
def test_ctrl_c_midway_writes_nothing(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    existing: bool,
) -> None:
    if existing:
        (tmp_path / ".env").write_text("BOT_NAME=Old\n")
    answers = ["y"] * existing + ["1", "n", "", ""]
    code, out = _typed_init(monkeypatch, capsys, answers, stop_after=existing + 2)
    assert code == 130
    assert out[-1] == "Stopped; nothing was written."
    expected = [".env"] if existing else []
    assert sorted(p.name for p in tmp_path.iterdir()) == expected, "no draft or backup left"
    if existing:
        assert (tmp_path / ".env").read_text() == "BOT_NAME=Old\n"


def test_answers_that_run_out_write_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out = _typed_init(monkeypatch, capsys, ["1"])
    assert code == 1
    assert out[-1] == (
        "The answers ended before the set-up was done; nothing was written "
        "(nudge init reads them from a terminal, or one a line from a pipe)."
    )
    assert list(tmp_path.iterdir()) == []


def test_in_the_source_folder_the_next_command_is_make_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "nudge"\n')
    monkeypatch.setenv("BOT_TIMEZONE", "Asia/Tokyo")
    code, out = _typed_init(monkeypatch, capsys, ["1", "n", "Lisbon", "~/nudge-data"])
    assert code == 0, out
    assert out[-2:] == [
        "Set in this environment as well, where it wins: BOT_TIMEZONE.",
        "Next: make run",
    ]
    assert _env(tmp_path)["DATA_DIR"] == os.path.expanduser("~/nudge-data")
