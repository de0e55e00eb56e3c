"""Reminders: set them in plain words, list, cancel, snooze, pause, and answer their buttons."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

from bot.context import Context
from bot.formatting import duration_text, when_text
from bot.handlers.common import (
    delivery_target,
    missing,
    moved_series,
    on_item,
    past_reply,
    unreal_time_reply,
)
from bot.handlers.voice import urgent_choice
from bot.messages import Button, Keyboard, Reply
from bot.models import Delivery, DeliveryKind, Reminder, ReminderStatus
from bot.nlu import Action, Domain, Frame, Slots
from bot.references import forget_recent, items_of, remember
from bot.registry import Registry
from bot.reminder_answers import go_on, live, mark_done, put_off
from bot.timeparse import When, describe_rrule, parse_duration
from bot.timeparse.zones import localize

registry = Registry()

MakeButton = Callable[[str, str, str], Button]

DONE_ACTION, SNOOZE_ACTION = "rd", "rs"
# Button code → (label, how far). "tm" and "nw" are computed from the user's calendar.
SNOOZE_CHOICES: dict[str, tuple[str, timedelta | None]] = {
    "20m": ("Snooze 20 min", timedelta(minutes=20)),
    "1h": ("1 hour", timedelta(hours=1)),
    "3h": ("3 hours", timedelta(hours=3)),
    "tm": ("Tomorrow", None),
    "nw": ("Next week", None),
}
MORNING = time(9, 0)


def repeats(reminder: Reminder) -> str:
    return describe_rrule(reminder.rrule or "", timezone=reminder.timezone)


def reminder_line(reminder: Reminder, ctx: Context, *, dated: bool = False) -> str:
    repeat = (
        f" ({describe_rrule(reminder.rrule, timezone=reminder.timezone)})" if reminder.rrule else ""
    )
    paused = " [paused]" if reminder.status is ReminderStatus.PAUSED else ""
    at = when_text(reminder.due_at, ctx.tz, ctx.now(), dated=dated)
    return f"{reminder.number}. {at} — {reminder.text}{repeat}{paused}"


def delivery_buttons(
    make: MakeButton, delivery_id: int, done: str = DONE_ACTION, snooze: str = SNOOZE_ACTION
) -> Keyboard:
    """Done and the snooze choices, as on every delivered reminder (and due task)."""
    arg = str(delivery_id)
    snoozes = [make(label, snooze, f"{arg}.{code}") for code, (label, _) in SNOOZE_CHOICES.items()]
    return ((make("Done", done, arg), snoozes[0], snoozes[1]), tuple(snoozes[2:]))


def snooze_until(code_or_text: str, now: datetime) -> datetime | None:
    """When a snooze ends: a button code, or a duration in words ('45m', '2 hours')."""
    choice = SNOOZE_CHOICES.get(code_or_text)
    if choice is not None and choice[1] is not None:
        return now + choice[1]
    if code_or_text in ("tm", "nw"):
        days = 1 if code_or_text == "tm" else 7 - now.weekday()
        day = (now + timedelta(days=days)).date()
        return localize(datetime.combine(day, MORNING), now.tzinfo)  # type: ignore[arg-type]
    delta = parse_duration(code_or_text)
    return now + delta if delta and delta.total_seconds() > 0 else None


@registry.command("remind", "/remind WHEN TEXT", "set a reminder")
async def add_reminder(ctx: Context, text: str) -> Reply:
    return await _add(ctx, ctx.read(text, domain=Domain.REMINDERS, action=Action.CREATE))


async def _add(ctx: Context, frame: Frame) -> Reply:
    slots = frame.slots
    if unreal := unreal_time_reply(frame):
        return unreal
    when = slots.when
    if when is None:
        forget_recent(ctx)
        return Reply(
            "When should I remind you? For example: remind me to call mom tomorrow at 9, "
            "or: in 20 min stretch"
        )
    if when.start < ctx.now():
        return past_reply(ctx, when)
    if when.rrule and "FREQ=SECONDLY" in when.rrule:
        return Reply("I can repeat a reminder at most once a minute. Try: every 10 minutes …")
    if not slots.text:
        at = when_text(when.start, ctx.tz, ctx.now(), dated=True)
        return Reply(
            f"What should I remind you about {at}? Say it with the words, like: "
            f"remind me {when.text} to call mom"
        )
    reminder = await ctx.store.reminders.add(
        ctx.user.id,
        slots.text[:1000],
        when.start,
        when.rrule,
        ctx.user.timezone,
        await delivery_target(ctx),
    )
    ctx.services.wake()
    remember(ctx, Domain.REMINDERS, reminder.number)
    buttons = await urgent_choice(ctx, reminder, slots.urgent)
    repeat = f", {describe_rrule(when.rrule, timezone=ctx.user.timezone)}" if when.rrule else ""
    repeat += ", urgent" if slots.urgent else ""
    at = when_text(reminder.due_at, ctx.tz, ctx.now(), dated=True)
    return Reply(
        f"OK, I'll remind you: {reminder.text} — {at}{repeat} (reminder {reminder.number})"
        + _zone_note(ctx, reminder.number),
        buttons=buttons,
    )


def _zone_note(ctx: Context, number: int) -> str:
    """Someone who never chose a time zone hears, with their first reminder, which it is."""
    if ctx.user.onboarded or number != 1:
        return ""
    return (
        f"\nTimes are in {ctx.user.timezone}. If that's not yours, send /tz and your city, "
        "like: /tz Madrid"
    )


@registry.command("reminders", "/reminders", "list your reminders")
async def list_reminders(ctx: Context, _: str) -> Reply:
    reminders = await ctx.store.reminders.list_active(ctx.user.id)
    if not reminders:
        return Reply("You have no reminders. Set one with: remind me to call mom tomorrow at 9")
    return Reply("Your reminders:\n" + "\n".join(reminder_line(r, ctx) for r in reminders))


async def _on_reminder(ctx: Context, text: str, action: Action, example: str) -> Reply:
    frame = ctx.read(text, domain=Domain.REMINDERS, action=action)
    if frame.slots.ref is None:
        return missing("reminder", None, "/reminders", example)
    return await on_item(ctx, frame, on_reminders)


@registry.command("cancel", "/cancel N", "cancel reminder N")
async def cancel_reminder(ctx: Context, text: str) -> Reply:
    return await _on_reminder(ctx, text, Action.CANCEL, "/cancel 2")


@registry.command("pause", "/pause N", "pause a recurring reminder")
async def pause_reminder(ctx: Context, text: str) -> Reply:
    return await _on_reminder(ctx, text, Action.PAUSE, "/pause 2")


@registry.command("resume", "/resume N", "resume a paused reminder")
async def resume_reminder(ctx: Context, text: str) -> Reply:
    return await _on_reminder(ctx, text, Action.RESUME, "/resume 2")


@registry.command("snooze", "/snooze [N] DURATION", "put off a reminder")
async def snooze_command(ctx: Context, text: str) -> Reply:
    return await _snooze(ctx, ctx.read(text, domain=Domain.REMINDERS, action=Action.SNOOZE))


@registry.frame(Domain.REMINDERS)
async def on_reminders(ctx: Context, frame: Frame) -> Reply:
    """A reminders frame; an item's reference is already pinned to its number."""
    if frame.action is Action.CREATE:
        return await _add(ctx, frame)
    if frame.action is Action.REMIND_BEFORE:
        return await _add_before(ctx, frame)
    if frame.action is Action.SNOOZE:
        return await _snooze(ctx, frame)
    number = frame.slots.ref.number if frame.slots.ref else None
    if number is None:
        return await list_reminders(ctx, "")
    if frame.action in (Action.CANCEL, Action.DELETE):
        if frame.slots.ref is not None and frame.slots.ref.on is not None:
            return await _skip(ctx, number)
        return await _set(ctx, number, ReminderStatus.CANCELLED, "Cancelled reminder")
    if frame.action is Action.PAUSE:
        return await _set(ctx, number, ReminderStatus.PAUSED, "Paused reminder")
    reminder = await ctx.store.reminders.get(ctx.user.id, number)
    if reminder is None:
        return missing("reminder", number, "/reminders", "/reminders")
    if frame.action is Action.RESUME:
        return await _resume(ctx, reminder)
    if frame.action is Action.COMPLETE:
        if await mark_done(ctx.store, reminder):
            ctx.services.wake()
            return Reply(f"Done: {reminder.text} ✓")
        return Reply(
            f"“{reminder.text}” repeats ({repeats(reminder)}); it goes on. "
            f"To stop it: /cancel {reminder.number}"
        )
    if frame.action is Action.MOVE:
        return await _move(ctx, frame, reminder)
    if frame.action is Action.EDIT and frame.slots.text:
        renamed = await ctx.store.reminders.rename(ctx.user.id, number, frame.slots.text[:1000])
        if renamed is None:
            return missing("reminder", number, "/reminders", "/reminders")
        return Reply(f"Reminder {reminder_line(renamed, ctx)}")
    return Reply(f"Reminder {reminder_line(reminder, ctx)}")


async def _add_before(ctx: Context, frame: Frame) -> Reply:
    """A reminder `duration` before the item the frame is pinned to, about it unless told."""
    ref, ahead = frame.slots.ref, frame.slots.duration
    assert ref is not None and ref.kind is not None and ahead is not None
    items = await items_of(ctx, ref.kind)
    item = next((i for i in items if i.number == ref.number), None)
    if item is None or item.at is None:
        return Reply(
            "That has no time to remind you before. Give the time instead, like: "
            "remind me at 9:30 to leave"
        )
    gap = duration_text(ahead)
    when = When(item.at - ahead, None, None, f"{gap} before")
    text = frame.slots.text or item.label
    return await _add(ctx, Frame(Domain.REMINDERS, Action.CREATE, Slots(text=text, when=when)))


async def _skip(ctx: Context, number: int) -> Reply:
    """Of a repeating reminder, only the day named goes ("no gym this friday"); a one-off goes."""
    reminder = await ctx.store.reminders.get(ctx.user.id, number)
    if reminder is None or reminder.rrule is None:
        return await _set(ctx, number, ReminderStatus.CANCELLED, "Cancelled reminder")
    day = when_text(reminder.due_at, ctx.tz, ctx.now(), dated=True)
    moved = await go_on(ctx.store, reminder, reminder.due_at)
    if moved is None:
        return Reply(f"Skipped “{reminder.text}” {day}; it does not come again.")
    ctx.services.wake()
    return Reply(f"Skipped “{reminder.text}” {day}. Next: {reminder_line(moved, ctx, dated=True)}")


async def _set(ctx: Context, number: int, status: ReminderStatus, verb: str) -> Reply:
    reminder = await ctx.store.reminders.set_status(ctx.user.id, number, status)
    if reminder is None:
        return missing("reminder", number, "/reminders", "/reminders")
    ctx.services.wake()
    return Reply(f"{verb}: {reminder.text}")


async def _resume(ctx: Context, reminder: Reminder) -> Reply:
    now = ctx.services.clock.now()
    if reminder.rrule and reminder.due_at <= now:
        # Occurrences that fell in the pause are skipped, not delivered late: the series
        # goes straight to its next one, never through a due time already past.
        await go_on(ctx.store, reminder, now)
    else:
        await ctx.store.reminders.set_status_by_id(reminder.id, ReminderStatus.ACTIVE)
    ctx.services.wake()
    return Reply(f"Resumed reminder: {reminder.text}")


async def _move(ctx: Context, frame: Frame, reminder: Reminder) -> Reply:
    moved = moved_reminder(ctx, frame, reminder)
    if isinstance(moved, Reply):
        return moved
    done = await put_reminder(ctx, reminder, *moved)
    if done is None:
        return missing("reminder", reminder.number, "/reminders", "/reminders")
    return Reply(f"Moved reminder {reminder_line(done, ctx, dated=True)}")


def moved_reminder(
    ctx: Context, frame: Frame, reminder: Reminder
) -> tuple[datetime, str | None] | Reply:
    """Where a move puts the reminder (a series as a whole), and the rule it repeats by."""
    example = f"move reminder {reminder.number} to 10am"
    return moved_series(ctx, frame, reminder.due_at, reminder.rrule, reminder.timezone, example)


async def put_reminder(
    ctx: Context, reminder: Reminder, until: datetime, rule: str | None
) -> Reminder | None:
    """Move the reminder to `until`; with a rule, the series starts again there by it."""
    if rule is None:
        done = await ctx.store.reminders.reschedule(reminder.id, until)
    else:
        done = await ctx.store.reminders.repeat(reminder.id, rule, until)
    ctx.services.wake()
    return done


async def _snooze(ctx: Context, frame: Frame) -> Reply:
    slots = frame.slots
    last = await ctx.store.deliveries.last_sent(
        ctx.user.id, (DeliveryKind.REMINDER, DeliveryKind.SNOOZED)
    )
    spoken = await ctx.store.reminders.by_id(last.ref_id) if last is not None else None
    number = slots.ref.number if slots.ref is not None else None
    if number is not None and (spoken is None or spoken.number != number):
        reminder = await ctx.store.reminders.get(ctx.user.id, number)
        if reminder is None:
            return missing("reminder", number, "/reminders", "/snooze 2 30m")
        # A reminder still to come is put off from when it was due, not from now.
        start = max(reminder.due_at.astimezone(ctx.tz), ctx.now())
        until = _until(slots, start)
        if until is None:
            return Reply("For how long? For example: /snooze 2 30m")
        await ctx.store.reminders.reschedule(reminder.id, until)
        ctx.services.wake()
        return Reply(f"Snoozed “{reminder.text}” until {when_text(until, ctx.tz, ctx.now())}")
    if last is None:
        return Reply(
            "There's no delivered reminder to snooze. To put off a listed one: /snooze N 30m"
        )
    # The one that last spoke, by its number too: a one-off that went off is no longer listed.
    reply = await _snooze_delivery(ctx, last, spoken, _until(slots, ctx.now()))
    return Reply(reply.text)


def _until(slots: Slots, start: datetime) -> datetime | None:
    """A snooze to a time ("until tomorrow at 9") or for a length ("10 min", 20 min if none)."""
    if slots.duration is None and slots.when is not None:
        return slots.when.start if slots.when.start > start else None
    return snooze_until(slots.text or "20m", start)


async def _owned_delivery(ctx: Context, arg: str) -> tuple[Delivery, Reminder] | None:
    delivery = await ctx.store.deliveries.get(int(arg)) if arg.isdigit() else None
    if delivery is None or delivery.user_id != ctx.user.id:
        return None
    reminder = await ctx.store.reminders.by_id(delivery.ref_id)
    if reminder is None or reminder.user_id != ctx.user.id:
        return None
    return delivery, reminder


@registry.action(DONE_ACTION)
async def done_pressed(ctx: Context, arg: str) -> Reply:
    owned = await _owned_delivery(ctx, arg)
    if owned is None:
        return Reply("That reminder no longer exists.", toast="That reminder no longer exists.")
    delivery, reminder = owned
    await ctx.store.deliveries.acknowledge(delivery.id, ctx.services.clock.now())
    if await mark_done(ctx.store, reminder):
        ctx.services.wake()
    return Reply(f"✓ {reminder.text} — done", toast="Done")


@registry.action(SNOOZE_ACTION)
async def snooze_pressed(ctx: Context, arg: str) -> Reply:
    delivery_arg, _, code = arg.partition(".")
    owned = await _owned_delivery(ctx, delivery_arg)
    if owned is None or code not in SNOOZE_CHOICES:
        return Reply("That reminder no longer exists.", toast="That reminder no longer exists.")
    return await _snooze_delivery(ctx, *owned, snooze_until(code, ctx.now()))


async def _snooze_delivery(
    ctx: Context, delivery: Delivery, reminder: Reminder | None, until: datetime | None
) -> Reply:
    if reminder is None or not live(reminder):
        return Reply("That reminder was cancelled.", toast="That reminder was cancelled.")
    if until is None:
        return Reply("For how long? For example: snooze 45m")
    await ctx.store.deliveries.acknowledge(delivery.id, ctx.services.clock.now())
    await put_off(ctx.store, reminder, until)
    ctx.services.wake()
    later = duration_text(until - ctx.now())
    at = when_text(until, ctx.tz, ctx.now())
    return Reply(f"⏰ {reminder.text} — snoozed until {at}", toast=f"Snoozed for {later}")
