"""Events and appointments: add, list by day or week, move, cancel."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from bot.context import Context
from bot.formatting import when_text
from bot.handlers import rsvp
from bot.handlers.common import (
    delivery_target,
    find_when,
    missing,
    number_in,
    past_reply,
    strip_prefix,
    unreal_time_reply,
)
from bot.messages import ChatType, Reply
from bot.models import Event
from bot.registry import Registry
from bot.timeparse import strip_span
from bot.timeparse.zones import localize

registry = Registry()

_ADD_PREFIX = (
    r"(?:please\s+)?(?:add|create|new|schedule|book|put)\s+(?:an?\s+)?"
    r"(?:event|appointment|meeting)?(?:\s+on\s+my\s+calendar)?|event|appointment"
)
_MOVE = re.compile(
    r"^(?:move|reschedule|shift)\s+(?:the\s+)?(?:event|appointment|meeting)\s+#?(\d+)\s+(?:to\s+)?(.+)$",
    re.I,
)
_CANCEL = re.compile(
    r"^(?:cancel|delete|remove|drop)\s+(?:the\s+)?(?:event|appointment|meeting)\s+#?(\d+)\W*$",
    re.I,
)
_LIST = re.compile(
    r"\b(?:list|show|what(?:'s| is)?|see|view|my|any|upcoming|agenda|schedule|calendar)\b.*"
    r"\b(?:events?|calendar|schedule|agenda|appointments?|meetings?|planned)\b|"
    r"^(?:events|agenda|calendar)\W*$",
    re.I,
)
_PLACE_WORD = re.compile(r"\s+(?:at|in)\s+(?!\d)([A-Z0-9][^,]*)$")
_RANGES = ("today", "tomorrow", "week")


def _line(event: Event, ctx: Context) -> str:
    at = when_text(event.start_at, ctx.tz, ctx.now())
    until = f"–{event.end_at.astimezone(ctx.tz):%H:%M}" if event.end_at else ""
    place = f" @ {event.place}" if event.place else ""
    return f"{event.number}. {at}{until} — {event.title}{place}"


@registry.command("event", "/event WHEN - TITLE [@ PLACE]", "add an event")
async def add_event(ctx: Context, text: str) -> Reply:
    if unreal := unreal_time_reply(text):
        return unreal
    text, place = _split_place(text.strip())
    if " - " in text:
        when_part, title = (part.strip() for part in text.split(" - ", 1))
        when = find_when(ctx, when_part)
    else:
        when = find_when(ctx, text)
        title = strip_span(text, when) if when else ""
        if not place and (match := _PLACE_WORD.search(title)):
            title, place = title[: match.start()].strip(), match.group(1).strip()
    if when is None or not title:
        return Reply(
            "Give the event a time and a title, like: /event friday 18:00 - Team dinner @Luigi's "
            "or: dentist friday 3pm for 1h at Main St"
        )
    if when.start < ctx.now():
        return past_reply(ctx, when)
    event = await ctx.store.events.add(
        ctx.user.id,
        title[:300],
        when.start,
        when.end,
        place[:300],
        ctx.target if ctx.msg.chat_type is ChatType.GROUP else await delivery_target(ctx),
        now=ctx.services.clock.now(),
    )
    ctx.services.wake()
    if ctx.msg.chat_type is ChatType.GROUP:
        return await rsvp.card(ctx, event)
    return Reply(f"Added event {_line(event, ctx)}")


def _split_place(text: str) -> tuple[str, str]:
    head, sep, place = text.rpartition("@")
    if sep and head.strip():
        return head.strip(), place.strip()
    return text, ""


@registry.command("events", "/events [today|tomorrow|week]", "list your events")
async def list_events(ctx: Context, text: str) -> Reply:
    span = text.strip().lower()
    word = next((r for r in _RANGES if r in span), "")
    now = ctx.now()
    midnight = localize(datetime.combine(now.date(), time()), ctx.tz)
    if word == "today":
        events = await ctx.store.events.between(ctx.user.id, now, midnight + timedelta(days=1))
    elif word == "tomorrow":
        start = localize(datetime.combine(now.date() + timedelta(days=1), time()), ctx.tz)
        events = await ctx.store.events.between(ctx.user.id, start, start + timedelta(days=1))
    elif word == "week":
        events = await ctx.store.events.between(ctx.user.id, now, midnight + timedelta(days=7))
    else:
        events = await ctx.store.events.upcoming(ctx.user.id, now)
    label = {"today": "today", "tomorrow": "tomorrow", "week": "in the next 7 days"}.get(
        word, "coming up"
    )
    if not events:
        return Reply(f"No events {label}. Add one with: /event friday 18:00 - Team dinner")
    return Reply(f"Events {label}:\n" + "\n".join(_line(e, ctx) for e in events))


@registry.command("cancelevent", "/cancelevent N", "cancel event N")
async def cancel_event(ctx: Context, text: str) -> Reply:
    number = number_in(text)
    event = None if number is None else await ctx.store.events.cancel(ctx.user.id, number)
    if event is None:
        return missing("event", number, "/events", "/cancelevent 2")
    ctx.services.wake()
    return Reply(f"Cancelled event: {event.title}")


@registry.command("moveevent", "/moveevent N WHEN", "move event N to another time")
async def move_event(ctx: Context, text: str) -> Reply:
    first, _, rest = text.strip().partition(" ")
    number = int(first.lstrip("#")) if first.lstrip("#").isdigit() else None
    if number is None or not rest.strip():
        return Reply("Which event, and to when? For example: /moveevent 2 friday 16:00")
    when = find_when(ctx, rest)
    if when is None:
        return Reply(
            f"I couldn't read a time in “{rest.strip()[:100]}”. Try: /moveevent 2 friday 16:00"
        )
    if when.start < ctx.now():
        return past_reply(ctx, when)
    event = await ctx.store.events.move(
        ctx.user.id, number, when.start, when.end, now=ctx.services.clock.now()
    )
    if event is None:
        return missing("event", number, "/events", "/moveevent 2 friday 16:00")
    ctx.services.wake()
    return Reply(f"Moved event {_line(event, ctx)}")


@registry.intent("events")
async def events_in_words(ctx: Context, text: str) -> Reply:
    if match := _CANCEL.match(text):
        return await cancel_event(ctx, match.group(1))
    if match := _MOVE.match(text):
        return await move_event(ctx, f"{match.group(1)} {match.group(2)}")
    if _LIST.search(text) and not re.match(r"^\s*(?:add|create|new|schedule|book)\b", text, re.I):
        return await list_events(ctx, text)
    return await add_event(ctx, strip_prefix(text, _ADD_PREFIX))
