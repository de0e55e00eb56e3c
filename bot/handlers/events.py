"""Events and appointments: add, list by day or week, move, cancel."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot import texts
from bot.context import Context
from bot.formatting import when_text
from bot.handlers import rsvp
from bot.handlers.common import (
    delivery_target,
    missing,
    moved_series,
    on_item,
    past_reply,
    unreal_time_reply,
)
from bot.messages import ChatType, Reply
from bot.models import Event
from bot.nlu import Action, Domain, Frame
from bot.nlu.reader import FREE
from bot.references import forget_recent, remember
from bot.registry import Registry
from bot.timeparse import describe_rrule
from bot.timeparse.zones import localize

registry = Registry()

_RANGES = ("today", "tomorrow", "week")


def event_line(event: Event, ctx: Context, *, dated: bool = False) -> str:
    """'2. Fri 6 Mar 18:00–19:00 — Dinner @ Luigi's'; an all-day event by its days."""
    if event.all_day:
        at, until = _days(event), ""
    else:
        at = when_text(event.start_at, ctx.tz, ctx.now(), dated=dated)
        until = f"–{event.end_at.astimezone(ctx.tz):%H:%M}" if event.end_at else ""
    place = f" @ {event.place}" if event.place else ""
    repeat = f" ({describe_rrule(event.rrule, timezone=event.timezone)})" if event.rrule else ""
    return f"{event.number}. {at}{until} — {event.title}{place}{repeat}"


def _days(event: Event) -> str:
    """An all-day event's days, in its own zone (a birthday is the same date everywhere)."""
    tz = ZoneInfo(event.timezone)
    first = event.start_at.astimezone(tz).date()
    last = (event.end_at - timedelta(seconds=1)).astimezone(tz).date() if event.end_at else first
    text = f"{first:%a} {first.day} {first:%b}"
    if last > first:
        text += f" – {last:%a} {last.day} {last:%b}"
    return f"{text}, all day"


@registry.command("event", "/event WHEN - TITLE [@ PLACE]", "add an event")
async def add_event(ctx: Context, text: str) -> Reply:
    return await _add(ctx, ctx.read(text, domain=Domain.EVENTS, action=Action.CREATE))


async def _add(ctx: Context, frame: Frame) -> Reply:
    slots = frame.slots
    if unreal := unreal_time_reply(frame):
        return unreal
    when = slots.when
    if when is None and slots.text:
        forget_recent(ctx)
        return Reply(
            f"When is “{slots.text[:100]}”? Send it with its day and time, like: "
            f"{slots.text[:100]} friday 3pm"
        )
    if when is None or not slots.text:
        said = f" {when_text(when.start, ctx.tz, ctx.now(), dated=True)}" if when else ""
        return Reply(
            f"What is the event{said}? Give it a title and a time, like: "
            "/event friday 18:00 - Team dinner @Luigi's or: dentist friday 3pm for 1h at Main St"
        )
    if when.start < ctx.now():
        return past_reply(ctx, when)
    try:
        event = await ctx.store.events.add(
            ctx.user.id,
            slots.text[:300],
            when.start,
            when.end,
            slots.place[:300],
            ctx.target if ctx.msg.chat_type is ChatType.GROUP else await delivery_target(ctx),
            now=ctx.services.clock.now(),
            rrule=when.rrule,
            timezone=ctx.user.timezone,
        )
    except ValueError:
        return Reply(texts.NO_REPEAT_TO_COME)
    ctx.services.wake()
    remember(ctx, Domain.EVENTS, event.number)
    if ctx.msg.chat_type is ChatType.GROUP:
        return await rsvp.card(ctx, event)
    return Reply(f"Added event {event_line(event, ctx, dated=True)}")


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
    return Reply(f"Events {label}:\n" + "\n".join(event_line(e, ctx) for e in events))


@registry.command("cancelevent", "/cancelevent N", "cancel event N")
async def cancel_event(ctx: Context, text: str) -> Reply:
    frame = ctx.read(text, domain=Domain.EVENTS, action=Action.CANCEL)
    if frame.slots.ref is None:
        return missing("event", None, "/events", "/cancelevent 2")
    return await on_item(ctx, frame, on_events)


@registry.command("moveevent", "/moveevent N WHEN", "move event N to another time")
async def move_event(ctx: Context, text: str) -> Reply:
    frame = ctx.read(text, domain=Domain.EVENTS, action=Action.MOVE)
    if frame.slots.ref is None or frame.slots.ref.number is None or not text.strip():
        return Reply("Which event, and to when? For example: /moveevent 2 friday 16:00")
    if frame.slots.when is None:
        rest = text.strip().partition(" ")[2].strip()
        return Reply(f"I couldn't read a time in “{rest[:100]}”. Try: /moveevent 2 friday 16:00")
    return await on_item(ctx, frame, on_events)


@registry.frame(Domain.EVENTS)
async def on_events(ctx: Context, frame: Frame) -> Reply:
    """An events frame; an item's reference is already pinned to its number."""
    if frame.action is Action.CREATE:
        return await _add(ctx, frame)
    if frame.action is Action.LIST:
        return await list_events(ctx, "")
    if frame.action is Action.AGENDA_QUERY:
        return await agenda_answer(ctx, frame)
    number = frame.slots.ref.number if frame.slots.ref else None
    if number is None:
        return await list_events(ctx, "")
    if frame.action in (Action.CANCEL, Action.DELETE):
        if frame.slots.ref is not None and frame.slots.ref.on is not None:
            series = await ctx.store.events.get(ctx.user.id, number)
            if series is not None and series.rrule:
                # One day of a series cannot be taken out; the whole is never cancelled for it.
                return Reply(
                    f"“{series.title}” repeats, and I can't take out one day of it yet; nothing "
                    f"was changed. To end the whole series: /cancelevent {number}"
                )
        event = await ctx.store.events.cancel(ctx.user.id, number)
        if event is None:
            return missing("event", number, "/events", "/cancelevent 2")
        ctx.services.wake()
        return Reply(f"Cancelled event: {event.title}")
    event = await ctx.store.events.get(ctx.user.id, number)
    if event is None:
        return missing("event", number, "/events", "/events")
    if frame.action is Action.MOVE:
        return await _move(ctx, frame, event)
    if frame.action is Action.EDIT and (frame.slots.text or frame.slots.place):
        slots = frame.slots
        edited = await ctx.store.events.edit(
            ctx.user.id,
            event.number,
            title=slots.text[:300] or None,
            place=slots.place[:300] or None,
        )
        if edited is None:
            return missing("event", number, "/events", "/events")
        return Reply(f"Changed event {event_line(edited, ctx, dated=True)}")
    return Reply(f"Event {event_line(event, ctx)}")


async def _move(ctx: Context, frame: Frame, event: Event) -> Reply:
    moved = _moved(ctx, frame, event)
    if isinstance(moved, Reply):
        return moved
    done = await _put(ctx, event, *moved)
    if done is None:
        return missing("event", event.number, "/events", "/moveevent 2 friday 16:00")
    return Reply(f"Moved event {event_line(done, ctx, dated=True)}")


def _moved(
    ctx: Context, frame: Frame, event: Event
) -> tuple[datetime, datetime | None, str | None] | Reply:
    """Where a move puts the event (a series as a whole), where it ends, and its new rule.

    A new time brings its own end, if any, or a length said (`duration`); without either
    the store keeps the event's length.
    """
    example = f"move event {event.number} to friday 16:00"
    moved = moved_series(ctx, frame, event.start_at, event.rrule, event.timezone, example)
    if isinstance(moved, Reply):
        return moved
    start, rule = moved
    when, length = frame.slots.when, frame.slots.duration
    end = when.end if when is not None and not when.rrule else None
    return start, start + length if length else end, rule


async def _put(
    ctx: Context, event: Event, start: datetime, end: datetime | None, rule: str | None
) -> Event | None:
    now = ctx.services.clock.now()
    done = await ctx.store.events.move(ctx.user.id, event.number, start, end, now=now, rrule=rule)
    ctx.services.wake()
    return done


async def change_event(ctx: Context, frame: Frame) -> Reply:
    """`/edit`: the event's time, length (`duration`), title (`text`) or place.

    The time is checked before anything changes; a series moves as a whole.
    """
    number = frame.slots.ref.number if frame.slots.ref else None
    event = await ctx.store.events.get(ctx.user.id, number) if number else None
    if event is None:
        return missing("event", number, "/events", "/edit event 2 16:00")
    slots = frame.slots
    moved = None if slots.when is None else _moved(ctx, frame, event)
    if isinstance(moved, Reply):
        return moved
    changed: Event | None = event
    if slots.text or slots.place:
        title, place = slots.text[:300] or None, slots.place[:300] or None
        changed = await ctx.store.events.edit(ctx.user.id, event.number, title=title, place=place)
    if changed is not None and moved is not None:
        changed = await _put(ctx, changed, *moved)
    elif changed is not None and slots.duration:
        end = changed.start_at + slots.duration
        changed = await _put(ctx, changed, changed.start_at, end, None)
    if changed is None:
        return missing("event", event.number, "/events", "/events")
    return Reply(f"Changed event {event_line(changed, ctx, dated=True)}")


async def agenda_answer(ctx: Context, frame: Frame) -> Reply:
    """Events, reminders and due tasks in the window asked about, in time order."""
    now = ctx.now()
    start, end = frame.slots.span or (now, now + timedelta(days=7))
    user = ctx.user.id
    lines: list[tuple[datetime, str]] = []
    for event in await ctx.store.events.between(user, start, end):
        place = f" @ {event.place}" if event.place else ""
        lines.append((event.start_at, f"{event.title}{place}"))
    for reminder in await ctx.store.reminders.list_active(user):
        if start <= reminder.due_at < end:
            lines.append((reminder.due_at, f"⏰ {reminder.text}"))
    for task in await ctx.store.tasks.list_open(user):
        if task.due_at is not None and start <= task.due_at < end:
            lines.append((task.due_at, f"☐ {task.text} (task due)"))
    label = _span_label(ctx, start, end, frame)
    free = frame.slots.text == FREE
    if not lines:
        if free:
            return Reply(f"Yes, you're free {label}: nothing on your calendar then.")
        return Reply(f"Nothing on {label}: no events, reminders or tasks due.")
    lines.sort(key=lambda pair: pair[0])
    head = f"You have something {label}:" if free else f"{label[0].upper()}{label[1:]}:"
    body = "\n".join(f"{when_text(at, ctx.tz, now)} — {what}" for at, what in lines)
    return Reply(f"{head}\n{body}")


def _span_label(ctx: Context, start: datetime, end: datetime, frame: Frame) -> str:
    said = frame.slots.when.text.strip() if frame.slots.when else ""
    first, last = start.astimezone(ctx.tz), (end - timedelta(seconds=1)).astimezone(ctx.tz)
    days = f"{first:%a} {first.day} {first:%b}"
    if first.date() != last.date():
        days += f" – {last:%a} {last.day} {last:%b}"
    return f"{said} ({days})" if said else f"in the coming days ({days})"
