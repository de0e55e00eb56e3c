"""Notes: write, list, search by their words (`/find` searches every kind), and delete."""

from __future__ import annotations

import re

from bot import texts
from bot.context import Context
from bot.handlers.common import missing, on_item
from bot.messages import Reply
from bot.models import ItemKind, Note
from bot.nlu import Action, Domain, Frame
from bot.references import close_items, item_label, key_words, remember
from bot.registry import Registry

registry = Registry()

MAX_TITLE = 60
_COLON = re.compile(r"(?<!\d):|:(?!\d)")
MAX_FOUND = 10


def note_line(note: Note) -> str:
    title = f"{note.title}: " if note.title else ""
    return f"{note.number}. {title}{note.body}"


def split_title(text: str) -> tuple[str, str]:
    """'Trip: pack passport' → ('Trip', 'pack passport'); no short title → ('', text)."""
    # A colon between digits is a clock time ("departs 10:40"), not the end of a title.
    colon = _COLON.search(text)
    title, body = (text[: colon.start()], text[colon.end() :]) if colon else ("", "")
    if body.strip() and 0 < len(title.strip()) <= MAX_TITLE and "\n" not in title:
        return title.strip(), body.strip()
    return "", text.strip()


@registry.command("note", "/note [TITLE:] TEXT", "save a note")
async def add_note(ctx: Context, text: str) -> Reply:
    return await _add(ctx, text)


async def _add(ctx: Context, text: str) -> Reply:
    title, body = split_title(text)
    if not body:
        return Reply("What should the note say? For example: note Trip: pack passport")
    note = await ctx.store.notes.add(ctx.user.id, title, body[:20_000])
    remember(ctx, Domain.NOTES, note.number)
    return Reply(f"Saved note {note_line(note)}")


@registry.command("notes", "/notes", "list your notes")
async def list_notes(ctx: Context, _: str) -> Reply:
    notes = await ctx.store.notes.list(ctx.user.id)
    if not notes:
        return Reply("You have no notes yet. Write one with: note Trip: pack passport")
    return Reply("Your notes:\n" + "\n".join(note_line(n) for n in notes))


async def _find(ctx: Context, query: str) -> Reply:
    """Notes by their words (stemmed, best first); failing that, loosely: typos forgiven."""
    query = query.strip()
    if not query:
        return Reply(texts.FIND_WHAT)
    kinds = (ItemKind.NOTE,)
    found = await ctx.store.search.find(ctx.user.id, key_words(query), kinds, MAX_FOUND)
    notes = [n for n in found if isinstance(n, Note)]
    if notes:
        return Reply("Found:\n" + "\n".join(note_line(n) for n in notes))
    close = await close_items(ctx, query, (Domain.NOTES,))
    if not close:
        return Reply(f"No notes mention “{query[:100]}”.")
    return Reply(
        f"No note says “{query[:100]}” word for word. The closest:\n"
        + "\n".join(item_label(ctx, item) for item in close[:MAX_FOUND])
    )


@registry.command("delnote", "/delnote N", "delete note N")
async def delete_note(ctx: Context, text: str) -> Reply:
    frame = ctx.read(text, domain=Domain.NOTES, action=Action.DELETE)
    if frame.slots.ref is None:
        return missing("note", None, "/notes", "/delnote 2")
    return await on_item(ctx, frame, on_notes)


@registry.frame(Domain.NOTES)
async def on_notes(ctx: Context, frame: Frame) -> Reply:
    """A notes frame; an item's reference is already pinned to its number."""
    if frame.action is Action.CREATE:
        return await _add(ctx, frame.slots.text)
    if frame.action is Action.SEARCH:
        return await _find(ctx, frame.slots.text)
    number = frame.slots.ref.number if frame.slots.ref else None
    if frame.action in (Action.DELETE, Action.CANCEL) and number is not None:
        note = await ctx.store.notes.delete(ctx.user.id, number)
        if note is None:
            return missing("note", number, "/notes", "/delnote 2")
        return Reply(f"Deleted note: {note_line(note)}")
    if frame.action in (Action.EDIT, Action.APPEND) and number is not None and frame.slots.text:
        return await _write(ctx, number, frame)
    return await list_notes(ctx, "")


async def _write(ctx: Context, number: int, frame: Frame) -> Reply:
    """A note's new words: in place of its text, or after it ("add bananas to my shopping note")."""
    note = next((n for n in await ctx.store.notes.list(ctx.user.id) if n.number == number), None)
    if note is None:
        return missing("note", number, "/notes", "/notes")
    text = frame.slots.text[:4000]
    if frame.action is Action.APPEND:
        title, body = note.title, f"{note.body}\n{text}" if note.body else text
    else:
        title, body = split_title(text) if ":" in text else (note.title, text)
    written = await ctx.store.notes.rewrite(ctx.user.id, number, title, body)
    if written is None:
        return missing("note", number, "/notes", "/notes")
    return Reply(
        f"{'Added to' if frame.action is Action.APPEND else 'Changed'} note {note_line(written)}"
    )
