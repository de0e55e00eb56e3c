"""Notes: write, list, search and delete."""

from __future__ import annotations

import re

from bot.context import Context
from bot.handlers.common import missing, number_in, strip_prefix
from bot.messages import Reply
from bot.models import Note
from bot.registry import Registry

registry = Registry()

MAX_TITLE = 60
_ADD_PREFIX = (
    r"(?:please\s+)?(?:add|make|take|create|save|new|write)\s+(?:a\s+)?note(?:\s+that)?|"
    r"note(?:\s+that)?|(?:please\s+)?remember(?:\s+that)?|jot\s+down|write\s+down"
)
_LIST = re.compile(
    r"^(?:(?:list|show|see|view|display|read)\s+(?:me\s+)?(?:all\s+)?(?:of\s+)?(?:my\s+)?notes|"
    r"(?:my\s+)?notes|what\s+(?:notes\s+do\s+i\s+have|are\s+my\s+notes))\W*$",
    re.I,
)
_SEARCH = re.compile(
    r"^(?:search|find|look\s+up|look\s+for|grep)\s+(?:in\s+|through\s+)?(?:my\s+)?notes?\s+"
    r"(?:for\s+|about\s+)?(.+)$|^(?:find|search)\s+(.+?)\s+in\s+(?:my\s+)?notes\W*$",
    re.I,
)
_DELETE = re.compile(r"^(?:delete|remove|del|drop|forget)\s+note\s+#?(\d+)\W*$", re.I)
_WORD = re.compile(r"\w+")


def _line(note: Note) -> str:
    title = f"{note.title}: " if note.title else ""
    return f"{note.number}. {title}{note.body}"


def split_title(text: str) -> tuple[str, str]:
    """'Trip: pack passport' → ('Trip', 'pack passport'); no short title → ('', text)."""
    title, sep, body = text.partition(":")
    if sep and body.strip() and 0 < len(title.strip()) <= MAX_TITLE and "\n" not in title:
        return title.strip(), body.strip()
    return "", text.strip()


@registry.command("note", "/note [TITLE:] TEXT", "save a note")
async def add_note(ctx: Context, text: str) -> Reply:
    title, body = split_title(text)
    if not body:
        return Reply("What should the note say? For example: /note Trip: pack passport")
    note = await ctx.store.notes.add(ctx.user.id, title, body[:20_000])
    return Reply(f"Saved note {_line(note)}")


@registry.command("notes", "/notes", "list your notes")
async def list_notes(ctx: Context, _: str) -> Reply:
    notes = await ctx.store.notes.list(ctx.user.id)
    if not notes:
        return Reply("You have no notes yet. Write one with: note Trip: pack passport")
    return Reply("Your notes:\n" + "\n".join(_line(n) for n in notes))


@registry.command("find", "/find WORDS", "search your notes")
async def find_notes(ctx: Context, text: str) -> Reply:
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return Reply("What should I look for? For example: /find passport")
    notes = await ctx.store.notes.search(ctx.user.id, words)
    if not notes:
        return Reply(f"No notes mention “{text.strip()}”.")
    return Reply("Found:\n" + "\n".join(_line(n) for n in notes))


@registry.command("delnote", "/delnote N", "delete note N")
async def delete_note(ctx: Context, text: str) -> Reply:
    number = number_in(text)
    note = None if number is None else await ctx.store.notes.delete(ctx.user.id, number)
    if note is None:
        return missing("note", number, "/notes", "/delnote 2")
    return Reply(f"Deleted note: {_line(note)}")


@registry.intent("notes")
async def notes_in_words(ctx: Context, text: str) -> Reply:
    if match := _DELETE.match(text):
        return await delete_note(ctx, match.group(1))
    if match := _SEARCH.match(text):
        return await find_notes(ctx, match.group(1) or match.group(2))
    if _LIST.match(text):
        return await list_notes(ctx, "")
    return await add_note(ctx, strip_prefix(text, _ADD_PREFIX))
