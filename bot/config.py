"""Settings from the environment (and `.env`); every name is documented in `.env.example`."""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
import tomllib
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.private_files import write_private

# A button signature is only as strong as its key: shorter ones can be guessed offline.
MIN_SECRET_CHARS = 32
# Settings whose whole value is a secret, by the end of their name.
SECRET_SUFFIXES = ("_token", "_secret", "_key")
# The data folder inside a Nudge folder (see `default_data_dir`).
LOCAL_DATA = Path("data")


class ConfigError(ValueError):
    """Settings the bot must not start with; one line per mistake for the operator."""

    def __init__(self, *lines: str) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = "sqlite+aiosqlite:///data/nudge.db"
    data_dir: Path = Field(default_factory=lambda: default_data_dir(Path.cwd()))
    bot_timezone: str = "UTC"
    bot_name: str = "Nudge"
    bot_secret: str = ""
    bot_admins: str = ""
    bot_persona: str = ""
    http_host: str = "127.0.0.1"
    http_port: int = 8080
    log_level: str = ""
    log_format: str = ""
    retention_days: int = 30
    # How long a claimed delivery is this process's alone; a killed process's claims wait it out.
    delivery_lease_seconds: float = Field(default=60.0, ge=1)
    # Shares limits between replicas when set; each process keeps its own otherwise.
    redis_url: str = ""

    telegram_bot_token: str = ""
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_webhook_url: str = ""
    telegram_webhook_secret: str = ""
    # Telegram allows bots about 30 messages a second (more with paid broadcasts).
    telegram_sends_per_second: float = Field(default=30.0, gt=0)

    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str = ""
    slack_api_url: str = "https://slack.com/api/"

    openai_api_key: str = ""
    openai_base_url: str = ""
    openai_chat_model: str = ""
    openai_embedding_model: str = "text-embedding-3-small"
    # Without OpenAI embeddings, the bundled MiniLM model adds semantic retrieval offline.
    local_embeddings: bool = True

    pinecone_api_key: str = ""
    pinecone_index_host: str = ""

    twilio_account_sid: str = ""
    twilio_auth_token: str = ""
    twilio_from_number: str = ""
    twilio_api_base_url: str = "https://api.twilio.com"
    public_base_url: str = ""

    # E-mail copies of alerts and the agenda: smtp://user:pass@host:587, smtps://… (TLS).
    smtp_url: str = ""
    mail_from: str = ""

    max_message_chars: int = Field(default=4000, ge=1)

    @model_validator(mode="after")
    def _database_in_data_dir(self) -> Settings:
        """Without DATABASE_URL, the SQLite file lives in DATA_DIR."""
        if "database_url" not in self.model_fields_set:
            self.database_url = f"sqlite+aiosqlite:///{self.data_dir / 'nudge.db'}"
        return self

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_bot_token)

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token)

    @property
    def platform_enabled(self) -> bool:
        """A chat platform is configured; otherwise `nudge run` is the terminal chat."""
        return self.telegram_enabled or self.slack_enabled

    @property
    def voice_enabled(self) -> bool:
        """Twilio calls need the account, a number to call from, and a public webhook URL."""
        return all(
            (
                self.twilio_account_sid,
                self.twilio_auth_token,
                self.twilio_from_number,
                self.public_base_url,
            )
        )

    @property
    def mail_enabled(self) -> bool:
        return bool(self.smtp_url and self.mail_from)

    def secret_values(self) -> list[str]:
        """Every configured secret: tokens, keys, signing secrets and passwords in URLs."""
        values = []
        for name in type(self).model_fields:
            value = getattr(self, name)
            if not isinstance(value, str) or not value:
                continue
            if name.endswith(SECRET_SUFFIXES):
                values.append(value)
            elif name.endswith("_url"):
                with contextlib.suppress(ValueError):
                    password = urlsplit(value).password
                    if password:
                        values += [password, unquote(password)]
        return values

    @property
    def admins(self) -> frozenset[str]:
        """Admin identities as ``channel:user_id`` strings."""
        return frozenset(a.strip() for a in self.bot_admins.split(",") if a.strip())

    def check(self) -> None:
        """Refuse to serve people with a weak or missing button key (raises ConfigError)."""
        if self.bot_secret and len(self.bot_secret) < MIN_SECRET_CHARS:
            raise ConfigError(
                f"BOT_SECRET is {len(self.bot_secret)} characters; it needs at least "
                f"{MIN_SECRET_CHARS} (unset it to have one made in {self.data_dir}/secret)"
            )
        _ = self.secret

    @cached_property
    def secret(self) -> bytes:
        """The key that signs button payloads: `BOT_SECRET`, or one kept in the data folder."""
        if self.bot_secret:
            return self.bot_secret.encode()
        path = self.data_dir / "secret"
        if not path.exists():
            self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            _write_new_secret(path)
        kept = path.read_text().strip()
        if len(kept) < MIN_SECRET_CHARS:
            state = "is empty" if not kept else f"holds {len(kept)} characters"
            raise ConfigError(
                f"{path} {state}; it needs at least {MIN_SECRET_CHARS} characters "
                "(delete it to have a new one made, or set BOT_SECRET)"
            )
        return kept.encode()


def default_data_dir(folder: Path) -> Path:
    """Where local state lives when DATA_DIR is unset.

    `./data` in a Nudge folder; elsewhere one folder per user, so `nudge chat` finds the same
    database from wherever it is started.
    """
    return LOCAL_DATA if is_nudge_folder(folder) else user_data_dir()


def is_nudge_folder(folder: Path) -> bool:
    """It has a `.env` (which configures Nudge), an earlier run's data, or Nudge's source."""
    if (folder / ".env").is_file() or (folder / LOCAL_DATA / "nudge.db").is_file():
        return True
    return is_source_folder(folder)


def is_source_folder(folder: Path) -> bool:
    """The folder holds Nudge's own source: its pyproject.toml names the nudge project."""
    try:
        with (folder / "pyproject.toml").open("rb") as file:
            return bool(tomllib.load(file).get("project", {}).get("name") == "nudge")
    except (OSError, tomllib.TOMLDecodeError):
        return False


def user_data_dir() -> Path:
    """The per-user data folder: the platform's place for an application's data."""
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / "nudge"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "nudge"
    xdg = os.environ.get("XDG_DATA_HOME", "")
    # The XDG rule: a relative XDG_DATA_HOME is ignored.
    return (Path(xdg) if os.path.isabs(xdg) else home / ".local" / "share") / "nudge"


def _write_new_secret(path: Path) -> None:
    """A fresh key, private from the instant it exists; one another process made first is kept."""
    write_private(path, secrets.token_urlsafe(32).encode())
