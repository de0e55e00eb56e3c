"""`/find WORDS`: notes, tasks, reminders and events that mention the words, best first."""

from __future__ import annotations

from bot import texts
from bot.context import Context
from bot.handlers.events import event_line
from bot.handlers.notes import note_line
from bot.handlers.reminders import reminder_line
from bot.handlers.tasks import task_line
from bot.messages import Reply
from bot.models import Found, Note, Reminder, Task
from bot.nlu import Domain
from bot.references import close_items, item_label, key_words
from bot.registry import Registry

registry = Registry()

MAX_FOUND = 10
_EVERY_KIND = (Domain.NOTES, Domain.TASKS, Domain.REMINDERS, Domain.EVENTS)


@registry.command("find", "/find WORDS", "search your notes, tasks, reminders and events")
async def find(ctx: Context, text: str) -> Reply:
    query = text.strip()
    if not query:
        return Reply(texts.FIND_WHAT)
    found = await ctx.store.search.find(ctx.user.id, key_words(query), limit=MAX_FOUND)
    if found:
        return Reply("Found:\n" + "\n".join(found_line(ctx, item) for item in found))
    close = await close_items(ctx, query, _EVERY_KIND)
    if not close:
        return Reply(
            f"Nothing of yours mentions “{query[:100]}”: no note, task, reminder or event."
        )
    return Reply(
        f"Nothing says “{query[:100]}” word for word. The closest:\n"
        + "\n".join(item_label(ctx, item) for item in close[:MAX_FOUND])
    )


def found_line(ctx: Context, item: Found) -> str:
    """The item as its own listing shows it, after its kind: 'Task 2. renew passport'."""
    if isinstance(item, Note):
        return f"Note {note_line(item)}"
    if isinstance(item, Task):
        return f"Task {task_line(item, ctx)}"
    if isinstance(item, Reminder):
        return f"Reminder {reminder_line(item, ctx)}"
    return f"Event {event_line(item, ctx)}"
