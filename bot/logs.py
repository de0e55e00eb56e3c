"""Logs on stderr through one pipeline: readable lines in a terminal, JSON otherwise.

Standard-library loggers (python-telegram-bot, Bolt, httpx, uvicorn) go through the same
processors as our own structlog events, and every rendered line has the configured secrets
removed, whatever put them there: a URL with the bot token, an exception's text, a traceback.
"""

from __future__ import annotations

import json
import logging
import sys
from asyncio import CancelledError
from collections.abc import Iterable

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

REDACTED = "[redacted]"
# Shorter values would be blanked in ordinary words; a real secret is never this short.
MIN_REDACTED_CHARS = 6
# Loggers that narrate every request or job at INFO; only their problems are worth a line.
CHATTY = (
    "httpx",
    "httpcore",
    "hpack",
    "urllib3",
    "apscheduler",
    "alembic",
    "openai",
    "aiohttp.access",
    "uvicorn.access",
)


class Redacting:
    """Render with `renderer`, then blank every secret (and its JSON-escaped form)."""

    def __init__(self, renderer: Processor, secrets: Iterable[str]) -> None:
        self._renderer = renderer
        forms = {
            form
            for secret in secrets
            if len(secret) >= MIN_REDACTED_CHARS
            for form in (secret, json.dumps(secret)[1:-1])
        }
        # Longest first, so a secret containing another is removed whole.
        self._secrets = sorted(forms, key=len, reverse=True)

    def __call__(self, logger: WrappedLogger, name: str, event: EventDict) -> str:
        line = self._renderer(logger, name, event)
        assert isinstance(line, str)
        for secret in self._secrets:
            line = line.replace(secret, REDACTED)
        return line


def _not_a_cancelled_job(record: logging.LogRecord) -> bool:
    """APScheduler reports a job cancelled by the shutdown as failed; it did not fail."""
    error = record.exc_info[1] if record.exc_info else None
    return not (record.name.startswith("apscheduler") and isinstance(error, CancelledError))


def wants_json(fmt: str) -> bool:
    """`LOG_FORMAT` decides; unset, JSON unless stderr is a terminal."""
    if fmt:
        return fmt.lower() == "json"
    return not sys.stderr.isatty()


def configure_logs(level: str, fmt: str = "", secrets: Iterable[str] = ()) -> None:
    numeric = logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
    as_json = wants_json(fmt)
    shared: list[Processor] = [
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso"),
    ]
    renderer: Processor
    if as_json:
        shared.append(structlog.processors.format_exc_info)
        renderer = structlog.processors.JSONRenderer()
    else:
        renderer = structlog.dev.ConsoleRenderer(
            colors=sys.stderr.isatty(), exception_formatter=structlog.dev.plain_traceback
        )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[structlog.stdlib.ExtraAdder(), *shared],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            Redacting(renderer, secrets),
        ],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    handler.addFilter(_not_a_cancelled_job)
    root = logging.getLogger()
    for old in root.handlers[:]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(numeric)
    for chatty in CHATTY:
        logging.getLogger(chatty).setLevel(max(numeric, logging.WARNING))
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            *shared,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=True,
    )
