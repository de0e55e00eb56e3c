"""Tasks: add, list, complete, edit and delete, by command or in plain words."""

from __future__ import annotations

import re

from bot.context import Context
from bot.formatting import when_text
from bot.handlers.common import (
    find_when,
    missing,
    number_in,
    past_reply,
    strip_prefix,
    unreal_time_reply,
)
from bot.messages import Reply
from bot.models import Task
from bot.registry import Registry
from bot.timeparse import strip_span

registry = Registry()

_ADD_PREFIX = (
    r"(?:please\s+)?(?:add|create|new|put)\s+(?:a\s+)?(?:task|todo|to-do|to do)(?:\s+to\s+my\s+"
    r"(?:list|todo list|tasks))?|(?:add\s+)?(?:task|todo|to-do|to do)|add|i\s+(?:need|have)\s+to"
)
_LIST = re.compile(
    r"\b(?:list|show|what(?:'s| is| are)?|see|view|display|my|open|pending)\b.*\b(?:tasks?|"
    r"todos?|to-?dos?|to do(?: list)?|todo list)\b|^(?:tasks|todos?|to-?do(?: list)?)\??$",
    re.I,
)
_DONE_NUMBER = re.compile(
    r"^(?:done|did|finished|complete[d]?|check(?:ed)?(?:\s+off)?|tick(?:\s+off)?|mark)"
    r"\s+(?:task\s+)?#?(\d+)(?:\s+(?:as\s+)?(?:done|complete|finished))?\W*$",
    re.I,
)
_DONE_NAME = re.compile(
    r"^(?:mark|set)\s+(?:task\s+)?(.+?)\s+(?:as\s+)?(?:done|complete[d]?|finished)\W*$|"
    r"^(?:i\s+)?(?:finished|completed|did)\s+(?:the\s+)?(?:task\s+)?(.+?)\W*$",
    re.I,
)
# A lone number or verb is too little to act on, and never a task worth adding.
_BARE = re.compile(
    r"\s*(?:#?-?\d+|done|did|delete|remove|finished|complete[d]?|mark|task|todo)\W*", re.I
)
_DELETE = re.compile(r"^(?:delete|remove|del|drop)\s+(?:task|todo)\s+#?(\d+)\W*$", re.I)
_EDIT = re.compile(
    r"^(?:edit|change|rename|update)\s+task\s+#?(\d+)\s*(?:to|:)?\s+(.+)$", re.I | re.S
)


def _line(task: Task, ctx: Context) -> str:
    due = f" (due {when_text(task.due_at, ctx.tz, ctx.now())})" if task.due_at else ""
    return f"{task.number}. {task.text}{due}"


@registry.command("task", "/task TEXT [WHEN]", "add a task", "todo", "add")
async def add_task(ctx: Context, text: str) -> Reply:
    text = text.strip()
    if not text:
        return Reply("What's the task? For example: /task buy milk tomorrow")
    if unreal := unreal_time_reply(text):
        return unreal
    when = find_when(ctx, text)
    due = None
    if when is not None:
        if when.start < ctx.now():
            return past_reply(ctx, when)
        text = re.sub(r"\s+by$", "", strip_span(text, when)) or text
        due = when.start
    task = await ctx.store.tasks.add(ctx.user.id, text[:1000], due)
    return Reply(f"Added task {_line(task, ctx)}")


@registry.command("tasks", "/tasks", "list your open tasks", "todos")
async def list_tasks(ctx: Context, _: str) -> Reply:
    tasks = await ctx.store.tasks.list_open(ctx.user.id)
    if not tasks:
        return Reply("Your task list is empty. Add one with: add task buy milk")
    return Reply("Your tasks:\n" + "\n".join(_line(t, ctx) for t in tasks))


@registry.command("done", "/done N", "mark task N done")
async def complete_task(ctx: Context, text: str) -> Reply:
    number = number_in(text)
    task = None
    if number is not None:
        task = await ctx.store.tasks.complete(ctx.user.id, number, ctx.services.clock.now())
    if task is None:
        return missing("open task", number, "/tasks", "/done 2")
    return Reply(f"Done: {task.text} ✓")


@registry.command("deltask", "/deltask N", "delete task N")
async def delete_task(ctx: Context, text: str) -> Reply:
    number = number_in(text)
    task = None if number is None else await ctx.store.tasks.delete(ctx.user.id, number)
    if task is None:
        return missing("open task", number, "/tasks", "/deltask 2")
    return Reply(f"Deleted task: {task.text}")


@registry.command("edittask", "/edittask N TEXT", "change the text of task N")
async def edit_task(ctx: Context, text: str) -> Reply:
    number_text, _, new_text = text.strip().partition(" ")
    number = number_in(number_text)
    if number is None or not new_text.strip():
        return Reply("Give the number and the new text, like: /edittask 2 buy oat milk")
    task = await ctx.store.tasks.edit(ctx.user.id, number, new_text.strip()[:1000])
    if task is None:
        return missing("open task", number, "/tasks", "/edittask 2 buy oat milk")
    return Reply(f"Task {task.number} is now: {task.text}")


@registry.intent("tasks")
async def tasks_in_words(ctx: Context, text: str) -> Reply:
    if _BARE.fullmatch(text):
        return Reply(
            "Which task? Say “done 2”, “delete task 2”, or “add task …”; /tasks lists them."
        )
    if match := _DONE_NUMBER.match(text):
        return await complete_task(ctx, match.group(1))
    if match := _DELETE.match(text):
        return await delete_task(ctx, match.group(1))
    if match := _EDIT.match(text):
        return await edit_task(ctx, f"{match.group(1)} {match.group(2)}")
    if _LIST.search(text) and not re.match(_ADD_PREFIX, text, re.I):
        return await list_tasks(ctx, "")
    if match := _DONE_NAME.match(text):
        return await _complete_by_name(ctx, (match.group(1) or match.group(2)).strip())
    return await add_task(ctx, strip_prefix(text, _ADD_PREFIX))


async def _complete_by_name(ctx: Context, name: str) -> Reply:
    wanted = name.lower().strip("\"'“”")
    tasks = await ctx.store.tasks.list_open(ctx.user.id)
    exact = [t for t in tasks if t.text.lower() == wanted]
    matches = exact or [t for t in tasks if wanted in t.text.lower()]
    if len(matches) == 1:
        return await complete_task(ctx, str(matches[0].number))
    if not matches:
        return Reply(f"I couldn't find an open task like “{name}”. Send /tasks to see them.")
    listing = "\n".join(_line(t, ctx) for t in matches)
    return Reply(f"Several tasks match “{name}”:\n{listing}\nWhich one? Say: done N")
