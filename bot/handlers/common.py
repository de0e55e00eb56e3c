"""Small helpers the handlers share: numbers in text, time phrases, past-time checks."""

from __future__ import annotations

import re
from datetime import datetime

from bot import texts
from bot.context import Context
from bot.formatting import when_text
from bot.messages import ChatType, Reply, Target
from bot.nlu import Frame
from bot.nlu.spans import moved
from bot.references import resolve
from bot.registry import FrameHandler
from bot.timeparse import When

_NUMBER = re.compile(r"(?<![\d#])#?(\d{1,9})(?!\d)")


def number_in(text: str) -> int | None:
    """The first item number written in `text` ('2', '#2', 'task 2')."""
    match = _NUMBER.search(text)
    return int(match.group(1)) if match else None


async def on_item(ctx: Context, frame: Frame, handler: FrameHandler) -> Reply:
    """Pin the frame to the one item it points at (or ask, or say none), then act."""
    resolved = await resolve(ctx, frame)
    return resolved if isinstance(resolved, Reply) else await handler(ctx, resolved)


def unreal_time_reply(frame: Frame) -> Reply | None:
    bad = frame.slots.bad_time
    if not bad:
        return None
    return Reply(f"“{bad}” isn't a real time or date. Please check it and send it again.")


def past_reply(ctx: Context, when: When) -> Reply:
    return Reply(
        f"“{when.text}” is in the past ({when_text(when.start, ctx.tz, ctx.now())}). "
        "Please give a time that is still to come."
    )


def moved_to(ctx: Context, frame: Frame, old: datetime | None, example: str) -> datetime | Reply:
    """Where a move puts an item now at `old`, or the reply that asks for a time still to come.

    "push it back an hour" shifts it; "to 4pm" keeps its day and "to friday" its hour.
    """
    slots = frame.slots
    if slots.when is not None:
        at = moved(old, slots.when, ctx.tz) if old is not None else slots.when.start
    elif slots.shift is not None and old is not None:
        at = old + slots.shift
    else:
        return Reply(f"To when? For example: {example}")
    if at < ctx.now():
        return Reply(
            f"{when_text(at, ctx.tz, ctx.now())} is in the past. "
            "Please give a time that is still to come."
        )
    return at


def missing(kind: str, number: int | None, listing: str, example: str) -> Reply:
    if number is None:
        return Reply(texts.NEED_NUMBER.format(example=example))
    return Reply(texts.NO_SUCH.format(kind=kind, number=number, listing=listing))


async def delivery_target(ctx: Context) -> Target:
    """Where a new reminder, event alert or agenda goes.

    A group's stay in the group; a person's own go to the chat they chose with /deliver,
    else to the chat they wrote in.
    """
    msg = ctx.msg
    if msg.chat_type is ChatType.PRIVATE or msg.chat_id == msg.user_id:
        chosen = await ctx.store.links.delivery_chat(ctx.user.id)
        if chosen is not None:
            return chosen
    return ctx.target
