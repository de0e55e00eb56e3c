from __future__ import annotations

import pytest

from bot.cli import main

SECRET = "check-test-secret-long-enough-to-sign-buttons"


@pytest.fixture(autouse=True)
def _secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_SECRET", SECRET)


def _check(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["check"])
    return code, capsys.readouterr().out.splitlines()


def test_check_names_each_mail_mistake_on_its_own_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SMTP_URL", "http://mail.example.org")
    monkeypatch.setenv("MAIL_FROM", "Nudge at example")
    assert _check(capsys) == (
        1,
        [
            "SMTP_URL is wrong: it must start with smtp:// or smtps:// "
            "(e.g. smtp://user:pass@mail.example.org:587)",
            "MAIL_FROM is 'Nudge at example'; use an address like Nudge <nudge@example.org> "
            "or nudge@example.org",
        ],
    )
    monkeypatch.setenv("SMTP_URL", "smtp://mail.example.org:99999")
    monkeypatch.delenv("MAIL_FROM")
    assert _check(capsys) == (
        1,
        [
            "SMTP_URL is wrong: its port must be a number from 1 to 65535 "
            "(e.g. smtp://user:pass@mail.example.org:587)",
            "SMTP_URL needs MAIL_FROM, the address mail is sent from",
        ],
    )


def test_a_good_mail_setting_passes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SMTP_URL", "smtps://nudge:p%40ss@mail.example.org")
    monkeypatch.setenv("MAIL_FROM", "Nudge <nudge@example.org>")
    code, lines = _check(capsys)
    assert code == 0 and "e-mail" in lines[-1]


def test_a_missing_client_is_one_line_naming_the_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(__import__("sys").modules, "aiosmtplib", None)
    monkeypatch.setenv("SMTP_URL", "smtp://127.0.0.1:1025")
    monkeypatch.setenv("MAIL_FROM", "nudge@example.org")
    assert _check(capsys) == (
        1,
        ["SMTP_URL is set, but aiosmtplib is not installed: pip install 'nudge[mail]'"],
    )
