"""The Telegram bot: python-telegram-bot's Application wired to the core's dispatcher.

Updates arrive by long polling (one instance) or on `POST /telegram/webhook` (several
instances behind a load balancer). Either way each update becomes the core's `Incoming`,
the dispatcher answers, and the reply goes back through `TelegramChannel`. Updates of one
chat are handled in order, so an RSVP card's last edit always shows the latest tally.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from typing import Any

import structlog
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from telegram import BotCommand, Document, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, TypeHandler

from adapters.inbox import InboxWorker
from adapters.openai_models import OpenAITranscriber
from adapters.pacing import LocalPace, Pace, Pacer
from adapters.refusals import Refusals
from adapters.telegram import texts
from adapters.telegram.channel import TelegramChannel
from adapters.telegram.convert import CHANNEL, chat_type, is_us, to_incoming
from adapters.telegram.edits import EditBatcher
from adapters.telegram.pacing import TelegramPacing
from bot.messages import ChatType, Incoming, Reply, Target
from bot.models import InboxItem
from bot.ports import Unreachable
from bot.registry import Command

log = structlog.get_logger(__name__)

Handle = Callable[[Incoming], Awaitable[Reply]]
# Takes a document someone sent: (the message it came with, file name, bytes, media type)
# → the answer (a calendar is imported, anything else learned).
Learn = Callable[[Incoming, str, bytes, str], Awaitable[Reply]]
TelegramApp = Application[Any, Any, Any, Any, Any, Any]

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
# A delivery waits no more than a moment: a busy chat or a 429 gives it back until then,
# and the deliveries to other chats go on.
DELIVERY_MAX_WAIT = 0.2
# The Bot API serves bots files up to 20 MB; larger ones fail at getFile.
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Options:
    """How the bot talks to Telegram; the defaults suit production."""

    webhook_url: str = ""
    webhook_secret: str = ""
    concurrency: int = 8
    rate_limited: bool = True
    sends_per_second: float = 30.0
    edit_interval: float = 3.0
    poll_timeout: int = 10


def file_url(base_url: str) -> str:
    """The file-download base that goes with an API base: `…/bot` → `…/file/bot`."""
    head, _, last = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{last}"


class KeptUpdates(asyncio.Queue[object]):
    """python-telegram-bot's update queue, keeping each update in the inbox before queueing it.

    Webhook updates pass through it before their 200, and polled ones before the next
    `getUpdates` confirms them to Telegram; one kept already (a retry, or an update another
    replica received) is dropped here.
    """

    def __init__(self) -> None:
        super().__init__()
        self.kept: InboxWorker | None = None

    async def put(self, item: object) -> None:
        kept = self.kept
        if isinstance(item, Update) and kept is not None:
            payload = json.dumps(item.to_dict())
            if not await kept.accept(str(item.update_id), payload):
                return
        await super().put(item)

    async def requeue(self, item: Update) -> None:
        """Queue an update kept already (taken over from a process that died)."""
        await super().put(item)


def build_application(
    token: str, base_url: str, options: Options, pace: Pace | None = None
) -> TelegramApp:
    """The Application; with `rate_limited`, its requests paced by `pace` (else per process)."""
    builder = (
        Application.builder()
        .token(token)
        .update_queue(KeptUpdates())
        .base_url(base_url)
        .base_file_url(file_url(base_url))
        .concurrent_updates(options.concurrency)
        .connection_pool_size(options.concurrency * 2)
        .job_queue(None)
    )
    if options.webhook_url:
        builder = builder.updater(None)
    if options.rate_limited:
        pacer = Pacer(pace or LocalPace())
        return builder.rate_limiter(TelegramPacing(pacer, token, options.sends_per_second)).build()
    return builder.build()


class ChatLocks:
    """One lock per chat, dropped when nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, chat_id: int) -> AsyncIterator[None]:
        lock, users = self._locks.get(chat_id, (asyncio.Lock(), 0))
        self._locks[chat_id] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[chat_id]
            if users == 1:
                del self._locks[chat_id]
            else:
                self._locks[chat_id] = (lock, users - 1)


class TelegramBot:
    def __init__(
        self,
        application: TelegramApp,
        handle: Handle,
        commands: Iterable[Command],
        options: Options,
        transcriber: OpenAITranscriber | None = None,
        learn: Learn | None = None,
        refusals: Refusals | None = None,
        *,
        kept: InboxWorker,
    ) -> None:
        if options.webhook_url and not _SECRET.match(options.webhook_secret):
            raise ValueError(
                "webhook mode needs TELEGRAM_WEBHOOK_SECRET: 1-256 of A-Z, a-z, 0-9, _ and -"
            )
        self.application = application
        self.handle = handle
        self.commands = list(commands)
        self.options = options
        self.transcriber = transcriber
        self.learn = learn
        # The core's, for deliveries: a wait gives the delivery back.
        self.channel = TelegramChannel(application.bot, max_wait=DELIVERY_MAX_WAIT)
        # Answers to people wait as long as Telegram asks.
        self._replies = TelegramChannel(application.bot)
        self.edits = EditBatcher(self._replies.send, options.edit_interval)
        self.kept = kept
        queue = application.update_queue
        assert isinstance(queue, KeptUpdates), "build the application with build_application"
        queue.kept = kept
        self._queue = queue
        self._locks = ChatLocks()
        self._refusals = refusals or Refusals()
        self.username = ""
        application.add_handler(TypeHandler(Update, self._on_update))
        application.add_error_handler(self._on_error)

    @property
    def routes(self) -> list[BaseRoute]:
        """What to mount on the HTTP app: the webhook endpoint, in webhook mode."""
        if not self.options.webhook_url:
            return []
        return [Route(WEBHOOK_PATH, self.webhook, methods=["POST"])]

    async def start(self) -> None:
        app = self.application
        await app.initialize()
        self.username = app.bot.username
        await app.bot.set_my_commands(menu(self.commands))
        await app.start()
        self.kept.start(self._replay)
        if self.options.webhook_url:
            await app.bot.set_webhook(
                self.options.webhook_url,
                secret_token=self.options.webhook_secret,
                allowed_updates=["message", "callback_query"],
            )
        else:
            assert app.updater is not None
            await app.updater.start_polling(
                timeout=self.options.poll_timeout,
                allowed_updates=["message", "callback_query"],
            )
        log.info("telegram_started", username=self.username, webhook=bool(self.options.webhook_url))

    async def stop(self) -> None:
        app = self.application
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await self.kept.stop()
        await self.edits.flush()
        await app.shutdown()
        if self.transcriber is not None:
            await self.transcriber.close()

    async def webhook(self, request: Request) -> Response:
        """Telegram's POST of one update; checked, deduplicated, then queued."""
        given = request.headers.get(SECRET_HEADER, "").encode("latin-1")
        if not hmac.compare_digest(given, self.options.webhook_secret.encode()):
            return self._refusals.refuse(WEBHOOK_PATH, "bad secret", 403)
        try:
            data = await request.json()
            update_id = data["update_id"]
            if not isinstance(update_id, int):
                raise TypeError("update_id")
        except (ValueError, TypeError, KeyError):
            return self._refusals.refuse(WEBHOOK_PATH, "malformed update", 400)
        try:
            update = Update.de_json(data, self.application.bot)
        except Exception:
            # Telegram's own object model raises whatever a malformed field makes it raise.
            return self._refusals.refuse(WEBHOOK_PATH, "malformed update", 400)
        try:
            await self._queue.put(update)
        except Exception:
            # Not kept, so not acknowledged: Telegram sends it again later.
            log.exception("telegram_update_not_kept", update_id=update_id)
            return Response("try again later", status_code=503, media_type="text/plain")
        return Response()

    async def _replay(self, item: InboxItem) -> None:
        await self._queue.requeue(Update.de_json(json.loads(item.payload), self.application.bot))

    async def _on_update(self, update: Update, _: object) -> None:
        chat = update.effective_chat
        async with self._locks.hold(chat.id if chat else 0):
            try:
                if update.callback_query is not None:
                    await self._press(update)
                elif update.message is not None:
                    await self._message(update)
            except Unreachable:
                log.info("telegram_user_gone", chat_id=chat.id if chat else None)
            finally:
                await self.kept.finish(str(update.update_id))

    async def _message(self, update: Update) -> None:
        message = update.message
        assert message is not None
        heard: str | None = None
        if message.voice is not None or message.audio is not None:
            if not self._for_us(update):
                return
            heard = await self._transcribe(update)
            if heard is None:
                return
        elif message.document is not None:
            # Private chats always; in groups when the caption or a reply addresses us.
            sender = to_incoming(update, self.username)
            if sender is not None:
                await self._say(message.chat.id, await self._learn(sender, message.document))
            return
        incoming = to_incoming(update, self.username, heard)
        if incoming is None:
            return
        reply = await self.handle(incoming)
        if reply.silent:
            return
        if heard is not None:
            reply = replace(reply, text=f"🎙 “{heard}”\n\n{reply.text}")
        await self._say(int(incoming.chat_id), reply)

    async def _press(self, update: Update) -> None:
        query = update.callback_query
        assert query is not None
        incoming = to_incoming(update, self.username)
        if incoming is None:
            await self._answer(update, texts.NOT_HERE)
            return
        reply = await self.handle(incoming)
        if reply.silent:
            await self._answer(update, texts.DEFAULT_TOAST)
            return
        target = Target(CHANNEL, incoming.chat_id)
        if reply.edit is not None:
            self.edits.submit(target, reply)
        await self._answer(update, reply.toast or texts.DEFAULT_TOAST)
        if reply.edit is None and reply.toast is None:
            await self._replies.send(target, reply)
        if reply.follow_up:
            await self._replies.send(target, Reply(reply.follow_up))

    async def _answer(self, update: Update, toast: str) -> None:
        assert update.callback_query is not None
        try:
            await update.callback_query.answer(toast[:200])
        except BadRequest as error:
            # A press answered too late (the bot was down) can no longer be answered.
            log.info("telegram_answer_failed", error=str(error))

    async def _transcribe(self, update: Update) -> str | None:
        message = update.message
        assert message is not None
        if self.transcriber is None:
            await self._say(message.chat.id, Reply(texts.VOICE_OFF))
            return None
        await self._replies.typing(message.chat.id)
        audio = message.voice or message.audio
        assert audio is not None
        try:
            file = await audio.get_file()
            data = bytes(await file.download_as_bytearray())
            heard = await self.transcriber.transcribe(data, "voice.ogg")
        except Exception:
            log.exception("telegram_transcription_failed")
            await self._say(message.chat.id, Reply(texts.VOICE_FAILED))
            return None
        if not heard:
            await self._say(message.chat.id, Reply(texts.VOICE_EMPTY))
            return None
        return heard

    async def _learn(self, sender: Incoming, document: Document) -> Reply:
        """Download a document (its size checked first): import a calendar, learn the rest."""
        if self.learn is None:
            return Reply(texts.DOCUMENTS_OFF)
        if (document.file_size or 0) > MAX_DOWNLOAD_BYTES:
            return Reply(texts.DOCUMENT_TOO_BIG)
        await self._replies.typing(int(sender.chat_id))
        try:
            file = await document.get_file()
            if (file.file_size or 0) > MAX_DOWNLOAD_BYTES:
                return Reply(texts.DOCUMENT_TOO_BIG)
            data = bytes(await file.download_as_bytearray())
        except TelegramError as error:
            log.warning("telegram_document_download_failed", error=str(error))
            return Reply(texts.DOCUMENT_FAILED)
        name = document.file_name or "document"
        return await self.learn(replace(sender, text=""), name, data, document.mime_type or "")

    def _for_us(self, update: Update) -> bool:
        """Private chats always; in groups only replies to the bot's own messages."""
        message = update.message
        assert message is not None
        if chat_type(message.chat.type) is ChatType.PRIVATE:
            return True
        replied = message.reply_to_message
        return replied is not None and is_us(replied, self.username)

    async def _say(self, chat_id: int, reply: Reply) -> None:
        await self._replies.send(Target(CHANNEL, str(chat_id)), reply)

    async def _on_error(self, update: object, context: Any) -> None:
        error = getattr(context, "error", None)
        if isinstance(error, TelegramError):
            log.warning("telegram_error", error=repr(error))
            return
        log.error("telegram_update_failed", error=repr(error), exc_info=error)


def menu(commands: Iterable[Command]) -> Sequence[BotCommand]:
    """The command menu: one entry per command (aliases left out), in registry order."""
    seen: dict[str, BotCommand] = {}
    for command in commands:
        if command.name in seen or not _COMMAND_NAME.match(command.name):
            continue
        description = (command.summary or command.usage)[:256] or command.name
        seen[command.name] = BotCommand(command.name, description)
    return list(seen.values())[:100]
