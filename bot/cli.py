"""The `nudge` command, and the composition root: the one place that wires concrete parts.

Heavy modules are imported inside the commands that need them, so start-up stays fast.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from bot.knowledge.extract import (
    DOCX_SUFFIXES,
    HTML_SUFFIXES,
    PDF_SUFFIXES,
    SUPPORTED,
    TEXT_SUFFIXES,
)

if TYPE_CHECKING:
    from pathlib import Path

    from adapters.http import App, Routes
    from adapters.twilio_voice import TwilioVoice
    from bot.app import Core
    from bot.config import Settings
    from bot.knowledge.service import KnowledgeBase
    from bot.ports import Embedder
    from bot.voice.ports import VoiceProvider
    from storage.store import SqlAlchemyStore

# After stdin ends, `nudge chat` stays for deliveries due this soon, so a scripted
# "remind me in 5 seconds" is still printed.
LINGER = timedelta(seconds=60)
# How often a running bot checks for training phrases added elsewhere (`nudge intents retrain`).
INTENTS_REFRESH_SECONDS = 60
# How often unanswered alerts are checked for a phone call.
ESCALATION_SECONDS = 30
# How often chunks stored without the current embedder's vectors are looked for.
EMBEDDINGS_CATCH_UP_SECONDS = 600
# After SIGTERM or SIGINT: how long requests in flight get, and how long the whole shutdown
# may take before the process gives up and exits non-zero.
HTTP_GRACE_SECONDS = 5
SHUTDOWN_SECONDS = 20


def _settings() -> Settings:
    from bot.config import Settings

    return Settings()


async def _build(settings: Settings, voice: VoiceProvider | None = None) -> Core:
    from bot.app import assemble
    from bot.clock import SystemClock
    from bot.timeparse import warm_up
    from bot.understanding import IntentService

    store = await _open_store(settings)
    knowledge = _knowledge(settings, store)
    embedder = _intents_embedder(settings, knowledge)
    intents = IntentService(store.phrases, settings.data_dir / "cache", embedder)
    intents.start()
    warm_up()
    core = assemble(store, settings, SystemClock(), intents, voice=voice, knowledge=knowledge)
    core.closers.append(store.close)
    core.closers.append(knowledge.close)
    if core.scheduler is not None:
        core.scheduler.every(INTENTS_REFRESH_SECONDS, intents.refresh, "intents-refresh")
        if knowledge.embedder is not None:
            knowledge.catch_up()
            core.scheduler.every(EMBEDDINGS_CATCH_UP_SECONDS, knowledge.embed_missing, "embeddings")
    return core


def _knowledge(settings: Settings, store: SqlAlchemyStore) -> KnowledgeBase:
    """The knowledge base as configured: embeddings, a chat model and Pinecone are optional."""
    from adapters.openai_models import OpenAIChatModel, OpenAIEmbedder
    from adapters.pinecone_store import PineconeVectorStore
    from bot.knowledge.answering import load_persona
    from bot.knowledge.service import KnowledgeBase
    from bot.ports import ChatModel, VectorStore

    key, base = settings.openai_api_key, settings.openai_base_url
    embedder: Embedder | None = None
    chat: ChatModel | None = None
    vectors: VectorStore | None = None
    if key and settings.openai_embedding_model:
        embedder = OpenAIEmbedder(settings.openai_embedding_model, api_key=key, base_url=base)
        if settings.pinecone_api_key and settings.pinecone_index_host:
            vectors = PineconeVectorStore(
                settings.pinecone_api_key, settings.pinecone_index_host, embedder.name
            )
    elif settings.local_embeddings:
        embedder = _local_embedder()
    if settings.openai_chat_model and (key or base):
        chat = OpenAIChatModel(settings.openai_chat_model, api_key=key, base_url=base)
    return KnowledgeBase(
        store.knowledge,
        embedder=embedder,
        vectors=vectors,
        chat=chat,
        notes=store.notes,
        persona=load_persona(settings.bot_persona, settings.bot_name),
    )


def _local_embedder() -> Embedder | None:
    """The bundled sentence-embedding model, when its package is installed."""
    import structlog

    from adapters.local_embeddings import LocalEmbedder, bundled_model

    folder = bundled_model()
    if folder is None:
        structlog.get_logger(__name__).warning("local_embeddings_unavailable")
        return None
    return LocalEmbedder(folder)


def _intents_embedder(settings: Settings, knowledge: KnowledgeBase) -> Embedder | None:
    """The local model for the intents' second opinion: the knowledge base's if it is local."""
    from adapters.local_embeddings import LocalEmbedder

    if not settings.local_embeddings:
        return None
    if isinstance(knowledge.embedder, LocalEmbedder):
        return knowledge.embedder
    return _local_embedder()


async def _open_store(settings: Settings) -> SqlAlchemyStore:
    """Migrate the configured database and open it."""
    from storage.migrate import upgrade
    from storage.store import SqlAlchemyStore

    await upgrade(settings.database_url)
    return SqlAlchemyStore.from_url(settings.database_url)


@asynccontextmanager
async def _knowledge_base(settings: Settings) -> AsyncIterator[KnowledgeBase]:
    """The configured knowledge base for one command, closed with its store afterwards."""
    store = await _open_store(settings)
    kb = _knowledge(settings, store)
    try:
        yield kb
    finally:
        await kb.close()
        await store.close()


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
    until = core.services.clock.now() + LINGER
    while True:
        due = await core.services.store.deliveries.next_due()
        now = core.services.clock.now()
        if due is None or due > until:
            return
        await asyncio.sleep(min(max((due - now).total_seconds(), 0.05), 1.0) + 0.05)


async def _run(settings: Settings) -> int:
    from adapters.http import create_app, serve

    stop = asyncio.Event()
    if settings.platform_enabled:
        _stop_on_signals(stop)
    provider = _voice_provider(settings)
    core = await _build(settings, provider)
    routes: Routes = []
    # What takes work in: stopped and drained first at shutdown, before the core closes.
    intake: list[Callable[[], Awaitable[None]]] = []
    if provider is not None:
        routes += _voice_routes(core, provider, settings)
        core.closers.append(provider.close)
    if settings.telegram_enabled:
        from adapters.telegram import start_telegram

        telegram = await start_telegram(core, settings)
        routes += telegram.routes
        intake.append(telegram.stop)
    if settings.slack_enabled:
        from adapters.slack import start_slack

        slack = await start_slack(core, settings)
        routes += slack.routes
        intake.append(slack.stop)
    app = create_app(routes)
    if not settings.platform_enabled:
        server = asyncio.create_task(_serve_quietly(app, settings))
        try:
            await _console(core, settings)
        finally:
            server.cancel()
        return 0
    assert core.scheduler is not None
    core.scheduler.start()
    try:
        await serve(app, settings.http_host, settings.http_port, stop, HTTP_GRACE_SECONDS)
    finally:
        stopped = await _shut_down(core, intake, SHUTDOWN_SECONDS - HTTP_GRACE_SECONDS)
    return 0 if stopped else 1


def _stop_on_signals(stop: asyncio.Event) -> None:
    """SIGTERM and SIGINT ask for a graceful shutdown instead of ending the process."""
    import signal

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, _asked_to_stop, stop, sig)


def _asked_to_stop(stop: asyncio.Event, sig: int) -> None:
    """Begin the shutdown, and end the process after `SHUTDOWN_SECONDS` whatever happens.

    Without that bound a hung step, or a worker thread (a model still training), would hold
    the exit for ever.
    """
    import signal
    import threading

    import structlog

    structlog.get_logger(__name__).info("shutting_down", signal=signal.Signals(sig).name)
    if not stop.is_set():
        watchdog = threading.Timer(SHUTDOWN_SECONDS, _give_up)
        watchdog.daemon = True
        watchdog.start()
    stop.set()


def _give_up() -> None:
    import os

    print(f"shutdown took over {SHUTDOWN_SECONDS} s; exiting", file=sys.stderr, flush=True)
    os._exit(1)


async def _shut_down(
    core: Core, intake: Sequence[Callable[[], Awaitable[None]]], seconds: float
) -> bool:
    """Finish what the channels acknowledged, then close the core; False if it took too long."""
    import structlog

    log = structlog.get_logger(__name__)
    try:
        async with asyncio.timeout(seconds):
            for finish in intake:
                try:
                    await finish()
                except Exception:
                    log.exception("shutdown_step_failed")
            await core.close()
    except TimeoutError:
        log.error("shutdown_timed_out", seconds=seconds)
        return False
    return True


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
    settings = _settings()
    settings.check()
    # With no platform, `run` is the terminal chat: keep its screen for the conversation.
    platform = settings.platform_enabled
    return asyncio.run(_run(_with_logs(settings, "INFO" if platform else "WARNING")))


def _cmd_chat(args: argparse.Namespace) -> int:
    settings = _configured("WARNING")
    settings.check()
    asyncio.run(_chat(settings))
    return 0


def _cmd_db(args: argparse.Namespace) -> int:
    from storage.migrate import upgrade_sync

    settings = _configured("INFO")
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
    settings = _configured("WARNING")
    if args.action == "predict" and not args.text:
        print('usage: nudge intents predict "TEXT"', file=sys.stderr)
        return 2
    return asyncio.run(_intents(settings, args.action, " ".join(args.text), as_json=args.json))


async def _intents(settings: Settings, action: str, text: str, *, as_json: bool) -> int:
    from bot.nlu import read
    from bot.understanding import IntentService

    store = await _open_store(settings)
    try:
        intents = IntentService(store.phrases, settings.data_dir / "cache")
        if action == "retrain":
            await intents.refresh(force=True)
        if action == "predict":
            routing = await intents.route(text)
            if as_json:
                frame = read(text, routing, now=datetime.now(UTC), tz=settings.bot_timezone)
                print(json.dumps({"text": text, **frame.to_json()}, ensure_ascii=False))
                return 0
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


# In a folder, only files that are surely documents: no extension-less files, CSV or XHTML.
KB_SUFFIXES = (TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES | DOCX_SUFFIXES) - {
    "",
    ".csv",
    ".xhtml",
}


def _kb_files(paths: Sequence[str]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The files named, and the readable files inside the folders named, in a stable order.

    Also the files of those folders that are left out, each with the reason.
    """
    from pathlib import Path

    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for name in paths:
        path = Path(name)
        if not path.is_dir():
            files.append(path)
            continue
        for found in sorted(p for p in path.rglob("*") if p.is_file()):
            if found.suffix.lower() in KB_SUFFIXES:
                files.append(found)
            else:
                skipped.append((found, f"not a document I read ({SUPPORTED})"))
    return files, skipped


async def _kb_add(settings: Settings, paths: Sequence[str]) -> int:
    """Learn files with a progress bar on a terminal, one plain line per file otherwise."""
    from tqdm import tqdm

    from bot.knowledge.extract import IngestError
    from bot.knowledge.models import GLOBAL

    files, skipped = _kb_files(paths)
    for path, reason in skipped:
        print(f"skipped: {path}: {reason}", file=sys.stderr)
    if not files:
        print(f"No files to add ({SUPPORTED}).", file=sys.stderr)
        return 1
    failed: list[tuple[Path, str]] = []
    added = 0
    bar = tqdm(files, unit="file", file=sys.stderr, disable=not sys.stderr.isatty())
    async with _knowledge_base(settings) as kb:
        for path in bar:
            bar.set_postfix_str(path.name[:30])
            try:
                stored = await kb.add_file(
                    GLOBAL, path.name, path.read_bytes(), source=str(path.resolve())
                )
            except (IngestError, OSError) as error:
                reason = str(error) if isinstance(error, IngestError) else str(error.strerror)
                failed.append((path, reason))
                bar.write(f"skipped: {path}: {reason}", file=sys.stderr)
            else:
                added += 1
                doc = stored.document
                state = "unchanged" if stored.unchanged else f"{doc.chunk_count} chunks"
                bar.write(f"{doc.number}\t{doc.title}\t{state}", file=sys.stdout)
        bar.close()
        try:
            await kb.embed_missing()
        except Exception as error:
            print(
                f"warning: passages are searchable by their words, but embedding failed ({error});"
                " a running bot tries again every ten minutes.",
                file=sys.stderr,
            )
    left_out = skipped + failed
    print(f"Added {added} of {len(files)} files; skipped {len(left_out)}.", file=sys.stderr)
    return 1 if failed else 0


async def _kb_list(settings: Settings) -> int:
    from bot.knowledge.models import GLOBAL

    async with _knowledge_base(settings) as kb:
        documents = await kb.documents(GLOBAL)
    if not documents:
        print("The knowledge base is empty. Add files with: nudge kb add PATH")
    for doc in documents:
        print(f"{doc.number}\t{doc.chunk_count} chunks\t{doc.title}\t{doc.source}")
    return 0


async def _kb_remove(settings: Settings, number: int) -> int:
    from bot.knowledge.models import GLOBAL

    async with _knowledge_base(settings) as kb:
        document = await kb.remove(GLOBAL, number)
    if document is None:
        print(f"No document {number}; see: nudge kb list", file=sys.stderr)
        return 1
    print(f"Removed {document.number}: {document.title}")
    return 0


def _cmd_kb(args: argparse.Namespace) -> int:
    settings = _configured("WARNING")
    if args.action == "add":
        if not args.paths:
            print("usage: nudge kb add PATH…", file=sys.stderr)
            return 2
        return asyncio.run(_kb_add(settings, args.paths))
    if args.action == "list":
        return asyncio.run(_kb_list(settings))
    if len(args.paths) != 1 or not args.paths[0].isdigit():
        print("usage: nudge kb remove ID", file=sys.stderr)
        return 2
    return asyncio.run(_kb_remove(settings, int(args.paths[0])))


async def _ask(settings: Settings, question: str, as_json: bool) -> int:
    from bot.knowledge.answering import render
    from bot.knowledge.models import GLOBAL

    async with _knowledge_base(settings) as kb:
        answer = await kb.answer([GLOBAL], question)
    if not as_json:
        print(render(answer))
        return 0
    sources = [
        {"source": h.chunk.source, "title": h.chunk.title, "score": h.score, "text": h.chunk.text}
        for h in answer.hits
    ]
    print(json.dumps({"answer": answer.text, "sources": sources}, ensure_ascii=False))
    return 0


def _cmd_ask(args: argparse.Namespace) -> int:
    return asyncio.run(_ask(_configured("WARNING"), " ".join(args.question), args.json))


def _configured(default_level: str) -> Settings:
    return _with_logs(_settings(), default_level)


def _with_logs(settings: Settings, default_level: str) -> Settings:
    from bot.logs import configure_logs

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
    intents.add_argument(
        "--json",
        action="store_true",
        help="with predict: the whole frame the bot would act on (domain, action, slots)",
    )
    intents.set_defaults(func=_cmd_intents)
    kb = commands.add_parser("kb", help="the global knowledge base")
    kb.add_argument("action", choices=["add", "list", "remove"])
    kb.add_argument("paths", nargs="*", help="files or folders (add), a document id (remove)")
    kb.set_defaults(func=_cmd_kb)
    ask = commands.add_parser("ask", help="answer a question from the global knowledge base")
    ask.add_argument("question", nargs="+")
    ask.add_argument("--json", action="store_true", help="print {answer, sources} as JSON")
    ask.set_defaults(func=_cmd_ask)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and getattr(args, "func", None) is _cmd_intents and not extra[0].startswith("-"):
        args.text = [*args.text, *extra]  # "predict --json TEXT": the text after the flag
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    from bot.config import ConfigError

    try:
        return int(args.func(args))
    except ConfigError as refused:
        print(f"nudge: {refused}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
