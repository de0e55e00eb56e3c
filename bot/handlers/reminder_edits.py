"""An edit of a reminder: of a repeating one, for the next occurrence only or the series.

`/edit N …` arrives here with the new time (`when`) and words (`text`). A one-off reminder
changes at once; of a repeating one the person is asked first, with two buttons signed for
them. "Just this one" makes the next occurrence a reminder of its own, at the new time or with
the new words, and the series skips it; "The whole series" moves and renames the series, as
"move reminder 3 to 10am" does.
"""

from __future__ import annotations

import secrets

from bot import texts
from bot.context import Context
from bot.formatting import when_text
from bot.handlers.common import missing, moved_to
from bot.handlers.reminders import moved_reminder, put_reminder, reminder_line, repeats
from bot.messages import Reply, Target
from bot.models import Reminder, ReminderStatus
from bot.nlu import Domain, Frame
from bot.recurrence import next_occurrence
from bot.references import remember
from bot.registry import Registry

registry = Registry()

EDIT_ACTION, ONE, SERIES = "ed", "1", "s"


async def change_reminder(ctx: Context, frame: Frame) -> Reply:
    """`/edit`: the reminder's time (`when`), its words (`text`), or both.

    Of a repeating reminder, whether the change is for the next occurrence only or for the
    whole series is asked first, with buttons; a new repeat in the words is the series'.
    """
    number = frame.slots.ref.number if frame.slots.ref else None
    reminder = await ctx.store.reminders.get(ctx.user.id, number) if number else None
    if reminder is None:
        return missing("reminder", number, "/reminders", "/edit 2 10:00")
    when = frame.slots.when
    # A paused series, or a new repeat, can only change as a whole.
    whole = reminder.status is ReminderStatus.PAUSED or (when is not None and when.rrule)
    if reminder.rrule is None or whole:
        return await _change_series(ctx, frame, reminder)
    code = secrets.token_urlsafe(6)
    ctx.services.edits[ctx.user.id] = (code, frame)
    at = when_text(reminder.due_at, ctx.tz, ctx.now(), dated=True)
    buttons = (
        (
            ctx.button("Just this one", EDIT_ACTION, f"{ONE}.{code}"),
            ctx.button("The whole series", EDIT_ACTION, f"{SERIES}.{code}"),
        ),
    )
    return Reply(
        f"“{reminder.text}” repeats ({repeats(reminder)}). Change just the next one, "
        f"{at}, or the whole series?",
        buttons=buttons,
    )


@registry.action(EDIT_ACTION)
async def edit_pressed(ctx: Context, arg: str) -> Reply:
    choice, _, code = arg.partition(".")
    asked = ctx.services.edits.get(ctx.user.id)
    if asked is None or asked[0] != code or choice not in (ONE, SERIES):
        return Reply(texts.EDIT_LOST, toast=texts.EDIT_LOST)
    del ctx.services.edits[ctx.user.id]
    frame = asked[1]
    number = frame.slots.ref.number if frame.slots.ref else None
    reminder = await ctx.store.reminders.get(ctx.user.id, number) if number else None
    if reminder is None:
        return missing("reminder", number, "/reminders", "/reminders")
    if choice == SERIES:
        return await _change_series(ctx, frame, reminder)
    return await _change_one(ctx, frame, reminder)


async def _change_series(ctx: Context, frame: Frame, reminder: Reminder) -> Reply:
    """The reminder itself changes: a repeating one as a series. The time is checked first."""
    moved = None if frame.slots.when is None else moved_reminder(ctx, frame, reminder)
    if isinstance(moved, Reply):
        return moved
    changed: Reminder | None = reminder
    if frame.slots.text:
        changed = await ctx.store.reminders.rename(ctx.user.id, reminder.number, frame.slots.text)
    if changed is not None and moved is not None:
        changed = await put_reminder(ctx, changed, *moved)
    if changed is None:
        return missing("reminder", reminder.number, "/reminders", "/reminders")
    return Reply(f"Changed reminder {reminder_line(changed, ctx, dated=True)}")


async def _change_one(ctx: Context, frame: Frame, reminder: Reminder) -> Reply:
    """The next occurrence becomes a reminder of its own; the series skips it and goes on."""
    assert reminder.rrule is not None
    after = max(reminder.occurrence_at, ctx.services.clock.now())
    following = next_occurrence(reminder.rrule, reminder.anchor_at, reminder.timezone, after)
    if following is None:
        return await _change_series(ctx, frame, reminder)  # the last one is the whole series
    at = reminder.due_at
    if frame.slots.when is not None:
        moved = moved_to(ctx, frame, reminder.due_at, f"/edit {reminder.number} 10:00")
        if isinstance(moved, Reply):
            return moved
        at = moved
    target = Target(reminder.channel, reminder.chat_id)
    text = frame.slots.text or reminder.text
    one = await ctx.store.reminders.add(ctx.user.id, text, at, None, reminder.timezone, target)
    if reminder.urgent:
        await ctx.store.voice.mark_urgent(ctx.user.id, one.id)
    series = await ctx.store.reminders.reschedule(reminder.id, following)
    ctx.services.wake()
    remember(ctx, Domain.REMINDERS, one.number)
    goes_on = f"\nThe series goes on: {reminder_line(series, ctx, dated=True)}" if series else ""
    return Reply(
        f"Changed just this one, now reminder {reminder_line(one, ctx, dated=True)}{goes_on}"
    )
