"""One dispatcher for every channel: who is speaking, what they want, and who answers."""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import replace

import structlog

from bot import metrics, texts
from bot.context import Context, Services
from bot.failures import failure_note
from bot.flood import FloodGate, Verdict
from bot.messages import ChatType, Incoming, Reply
from bot.models import LoggedMessage
from bot.nlu import Action, Domain, Frame
from bot.nlu.frame import ITEM_DOMAINS, REF_ACTIONS
from bot.nlu.several import split_requests
from bot.overview import CLARIFIED
from bot.references import PICK_ACTION, picked, remember, resolve_all
from bot.registry import Registry
from bot.text_safety import storable

log = structlog.get_logger(__name__)

CLARIFY_ACTION = "in"


class Dispatcher:
    def __init__(
        self, services: Services, registry: Registry, flood: FloodGate | None = None
    ) -> None:
        self.services = services
        self.registry = registry
        self.flood = flood or FloodGate(services.clock)
        # Text awaiting the user's pick of an intent; a lost entry only means asking again.
        self._unclear: dict[int, str] = {}

    async def handle(self, msg: Incoming) -> Reply:
        """Answer one incoming message or button press; never raises.

        Someone over the flood limit is told once, then gets a silent reply (nothing to send)
        until they slow down; neither touches the database.
        """
        verdict = self.flood.check(msg.channel, msg.user_id)
        if verdict is Verdict.DROP:
            return Reply("")
        if verdict is Verdict.NOTICE:
            log.info("flood_limited", channel=msg.channel)
            return Reply(texts.FLOODED.format(limit=self.flood.per_minute))
        msg = storable(msg)
        started = time.perf_counter()
        ctx: Context | None = None
        intent = "unread"
        try:
            settings = self.services.settings
            user = await self.services.store.users.resolve(
                msg.channel, msg.user_id, msg.chat_id, msg.display_name, settings.bot_timezone
            )
            ctx = Context(msg, user, self.services)
            intent, reply = await self._route(ctx)
        except Exception:
            error_id = uuid.uuid4().hex[:8]
            log.exception("handler_failed", error_id=error_id, channel=msg.channel)
            metrics.HANDLER_ERRORS.labels(msg.channel).inc()
            reply = Reply(texts.INTERNAL_ERROR.format(error_id=error_id))
        if ctx is not None:
            reply = await self._with_failures(ctx, reply)
            await self._log(ctx, reply)
        seconds = time.perf_counter() - started
        metrics.MESSAGES.labels(msg.channel, intent).inc()
        metrics.REPLIES.labels(msg.channel).inc()
        metrics.HANDLING.labels(msg.channel).observe(seconds)
        log.debug("handled", ms=round(seconds * 1000, 2))
        return reply

    async def _route(self, ctx: Context) -> tuple[str, Reply]:
        """What the message was understood as (a domain, a command, a button), and the reply."""
        msg = ctx.msg
        if msg.callback is not None:
            return "button", await self._press(ctx, msg.callback)
        text = msg.text.strip()
        if not text:
            return "empty", Reply(texts.EMPTY_MESSAGE)
        if len(text) > self.services.settings.max_message_chars:
            limit = self.services.settings.max_message_chars
            return "too_long", Reply(texts.TOO_LONG.format(length=len(text), limit=limit))
        if text.startswith("/"):
            return "command", await self._command(ctx, text)
        if msg.chat_type is ChatType.GROUP:
            text = _strip_mention(text, self.services.settings.bot_name)
        return await self._free_text(ctx, text)

    async def _command(self, ctx: Context, text: str) -> Reply:
        head, _, args = text[1:].partition(" ")
        name = head.split("@", 1)[0].lower()
        command = self.registry.commands.get(name)
        if command is None:
            return Reply(texts.UNKNOWN_COMMAND.format(name=name[:40] or "?"))
        return await command.handler(ctx, args.strip())

    async def _free_text(self, ctx: Context, text: str) -> tuple[str, Reply]:
        for listener in self.registry.listeners:
            if (claimed := await listener(ctx, text)) is not None:
                return "answer", claimed
        if len(parts := split_requests(text, ctx.names_time)) > 1:
            return "several", await self._several(ctx, parts)
        intents = self.services.intents
        # While the model is still loading, what the rules read plainly is answered at once.
        early = None if intents.loaded else ctx.read(text)
        if early is not None and early.source == "rule" and not early.unsure:
            frame = early
        else:
            frame = ctx.read(text, await intents.route(text))
        if frame.unsure:
            return "unsure", self._ask_domain(ctx, text, frame)
        return frame.domain.value, await self.act(ctx, frame)

    async def _several(self, ctx: Context, parts: list[str]) -> Reply:
        """Each request answered in turn, in one reply; a question's buttons come with it."""
        replies = [(await self._free_text(ctx, part))[1] for part in parts]
        asking = [reply for reply in replies if reply.buttons]
        return Reply(
            "\n".join(reply.text for reply in replies if reply.text),
            buttons=asking[-1].buttons if asking else (),
        )

    async def act(self, ctx: Context, frame: Frame) -> Reply:
        """Resolve the frame's reference to one of the person's items, then let its domain act."""
        if frame.action not in REF_ACTIONS or frame.domain not in ITEM_DOMAINS:
            return await self._handle(ctx, frame)
        resolved = await resolve_all(ctx, frame)
        if isinstance(resolved, Reply):
            if frame.action is Action.SHOW and not resolved.buttons:
                # "when's mum's birthday?" names no item: the notes and documents may know.
                return await self._handle(ctx, replace(frame, domain=Domain.QUESTION))
            return resolved
        replies = []
        for one in resolved:
            replies.append(await self._handle(ctx, one))
            if one.slots.ref is not None and one.slots.ref.number is not None:
                remember(ctx, one.domain, one.slots.ref.number)
        if len(replies) == 1:
            return replies[0]
        return Reply("\n".join(reply.text for reply in replies))

    async def _handle(self, ctx: Context, frame: Frame) -> Reply:
        # A reminder before an item points at that item, but makes a reminder.
        domain = Domain.REMINDERS if frame.action is Action.REMIND_BEFORE else frame.domain
        handler = self.registry.frames.get(domain) or self.registry.frames[Domain.QUESTION]
        return await handler(ctx, frame)

    def _ask_domain(self, ctx: Context, text: str, frame: Frame) -> Reply:
        candidates = [c for c, _ in frame.candidates if c in self.registry.frames][:3]
        if not candidates:
            return Reply(texts.UNSURE_NO_GUESS)
        self._unclear[ctx.user.id] = text
        buttons = tuple(
            (ctx.button(texts.INTENT_LABELS.get(c, c), CLARIFY_ACTION, c),) for c in candidates
        )
        return Reply(texts.UNSURE, buttons=buttons)

    async def _press(self, ctx: Context, data: str) -> Reply:
        press = self.services.signer.verify(ctx.user.id, data)
        if press is None:
            press = self.services.signer.verify_shared(ctx.msg.chat_id, data)
        if press is None:
            return Reply(texts.FORGED_BUTTON, toast=texts.FORGED_BUTTON)
        if press.action == CLARIFY_ACTION:
            return await self._clarified(ctx, press.arg)
        if press.action == PICK_ACTION:
            frame = picked(ctx, press.arg)
            if frame is None:
                return Reply(texts.CLARIFY_LOST, toast=texts.CLARIFY_LOST)
            return self._edited(ctx, await self.act(ctx, frame))
        handler = self.registry.actions.get(press.action)
        if handler is None:
            return Reply(texts.FORGED_BUTTON, toast=texts.FORGED_BUTTON)
        return self._edited(ctx, await handler(ctx, press.arg))

    @staticmethod
    def _edited(ctx: Context, reply: Reply) -> Reply:
        """A press's answer replaces the message the button was on."""
        if reply.edit is None and ctx.msg.message_id is not None:
            return replace(reply, edit=ctx.msg.message_id)
        return reply

    async def _clarified(self, ctx: Context, label: str) -> Reply:
        text = self._unclear.pop(ctx.user.id, None)
        domain = next((d for d in Domain if d.value == label), None)
        if text is None or domain is None or domain not in self.registry.frames:
            return Reply(texts.CLARIFY_LOST, toast=texts.CLARIFY_LOST)
        await self.services.intents.learn(
            label, text, CLARIFIED, self.services.clock.now(), ctx.user.id
        )
        return await self.act(ctx, ctx.read(text, domain=domain))

    async def _with_failures(self, ctx: Context, reply: Reply) -> Reply:
        """Prepend a note about deliveries that failed since the user last wrote."""
        if ctx.msg.callback is not None or not ctx.user.undelivered:
            return reply
        try:
            note = await failure_note(self.services.store, ctx.user.id, ctx.tz, ctx.now())
        except Exception:
            log.exception("failure_note_failed")
            return reply
        return reply if note is None else replace(reply, text=f"{note}\n\n{reply.text}")

    async def _log(self, ctx: Context, reply: Reply) -> None:
        if ctx.user.id in self.services.forgotten:
            return
        msg, now = ctx.msg, self.services.clock.now()
        said = msg.text if msg.callback is None else f"[button] {msg.callback}"
        answered = texts.SECRET_WITHHELD if reply.secret else reply.text
        entries: Sequence[LoggedMessage] = (
            LoggedMessage(ctx.user.id, "in", msg.channel, msg.chat_id, said[:10_000], now),
            LoggedMessage(ctx.user.id, "out", msg.channel, msg.chat_id, answered, now),
        )
        try:
            await self.services.store.messages.record(entries)
        except Exception:
            log.exception("message_log_failed")


def _strip_mention(text: str, bot_name: str) -> str:
    words = text.split(maxsplit=1)
    if words and words[0].lstrip("@").rstrip(",:").lower() == bot_name.lower():
        return words[1] if len(words) > 1 else ""
    return text
