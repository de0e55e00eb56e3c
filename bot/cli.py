"""The `nudge` command, and the composition root: the one place that wires concrete parts.

Heavy modules are imported inside the commands that need them, so start-up stays fast.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.app import Core
    from bot.config import Settings

# After stdin ends, `nudge chat` stays for deliveries due this soon, so a scripted
# "remind me in 5 seconds" is still printed.
LINGER = timedelta(seconds=60)


def _settings() -> Settings:
    from bot.config import Settings

    return Settings()


async def _build(settings: Settings) -> Core:
    from bot.app import assemble
    from bot.clock import SystemClock
    from bot.intents import IntentRouter
    from bot.timeparse import warm_up
    from storage.migrate import upgrade
    from storage.store import SqlAlchemyStore

    await upgrade(settings.database_url)
    store = SqlAlchemyStore.from_url(settings.database_url)
    warm_up()
    return assemble(store, settings, SystemClock(), IntentRouter.from_seed())


async def _chat(settings: Settings) -> None:
    from adapters.console import ConsoleChannel

    core = await _build(settings)
    console = ConsoleChannel(core.dispatcher.handle)
    core.add_channel(console)
    assert core.scheduler is not None
    core.scheduler.start()
    if sys.stdin.isatty():
        print(f"{settings.bot_name} is ready. Type /help for examples; Ctrl-D quits.", flush=True)
    try:
        await console.run()
        if not sys.stdin.isatty():
            await _linger(core)
    finally:
        core.scheduler.shutdown()


async def _linger(core: Core) -> None:
    while True:
        due = await core.services.store.deliveries.next_due()
        now = core.services.clock.now()
        if due is None or due > now + LINGER:
            return
        await asyncio.sleep(min(max((due - now).total_seconds(), 0.05), 1.0) + 0.05)


async def _run(settings: Settings) -> None:
    from adapters.http import create_app, serve

    if not (settings.telegram_enabled or settings.slack_enabled):
        server = asyncio.create_task(_serve_quietly(create_app(), settings))
        try:
            await _chat(settings)
        finally:
            server.cancel()
        return
    core = await _build(settings)
    routes = []
    if settings.slack_enabled:
        from adapters.slack import start_slack

        routes += (await start_slack(core, settings)).routes
    assert core.scheduler is not None
    core.scheduler.start()
    await serve(create_app(routes), settings.http_host, settings.http_port)


async def _serve_quietly(app: object, settings: Settings) -> None:
    """Health and metrics beside the terminal channel; a busy port is not fatal there."""
    from adapters.http import serve

    try:
        await serve(app, settings.http_host, settings.http_port)  # type: ignore[arg-type]
    except (OSError, SystemExit):
        return


def _cmd_run(args: argparse.Namespace) -> int:
    asyncio.run(_run(_configured(args, "INFO")))
    return 0


def _cmd_chat(args: argparse.Namespace) -> int:
    asyncio.run(_chat(_configured(args, "WARNING")))
    return 0


def _cmd_db(args: argparse.Namespace) -> int:
    from storage.migrate import upgrade_sync

    settings = _configured(args, "INFO")
    upgrade_sync(settings.database_url)
    print("Database is up to date.")
    return 0


def _cmd_parse_time(args: argparse.Namespace) -> int:
    from zoneinfo import ZoneInfo

    from bot.timeparse import parse_when
    from bot.zones import find_zone

    zone = find_zone(args.tz) if args.tz else "UTC"
    if zone is None:
        print(f"unknown time zone: {args.tz}", file=sys.stderr)
        return 2
    now = datetime.fromisoformat(args.now) if args.now else datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=ZoneInfo(zone))
    when = parse_when(args.text, now=now, tz=zone)
    print(
        json.dumps(
            {
                "start": when.start.isoformat() if when else None,
                "end": when.end.isoformat() if when and when.end else None,
                "rrule": when.rrule if when else None,
                "text": when.text if when else None,
            }
        )
    )
    return 0


def _cmd_intents(args: argparse.Namespace) -> int:
    from bot.intents import IntentRouter

    router = IntentRouter.from_seed()
    if args.action == "predict":
        label, confidence = router.predict(" ".join(args.text))
        print(json.dumps({"label": label, "confidence": round(confidence, 4)}))
        return 0
    print(f"labels: {', '.join(router.LABELS)}; threshold {router.threshold:.2f}")
    return 0


def _configured(args: argparse.Namespace, default_level: str) -> Settings:
    from bot.logs import configure

    settings = _settings()
    configure(settings.log_level or default_level)
    return settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nudge", description="Nudge, the assistant bot.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="start every configured channel").set_defaults(func=_cmd_run)
    commands.add_parser("chat", help="chat in the terminal").set_defaults(func=_cmd_chat)
    db = commands.add_parser("db", help="database maintenance")
    db.add_argument("action", choices=["upgrade"])
    db.set_defaults(func=_cmd_db)
    parse = commands.add_parser("parse-time", help="show how a time phrase is understood")
    parse.add_argument("text")
    parse.add_argument("--tz", default="UTC", help="time zone (IANA name or city)")
    parse.add_argument("--now", help="the current time, ISO 8601")
    parse.set_defaults(func=_cmd_parse_time)
    intents = commands.add_parser("intents", help="the intent classifier")
    intents.add_argument("action", choices=["status", "retrain", "predict"])
    intents.add_argument("text", nargs="*")
    intents.set_defaults(func=_cmd_intents)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
