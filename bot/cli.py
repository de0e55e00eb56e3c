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
from functools import cache, partial
from typing import TYPE_CHECKING, Any

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
    from adapters.smtp import SmtpSender
    from adapters.twilio_voice import TwilioVoice
    from bot.app import Core
    from bot.config import Settings
    from bot.context import Services
    from bot.knowledge.service import KnowledgeBase
    from bot.ports import Embedder
    from bot.scheduler import Scheduler
    from bot.voice.ports import VoiceProvider
    from bot.wizard import TokenChecks
    from storage.store import SqlAlchemyStore

# After stdin ends, `nudge chat` stays for deliveries due this soon, so a scripted
# "remind me in 5 seconds" is still printed.
LINGER = timedelta(seconds=60)
# How often a running bot checks for training phrases added elsewhere (`nudge intents retrain`).
INTENTS_REFRESH_SECONDS = 60
# How often unanswered alerts are checked for a phone call.
ESCALATION_SECONDS = 30
# How often the e-mail outbox is looked at.
MAIL_SECONDS = 15
# How often chunks stored without the current embedder's vectors are looked for.
EMBEDDINGS_CATCH_UP_SECONDS = 600
# How often the bundled embedding model is checked for having been unused long enough to let go.
RELEASE_CHECK_SECONDS = 60
# After SIGTERM or SIGINT: how long requests in flight get, and how long the whole shutdown
# may take before the process gives up and exits non-zero.
HTTP_GRACE_SECONDS = 5
SHUTDOWN_SECONDS = 20


def _settings() -> Settings:
    from bot.checks import load_settings

    return load_settings()


async def _build(
    settings: Settings, voice: VoiceProvider | None = None, store: SqlAlchemyStore | None = None
) -> Core:
    """The core over `store` (the configured database, migrated, when not given)."""
    from bot.app import assemble
    from bot.clock import SystemClock
    from bot.understanding import IntentService

    store = store or await _open_store(settings)
    knowledge = _knowledge(settings, store)
    embedder = _intents_embedder(settings, knowledge)
    intents = IntentService(store.phrases, settings.data_dir / "cache", embedder)
    intents.start()
    mail = _mail_sender(settings)
    core = assemble(
        store, settings, SystemClock(), intents, voice=voice, knowledge=knowledge, mail=mail
    )
    core.closers.append(store.close)
    core.closers.append(knowledge.close)
    if core.scheduler is not None:
        core.scheduler.every(INTENTS_REFRESH_SECONDS, intents.refresh, "intents-refresh")
        if core.mailer is not None:
            core.scheduler.every(MAIL_SECONDS, core.mailer.run, "mail")
        if knowledge.embedder is not None:
            knowledge.catch_up()
            core.scheduler.every(EMBEDDINGS_CATCH_UP_SECONDS, knowledge.embed_missing, "embeddings")
        _release_when_unused(core.scheduler, embedder)
    return core


def _release_when_unused(scheduler: Scheduler, embedder: Embedder | None) -> None:
    """Let the bundled model go while nobody needs it (it loads again on the next use).

    The intents' embedder is the local one whenever the knowledge base's is.
    """
    from adapters.local_embeddings import LocalEmbedder

    if isinstance(embedder, LocalEmbedder):
        release = partial(asyncio.to_thread, embedder.release)
        scheduler.every(RELEASE_CHECK_SECONDS, release, "embedder-release")


def _mail_sender(settings: Settings) -> SmtpSender | None:
    """The SMTP client when SMTP_URL and MAIL_FROM are set (`nudge check` vets both)."""
    if not settings.mail_enabled:
        return None
    from adapters.smtp import SmtpSender
    from bot.mail.addresses import smtp_server

    return SmtpSender(smtp_server(settings.smtp_url))


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
    """The bundled sentence-embedding model, when it is installed."""
    from adapters.local_embeddings import LocalEmbedder

    folder = _bundled_model()
    return None if folder is None else LocalEmbedder(folder)


@cache
def _bundled_model() -> Path | None:
    """Where the model lies; said once when it is missing, as retrieval is then lexical only."""
    import structlog

    from adapters.local_embeddings import bundled_model
    from bot.extras import MODEL_INSTALL

    folder = bundled_model()
    if folder is None:
        structlog.get_logger(__name__).warning(
            "local_embeddings_unavailable",
            install=f"pip install 'nudge[embeddings]' and {MODEL_INSTALL}",
            or_set="LOCAL_EMBEDDINGS=false",
        )
    return folder


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


@asynccontextmanager
async def _services(settings: Settings) -> AsyncIterator[Services]:
    """The core's services for one operator command: no channels, scheduler or model."""
    from bot.app import assemble
    from bot.clock import SystemClock
    from bot.understanding import IntentService

    store = await _open_store(settings)
    kb = _knowledge(settings, store)
    intents = IntentService(store.phrases, settings.data_dir / "cache")
    try:
        core = assemble(store, settings, SystemClock(), intents, wake=lambda: None, knowledge=kb)
        yield core.services
    finally:
        await kb.close()
        await store.close()


async def _chat(settings: Settings) -> None:
    await _console(await _build(settings), settings)


async def _console(core: Core, settings: Settings) -> None:
    """Serve the terminal until its input ends, then shut the core down.

    Ctrl-C (SIGINT) quits at once: the core is closed, and the process ends without waiting
    for worker threads (a model still training) that would otherwise hold the exit.
    """
    import signal

    from adapters.console import ConsoleChannel

    console = ConsoleChannel(core.dispatcher.handle, exports=settings.data_dir / "exports")
    core.add_channel(console)
    assert core.scheduler is not None
    core.scheduler.start()
    terminal = sys.stdin.isatty()
    if terminal:
        # Only on a terminal: piped output stays the conversation alone, for scripts.
        print(f"Database: {_where(settings.database_url)}")
        print(f"{settings.bot_name} is ready. Type /help for examples; Ctrl-D or Ctrl-C quits.")
    interrupted = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGINT, interrupted.set)
    talk = asyncio.create_task(console.run(history=settings.data_dir / "history"))
    stop = asyncio.create_task(interrupted.wait())
    try:
        await asyncio.wait({talk, stop}, return_when=asyncio.FIRST_COMPLETED)
        if interrupted.is_set():
            talk.cancel()
        else:
            talk.result()
            if not terminal:
                await _linger(core)
    finally:
        stop.cancel()
        async with asyncio.timeout(SHUTDOWN_SECONDS):
            await core.close()
    if interrupted.is_set():
        _exit_now(130, newline=terminal)


def _exit_now(code: int, *, newline: bool) -> None:
    import os

    if newline:
        print()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


async def _linger(core: Core) -> None:
    until = core.services.clock.now() + LINGER
    while True:
        due = await core.services.store.deliveries.next_due()
        now = core.services.clock.now()
        if due is None or due > until:
            return
        await asyncio.sleep(min(max((due - now).total_seconds(), 0.05), 1.0) + 0.05)


async def _run(settings: Settings) -> int:
    from adapters.calendar_feed import calendar_routes
    from adapters.http import create_app, serve
    from adapters.web import start_web

    stop = asyncio.Event()
    if settings.platform_enabled:
        _stop_on_signals(stop)
    provider = _voice_provider(settings)
    store = await _open_store(settings)
    core = await _build(settings, provider, store)
    routes: Routes = calendar_routes(core.services)
    if core.rsvp_links is not None:
        from adapters.rsvp_routes import rsvp_routes

        routes += rsvp_routes(core.rsvp_links)
    web, web_routes = start_web(core.services, core.dispatcher.handle)
    core.add_channel(web)
    routes += web_routes
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
    # Served only from here on, once every channel has started.
    app = create_app(
        routes, readiness=partial(_readiness, store, stop), gauges=partial(_gauges, store, core)
    )
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


async def _readiness(store: SqlAlchemyStore, stop: asyncio.Event) -> list[str]:
    """Why this process should not be sent work: `/readyz` answers 503 with these lines.

    The channels have started before the server answers at all.
    """
    from storage.health import database_problems

    problems = await database_problems(store.engine)
    if stop.is_set():
        problems.append("shutting down")
    return problems


async def _gauges(store: SqlAlchemyStore, core: Core) -> None:
    from bot import metrics
    from storage.health import due_backlog

    metrics.DUE_BACKLOG.set(await due_backlog(store.engine, core.services.clock.now()))


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
        # With an event of its own, the server leaves SIGINT to the terminal channel.
        await serve(app, settings.http_host, settings.http_port, asyncio.Event())
    except (OSError, SystemExit):
        return


def _cmd_run(args: argparse.Namespace) -> int:
    from adapters.verify import verify_tokens
    from bot.checks import problems
    from bot.config import ConfigError

    settings = _settings()
    platform = settings.platform_enabled
    found = problems(settings)
    if not found and not platform and not _has_input():
        found.append(
            "no channel is configured (set TELEGRAM_BOT_TOKEN or SLACK_BOT_TOKEN, see "
            ".env.example) and stdin is not a terminal for the terminal channel"
        )
    if not found and platform:
        # Only a platform has a port to serve on and tokens to verify.
        found = _port_in_use(settings.http_host, settings.http_port) or asyncio.run(
            verify_tokens(settings)
        )
    if found:
        raise ConfigError(*found)
    # With no platform, `run` is the terminal chat: keep its screen for the conversation.
    return asyncio.run(_run(_with_logs(settings, "INFO" if platform else "WARNING")))


def _has_input() -> bool:
    """A terminal, or a pipe or file to read a scripted conversation from (not /dev/null)."""
    import os
    import stat

    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (OSError, ValueError, AttributeError):
        return False
    return sys.stdin.isatty() or stat.S_ISFIFO(mode) or stat.S_ISREG(mode)


def _port_in_use(host: str, port: int) -> list[str]:
    import socket

    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            return [
                f"cannot listen on {host}:{port} ({error.strerror}); "
                "is another copy running? Set HTTP_PORT to a free port"
            ]
    return []


def _cmd_check(args: argparse.Namespace) -> int:
    """Print every mistake, one a line; say what would run when there is none."""
    from adapters.verify import verify_tokens
    from bot.checks import problems

    settings = _settings()
    found = problems(settings)
    found += asyncio.run(verify_tokens(settings))
    for line in found:
        print(line)
    if found:
        return 1
    channels = [
        name
        for name, on in (
            ("Telegram", settings.telegram_enabled),
            ("Slack", settings.slack_enabled),
            ("phone calls", settings.voice_enabled),
            ("e-mail", settings.mail_enabled),
        )
        if on
    ]
    listening = ", ".join(channels) or "the terminal channel"
    print(f"Configuration OK: {listening}; database {_where(settings.database_url)}")
    return 0


def _cmd_init(args: argparse.Namespace) -> int:
    from pathlib import Path

    from bot.wizard import SetUp, TerminalPrompter

    return SetUp(Path.cwd(), TerminalPrompter(), _token_checks()).run()


def _token_checks() -> TokenChecks:
    """Each platform's verdict on a token, from the API that the environment names."""
    import os

    from adapters.verify import slack_verdict, telegram_verdict
    from bot.config import Settings
    from bot.wizard import TokenChecks

    fields = Settings.model_fields
    telegram = os.environ.get("TELEGRAM_API_BASE_URL") or fields["telegram_api_base_url"].default
    slack = os.environ.get("SLACK_API_URL") or fields["slack_api_url"].default
    return TokenChecks(
        telegram=lambda token: asyncio.run(telegram_verdict(telegram, token)),
        slack=lambda token: asyncio.run(slack_verdict(slack, token)),
    )


def _where(database_url: str) -> str:
    """The database, as an operator recognises it: a file's full path, or host and name."""
    from pathlib import Path
    from urllib.parse import urlsplit

    scheme, _, rest = database_url.partition("://")
    if scheme.startswith("sqlite"):
        return str(Path(rest.removeprefix("/")).resolve())
    parts = urlsplit(database_url)
    return f"{parts.hostname or 'localhost'}{parts.path} (PostgreSQL)"


def _cmd_chat(args: argparse.Namespace) -> int:
    from bot.config import ConfigError
    from bot.extras import missing_packages

    settings = _configured("WARNING")
    settings.check()
    missing = missing_packages(settings)
    if missing:
        raise ConfigError(*missing)
    asyncio.run(_chat(settings))
    return 0


def _cmd_db(args: argparse.Namespace) -> int:
    from storage import migrate

    url = _configured("INFO").database_url
    if args.action == "upgrade":
        migrate.upgrade_sync(url)
        print("Database is up to date.")
        return 0
    if args.action == "revision":
        print(f"Created {migrate.revision(url, args.message)}")
        return 0
    at, head = migrate.current(url), migrate.head_revision()
    if at != head:
        print(f"Database is at {at or 'no revision'}; migrations are at {head}: nudge db upgrade")
        return 1
    if args.action == "check":
        found = migrate.differences(url)
        if found is not None:
            print(f"The tables differ from the migrations: {found}")
            return 1
    print(f"Database is at {at}, the newest migration.")
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
        print(f"cross-validated macro-F1: {status.cv_macro_f1:.3f}")
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


async def _users(settings: Settings, action: str, user_id: int) -> int:
    from bot.handlers.privacy import erased_text, export_data, forget_user

    async with _services(settings) as services:
        user = await services.store.users.get(user_id)
        if user is None:
            print(f"No user {user_id}.", file=sys.stderr)
            return 1
        if action == "export":
            print(json.dumps(await export_data(services, user), ensure_ascii=False, indent=2))
            return 0
        erased = await forget_user(services, user_id)
    print(f"Erased user {user_id}: {erased_text(erased)}.")
    return 0


def _cmd_users(args: argparse.Namespace) -> int:
    return asyncio.run(_users(_configured("WARNING"), args.action, args.id))


async def _calendar_import(settings: Settings, name: str, data: bytes, user_id: int) -> int:
    from bot.handlers.calendar import import_calendar
    from bot.messages import Incoming

    async with _services(settings) as services:
        identities = await services.store.users.identities(user_id)
        if not identities:
            print(f"No user {user_id}.", file=sys.stderr)
            return 1
        # Alerts of the imported events go to the person's first account, as if they sent it.
        first = min(identities, key=lambda i: (not i.reachable, i.chat_id != i.external_id))
        sender = Incoming(first.channel, first.external_id, first.chat_id)
        reply = await import_calendar(services, sender, name, data)
    print(reply.text)
    return 0 if reply.text.startswith("Imported") else 1


async def _web_link(settings: Settings) -> int:
    import getpass

    from adapters.console import CHANNEL
    from bot.handlers.web import SIGN_IN_LIFETIME, sign_in_link

    async with _services(settings) as services:
        # The person of the terminal channel, as `nudge chat` knows them.
        name = getpass.getuser()
        user = await services.store.users.resolve(
            CHANNEL, name, f"{CHANNEL}:{name}", name, settings.bot_timezone
        )
        link = await sign_in_link(services.store, settings, user.id, services.clock.now())
    minutes = int(SIGN_IN_LIFETIME.total_seconds() // 60)
    print(link)
    print(f"Open it within {minutes} minutes while `nudge run` serves; it works once.")
    return 0


def _cmd_web_link(args: argparse.Namespace) -> int:
    return asyncio.run(_web_link(_configured("WARNING")))


def _cmd_calendar(args: argparse.Namespace) -> int:
    from pathlib import Path

    path = Path(args.path)
    if not path.is_file():
        print(f"No such file: {path}", file=sys.stderr)
        return 2
    data = path.read_bytes()
    return asyncio.run(_calendar_import(_configured("WARNING"), path.name, data, args.user))


def _configured(default_level: str) -> Settings:
    return _with_logs(_settings(), default_level)


def _with_logs(settings: Settings, default_level: str) -> Settings:
    from bot.logs import configure_logs

    configure_logs(
        settings.log_level or default_level, settings.log_format, settings.secret_values()
    )
    return settings


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("nudge")
    except PackageNotFoundError:
        return "unknown (not installed)"


class _Version(argparse._VersionAction):
    """`--version`, looked up only when asked: it scans the installed packages."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        self.version = f"nudge {_version()}"
        super().__call__(parser, namespace, values, option_string)


def _command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    summary: str,
    details: str,
    examples: Sequence[str],
    func: Callable[[argparse.Namespace], int],
) -> argparse.ArgumentParser:
    """A sub-command whose own --help explains each action and shows examples."""
    command = commands.add_parser(
        name,
        help=summary,
        description=f"{summary[0].upper()}{summary[1:]}.\n\n{details}".rstrip(),
        epilog="examples:\n" + "\n".join(f"  {example}" for example in examples),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.set_defaults(func=func)
    return command


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nudge",
        description="Nudge, the assistant bot.",
        epilog="examples:\n"
        "  nudge init    set up: write .env from a few questions\n"
        "  nudge run     start every configured channel (the terminal if none)\n"
        "  nudge chat    chat in the terminal\n\n"
        "`nudge COMMAND --help` explains a command, with examples.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_Version)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _command(
        commands,
        "run",
        "start every configured channel, the scheduler and the HTTP server",
        "With no channel configured it is the terminal channel. The configuration is checked "
        "first (as `nudge check` does); a mistake stops it with one line per problem.",
        ["nudge run", "TELEGRAM_BOT_TOKEN=123:ABC nudge run"],
        _cmd_run,
    )
    _command(
        commands,
        "chat",
        "chat in the terminal",
        "Reads lines from stdin, also from a pipe, so a conversation can be scripted.",
        ["nudge chat", "echo 'remind me in 5 seconds to stretch' | nudge chat"],
        _cmd_chat,
    )
    _command(
        commands,
        "init",
        "set up: a few questions whose answers become .env",
        "Asks which channels to use, their tokens (checked with each platform as they are\n"
        "typed), the time zone and the data folder, then writes .env in this folder,\n"
        "readable only by you. An existing .env is replaced only if you agree, and kept\n"
        "as .env.bak. Without a terminal the answers are read one a line from stdin;\n"
        "if they run out, or on Ctrl-C, nothing is written.",
        ["nudge init", "printf '1\\nn\\nEurope/Madrid\\n\\n' | nudge init"],
        _cmd_init,
    )
    _command(
        commands,
        "check",
        "validate the configuration and verify the tokens with each platform",
        "Prints one line per mistake and exits 1; prints what would run when there is none.",
        ["nudge check"],
        _cmd_check,
    )
    db = _command(
        commands,
        "db",
        "database migrations",
        "They are also applied at every start.",
        ["nudge db current", "nudge db check", "nudge db revision -m 'add a due date to notes'"],
        _cmd_db,
    )
    db_actions = db.add_subparsers(dest="action", required=True, metavar="ACTION")
    db_actions.add_parser("upgrade", help="apply every migration not applied yet")
    db_actions.add_parser("current", help="the database's revision; exit 1 if not the newest")
    db_actions.add_parser(
        "check", help="exit 1 unless the database is migrated and matches the tables exactly"
    )
    revision = db_actions.add_parser(
        "revision", help="write a new migration from what the tables add to the database"
    )
    revision.add_argument("-m", "--message", required=True, help="what the migration does")
    parse = _command(
        commands,
        "parse-time",
        "show how a time phrase is understood",
        "Prints JSON: start, end, rrule (RFC 5545, without DTSTART) and the matched text.",
        ['nudge parse-time "every other friday at 5"', 'nudge parse-time "demain 9h" --tz Paris'],
        _cmd_parse_time,
    )
    parse.add_argument("text")
    parse.add_argument("--tz", default="UTC", help="time zone (IANA name or city)")
    parse.add_argument("--now", help="the current time, ISO 8601")
    intents = _command(
        commands,
        "intents",
        "the intent classifier",
        "actions:\n"
        "  status    labels, phrases per label, cross-validated macro-F1, confidence threshold\n"
        "  retrain   train again on the seed and stored phrases (running bots follow)\n"
        "  predict   classify TEXT; with --json, the whole frame the bot would act on",
        ["nudge intents status", 'nudge intents predict --json "move the dentist to 4pm"'],
        _cmd_intents,
    )
    intents.add_argument("action", choices=["status", "retrain", "predict"])
    intents.add_argument("text", nargs="*")
    intents.add_argument(
        "--json",
        action="store_true",
        help="with predict: the whole frame the bot would act on (domain, action, slots)",
    )
    kb = _command(
        commands,
        "kb",
        "the global knowledge base",
        "actions:\n"
        f"  add PATH…   add files and folders ({SUPPORTED})\n"
        "  list        the documents, with their ids\n"
        "  remove ID   remove a document",
        ["nudge kb add docs/handbook/", "nudge kb list", "nudge kb remove 3"],
        _cmd_kb,
    )
    kb.add_argument("action", choices=["add", "list", "remove"])
    kb.add_argument("paths", nargs="*", help="files or folders (add), a document id (remove)")
    ask = _command(
        commands,
        "ask",
        "answer a question from the global knowledge base",
        "Prints the answer and its sources; --json prints {answer, sources}, best first.",
        ['nudge ask "what is our travel policy for trains?"'],
        _cmd_ask,
    )
    ask.add_argument("question", nargs="+")
    ask.add_argument("--json", action="store_true", help="print {answer, sources} as JSON")
    users = _command(
        commands,
        "users",
        "a person's data: export it, or erase them",
        "actions:\n"
        "  export ID   print everything held about the person as JSON (the /export schema)\n"
        "  forget ID   erase the person from every table, their documents and vectors",
        ["nudge users export 3", "nudge users forget 3"],
        _cmd_users,
    )
    users.add_argument("action", choices=["export", "forget"])
    users.add_argument("id", type=int, help="the user id")
    calendar = _command(
        commands,
        "calendar",
        "calendar files",
        "actions:\n  import PATH --user ID   an .ics file's events become that person's",
        ["nudge calendar import family.ics --user 3"],
        _cmd_calendar,
    )
    calendar.add_argument("action", choices=["import"])
    calendar.add_argument("path", help="an .ics file")
    calendar.add_argument("--user", type=int, required=True, help="whose events they become")
    _command(
        commands,
        "web-link",
        "a one-time link that signs you in to the web chat as the terminal's person",
        "The link (PUBLIC_BASE_URL, else http://HTTP_HOST:HTTP_PORT) works once, for ten\n"
        "minutes, while `nudge run` serves the web chat.",
        ["nudge web-link"],
        _cmd_web_link,
    )
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
        for line in refused.lines:
            print(f"nudge: {line}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as missing:
        from bot.extras import install_hint

        hint = install_hint(missing.name or "")
        if hint is None:
            raise
        print(f"nudge: {hint}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
