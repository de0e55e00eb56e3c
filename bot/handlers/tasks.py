"""Tasks: add, list, complete, edit and delete, by command or in plain words."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from bot import texts
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
from bot.handlers.reminders import SNOOZE_CHOICES, MakeButton, delivery_buttons, snooze_until
from bot.messages import Keyboard, Reply
from bot.models import Delivery, DeliveryKind, Task
from bot.nlu import Action, Domain, Frame
from bot.nlu.finished import DONE
from bot.references import remember
from bot.registry import Registry
from bot.timeparse import describe_rrule

registry = Registry()

TASK_DONE_ACTION, TASK_SNOOZE_ACTION = "td", "ts"
GONE_TASK = "That task is done or no longer exists."


def _repeats(task: Task) -> str:
    return f", {describe_rrule(task.rrule, timezone=task.timezone)}" if task.rrule else ""


def task_line(task: Task, ctx: Context, *, dated: bool = False) -> str:
    due = f" (due {when_text(task.due_at, ctx.tz, ctx.now(), dated=dated)})" if task.due_at else ""
    return f"{task.number}. {task.text}{due}"


@registry.command("task", "/task TEXT [WHEN]", "add a task", "todo", "add")
async def add_task(ctx: Context, text: str) -> Reply:
    return await _add(ctx, ctx.read(text, domain=Domain.TASKS, action=Action.CREATE))


# How many completed tasks `/tasks done` shows.
DONE_SHOWN = 20
_DONE_WORDS = frozenset({"done", "completed", "complete", "finished"})


@registry.command("tasks", "/tasks [done]", "list your open tasks, or those done lately", "todos")
async def list_tasks(ctx: Context, text: str) -> Reply:
    if text.strip().lower() in _DONE_WORDS:
        return await list_done(ctx)
    tasks = await ctx.store.tasks.list_open(ctx.user.id)
    if not tasks:
        return Reply("Your task list is empty. Add one with: add task buy milk")
    return Reply("Your tasks:\n" + "\n".join(task_line(t, ctx) for t in tasks))


async def list_done(ctx: Context, span: tuple[datetime, datetime] | None = None) -> Reply:
    """The tasks completed lately, or in `span` ("what did I finish this week")."""
    tasks = await ctx.store.tasks.list_done(ctx.user.id, DONE_SHOWN, span)
    when = "" if span is None else f" {_days(ctx, *span)}"
    if not tasks:
        return Reply(f"You haven't completed any task{when or ' yet'}.")
    lines = [
        f"✓ {t.text}" + (f" (done {when_text(t.done_at, ctx.tz, ctx.now())})" if t.done_at else "")
        for t in tasks
    ]
    return Reply(f"Done{when or ' lately'}:\n" + "\n".join(lines))


def _days(ctx: Context, start: datetime, end: datetime) -> str:
    """'today', 'yesterday', 'on Tue 3 Mar', 'between Mon 2 Mar and Sun 8 Mar'."""
    first, last = start.astimezone(ctx.tz), (end - timedelta(seconds=1)).astimezone(ctx.tz)
    today = ctx.now().date()
    if last.date() > first.date():
        return f"between {first:%a} {first.day} {first:%b} and {last:%a} {last.day} {last:%b}"
    if today - first.date() in (timedelta(0), timedelta(days=1)):
        return "today" if first.date() == today else "yesterday"
    return f"on {first:%a} {first.day} {first:%b}"


@registry.command("done", "/done N", "mark task N done")
async def complete_task(ctx: Context, text: str) -> Reply:
    return await _on_task(ctx, text, Action.COMPLETE, "/done 2")


@registry.command("deltask", "/deltask N", "delete task N")
async def delete_task(ctx: Context, text: str) -> Reply:
    return await _on_task(ctx, text, Action.DELETE, "/deltask 2")


@registry.command("edittask", "/edittask N TEXT", "change the text of task N")
async def edit_task(ctx: Context, text: str) -> Reply:
    frame = ctx.read(text, domain=Domain.TASKS, action=Action.EDIT)
    if frame.slots.ref is None or not frame.slots.text:
        return Reply("Give the number and the new text, like: /edittask 2 buy oat milk")
    return await on_item(ctx, frame, on_tasks)


async def _on_task(ctx: Context, text: str, action: Action, example: str) -> Reply:
    frame = ctx.read(text, domain=Domain.TASKS, action=action)
    if frame.slots.ref is None:
        return missing("open task", None, "/tasks", example)
    return await on_item(ctx, frame, on_tasks)


@registry.frame(Domain.TASKS)
async def on_tasks(ctx: Context, frame: Frame) -> Reply:
    """A task frame; an item's reference is already pinned to its number."""
    if frame.action is Action.CREATE:
        return await _add(ctx, frame)
    if frame.action is Action.LIST and frame.slots.text == DONE:
        return await list_done(ctx, frame.slots.span)
    if frame.action in (Action.LIST, Action.SEARCH, Action.AGENDA_QUERY):
        return await list_tasks(ctx, "")
    number = frame.slots.ref.number if frame.slots.ref else None
    if number is None:
        return missing("open task", None, "/tasks", "done 2")
    now = ctx.services.clock.now()
    if frame.action is Action.COMPLETE:
        task = await ctx.store.tasks.complete(ctx.user.id, number, now)
        ctx.services.wake()
        return _said(task, number, lambda t: _done_text(t, ctx))
    if frame.action in (Action.DELETE, Action.CANCEL):
        task = await ctx.store.tasks.delete(ctx.user.id, number)
        ctx.services.wake()
        return _said(task, number, lambda t: f"Deleted task: {t.text}")
    if frame.action is Action.EDIT and frame.slots.text:
        task = await ctx.store.tasks.edit(ctx.user.id, number, frame.slots.text[:1000])
        return _said(task, number, lambda t: f"Task {t.number} is now: {t.text}")
    if frame.action is Action.MOVE:
        return await _move(ctx, frame, number)
    task = await ctx.store.tasks.get(ctx.user.id, number)
    return _said(task, number, lambda t: f"Task {task_line(t, ctx)}")


async def _move(ctx: Context, frame: Frame, number: int) -> Reply:
    task = await ctx.store.tasks.get(ctx.user.id, number)
    if task is None:
        return missing("open task", number, "/tasks", "/tasks")
    moved = _moved(ctx, frame, task)
    if isinstance(moved, Reply):
        return moved
    changed = await _put(ctx, task, *moved)
    return _said(
        changed, number, lambda t: f"Moved task {task_line(t, ctx, dated=True)}{_repeats(t)}"
    )


def _moved(ctx: Context, frame: Frame, task: Task) -> tuple[datetime, str | None] | Reply:
    """Where a move puts the task, and a repeat said in the words.

    A repeating task moves only its current occurrence.
    """
    example = f"move task {task.number} to friday"
    return moved_series(ctx, frame, task.due_at, None, task.timezone, example)


async def _put(ctx: Context, task: Task, due: datetime, rule: str | None) -> Task | None:
    now = ctx.services.clock.now()
    target = await delivery_target(ctx)
    changed = await ctx.store.tasks.set_due(
        ctx.user.id, task.number, due, now=now, rrule=rule, target=target
    )
    ctx.services.wake()
    return changed


async def change_task(ctx: Context, frame: Frame) -> Reply:
    """`/edit`: the task's due time (`when`), its words (`text`), or both.

    The time is checked before anything changes.
    """
    number = frame.slots.ref.number if frame.slots.ref else None
    task = await ctx.store.tasks.get(ctx.user.id, number) if number else None
    if task is None:
        return missing("open task", number, "/tasks", "/edit task 2 friday")
    moved = None if frame.slots.when is None else _moved(ctx, frame, task)
    if isinstance(moved, Reply):
        return moved
    changed: Task | None = task
    if frame.slots.text:
        changed = await ctx.store.tasks.edit(ctx.user.id, task.number, frame.slots.text)
    if changed is not None and moved is not None:
        changed = await _put(ctx, changed, *moved)
    return _said(
        changed, task.number, lambda t: f"Changed task {task_line(t, ctx, dated=True)}{_repeats(t)}"
    )


def task_buttons(make: MakeButton, delivery_id: int) -> Keyboard:
    """On a due task's notice: Done ticks it off, the snoozes bring the notice back later."""
    return delivery_buttons(make, delivery_id, TASK_DONE_ACTION, TASK_SNOOZE_ACTION)


async def _owned_notice(ctx: Context, arg: str) -> tuple[Delivery, Task] | None:
    delivery = await ctx.store.deliveries.get(int(arg)) if arg.isdigit() else None
    if (
        delivery is None
        or delivery.user_id != ctx.user.id
        or delivery.kind is not DeliveryKind.TASK
    ):
        return None
    task = await ctx.store.tasks.by_id(delivery.ref_id)
    if task is None or task.user_id != ctx.user.id or task.done:
        return None
    return delivery, task


@registry.action(TASK_DONE_ACTION)
async def task_done_pressed(ctx: Context, arg: str) -> Reply:
    owned = await _owned_notice(ctx, arg)
    if owned is None:
        return Reply(GONE_TASK, toast=GONE_TASK)
    delivery, task = owned
    now = ctx.services.clock.now()
    await ctx.store.deliveries.acknowledge(delivery.id, now)
    done = await ctx.store.tasks.complete(ctx.user.id, task.number, now)
    ctx.services.wake()
    return Reply(_done_text(done or task, ctx), toast="Done")


@registry.action(TASK_SNOOZE_ACTION)
async def task_snooze_pressed(ctx: Context, arg: str) -> Reply:
    delivery_arg, _, code = arg.partition(".")
    owned = await _owned_notice(ctx, delivery_arg)
    until = snooze_until(code, ctx.now()) if code in SNOOZE_CHOICES else None
    if owned is None or until is None:
        return Reply(GONE_TASK, toast=GONE_TASK)
    delivery, task = owned
    await ctx.store.deliveries.acknowledge(delivery.id, ctx.services.clock.now())
    await ctx.store.deliveries.repeat_later(delivery.id, until)
    ctx.services.wake()
    at = when_text(until, ctx.tz, ctx.now())
    later = duration_text(until - ctx.now())
    return Reply(f"☐ {task.text} — snoozed until {at}", toast=f"Snoozed for {later}")


def _done_text(task: Task, ctx: Context) -> str:
    """A repeating task stays open, due again at its next occurrence."""
    if task.done or task.due_at is None:
        return f"Done: {task.text} ✓"
    return f"Done: {task.text} ✓ — next: {when_text(task.due_at, ctx.tz, ctx.now())}"


def _said(task: Task | None, number: int, say: Callable[[Task], str]) -> Reply:
    if task is None:
        return missing("open task", number, "/tasks", "/tasks")
    return Reply(say(task))


async def _add(ctx: Context, frame: Frame) -> Reply:
    slots = frame.slots
    if unreal := unreal_time_reply(frame):
        return unreal
    if not slots.text:
        return Reply("What's the task? For example: add task buy milk tomorrow")
    due = None
    if slots.when is not None:
        if slots.when.start < ctx.now():
            return past_reply(ctx, slots.when)
        due = slots.when.start
    rule = slots.when.rrule if slots.when else None
    lines = []
    try:
        target = await delivery_target(ctx)
        for text in slots.items or (slots.text,):
            task = await ctx.store.tasks.add(
                ctx.user.id,
                text[:1000],
                due,
                rule,
                ctx.user.timezone,
                now=ctx.services.clock.now(),
                target=target,
            )
            lines.append(task_line(task, ctx, dated=True))
    except ValueError:
        return Reply(texts.NO_REPEAT_TO_COME)
    if task.due_at is not None:
        ctx.services.wake()
    remember(ctx, Domain.TASKS, task.number)
    if len(lines) > 1:
        return Reply("Added tasks:\n" + "\n".join(lines))
    return Reply(f"Added task {lines[0]}{_repeats(task)}")
