"""`/edit [task|note|event] N [WHEN] [| TEXT]`: change an item's time, its words, or both.

N is the number the item's listing shows; without a kind it is a reminder's, as in
/reminders. WHEN alone moves the item (as "move reminder 3 to 10am" does: "10am" keeps its
day, "friday" its hour), "| TEXT" alone changes its words, both change both. An event's TEXT
may name a place ("Team dinner @ Luigi's", or just "@ Luigi's") and its WHEN may be a length
("for 2h"). A time that cannot be read changes nothing.
"""

from __future__ import annotations

import re
from datetime import timedelta

from bot.context import Context
from bot.handlers.common import on_item
from bot.handlers.events import change_event
from bot.handlers.notes import on_notes
from bot.handlers.reminder_edits import change_reminder
from bot.handlers.tasks import change_task
from bot.messages import Reply
from bot.nlu import Action, Domain, Frame, Ref, Slots
from bot.nlu.refs import read_ref
from bot.registry import FrameHandler, Registry
from bot.timeparse import parse_duration, parse_when, strip_span

registry = Registry()

USAGE = """Change an item by the number its list shows:
/edit 3 tomorrow 9:00 — move reminder 3
/edit 3 | call mum — change its words
/edit 3 friday 17:00 | call mum — both
/edit task 2 friday · /edit task 2 | buy oat milk
/edit note 1 | Trip: pack passport
/edit event 2 16:00 · /edit event 2 for 2h · /edit event 2 | Team dinner @ Luigi's"""

_CHANGES: dict[Domain, FrameHandler] = {
    Domain.REMINDERS: change_reminder,
    Domain.TASKS: change_task,
    Domain.NOTES: on_notes,
    Domain.EVENTS: change_event,
}
# How /edit names each kind before its number; a reminder goes by its number alone.
_NAMES = {Domain.TASKS: "task ", Domain.EVENTS: "event ", Domain.NOTES: "note "}
_BARE_HOUR = re.compile(r"^\d{1,2}$")
_LENGTH = re.compile(r"^(?:for\s+)?(?P<d>.+)$", re.I)
_LEFTOVER = " ,.;:-–—"


@registry.command("edit", "/edit [task|note|event] N [WHEN] [| TEXT]", "change an item")
async def edit(ctx: Context, text: str) -> Reply:
    head, bar, words = text.partition("|")
    found = _numbered(head)
    if found is None:
        return Reply(USAGE)
    said_ref, said = found
    kind = said_ref.kind or Domain.REMINDERS
    ref = Ref(number=said_ref.number, kind=kind)
    words = words.strip()
    if kind is Domain.NOTES and not bar:
        said, words = "", said  # a note has no time: all of it is its words
    if not said and not words:
        return await on_item(ctx, Frame(kind, Action.EDIT, Slots(ref=ref)), _unsaid)
    slots = Slots(ref=ref, text=words[:1000])
    if kind is Domain.EVENTS and "@" in words:
        title, _, place = words.partition("@")
        slots = Slots(ref=slots.ref, text=title.strip()[:300], place=place.strip()[:300])
    if said:
        timed = _timed(ctx, kind, said, slots)
        if isinstance(timed, Reply):
            return timed
        slots = timed
    return await on_item(ctx, Frame(kind, Action.EDIT, slots), _CHANGES[kind])


async def _unsaid(ctx: Context, frame: Frame) -> Reply:
    """An item named with nothing to change: how to say what."""
    number = frame.slots.ref.number if frame.slots.ref else None
    item = f"{_NAMES.get(frame.domain, '')}{number}"
    return Reply(
        "What should change? Send the new time, the new words after a bar, or both: "
        f"/edit {item} 10:00 · /edit {item} | new words"
    )


def _numbered(head: str) -> tuple[Ref, str] | None:
    """The item's reference ("3", "task 2") and the words after it, or None without a number."""
    words = head.split()
    for size in (1, 2):
        ref = read_ref(" ".join(words[:size])) if len(words) >= size else None
        if ref is not None and ref.number is not None:
            return ref, " ".join(words[size:])
    return None


def _timed(ctx: Context, kind: Domain, said: str, slots: Slots) -> Slots | Reply:
    """The slots with the new time (or an event's new length), or why `said` is no time."""
    number = slots.ref.number if slots.ref else None
    item = _NAMES.get(kind, "")
    if kind is Domain.NOTES:
        return Reply(f"A note has no time. To change its words: /edit note {number} | new words")
    if kind is Domain.EVENTS and (length := _length(said)) is not None:
        return Slots(ref=slots.ref, text=slots.text, place=slots.place, duration=length)
    # "/edit 3 10": a bare hour is a clock time.
    text = f"at {said}" if _BARE_HOUR.match(said) else said
    when = parse_when(text, now=ctx.now(), tz=ctx.user.timezone, languages=ctx.languages)
    if when is None:
        return Reply(
            f"I couldn't read a time in “{said[:100]}”, so nothing was changed. For example: "
            f"/edit {item}{number} tomorrow 9:00 — or, to change the words: "
            f"/edit {item}{number} | {said[:100]}"
        )
    rest = strip_span(text, when).strip(_LEFTOVER)
    if rest:
        return Reply(
            f"I read “{when.text}” as the time, but not “{rest[:100]}”, so nothing was changed. "
            f"To change the words too, put them after a bar: "
            f"/edit {item}{number} {when.text} | {rest[:100]}"
        )
    return Slots(ref=slots.ref, text=slots.text, place=slots.place, when=when)


def _length(said: str) -> timedelta | None:
    match = _LENGTH.match(said.strip())
    return parse_duration(match["d"]) if match else None
