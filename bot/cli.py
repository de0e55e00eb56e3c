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
    from adapters.http import App, Routes
    from adapters.twilio_voice import TwilioVoice
    from bot.app import Core
    from bot.config import Settings
    from bot.voice.ports import VoiceProvider

# After stdin ends, `nudge chat` stays for deliveries due this soon, so a scripted
# "remind me in 5 seconds" is still printed.
LINGER = timedelta(seconds=60)
# How often a running bot checks for training phrases added elsewhere (`nudge intents retrain`).
INTENTS_REFRESH_SECONDS = 60
# How often unanswered alerts are checked for a phone call.
ESCALATION_SECONDS = 30


def _settings() -> Settings:
    from bot.config import Settings

    return Settings()


async def _build(settings: Settings, voice: VoiceProvider | None = None) -> Core:
    from bot.app import assemble
    from bot.clock import SystemClock
    from bot.timeparse import warm_up
    from bot.understanding import IntentService
    from storage.migrate import upgrade
    from storage.store import SqlAlchemyStore

    await upgrade(settings.database_url)
    store = SqlAlchemyStore.from_url(settings.database_url)
    intents = IntentService(store.phrases, settings.data_dir / "cache")
    intents.start()
    warm_up()
    core = assemble(store, settings, SystemClock(), intents, voice=voice)
    core.closers.append(store.close)
    if core.scheduler is not None:
        core.scheduler.every(INTENTS_REFRESH_SECONDS, intents.refresh, "intents-refresh")
    return core


async def _chat(settings: Settings) -> None:
    await _console(await _build(settings), settings)


async def _console(core: Core, settings: Settings) -> None:
    """Serve the terminal until its input ends, then shut the core down."""
    from adapters.console import ConsoleChannel

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
        await core.close()


async def _linger(core: Core) -> None:
    while True:
        due = await core.services.store.deliveries.next_due()
        now = core.services.clock.now()
        if due is None or due > now + LINGER:
            return
        await asyncio.sleep(min(max((due - now).total_seconds(), 0.05), 1.0) + 0.05)


async def _run(settings: Settings) -> None:
    from adapters.http import create_app, serve

    provider = _voice_provider(settings)
    core = await _build(settings, provider)
    routes: Routes = []
    if provider is not None:
        routes += _voice_routes(core, provider, settings)
        core.closers.append(provider.close)
    app = create_app(routes)
    if not (settings.telegram_enabled or settings.slack_enabled):
        server = asyncio.create_task(_serve_quietly(app, settings))
        try:
            await _console(core, settings)
        finally:
            server.cancel()
        return
    assert core.scheduler is not None
    core.scheduler.start()
    try:
        await serve(app, settings.http_host, settings.http_port)
    finally:
        await core.close()


def _voice_provider(settings: Settings) -> TwilioVoice | None:
    if not settings.voice_enabled:
        return None
    from adapters.twilio_voice import TwilioVoice

    return TwilioVoice(
        settings.twilio_account_sid,
        settings.twilio_auth_token,
        settings.twilio_from_number,
        settings.public_base_url,
        settings.twilio_api_base_url,
    )


def _voice_routes(core: Core, provider: TwilioVoice, settings: Settings) -> Routes:
    """Call about unanswered alerts on a schedule; Twilio's webhooks report back."""
    from adapters.twilio_routes import twilio_routes
    from bot.voice.escalation import Escalator

    services = core.services
    escalator = Escalator(
        services.store,
        core.channels,
        services.clock,
        provider,
        bot_name=settings.bot_name,
        wake=services.wake,
    )
    assert core.scheduler is not None
    core.scheduler.every(ESCALATION_SECONDS, escalator.run, "voice-escalation")
    return twilio_routes(escalator, settings.twilio_auth_token, settings.public_base_url)


async def _serve_quietly(app: App, settings: Settings) -> None:
    """Health and metrics beside the terminal channel; a busy port is not fatal there."""
    from adapters.http import serve

    try:
        await serve(app, settings.http_host, settings.http_port)
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
    settings = _configured(args, "WARNING")
    if args.action == "predict" and not args.text:
        print('usage: nudge intents predict "TEXT"', file=sys.stderr)
        return 2
    return asyncio.run(_intents(settings, args.action, " ".join(args.text)))


async def _intents(settings: Settings, action: str, text: str) -> int:
    from bot.understanding import IntentService
    from storage.migrate import upgrade
    from storage.store import SqlAlchemyStore

    await upgrade(settings.database_url)
    store = SqlAlchemyStore.from_url(settings.database_url)
    try:
        intents = IntentService(store.phrases, settings.data_dir / "cache")
        if action == "retrain":
            await intents.refresh(force=True)
        if action == "predict":
            routing = await intents.route(text)
            candidates = [{"label": c, "confidence": round(p, 4)} for c, p in routing.candidates]
            label, confidence = candidates[0]["label"], candidates[0]["confidence"]
            print(
                json.dumps(
                    {
                        "label": label,
                        "confidence": confidence,
                        "routed": routing.label,
                        "source": routing.source,
                        "candidates": candidates,
                    }
                )
            )
            return 0
        status = await intents.status()
        print(f"{'label':<10} {'phrases':>7}")
        for label in status.labels:
            print(f"{label:<10} {status.phrase_counts[label]:>7}")
        print(f"cross-validated accuracy: {status.cv_accuracy:.3f}")
        print(f"confidence threshold:     {status.threshold:.3f}")
        return 0
    finally:
        await store.close()


def _configured(args: argparse.Namespace, default_level: str) -> Settings:
    from bot.logs import configure_logs

    settings = _settings()
    configure_logs(settings.log_level or default_level)
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
