"""The configuration's mistakes, one line each, before anything starts.

`nudge check` prints them; `nudge run` and the other commands refuse to start with any.
"""

from __future__ import annotations

import difflib
import logging
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from pydantic import ValidationError

from bot.config import ConfigError, Settings
from bot.extras import missing_packages
from bot.mail.addresses import sender_address, smtp_server

DATABASE_SCHEMES = ("sqlite+aiosqlite", "postgresql+asyncpg")
LOG_FORMATS = ("json", "console")
# Settings that are web addresses (the webhook URL has its own, stricter check).
WEB_URLS = (
    "telegram_api_base_url",
    "slack_api_url",
    "openai_base_url",
    "twilio_api_base_url",
    "public_base_url",
)
# Telegram's rule for the webhook secret: 1–256 of these characters.
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
# An unknown variable this close to one of ours is taken for a misspelling of it.
SIMILAR = 0.75
ALMOST_SAME = 0.9
_KIND = {
    "int_parsing": "a whole number",
    "bool_parsing": "true or false",
    "float_parsing": "a number",
}


@dataclass(frozen=True)
class Verdict:
    """What a platform said of a token: `problem` is None when it accepted it."""

    problem: str | None = None
    # The platform answered and refused the token (otherwise it could not be asked).
    refused: bool = False
    # The bot's name on the platform, when it accepted the token.
    name: str = ""


def load_settings() -> Settings:
    """Settings from the environment and `.env`; a ConfigError lists every unreadable value."""
    try:
        return Settings()
    except ValidationError as error:
        raise ConfigError(*_value_errors(error), *typos()) from None


def _value_errors(error: ValidationError) -> list[str]:
    lines = []
    for item in error.errors():
        name = str(item["loc"][0]).upper() if item["loc"] else "configuration"
        kind = _KIND.get(item["type"])
        given = item.get("input")
        if kind is not None:
            lines.append(f"{name} is {given!r}; it must be {kind}")
        else:
            lines.append(f"{name} is {given!r}: {item['msg']}")
    return lines


def problems(settings: Settings, environ: Mapping[str, str] | None = None) -> list[str]:
    """Every mistake in `settings`, and every variable in `environ` that looks like a typo."""
    found = [
        *_core(settings),
        *_telegram(settings),
        *_slack(settings),
        *_services(settings),
        *_mail(settings),
        *missing_packages(settings),
    ]
    return found + typos(environ)


def typos(environ: Mapping[str, str] | None = None) -> list[str]:
    """Variables in the environment and `.env` that are nearly, but not, ours."""
    names = {*(os.environ if environ is None else environ), *dotenv_names(Path(".env"))}
    return unknown_variables(names)


def _core(settings: Settings) -> list[str]:
    found: list[str] = []
    try:
        settings.check()
    except ConfigError as refused:
        found += refused.lines
    if not 1 <= settings.http_port <= 65535:
        found.append(f"HTTP_PORT is {settings.http_port}; it must be between 1 and 65535")
    scheme = settings.database_url.partition("://")[0]
    if scheme not in DATABASE_SCHEMES:
        hint = "postgresql+asyncpg" if scheme.startswith("postgres") else "sqlite+aiosqlite"
        found.append(f"DATABASE_URL starts with {scheme!r}; use {hint}://…")
    if settings.bot_timezone not in available_timezones():
        found.append(
            f"BOT_TIMEZONE is {settings.bot_timezone!r}; use an IANA name like Europe/Berlin"
        )
    level = settings.log_level
    if level and level.upper() not in logging.getLevelNamesMapping():
        found.append(f"LOG_LEVEL is {level!r}; use DEBUG, INFO, WARNING or ERROR")
    if settings.log_format and settings.log_format.lower() not in LOG_FORMATS:
        found.append(f"LOG_FORMAT is {settings.log_format!r}; use json or console")
    for admin in settings.admins:
        channel, _, user = admin.partition(":")
        if not channel or not user:
            found.append(
                f"BOT_ADMINS has {admin!r}; each entry is channel:user_id "
                "(send /whoami to the bot to see yours)"
            )
    return found


def _telegram(settings: Settings) -> list[str]:
    found: list[str] = []
    token, url, secret = (
        settings.telegram_bot_token,
        settings.telegram_webhook_url,
        settings.telegram_webhook_secret,
    )
    if url and not token:
        found.append("TELEGRAM_WEBHOOK_URL is set but TELEGRAM_BOT_TOKEN is not")
    if url and not url.startswith("https://"):
        found.append("TELEGRAM_WEBHOOK_URL must be an https:// URL (Telegram calls only those)")
    if url and not secret:
        found.append(
            "TELEGRAM_WEBHOOK_URL needs TELEGRAM_WEBHOOK_SECRET, so forged updates are refused"
        )
    if secret and not WEBHOOK_SECRET.fullmatch(secret):
        found.append(
            "TELEGRAM_WEBHOOK_SECRET may hold only letters, digits, _ and - (1 to 256 of them)"
        )
    if token and ":" not in token:
        found.append("TELEGRAM_BOT_TOKEN does not look like a token from @BotFather (ID:SECRET)")
    return found


def _slack(settings: Settings) -> list[str]:
    found: list[str] = []
    token = settings.slack_bot_token
    if token and not (settings.slack_signing_secret or settings.slack_app_token):
        found.append(
            "SLACK_BOT_TOKEN needs SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN "
            "(Socket Mode)"
        )
    for name in ("slack_signing_secret", "slack_app_token"):
        if getattr(settings, name) and not token:
            found.append(f"{name.upper()} is set but SLACK_BOT_TOKEN is not")
    if token and not token.startswith("xoxb-"):
        found.append("SLACK_BOT_TOKEN should be a bot token, starting with xoxb-")
    if settings.slack_app_token and not settings.slack_app_token.startswith("xapp-"):
        found.append("SLACK_APP_TOKEN should be an app-level token, starting with xapp-")
    return found


def _services(settings: Settings) -> list[str]:
    found: list[str] = []
    twilio = {
        "TWILIO_ACCOUNT_SID": settings.twilio_account_sid,
        "TWILIO_AUTH_TOKEN": settings.twilio_auth_token,
        "TWILIO_FROM_NUMBER": settings.twilio_from_number,
        "PUBLIC_BASE_URL": settings.public_base_url,
    }
    missing = [name for name, value in twilio.items() if not value]
    if settings.twilio_account_sid and missing:
        found.append(f"phone calls need {', '.join(missing)} as well as TWILIO_ACCOUNT_SID")
    pinecone = (settings.pinecone_api_key, settings.pinecone_index_host)
    if any(pinecone) and not all(pinecone):
        found.append("Pinecone needs both PINECONE_API_KEY and PINECONE_INDEX_HOST")
    if all(pinecone) and not settings.openai_api_key:
        found.append("Pinecone needs OPENAI_API_KEY for the embeddings it stores")
    for name in WEB_URLS:
        value = getattr(settings, name)
        if value:
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                found.append(f"{name.upper()} is {value!r}; it must be an http(s):// URL")
    return found


def _mail(settings: Settings) -> list[str]:
    found: list[str] = []
    if settings.smtp_url:
        try:
            smtp_server(settings.smtp_url)
        except ValueError as wrong:
            found.append(f"SMTP_URL is wrong: {wrong} (e.g. smtp://user:pass@mail.example.org:587)")
        if not settings.mail_from:
            found.append("SMTP_URL needs MAIL_FROM, the address mail is sent from")
    if settings.mail_from:
        if sender_address(settings.mail_from) is None:
            found.append(
                f"MAIL_FROM is {settings.mail_from!r}; use an address like "
                "Nudge <nudge@example.org> or nudge@example.org"
            )
        if not settings.smtp_url:
            found.append("MAIL_FROM is set but SMTP_URL is not")
    return found


def unknown_variables(names: Iterable[str]) -> list[str]:
    """A line for each variable that is not ours but nearly is: a misspelling, most likely.

    Nearly means of the same family (`TELEGRAM_TOKEN`) or only a letter or two off
    (`DATABSE_URL`), so the usual variables of a shell or a container are left alone.
    """
    ours = [name.upper() for name in Settings.model_fields]
    found: list[str] = []
    for name in sorted(set(names) - set(ours)):
        if "_" not in name:
            continue
        family = name.partition("_")[0]
        for close in difflib.get_close_matches(name, ours, n=3, cutoff=SIMILAR):
            ratio = difflib.SequenceMatcher(None, name, close).ratio()
            if close.partition("_")[0] == family or ratio >= ALMOST_SAME:
                found.append(f"{name} is not a setting; did you mean {close}?")
                break
    return found


def dotenv_names(path: Path) -> list[str]:
    """The names a `.env` file sets."""
    from dotenv import dotenv_values

    return [name.upper() for name in dotenv_values(path)] if path.is_file() else []
