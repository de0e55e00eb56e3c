"""Your data: `/export` sends everything held about you, `/forget` erases it after a button.

Both answer only in a private chat: an export is personal, and erasing someone should not
start from a group where others can press the button.
"""

from __future__ import annotations

import json
from typing import Any

from bot.context import Context, Services
from bot.handlers.calendar import calendar_file
from bot.handlers.common import private_only
from bot.knowledge.models import user_scope
from bot.messages import Attachment, Reply
from bot.models import User
from bot.registry import Registry

registry = Registry()

EXPORT_FORMAT = "nudge-export"
EXPORT_VERSION = 1
# Sections holding one record (or none) rather than a list.
SINGLE = ("profile", "phone")
_FORGET = "forget"
# What each section is called in the answer to /forget: one of it, several of it.
_LABELS = {
    "identities": ("linked account", "linked accounts"),
    "reminders": ("reminder", "reminders"),
    "tasks": ("task", "tasks"),
    "notes": ("note", "notes"),
    "events": ("event", "events"),
    "rsvps": ("RSVP", "RSVPs"),
    "documents": ("document", "documents"),
    "document_passages": ("document passage", "document passages"),
    "deliveries": ("scheduled message", "scheduled messages"),
    "message_log": ("logged message", "logged messages"),
    "phone": ("phone setting", "phone settings"),
    "calls": ("call record", "call records"),
    "taught_phrases": ("phrase you taught me", "phrases you taught me"),
    "link_codes": ("link code", "link codes"),
}


async def export_data(services: Services, user: User) -> dict[str, Any]:
    """Everything stored about the person, as documented in docs/export.md."""
    sections = await services.store.personal.export(user.id)
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": services.clock.now().isoformat(),
        "user_id": user.id,
    }
    for name, rows in sections.items():
        data[name] = (rows[0] if rows else None) if name in SINGLE else rows
    return data


async def export_files(services: Services, user: User) -> tuple[Attachment, Attachment]:
    """The export as files: the JSON document and the person's calendar."""
    data = await export_data(services, user)
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
    document = Attachment("nudge-export.json", text.encode(), "application/json")
    return document, await calendar_file(services.store, user, services.clock.now())


async def forget_user(services: Services, user_id: int) -> dict[str, int]:
    """Erase the person everywhere: their documents with their vectors, then every row."""
    knowledge = services.knowledge
    scope = user_scope(user_id)
    for document in await knowledge.documents(scope):
        await knowledge.remove(scope, document.number)
    erased = await services.store.personal.forget(user_id)
    services.pending.pop(user_id, None)
    services.edits.pop(user_id, None)
    services.recent.pop(user_id, None)
    services.forgotten.add(user_id)
    return erased


def erased_text(erased: dict[str, int]) -> str:
    counted = []
    for section, count in erased.items():
        if section == "profile":
            continue
        plain = section.replace("_", " ")
        one, many = _LABELS.get(section, (plain, plain))
        counted.append(f"{count} {one if count == 1 else many}")
    return ", ".join(counted) if counted else "nothing else"


_OWN_DATA = "it's about your own data."


@registry.command("export", "/export", "everything I hold about you, as files")
async def export(ctx: Context, _: str) -> Reply:
    if refused := private_only(ctx, "export", _OWN_DATA):
        return refused
    document, calendar = await export_files(ctx.services, ctx.user)
    return Reply(
        "Here is everything I hold about you: one JSON file (its layout is described in "
        "the documentation), and your calendar as an .ics file.",
        files=(document, calendar),
    )


@registry.command("forget", "/forget", "erase everything I hold about you")
async def forget(ctx: Context, _: str) -> Reply:
    if refused := private_only(ctx, "forget", _OWN_DATA):
        return refused
    return Reply(
        "This erases everything I hold about you, on every linked account: reminders, "
        "tasks, notes, events, documents, phone settings and our message history. "
        "It can't be undone. Send /export first for a copy.",
        buttons=(
            (
                ctx.button("Erase everything", _FORGET, "yes"),
                ctx.button("Keep my data", _FORGET, "no"),
            ),
        ),
    )


@registry.action(_FORGET)
async def forget_pressed(ctx: Context, answer: str) -> Reply:
    if answer != "yes":
        return Reply("Nothing was erased.", toast="Kept")
    erased = await forget_user(ctx.services, ctx.user.id)
    ctx.services.wake()
    return Reply(
        f"Erased everything I had about you: {erased_text(erased)}. "
        "I don't know you any more; write any time to start again.",
        toast="Erased",
    )
