"""Small helpers the handlers share: numbers in text, time phrases, past-time checks."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot import texts
from bot.context import Context
from bot.formatting import when_text
from bot.messages import ChatType, Reply, Target
from bot.nlu import Frame
from bot.nlu.spans import grain, moved
from bot.recurrence import follow_start, next_occurrence, settled
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


def private_only(ctx: Context, command: str, why: str) -> Reply | None:
    """Refuse a command about one person's own keys or data when it is sent in a group."""
    if ctx.msg.chat_type is ChatType.GROUP:
        return Reply(f"Send /{command} to me in a private chat: {why}")
    return None


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
    at = _target(frame, old, ctx)
    if at is None:
        return Reply(f"To when? For example: {example}")
    if at < ctx.now():
        return Reply(
            f"{when_text(at, ctx.tz, ctx.now())} is in the past. "
            "Please give a time that is still to come."
        )
    return at


def _target(frame: Frame, old: datetime | None, ctx: Context) -> datetime | None:
    slots = frame.slots
    if slots.when is not None:
        return moved(old, slots.when, ctx.tz) if old is not None else slots.when.start
    if slots.shift is not None and old is not None:
        return old + slots.shift
    return None


def moved_series(
    ctx: Context,
    frame: Frame,
    old: datetime | None,
    rule: str | None,
    timezone: str,
    example: str,
) -> tuple[datetime, str | None] | Reply:
    """Where a move puts an item now at `old`, and the rule it repeats by from there.

    A repeat in the words ("make it weekly", "tuesdays instead") becomes the item's rule, at
    the item's time of day unless one is said; a series (`rule`) moved to a new time follows
    it there. Without either, the rule is None and the move is `moved_to`'s.
    """
    when = frame.slots.when
    if when is not None and when.rrule:
        own = old or when.start
        said = settled(when.rrule, own, timezone, clock_said=grain(when)[1])
        first = next_occurrence(said, min(own, ctx.now()), timezone, ctx.now())
        return (first, said) if first is not None else Reply(texts.NO_REPEAT_TO_COME)
    target = _target(frame, old, ctx)
    if rule is None or target is None:
        at = moved_to(ctx, frame, old, example)
        return at if isinstance(at, Reply) else (at, None)
    # A series moved to a time already past today goes on from its next occurrence there.
    followed = follow_start(rule, target, timezone)
    since = max(target, ctx.now()) - timedelta(microseconds=1)
    first = next_occurrence(followed, target, timezone, since)
    if first is None:
        return Reply(texts.NO_REPEAT_TO_COME)
    return first, followed


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
    private = msg.chat_type is ChatType.PRIVATE or msg.chat_id == msg.user_id
    if private and ctx.user.delivery_chat is not None:
        return ctx.user.delivery_chat
    return ctx.target
