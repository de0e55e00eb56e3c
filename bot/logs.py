"""Structured logs on stderr: readable in a terminal, JSON otherwise."""

from __future__ import annotations

import logging
import sys

import structlog


def configure_logs(level: str) -> None:
    numeric = logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
    logging.basicConfig(level=numeric, stream=sys.stderr, format="%(message)s")
    # APScheduler narrates every job it adds and runs; only its problems are worth a line.
    for chatty in ("apscheduler", "alembic"):
        logging.getLogger(chatty).setLevel(max(numeric, logging.WARNING))
    renderer: structlog.typing.Processor = (
        structlog.dev.ConsoleRenderer()
        if sys.stderr.isatty()
        else structlog.processors.JSONRenderer()
    )
    structlog.configure(
        processors=[
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso"),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=True,
    )
